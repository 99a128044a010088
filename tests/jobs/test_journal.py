"""The job journal: durable, crash-safe, shared between processes."""

from __future__ import annotations

import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.jobs.journal import DB_NAME, JobJournal
from runcomfy_skills.jobs.owners import new_owner_id
from runcomfy_skills.jobs.records import FileRecord, JobError

from tests.paths import REPO as REPO_ROOT


def _create(journal: JobJournal, tmp_path, **extra):
    return journal.create(
        model_id="wan-ai/wan-2-7/edit-video",
        body={"prompt": "paint the car red", "video": "https://example.com/a.mp4"},
        output_dir=tmp_path / "out",
        skill="video-inpainting",
        tool="video_inpaint",
        **extra,
    )


def test_state_folder_and_database_are_private(tmp_path):
    state = tmp_path / "state"
    JobJournal(state)
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE((state / DB_NAME).stat().st_mode) == 0o600


def test_journal_uses_write_ahead_logging(tmp_path):
    JobJournal(tmp_path)
    mode = sqlite3.connect(tmp_path / DB_NAME).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_new_record_starts_submitting_with_everything_needed_to_resume(tmp_path):
    journal = JobJournal(tmp_path / "state")
    record = _create(journal, tmp_path, consent={"identity_rights": True}, provenance={"consent": {}})
    stored = journal.get(record.job_id)
    assert stored.state == "submitting" and stored.request_id is None
    assert stored.body == {"prompt": "paint the car red", "video": "https://example.com/a.mp4"}
    assert stored.output_dir == str((tmp_path / "out").resolve())
    assert stored.consent == {"identity_rights": True} and stored.provenance == {"consent": {}}
    assert len(stored.job_id) == 12


def test_updates_survive_reopening_the_journal(tmp_path):
    journal = JobJournal(tmp_path)
    job = _create(journal, tmp_path).job_id
    files = [
        FileRecord(path="/o/a.mp4", url="https://cdn.runcomfy.net/a.mp4", size=3, sha256="ab", media_type="video/mp4")
    ]
    journal.update(job, request_id="req-1", state="completed", files=files, downloaded=True)
    journal.update(job, error=JobError(code=69, message="upstream down"))
    journal.close()

    reopened = JobJournal(tmp_path).get(job)
    assert (reopened.request_id, reopened.state, reopened.downloaded) == ("req-1", "completed", True)
    assert reopened.files == files
    assert reopened.error == JobError(code=69, message="upstream down")


def test_get_accepts_the_request_id_too(tmp_path):
    journal = JobJournal(tmp_path)
    job = _create(journal, tmp_path).job_id
    journal.update(job, request_id="req-xyz", state="in_queue")
    assert journal.get("req-xyz").job_id == job


def test_unknown_job_id_is_a_usage_error_that_points_at_jobs_list(tmp_path):
    with pytest.raises(SkillError) as err:
        JobJournal(tmp_path).get("nope")
    assert err.value.code == ExitCode.USAGE and "jobs_list" in err.value.hint


def test_invalid_state_is_rejected_and_nothing_is_written(tmp_path):
    journal = JobJournal(tmp_path)
    job = _create(journal, tmp_path).job_id
    with pytest.raises(ValueError):
        journal.update(job, state="exploded")
    assert journal.get(job).state == "submitting"


def test_list_is_newest_first_and_filters_by_state(tmp_path):
    journal = JobJournal(tmp_path)
    first, second, third = (_create(journal, tmp_path).job_id for _ in range(3))
    journal.update(second, state="failed")
    assert [r.job_id for r in journal.list()] == [third, second, first]
    assert [r.job_id for r in journal.list(states=["failed"])] == [second]
    assert [r.job_id for r in journal.list(limit=1, offset=1)] == [second]


def test_unsettled_lists_running_and_undownloaded_jobs_only(tmp_path):
    journal = JobJournal(tmp_path)
    ids = {name: _create(journal, tmp_path).job_id for name in ("queued", "undownloaded", "done", "failed", "unknown")}
    journal.update(ids["queued"], request_id="r1", state="in_queue")
    journal.update(ids["undownloaded"], request_id="r2", state="completed")
    journal.update(ids["done"], request_id="r3", state="completed", downloaded=True)
    journal.update(ids["failed"], request_id="r4", state="failed")
    journal.update(ids["unknown"], state="unknown")
    submitting = _create(journal, tmp_path).job_id
    assert {r.job_id for r in journal.unsettled()} == {ids["queued"], ids["undownloaded"], submitting}


def test_a_journal_from_a_newer_version_is_refused_with_a_clear_error(tmp_path):
    JobJournal(tmp_path).close()
    db = sqlite3.connect(tmp_path / DB_NAME)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(SkillError) as err:
        JobJournal(tmp_path)
    assert err.value.code == ExitCode.DATA and "newer version" in err.value.message


def test_a_live_owner_keeps_its_lease(tmp_path):
    journal = JobJournal(tmp_path)
    job = _create(journal, tmp_path).job_id
    assert journal.claim(job, "me", 60)
    assert not journal.claim(job, "someone-else", 60)
    assert journal.holder(job) == "me"


def test_an_expired_or_released_lease_can_be_taken(tmp_path):
    journal = JobJournal(tmp_path)
    job = _create(journal, tmp_path).job_id
    assert journal.claim(job, "first", -1)  # already expired
    assert journal.claim(job, "second", 60)
    journal.release(job, "second")
    assert journal.holder(job) is None and journal.claim(job, "third", 60)


def test_a_dead_process_lease_is_taken_at_once(tmp_path):
    journal = JobJournal(tmp_path)
    job = _create(journal, tmp_path).job_id
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_owner = f"{socket.gethostname()}:{child.stdout.strip()}:abcd1234"
    assert journal.claim(job, dead_owner, 600)
    assert journal.holder(job) is None
    assert journal.claim(job, new_owner_id(), 60)


_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from runcomfy_skills.jobs.journal import JobJournal
    journal = JobJournal(Path(sys.argv[1]))
    job = journal.create(model_id="m", body={"prompt": "x" * 4000}, output_dir=sys.argv[1]).job_id
    print(job, flush=True)
    n = 0
    while True:
        n += 1
        journal.update(job, queue_position=n, body={"prompt": str(n) * 4000})
        print(n, flush=True)
    """
)


def test_a_process_killed_mid_write_leaves_a_readable_journal_with_every_commit(tmp_path):
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(tmp_path)], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
    )
    job = writer.stdout.readline().strip()
    acknowledged = 0
    while acknowledged < 300:
        acknowledged = int(writer.stdout.readline())
    writer.send_signal(signal.SIGKILL)
    writer.wait()

    assert sqlite3.connect(tmp_path / DB_NAME).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    record = JobJournal(tmp_path).get(job)
    assert record.queue_position >= acknowledged
    assert record.body == {"prompt": str(record.queue_position) * 4000}


def test_a_journal_of_the_previous_schema_gains_the_new_tables_and_keeps_its_output_folders(tmp_path):
    journal = JobJournal(tmp_path)
    _create(journal, tmp_path)
    journal.close()
    db = sqlite3.connect(tmp_path / DB_NAME)  # back to schema 2, as an older release left it
    db.executescript("DROP INDEX jobs_state_created; DROP INDEX jobs_unsettled; DROP TABLE output_dirs;"
                     " DROP INDEX jobs_principal_created; DROP INDEX jobs_principal_state;"
                     " ALTER TABLE jobs DROP COLUMN principal; PRAGMA user_version=2;")
    db.close()
    reopened = JobJournal(tmp_path)
    assert reopened.output_dirs() == [(tmp_path / "out").resolve()]
    assert [r.state for r in reopened.unsettled()] == ["submitting"]


def _steps(journal: JobJournal, read) -> int:
    """SQLite virtual-machine steps (in thousands) a read takes: it grows with the rows the read visits."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    journal._db.set_progress_handler(tick, 1000)
    try:
        read()
    finally:
        journal._db.set_progress_handler(None, 0)
    return count


def test_listing_by_state_status_and_the_resume_scan_do_not_visit_every_row(tmp_path):
    journal = JobJournal(tmp_path)
    running = _create(journal, tmp_path).job_id
    journal.update(running, request_id="r-running", state="in_queue")
    reads = {
        "list by state": lambda: journal.list(states=["in_queue", "failed"]),
        "status": lambda: journal.get("r-running"),
        "resume scan": journal.unsettled,
        "output folders": journal.output_dirs,
    }
    few = {name: _steps(journal, read) for name, read in reads.items()}
    template = journal.get(running)
    for i in range(3000):
        journal.insert(template.model_copy(update={"job_id": f"old{i}", "request_id": f"r{i}", "state": "cancelled"}))
    many = {name: _steps(journal, read) for name, read in reads.items()}
    assert all(many[name] <= few[name] + 2 for name in reads), (few, many)


def test_a_principals_jobs_are_not_found_by_another_or_listed_for_it(tmp_path):
    journal = JobJournal(tmp_path)
    alices = _create(journal, tmp_path, principal="alice")
    journal.update(alices.job_id, request_id="r-alice", state="in_queue")
    local = _create(journal, tmp_path)
    for ref in (alices.job_id, "r-alice"):
        with pytest.raises(SkillError) as caught:
            journal.get(ref, "bob")
        assert "No job with id" in caught.value.message
        assert journal.get(ref, "alice").principal == "alice"
    assert [r.job_id for r in journal.list(principal="bob")] == []
    assert [r.job_id for r in journal.list(principal="alice")] == [alices.job_id]
    assert {r.job_id for r in journal.list()} == {alices.job_id, local.job_id}  # the operator sees all


def test_the_running_jobs_cap_counts_only_that_principals_running_jobs(tmp_path):
    journal = JobJournal(tmp_path)
    first = _create(journal, tmp_path, principal="alice", max_active=2)
    _create(journal, tmp_path, principal="alice", max_active=2)
    _create(journal, tmp_path, principal="bob", max_active=2)
    with pytest.raises(SkillError) as caught:
        _create(journal, tmp_path, principal="alice", max_active=2)
    assert caught.value.code == ExitCode.TEMPFAIL and "at most 2" in caught.value.message
    journal.update(first.job_id, state="completed")
    assert _create(journal, tmp_path, principal="alice", max_active=2).principal == "alice"
    assert len(journal.list(principal="alice")) == 3


def test_jobs_from_before_principals_belong_to_the_operator(tmp_path):
    journal = JobJournal(tmp_path)
    old = _create(journal, tmp_path)
    journal.close()
    db = sqlite3.connect(tmp_path / DB_NAME)  # back to schema 3, as the release before principals left it
    db.executescript("DROP INDEX jobs_principal_created; DROP INDEX jobs_principal_state;"
                     " ALTER TABLE jobs DROP COLUMN principal; PRAGMA user_version=3;")
    db.close()
    reopened = JobJournal(tmp_path)
    assert reopened.get(old.job_id).principal is None
    assert reopened.list(principal="alice") == []
    assert reopened.get(_create(reopened, tmp_path, principal="alice").job_id, "alice").principal == "alice"


def test_renewing_leases_keeps_ours_retakes_lapsed_ones_and_names_those_held_elsewhere(tmp_path):
    journal = JobJournal(tmp_path)
    ours, lapsed, taken = (_create(journal, tmp_path).job_id for _ in range(3))
    me = new_owner_id()
    assert journal.claim(ours, me, 600)
    journal.claim(lapsed, "elsewhere.example:1:gone", -1)  # expired
    assert journal.claim(taken, "elsewhere.example:1:busy", 600)
    assert journal.renew([ours, lapsed, taken], me, 600) == [taken]
    assert journal.holder(ours) == me and journal.holder(lapsed) == me


def test_an_update_can_lease_the_job_or_drop_only_its_own_lease_in_the_same_commit(tmp_path):
    journal = JobJournal(tmp_path)
    job = _create(journal, tmp_path).job_id
    journal.update(job, lease=("me", 60), request_id="req-1", state="in_queue")
    assert journal.holder(job) == "me" and not journal.claim(job, "someone-else", 60)
    journal.update(job, release="someone-else", state="in_progress")  # not its lease: kept
    assert journal.holder(job) == "me" and journal.get(job).state == "in_progress"
    journal.update(job, release="me", state="completed")
    assert journal.holder(job) is None and journal.get(job).state == "completed"


_FIELD_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from runcomfy_skills.jobs.journal import JobJournal
    journal = JobJournal(Path(sys.argv[1]))
    job, position = sys.argv[2], sys.argv[3] == "position"
    for n in range(1, 2001):
        record = journal.get(job)
        mine = record.queue_position if position else record.body.get("n")
        if (mine or 0) != n - 1:  # the other writer's update, made from a stale read, undid ours
            sys.exit(f"lost update: {mine} after {n - 1}")
        journal.update(job, **({"queue_position": n} if position else {"body": {"n": n}}))
    journal.close()
    """
)


def test_two_processes_updating_one_job_at_once_lose_neither_ones_changes(tmp_path):
    journal = JobJournal(tmp_path)
    job = _create(journal, tmp_path).job_id
    writers = [subprocess.Popen([sys.executable, "-c", _FIELD_WRITER, str(tmp_path), job, field], cwd=REPO_ROOT)
               for field in ("position", "body")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    record = journal.get(job)  # each update rewrites the whole record: a stale read would undo the other's
    assert record.queue_position == 2000 and record.body == {"n": 2000}
