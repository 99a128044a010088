"""Through real MCP sessions and real HTTP, the server follows an emulator whose catalog differs from our tables
(tests/data/live_catalog.json): a renamed field, an extra optional field, an extra required field, node-keyed
community fields behind an alternative id, a 404, and a real break."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.sandbox.emulator import Emulator
from runcomfy_skills.settings import Settings
from tests.paths import DATA

pytestmark = pytest.mark.anyio
CONSENT = {"identity_rights": True, "media_rights": True, "synthetic_media_allowed": True}
VIDEO, FACE, SCENE = "https://cdn.example.com/clip.mp4", "https://cdn.example.com/me.jpg", "https://cdn.example.com/s.jpg"


@pytest.fixture(scope="module")
def live_emulator(catalog):
    with Emulator(catalog, catalog_file=DATA / "live_catalog.json", token="live-catalog-token-5d1e",
                  queue_seconds=0.05, run_seconds=0.05) as emulator:
        yield emulator


@pytest.fixture
def server(live_emulator, catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    live_emulator.reset()
    monkeypatch.setenv("RUNCOMFY_TOKEN", live_emulator.token)
    settings = Settings(api_base=live_emulator.base_url, state_dir=tmp_path / "state", output_root=tmp_path / "out",
                        download_origins=(live_emulator.origin,), poll_initial=0.05, poll_max=0.1)
    return create_server(settings, catalog)


def sent(emulator) -> list[tuple[str, dict]]:
    return [(s["model_id"], s["body"]) for s in emulator.submits()]


async def call(server, tool: str, args: dict):
    async with Client(server) as client:
        await client.call_tool("jobs_list", {})  # any call: the first refresh has settled before a route runs
        return await client.call_tool(tool, args), (await client.list_tools()).tools


async def test_a_renamed_field_is_advertised_and_sent_under_the_live_name(server, live_emulator) -> None:
    result, tools = await call(server, "wan_2_7_edit_video", {"prompt": "Remove the logo.", "video": VIDEO})
    assert not result.is_error, result.content
    schema = next(t for t in tools if t.name == "wan_2_7_edit_video").input_schema
    assert "video_url" in schema["properties"] and "video" not in schema["properties"]
    assert "video_url" in schema["required"]
    [(model, body)] = sent(live_emulator)
    assert body["video_url"] == VIDEO and "video" not in body


async def test_an_extra_optional_field_is_accepted_and_sent(server, live_emulator) -> None:
    args = {"prompt": "Put the face of image 1 on each scene.", "image_urls": [FACE, SCENE], "guidance": 5.5,
            "consent": CONSENT}
    result, _ = await call(server, "nano_banana_2_edit", args)
    assert not result.is_error, result.content
    assert sent(live_emulator)[0][1]["guidance"] == 5.5


async def test_an_extra_required_field_is_required_and_named_when_missing(server, live_emulator) -> None:
    result, tools = await call(server, "lucy_edit_restyle", {"prompt": "Make it anime.", "video_url": VIDEO})
    assert result.is_error and result.structured_content["error"]["code"] == 65
    assert "style_strength" in result.structured_content["error"]["message"]
    assert "style_strength" in next(t for t in tools if t.name == "lucy_edit_restyle").input_schema["required"]
    assert sent(live_emulator) == []


async def test_a_video_face_swap_reaches_wan_animate_under_its_alternative_id_and_node_keys(server,
                                                                                           live_emulator) -> None:
    args = {"request": "swap my face into this clip", "consent": CONSENT,
            "assets": [{"url": FACE, "role": "face"}, {"url": VIDEO}]}
    result, _ = await call(server, "face_swap", args)
    assert not result.is_error, result.content
    [(model, body)] = sent(live_emulator)
    assert model == "community/wan-2-2-animate/video-to-video"
    assert body == {"10_image": FACE, "47_video": VIDEO, "55_mode": "replace"}


async def test_wan_animate_refuses_the_audio_mode_the_live_catalog_does_not_offer(server, live_emulator) -> None:
    args = {"image_url": FACE, "audio_url": "https://cdn.example.com/vo.mp3", "consent": CONSENT}
    result, _ = await call(server, "wan_2_2_animate", args)
    error = result.structured_content["error"]
    assert result.is_error and error["code"] == 65 and "'47_video' is a required property" in error["message"]
    assert any("audio_url" in line for line in error["details"]["errors"])
    assert sent(live_emulator) == []


async def test_a_model_id_the_catalog_does_not_know_is_a_clear_error(server, live_emulator) -> None:
    args = {"prompt": "Remove the logo in each frame.", "images": [SCENE, SCENE]}
    result, _ = await call(server, "seedream_4_0_edit_sequential", args)
    error = result.structured_content["error"]
    assert result.is_error and error["code"] == 65
    assert "bytedance/seedream-4-0/edit-sequential" in error["message"] and "catalog-diff" in error["hint"]
    assert sent(live_emulator) == []


async def test_a_field_we_rely_on_that_is_gone_names_both_sides_and_how_to_check(server, live_emulator) -> None:
    args = {"image_url": FACE, "video_url": VIDEO, "consent": CONSENT}
    result, _ = await call(server, "kling_2_6_motion_control_pro", args)
    error = result.structured_content["error"]
    assert result.is_error and error["code"] == 65
    assert "`image_url`" in error["message"] and "subject" in error["message"]  # ours, and what the catalog has
    assert "runcomfy-skills catalog-diff" in error["hint"]
    assert sent(live_emulator) == []
