"""tools/list follows RunComfy's live catalog: never waiting for it, and telling clients when it changed."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.types import ToolListChangedNotification

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.sandbox.emulator import Fault
from runcomfy_skills.sandbox.models import upstream_schema
from runcomfy_skills.settings import Settings

pytestmark = pytest.mark.anyio
MODES = ["auto", "legacy"]
WAN = "wan-ai/wan-2-7/edit-video"


@pytest.fixture
def settings(emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("RUNCOMFY_TOKEN", emulator.token)
    return Settings(api_base=emulator.base_url, state_dir=tmp_path / "state", output_root=tmp_path / "out",
                    download_origins=(emulator.origin,), poll_initial=0.05, poll_max=0.1,
                    catalog_refresh_seconds=0.2)


def renamed_wan(catalog) -> dict[str, Any]:
    schema = copy.deepcopy(upstream_schema(catalog.route(WAN).input_schema))
    schema["properties"]["video_url"] = schema["properties"].pop("video")
    schema["required"] = ["prompt", "video_url"]
    return {"input_schema": schema}


def wan_fields(tools) -> set[str]:
    return set(next(t for t in tools if t.name == "wan_2_7_edit_video").input_schema["properties"])


@pytest.mark.parametrize("mode", MODES)
async def test_the_server_declares_that_its_tool_list_can_change(settings, catalog, mode: str) -> None:
    async with Client(create_server(settings, catalog), mode=mode) as client:
        assert client.server_capabilities.tools.list_changed is True


async def test_tools_list_answers_from_the_tables_while_the_catalog_is_still_being_fetched(settings, catalog,
                                                                                           emulator) -> None:
    emulator.models.serve({WAN: renamed_wan(catalog)})
    emulator.inject(Fault(kind="slow", endpoint="models", delay=5.0, times=None))
    async with Client(create_server(settings, catalog)) as client:
        fields = wan_fields((await client.list_tools()).tools)
    assert "video" in fields and "video_url" not in fields  # answered before the slow catalog did


async def test_a_legacy_session_is_notified_and_then_lists_the_live_names(settings, catalog, emulator) -> None:
    changed = anyio.Event()

    async def on_message(message: Any) -> None:
        if isinstance(message, ToolListChangedNotification):
            changed.set()

    async with Client(create_server(settings, catalog), mode="legacy", message_handler=on_message) as client:
        assert "video" in wan_fields((await client.list_tools()).tools)
        emulator.models.serve({WAN: renamed_wan(catalog)})
        with anyio.fail_after(20):
            await changed.wait()
        assert "video_url" in wan_fields((await client.list_tools()).tools)


async def test_a_2026_client_listening_for_tool_changes_hears_of_it(settings, catalog, emulator) -> None:
    async with Client(create_server(settings, catalog)) as client:
        assert "video" in wan_fields((await client.list_tools()).tools)
        async with client.listen(tools_list_changed=True) as events:
            emulator.models.serve({WAN: renamed_wan(catalog)})
            with anyio.fail_after(20):
                event = await events.__anext__()
        assert type(event).__name__ == "ToolsListChanged"
        assert "video_url" in wan_fields((await client.list_tools()).tools)
