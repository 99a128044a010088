"""The emulator's jobs and their clock: a job's state follows from the time since its submit.

Every job queues `queue_seconds` and runs `run_seconds` (the emulator's settings, which tests
change while it runs), so its state and queue position are computed on each read, not stored.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from runcomfy_skills.sandbox.faults import Fault


@dataclass
class EmulatedJob:
    request_id: str
    makes_video: bool
    body: dict[str, Any]
    submitted: float  # time.monotonic(), drives the state
    submitted_wall: float  # time.time(), for the timestamps in results
    fails: bool
    cancelled_wall: float | None = None
    quirk: Fault | None = None  # a hostile-upstream fault that shapes this job's answers
    echo: str = ""  # the token the submit carried, for faults that send it back


def iso(wall: float) -> str:
    return datetime.fromtimestamp(wall, timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


class JobQueue:
    """Jobs by request id, with sorted submit and cancel times for queue positions (not thread-safe:
    the emulator holds its lock around every call)."""

    def __init__(self) -> None:
        self.jobs: dict[str, EmulatedJob] = {}
        self._submit_times: list[float] = []  # sorted submit times of every job, for queue positions
        self._cancel_times: list[float] = []  # the same for the jobs cancelled while queued

    def add(self, job: EmulatedJob) -> None:
        self.jobs[job.request_id] = job
        bisect.insort(self._submit_times, job.submitted)

    def cancelled(self, job: EmulatedJob, wall: float) -> None:
        """A queued job cancelled at `wall` (time.time())."""
        job.cancelled_wall = wall
        bisect.insort(self._cancel_times, job.submitted)

    @staticmethod
    def state(job: EmulatedJob, now: float, queue_seconds: float, run_seconds: float) -> str:
        if job.cancelled_wall is not None:
            return "cancelled"
        elapsed = now - job.submitted
        if elapsed < queue_seconds:
            return "in_queue"
        if elapsed < queue_seconds + run_seconds:
            return "in_progress"
        return "failed" if job.fails else "completed"

    def queued_before(self, submitted: float, now: float, queue_seconds: float) -> int:
        """Jobs still queued that were submitted before `submitted` (every job queues equally long, so
        they are those submitted in the last `queue_seconds`); two bisections, not a walk over all jobs."""
        since = now - queue_seconds
        waiting = bisect.bisect_left(self._submit_times, submitted) - bisect.bisect_right(self._submit_times, since)
        gone = bisect.bisect_left(self._cancel_times, submitted) - bisect.bisect_right(self._cancel_times, since)
        return max(0, waiting - gone)
