"""Request limits: each broken limit is a data error (65) naming where, quoting at most an excerpt."""

from __future__ import annotations

from typing import Any

import pytest

from runcomfy_skills.bounds import (
    MAX_ASSETS,
    MAX_DEPTH,
    MAX_REQUEST_CHARS,
    MAX_STRING_CHARS,
    check_bounds,
    check_request,
    excerpt,
)
from runcomfy_skills.errors import SkillError


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def error_of(value: Any) -> SkillError:
    with pytest.raises(SkillError) as caught:
        check_bounds(value)
    assert caught.value.code == 65
    return caught.value


def test_real_arguments_pass() -> None:
    check_bounds({"request": "Swap the face.", "assets": [{"url": "https://a.example/x.png", "role": "scene"}] * 20,
                  "consent": {"identity_rights": True}, "wait_seconds": 5})


@pytest.mark.parametrize(
    ("value", "where", "words"),
    [
        ({"prompt": "x" * (MAX_STRING_CHARS + 1)}, "prompt", "32,001 characters"),
        ({"assets": [nested(MAX_DEPTH)]}, "assets[0]", "nested more than"),
        ({"images": ["u"] * 101}, "images", "101 items"),
        ({f"k{i}": 1 for i in range(65)}, "(top level)", "65 keys"),
        ({"k" * 500: 1}, "(top level)", "a key of 500 characters"),
        ({"a": ["y" * 30_000] * 10}, "(top level)", "characters in all"),
        ({"a": [[0] * 100] * 60}, "(top level)", "values in all"),
    ],
    ids=["long_string", "deep", "long_list", "many_keys", "long_key", "total_chars", "total_values"],
)
def test_each_limit_names_where_it_was_broken(value: Any, where: str, words: str) -> None:
    error = error_of(value)
    assert error.where.startswith(where) and words in error.message, (error.where, error.message)


def test_a_deeply_nested_value_is_refused_without_walking_all_of_it() -> None:
    error = error_of({"x": nested(100_000)})  # deeper than Python's own recursion limit
    assert "nested" in error.message


def test_errors_quote_an_excerpt_not_the_value() -> None:
    error = error_of({"k" * 1_000_000: 1})
    assert len(error.describe()) < 400


def test_excerpt_is_short_and_says_how_long_the_value_was() -> None:
    assert excerpt("short") == "'short'"
    cut = excerpt("z" * 1_000_000)
    assert len(cut) < 100 and "1,000,000 characters" in cut


def test_a_request_longer_than_the_limit_is_refused_before_routing() -> None:
    check_request("r" * MAX_REQUEST_CHARS, MAX_ASSETS)
    with pytest.raises(SkillError) as long_text:
        check_request("r" * (MAX_REQUEST_CHARS + 1))
    with pytest.raises(SkillError) as many_assets:
        check_request("swap", MAX_ASSETS + 1)
    assert (long_text.value.where, many_assets.value.where) == ("request", "assets")
