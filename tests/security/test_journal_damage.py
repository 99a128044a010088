"""A journal that survives damage: unreadable rows, a damaged file, a full disk, kill -9 at the commit.

Every paid job the journal knew of is still collected afterwards; the server always starts.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.jobs import repair
from runcomfy_skills.jobs.journal import DB_NAME, JobJournal
from runcomfy_skills.jobs.owners import new_owner_id, owner_alive
from runcomfy_skills.jobs.records import JobRecord
from runcomfy_skills.sandbox.emulator import Fault
from tests.jobs.test_runner import BODY, MODEL, assert_files_intact, emulator, running_runner  # noqa: F401
from tests.paths import REPO
from tests.security.conftest import fill

pytestmark = pytest.mark.anyio


def break_row(state: Path, job_id: str, record: str = '{"job_id": "broken') -> None:
    db = sqlite3.connect(state / DB_NAME)
    db.execute("UPDATE jobs SET record = ? WHERE job_id = ?", (record, job_id))
    db.commit()
    db.close()


def cli(state: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RUNCOMFY_SKILLS_STATE_DIR": str(state), "PYTHONPATH": str(REPO / "server")}
    return subprocess.run([sys.executable, "-m", "runcomfy_skills", "journal", *argv], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)


async def started_job(emu, state: Path, out: Path) -> tuple[str, str]:
    """A job accepted upstream and journaled, left running when its process goes: (job id, request id)."""
    async with running_runner(emu, state) as runner:
        record = await runner.run(MODEL, BODY, output_dir=out, wait_seconds=0)
    runner.journal.close()  # the last connection checkpoints the WAL into the file: damage hits the file itself
    assert record.request_id
    return record.job_id, record.request_id


async def collected_after_restart(emu, state: Path, job_id: str) -> JobRecord:
    """A new process resumes the journal and collects the job: its files are on disk, intact."""
    async with running_runner(emu, state) as runner:
        await runner.resume()
        final = await runner.wait(job_id, wait_seconds=30)
    assert_files_intact(final)
    return final


# ---- rows that cannot be read --------------------------------------------------------------------


async def test_an_unreadable_row_is_quarantined_and_the_other_jobs_are_collected(emulator, tmp_path, caplog):
    emu = emulator(queue_seconds=0.3, run_seconds=0.3)
    state, out = tmp_path / "state", tmp_path / "out"
    good, _ = await started_job(emu, state, out)
    bad, bad_request = await started_job(emu, state, out)
    break_row(state, bad, "{not json")

    async with running_runner(emu, state) as runner:  # start-up reads every unsettled row
        resumed = await runner.resume()
        assert [r.job_id for r in resumed] == [good]
        final = await runner.wait(good, wait_seconds=30)
        assert [r.job_id for r in runner.list()] == [good]
        with pytest.raises(SkillError) as err:
            runner.get(bad)
    assert_files_intact(final)
    assert err.value.code == ExitCode.USAGE and "journal recover" in err.value.message
    assert bad in caplog.text and "journal recover" in caplog.text
    assert JobJournal(state).quarantined() == 1

    report = repair.recover(JobJournal(state))  # the request id survives in its column: the job comes back
    assert any(bad in line for line in report.recovered) and report.quarantined == 0
    restored = await collected_after_restart(emu, state, bad)
    assert restored.request_id == bad_request and len(emu.submits()) == 2


def test_a_row_that_fails_validation_is_quarantined_too(tmp_path):
    journal = JobJournal(tmp_path)
    job = journal.create(model_id="m/x", body={}, output_dir=tmp_path).job_id
    break_row(tmp_path, job, json.dumps({"job_id": job, "state": "exploded"}))
    assert journal.list() == [] and journal.unsettled() == [] and journal.quarantined() == 1


# ---- a damaged database file ----------------------------------------------------------------------


def damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "header":
        data[:100] = b"\xde\xad" * 50
    else:  # scribble over an index page: the header still reads, the b-tree does not (the rows survive)
        data[8192:12288] = b"\x00\xff" * 2048
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["header", "page"])
async def test_a_damaged_file_is_set_aside_the_server_starts_and_recover_collects_its_jobs(
    emulator, tmp_path, caplog, how: str
):
    emu = emulator(queue_seconds=0.3, run_seconds=0.3)
    state, out = tmp_path / "state", tmp_path / "out"
    job_id, request_id = await started_job(emu, state, out)
    damage(state / DB_NAME, how)

    journal = JobJournal(state)  # no exception: a fresh journal and a warning naming both files
    [aside] = repair.damaged_files(state / DB_NAME)
    assert journal.warnings and str(state / DB_NAME) in journal.warnings[0] and str(aside) in journal.warnings[0]
    assert str(aside) in caplog.text

    checked = cli(state, "check")
    assert checked.returncode == ExitCode.DATA and str(aside) in checked.stdout
    recovered = cli(state, "recover")
    assert recovered.returncode == ExitCode.OK, recovered.stdout + recovered.stderr
    assert job_id in recovered.stdout and request_id in recovered.stdout
    assert cli(state, "check").returncode == ExitCode.OK

    final = await collected_after_restart(emu, state, job_id)
    assert final.request_id == request_id and len(emu.submits()) == 1


def test_check_on_a_healthy_journal_exits_0_and_says_so(tmp_path):
    JobJournal(tmp_path).create(model_id="m/x", body={}, output_dir=tmp_path)
    result = cli(tmp_path, "check", "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["healthy"] and report["jobs"] == 1 and report["integrity"] == "ok"


def test_salvage_rebuilds_what_it_can_from_a_cut_record():
    text = '{"job_id": "abc123def456", "request_id": "req-9", "model_id": "a/b", "output_dir": "/o", "state": "in_pr'
    record = repair.salvage(text)
    assert record is not None and (record.job_id, record.request_id, record.model_id) == ("abc123def456", "req-9", "a/b")
    assert record.followable
    lost = repair.salvage('{"job_id": "abc123def456", "model_id": "a/b"')
    assert lost is not None and lost.state == "unknown" and not lost.followable
    assert repair.salvage("garbage") is None


# ---- the request id is journaled at once; leases of dead processes are taken at once ----------------

_HELPER = str(REPO / "tests/helpers/run_job.py")


async def test_a_process_killed_the_moment_its_request_id_is_committed_is_collected(emulator, tmp_path):
    emu = emulator(queue_seconds=0.3, run_seconds=0.5)
    state, out = tmp_path / "state", tmp_path / "out"
    child = subprocess.Popen([sys.executable, _HELPER, str(state), emu.base_url, emu.origin, str(out), MODEL,
                              json.dumps(BODY)], stdout=subprocess.DEVNULL)
    try:
        with anyio.fail_after(30):
            while True:  # watch the journal from outside, and kill as soon as the id is there
                try:
                    db = sqlite3.connect(f"file:{state / DB_NAME}?mode=ro", uri=True, timeout=0.05)
                    row = db.execute("SELECT job_id FROM jobs WHERE request_id IS NOT NULL").fetchone()
                    db.close()
                except sqlite3.Error:
                    row = None
                if row:
                    break
                await anyio.sleep(0.001)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    [job_id] = row

    started = time.monotonic()
    final = await collected_after_restart(emu, state, job_id)
    assert time.monotonic() - started < 20 and len(emu.submits()) == 1


def test_an_owner_with_this_pid_but_another_id_is_a_dead_predecessor():
    mine = new_owner_id()
    predecessor = mine.rsplit(":", 1)[0] + ":deadbeef"
    assert owner_alive(mine) and not owner_alive(predecessor)


async def test_a_request_the_journal_missed_can_be_adopted_and_collected(emulator, tmp_path):
    emu = emulator(queue_seconds=0.3, run_seconds=0.3)
    state, out = tmp_path / "state", tmp_path / "out"
    emu.inject(Fault(kind="drop_submit"))
    async with running_runner(emu, state) as runner:
        with pytest.raises(SkillError) as err:
            await runner.run(MODEL, BODY, output_dir=out, wait_seconds=5)
    assert err.value.code == ExitCode.TEMPFAIL
    [accepted] = emu.submits()  # what the dashboard would show
    adopted = cli(state, "adopt", accepted["request_id"], "--model", MODEL, "--output-dir", str(out))
    assert adopted.returncode == 0, adopted.stderr
    job_id = json.loads(adopted.stdout)["job_id"]
    final = await collected_after_restart(emu, state, job_id)
    assert len(emu.submits()) == 1


# ---- a full disk: a real one (a small tmpfs), never a mock ------------------------------------------


def test_a_full_state_disk_is_a_temporary_error_before_anything_is_journaled(small_disk):
    journal = JobJournal(small_disk / "state")
    fill(small_disk)
    with pytest.raises(SkillError) as err:
        for _ in range(50):  # the first rows may still fit in pages SQLite already holds
            journal.create(model_id="m/x", body={"prompt": "x" * 2000}, output_dir=small_disk)
    assert err.value.code == ExitCode.TEMPFAIL and "full" in err.value.message


async def test_a_paid_call_on_a_full_state_disk_answers_75_and_sends_nothing(small_disk, catalog, monkeypatch):
    from mcp import Client

    from runcomfy_skills.mcp.app import create_server
    from runcomfy_skills.settings import Settings
    from runcomfy_skills.sandbox.emulator import Emulator

    with Emulator(catalog) as emu:
        monkeypatch.setenv("RUNCOMFY_TOKEN", emu.token)
        settings = Settings(api_base=emu.base_url, state_dir=small_disk / "state", output_root=small_disk.parent / "out",
                            download_origins=(emu.origin,), poll_initial=0.05, poll_max=0.1)
        async with Client(create_server(settings, catalog)) as client:
            fill(small_disk)
            result = await client.call_tool("lucy_edit_restyle",
                                            {"prompt": "Film noir look.", "video_url": "https://cdn.example.com/a.mp4"})
        assert result.is_error and result.structured_content["error"]["code"] == 75, result.content
        assert "nothing was submitted" in result.structured_content["error"]["message"]
        assert emu.submits() == []


async def test_the_mcp_server_starts_on_a_damaged_journal_and_jobs_list_names_the_file(tmp_path, catalog, monkeypatch):
    from mcp import Client

    from runcomfy_skills.mcp.app import create_server
    from runcomfy_skills.settings import Settings

    state = tmp_path / "state"
    journal = JobJournal(state)
    good = journal.create(model_id="m/x", body={}, output_dir=tmp_path).job_id
    bad = journal.create(model_id="m/x", body={}, output_dir=tmp_path).job_id
    journal.close()
    break_row(state, bad, "{oops")
    monkeypatch.setenv("RUNCOMFY_TOKEN", "token-for-a-server-that-sends-nothing")
    settings = Settings(api_base="http://127.0.0.1:9/v1", state_dir=state, output_root=tmp_path / "out")
    async with Client(create_server(settings, catalog)) as client:
        listed = await client.call_tool("jobs_list", {})
    data = listed.structured_content
    assert not listed.is_error and [j["job_id"] for j in data["jobs"]] == [good]
    assert "journal recover" in " ".join(data["warnings"])

    damage(state / DB_NAME, "header")
    async with Client(create_server(settings, catalog)) as client:
        listed = await client.call_tool("jobs_list", {})
    [aside] = repair.damaged_files(state / DB_NAME)
    assert not listed.is_error and str(aside) in " ".join(listed.structured_content["warnings"])
