"""What a job may write: a cap on bytes per job, and only into the folder it was given."""

from __future__ import annotations

from pathlib import Path

import pytest

from runcomfy_skills.errors import ExitCode
from runcomfy_skills.jobs.outputs import OutputLimits
from runcomfy_skills.sandbox.emulator import Fault
from tests.jobs.test_runner import emulator, running_runner  # noqa: F401

pytestmark = pytest.mark.anyio
FACE_SWAP = "openai/gpt-image-2/edit"
BODY = {"prompt": "swap", "images": ["https://example.com/a.png", "https://example.com/b.png"]}


async def test_the_bytes_per_job_cap_holds_across_parallel_downloads(emulator, tmp_path):
    emu = emulator(queue_seconds=0.05, run_seconds=0.05)
    emu.inject(Fault(kind="many_results", count=6))
    async with running_runner(emu, tmp_path / "state", output_limits=OutputLimits(max_bytes_per_job=1500)) as runner:
        record = await runner.run(FACE_SWAP, BODY, output_dir=tmp_path / "out", wait_seconds=30)
    saved = sorted((tmp_path / "out").iterdir())
    assert record.error is not None and record.error.code == ExitCode.DATA and "1500-byte cap" in record.error.message
    assert sum(p.stat().st_size for p in saved) <= 1500 and len(saved) < 6
    assert not [p for p in saved if p.name.startswith(".")]  # no partial file is left behind


async def test_a_symlink_put_in_the_output_path_after_submit_gets_nothing_written(emulator, tmp_path):
    emu = emulator(queue_seconds=0.3, run_seconds=0.3)
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    async with running_runner(emu, tmp_path / "state") as runner:
        record = await runner.run(FACE_SWAP, BODY, output_dir=out, wait_seconds=0)
        out.rmdir()
        out.symlink_to(elsewhere, target_is_directory=True)  # swapped while the job runs
        final = await runner.wait(record.job_id, wait_seconds=10)
    assert final.error is not None and "now leads elsewhere" in final.error.message
    assert list(elsewhere.iterdir()) == [] and not final.files
