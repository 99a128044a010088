"""How waiters hear about a job: progress records, the per-job watcher hub, heartbeat bookkeeping.

A watcher publishes each change of a job's record to every waiter's bounded stream without ever
blocking (a slow waiter misses ticks, never the end); a notifier delivers them to the caller's
sync or async callback and remembers when it last spoke so the waiter knows when a heartbeat is due.
"""

from __future__ import annotations

import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

import anyio
from anyio.streams.memory import MemoryObjectSendStream
from pydantic import BaseModel

from runcomfy_skills.jobs.records import JobRecord, utcnow

log = logging.getLogger(__name__)


class JobProgress(BaseModel):
    """What a waiter is told on every change and on every heartbeat."""

    job_id: str
    request_id: str | None
    state: str
    queue_position: int | None
    elapsed: float
    message: str


ProgressCallback = Callable[[JobProgress], Awaitable[None] | None]


def describe(record: JobRecord) -> str:
    """One line for a person about where the job stands."""
    if record.state == "in_queue":
        text = "queued" + (f" at position {record.queue_position}" if record.queue_position is not None else "")
    elif record.state == "in_progress":
        text = "running"
    elif record.state == "completed":
        text = (
            f"completed: {len(record.files)} file(s) in {record.output_dir}"
            if record.downloaded
            else "completed upstream; downloading the outputs"
        )
    elif record.state == "unknown":
        text = "submit outcome unknown: it may or may not be running upstream"
    else:
        text = record.state
    if record.not_cancellable and record.state != "cancelled":
        text += " (could not be cancelled: it runs to the end and is billed; its files are kept)"
    if record.error is not None:
        text += f"; {'error' if record.terminal else 'last error, retrying'}: {record.error.message}"
    return text


def progress_of(record: JobRecord) -> JobProgress:
    return JobProgress(
        job_id=record.job_id,
        request_id=record.request_id,
        state=record.state,
        queue_position=record.queue_position,
        elapsed=max(0.0, (utcnow() - record.created_at).total_seconds()),
        message=describe(record),
    )


def _fingerprint(record: JobRecord) -> tuple[Any, ...]:
    return (record.state, record.queue_position, record.downloaded, record.not_cancellable, record.error)


class Watcher:
    """The one follower of a job in this process; waiters subscribe to its progress."""

    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        self.listeners: set[MemoryObjectSendStream[JobProgress]] = set()
        self.last: tuple[Any, ...] | None = None
        self.settled: JobRecord | None = None  # the job as journaled when following ended with it settled
        self.ended = anyio.Event()  # what a waiter with no one to tell waits on instead of a stream

    def publish(self, record: JobRecord) -> None:
        """Tell every waiter about a change (never blocks the watcher; a slow waiter loses ticks)."""
        if _fingerprint(record) == self.last:
            return
        self.last = _fingerprint(record)
        if not self.listeners:
            return  # nobody listens: no progress record to build
        progress = progress_of(record)
        for stream in list(self.listeners):
            try:
                stream.send_nowait(progress)
            except anyio.WouldBlock:
                pass
            except (anyio.BrokenResourceError, anyio.ClosedResourceError):
                self.listeners.discard(stream)

    def finish(self) -> None:
        for stream in self.listeners:
            stream.close()
        self.listeners.clear()
        self.ended.set()


class Notifier:
    """Calls a sync or async progress callback; remembers what it said and when (for heartbeats)."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.last_at = time.monotonic()
        self.last: dict[str, Any] | None = None

    def next_beat(self, heartbeat: float) -> float:
        """Seconds until a heartbeat is due."""
        return self.last_at + heartbeat - time.monotonic()

    async def __call__(self, progress: JobProgress, *, only_if_changed: bool = False) -> None:
        said = progress.model_dump(exclude={"elapsed"})
        if only_if_changed and said == self.last:
            return
        self.last, self.last_at = said, time.monotonic()
        if self.callback is None:
            return
        try:
            outcome = self.callback(progress)
            if inspect.isawaitable(outcome):
                await outcome
        except Exception:
            log.warning("progress callback failed; no more progress for this wait", exc_info=True)
            self.callback = None
