"""Compare our SKILL.md schema tables with RunComfy's live catalog (`GET /models/{id}`).

Several field names in the skill documents are unverified (see their notes). This asks RunComfy
for each route's `input_schema` (the documented id first, then its fallbacks) and names every
difference in words a skill author can act on, paired the way the server pairs fields
(`binding.pair_fields`: by name, declared alias, then kind): a field the catalog calls differently,
a field missing on either side, a type, required flag, enum or default that differs, a route known
under its fallback id, or one RunComfy does not know. `changes` carries the same for scripts, and
`table_write` turns a diff into an edit of the skill document.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, Field

from runcomfy_skills.catalog.binding import pair_fields
from runcomfy_skills.catalog.live import Fetch
from runcomfy_skills.catalog.skill_docs import Catalog, Route
from runcomfy_skills.catalog.upstream import UpstreamSchemaError, is_node_key, strict_schema, type_name
from runcomfy_skills.errors import SkillError

Change = Literal["model_id", "unknown", "unusable", "renamed", "missing_upstream", "missing_here", "type",
                 "required", "enum", "default"]


class FieldChange(BaseModel):
    """One difference; `field` is our table's name, `live_field` the catalog's."""

    change: Change
    field: str | None = None
    live_field: str | None = None
    ours: Any = None
    theirs: Any = None
    text: str


class RouteDiff(BaseModel):
    """What differs for one route; `differences` is empty when the tables agree."""

    skill: str
    tool: str
    model_id: str
    found: bool
    found_id: str | None = None  # the id the catalog knows the route by
    differences: list[str]
    changes: list[FieldChange] = []
    live_schema: dict[str, Any] | None = Field(default=None, exclude=True)  # strict, for `--write`


def _canon(value: Any) -> Any:
    """Enum/default values comparable across loose typing (2 == 2.0, but "2" stays a string)."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    return float(value)


def _enum(name: str, mine: list[Any], theirs: list[Any]) -> FieldChange | None:
    mine_set, their_set = {_canon(v) for v in mine}, {_canon(v) for v in theirs}
    if mine_set == their_set:
        return None
    only_ours = ", ".join(repr(v) for v in mine if _canon(v) not in their_set)
    only_theirs = ", ".join(repr(v) for v in theirs if _canon(v) not in mine_set)
    return FieldChange(change="enum", field=name, ours=mine, theirs=theirs,
                       text=f"`{name}`: enum differs — only ours: [{only_ours}]; only upstream: [{only_theirs}]")


def _field(name: str, live: str, mine: dict[str, Any], theirs: dict[str, Any],
           required: tuple[bool, bool]) -> list[FieldChange]:
    """Differences in one field both sides have: its name, type, required flag, enum, default."""
    out = []
    common = {"field": name, "live_field": live}
    declared = live in mine.get("x-aliases", [])
    if live != name and not (declared and is_node_key(live)):  # a node key declared as an alias is as documented
        how = ("a declared alias" if declared else "paired by kind") + (", a community node key" if is_node_key(live) else "")
        out.append(FieldChange(change="renamed", **common, text=f"`{name}`: upstream calls it `{live}` ({how})"))
    if "type" in theirs and (a := type_name(mine)) != (b := type_name(theirs)):
        out.append(FieldChange(change="type", **common, ours=a, theirs=b,
                               text=f"`{name}`: type differs — ours {a}, upstream {b}"))
    if required[0] != required[1]:
        here, there = ("required", "optional") if required[0] else ("optional", "required")
        out.append(FieldChange(change="required", **common, ours=required[0], theirs=required[1],
                               text=f"`{name}`: {here} in our table, {there} upstream"))
    mine_item, their_item = mine.get("items", mine), theirs.get("items", theirs)
    if "enum" in mine_item or "enum" in their_item:
        if line := _enum(name, mine_item.get("enum") or [], their_item.get("enum") or []):
            out.append(line.model_copy(update={"live_field": live}))
    ours_default, their_default = mine.get("default"), theirs.get("default")
    if ours_default is not None and their_default is not None and _canon(ours_default) != _canon(their_default):
        out.append(FieldChange(change="default", **common, ours=ours_default, theirs=their_default,
                               text=f"`{name}`: default differs — ours {ours_default!r}, upstream {their_default!r}"))
    return out


def field_changes(ours: dict[str, Any], theirs: dict[str, Any]) -> list[FieldChange]:
    """Every difference between our schema and a strict upstream one (`upstream.strict_schema`)."""
    pairs = pair_fields(ours, theirs)
    mine, live = ours["properties"], theirs["properties"]
    ours_req, up_req = set(ours.get("required") or []), set(theirs.get("required") or [])
    out = [FieldChange(change="missing_upstream", field=n, text=f"`{n}`: in our table but missing upstream")
           for n in mine if n not in pairs]
    for n in live:
        if n not in pairs.values():
            need = "required" if n in up_req else "optional"
            out.append(FieldChange(change="missing_here", live_field=n, theirs=live[n],
                                   text=f"`{n}`: upstream ({need}, {type_name(live[n])}) but missing in our table"))
    for name, their_name in pairs.items():
        out += _field(name, their_name, mine[name], live[their_name], (name in ours_req, their_name in up_req))
    return sorted(out, key=lambda c: c.text)


def compare_schemas(ours: dict[str, Any], upstream: dict[str, Any]) -> list[str]:
    """Human-readable differences between our input schema and an upstream `input_schema`, field by field."""
    try:
        theirs = strict_schema({"input_schema": upstream})
    except UpstreamSchemaError as exc:
        return [f"upstream input_schema is not usable: {exc}"]
    return [c.text for c in field_changes(ours, theirs)]


async def _diff_route(fetch: Fetch, route: Route) -> RouteDiff:
    common = {"skill": route.skill, "tool": route.tool, "model_id": route.model_id}
    for model_id in route.known_ids:
        try:
            entry = await fetch(model_id)
        except SkillError as exc:
            if exc.details.get("http_status") != 404:
                raise
            continue
        changes = []
        if model_id != route.model_id:
            changes.append(FieldChange(change="model_id", ours=route.model_id, theirs=model_id,
                                       text=f"model id: upstream knows this route as {model_id}, not {route.model_id}"))
        try:
            theirs = strict_schema(entry)
        except UpstreamSchemaError as exc:
            changes.append(FieldChange(change="unusable", text=f"upstream input_schema is not usable: {exc}"))
            theirs = None
        changes += field_changes(route.input_schema, theirs) if theirs else []
        return RouteDiff(**common, found=True, found_id=model_id, differences=[c.text for c in changes],
                         changes=changes, live_schema=theirs)
    ids = ", ".join(route.known_ids)
    text = f"model id{'s' if len(route.known_ids) > 1 else ''} {ids} not found upstream"
    return RouteDiff(**common, found=False, differences=[text], changes=[FieldChange(change="unknown", text=text)])


async def diff_catalog(fetch: Fetch, catalog: Catalog) -> list[RouteDiff]:
    """One RouteDiff per route, in catalog order. Auth and network failures raise (nothing to compare).

    `fetch` is the client's `get_model` (the catalog does not import the client). Routes are
    fetched one after another: a handful of small GETs needs no concurrency.
    """
    return [await _diff_route(fetch, route) for route in catalog.routes]
