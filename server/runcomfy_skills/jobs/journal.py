"""The job journal: one durable record per paid job, kept in the server's state folder.

Why SQLite (stdlib `sqlite3`) rather than an append-only JSON-lines file:
- atomic and crash-safe: every change is one transaction; in WAL mode a process killed at any
  instant leaves the database with every committed change and none of a half-written one, where
  a killed append can leave a torn last line that every reader must learn to skip;
- concurrent readers: the MCP server, a CLI in another terminal and a second server sharing the
  folder read while one of them writes, and `busy_timeout` serialises writers without our locks;
- queryable: `jobs_list` filters by state and sorts by time with an index instead of replaying a
  log, and a record is updated in place instead of being folded from many lines on every read;
- no dependency: it ships with Python.
The file itself (schema, migrations, pragmas, the clean-close marker, what SQLite errors mean)
is `journal_file.py`.

Each row keeps the full record as JSON plus the columns queries need. A lease (`owner`,
`lease_until`) lets several processes share the folder without two of them following, and
downloading, the same job.

Damage is survived, not fatal: a row that cannot be read is moved to the `quarantine` table,
reported and skipped (`repair.py` salvages it: `runcomfy-skills journal recover`); a database file
SQLite calls corrupt is set aside under a new name and a fresh journal started, with a warning
naming both. A full disk is a temporary error (75), raised before anything is submitted. Every
string is redacted before it is stored.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from runcomfy_skills.errors import ExitCode, SkillError, redact
from runcomfy_skills.jobs import repair
from runcomfy_skills.jobs.journal_file import DB_NAME, UNSETTLED, failure, mark_closed_clean, open_database
from runcomfy_skills.jobs.owners import owner_alive
from runcomfy_skills.jobs.records import JobRecord, changed, clean_record, utcnow

__all__ = ["ACTIVE_STATES", "DB_NAME", "JobJournal"]

log = logging.getLogger(__name__)

ACTIVE_STATES = ("submitting", "in_queue", "in_progress")
_COLUMNS = "rowid, job_id, request_id, state, created_at, record"
_INSERT_JOB = ("INSERT INTO jobs (job_id, request_id, state, downloaded, created_at, updated_at, owner, lease_until,"
               " principal, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


class JobJournal:
    """SQLite-backed store of `JobRecord`s; one transaction per change, safe across processes."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = Path(state_dir)
        self.path = self.state_dir / DB_NAME
        try:
            self.state_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not self.path.exists():
                # Create the file 0600 ourselves: SQLite gives its -wal/-shm files the same mode.
                os.close(os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600))
        except OSError as exc:
            raise SkillError(
                ExitCode.USAGE,
                f"Cannot use the state folder for the job journal: {exc.strerror or exc}.",
                where=str(self.state_dir),
                hint="Point RUNCOMFY_SKILLS_STATE_DIR at a writable folder (it holds the job journal and audit log).",
            ) from None
        self._lock = threading.Lock()
        self._listed_dirs: set[str] = set()  # output folders this journal has put in `output_dirs`
        self.warnings: list[str] = []  # what start-up found and repaired, for the operator
        try:
            self._db = open_database(self.path)
        except sqlite3.DatabaseError as exc:
            if not repair.is_damage(exc):
                raise failure(exc, self.path) from None
            aside = repair.set_aside(self.path)
            warning = (f"The job journal {self.path} is damaged ({exc}); it was moved to {aside} and a new journal "
                       "started. Run `runcomfy-skills journal recover` to bring back the jobs it still holds.")
            log.warning("%s", warning)
            self.warnings.append(warning)
            self._db = open_database(self.path)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; BEGIN IMMEDIATE takes the write lock before any read in it."""
        with self._lock, self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise failure(exc, self.path) from None

    def _read(self, query: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock, self._errors():
            return self._db.execute(query, tuple(args)).fetchall()

    def _decode(self, rows: list[tuple[Any, ...]]) -> list[JobRecord]:
        """Records from `_COLUMNS` rows; a row that cannot be read is quarantined and skipped."""
        records, bad = [], []
        for row in rows:
            try:
                records.append(JobRecord.model_validate_json(row[5]))
            except (ValueError, TypeError) as exc:
                bad.append((row, f"{type(exc).__name__}: {str(exc)[:200]}"))
        if bad:
            self._quarantine(bad)
        return records

    def _quarantine(self, bad: list[tuple[tuple[Any, ...], str]]) -> None:
        now = utcnow().isoformat()
        with self._tx() as db:
            for (rowid, job_id, request_id, state, created_at, record), reason in bad:
                db.execute(
                    "INSERT INTO quarantine (job_id, request_id, state, created_at, record, reason, quarantined_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", (job_id, request_id, state, created_at, record, reason, now))
                db.execute("DELETE FROM jobs WHERE rowid = ?", (rowid,))
        for (_, job_id, request_id, *_), reason in bad:
            log.warning("job journal %s: the row of job %s (request %s) cannot be read (%s); it was set aside. "
                        "Run `runcomfy-skills journal recover` to restore it.", self.path, job_id, request_id, reason)

    def output_dirs(self) -> list[Path]:
        """Every folder a job of this journal writes into (for the start-up clean-up of temp files)."""
        return [Path(r[0]) for r in self._read("SELECT path FROM output_dirs") if isinstance(r[0], str)]

    def quarantined(self) -> int:
        """How many unreadable rows wait in quarantine (not yet recovered)."""
        return self._read("SELECT count(*) FROM quarantine WHERE recovered = 0")[0][0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
        mark_closed_clean(self.path)

    # -- records -------------------------------------------------------------------------------

    def create(
        self,
        *,
        model_id: str,
        body: dict[str, Any],
        output_dir: Path | str,
        skill: str | None = None,
        tool: str | None = None,
        consent: dict[str, Any] | None = None,
        provenance: dict[str, Any] | None = None,
        owner: str | None = None,
        lease_seconds: float = 0.0,
        principal: str | None = None,
        max_active: int | None = None,
    ) -> JobRecord:
        """Record a job in state `submitting`, before anything is sent, optionally leased to `owner`.

        A job of `principal` is refused (75) when that client already has `max_active` jobs running,
        counted in the same transaction, so no two processes can both slip past the cap.
        """
        record = clean_record({
            "job_id": uuid.uuid4().hex[:12],
            "model_id": model_id,
            "body": body,
            "output_dir": str(Path(output_dir).expanduser().resolve()),
            "skill": skill,
            "tool": tool,
            "consent": consent,
            "provenance": provenance,
            "principal": principal,
        })
        row = (*self._columns(record), owner, time.time() + lease_seconds if owner else None, principal,
               record.model_dump_json())
        if (principal is None or max_active is None) and record.output_dir in self._listed_dirs:
            # The common case in one statement, its own commit (see `update` for why that matters): no cap to
            # count, and the folder already listed for the start-up clean-up (that table only grows).
            with self._lock, self._errors():
                self._db.execute(_INSERT_JOB, row)
            return record
        with self._tx() as db:
            if principal is not None and max_active is not None:
                self._require_room(db, principal, max_active)
            db.execute(_INSERT_JOB, row)
            db.execute("INSERT OR IGNORE INTO output_dirs VALUES (?)", (record.output_dir,))
        if len(self._listed_dirs) >= 256:  # a bounded memory of folders, not one entry per job
            self._listed_dirs.clear()
        self._listed_dirs.add(record.output_dir)
        return record

    @staticmethod
    def _require_room(db: sqlite3.Connection, principal: str, max_active: int) -> None:
        active = db.execute(f"SELECT count(*) FROM jobs WHERE principal = ? AND state IN {ACTIVE_STATES}",
                            (principal,)).fetchone()[0]
        if active >= max_active:
            raise SkillError(
                ExitCode.TEMPFAIL,
                f"You have {active} jobs running; each client may run at most {max_active} at once. Nothing was "
                "submitted.",
                hint="Collect one with job_result (or cancel a queued one with job_cancel), then try again.",
            )

    def adopt(self, request_id: str, model_id: str, output_dir: Path | str) -> JobRecord:
        """Journal a request RunComfy accepted that no record holds (its journal write failed), so it is
        followed and collected like any other; an id already journaled returns that job."""
        rows = self._read(f"SELECT {_COLUMNS} FROM jobs WHERE request_id = ?", (request_id,))
        if known := self._decode(rows):
            return known[0]
        record = self.create(model_id=model_id, body={}, output_dir=output_dir)
        return self.update(record.job_id, request_id=request_id, state="in_queue", submitted_at=utcnow())

    def insert(self, record: JobRecord) -> bool:
        """Add a whole record (a recovered one) unless its job id is already there; True if added."""
        record = clean_record(record.model_dump(mode="json"))
        with self._tx() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO jobs (job_id, request_id, state, downloaded, created_at, updated_at, principal,"
                " record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (*self._columns(record), record.principal, record.model_dump_json()))
            db.execute("INSERT OR IGNORE INTO output_dirs VALUES (?)", (record.output_dir,))
        return cursor.rowcount == 1

    def get(self, job_id: str, principal: str | None = None) -> JobRecord:
        """The record for a local job id, or for a RunComfy request id as a convenience. With a
        `principal`, only that client's jobs exist: another's is "not found", like a job never made."""
        mine, args = ("", ()) if principal is None else (" AND principal = ?", (principal,))
        rows = self._read(
            f"SELECT {_COLUMNS} FROM jobs WHERE (job_id = ? OR request_id = ?){mine} ORDER BY job_id = ? DESC LIMIT 1",
            (job_id, job_id, *args, job_id),
        )
        records = self._decode(rows)
        if not records:
            quarantined = rows or (principal is None and self._read(
                "SELECT 1 FROM quarantine WHERE (job_id = ? OR request_id = ?) AND recovered = 0 LIMIT 1",
                (job_id, job_id)))
            unreadable = (" Its row could not be read and was set aside: run `runcomfy-skills journal recover`."
                          if quarantined else "")
            raise SkillError(
                ExitCode.USAGE,
                redact(f"No job with id {job_id[:80]!r} in the journal at {self.path}.{unreadable}"),
                where="job_id",
                hint="Use jobs_list to see known jobs; ids are the job_id returned when the job was submitted.",
            )
        return records[0]

    def update(self, job_id: str, *, release: str | None = None, lease: tuple[str, float] | None = None,
               **changes: Any) -> JobRecord:
        """Apply field changes in one transaction and return the validated new record; with
        `release`, that owner's lease is dropped in the same statement; with `lease` (owner,
        seconds), the job is leased to that owner, as `claim` would, unconditionally: only for a
        commit no other follower can precede (the one that first journals the request id)."""
        if release is not None:  # in an UPDATE every CASE reads the row as it was: both see the old owner
            lease_sql = (", owner = CASE WHEN owner = ? THEN NULL ELSE owner END,"
                         " lease_until = CASE WHEN owner = ? THEN NULL ELSE lease_until END")
            lease_args: tuple[Any, ...] = (release, release)
        elif lease is not None:
            lease_sql, lease_args = ", owner = ?, lease_until = ?", (lease[0], time.time() + lease[1])
        else:
            lease_sql, lease_args = "", ()
        # Optimistic first: read, then one UPDATE (its own commit) that applies only if the row still holds
        # what was read. No BEGIN and COMMIT calls: every SQLite call gives up the GIL, and at thousands of
        # jobs taking it back from the HTTP threads was most of a commit's cost on the event loop. Another
        # process's write in between makes it miss; then the same again inside BEGIN IMMEDIATE.
        with self._lock, self._errors():
            outcome = self._rewrite(self._db, job_id, changes, lease_sql, lease_args, optimistic=True)
        if outcome is None:
            with self._tx() as db:
                outcome = self._rewrite(db, job_id, changes, lease_sql, lease_args, optimistic=False)
        if isinstance(outcome, JobRecord):
            return outcome
        self._quarantine([outcome])
        raise SkillError(ExitCode.DATA, f"The journal row of job {job_id} cannot be read; it was set aside.",
                         where=str(self.path), hint="Run `runcomfy-skills journal recover` to restore it.")

    def _rewrite(self, db: sqlite3.Connection, job_id: str, changes: dict[str, Any], lease_sql: str,
                 lease_args: tuple[Any, ...], *, optimistic: bool) -> JobRecord | tuple[tuple[Any, ...], str] | None:
        """Read the row, apply `changes`, write it back: the new record, the unreadable row (with why),
        or None when `optimistic` and the row changed between the read and the write."""
        row = db.execute(f"SELECT {_COLUMNS} FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
        if row is None:
            raise SkillError(ExitCode.USAGE, f"No job with id {job_id!r} in the journal.", where="job_id")
        try:
            current = JobRecord.model_validate_json(row[5])
        except (ValueError, TypeError) as exc:
            return row, f"{type(exc).__name__}: {str(exc)[:200]}"
        record = changed(current, {**changes, "updated_at": utcnow()})
        unchanged, expected = (" AND record = ?", (row[5],)) if optimistic else ("", ())
        cursor = db.execute(
            "UPDATE jobs SET request_id = ?, state = ?, downloaded = ?, created_at = ?, updated_at = ?,"
            f" record = ?{lease_sql} WHERE job_id = ?{unchanged}",
            (*self._columns(record)[1:], record.model_dump_json(), *lease_args, job_id, *expected),
        )
        return record if cursor.rowcount == 1 else None

    def list(self, *, states: Iterable[str] | None = None, limit: int = 50, offset: int = 0,
             principal: str | None = None) -> list[JobRecord]:
        """Newest first, optionally only some states, or only one client's jobs."""
        where: list[str] = []
        args: list[Any] = []
        if states is not None:
            wanted = sorted(set(states))
            where.append(f"state IN ({','.join('?' * len(wanted))})")
            args.extend(wanted)
        if principal is not None:
            where.append("principal = ?")
            args.append(principal)
        query = f"SELECT {_COLUMNS} FROM jobs" + (f" WHERE {' AND '.join(where)}" if where else "")
        query += " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?"
        args.extend([limit, offset])
        return self._decode(self._read(query, args))

    def unsettled(self) -> list[JobRecord]:
        """Jobs with work left: submitting, running upstream, or completed but not downloaded."""
        return self._decode(self._read(
            f"SELECT {_COLUMNS} FROM jobs INDEXED BY jobs_unsettled WHERE {UNSETTLED} ORDER BY created_at"))

    @staticmethod
    def _columns(record: JobRecord) -> tuple[Any, ...]:
        return (
            record.job_id,
            record.request_id,
            record.state,
            int(record.downloaded),
            record.created_at.isoformat(),
            record.updated_at.isoformat(),
        )

    # -- leases: who follows a job ------------------------------------------------------------

    def claim(self, job_id: str, owner: str, lease_seconds: float) -> bool:
        """Take or renew the lease on a job; False while another live owner holds it."""
        now = time.time()
        with self._tx() as db:
            row = db.execute("SELECT owner, lease_until FROM jobs WHERE job_id = ?", (job_id,)).fetchone()
            if row is None:
                return False
            holder, until = row
            if holder and holder != owner and (until or 0) > now and owner_alive(holder):
                return False
            db.execute(
                "UPDATE jobs SET owner = ?, lease_until = ? WHERE job_id = ?", (owner, now + lease_seconds, job_id)
            )
        return True

    def renew(self, job_ids: list[str], owner: str, lease_seconds: float) -> list[str]:
        """Renew `owner`'s leases on these jobs in one transaction (re-taking any that lapsed unclaimed);
        returns the ids another owner holds now."""
        now, lost = time.time(), []
        with self._tx() as db:
            for start in range(0, len(job_ids), 500):
                chunk = job_ids[start:start + 500]
                marks = ",".join("?" * len(chunk))
                db.execute(f"UPDATE jobs SET owner = ?, lease_until = ? WHERE job_id IN ({marks})"
                           " AND (owner = ? OR owner IS NULL OR lease_until IS NULL OR lease_until <= ?)",
                           (owner, now + lease_seconds, *chunk, owner, now))
                lost += [r[0] for r in db.execute(f"SELECT job_id FROM jobs WHERE job_id IN ({marks})"
                                                  " AND owner IS NOT ?", (*chunk, owner))]
        return lost

    def release(self, job_id: str, owner: str) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE jobs SET owner = NULL, lease_until = NULL WHERE job_id = ? AND owner = ?", (job_id, owner)
            )

    def holder(self, job_id: str) -> str | None:
        """The live owner of a job's lease, if any."""
        rows = self._read("SELECT owner, lease_until FROM jobs WHERE job_id = ?", (job_id,))
        row = rows[0] if rows else None
        if row is None or not row[0] or (row[1] or 0) <= time.time() or not owner_alive(row[0]):
            return None
        return row[0]
