"""Validation against a generated schema names the field, what is accepted, and the right code."""

from __future__ import annotations

import pytest

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.catalog.schema_table import require_valid


def test_a_bad_field_is_a_data_error_naming_it_and_the_accepted_fields(catalog) -> None:
    schema = catalog.route("wan-ai/wan-2-7/edit-video").input_schema
    with pytest.raises(SkillError) as info:
        require_valid(schema, {"prompt": "x", "video": "https://a.example/v.mp4", "duration": 42}, subject="wan")
    err = info.value
    assert err.code == ExitCode.DATA and err.where == "duration" and "42" in err.message
    assert "Accepted fields: prompt, video" in err.hint and "required: prompt, video" in err.hint


def test_a_bad_server_option_is_a_usage_error() -> None:
    schema = {"type": "object", "properties": {"wait_seconds": {"type": "number", "minimum": 0}}}
    with pytest.raises(SkillError) as info:
        require_valid(schema, {"wait_seconds": -1}, subject="a tool", usage_keys=frozenset({"wait_seconds"}))
    assert info.value.code == ExitCode.USAGE and info.value.where == "wait_seconds"


def test_a_valid_instance_passes(catalog) -> None:
    require_valid(catalog.route("decart/lucy-edit/restyle").input_schema,
                  {"prompt": "Anime look.", "video_url": "https://a.example/v.mp4"}, subject="lucy")
