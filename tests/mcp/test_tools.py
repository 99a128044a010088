"""Tool definitions are derived from the catalog: names, schemas and hints."""

from __future__ import annotations

import copy
import re

import pytest
from jsonschema import Draft202012Validator

from runcomfy_skills.mcp.tools import OPTION_KEYS, build_tools, route_input_schema

TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def test_tools_are_every_route_plus_skill_plan_and_job_tools(catalog) -> None:
    names = [t.name for t in build_tools(catalog)]
    assert names == [r.tool for r in catalog.routes] + ["face_swap", "video_inpaint", "plan",
                                                          "job_status", "job_result", "job_cancel", "jobs_list"]
    assert all(TOOL_NAME.match(n) for n in names) and len(set(names)) == len(names)


def test_route_tool_schema_is_the_generated_schema_plus_options(catalog) -> None:
    for tool in build_tools(catalog)[: len(catalog.routes)]:
        route = catalog.route(tool.name)
        schema = copy.deepcopy(tool.input_schema)
        for key in OPTION_KEYS:
            schema["properties"].pop(key, None)
        assert schema == route.input_schema
        Draft202012Validator.check_schema(tool.input_schema)


def test_only_consent_skills_take_a_consent_argument(catalog) -> None:
    tools = {t.name: t for t in build_tools(catalog)}
    assert "consent" in tools["gpt_image_2_edit"].input_schema["properties"]
    assert "consent" in tools["face_swap"].input_schema["properties"]
    assert "consent" not in tools["wan_2_7_edit_video"].input_schema["properties"]


def test_paid_tools_are_marked_open_world_and_not_read_only(catalog) -> None:
    tools = {t.name: t for t in build_tools(catalog)}
    for name in ("wan_2_7_edit_video", "face_swap"):
        assert tools[name].annotations.read_only_hint is False and tools[name].annotations.open_world_hint is True
    assert tools["plan"].annotations.read_only_hint is True
    assert tools["job_cancel"].annotations.destructive_hint is True


def test_route_field_clashing_with_an_option_is_refused(catalog) -> None:
    route = catalog.route("decart/lucy-edit/restyle")
    schema = copy.deepcopy(route.input_schema)
    schema["properties"]["wait_seconds"] = {"type": "integer"}
    clashing = route.model_copy(update={"input_schema": schema})
    with pytest.raises(ValueError, match="wait_seconds"):
        route_input_schema(clashing, catalog.skill(route.skill))


def test_every_output_schema_admits_both_results_and_error_results(catalog) -> None:
    error = {"error": {"code": 70, "kind": "policy", "message": "Not submitted: needs_consent"}}
    job = {"job_id": "j1", "state": "completed", "model_id": "m/x", "files": [], "output_urls": []}
    for tool in build_tools(catalog):
        validator = Draft202012Validator(tool.output_schema)
        assert validator.is_valid(error), tool.name
        assert not validator.is_valid({"nothing": True}), tool.name
        if tool.name not in ("plan", "jobs_list"):
            assert validator.is_valid(job), tool.name
