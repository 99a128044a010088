"""`catalog-diff --write`: the skill documents' route sections rewritten from RunComfy's live catalog.

Only data changes, so the result is a diff a person can review: the `Model id:` line (and the
fallback ids) when the catalog knows the route under another id, and the input-schema table — a
field the catalog calls differently takes the live name (the old one becomes an alias, and the
routing block follows), types, required flags, enums, limits and defaults become the catalog's
where it states them, live fields we lacked get a row, and rows the catalog lacks are dropped
unless the routing block names them (those stay, and `catalog-diff` keeps reporting them).
Everything else in the document — prose, notes, routing words — is left exactly as it was, and a
rewrite that would not load is never written.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from runcomfy_skills.catalog.binding import pair_fields
from runcomfy_skills.catalog.schema_table import COLUMNS, TYPES
from runcomfy_skills.catalog.skill_docs import Catalog, Route, parse_skill

if TYPE_CHECKING:
    from runcomfy_skills.catalog.diff import RouteDiff
from runcomfy_skills.catalog.upstream import is_node_key, type_name

_HEADING = re.compile(r"^## Route:\s*(.+?)\s*$")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _row(cells: dict[str, str]) -> str:
    return "|" + "|".join(f" {cells[c]} " if cells.get(c) else " " for c in COLUMNS) + "|"


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _limits(prop: dict[str, Any], current: str) -> str:
    """The limits cell: an enum, else a range, else a pattern; the current cell where the catalog states none."""
    item = prop.get("items", prop)
    if item.get("enum"):
        return ", ".join(f"`{_value(v)}`" for v in item["enum"])
    for low, high, unit, node in (("minItems", "maxItems", " items", prop), ("minLength", "maxLength", " chars", item),
                                  ("minimum", "maximum", "", item)):
        if high in node and (low in node or unit):  # a count or a length starts at 0 when unstated
            return f"{_value(node.get(low, 0))}–{_value(node[high])}{unit}"
    if "pattern" in item:
        return f"pattern `{item['pattern']}`"
    return current


def _table_bounds(lines: list[str], start: int, end: int) -> tuple[int, int] | None:
    """The rows (header included) of the route's `### Input schema` table, as [first, last)."""
    heading = next((i for i in range(start, end) if lines[i].strip().lower() == "### input schema"), None)
    if heading is None:
        return None
    first = next((i for i in range(heading, end) if lines[i].lstrip().startswith("|")), None)
    if first is None:
        return None
    last = first
    while last < end and lines[last].lstrip().startswith("|"):
        last += 1
    return first, last


def _rewrite_rows(rows: list[str], route: Route, theirs: dict[str, Any], pairs: dict[str, str],
                  kept: set[str]) -> list[str]:
    header = [c.lower() for c in _cells(rows[0])]
    live, required = theirs["properties"], set(theirs["required"])
    out = [_row(dict(zip(COLUMNS, COLUMNS))), "|" + "---|" * len(COLUMNS)]
    for line in rows[2:]:
        cells = dict(zip(header, _cells(line)))
        field = cells["field"].strip("`")
        if field not in pairs:
            if field in kept:
                out.append(_row(cells))
            continue
        live_name, prop = pairs[field], live[pairs[field]]
        name = field if is_node_key(live_name) else live_name  # a node key is kept as an alias of our name
        aliases = [a for a in re.findall(r"`([^`]+)`", cells.get("aliases", "")) if a != name]
        for other in (field, live_name):
            if other != name and other not in aliases:
                aliases.insert(0, other)
        cells.update({
            "field": name,
            "aliases": ", ".join(f"`{a}`" for a in aliases),
            "type": type_name(prop) if "type" in prop else cells["type"],
            "required": "yes" if live_name in required else "no",
            "default": _value(prop["default"]) if "default" in prop else cells["default"],
            "enum / limits": _limits(prop, cells["enum / limits"]),
        })
        out.append(_row(cells))
    for name, prop in live.items():
        if name not in pairs.values() and type_name(prop).removesuffix("[]") in TYPES:
            out.append(_row({"field": name, "type": type_name(prop), "required": "yes" if name in required else "no",
                             "default": _value(prop["default"]) if "default" in prop else "",
                             "enum / limits": _limits(prop, "")}))
    return out


def _routing_names(lines: list[str], pairs: dict[str, str]) -> list[str]:
    """The routing block's `field:` entries and `set: {field: value}` keys under the live names."""
    renames = {f: n for f, n in pairs.items() if f != n and not is_node_key(n)}
    out, in_block = [], False
    for line in lines:
        if line.strip() == "```yaml routing":
            in_block = True
        elif line.strip() == "```":
            in_block = False
        elif in_block:
            line = re.sub(r"^(\s*(?:- )?field:\s*)(\S+)\s*$",
                          lambda m: m.group(1) + renames.get(m.group(2), m.group(2)), line)
            line = re.sub(r"^(\s*set:\s*\{)([^}]*)\}", lambda m: m.group(1) + re.sub(
                r"(\w+)(\s*:)", lambda k: renames.get(k.group(1), k.group(1)) + k.group(2), m.group(2)) + "}", line)
        out.append(line)
    return out


def rewrite_route(text: str, route: Route, found_id: str, theirs: dict[str, Any], pairs: dict[str, str]) -> str:
    """The document with one route's section rewritten from the catalog (`theirs`: `upstream.strict_schema`)."""
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if (m := _HEADING.match(line)) and m.group(1) == route.title)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    section = lines[start:end]
    bounds = _table_bounds(section, 0, len(section))
    if bounds is None:
        return text
    kept = {s.field for m in route.modes for s in m.slots} | {k for m in route.modes for k in m.set_fields}
    first, last = bounds
    section[first:last] = _rewrite_rows(section[first:last], route, theirs, pairs, kept)
    section = _routing_names(section, pairs)
    if found_id != route.model_id:
        others = [i for i in route.known_ids if i != found_id]
        section = [f"Model id: `{found_id}`" if line.startswith("Model id:") else line for line in section]
        section = [f"Fallback model id: {', '.join(f'`{i}`' for i in others)}" if line.startswith("Fallback model id")
                   else line for line in section]
        if not any(line.startswith("Fallback model id") for line in section):
            at = next(i for i, line in enumerate(section) if line.startswith("Model id:")) + 1
            section[at:at] = ["", f"Fallback model id: {', '.join(f'`{i}`' for i in others)}"]
    return "\n".join(lines[:start] + section + lines[end:])


def write_documents(catalog: Catalog, diffs: list[RouteDiff]) -> list[Path]:
    """Rewrite every skill document a route of which differs from the catalog; the paths written."""
    written = []
    for skill in catalog.skills:
        text = skill.text
        for diff in diffs:
            if diff.skill == skill.name and diff.differences and diff.live_schema and diff.found_id:
                route = catalog.route(diff.tool)
                pairs = pair_fields(route.input_schema, diff.live_schema)
                text = rewrite_route(text, route, diff.found_id, diff.live_schema, pairs)
        if text == skill.text:
            continue
        parse_skill(skill.path, text)  # raises CatalogError (65) naming the line: nothing is written then
        temp = skill.path.with_name(f".{skill.path.name}.{os.getpid()}.tmp")
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, skill.path)
        written.append(skill.path)
    return written
