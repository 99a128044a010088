"""The pipeline opens behind the first answers: tools are listed at once, tool calls wait for it."""

from __future__ import annotations

import anyio
import pytest
from mcp import Client

from runcomfy_skills.jobs.journal import DB_NAME
from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.mcp.startup import OPEN_AFTER
from runcomfy_skills.settings import Settings

pytestmark = pytest.mark.anyio


async def test_a_server_whose_state_folder_is_unusable_lists_its_tools_and_calls_name_the_problem(tmp_path, catalog):
    (tmp_path / "state").write_text("a file where the state folder should be")
    settings = Settings(state_dir=tmp_path / "state", output_root=tmp_path / "out")
    async with Client(create_server(settings, catalog)) as client:
        listed = await client.list_tools()
        result = await client.call_tool("jobs_list", {})
    assert any(t.name == "plan" for t in listed.tools)
    assert result.is_error and result.structured_content["error"]["code"] == 64
    assert "RUNCOMFY_SKILLS_STATE_DIR" in result.structured_content["error"]["hint"]


async def test_the_pipeline_opens_by_itself_when_no_client_speaks(tmp_path, catalog):
    """Jobs left running by a previous run are resumed even if the client never calls a tool."""
    settings = Settings(state_dir=tmp_path / "state", output_root=tmp_path / "out")
    async with Client(create_server(settings, catalog)):
        with anyio.fail_after(OPEN_AFTER + 10):
            while not (tmp_path / "state" / DB_NAME).exists():
                await anyio.sleep(0.05)


async def test_a_server_stopped_before_its_pipeline_opened_does_not_open_it(tmp_path, catalog):
    settings = Settings(state_dir=tmp_path / "state", output_root=tmp_path / "out")
    with anyio.fail_after(OPEN_AFTER * 0.9):  # stopping does not wait for the opening delay
        async with Client(create_server(settings, catalog)):
            pass
    assert not (tmp_path / "state" / DB_NAME).exists()
