"""The request path's start-up: what a killed process left behind is cleared, its job collected."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runcomfy_skills.jobs.journal import JobJournal
from runcomfy_skills.pipeline import open_pipeline
from runcomfy_skills.sandbox.emulator import Emulator, Fault
from runcomfy_skills.settings import Settings
from tests.paths import REPO

pytestmark = pytest.mark.anyio
MODEL = "decart/lucy-edit/restyle"
BODY = {"prompt": "make it film noir", "video_url": "https://example.com/clip.mp4"}


async def test_parts_of_a_download_killed_midway_are_removed_at_start_up_and_the_job_collected(
    catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state, out = tmp_path / "state", tmp_path / "out"
    with Emulator(catalog, queue_seconds=0.05, run_seconds=0.05) as emu:
        emu.inject(Fault(kind="oversize", size=1024**3))  # a 1 GiB result: slow enough to be killed mid-way
        child = subprocess.Popen([sys.executable, str(REPO / "tests/helpers/run_job.py"), str(state), emu.base_url,
                                  emu.origin, str(out), MODEL, json.dumps(BODY)], stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 30
            while not list(out.glob(".*.part-*")) and time.monotonic() < deadline:
                time.sleep(0.005)
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        [part] = list(out.glob(".*.part-*"))
        assert f".part-{child.pid}-" in part.name

        monkeypatch.setenv("RUNCOMFY_TOKEN", emu.token)
        settings = Settings(api_base=emu.base_url, state_dir=state, output_root=tmp_path / "root",
                            download_origins=(emu.origin,), poll_initial=0.05, poll_max=0.1)
        async with open_pipeline(settings, catalog) as pipeline:
            assert not part.exists()
            [job] = JobJournal(state).list()
            view = await pipeline.job_result(job.job_id, 30)
    assert view["state"] == "completed" and view["files"] and os.path.getsize(view["files"][0]["path"]) > 0
    assert not list(out.glob(".*.part-*")) and len(emu.submits()) == 1
