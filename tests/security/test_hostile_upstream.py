"""A hostile Model API on loopback (the emulator's hostile faults) against the whole MCP server.

Each case runs a real tool call through a real MCP client session; afterwards the canary token
(the emulator's) must not appear in the tool result, the log, or any byte or file name the server
wrote (journal with its WAL, audit log, outputs, sidecars).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.sandbox.faults import Fault
from runcomfy_skills.settings import Settings
from tests.helpers.leaks import leaks

pytestmark = pytest.mark.anyio

VIDEO = "https://cdn.example.com/clips/street.mp4"
SCENE = "https://cdn.example.com/scene.jpg"
FACE = "https://cdn.example.com/identity-face.jpg"
ALL_CONSENT = {"identity_rights": True, "media_rights": True, "synthetic_media_allowed": True}
FACE_SWAP = ("gpt_image_2_edit", {"prompt": "Replace the face in image 1 with the face from image 2.",
                                  "images": [SCENE, FACE], "consent": ALL_CONSENT})
RESTYLE = ("lucy_edit_restyle", {"prompt": "Film noir look.", "video_url": VIDEO})


@pytest.fixture
def settings(emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("RUNCOMFY_TOKEN", emulator.token)
    return Settings(api_base=emulator.base_url, state_dir=tmp_path / "state", output_root=tmp_path / "out",
                    download_origins=(emulator.origin,), default_wait_seconds=20, poll_initial=0.05, poll_max=0.1,
                    max_files_per_job=5)


async def call(settings: Settings, catalog, tool: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    async with Client(create_server(settings, catalog)) as client:
        result = await client.call_tool(*tool)
    return result.model_dump(mode="json")


def assert_no_leak(emulator, settings: Settings, result: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    found = leaks(emulator.token, [settings.state_dir, settings.output_root], [json.dumps(result), caplog.text])
    assert found == []


def error_of(result: dict[str, Any]) -> dict[str, Any]:
    assert result["is_error"], result["content"]
    return result["structured_content"]["error"]


@pytest.mark.parametrize(
    ("fault", "tool", "code"),
    [
        (Fault(kind="echo_token", endpoint="submit"), RESTYLE, 65),  # token in a 200 body's error_code
        (Fault(kind="echo_token", echo_in="request_id"), RESTYLE, 75),  # token as the request id
        (Fault(kind="bad_request_id", text="../../../etc/passwd"), RESTYLE, 75),
        (Fault(kind="bad_request_id", text="x" * 5000), RESTYLE, 75),
        (Fault(kind="echo_token", echo_in="result_url"), FACE_SWAP, 65),  # token in the result link
    ],
    ids=["error_code", "request_id", "path_request_id", "huge_request_id", "result_url"],
)
async def test_a_hostile_answer_is_a_clean_error_that_carries_no_token(
    settings, catalog, emulator, caplog, fault: Fault, tool, code: int
) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.inject(fault)
    result = await call(settings, catalog, tool)
    assert error_of(result)["code"] == code
    assert_no_leak(emulator, settings, result, caplog)


async def test_a_result_link_with_the_token_is_neither_fetched_nor_stored(settings, catalog, emulator, caplog) -> None:
    emulator.inject(Fault(kind="echo_token", echo_in="result_url"))
    result = await call(settings, catalog, FACE_SWAP)
    assert "carrying the API token" in error_of(result)["message"]
    assert not any(path.startswith("/files/") for _, path in emulator.requests_log)
    assert not list(settings.output_root.glob("*.png"))


async def test_a_failed_job_that_echoes_the_token_keeps_its_error_without_it(settings, catalog, emulator, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.inject(Fault(kind="echo_token", echo_in="job_error"))
    result = await call(settings, catalog, RESTYLE)
    view = result["structured_content"]
    assert view["state"] == "failed" and "Model crashed with token ***" in view["error"]["message"]
    assert_no_leak(emulator, settings, result, caplog)


async def test_an_echo_while_polling_is_recorded_without_the_token(settings, catalog, emulator, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.inject(Fault(kind="echo_token", endpoint="status", times=1))
    result = await call(settings, catalog, RESTYLE)
    assert_no_leak(emulator, settings, result, caplog)


async def test_sixty_result_urls_meet_the_files_per_job_cap(settings, catalog, emulator, caplog) -> None:
    emulator.inject(Fault(kind="many_results", count=60))
    result = await call(settings, catalog, FACE_SWAP)
    error = error_of(result)
    assert error["code"] == 65 and "60 result files, over the cap of 5" in error["message"]
    files = error["details"]["job"]["files"]
    assert len(files) == 5 and len(error["details"]["job"]["sidecars"]) == 5
    assert sum(1 for _, path in emulator.requests_log if path.startswith("/files/")) == 5
    assert_no_leak(emulator, settings, result, caplog)


async def test_a_name_too_long_for_the_file_system_is_cut_so_its_sidecar_fits(settings, catalog, emulator) -> None:
    emulator.inject(Fault(kind="long_names", count=300))  # 300 × "ü" = 600 bytes, over the 255-byte limit
    result = await call(settings, catalog, FACE_SWAP)
    assert not result["is_error"], result["content"]
    [file] = result["structured_content"]["files"]
    [sidecar] = result["structured_content"]["sidecars"]
    assert Path(file["path"]).is_file() and len(Path(file["path"]).name.encode()) <= 200
    assert Path(file["path"]).suffix == ".png"
    assert json.loads(Path(sidecar).read_text())["file"] == Path(file["path"]).name


async def test_a_sidecar_that_cannot_be_written_fails_the_face_swap_visibly(settings, catalog, emulator) -> None:
    (settings.output_root / "image-0.png.provenance.json").mkdir(parents=True)  # a folder where the sidecar goes
    result = await call(settings, catalog, FACE_SWAP)
    error = error_of(result)
    assert error["code"] == 65 and "provenance sidecar could not be written" in error["message"]
    assert not (settings.output_root / "image-0.png").exists()  # no unlabeled face-swap output is left
    assert error["details"]["job"]["files"] == []


# ---- a hostile file host: redirects, oversized, endless and cut bodies ------------------------------


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (Fault(kind="redirect_foreign"), "evil.example"),
        (Fault(kind="redirect_local", times=None), "redirect"),  # a loop
        (Fault(kind="oversize", size=2 * 1024 * 1024), "cap"),  # declared length over the job's cap
        (Fault(kind="oversize", size=1024**4, chunked=True), "cap"),  # 1 TiB, no length: endless as far as we go
    ],
    ids=["redirect_foreign", "redirect_loop", "oversize_declared", "endless_chunked"],
)
async def test_a_hostile_file_host_is_a_clean_error_with_no_partial_file_and_no_token(
    settings, catalog, emulator, caplog, fault: Fault, words: str
) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.inject(fault)
    settings = settings.model_copy(update={"max_bytes_per_job": 1024 * 1024})
    result = await call(settings, catalog, RESTYLE)
    error = error_of(result)
    assert error["code"] in (65, 69, 75) and words in error["message"].lower(), error
    assert error["details"]["job"]["files"] == []
    assert [p.name for p in settings.output_root.rglob("*")] == []  # no part file, nothing half-written
    assert not any(host == "evil.example" for host, _ in emulator.requests_log)
    assert_no_leak(emulator, settings, result, caplog)


async def test_a_body_cut_short_leaves_no_part_file_and_the_retry_saves_it_whole(settings, catalog, emulator) -> None:
    emulator.inject(Fault(kind="truncated"))
    result = await call(settings, catalog, RESTYLE)
    assert not result["is_error"], result["content"]
    [file] = result["structured_content"]["files"]
    assert hashlib.sha256(Path(file["path"]).read_bytes()).hexdigest() == file["sha256"]
    assert [p.name for p in settings.output_root.rglob("*")] == [Path(file["path"]).name]
