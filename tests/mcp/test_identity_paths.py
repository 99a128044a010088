"""Fail closed on identity: a face going into media meets the consent gate on every tool, in any language.

Real MCP client sessions against the emulator; "nothing submitted" is read from the emulator's log.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mcp import Client

from tests.mcp.test_app import ALL_CONSENT, FACE, SCENE, VIDEO, server, settings, submits  # noqa: F401 (fixtures)

pytestmark = pytest.mark.anyio
PHOTO = "https://cdn.example.com/b.jpg"
FRAMES = [f"https://cdn.example.com/frames/{n:04d}.png" for n in range(1, 4)]

FACE_SWAPS_THROUGH_OTHER_TOOLS = [
    ("video_inpaint", {"request": "swap the face of the man in the video with the face in the photo",
                       "assets": [{"url": VIDEO}, {"url": PHOTO}]}),
    ("video_inpaint", {"request": "動画の男性の顔を写真の顔に入れ替えて", "assets": [{"url": VIDEO}, {"url": PHOTO}]}),
    ("video_inpaint", {"request": "cámbiale la cara al hombre del video por la de la foto",
                       "assets": [{"url": VIDEO}, {"url": PHOTO}]}),
    ("wan_2_7_edit_video", {"prompt": "Replace the man with this person.", "video": VIDEO, "reference_image": FACE}),
    ("wan_2_7_edit_video", {"prompt": "swap the face of the man with the face in the reference", "video": VIDEO,
                            "reference_image": PHOTO}),
    ("seedream_4_0_edit_sequential", {"prompt": "replace the woman's face with the face from the last image",
                                      "images": FRAMES}),
    ("lucy_edit_restyle", {"prompt": "make him look exactly like Tom Cruise", "video_url": VIDEO}),
]


@pytest.mark.parametrize(("tool", "args"), FACE_SWAPS_THROUGH_OTHER_TOOLS, ids=lambda v: v if isinstance(v, str) else "")
async def test_a_face_swap_through_an_inpainting_tool_needs_consent(server, emulator, tool, args) -> None:
    async with Client(server) as client:
        result = await client.call_tool(tool, args)
    assert result.is_error, result.content
    verdict = result.structured_content["error"]["details"]["verdict"]
    assert verdict["verdict"] == "needs_consent" and verdict["face_swap"] is True
    assert verdict["missing_consent"] == list(ALL_CONSENT)
    assert submits(emulator) == []


async def test_a_consented_face_swap_through_wan_2_7_gets_its_sidecar_and_disclosure(server, emulator) -> None:
    args = {"prompt": "Replace the man with this person.", "video": VIDEO, "reference_image": FACE}
    async with Client(server) as client:
        result = await client.call_tool("wan_2_7_edit_video", {**args, "consent": ALL_CONSENT})
    assert not result.is_error, result.content
    data = result.structured_content
    assert data["files"] and len(data["sidecars"]) == len(data["files"]) and "label" in data["disclosure"].lower()
    assert json.loads(Path(data["sidecars"][0]).read_text())["model_id"] == "wan-ai/wan-2-7/edit-video"


async def test_a_plain_inpainting_edit_needs_no_consent_and_gets_no_sidecar(server, emulator) -> None:
    async with Client(server) as client:
        result = await client.call_tool("wan_2_7_edit_video", {"prompt": "Remove the logo.", "video": VIDEO})
    assert not result.is_error, result.content
    assert result.structured_content["sidecars"] == [] and "disclosure" not in result.structured_content


async def test_plan_limited_to_video_inpainting_still_asks_for_consent_for_a_face_swap(server) -> None:
    async with Client(server) as client:
        result = await client.call_tool("plan", {
            "request": "swap the face of the man in the video with the face in the photo", "skill": "video-inpainting",
            "assets": [{"url": VIDEO}, {"url": PHOTO}]})
    assert result.structured_content["decision"] == "needs_consent"


@pytest.mark.parametrize(("consent", "missing"), [
    ({}, ["identity_rights", "media_rights", "synthetic_media_allowed"]),
    ({"identity_rights": True}, ["media_rights", "synthetic_media_allowed"]),
    ({"identity_rights": True, "media_rights": True}, ["synthetic_media_allowed"]),
    ({"identity_rights": "true", "media_rights": 1, "synthetic_media_allowed": True}, ["identity_rights", "media_rights"]),
])
async def test_partial_or_non_boolean_consent_is_needs_consent_naming_each_missing_attestation(server, consent,
                                                                                               missing) -> None:
    async with Client(server) as client:
        planned = await client.call_tool("plan", {"request": "Put my face on the astronaut in this poster.",
                                                  "assets": [{"url": SCENE}, {"url": FACE}], "consent": consent})
        called = await client.call_tool("gpt_image_2_edit", {"prompt": "Put the face from image 2 on the astronaut.",
                                                             "images": [SCENE, FACE], "consent": consent})
    assert (planned.structured_content["decision"], planned.structured_content["verdict"]["missing_consent"]) == (
        "needs_consent", missing)
    verdict = called.structured_content["error"]["details"]["verdict"]
    assert (verdict["verdict"], verdict["missing_consent"]) == ("needs_consent", missing)


async def test_unreadable_words_with_files_that_allow_a_face_swap_ask_for_input(server) -> None:
    async with Client(server) as client:
        result = await client.call_tool("plan", {"request": "zzkrat vomplix dreeb", "assets": [{"url": VIDEO}, {"url": PHOTO}]})
    plan = result.structured_content
    assert plan["decision"] == "needs_input" and plan["route"] is None and plan["missing"]
