"""The input-schema table of a route (markdown) → a JSON Schema (draft 2020-12).

Columns: field | aliases | type | required | default | enum / limits | notes (`aliases` may be
left out: the other names public sources use for the field, back-ticked, kept in the property as
`x-aliases` so input under any of them is accepted). Types are the JSON ones
(`string`, `integer`, `number`, `boolean`) plus URL inputs (`image_url`, `video_url`,
`audio_url`) and lists of any of them (`image_url[]`). The limits column holds either an enum of
back-ticked values, `pattern \`regex\``, or a range `a–b` (suffix `chars` for string length,
`items` for list length).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from runcomfy_skills.bounds import excerpt
from runcomfy_skills.catalog.schema_check import passes
from runcomfy_skills.errors import ExitCode, SkillError

COLUMNS = ["field", "aliases", "type", "required", "default", "enum / limits", "notes"]
_LAYOUTS = (COLUMNS, [c for c in COLUMNS if c != "aliases"])
_SCALARS = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
URL_KINDS = {"image_url": "image", "video_url": "video", "audio_url": "audio"}
TYPES = frozenset({*_SCALARS, *URL_KINDS})  # the type column's words (each optionally with [])
_RANGE = re.compile(r"^(-?\d+(?:\.\d+)?)\s*[–-]\s*(-?\d+(?:\.\d+)?)\s*(chars|items)?$")
_PATTERN = re.compile(r"^pattern\s+`([^`]+)`$")
_FIELD = re.compile(r"^[A-Za-z0-9_]+$")  # node-keyed community fields start with a digit ("47_video")

ErrorFactory = Callable[[Path, int, str], Exception]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _typed(value: str, json_type: str, where: str) -> Any:
    value = value.strip("`")
    if json_type == "integer":
        return int(value)
    if json_type == "number":
        return float(value)
    if json_type == "boolean":
        if value not in ("true", "false"):
            raise ValueError(f"{where}: {value!r} is not true or false")
        return value == "true"
    return value


def _property(cells: dict[str, str]) -> dict[str, Any]:
    name, type_text = cells["field"], cells["type"]
    is_list = type_text.endswith("[]")
    base = type_text[:-2] if is_list else type_text
    if base in URL_KINDS:
        item: dict[str, Any] = {"type": "string", "format": "uri", "minLength": 1, "x-asset-kind": URL_KINDS[base]}
        json_type = "string"
    elif base in _SCALARS:
        item = {"type": _SCALARS[base]}
        json_type = _SCALARS[base]
    else:
        raise ValueError(f"type {type_text!r} is not one of {sorted([*_SCALARS, *URL_KINDS])} (optionally with [])")
    prop: dict[str, Any] = {"type": "array", "items": item} if is_list else item

    limits = cells["enum / limits"].strip()
    if limits:
        if m := _PATTERN.match(limits):
            item["pattern"] = m.group(1)
        elif m := _RANGE.match(limits.replace("`", "")):
            low, high, unit = m.groups()
            if unit == "items" or (is_list and unit is None):
                prop["minItems"], prop["maxItems"] = int(low), int(high)
            elif unit == "chars":
                item["minLength"], item["maxLength"] = int(low), int(high)
            else:
                cast = int if json_type == "integer" else float
                item["minimum"], item["maximum"] = cast(low), cast(high)
        elif "`" in limits:
            item["enum"] = [_typed(v, json_type, name) for v in re.findall(r"`([^`]+)`", limits)]
        else:
            raise ValueError(f"limits {limits!r}: use `a`, `b` (enum), pattern `re`, or a–b [chars|items]")
    if default := cells["default"].strip():
        prop["default"] = _typed(default, json_type, name)
    if notes := cells["notes"].strip():
        prop["description"] = notes.replace("`", "")
    if aliases := _aliases(cells.get("aliases", "")):
        prop["x-aliases"] = aliases
    return prop


def _aliases(cell: str) -> list[str]:
    names = re.findall(r"`([^`]+)`", cell) if "`" in cell else [n.strip() for n in cell.split(",") if n.strip()]
    if bad := [n for n in names if not _FIELD.match(n)]:
        raise ValueError(f"alias {bad[0]!r} is not a plain name (letters, digits, _)")
    return names


def parse_schema_table(lines: list[str], start: int, end: int, path: Path, error: ErrorFactory) -> dict[str, Any]:
    """Parse the first markdown table in lines[start:end] (0-based) into an object schema."""
    rows = [(i, line) for i, line in enumerate(lines[start:end], start) if line.lstrip().startswith("|")]
    if len(rows) < 3:
        raise error(path, start + 1, "the input schema table needs a header, a separator and at least one row")
    header_line, header = rows[0][0], [c.lower() for c in _cells(rows[0][1])]
    if header not in _LAYOUTS:
        raise error(path, header_line + 1, f"schema table columns must be {' | '.join(COLUMNS)} (aliases optional)")
    properties: dict[str, Any] = {}
    required: list[str] = []
    names: dict[str, str] = {}  # every accepted name → its field, so two fields never share one
    for i, line in rows[2:]:
        values = _cells(line)
        if len(values) != len(header):
            raise error(path, i + 1, f"schema row has {len(values)} cells, expected {len(header)}")
        cells = dict(zip(header, values))
        name = cells["field"].strip("`")
        cells["field"] = name
        if not _FIELD.match(name):
            raise error(path, i + 1, f"field name {name!r} is not a plain identifier")
        if name in properties:
            raise error(path, i + 1, f"field {name!r} appears twice")
        if cells["required"].lower() not in ("yes", "no"):
            raise error(path, i + 1, f"required must be yes or no, not {cells['required']!r}")
        try:
            properties[name] = _property(cells)
        except ValueError as exc:
            raise error(path, i + 1, f"field {name!r}: {exc}") from None
        for alias in [name, *properties[name].get("x-aliases", [])]:
            if names.setdefault(alias, name) != name:
                raise error(path, i + 1, f"field {name!r}: the name {alias!r} already belongs to {names[alias]!r}")
        if cells["required"].lower() == "yes":
            required.append(name)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def asset_kind(prop: dict[str, Any]) -> str | None:
    """The media kind of a URL property (or list of them); None for other fields."""
    item = prop.get("items", prop)
    return item.get("x-asset-kind")


def _message(error: Any) -> str:
    """jsonschema's message with the offending value cut to an excerpt: a 1 MB argument is not echoed."""
    shown = repr(error.instance)
    text = error.message.replace(shown, excerpt(error.instance)) if len(shown) > 80 else error.message
    return text if len(text) <= 300 else text[:300] + "…"


def require_valid(schema: dict[str, Any], instance: Any, *, subject: str, usage_keys: frozenset[str] = frozenset()) -> None:
    """Raise a SkillError naming the first field that breaks `schema`, and what the schema accepts.

    A bad top-level key in `usage_keys` (the server's own options) is a usage error (64); anything
    else is a data error (65): the input does not match what the model takes.
    """
    if passes(schema, instance):
        return  # the common case, without building jsonschema's validator (schema_check.py)
    from jsonschema import Draft202012Validator  # imported on the first call (or the warm-up), not at start-up

    errors = sorted(Draft202012Validator(schema).iter_errors(instance), key=lambda e: list(e.path))
    if not errors:
        return
    first = errors[0]
    fields = ", ".join(schema.get("properties", {}))
    required = ", ".join(schema.get("required", [])) or "nothing"
    raise SkillError(
        ExitCode.USAGE if first.path and first.path[0] in usage_keys else ExitCode.DATA,
        f"Input does not match {subject}: {_message(first)}",
        where=".".join(map(str, first.path))[:200] or "(top level)",
        hint=f"Accepted fields: {fields}; required: {required}.",
        details={"errors": [f"{'.'.join(map(str, e.path))[:200] or '(top level)'}: {_message(e)}" for e in errors[:10]]},
    )
