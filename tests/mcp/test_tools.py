"""Tool definitions are derived from the catalog: names, schemas, hints, and a lean tools/list."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from mcp import Client
from mcp.types import ListToolsResult

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.mcp.tools import JOB_TOOLS, OPTION_KEYS, agent_text, build_tools, route_input_schema
from runcomfy_skills.settings import Settings

from tests.paths import REPO

TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
# What an agent reads in every session. The limit is 16 KB; others add to the schemas later
# (input limits, consent, catalog fields), so this test is the guard that keeps it in budget.
TOOLS_LIST_BUDGET = 16 * 1024
MAINTAINER_WORDS = ("Unverified", "catalog-diff", "maintainer", "x-asset-kind", "$schema")


def assert_route_fields(tool_schema: dict[str, Any], route_schema: dict[str, Any]) -> None:
    """The tool takes the route's fields with the same types and limits, plus our options; descriptions
    are the route's notes up to any note for maintainers."""
    fields = {k: v for k, v in tool_schema["properties"].items() if k not in OPTION_KEYS}
    assert list(fields) == list(route_schema["properties"])
    props = route_schema["properties"]  # a required field with a default is filled in, so the caller need not send it
    assert tool_schema["required"] == [k for k in route_schema["required"] if "default" not in props[k]]
    assert tool_schema["additionalProperties"] is False
    for name, prop in fields.items():
        expected = route_schema["properties"][name]
        assert _limits(prop) == _limits(expected), name
        if "description" in prop:
            assert " ".join(expected["description"].split()).startswith(prop["description"]), name


def _limits(node: Any) -> Any:
    """A schema without descriptions and our own `x-` annotations: the types and limits."""
    if isinstance(node, dict):
        return {k: _limits(v) for k, v in node.items() if k != "description" and not k.startswith("x-")}
    return node


def _walk(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node] + [n for v in node.values() for n in _walk(v)]
    if isinstance(node, list):
        return [n for v in node for n in _walk(v)]
    return []


def test_tools_are_every_route_plus_skill_plan_and_job_tools(catalog) -> None:
    names = [t.name for t in build_tools(catalog)]
    assert names == [r.tool for r in catalog.routes] + ["face_swap", "video_inpaint", "plan",
                                                          "job_status", "job_result", "job_cancel", "jobs_list"]
    assert all(TOOL_NAME.match(n) for n in names) and len(set(names)) == len(names)


def test_route_tool_schema_is_the_generated_schema_plus_options(catalog) -> None:
    for tool in build_tools(catalog)[: len(catalog.routes)]:
        assert_route_fields(tool.input_schema, catalog.route(tool.name).input_schema)
        Draft202012Validator.check_schema(tool.input_schema)


def test_route_descriptions_name_the_model_and_when_to_pick_it(catalog) -> None:
    tools = {t.name: t for t in build_tools(catalog)}
    for route in catalog.routes:
        description = tools[route.tool].description
        assert description.startswith(f"`{route.model_id}` ({route.skill}). Pick it")
    for skill in catalog.skills:
        assert all(f"`{r.tool}`" in tools[skill.tool].description for r in skill.routes)


def test_notes_for_maintainers_stay_in_the_skill_documents(catalog) -> None:
    documents = " ".join(s.text for s in catalog.skills)
    assert "Unverified:" in documents  # the documents keep them; the tool list does not
    listed = json.dumps([t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in build_tools(catalog)])
    for word in MAINTAINER_WORDS:
        assert word not in listed, word


def test_agent_text_cuts_a_maintainer_note_to_the_end_of_its_paragraph() -> None:
    text = "Pick it for stills.\nIt keeps pose.\n\nUnverified: field names.\nRun catalog-diff.\n\nAvoid video."
    assert agent_text(text) == "Pick it for stills. It keeps pose.\nAvoid video."
    assert agent_text("The clip. Unverified: the docs say `video_url`.") == "The clip."
    assert agent_text("The driving video. Unverified name. Up to 120 s.") == "The driving video. Up to 120 s."
    assert agent_text(text, lead_only=True) == "Pick it for stills.\nAvoid video."


def test_no_schema_uses_a_type_array_or_an_untyped_node(catalog) -> None:
    for tool in build_tools(catalog):
        for schema in (tool.input_schema, tool.output_schema or {}):
            for node in _walk(schema):
                assert not isinstance(node.get("type"), list), (tool.name, node)
        for name, prop in tool.input_schema["properties"].items():
            assert prop, (tool.name, name)  # an empty schema accepts anything: say what the value is


def test_every_tool_that_runs_a_job_takes_consent(catalog) -> None:
    # A face can go into media through any route (a face as Wan 2.7's reference image), so any may need it.
    tools = {t.name: t for t in build_tools(catalog)}
    runs = [r.tool for r in catalog.routes] + [s.tool for s in catalog.skills]
    assert all("consent" in tools[name].input_schema["properties"] for name in runs)
    assert all("consent" not in tools[name].input_schema["properties"] for name in JOB_TOOLS)


def test_paid_tools_are_marked_open_world_and_not_read_only(catalog) -> None:
    tools = {t.name: t for t in build_tools(catalog)}
    for name in ("wan_2_7_edit_video", "face_swap"):
        hints = tools[name].annotations
        # Absent hints take the spec's defaults: not read-only, open world.
        assert not hints.read_only_hint and hints.open_world_hint is not False and hints.destructive_hint is False
    assert tools["plan"].annotations.read_only_hint is True
    assert tools["job_cancel"].annotations.destructive_hint is not False


def test_route_field_clashing_with_an_option_is_refused(catalog) -> None:
    route = catalog.route("decart/lucy-edit/restyle")
    schema = copy.deepcopy(route.input_schema)
    schema["properties"]["wait_seconds"] = {"type": "integer"}
    clashing = route.model_copy(update={"input_schema": schema})
    with pytest.raises(ValueError, match="wait_seconds"):
        route_input_schema(clashing, catalog.skill(route.skill))


def test_output_schemas_admit_both_results_and_error_results(catalog) -> None:
    error = {"error": {"code": 70, "kind": "policy", "message": "Not submitted: needs_consent"}}
    tools = {t.name: t for t in build_tools(catalog)}
    plan = Draft202012Validator(tools["plan"].output_schema)
    assert plan.is_valid(error) and not plan.is_valid({"decision": "maybe"})
    jobs = Draft202012Validator(tools["jobs_list"].output_schema)
    assert jobs.is_valid(error) and jobs.is_valid({"jobs": [], "count": 0}) and not jobs.is_valid({"count": "0"})


@pytest.mark.anyio
async def test_tools_list_fits_the_budget(catalog, tmp_path, capsys) -> None:
    settings = Settings(state_dir=tmp_path / "state", output_root=tmp_path / "out")
    async with Client(create_server(settings, catalog)) as client:
        listed = await client.list_tools()
    wire = ListToolsResult(tools=listed.tools).model_dump_json(by_alias=True, exclude_none=True).encode()
    with capsys.disabled():
        print(f"\ntools/list: {len(listed.tools)} tools, {len(wire)} bytes of JSON "
              f"({len(wire) / 1024:.1f} KB; budget {TOOLS_LIST_BUDGET // 1024} KB)")
    assert len(listed.tools) == 15
    assert len(wire) <= TOOLS_LIST_BUDGET
    stated = re.search(r"`tools/list` is 15 tools in about ([\d.]+) KB of JSON", (REPO / "README.md").read_text())
    assert stated and abs(float(stated.group(1)) - len(wire) / 1024) <= 0.5, "update the size the README states"
