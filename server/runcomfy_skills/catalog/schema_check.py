"""A quick yes for input that matches a tool's JSON Schema, before jsonschema is asked at all.

Building jsonschema's validator and walking its keywords costs about a tenth of a `plan` call,
for input that nearly always matches. The tool and route schemas use a handful of keywords, so
each is compiled once into plain Python checks of those keywords. The quick check only says
"valid" when it is sure: a schema with any other keyword (or an enum holding booleans, lists or objects) gets no
quick check, and anything the check does not accept is handed to jsonschema, which stays the
one authority on what is wrong and how to say it (`schema_table.require_valid`).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

Check = Callable[[Any], bool]

# Keywords that only annotate (draft 2020-12 asserts no `format` without a format checker).
_ANNOTATIONS = frozenset({"$schema", "title", "description", "default", "examples", "format"})
_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}
_NUMBER = _TYPES["number"]


def _plain(value: Any) -> bool:
    """A string or a number, not a boolean: what an enum of them compares by plain equality."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


class Unsupported(Exception):
    """A keyword the quick check does not know: the schema gets no quick check."""


def compile_check(schema: Any) -> Check | None:
    """A function that returns True only for instances the schema accepts (False: ask jsonschema),
    or None when the schema uses a keyword this module does not check."""
    try:
        return _compile(schema)
    except Unsupported:
        return None


def _compile(schema: Any) -> Check:
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema)[:40])
    checks: list[Check] = []
    for key, value in schema.items():
        if key in _ANNOTATIONS or key.startswith("x-"):
            continue
        checks.append(_keyword(key, value, schema))
    return lambda v: all(check(v) for check in checks)


def _keyword(key: str, value: Any, schema: dict[str, Any]) -> Check:
    if key == "type" and isinstance(value, str) and value in _TYPES:
        return _TYPES[value]
    if key == "enum" and isinstance(value, list) and all(_plain(e) for e in value):
        allowed = frozenset(value)  # 2.0 is 2 here as in jsonschema; True never is (`_plain`)
        return lambda v: _plain(v) and v in allowed
    if key in ("minLength", "maxLength", "minItems", "maxItems") and type(value) is int:
        kind = str if key.endswith("Length") else list
        low = key.startswith("min")
        return lambda v: not isinstance(v, kind) or (len(v) >= value if low else len(v) <= value)
    if key in ("minimum", "maximum") and _NUMBER(value):
        low = key == "minimum"
        return lambda v: not _NUMBER(v) or not (v < value if low else v > value)  # NaN passes, as in jsonschema
    if key == "pattern" and isinstance(value, str):
        pattern = re.compile(value)
        return lambda v: not isinstance(v, str) or pattern.search(v) is not None
    if key == "required" and isinstance(value, list) and all(isinstance(n, str) for n in value):
        return lambda v: not isinstance(v, dict) or all(n in v for n in value)
    if key == "properties" and isinstance(value, dict):
        props = {name: _compile(sub) for name, sub in value.items()}
        return lambda v: not isinstance(v, dict) or all(props[n](v[n]) for n in props.keys() & v.keys())
    if key == "additionalProperties" and value is False:
        known = frozenset(schema.get("properties", {}))
        return lambda v: not isinstance(v, dict) or v.keys() <= known
    if key == "items" and isinstance(value, dict):
        item = _compile(value)
        return lambda v: not isinstance(v, list) or all(item(x) for x in v)
    raise Unsupported(key)


def passes(schema: dict[str, Any], instance: Any) -> bool:
    """True when the quick check is sure the instance matches (False: only jsonschema can tell)."""
    check = quick_check(schema)
    return check is not None and check(instance)


_compiled: OrderedDict[int, tuple[dict[str, Any], Check | None]] = OrderedDict()
_lock = Lock()
_KEEP = 64  # tool schemas and route schemas; the live catalog's refreshes replace the latter


def quick_check(schema: dict[str, Any]) -> Check | None:
    """The compiled check of this schema object (compiled on first use, the last few kept; the entry
    holds the schema itself, so its id cannot be reused by another while it is kept)."""
    with _lock:
        entry = _compiled.get(id(schema))
        if entry is not None and entry[0] is schema:
            _compiled.move_to_end(id(schema))
            return entry[1]
    check = compile_check(schema)
    with _lock:
        _compiled[id(schema)] = (schema, check)
        while len(_compiled) > _KEEP:
            _compiled.popitem(last=False)
    return check
