"""A full output disk (a real small tmpfs): the download is a clear temporary error (75) that leaves
no partial file, and once space is free the job is collected; nothing is submitted twice.
(A full state disk: `test_journal_damage.py`.)"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from mcp import Client

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.settings import Settings
from tests.security.conftest import fill

pytestmark = pytest.mark.anyio

RESTYLE = {"prompt": "Film noir look.", "video_url": "https://cdn.example.com/clips/a.mp4"}


async def test_a_full_output_disk_is_75_with_no_partial_file_and_the_job_is_collected_later(
    small_disk: Path, catalog, emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RUNCOMFY_TOKEN", emulator.token)
    settings = Settings(api_base=emulator.base_url, state_dir=tmp_path / "state", output_root=small_disk / "out",
                        download_origins=(emulator.origin,), default_wait_seconds=3, poll_initial=0.05, poll_max=0.1)
    (small_disk / "out").mkdir()
    filler = fill(small_disk)
    async with Client(create_server(settings, catalog)) as client:
        first = await client.call_tool("lucy_edit_restyle", RESTYLE)
        error = first.structured_content["error"]
        assert first.is_error and error["code"] == 75 and "No space left" in error["message"], error
        assert "Free space" in error["hint"] and error["details"]["job"]["files"] == []
        job_id = error["details"]["job"]["job_id"]
        assert [p.name for p in (small_disk / "out").iterdir()] == []  # no .part file is left on the full disk
        filler.unlink()
        collected = await client.call_tool("job_result", {"job_id": job_id, "wait_seconds": 20})
    assert not collected.is_error, collected.content
    [file] = collected.structured_content["files"]
    assert hashlib.sha256(Path(file["path"]).read_bytes()).hexdigest() == file["sha256"]
    assert len(emulator.submits()) == 1
