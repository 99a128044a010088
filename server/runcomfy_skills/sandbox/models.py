"""The emulator's model catalog: which model ids it knows, the entry `GET /v1/models/{id}` returns, and
the schema a submit is checked against.

By default it serves our own tables (in the catalog API's dialect: `format: image_uri`, `float`). A
catalog file (`RUNCOMFY_SANDBOX_CATALOG`, or `Emulator(catalog_file=…)`) can make it differ, the way
RunComfy's real catalog may: `{"models": {"<model id>": <entry> | null}}`, where an entry is what
the catalog API returns (at least `input_schema`) and `null` makes that id answer 404. Ids the file
does not name keep the tables' entry.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from runcomfy_skills.catalog.schema_table import asset_kind
from runcomfy_skills.catalog.skill_docs import Catalog, Route
from runcomfy_skills.catalog.upstream import UpstreamSchemaError, strict_schema


def upstream_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Our JSON Schema in the catalog API's dialect: `format: image_uri|video_uri|audio_uri`, `float`."""

    def convert(prop: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in prop.items() if not k.startswith("x-")}
        if (kind := prop.get("x-asset-kind")) is not None:
            out["format"] = f"{kind}_uri"
        if out.get("type") == "number":
            out["type"] = "float"
        if "items" in out:
            out["items"] = convert(out["items"])
        return out

    return {
        "type": "object",
        "title": "Input schema",
        "required": list(schema.get("required", [])),
        "properties": {name: convert(p) for name, p in schema["properties"].items()},
    }


def table_entry(route: Route) -> dict[str, Any]:
    schema = upstream_schema(route.input_schema)
    return {
        "model_id": route.model_id,
        "display_name": route.title,
        "description": route.description.split("\n", 1)[0],
        "categories": [route.skill],
        "base_price_usd": 0.0,
        "price_unit": "output",
        "inputs": list(schema["properties"]),
        "required_inputs": schema["required"],
        "input_schema": schema,
    }


def read_catalog_file(path: Path) -> dict[str, dict[str, Any] | None]:
    """A catalog file's models; a malformed file fails loudly (it is a test's or an operator's input)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, dict) or not all(v is None or isinstance(v, dict) for v in models.values()):
        raise ValueError(f"{path}: expected {{\"models\": {{\"<model id>\": <entry> | null}}}}")
    return models


class SandboxModels:
    """Thread-safe: the emulator's HTTP thread reads it while a test may swap entries."""

    def __init__(self, catalog: Catalog, catalog_file: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, Any]] = {r.model_id: table_entry(r) for r in catalog.routes}
        self._fallback: dict[str, Route] = {r.model_id: r for r in catalog.routes}
        self._made: dict[str, tuple[dict[str, Any], Draft202012Validator, bool]] = {}  # by id: (entry, check, video)
        if catalog_file is not None:
            self.serve(read_catalog_file(catalog_file))

    def serve(self, models: dict[str, dict[str, Any] | None]) -> None:
        """Replace the entries of these ids (None: the id answers 404 from now on)."""
        with self._lock:
            for model_id, entry in models.items():
                if entry is None:
                    self._entries.pop(model_id, None)
                else:
                    self._entries[model_id] = {"model_id": model_id, **entry}

    def entry(self, model_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._entries.get(model_id)

    def ids(self) -> list[str]:
        with self._lock:
            return list(self._entries)

    def _checks(self, model_id: str) -> tuple[Draft202012Validator, bool] | None:
        """An id's submit check and whether it makes a video; None when the id is unknown (404). Made once per
        entry served: building them cost about 4 ms per submit, most of the emulator's CPU at 5,000 jobs."""
        entry = self.entry(model_id)
        if entry is None:
            return None
        made = self._made.get(model_id)
        if made is None or made[0] is not entry:  # first use, or `serve` replaced the entry since
            try:
                schema = strict_schema(entry)
            except UpstreamSchemaError:  # a deliberately broken entry: judge submits by the table, if any
                route = self._fallback.get(model_id)
                schema = route.input_schema if route else {"type": "object"}
            props = schema.get("properties", {})
            video = any(asset_kind(p) in ("video", "audio") for p in props.values() if isinstance(p, dict))
            made = self._made[model_id] = (entry, Draft202012Validator(schema), video)
        return made[1], made[2]

    def validator(self, model_id: str) -> Draft202012Validator | None:
        """What a submit to this id must match; None when the id is unknown (404)."""
        checks = self._checks(model_id)
        return None if checks is None else checks[0]

    def makes_video(self, model_id: str) -> bool:
        """A model that takes a video or audio file answers with a video; the others with images."""
        checks = self._checks(model_id)
        return checks is not None and checks[1]


def validation_detail(validator: Draft202012Validator, body: Any) -> list[dict[str, Any]]:
    """Upstream-style `detail` list: one entry per problem, `loc` naming the field."""
    detail = []
    for err in sorted(validator.iter_errors(body), key=lambda e: [str(p) for p in e.absolute_path]):
        if err.validator == "required":
            fields = [f for f in err.validator_value if isinstance(body, dict) and f not in body]
            detail += [{"loc": ["body", f], "msg": "Field required", "type": "missing"} for f in fields]
        elif err.validator == "additionalProperties" and isinstance(err.instance, dict):
            extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
            detail += [{"loc": ["body", k], "msg": "Extra inputs are not permitted", "type": "extra"} for k in extra]
        else:
            loc = ["body", *err.absolute_path]
            detail.append({"loc": loc, "msg": err.message[:200], "type": str(err.validator)})
    return detail
