"""The job runner against the emulator over real loopback HTTP: no result of a paid job is lost."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
import pytest

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.jobs.runner import JobProgress, JobRunner
from runcomfy_skills.jobs.journal import JobJournal
from runcomfy_skills.jobs.owners import new_owner_id
from runcomfy_skills.jobs.records import JobRecord
from runcomfy_skills.runcomfy.client import DownloadedFile, RunComfyClient
from runcomfy_skills.sandbox.emulator import Emulator, Fault

pytestmark = pytest.mark.anyio

from tests.paths import REPO
MODEL = "decart/lucy-edit/restyle"
BODY = {"prompt": "make it film noir", "video_url": "https://example.com/clip.mp4"}


@pytest.fixture
def emulator(catalog) -> Iterator[Callable[..., Emulator]]:
    """A factory: `emulator(queue_seconds=..., run_seconds=...)`; every one is stopped afterwards."""
    started: list[Emulator] = []

    def start(queue_seconds: float = 0.2, run_seconds: float = 0.4) -> Emulator:
        started.append(Emulator(catalog, queue_seconds=queue_seconds, run_seconds=run_seconds).start())
        return started[-1]

    yield start
    for emu in started:
        emu.stop()


def client_for(emu: Emulator, **timing: float) -> RunComfyClient:
    timing = {"poll_initial": 0.05, "poll_max": 0.2, **timing}
    return RunComfyClient(emu.token, emu.base_url, download_origins=(emu.origin,), **timing)


@asynccontextmanager
async def running_runner(emu: Emulator, state: Path, **options) -> AsyncIterator[JobRunner]:
    client_timing = options.pop("client_timing", {})
    async with client_for(emu, **client_timing) as client:
        runner = JobRunner(client, JobJournal(state), **options)
        async with runner.running():
            yield runner


async def eventually(check: Callable[[], bool], timeout: float = 15.0) -> None:
    with anyio.fail_after(timeout):
        while not check():
            await anyio.sleep(0.05)


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def requests_to(emu: Emulator, method: str, suffix: str) -> list[str]:
    return [path for m, path in emu.requests_log if m == method and path.endswith(suffix)]


def assert_files_intact(record: JobRecord) -> None:
    assert record.state == "completed" and record.downloaded and record.files
    for file in record.files:
        assert Path(file.path).is_file() and sha256(file.path) == file.sha256
        assert Path(file.path).parent == Path(record.output_dir)


async def test_run_saves_outputs_and_records_them_in_the_journal(emulator, tmp_path):
    emu = emulator()
    async with running_runner(emu, tmp_path / "state") as runner:
        record = await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=30, skill="video-inpainting")
    assert_files_intact(record)
    assert record.files[0].media_type == "video/mp4" and record.output_urls == [record.files[0].url]
    stored = JobJournal(tmp_path / "state").get(record.job_id)
    assert stored.files == record.files and stored.request_id == emu.submits()[0]["request_id"]
    assert stored.body == BODY and stored.skill == "video-inpainting"


async def test_the_job_is_journaled_before_the_submit_is_sent(emulator, tmp_path):
    emu = emulator()
    emu.inject(Fault(kind="slow", endpoint="submit", delay=1.0))
    journal = JobJournal(tmp_path / "state")
    async with running_runner(emu, tmp_path / "state") as runner, anyio.create_task_group() as tg:
        tg.start_soon(lambda: runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=30))
        await eventually(lambda: bool(emu.requests_log))  # the POST is on the wire, unanswered
        [pending] = journal.list()
        assert pending.state == "submitting" and pending.request_id is None and pending.body == BODY
    assert journal.get(pending.job_id).downloaded


async def test_bounded_wait_returns_early_and_the_follower_downloads_later(emulator, tmp_path):
    emu = emulator(queue_seconds=0.1, run_seconds=1.5)
    async with running_runner(emu, tmp_path / "state") as runner:
        record = await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=0.3)
        assert record.state in ("in_queue", "in_progress") and record.request_id and not record.files
        await eventually(lambda: runner.get(record.job_id).downloaded)  # nobody waits; it still arrives
        assert_files_intact(runner.get(record.job_id))


async def test_progress_reports_every_change_and_heartbeats(emulator, tmp_path):
    emu = emulator(queue_seconds=0.5, run_seconds=1.2)
    seen: list[JobProgress] = []

    async def on_progress(progress: JobProgress) -> None:
        seen.append(progress)

    async with running_runner(emu, tmp_path / "state", heartbeat=0.2, client_timing={"poll_max": 0.1}) as runner:
        record = await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=30, on_progress=on_progress)
    states = [p.state for p in seen]
    assert {"in_queue", "in_progress", "completed"} <= set(states)
    assert states.index("in_queue") < states.index("in_progress") < states.index("completed")
    running = [p for p in seen if p.state == "in_progress"]
    assert len(running) >= 3  # 1.2 s of running with a 0.2 s heartbeat: the change plus beats
    assert seen[-1].state == "completed" and "1 file(s)" in seen[-1].message and seen[-1].job_id == record.job_id
    assert all(b.elapsed >= a.elapsed for a, b in zip(seen, seen[1:], strict=False))


async def test_restart_resumes_a_job_left_in_flight(emulator, tmp_path):
    emu = emulator(queue_seconds=0.1, run_seconds=1.0)
    state = tmp_path / "state"
    async with running_runner(emu, state) as first:
        record = await first.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=0.2)
    # The first runner's task group is gone mid-job: nothing was cancelled upstream, nothing saved.
    assert not requests_to(emu, "POST", "/cancel") and not any((tmp_path / "out").glob("*.mp4"))
    assert JobJournal(state).get(record.job_id).state in ("in_queue", "in_progress")

    async with running_runner(emu, state) as second:
        resumed = await second.resume()
        assert [r.job_id for r in resumed] == [record.job_id]
        final = await second.wait(record.job_id, wait_seconds=30)
    assert_files_intact(final)
    assert len(emu.submits()) == 1


async def test_a_killed_process_is_resumed_without_resubmitting(emulator, tmp_path):
    emu = emulator(queue_seconds=0.5, run_seconds=3.0)
    state, out = tmp_path / "state", tmp_path / "out"
    child = subprocess.Popen(
        [sys.executable, str(REPO / "tests/helpers/run_job.py"), str(state), emu.base_url, emu.origin, str(out), MODEL,
         json.dumps(BODY)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        line = child.stdout.readline().split()
        assert line[:1] == ["submitted"], line
        await eventually(lambda: len(requests_to(emu, "GET", "/status")) >= 2)  # it is mid-wait
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    job_id = line[1]
    assert JobJournal(state).get(job_id).state in ("in_queue", "in_progress")

    async with running_runner(emu, state) as runner:
        await runner.resume()
        final = await runner.wait(job_id, wait_seconds=30)
    assert_files_intact(final)
    assert len(emu.submits()) == 1 and not requests_to(emu, "POST", "/cancel")


async def test_cancelling_the_waiting_call_cancels_a_queued_job_upstream(emulator, tmp_path):
    emu = emulator(queue_seconds=30, run_seconds=1)
    async with running_runner(emu, tmp_path / "state") as runner:
        with anyio.move_on_after(0.5) as scope:  # the caller gives up (MCP cancel, Ctrl-C)
            await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=60)
        assert scope.cancelled_caught
        [record] = runner.list()
    request_id = emu.submits()[0]["request_id"]
    assert requests_to(emu, "POST", f"/requests/{request_id}/cancel")
    assert record.state == "cancelled" and record.cancel_requested and not record.not_cancellable


async def test_a_caller_cancelled_mid_submit_still_cancels_the_job_it_started(emulator, tmp_path):
    emu = emulator(queue_seconds=30, run_seconds=1)
    emu.inject(Fault(kind="slow", endpoint="submit", delay=1.0))
    async with running_runner(emu, tmp_path / "state") as runner:
        with anyio.move_on_after(0.3):  # gives up while the POST is still unanswered
            await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=60)
        [record] = runner.list()
    assert record.request_id == emu.submits()[0]["request_id"]
    assert record.state == "cancelled" and requests_to(emu, "POST", f"/requests/{record.request_id}/cancel")


async def test_cancelling_a_running_job_marks_it_billed_and_follows_it_to_its_files(emulator, tmp_path):
    emu = emulator(queue_seconds=0.1, run_seconds=1.5)
    async with running_runner(emu, tmp_path / "state") as runner:
        seen: list[str] = []
        with anyio.move_on_after(0.8):
            await runner.run(
                MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=60, on_progress=lambda p: seen.append(p.state)
            )
        assert "in_progress" in seen
        [record] = runner.list()
        assert record.not_cancellable and record.cancel_requested and record.state == "in_progress"
        await eventually(lambda: runner.get(record.job_id).downloaded)
        final = runner.get(record.job_id)
    assert requests_to(emu, "POST", "/cancel")
    assert_files_intact(final)
    assert final.not_cancellable


async def test_explicit_cancel_stops_a_queued_job(emulator, tmp_path):
    emu = emulator(queue_seconds=30, run_seconds=1)
    async with running_runner(emu, tmp_path / "state") as runner:
        record = await runner.submit(MODEL, BODY, output_dir=tmp_path / "out")
        cancelled = await runner.cancel(record.job_id)
    assert cancelled.state == "cancelled" and requests_to(emu, "POST", f"/requests/{record.request_id}/cancel")


async def test_explicit_cancel_of_a_running_job_after_a_restart_still_gets_its_files(emulator, tmp_path):
    emu = emulator(queue_seconds=0.1, run_seconds=1.0)
    state = tmp_path / "state"
    async with running_runner(emu, state) as first:
        record = await first.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=0.4)
    async with running_runner(emu, state) as second:  # no resume(): only the cancel touches the job
        cancelled = await second.cancel(record.job_id)
        assert cancelled.not_cancellable and cancelled.state == "in_progress"
        await eventually(lambda: second.get(record.job_id).downloaded)
    assert_files_intact(second.get(record.job_id))


async def test_a_lost_submit_response_is_marked_unknown_and_never_resent(emulator, tmp_path):
    emu = emulator()
    emu.inject(Fault(kind="drop_submit"))
    state = tmp_path / "state"
    async with running_runner(emu, state) as runner:
        with pytest.raises(SkillError) as err:
            await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=10)
    job_id = err.value.details["job_id"]
    assert err.value.code == ExitCode.TEMPFAIL
    assert "job_status" in err.value.hint and "dashboard" in err.value.hint
    record = JobJournal(state).get(job_id)
    assert record.state == "unknown" and record.request_id is None and record.error.code == ExitCode.TEMPFAIL

    async with running_runner(emu, state) as again:
        assert await again.resume() == []
        await anyio.sleep(0.5)
        assert again.get(job_id).state == "unknown"
    assert len(emu.submits()) == 1


async def test_a_submit_cut_off_by_a_crash_becomes_unknown_on_resume(emulator, tmp_path):
    emu = emulator()
    journal = JobJournal(tmp_path / "state")
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = new_owner_id().split(":")
    orphan = journal.create(
        model_id=MODEL,
        body=BODY,
        output_dir=tmp_path / "out",
        owner=f"{dead[0]}:{child.stdout.strip()}:x",
        lease_seconds=600,
    )
    async with running_runner(emu, tmp_path / "state") as runner:
        await runner.resume()
        record = runner.get(orphan.job_id)
    assert record.state == "unknown" and "dashboard" in record.error.hint
    assert emu.submits() == []


async def test_a_rejected_submit_is_recorded_as_failed_and_raised(emulator, tmp_path):
    emu = emulator()
    async with running_runner(emu, tmp_path / "state") as runner:
        with pytest.raises(SkillError) as err:
            await runner.run(MODEL, {"prompt": "x"}, output_dir=tmp_path / "out", wait_seconds=5)
        record = runner.get(err.value.details["job_id"])
    assert err.value.code == ExitCode.DATA
    assert record.state == "failed" and record.error.code == ExitCode.DATA and record.request_id is None


async def test_a_failed_job_keeps_the_upstream_error(emulator, tmp_path):
    emu = emulator()
    emu.inject(Fault(kind="job_failed"))
    async with running_runner(emu, tmp_path / "state") as runner:
        record = await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=30)
    assert record.state == "failed" and record.settled and "crashed" in record.error.message
    assert not requests_to(emu, "GET", ".mp4")


async def test_fifty_concurrent_jobs_all_complete_with_files(emulator, tmp_path):
    emu = emulator(queue_seconds=0.3, run_seconds=0.5)
    records: list[JobRecord] = []
    async with running_runner(emu, tmp_path / "state") as runner:

        async def one(i: int) -> None:
            records.append(await runner.run(MODEL, BODY, output_dir=tmp_path / f"out{i}", wait_seconds=60))

        async with anyio.create_task_group() as tg:
            for i in range(50):
                tg.start_soon(one, i)
    assert len(records) == 50 and len({r.request_id for r in records}) == 50
    for record in records:
        assert_files_intact(record)
    assert len(emu.submits()) == 50


async def test_a_failed_download_fetches_only_the_files_still_missing(emulator, tmp_path):
    emu = emulator()
    emu.inject(Fault(kind="truncated", times=1))  # one of the three images breaks off mid-body
    body = {"prompt": "same face in three scenes", "image_urls": ["https://example.com/me.png"], "number_of_images": 3}
    async with running_runner(emu, tmp_path / "state", retry_initial=0.1) as runner:
        record = await runner.run("google/nano-banana-2/edit", body, output_dir=tmp_path / "out", wait_seconds=30)
    assert_files_intact(record)
    assert [f.url for f in record.files] == record.output_urls and len(record.files) == 3
    assert len(requests_to(emu, "GET", ".png")) == 4  # three, plus the one that broke
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["image-0.png", "image-1.png", "image-2.png"]


async def test_several_waiters_share_one_watcher(emulator, tmp_path):
    emu = emulator(queue_seconds=0.2, run_seconds=1.0)
    timing = {"poll_initial": 0.2, "poll_max": 0.2}
    async with running_runner(emu, tmp_path / "state", client_timing=timing) as runner:
        record = await runner.submit(MODEL, BODY, output_dir=tmp_path / "out")
        results: list[JobRecord] = []

        async def waiter() -> None:
            results.append(await runner.wait(record.job_id, wait_seconds=30))

        async with anyio.create_task_group() as tg:
            for _ in range(4):
                tg.start_soon(waiter)
    assert [r.downloaded for r in results] == [True] * 4
    polls = len(requests_to(emu, "GET", f"/requests/{record.request_id}/status"))
    assert polls <= 9  # one poller every ~0.2 s over ~1.2 s; four pollers would make ~24
    assert len(requests_to(emu, "GET", ".mp4")) == 1


async def test_a_second_process_does_not_follow_a_job_already_followed(emulator, tmp_path):
    emu = emulator(queue_seconds=0.1, run_seconds=1.0)
    state, timing = tmp_path / "state", {"poll_initial": 0.2, "poll_max": 0.2}
    async with running_runner(emu, state, client_timing=timing) as first, running_runner(emu, state) as second:
        record = await first.submit(MODEL, BODY, output_dir=tmp_path / "out")
        await anyio.sleep(0.1)
        await second.resume()  # e.g. a second server started on the same state folder
        from_second = await second.wait(record.job_id, wait_seconds=30)
        await eventually(lambda: first.get(record.job_id).downloaded)
    assert_files_intact(from_second)
    assert (
        len(requests_to(emu, "GET", "/status")) <= 8
    )  # the first polls every 0.2 s; the second only reads the journal
    assert len(requests_to(emu, "GET", ".mp4")) == 1 and len(list((tmp_path / "out").glob("*.mp4"))) == 1


async def test_collecting_a_finished_job_returns_the_files_already_on_disk(emulator, tmp_path):
    emu = emulator()
    state = tmp_path / "state"
    async with running_runner(emu, state) as runner:
        record = await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=30)
    async with running_runner(emu, state) as after_restart:
        collected = await after_restart.collect(record.job_id)
    assert collected.files == record.files
    assert len(requests_to(emu, "GET", ".mp4")) == 1


async def test_collecting_downloads_again_a_file_that_vanished(emulator, tmp_path):
    emu = emulator()
    async with running_runner(emu, tmp_path / "state") as runner:
        record = await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=30)
        Path(record.files[0].path).unlink()
        collected = await runner.collect(record.job_id, wait_seconds=30)
    assert_files_intact(collected)
    assert len(requests_to(emu, "GET", ".mp4")) == 2


async def test_collecting_downloads_again_a_file_whose_bytes_changed(emulator, tmp_path):
    emu = emulator()
    async with running_runner(emu, tmp_path / "state") as runner:
        record = await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=30)
        Path(record.files[0].path).write_bytes(b"tampered")
        collected = await runner.collect(record.job_id, wait_seconds=30)
    assert_files_intact(collected)
    assert collected.files[0].path != record.files[0].path  # the changed file is left alone, not overwritten


async def test_the_files_hook_runs_after_download_and_its_paths_are_recorded(emulator, tmp_path):
    emu = emulator(queue_seconds=0.1, run_seconds=0.8)
    state = tmp_path / "state"

    def sidecars(record: JobRecord, files: list[DownloadedFile]) -> list[Path]:
        written = []
        for f in files:
            side = f.path.with_name(f.path.name + ".provenance.json")
            side.write_text(json.dumps({"sha256": f.sha256, **(record.provenance or {})}))
            written.append(side)
        return written

    async with running_runner(emu, state) as first:  # torn down mid-job: the hook runs on resume
        record = await first.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=0.1, provenance={"who": "test"})
    async with running_runner(emu, state, on_files=sidecars) as second:
        await second.resume()
        final = await second.wait(record.job_id, wait_seconds=30)
    [side] = final.extra_paths
    assert json.loads(Path(side).read_text()) == {"sha256": final.files[0].sha256, "who": "test"}


async def test_the_journal_never_holds_the_token(emulator, tmp_path):
    emu = emulator()
    emu.inject(Fault(kind="unauthorized", endpoint="status", times=1))
    async with running_runner(emu, tmp_path / "state") as runner:
        await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=30)
    stored = b"".join(p.read_bytes() for p in (tmp_path / "state").iterdir())
    assert emu.token.encode() not in stored and b"Bearer" not in stored


async def test_a_running_job_survives_transient_upstream_errors(emulator, tmp_path):
    emu = emulator(queue_seconds=0.1, run_seconds=0.5)
    emu.inject(Fault(kind="server_error", endpoint="status", times=6))
    async with running_runner(emu, tmp_path / "state", retry_initial=0.1) as runner:
        record = await runner.run(MODEL, BODY, output_dir=tmp_path / "out", wait_seconds=30)
    assert_files_intact(record)
    assert record.error is None


async def test_a_job_whose_lease_another_process_took_is_no_longer_polled(emulator, tmp_path):
    emu = emulator(queue_seconds=30, run_seconds=1.0)
    state = tmp_path / "state"
    async with running_runner(emu, state, lease_seconds=0.6, client_timing={"poll_initial": 0.1, "poll_max": 0.1}) as runner:
        record = await runner.submit(MODEL, BODY, output_dir=tmp_path / "out")
        await eventually(lambda: len(requests_to(emu, "GET", "/status")) >= 2)
        other = JobJournal(state)
        other.release(record.job_id, runner.owner)
        assert other.claim(record.job_id, "elsewhere.example:1:other", lease_seconds=600)  # a live holder on another host
        await anyio.sleep(0.6)  # the next renewal (every lease/3) finds the lease taken
        polls = len(requests_to(emu, "GET", "/status"))
        await anyio.sleep(0.6)
        assert len(requests_to(emu, "GET", "/status")) == polls


async def test_a_submitted_job_is_leased_to_its_follower_until_its_files_are_saved(emulator, tmp_path):
    emu = emulator(queue_seconds=0.5, run_seconds=0.5)
    state = tmp_path / "state"
    async with running_runner(emu, state) as runner:
        record = await runner.submit(MODEL, BODY, output_dir=tmp_path / "out")
        other = JobJournal(state)  # another process sharing the folder cannot take it from the submit on
        assert other.holder(record.job_id) == runner.owner
        assert not other.claim(record.job_id, "elsewhere.example:1:other", lease_seconds=60)
        done = await runner.wait(record.job_id, wait_seconds=30)
    assert_files_intact(done)
    assert other.holder(record.job_id) is None  # dropped in the commit that saved the files
    assert len(requests_to(emu, "GET", "/result")) == 1 and len(requests_to(emu, "GET", ".mp4")) == 1
