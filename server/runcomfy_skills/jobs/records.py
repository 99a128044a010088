"""The record of one paid job, as the journal stores it and every layer above reads it.

Split from the journal (`journal.py`, which stores records): these are the data and the rules for
changing it (validated, every string redacted), with no storage in them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from runcomfy_skills.errors import SkillError, redact, redact_data

RecordState = Literal["submitting", "in_queue", "in_progress", "completed", "failed", "cancelled", "unknown"]
TERMINAL_STATES: frozenset[str] = frozenset({"completed", "failed", "cancelled", "unknown"})


def utcnow() -> datetime:
    return datetime.now(UTC)


class FileRecord(BaseModel):
    """One downloaded output as it lies on disk."""

    path: str
    url: str
    size: int
    sha256: str
    media_type: str


class JobError(BaseModel):
    """The last error seen for a job: an ExitCode value, a plain message and how to go on."""

    code: int
    message: str
    hint: str = ""

    @classmethod
    def from_skill_error(cls, exc: SkillError) -> JobError:
        return cls(code=int(exc.code), message=redact(exc.message), hint=redact(exc.hint))


class JobRecord(BaseModel):
    """Everything known about one job, local and upstream; the body holds no token."""

    job_id: str
    request_id: str | None = None
    model_id: str
    principal: str | None = None  # the authenticated client that submitted it; None: the local operator
    skill: str | None = None
    tool: str | None = None
    body: dict[str, Any] = Field(default_factory=dict)
    output_dir: str
    state: RecordState = "submitting"
    downloaded: bool = False
    queue_position: int | None = None
    consent: dict[str, Any] | None = None
    provenance: dict[str, Any] | None = None
    files: list[FileRecord] = Field(default_factory=list)
    extra_paths: list[str] = Field(default_factory=list, description="Paths written by the on_files hook (sidecars).")
    output_urls: list[str] = Field(default_factory=list)
    error: JobError | None = None
    cancel_requested: bool = False
    not_cancellable: bool = Field(
        default=False, description="Upstream refused to cancel: the run completes and is billed."
    )
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None
    finished_at: datetime | None = None
    downloaded_at: datetime | None = None

    @property
    def terminal(self) -> bool:
        """Upstream will not change this job any more (or, for `unknown`, we cannot ask it)."""
        return self.state in TERMINAL_STATES

    @property
    def settled(self) -> bool:
        """Nothing is left to do locally: terminal, and outputs downloaded when it completed."""
        return self.terminal and (self.state != "completed" or self.downloaded)

    @property
    def followable(self) -> bool:
        """There is a request id to poll and work left: still running upstream or not downloaded."""
        return self.request_id is not None and not self.settled


def changed(current: JobRecord, changes: dict[str, Any]) -> JobRecord:
    """`current` (stored, so already clean) with `changes` validated and redacted: only the changed
    fields are walked for secrets, which keeps an update cheap however large the record."""
    record = JobRecord.model_validate({**dict(current), **changes})
    textual = {k for k, v in changes.items() if not isinstance(v, (datetime, bool, int, float, type(None)))}
    fields = record.model_dump(mode="json", include=textual)
    if (clean := redact_data(fields)) != fields:
        record = JobRecord.model_validate({**record.model_dump(mode="json"), **clean})
    return record


def clean_record(data: dict[str, Any]) -> JobRecord:
    """A validated record with every string redacted: what the journal stores holds no secret."""
    return JobRecord.model_validate(redact_data(JobRecord.model_validate(data).model_dump(mode="json")))
