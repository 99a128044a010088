"""A request body for a route, as the caller wrote it → the body we send (pure).

The route's schema checks each field; this checks what a schema table cannot say: which mode of
the route the body is (Wan 2.2 Animate takes a video *or* an audio track, not both, not neither),
and it fills the fields that mode fixes (`mode: replace`) when the caller left them out, and the
required fields the caller left out that have a default (Kling's `character_orientation`).
"""

from __future__ import annotations

from typing import Any

from runcomfy_skills.catalog.skill_docs import Mode, Route
from runcomfy_skills.errors import ExitCode, SkillError


def _fits(mode: Mode, body: dict[str, Any], owned: set[str]) -> bool:
    """Its required files are there, and no field that only other modes take or fix."""
    mine = {s.field for s in mode.slots} | set(mode.set_fields)
    needed = all(s.field in body for s in mode.slots if s.min > 0)
    return needed and not (owned - mine) & body.keys()


def body_mode(route: Route, body: dict[str, Any]) -> Mode:
    """The mode a body is for: its required files present, no field of another mode, its fixed values agreeing."""
    if len(route.modes) == 1:
        return route.modes[0]
    file_fields = {s.field for s in route.slots}
    owned = file_fields | {k for m in route.modes for k in m.set_fields}
    fitting = [m for m in route.modes if _fits(m, body, owned)]
    agreeing = [m for m in fitting if all(body.get(k, v) == v for k, v in m.set_fields.items())]
    if agreeing:
        return next((m for m in agreeing if m.default), agreeing[0])
    ways = "; ".join(f"{m.id}: " + " + ".join(f"`{s.field}`" for s in m.slots if s.min > 0)
                     + "".join(f", `{k}`={v!r}" for k, v in m.set_fields.items()) for m in route.modes)
    given = ", ".join(f"`{k}`" for k in body if k in file_fields) or "no files"
    raise SkillError(
        ExitCode.DATA,
        f"{route.title} cannot take this combination of inputs ({given}).",
        where=", ".join(k for k in body if k in file_fields) or "(top level)",
        hint=f"Send the files of one mode: {ways}.",
    )


def complete_body(route: Route, body: dict[str, Any]) -> dict[str, Any]:
    """The body with the fields its mode fixes filled in (a caller's own value is kept: it agreed)."""
    mode = body_mode(route, body)
    props = route.input_schema.get("properties", {})
    return {**{k: v for k, v in mode.set_fields.items() if k in props}, **body}


def with_defaults(route: Route, body: dict[str, Any]) -> dict[str, Any]:
    """The body with each required field it lacks filled from that field's default, if it has one."""
    props = route.input_schema.get("properties", {})
    missing = [k for k in route.input_schema.get("required", []) if k not in body and "default" in props.get(k, {})]
    return {**body, **{k: props[k]["default"] for k in missing}}
