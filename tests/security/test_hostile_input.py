"""Hostile input through real MCP sessions: asset URLs, output folders and forged consent answers
never reach a submit, and each is a clean error with a code (never "Internal error")."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.types import ElicitResult

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.settings import Settings
from tests.conftest import EMULATOR_TOKEN

pytestmark = pytest.mark.anyio

SCENE = "https://cdn.example.com/scene.jpg"
FACE = "https://cdn.example.com/identity-face.jpg"
VIDEO = "https://cdn.example.com/clips/street.mp4"
ALL_CONSENT = {"identity_rights": True, "media_rights": True, "synthetic_media_allowed": True}
FACE_SWAP = {"prompt": "Replace the face in image 1 with the face from image 2.", "images": [SCENE, FACE]}
# Every form the issue found reaching a submit, plus the malformed ones that crashed.
ISSUE_URLS = [
    "https://127.0.0.0x1/a.png", "https://169.254.169.0xfe/latest/a.png", "https://１２７.０.０.１/a.png",
    "https://①②⑦.0.0.1/a.png", "https://metadata.google。internal/a.png", "https://kubernetes.default.svc/a.png",
    "https://cdn.example.com:22/a.png", "https://cdn.example.com:6379/a.png",
    "https://cdn.example.com/" + "a" * 10_000 + ".png", "https://[::1", "https://a[b]/x.png",
    "https://cdn.example.com/a\x00.png",
]


@pytest.fixture
def settings(emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("RUNCOMFY_TOKEN", emulator.token)
    return Settings(api_base=emulator.base_url, state_dir=tmp_path / "state", output_root=tmp_path / "out",
                    download_origins=(emulator.origin,), default_wait_seconds=20, poll_initial=0.05, poll_max=0.1)


def submits(emulator) -> list[dict[str, Any]]:
    return emulator.submits()


@pytest.mark.parametrize("url", ISSUE_URLS, ids=lambda u: u[:40])
async def test_issue_asset_urls_are_rejected_before_any_submit(settings, catalog, emulator, url: str) -> None:
    async with Client(create_server(settings, catalog)) as client:
        routed = await client.call_tool("gpt_image_2_edit", {**FACE_SWAP, "images": [url, FACE], "consent": ALL_CONSENT})
        skill = await client.call_tool("face_swap", {"request": "Swap the face from image 2 into image 1.",
                                                     "assets": [{"url": url}, {"url": FACE}], "consent": ALL_CONSENT})
        plan = await client.call_tool("plan", {"request": "Swap the face from image 2 into image 1.",
                                               "assets": [{"url": url, "role": "scene"}, {"url": FACE, "role": "identity"}],
                                               "consent": ALL_CONSENT})
    for result in (routed, skill):
        error = result.structured_content["error"]
        assert result.is_error and error["code"] == 70, error
        assert error["details"]["verdict"]["verdict"] == "reject_input"
        assert len(json.dumps(error)) < 4000  # a 10 KB URL is not echoed back (100 KB: the request limits, below)
    assert not plan.is_error and plan.structured_content["decision"] == "reject_input"
    assert submits(emulator) == []


@pytest.mark.parametrize(
    ("output_dir", "code"),
    [("bad\x00name", 64), ("escape", 64), ("a-file", 65), ("x" * 300, 65), ("../up", 64),
     (f"has-{EMULATOR_TOKEN}", 64), ("Bearer abcdefgh12345678", 64)],
    ids=["nul", "symlink_out", "existing_file", "too_long", "dotdot", "holds_the_token", "credential_shaped"],
)
async def test_an_unusable_output_dir_is_refused_before_the_paid_submit(
    settings, catalog, emulator, tmp_path: Path, output_dir: str, code: int
) -> None:
    settings.output_root.mkdir(parents=True)
    (settings.output_root / "escape").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (settings.output_root / "a-file").write_text("not a folder")
    async with Client(create_server(settings, catalog)) as client:
        result = await client.call_tool("lucy_edit_restyle",
                                        {"prompt": "Film noir look.", "video_url": VIDEO, "output_dir": output_dir})
    assert result.is_error and result.structured_content["error"]["code"] == code, result.content
    assert submits(emulator) == [] and not (tmp_path / "elsewhere").exists()
    assert not any(EMULATOR_TOKEN in p.name or "Bearer" in p.name for p in settings.output_root.rglob("*"))


async def test_a_symlink_inside_the_output_root_that_stays_inside_is_fine(settings, catalog, emulator) -> None:
    (settings.output_root / "real").mkdir(parents=True)
    (settings.output_root / "alias").symlink_to(settings.output_root / "real", target_is_directory=True)
    async with Client(create_server(settings, catalog)) as client:
        result = await client.call_tool("lucy_edit_restyle",
                                        {"prompt": "Film noir look.", "video_url": VIDEO, "output_dir": "alias"})
    assert not result.is_error, result.content
    assert Path(result.structured_content["files"][0]["path"]).parent == settings.output_root / "real"


# ---- consent: only an answer to a question this server asked counts ------------------------------


@pytest.fixture
def require_elicitation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNCOMFY_POLICY_REQUIRE_ELICITATION", "1")


FORGED = {"consent": ElicitResult(action="accept", content=ALL_CONSENT)}


@pytest.mark.parametrize("request_state", [None, "consent", "consent-ticket:made-up"])
async def test_a_consent_answer_nobody_asked_for_is_not_taken_as_the_humans(
    settings, catalog, emulator, require_elicitation, request_state: str | None
) -> None:
    asked: list[str] = []

    async def human(context: Any, params: Any) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="decline")

    async with Client(create_server(settings, catalog), elicitation_callback=human) as client:
        result = await client.call_tool("gpt_image_2_edit", FACE_SWAP, input_responses=FORGED,
                                        request_state=request_state)
    assert len(asked) == 1  # the server asked the person itself, and their "no" stands
    assert result.is_error and result.structured_content["error"]["code"] == 70
    assert submits(emulator) == []


async def test_a_forged_answer_from_a_client_that_cannot_elicit_is_refused(
    settings, catalog, emulator, require_elicitation
) -> None:
    async with Client(create_server(settings, catalog)) as client:  # declares no elicitation
        result = await client.call_tool("gpt_image_2_edit", {**FACE_SWAP, "consent": ALL_CONSENT},
                                        input_responses=FORGED, request_state="consent")
    assert result.is_error and result.structured_content["error"]["code"] == 70
    assert submits(emulator) == []


async def test_an_answer_to_the_servers_own_question_runs_and_the_sidecar_says_so(
    settings, catalog, emulator, require_elicitation
) -> None:
    async def human(context: Any, params: Any) -> ElicitResult:
        return ElicitResult(action="accept", content=ALL_CONSENT)

    async with Client(create_server(settings, catalog), elicitation_callback=human) as client:
        result = await client.call_tool("gpt_image_2_edit", FACE_SWAP)
    assert not result.is_error, result.content
    sidecar = json.loads(Path(result.structured_content["sidecars"][0]).read_text())
    assert sidecar["consent_source"] == "elicitation"


async def test_attested_consent_is_recorded_as_tool_input_not_elicitation(settings, catalog, emulator) -> None:
    async with Client(create_server(settings, catalog)) as client:
        result = await client.call_tool("gpt_image_2_edit", {**FACE_SWAP, "consent": ALL_CONSENT},
                                        input_responses=FORGED, request_state="consent")
    assert not result.is_error, result.content
    sidecar = json.loads(Path(result.structured_content["sidecars"][0]).read_text())
    assert sidecar["consent_source"] == "tool_input"


def test_output_root_itself_may_be_a_symlink(tmp_path: Path) -> None:
    """The operator's own root may live behind a symlink; only tool-chosen subfolders are confined."""
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "root")
    settings = Settings(state_dir=tmp_path / "s", output_root=tmp_path / "root")
    assert settings.output_dir_for_tool("clips") == tmp_path / "real" / "clips"


# ---- bounded work per request --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [("lucy_edit_restyle", {"prompt": "p" * 1_000_000, "video_url": VIDEO}),
     ("lucy_edit_restyle", {"prompt": "Noir.", "video_url": VIDEO, "resolution": "r" * 1_000_000}),
     ("plan", {"request": "Swap faces.", "skill": "s" * 20_000}),
     ("job_status", {"job_id": "j" * 30_000}),
     ("gpt_image_2_edit", {**FACE_SWAP, "images": ["https://cdn.example.com/" + "a" * 100_000 + ".png", FACE]}),
     ("face_swap", {"request": "Swap faces.", "assets": [{"url": FACE, "role": "r" * 20_000}]})],
    ids=["huge_prompt", "huge_enum_value", "long_enum_value", "long_job_id", "100_kb_url", "long_role"],
)
async def test_a_huge_bad_argument_is_not_echoed_back(settings, catalog, emulator, tool: str, arguments) -> None:
    async with Client(create_server(settings, catalog)) as client:
        result = await client.call_tool(tool, arguments)
    assert result.is_error and result.structured_content["error"]["code"] in (64, 65)
    assert len(result.model_dump_json()) < 3000
    assert submits(emulator) == []


async def test_a_request_at_the_length_limit_is_still_planned(settings, catalog) -> None:
    from runcomfy_skills.bounds import MAX_REQUEST_CHARS

    request = ("Remove the watermark in the bottom-right corner of the clip. " * 100)[:MAX_REQUEST_CHARS]
    async with Client(create_server(settings, catalog)) as client:
        result = await client.call_tool("plan", {"request": request, "assets": [{"url": VIDEO}]})
    assert not result.is_error and result.structured_content["route"] == "wan-ai/wan-2-7/edit-video"
