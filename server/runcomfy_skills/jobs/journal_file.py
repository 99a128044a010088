"""The journal's SQLite file: its schema and migrations, how it is opened, and what its errors mean.

`synchronous=NORMAL` with WAL keeps every committed change across a crash of the process (the
failure the journal exists for) and stays consistent after a power cut, at the price of the
last commits; that trade keeps one commit well under a millisecond, so the runner can write from
the event loop.

A full integrity check reads every page (85 ms at 100,000 jobs here), so opening skips it for a
file exactly as a clean close of ours left it: a sidecar holds that file's size and mtime.
Anything else (a crash, which leaves a -wal behind; another process's writes; a file changed on
disk) is checked in full. Damage that appears later without touching the mtime is still caught
when a read meets it (a DATA error naming `journal check`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.jobs import repair

DB_NAME = "jobs.sqlite3"
CLEAN_TAG = ".closed-clean"
# The resume scan's condition; a partial index is used only for this very text, so both share it.
UNSETTLED = "state IN ('submitting', 'in_queue', 'in_progress') OR (state = 'completed' AND downloaded = 0)"
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
        f"CREATE INDEX IF NOT EXISTS jobs_unsettled ON jobs(created_at) WHERE {UNSETTLED}",
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
SCHEMA_VERSION = len(MIGRATIONS)


def open_database(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode, checked (unless closed clean) and migrated to the current schema."""
    verified = _closed_clean(path)  # before connecting: opening in WAL mode creates the -wal file
    db = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
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
        _migrate(db, path)
    except BaseException:
        db.close()
        raise
    return db


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SkillError(
                ExitCode.DATA,
                f"The job journal {path} was written by a newer version (schema {version}).",
                hint="Upgrade runcomfy-skills, or point RUNCOMFY_SKILLS_STATE_DIR at another folder.",
            )
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                db.execute(statement)
        db.execute(f"PRAGMA user_version={max(version, SCHEMA_VERSION)}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def failure(exc: sqlite3.Error, path: Path) -> SkillError:
    """A SQLite error as the taxonomy names it: a full disk or a busy journal is temporary."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_BUSY", "SQLITE_LOCKED")):
        what = "is full" if name.startswith("SQLITE_FULL") else f"could not be written ({exc})"
        return SkillError(
            ExitCode.TEMPFAIL,
            f"The job journal's folder {what}; nothing was submitted.",
            where=str(path),
            hint="Free space in the state folder (or point RUNCOMFY_SKILLS_STATE_DIR elsewhere), then try again.",
        )
    if repair.is_damage(exc):
        return SkillError(ExitCode.DATA, f"The job journal is damaged ({exc}).", where=str(path),
                          hint="Run `runcomfy-skills journal check`, then `runcomfy-skills journal recover`.")
    return SkillError(ExitCode.USAGE, f"Cannot use the job journal ({exc}).", where=str(path),
                      hint="Point RUNCOMFY_SKILLS_STATE_DIR at a writable folder.")


def _fingerprint(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_size} {stat.st_mtime_ns}"


def _closed_clean(path: Path) -> bool:
    marker = path.with_name(path.name + CLEAN_TAG)
    try:
        return not Path(f"{path}-wal").exists() and marker.read_text() == _fingerprint(path)
    except OSError:
        return False


def mark_closed_clean(path: Path) -> None:
    """After the last connection closed: vouch for the file as it is now, so the next open skips the check."""
    marker = path.with_name(path.name + CLEAN_TAG)
    try:
        if Path(f"{path}-wal").exists():  # another connection is still open: nothing to vouch for
            marker.unlink(missing_ok=True)
            return
        temp = marker.with_name(f"{marker.name}.{os.getpid()}")
        temp.write_text(_fingerprint(path))
        os.replace(temp, marker)
    except OSError:
        pass  # the next start just checks the file in full
