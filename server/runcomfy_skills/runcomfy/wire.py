"""The Model API's JSON, read tolerantly into strict models.

RunComfy's answers vary (status spellings, output shapes, errors inside HTTP 200 bodies); these
pure functions turn them into the few shapes the client returns, so the rest of the server sees
one vocabulary.
"""

from __future__ import annotations

from email.utils import parsedate_to_datetime
from time import time
from typing import Any, Literal

from pydantic import BaseModel

from runcomfy_skills.errors import ExitCode, SkillError, redact

JobState = Literal["in_queue", "in_progress", "completed", "failed", "cancelled"]
TERMINAL: frozenset[str] = frozenset({"completed", "failed", "cancelled"})
_STATES: dict[str, JobState] = {
    "in_queue": "in_queue",
    "queued": "in_queue",
    "in_progress": "in_progress",
    "running": "in_progress",
    "completed": "completed",
    "succeeded": "completed",
    "failed": "failed",
    "error": "failed",
    "cancelled": "cancelled",
    "canceled": "cancelled",
}


class SubmitReceipt(BaseModel):
    request_id: str
    status_url: str | None = None
    result_url: str | None = None
    cancel_url: str | None = None


class JobStatus(BaseModel):
    request_id: str
    state: JobState
    queue_position: int | None = None
    raw_status: str


class JobResult(BaseModel):
    request_id: str
    state: JobState
    output: Any = None
    output_urls: list[str] = []
    error: Any | None = None
    created_at: str | None = None
    finished_at: str | None = None


class CancelOutcome(BaseModel):
    request_id: str
    cancelled: bool
    outcome: str
    state: JobState | None = None


def known_state(raw: Any) -> JobState | None:
    """A status string read tolerantly (queued, running, succeeded, canceled … any case); None if unknown."""
    return None if raw is None else _STATES.get(str(raw).strip().lower())


def parse_state(raw: Any) -> JobState:
    """Like `known_state`, but an unknown status is an upstream error (the API changed under us)."""
    state = known_state(raw)
    if state is None:
        raise SkillError(
            ExitCode.UNAVAILABLE,
            redact(f"RunComfy reported an unknown job status {str(raw)[:60]!r}."),
            hint="The API may have changed; try again later or report it.",
        )
    return state


def text_or_none(value: Any) -> str | None:
    """An upstream scalar as bounded, redacted text (it may be shown or logged)."""
    return None if value is None else redact(str(value)[:2048])


def collect_output_urls(output: Any) -> list[str]:
    """Every http(s) string inside `output`, depth first in document order, without duplicates."""
    found: dict[str, None] = {}

    def walk(node: Any) -> None:
        if isinstance(node, str):
            if node.lower().startswith(("http://", "https://")):
                found.setdefault(node, None)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(output)
    return list(found)


def retry_after_seconds(value: str | None) -> float | None:
    """`Retry-After` as seconds: a number (fractions accepted) or an HTTP date; None if absent/bad."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time())
    except (TypeError, ValueError):
        return None


def upstream_message(body: Any, fallback: str) -> str:
    """The human part of an error body: error_message → message → error → detail."""
    if isinstance(body, dict):
        for key in ("error_message", "message", "error", "detail"):
            if isinstance(body.get(key), str) and body[key].strip():
                return body[key].strip()[:300]
    if isinstance(body, str) and body.strip():
        return body.strip()[:300]
    return fallback


def detail_fields(body: Any) -> list[str]:
    """Field names from a validation `detail` list (`loc` paths), to say which input was wrong."""
    detail = body.get("detail") if isinstance(body, dict) else None
    fields: list[str] = []
    for item in detail if isinstance(detail, list) else []:
        if isinstance(item, dict):
            loc = [str(p) for p in item.get("loc", []) if p != "body"]
            if loc:
                fields.append(".".join(loc) + (f": {item['msg']}" if item.get("msg") else ""))
    return fields


def status_of_body(body: Any) -> int | None:
    """The HTTP-like status an `error_code` in a 200 body stands for (its leading three digits)."""
    code = body.get("error_code") if isinstance(body, dict) else None
    digits = str(code) if code is not None else ""
    return int(digits[:3]) if digits[:3].isdigit() and len(digits) >= 3 else (500 if code is not None else None)
