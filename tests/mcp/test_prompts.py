"""Prompts for the common requests, listed and filled in through a real client session."""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client
from mcp.shared.exceptions import MCPError

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.settings import Settings

pytestmark = pytest.mark.anyio
MODES = ["auto", "legacy"]
VIDEO = "https://cdn.example.com/clips/street.mp4"
FACE = "https://cdn.example.com/identity-face.jpg"
SCENE = "https://cdn.example.com/scene.jpg"


@pytest.fixture
def server(catalog, tmp_path: Path):
    return create_server(Settings(state_dir=tmp_path / "state", output_root=tmp_path / "out"), catalog)


@pytest.mark.parametrize("mode", MODES)
async def test_prompts_cover_the_common_requests_with_their_arguments(server, mode: str) -> None:
    async with Client(server, mode=mode) as client:
        prompts = {p.name: p for p in (await client.list_prompts()).prompts}
    assert set(prompts) == {"remove_watermark", "replace_sky", "restyle_clip", "face_swap_image", "face_swap_video"}
    for prompt in prompts.values():
        assert prompt.title and prompt.description and prompt.arguments
        assert all(a.description for a in prompt.arguments)
    required = {a.name: a.required for a in prompts["replace_sky"].arguments}
    assert required == {"video_url": True, "new_sky": True, "reference_image_url": False}


@pytest.mark.parametrize("mode", MODES)
async def test_a_filled_in_prompt_names_the_tool_and_the_assets(server, mode: str) -> None:
    async with Client(server, mode=mode) as client:
        sky = await client.get_prompt("replace_sky", {"video_url": VIDEO, "new_sky": "a warm sunset"})
        watermark = await client.get_prompt("remove_watermark", {"video_url": VIDEO, "where": "the top-left corner"})
    [message] = sky.messages
    text = message.content.text
    assert message.role == "user" and VIDEO in text and "a warm sunset" in text and "`video_inpaint`" in text
    assert "reference" not in text  # the optional sky photo was not given, so it is not mentioned
    assert "in the top-left corner" in watermark.messages[0].content.text


async def test_face_swap_prompts_ask_for_each_attestation_first(server) -> None:
    async with Client(server) as client:
        still = await client.get_prompt("face_swap_image", {"scene_image_url": SCENE, "face_image_url": FACE})
        video = await client.get_prompt("face_swap_video", {"video_url": VIDEO, "face_image_url": FACE})
    for result, media in ((still, "scene image"), (video, "reference video")):
        text = result.messages[0].content.text
        assert "`face_swap`" in text and FACE in text and f"rights to the {media}" in text
        assert all(f"`{name}`" in text for name in ("identity_rights", "media_rights", "synthetic_media_allowed"))


async def test_a_missing_argument_or_unknown_prompt_is_a_clear_protocol_error(server) -> None:
    async with Client(server) as client:
        with pytest.raises(MCPError, match="missing new_sky"):
            await client.get_prompt("replace_sky", {"video_url": VIDEO})
        with pytest.raises(MCPError, match="Unknown prompt"):
            await client.get_prompt("make_coffee", {})
