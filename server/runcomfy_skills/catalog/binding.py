"""A route as RunComfy's live catalog has it: the skill document's meaning, the catalog's names and limits (pure).

Each field of the route's table is paired with one live field: by its own name, then by a declared
alias, then by kind — the one live file field of the same media kind (`47_video`), the one
node-keyed text field (`33_string`), the one enum sharing a value. A paired field keeps our
description and takes the catalog's type, enum, limits and default; live fields nobody paired are
accepted as they are; table fields the catalog lacks are left out. A mode stays only if the catalog
offers its files (Wan 2.2 Animate may take a video, an audio track, or both). A field we rely on
that has no live partner — a required one, or the files of every mode — makes the route unusable
until its skill document is fixed: the route then carries a `problem` naming both sides.
"""

from __future__ import annotations

import copy
from typing import Any

from jsonschema import Draft202012Validator

from runcomfy_skills.catalog.schema_table import asset_kind
from runcomfy_skills.catalog.skill_docs import Mode, Route, merge_slots
from runcomfy_skills.catalog.upstream import node_kind, type_name

_GROUPS = (("enum",), ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"), ("minLength", "maxLength"),
           ("minItems", "maxItems"), ("pattern",), ("default",))
CHECK = "Run `runcomfy-skills catalog-diff` to see every difference"


def _kind(prop: dict[str, Any], *, live_name: str | None = None) -> str | None:
    """A field's kind for pairing: a media kind (with [] for lists), or text; None for anything else."""
    if kind := asset_kind(prop):
        return kind + ("[]" if prop.get("type") == "array" else "")
    plain = prop.get("type") == "string" and not {"enum", "pattern", "format"} & prop.keys()
    if live_name is not None:  # upstream, only a node-keyed text input counts as "the" text field
        return "text" if plain and node_kind(live_name) == "text" else None
    return "text" if plain else None


def _enum(prop: dict[str, Any]) -> list[Any]:
    return list(prop.get("items", prop).get("enum") or [])


def pair_fields(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, str]:
    """Table field → live field, by name, then alias, then kind, then a shared enum value."""
    mine, live = ours["properties"], theirs["properties"]
    pairs: dict[str, str] = {}
    for field, prop in mine.items():
        if name := next((n for n in (field, *prop.get("x-aliases", ())) if n in live), None):
            if name not in pairs.values():
                pairs[field] = name
    free = [n for n in live if n not in pairs.values()]
    kinds = {k for f, p in mine.items() if f not in pairs and (k := _kind(p))}
    for kind in sorted(kinds):
        candidates = [f for f, p in mine.items() if f not in pairs and _kind(p) == kind]
        partners = [n for n in free if _kind(live[n], live_name=n) == kind]
        if len(candidates) == len(partners) == 1:
            pairs[candidates[0]] = partners[0]
            free.remove(partners[0])
    for field, prop in mine.items():
        if field not in pairs and (values := _enum(prop)):
            partners = [n for n in free if set(map(str, values)) & set(map(str, _enum(live[n])))]
            if len(partners) == 1:
                pairs[field] = partners[0]
                free.remove(partners[0])
    return pairs


def merge_property(ours: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Our meaning (description, aliases) with the catalog's type, enum, limits and default."""
    if theirs.get("type", ours.get("type")) != ours.get("type"):
        out = copy.deepcopy(theirs)
        out.update({k: ours[k] for k in ("description", "x-aliases") if k in ours})
        return out
    out = copy.deepcopy(ours)
    for group in _GROUPS:
        if any(k in theirs for k in group):
            for key in group:
                out.pop(key, None)
            out.update({k: copy.deepcopy(theirs[k]) for k in group if k in theirs})
    if isinstance(ours.get("items"), dict) and isinstance(theirs.get("items"), dict):
        out["items"] = merge_property(ours["items"], theirs["items"])
    return out


def _modes(route: Route, pairs: dict[str, str], props: dict[str, Any], required: set[str]) -> tuple[Mode, ...]:
    """The route's modes the catalog offers: its files are all there, every required file is one of them,
    and the values it fixes are valid there (a fixed field the catalog lacks is dropped)."""
    required_files = {f for f in required if f in pairs and asset_kind(props[f])}
    offered = []
    for mode in route.modes:
        needed = {s.field for s in mode.slots if s.min > 0}
        if not needed <= pairs.keys() or not required_files <= {s.field for s in mode.slots}:
            continue
        fixed = {k: v for k, v in mode.set_fields.items() if k in pairs}
        if any(next(Draft202012Validator(props[k]).iter_errors(v), None) for k, v in fixed.items()):
            continue
        slots = tuple(s for s in mode.slots if s.field in pairs)  # an optional file the catalog lacks is left out
        offered.append(mode.model_copy(update={"set_fields": fixed, "slots": slots}))
    if offered and not any(m.default for m in offered):
        offered[0] = offered[0].model_copy(update={"default": True})
    return tuple(offered)


def _describe(route: Route, field: str) -> str:
    prop = route.input_schema["properties"][field]
    aliases = prop.get("x-aliases") or []
    return f"`{field}` ({type_name(prop)}" + (f"; also called {', '.join(aliases)})" if aliases else ")")


def _broken(route: Route, ids: tuple[str, ...], live_names: list[str], missing: list[str], source: str) -> Route:
    """The route with a `problem` that names what the table relies on and what the catalog has."""
    what = (f"no field for {', '.join(_describe(route, f) for f in missing)}" if missing
            else f"none of the modes ({', '.join(m.id for m in route.modes)}) with the values they set")
    problem = (f"RunComfy's catalog entry for {ids[0]} offers {what}, which the {route.skill} skill document "
               f"relies on; the catalog's fields are: {', '.join(live_names)}.")
    return route.model_copy(update={"model_id": ids[0], "fallback_ids": ids[1:], "problem": problem,
                                    "schema_source": source})


def bind_route(route: Route, model_id: str, theirs: dict[str, Any], source: str) -> Route:
    """The route under the catalog's names and limits (`theirs` is `upstream.strict_schema` output)."""
    ours = route.input_schema
    pairs = pair_fields(ours, theirs)
    live, live_required = theirs["properties"], set(theirs["required"])
    ids = (model_id, *(i for i in route.known_ids if i != model_id))
    props: dict[str, Any] = {}
    for field, prop in ours["properties"].items():
        if field in pairs:
            merged = merge_property(prop, live[pairs[field]])
            if aliases := [a for a in merged.pop("x-aliases", []) if a not in live]:
                merged["x-aliases"] = aliases
            props[field] = merged
    unpaired = [n for n in live if n not in pairs.values()]
    for name in unpaired:
        props[name] = {k: v for k, v in live[name].items() if k != "description"}
    required = [f for f, n in pairs.items() if n in live_required] + [n for n in unpaired if n in live_required]
    modes = _modes(route, pairs, props, set(required))
    lost = [f for f in ours["required"] if f not in pairs]
    if not modes:
        lost += [s.field for m in route.modes for s in m.slots if s.min > 0 and s.field not in pairs and s.field not in lost]
    if lost or not modes:
        return _broken(route, ids, list(live), lost, source)
    schema = {**ours, "properties": props, "required": required}
    return route.model_copy(update={
        "model_id": ids[0], "fallback_ids": ids[1:], "input_schema": schema, "modes": modes,
        "slots": merge_slots(modes), "wire": {f: n for f, n in pairs.items() if f != n}, "schema_source": source,
    })


def unknown_route(route: Route, source: str) -> Route:
    """The route when RunComfy's catalog knows none of its model ids."""
    ids = ", ".join(route.known_ids)
    problem = f"RunComfy's catalog knows none of this route's model ids ({ids})."
    return route.model_copy(update={"problem": problem, "schema_source": source})
