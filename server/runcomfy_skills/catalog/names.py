"""Field names: a table's own, the aliases public sources use, and the names RunComfy's catalog uses.

Inside the server a body is keyed by the skill document's field names (what routing and policy
know). A caller may write any accepted name; what is sent upstream carries the name the live
catalog gives (`Route.wire`), or, without one, the table's.
"""

from __future__ import annotations

from typing import Any

from runcomfy_skills.catalog.skill_docs import Route
from runcomfy_skills.errors import ExitCode, SkillError


def accepted_names(route: Route) -> dict[str, str]:
    """Every name a caller may use → the table field it stands for (the field's own name first)."""
    names: dict[str, str] = {}
    for field, prop in route.input_schema["properties"].items():
        for name in (field, route.wire.get(field, field), *prop.get("x-aliases", ())):
            names.setdefault(name, field)
    return names


def canonical_body(route: Route, body: dict[str, Any]) -> dict[str, Any]:
    """The body keyed by table field names; two inputs that name one field are a data error (65)."""
    names = accepted_names(route)
    out: dict[str, Any] = {}
    given: dict[str, str] = {}
    for key, value in body.items():
        field = names.get(key, key)
        if field in given:
            first = given[field]
            raise SkillError(
                ExitCode.DATA,
                f"`{first}` and `{key}` both give `{field}` of {route.model_id}.",
                where=f"{first}, {key}",
                hint=f"Send one of them; they are names for the same field ({', '.join(n for n, f in names.items() if f == field)}).",
            )
        given[field] = key
        out[field] = value
    return out


def wire_body(route: Route, body: dict[str, Any]) -> dict[str, Any]:
    """A canonical body under the names RunComfy expects (the live catalog's, else the table's)."""
    return {route.wire.get(key, key): value for key, value in body.items()}
