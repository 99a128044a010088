"""Compare our SKILL.md schema tables with RunComfy's live catalog (`GET /models/{id}`).

Several field names in the skill documents are unverified (see their notes). This asks RunComfy
for each route's `input_schema` and names every difference in words a skill author can act on:
a field missing on either side, a type, required flag, enum or default that differs, or a model
id RunComfy does not know. Upstream schemas are loose (`"float"`, `format: image_uri`), so both
sides are normalised to one vocabulary before comparing.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from runcomfy_skills.catalog.skill_docs import Catalog, Route
from runcomfy_skills.errors import SkillError
from runcomfy_skills.runcomfy.client import RunComfyClient

_LOOSE_TYPES = {
    "float": "number", "double": "number", "number": "number", "decimal": "number",
    "int": "integer", "integer": "integer",
    "str": "string", "string": "string", "text": "string",
    "bool": "boolean", "boolean": "boolean",
    "array": "array", "list": "array",
    "object": "object", "dict": "object",
}
_URL_FORMATS = {"image_uri": "image_url", "video_uri": "video_url", "audio_uri": "audio_url"}


class RouteDiff(BaseModel):
    """What differs for one route; `differences` is empty when the tables agree."""

    skill: str
    tool: str
    model_id: str
    found: bool
    differences: list[str]


def _type_name(prop: dict[str, Any]) -> str:
    """One word for a property's type in our vocabulary: string, number, image_url, image_url[] …"""
    raw = prop.get("type")
    if isinstance(raw, list):
        raw = next((t for t in raw if t != "null"), None)
    name = _LOOSE_TYPES.get(str(raw).lower(), str(raw)) if raw is not None else "any"
    if name == "array":
        return _type_name(prop.get("items") or {}) + "[]"
    if kind := prop.get("x-asset-kind"):
        return f"{kind}_url"
    return _URL_FORMATS.get(str(prop.get("format", "")).lower(), name)


def _canon(value: Any) -> Any:
    """Enum/default values comparable across loose typing (2 == 2.0, but "2" stays a string)."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return float(value)


def _properties(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    props = schema.get("properties")
    return {k: v for k, v in props.items() if isinstance(v, dict)} if isinstance(props, dict) else {}


def _enum_line(name: str, mine: list[Any], theirs: list[Any]) -> str | None:
    mine_set, their_set = {_canon(v) for v in mine}, {_canon(v) for v in theirs}
    if mine_set == their_set:
        return None
    only_ours = ", ".join(repr(v) for v in mine if _canon(v) not in their_set)
    only_theirs = ", ".join(repr(v) for v in theirs if _canon(v) not in mine_set)
    return f"`{name}`: enum differs — only ours: [{only_ours}]; only upstream: [{only_theirs}]"


def _field_lines(name: str, mine: dict[str, Any], theirs: dict[str, Any], required: tuple[bool, bool]) -> list[str]:
    """Differences in one field both sides have: type, required flag, enum, default."""
    lines = []
    if (a := _type_name(mine)) != (b := _type_name(theirs)):
        lines.append(f"`{name}`: type differs — ours {a}, upstream {b}")
    if required[0] != required[1]:
        here, there = ("required", "optional") if required[0] else ("optional", "required")
        lines.append(f"`{name}`: {here} in our table, {there} upstream")
    mine_item, their_item = mine.get("items", mine), theirs.get("items", theirs)
    if "enum" in mine_item or "enum" in their_item:
        if line := _enum_line(name, mine_item.get("enum") or [], their_item.get("enum") or []):
            lines.append(line)
    ours_default, their_default = mine.get("default"), theirs.get("default")
    if ours_default is not None and their_default is not None and _canon(ours_default) != _canon(their_default):
        lines.append(f"`{name}`: default differs — ours {ours_default!r}, upstream {their_default!r}")
    return lines


def compare_schemas(ours: dict[str, Any], upstream: dict[str, Any]) -> list[str]:
    """Human-readable differences between our input schema and an upstream one, field by field."""
    ours_props, up_props = _properties(ours), _properties(upstream)
    ours_req, up_req = set(ours.get("required") or []), set(upstream.get("required") or [])
    lines: list[str] = []
    for name in ours_props.keys() - up_props.keys():
        lines.append(f"`{name}`: in our table but missing upstream")
    for name in up_props.keys() - ours_props.keys():
        need = "required" if name in up_req else "optional"
        lines.append(f"`{name}`: upstream ({need}, {_type_name(up_props[name])}) but missing in our table")
    for name in ours_props.keys() & up_props.keys():
        required = (name in ours_req, name in up_req)
        lines += _field_lines(name, ours_props[name], up_props[name], required)
    return sorted(lines)


def _upstream_schema(entry: dict[str, Any]) -> dict[str, Any]:
    """The entry's input_schema, with `required_inputs` standing in when the schema names none."""
    schema = dict(entry.get("input_schema") or {})
    if not schema.get("required") and entry.get("required_inputs"):
        schema["required"] = list(entry["required_inputs"])
    return schema


async def _diff_route(client: RunComfyClient, route: Route) -> RouteDiff:
    common = {"skill": route.skill, "tool": route.tool, "model_id": route.model_id}
    try:
        entry = await client.get_model(route.model_id)
    except SkillError as exc:
        if exc.details.get("http_status") != 404:
            raise
        return RouteDiff(**common, found=False, differences=[f"model id {route.model_id} not found upstream"])
    if not isinstance(entry.get("input_schema"), dict):
        return RouteDiff(**common, found=True, differences=["upstream entry has no input_schema to compare"])
    return RouteDiff(**common, found=True, differences=compare_schemas(route.input_schema, _upstream_schema(entry)))


async def diff_catalog(client: RunComfyClient, catalog: Catalog) -> list[RouteDiff]:
    """One RouteDiff per route, in catalog order. Auth and network failures raise (nothing to compare).

    Routes are fetched one after another: a handful of small GETs needs no concurrency.
    """
    return [await _diff_route(client, route) for route in catalog.routes]
