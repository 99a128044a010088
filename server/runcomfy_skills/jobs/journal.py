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
`synchronous=NORMAL` with WAL keeps every committed change across a crash of the process (the
failure this journal exists for) and stays consistent after a power cut, at the price of the
last commits; that trade keeps one commit well under a millisecond, so the runner can write from
the event loop.

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
from runcomfy_skills.jobs.owners import owner_alive
from runcomfy_skills.jobs.records import JobRecord, changed, clean_record, utcnow

log = logging.getLogger(__name__)

DB_NAME = "jobs.sqlite3"
CLEAN_TAG = ".closed-clean"
# The resume scan's condition; a partial index is used only for this very text, so both share it.
_UNSETTLED = "state IN ('submitting', 'in_queue', 'in_progress') OR (state = 'completed' AND downloaded = 0)"
# Append-only: a database at version n runs MIGRATIONS[n:] in order; never edit or reorder an entry.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (  # 1: the jobs
        """CREATE TABLE IF NOT EXISTS jobs (
            job_id TEXT PRIMARY KEY,
            request_id TEXT,
            state TEXT NOT NULL,
            downloaded INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            owner TEXT,
            lease_until REAL,
            record TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS jobs_request ON jobs(request_id)",
        "CREATE INDEX IF NOT EXISTS jobs_created ON jobs(created_at)",
    ),
    (  # 2: rows that could not be read, kept for `journal recover`
        """CREATE TABLE IF NOT EXISTS quarantine (
            job_id TEXT,
            request_id TEXT,
            state TEXT,
            created_at TEXT,
            record TEXT,
            reason TEXT NOT NULL,
            quarantined_at TEXT NOT NULL,
            recovered INTEGER NOT NULL DEFAULT 0)""",
    ),
    (  # 3: reads that stay flat however many jobs the journal holds (jobs_list by state, the resume scan,
        #    the output folders cleaned at start-up)
        "CREATE INDEX IF NOT EXISTS jobs_state_created ON jobs(state, created_at)",
        f"CREATE INDEX IF NOT EXISTS jobs_unsettled ON jobs(created_at) WHERE {_UNSETTLED}",
        "CREATE TABLE IF NOT EXISTS output_dirs (path TEXT PRIMARY KEY) WITHOUT ROWID",
        "INSERT OR IGNORE INTO output_dirs SELECT json_extract(record, '$.output_dir') FROM jobs"
        " WHERE json_valid(record) AND json_type(record, '$.output_dir') = 'text'",
    ),
    (  # 4: the client (authenticated principal) a job belongs to; NULL = the local operator's (stdio, CLI)
        "ALTER TABLE jobs ADD COLUMN principal TEXT",
        "CREATE INDEX IF NOT EXISTS jobs_principal_created ON jobs(principal, created_at)",
        "CREATE INDEX IF NOT EXISTS jobs_principal_state ON jobs(principal, state)",
    ),
)
ACTIVE_STATES = ("submitting", "in_queue", "in_progress")
_SCHEMA_VERSION = len(MIGRATIONS)
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
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if not repair.is_damage(exc):
                raise self._failure(exc) from None
            aside = repair.set_aside(self.path)
            warning = (f"The job journal {self.path} is damaged ({exc}); it was moved to {aside} and a new journal "
                       "started. Run `runcomfy-skills journal recover` to bring back the jobs it still holds.")
            log.warning("%s", warning)
            self.warnings.append(warning)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        verified = self._closed_clean()  # before connecting: opening in WAL mode creates the -wal file
        db = sqlite3.connect(self.path, timeout=10.0, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            # Checkpoints (the WAL copied back, with an fsync) run inside some commits, on the event loop: at the
            # default 1,000 pages, every few hundred job updates. Side by side at 2,000 jobs (2 interleaved rounds,
            # load 7-8) a commit took 0.43-0.45 ms with it, 0.21-0.30 ms at 10,000 pages (a WAL of up to 40 MB,
            # removed at a clean close).
            db.execute("PRAGMA wal_autocheckpoint=10000")
            if not verified and (verdict := db.execute("PRAGMA quick_check").fetchone()[0]) != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed: {verdict}")
            self._migrate(db)
        except BaseException:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > _SCHEMA_VERSION:
                raise SkillError(
                    ExitCode.DATA,
                    f"The job journal {self.path} was written by a newer version (schema {version}).",
                    hint="Upgrade runcomfy-skills, or point RUNCOMFY_SKILLS_STATE_DIR at another folder.",
                )
            for statements in MIGRATIONS[version:]:
                for statement in statements:
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={max(version, _SCHEMA_VERSION)}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _failure(self, exc: sqlite3.Error) -> SkillError:
        """A SQLite error as the taxonomy names it: a full disk or a busy journal is temporary."""
        name = getattr(exc, "sqlite_errorname", "") or ""
        if name.startswith(("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_BUSY", "SQLITE_LOCKED")):
            what = "is full" if name.startswith("SQLITE_FULL") else f"could not be written ({exc})"
            return SkillError(
                ExitCode.TEMPFAIL,
                f"The job journal's folder {what}; nothing was submitted.",
                where=str(self.path),
                hint="Free space in the state folder (or point RUNCOMFY_SKILLS_STATE_DIR elsewhere), then try again.",
            )
        if repair.is_damage(exc):
            return SkillError(ExitCode.DATA, f"The job journal is damaged ({exc}).", where=str(self.path),
                              hint="Run `runcomfy-skills journal check`, then `runcomfy-skills journal recover`.")
        return SkillError(ExitCode.USAGE, f"Cannot use the job journal ({exc}).", where=str(self.path),
                          hint="Point RUNCOMFY_SKILLS_STATE_DIR at a writable folder.")

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
            raise self._failure(exc) from None

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
        self._mark_closed_clean()

    # A full check reads every page (85 ms at 100,000 jobs here), so start-up skips it for a file exactly as a
    # clean close of ours left it: the sidecar holds that file's size and mtime. Anything else (a crash, which
    # leaves a -wal behind; another process's writes; a file changed on disk) is checked in full. Damage that
    # appears later without touching the mtime is still caught when a read meets it (a DATA error naming
    # `journal check`).

    def _fingerprint(self) -> str:
        stat = self.path.stat()
        return f"{stat.st_size} {stat.st_mtime_ns}"

    def _closed_clean(self) -> bool:
        marker = self.path.with_name(self.path.name + CLEAN_TAG)
        try:
            return not Path(f"{self.path}-wal").exists() and marker.read_text() == self._fingerprint()
        except OSError:
            return False

    def _mark_closed_clean(self) -> None:
        marker = self.path.with_name(self.path.name + CLEAN_TAG)
        try:
            if Path(f"{self.path}-wal").exists():  # another connection is still open: nothing to vouch for
                marker.unlink(missing_ok=True)
                return
            temp = marker.with_name(f"{marker.name}.{os.getpid()}")
            temp.write_text(self._fingerprint())
            os.replace(temp, marker)
        except OSError:
            pass  # the next start just checks the file in full

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
            f"SELECT {_COLUMNS} FROM jobs INDEXED BY jobs_unsettled WHERE {_UNSETTLED} ORDER BY created_at"))

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
