"""Repairing the job journal: database files SQLite calls damaged, and rows that cannot be read.

The journal itself quarantines what it cannot read and sets a damaged file aside (so the server
always starts); this module is the rest. `check` reports without changing anything; `recover`
salvages every job it can find back into the journal (from quarantined rows, and from the bytes
of set-aside files, WAL included), so a paid job whose record was damaged is still followed and
collected. A salvaged job without a request id can only be `unknown`: it is never sent again.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from runcomfy_skills.jobs.records import JobError, JobRecord

if TYPE_CHECKING:
    from runcomfy_skills.jobs.journal import JobJournal

DAMAGED_TAG = ".damaged-"
RECOVERED_TAG = ".recovered"
_RECORD_START = re.compile(r'\{"job_id":\s*"[0-9a-f]{6,32}"')
_FIELD = '"{}":\\s*"((?:[^"\\\\]|\\\\.){{0,2000}})"'
_SCAN_WINDOW = 64 * 1024
RECOVERED_NOTE = "Recovered from a damaged journal record."
_EPOCH = "1970-01-01T00:00:00+00:00"
_MAX_BROKEN_STEPS = 10_000


def is_damage(exc: BaseException) -> bool:
    """True for SQLite's "this file is corrupt / not a database", never for busy, locked or full."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(exc) or (
        "not a database" in str(exc))


def set_aside(path: Path) -> Path:
    """Move a damaged database (with its -wal and -shm) to `<name>.damaged-<time>`; return the new name."""
    target = path.with_name(f"{path.name}{DAMAGED_TAG}{datetime.now(UTC).strftime('%Y%m%dT%H%M%S%f')}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            os.replace(source, Path(f"{target}{suffix}"))
    return target


def damaged_files(path: Path) -> list[Path]:
    """Set-aside database files not yet recovered, oldest first."""
    return sorted(p for p in path.parent.glob(f"{path.name}{DAMAGED_TAG}*")
                  if not p.name.endswith(("-wal", "-shm", RECOVERED_TAG)))


# -- salvage -------------------------------------------------------------------------------------


def _field(text: str, name: str) -> str | None:
    match = re.search(_FIELD.format(re.escape(name)), text)
    if match is None:
        return None
    try:
        return json.loads(f'"{match.group(1)}"')
    except ValueError:
        return None


def salvage(text: str, columns: dict[str, Any] | None = None) -> JobRecord | None:
    """The best record that can be rebuilt from a damaged row: the whole JSON if it still reads,
    else the fields that can be found. None when not even a job id is left."""
    try:
        return JobRecord.model_validate_json(text)
    except ValueError:
        pass
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        data = {k: _field(text, k) for k in ("job_id", "request_id", "model_id", "output_dir", "state", "skill", "tool")}
    data = {**{k: v for k, v in (columns or {}).items() if v is not None}, **{k: v for k, v in data.items() if v}}
    if not isinstance(data.get("job_id"), str):
        return None
    request_id = data.get("request_id") if isinstance(data.get("request_id"), str) else None
    state = data.get("state") if data.get("state") in ("in_queue", "in_progress", "completed", "failed", "cancelled") \
        else ("in_queue" if request_id else "unknown")
    minimal = {
        "job_id": data["job_id"],
        "request_id": request_id,
        "model_id": str(data.get("model_id") or "unknown/unknown"),
        "output_dir": str(data.get("output_dir") or Path.home() / "runcomfy-outputs" / "recovered"),
        "skill": data.get("skill") if isinstance(data.get("skill"), str) else None,
        "tool": data.get("tool") if isinstance(data.get("tool"), str) else None,
        "state": state,  # a completed job is not marked downloaded, so its files are fetched (again)
        "created_at": data.get("created_at") or _EPOCH,
        "updated_at": data.get("updated_at") or _EPOCH,  # any full copy found elsewhere wins over this one
        "error": None if request_id else JobError(code=75, message=RECOVERED_NOTE + " Its request id was lost, so "
                                                  "whether RunComfy ran it is unknown; check the RunComfy dashboard."),
    }
    try:
        return JobRecord.model_validate(minimal)
    except ValueError:
        return None


def _scan(blob: bytes) -> Iterator[JobRecord]:
    """Every record whose JSON can still be found in raw database or WAL bytes."""
    text = blob.decode("utf-8", errors="replace")
    decoder = json.JSONDecoder()
    for match in _RECORD_START.finditer(text):
        window = text[match.start(): match.start() + _SCAN_WINDOW]
        try:
            data, _ = decoder.raw_decode(window)
            record = salvage(json.dumps(data))
        except ValueError:
            record = salvage(window[:4096])
        if record is not None:
            yield record


def _rows(path: Path) -> Iterator[JobRecord]:
    """Rows SQLite can still read from a damaged file, one by one, skipping what fails."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return
    try:
        rowid, broken = 0, 0
        while broken < _MAX_BROKEN_STEPS:  # past that, the byte scan finds what is left
            try:
                row = db.execute("SELECT rowid, job_id, request_id, state, record FROM jobs WHERE rowid > ?"
                                 " ORDER BY rowid LIMIT 1", (rowid,)).fetchone()
            except sqlite3.Error:
                rowid, broken = rowid + 1, broken + 1  # a broken page: step over it
                continue
            if row is None:
                return
            rowid = row[0]
            columns = {"job_id": row[1], "request_id": row[2], "state": row[3]}
            if (record := salvage(str(row[4] or ""), columns)) is not None:
                yield record
    finally:
        db.close()


def records_in_file(path: Path) -> list[JobRecord]:
    """Everything salvageable from a set-aside file: its rows, then its raw bytes and WAL; the
    newest copy of each job wins (old copies linger in free pages and WAL frames)."""
    best: dict[str, JobRecord] = {}
    found = list(_rows(path))
    for part in (path, Path(f"{path}-wal")):
        try:
            found.extend(_scan(part.read_bytes()))
        except OSError:
            continue
    for record in found:
        if (held := best.get(record.job_id)) is None or _rank(record) > _rank(held):
            best[record.job_id] = record
    return list(best.values())


def _rank(record: JobRecord) -> tuple[bool, datetime]:
    return record.request_id is not None, record.updated_at


# -- the commands ----------------------------------------------------------------------------------


class Report(BaseModel):
    """What `journal check` / `journal recover` found or did; `healthy` decides the exit code."""

    journal: str
    integrity: str = "ok"
    jobs: int = 0
    unreadable_rows: list[str] = []
    quarantined: int = 0
    damaged_files: list[str] = []
    recovered: list[str] = []
    not_recovered: list[str] = []
    warnings: list[str] = []

    @property
    def healthy(self) -> bool:
        return (self.integrity == "ok" and not self.unreadable_rows and not self.quarantined
                and not self.damaged_files and not self.not_recovered)


def check(journal: JobJournal) -> Report:
    """Read everything, change nothing: integrity, rows that fail to read, quarantine, set-aside files."""
    report = Report(journal=str(journal.path), warnings=list(journal.warnings))
    report.integrity = ", ".join(r[0] for r in journal._read("PRAGMA integrity_check"))[:500]
    for job_id, request_id, record in journal._read("SELECT job_id, request_id, record FROM jobs"):
        report.jobs += 1
        try:
            JobRecord.model_validate_json(record)
        except (ValueError, TypeError):
            report.unreadable_rows.append(f"job {job_id} (request {request_id or 'none'})")
    report.quarantined = journal.quarantined()
    report.damaged_files = [str(p) for p in damaged_files(journal.path)]
    return report


def recover(journal: JobJournal) -> Report:
    """Bring back every job that can be salvaged; what is already in the journal is left as it is."""
    journal.list(limit=1_000_000)  # reading quarantines the rows that cannot be read
    report = Report(journal=str(journal.path), warnings=list(journal.warnings))
    for qid, job_id, request_id, state, record in journal._read(
            "SELECT rowid, job_id, request_id, state, record FROM quarantine WHERE recovered = 0"):
        salvaged = salvage(str(record or ""), {"job_id": job_id, "request_id": request_id, "state": state})
        if salvaged is None:
            report.not_recovered.append(f"quarantined row {qid} (job {job_id}): nothing identifies the job")
            continue
        _restore(journal, salvaged, report)
        with journal._tx() as db:
            db.execute("UPDATE quarantine SET recovered = 1 WHERE rowid = ?", (qid,))
    for path in damaged_files(journal.path):
        salvaged_jobs = records_in_file(path)
        if not salvaged_jobs:
            report.not_recovered.append(f"{path}: no job record could be read from it")
        for salvaged in salvaged_jobs:
            _restore(journal, salvaged, report)
        for suffix in ("", "-wal", "-shm"):
            if (part := Path(f"{path}{suffix}")).exists():
                os.replace(part, Path(f"{path}{RECOVERED_TAG}{suffix}"))
    report.quarantined = journal.quarantined()
    return report


def _restore(journal: JobJournal, record: JobRecord, report: Report) -> None:
    if journal.insert(record):
        report.recovered.append(f"job {record.job_id} (request {record.request_id or 'lost'}): {record.state}")
