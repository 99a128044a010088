"""The quick schema check agrees with jsonschema on every tool's schema, for valid and broken input."""

from __future__ import annotations

import math

from jsonschema import Draft202012Validator

from runcomfy_skills.catalog.schema_check import compile_check, passes, quick_check
from runcomfy_skills.mcp.tools import build_tools
from tests.helpers.fuzz import Fuzzer


def test_every_tool_schema_gets_a_quick_check_that_agrees_with_jsonschema(catalog) -> None:
    tools = build_tools(catalog)
    fuzzer = Fuzzer(tools, seed=12, canary="canary-token-0000")
    checks = {t.name: compile_check(t.input_schema) for t in tools}
    assert all(checks.values()), [name for name, check in checks.items() if check is None]
    agreed = {True: 0, False: 0}
    for _ in range(4000):
        name, args = fuzzer.pick()
        schema = next(t.input_schema for t in tools if t.name == name)
        valid = Draft202012Validator(schema).is_valid(args)
        assert checks[name](args) == valid, (name, args)
        agreed[valid] += 1
    assert agreed[True] > 500 and agreed[False] > 500  # both sides were really tried


def test_types_follow_json_schema_not_python() -> None:
    integer = compile_check({"type": "integer", "minimum": 0})
    assert integer(3) and integer(3.0) and not integer(True) and not integer(-1) and not integer(2.5)
    number = compile_check({"type": "number", "maximum": 1})
    assert number(0.5) and not number(False) and not number(math.inf)
    assert compile_check({"enum": ["a", "b"]})("a") and not compile_check({"enum": ["a"]})(1)
    seconds = compile_check({"type": "integer", "enum": [0, 2]})
    assert seconds(2) and seconds(2.0) and not seconds(True) and not seconds(False) and not seconds("2")
    pattern = compile_check({"type": "string", "pattern": "^\\d+:\\d+$"})
    assert pattern("16:9") and not pattern("wide")


def test_a_schema_with_a_keyword_it_does_not_know_gets_no_quick_check() -> None:
    assert compile_check({"type": "object", "oneOf": [{"required": ["a"]}]}) is None
    assert compile_check({"enum": [1, True]}) is None  # jsonschema tells 1 from True; left to it
    assert quick_check({"anyOf": []}) is None
    assert not passes({"anyOf": []}, {})  # so require_valid asks jsonschema


def test_the_compiled_check_is_kept_per_schema_object() -> None:
    schema = {"type": "string"}
    assert quick_check(schema) is quick_check(schema)
    assert quick_check(dict(schema)) is not quick_check(schema)
