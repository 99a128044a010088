"""The job runner: submit, follow, download and resume paid jobs so no result is ever lost.

Every job is journaled before its POST, followed by exactly one watcher per job in this process
(a background task, so it outlives the tool call that started it), and leased in the journal so
two processes sharing the state folder never follow one job twice. Waiters join the watcher for
a bounded time and get progress; a waiter that is cancelled cancels the job upstream; a job that
can no longer be cancelled is seen through to its files. A submit whose outcome is unknown is
never sent again.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
from anyio.abc import TaskGroup

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.jobs.journal import JobJournal
from runcomfy_skills.jobs.owners import new_owner_id
from runcomfy_skills.jobs.outputs import FilesHook, Links, OutputLimits, OutputSaver
from runcomfy_skills.jobs.progress import JobProgress, Notifier, ProgressCallback, Watcher, describe, progress_of
from runcomfy_skills.jobs.records import JobError, JobRecord, utcnow
from runcomfy_skills.runcomfy.client import (
    JobStatus,
    RunComfyClient,
    SubmitOutcomeUnknown,
)
from runcomfy_skills.runcomfy.wire import TERMINAL

__all__ = ["FilesHook", "JobProgress", "JobRunner", "ProgressCallback"]

log = logging.getLogger(__name__)

DASHBOARD_HINT = "the RunComfy dashboard (https://www.runcomfy.com) lists your requests and what they cost"


class JobRunner:
    """Runs jobs through one shared client; use inside `async with runner.running():`."""

    def __init__(
        self,
        client: RunComfyClient,
        journal: JobJournal,
        *,
        on_files: FilesHook | None = None,
        heartbeat: float = 10.0,
        lease_seconds: float = 60.0,
        retry_initial: float = 2.0,
        retry_max: float = 60.0,
        abort_timeout: float = 15.0,
        output_limits: OutputLimits = OutputLimits(),
    ) -> None:
        self.client = client
        self.journal = journal
        self.heartbeat = heartbeat
        self.lease_seconds = lease_seconds
        self.retry_initial = retry_initial
        self.retry_max = retry_max
        self.abort_timeout = abort_timeout
        self.owner = new_owner_id()
        self.outputs = OutputSaver(client, journal, on_files=on_files, limits=output_limits)
        self._watchers: dict[str, Watcher] = {}
        self._leases: dict[str, anyio.CancelScope] = {}  # jobs being driven, renewed by `_keep_leases`
        self._tg: TaskGroup | None = None
        self._closing = False

    @asynccontextmanager
    async def running(self) -> AsyncIterator[JobRunner]:
        """Own the background followers; leaving stops them without cancelling anything upstream."""
        async with anyio.create_task_group() as tg:
            self._tg, self._closing = tg, False
            tg.start_soon(self._keep_leases, name="keep-leases")
            try:
                yield self
            finally:
                self._closing = True
                tg.cancel_scope.cancel()
        self._tg = None

    # -- reading -------------------------------------------------------------------------------

    def get(self, job_id: str, principal: str | None = None) -> JobRecord:
        return self.journal.get(job_id, principal)

    def list(self, *, limit: int = 50, state: str | Iterable[str] | None = None,
             principal: str | None = None) -> list[JobRecord]:
        states = [state] if isinstance(state, str) else state
        return self.journal.list(states=states, limit=limit, principal=principal)

    # -- submitting and waiting -----------------------------------------------------------------

    async def submit(
        self,
        model_id: str,
        body: dict[str, Any],
        *,
        output_dir: Path,
        skill: str | None = None,
        tool: str | None = None,
        consent: dict[str, Any] | None = None,
        provenance: dict[str, Any] | None = None,
        principal: str | None = None,
        max_active: int | None = None,
    ) -> JobRecord:
        """Journal, then POST once, then follow in the background. Raises SkillError (with the
        job id in `details`) when nothing is known to run upstream: rejected, or outcome unknown.
        A `principal` with `max_active` jobs already running is refused before anything is sent."""
        self._require_running()
        record = self.journal.create(
            model_id=model_id, body=body, output_dir=output_dir, skill=skill, tool=tool,
            consent=consent, provenance=provenance, owner=self.owner, lease_seconds=self.lease_seconds,
            principal=principal, max_active=max_active,
        )  # fmt: skip
        job_id = record.job_id
        try:
            # Shielded: a caller cancelled mid-POST must still learn the request id to cancel it.
            with anyio.CancelScope(shield=True):
                receipt = await self.client.submit(model_id, body)
                # The request id is journaled before anything else runs (no await in between), in the
                # same commit that leases the job to our follower, which therefore claims nothing: a
                # process killed after this point leaves a job the next start follows and collects
                # (a dead process's lease is taken at once).
                record = self._journal_submitted(job_id, model_id, receipt.request_id)
        except SkillError as exc:
            self._release_quietly(job_id)
            if exc.details.get("journal") == "unrecorded":
                raise
            unknown = isinstance(exc, SubmitOutcomeUnknown)
            raise self._submit_failed(job_id, exc if not unknown else None) from None
        except Exception as exc:  # an unexpected failure mid-POST: the request may have gone out
            log.exception("submit of job %s failed unexpectedly", job_id)
            self._release_quietly(job_id)
            raise self._submit_failed(job_id, None) from exc
        log.info("job %s submitted as request %s (%s)", job_id, receipt.request_id, model_id)
        self._watch(job_id, record, leased=True)
        if record.cancel_requested:
            record = await self.cancel(job_id)
        return record

    def _release_quietly(self, job_id: str) -> None:
        try:
            self.journal.release(job_id, self.owner)
        except SkillError as exc:  # the lease then expires by itself
            log.warning("job %s: could not release its lease: %s", job_id, exc.describe())

    def _journal_submitted(self, job_id: str, model_id: str, request_id: str) -> JobRecord:
        """Record the answered submit, leased to our follower (no other can follow a job before its
        request id is known); if the journal cannot take it (disk full), say loudly which request
        RunComfy accepted, so it can be collected by hand, instead of losing it."""
        changes = {"request_id": request_id, "state": "in_queue", "submitted_at": utcnow()}
        try:
            return self.journal.update(job_id, lease=(self.owner, self.lease_seconds), **changes)
        except SkillError as exc:
            log.error("job %s: RunComfy accepted request %s (%s) but the journal could not record it: %s",
                      job_id, request_id, model_id, exc.describe())
            raise SkillError(
                ExitCode.TEMPFAIL,
                f"RunComfy accepted the job as request {request_id}, but the journal could not record it "
                f"({exc.message}). It runs and is billed.",
                where=exc.where,
                hint=f"Free space in the state folder, then run `runcomfy-skills journal adopt {request_id} "
                f"--model {model_id}` to collect its files.",
                details={"job_id": job_id, "request_id": request_id, "journal": "unrecorded"},
            ) from None

    def _submit_failed(self, job_id: str, rejected: SkillError | None) -> SkillError:
        """Journal a failed submit; `rejected` None means the outcome is unknown (never re-sent)."""
        if rejected is not None:
            self.journal.update(job_id, state="failed", error=JobError.from_skill_error(rejected), finished_at=utcnow())
            rejected.details.setdefault("job_id", job_id)
            return rejected
        error = SkillError(
            ExitCode.TEMPFAIL,
            f"Job {job_id}: the submit may have reached RunComfy, but no answer came back, so it is unknown "
            "whether the job runs (and bills). It was not sent again, and will not be automatically.",
            hint=f"Call job_status with job_id {job_id!r} to see what is recorded, and check {DASHBOARD_HINT}; "
            "submit again only if the request is not there.",
            details={"job_id": job_id},
        )
        self.journal.update(job_id, state="unknown", error=JobError.from_skill_error(error))
        return error

    async def run(
        self,
        model_id: str,
        body: dict[str, Any],
        *,
        output_dir: Path,
        wait_seconds: float,
        skill: str | None = None,
        tool: str | None = None,
        consent: dict[str, Any] | None = None,
        provenance: dict[str, Any] | None = None,
        on_progress: ProgressCallback | None = None,
        principal: str | None = None,
        max_active: int | None = None,
    ) -> JobRecord:
        """Submit and wait up to `wait_seconds`; cancelling this call cancels the job upstream."""
        job_id = (await self.submit(
            model_id, body, output_dir=output_dir, skill=skill, tool=tool, consent=consent, provenance=provenance,
            principal=principal, max_active=max_active,
        )).job_id
        return await self.wait(job_id, wait_seconds=wait_seconds, on_progress=on_progress, cancel_on_abort=True)

    async def wait(
        self,
        job_id: str,
        *,
        wait_seconds: float,
        on_progress: ProgressCallback | None = None,
        cancel_on_abort: bool = False,
    ) -> JobRecord:
        """Wait until the job is settled (files on disk) or `wait_seconds` pass, whichever is first.

        The job keeps being followed in the background either way. `on_progress` hears every
        change and a heartbeat at least every `heartbeat` seconds. With `cancel_on_abort`, a
        cancelled wait cancels the job upstream (shielded) before the cancellation goes on.
        """
        watcher = self._watch(job_id)
        deadline = time.monotonic() + max(0.0, wait_seconds)
        notify = Notifier(on_progress)
        try:
            await anyio.lowlevel.checkpoint()  # a cancellation pending since the submit lands here
            if on_progress is not None:
                await self._report(job_id, watcher, deadline, notify)
            elif watcher is not None:
                # No one to tell: no stream, no progress records, no heartbeats (each read the job back from
                # the journal: at thousands of waiting jobs, a third of the journal's reads); only the end.
                with anyio.move_on_after(max(0.0, deadline - time.monotonic())):
                    await watcher.ended.wait()
        except anyio.get_cancelled_exc_class():
            if cancel_on_abort and not self._closing:
                with anyio.CancelScope(shield=True), anyio.move_on_after(self.abort_timeout):
                    await self._cancel_quietly(job_id)
            raise
        # Its follower's last commit, when it saw the job settled: no read back per finished job.
        record = watcher.settled if watcher is not None and watcher.settled is not None else self.journal.get(job_id)
        if on_progress is not None:
            await notify(progress_of(record), only_if_changed=True)
        return record

    async def _report(self, job_id: str, watcher: Watcher | None, deadline: float, notify: Notifier) -> None:
        """Tell `notify` the job's state now, every change, and a heartbeat when nothing changed for
        `heartbeat` seconds, until the watcher ends or the deadline passes."""
        send, receive = anyio.create_memory_object_stream[JobProgress](max_buffer_size=64)
        if watcher is not None:
            watcher.listeners.add(send)
        else:
            send.close()
        try:
            with receive:
                await notify(progress_of(self.journal.get(job_id)))
                while (remaining := deadline - time.monotonic()) > 0:
                    with anyio.move_on_after(min(remaining, max(0.0, notify.next_beat(self.heartbeat)))):
                        try:
                            await notify(await receive.receive(), only_if_changed=True)
                            continue
                        except anyio.EndOfStream:
                            break
                    if time.monotonic() < deadline:
                        await notify(progress_of(self.journal.get(job_id)))
        finally:
            if watcher is not None:
                watcher.listeners.discard(send)
            send.close()

    async def collect(
        self, job_id: str, *, wait_seconds: float = 0.0, on_progress: ProgressCallback | None = None
    ) -> JobRecord:
        """The result of a job: the files on disk once checked (exist, same sha256; what vanished
        or changed is downloaded again), waiting up to `wait_seconds` for what is still to come."""
        record = self.journal.get(job_id)
        if record.state == "completed" and record.downloaded:
            record = await self.outputs.drop_lost_files(record)
        if record.followable:
            record = await self.wait(job_id, wait_seconds=wait_seconds, on_progress=on_progress)
        return record

    # -- cancelling -----------------------------------------------------------------------------

    async def cancel(self, job_id: str) -> JobRecord:
        """Ask RunComfy to cancel. Queued jobs stop; running ones cannot be stopped, so they are
        marked `not_cancellable` (they will be billed) and followed to their files."""
        record = self.journal.get(job_id)
        if record.terminal:
            return record
        record = self.journal.update(job_id, cancel_requested=True)
        if record.request_id is None:
            return record  # still submitting: `submit` cancels as soon as the request id is known
        outcome = await self.client.cancel(record.request_id)
        if outcome.cancelled or outcome.state == "cancelled":
            record = self.journal.update(job_id, state="cancelled", queue_position=None, finished_at=utcnow())
        else:
            if outcome.outcome == "not_cancellable":
                record = self.journal.update(job_id, not_cancellable=True)
                log.warning("job %s could not be cancelled upstream: it will finish and be billed", job_id)
            self._watch(job_id)
        if (watcher := self._watchers.get(job_id)) is not None:
            watcher.publish(record)
        return record

    async def _cancel_quietly(self, job_id: str) -> None:
        try:
            record = await self.cancel(job_id)
            log.info("job %s: waiting call was cancelled; upstream %s", job_id, describe(record))
        except Exception:
            log.exception("job %s: cancelling upstream after the caller went away failed", job_id)

    # -- resuming -------------------------------------------------------------------------------

    async def resume(self) -> list[JobRecord]:
        """Follow every job a previous run left unsettled; returns those now followed.

        A job still `submitting` whose process is gone never got its answer: it becomes `unknown`
        and is not sent again.
        """
        self._require_running()
        followed = []
        for record in self.journal.unsettled():
            if record.request_id is not None:
                self._watch(record.job_id, record)
                followed.append(record)
            elif self.journal.holder(record.job_id) is None:
                self._submit_failed(record.job_id, None)
        return followed

    # -- following ------------------------------------------------------------------------------

    def _require_running(self) -> TaskGroup:
        if self._tg is None:
            raise RuntimeError("JobRunner is not running: use it inside `async with runner.running():`")
        return self._tg

    def _watch(self, job_id: str, record: JobRecord | None = None, *, leased: bool = False) -> Watcher | None:
        """The job's watcher, started if needed; None when there is nothing left to follow. `record`:
        the job as just journaled, when the caller has it (saves reading it back); `leased`: that
        commit leased it to us, so the follower starts driving without a claim or a read."""
        if (watcher := self._watchers.get(job_id)) is not None:
            return watcher
        if not (record or self.journal.get(job_id)).followable:
            return None
        watcher = self._watchers[job_id] = Watcher(job_id)
        handed = [record] if leased and record is not None else []
        self._require_running().start_soon(self._follow, watcher, handed, name=f"follow-{job_id}")
        return watcher

    async def _follow(self, watcher: Watcher, handed: list[JobRecord]) -> None:
        job_id, released = watcher.job_id, False
        try:
            released = await self._follow_until_settled(watcher, handed)
        except Exception:
            log.exception("following job %s stopped unexpectedly; job_result or a restart picks it up again", job_id)
        finally:
            if not released:
                self.journal.release(job_id, self.owner)
            self._watchers.pop(job_id, None)
            watcher.finish()

    async def _follow_until_settled(self, watcher: Watcher, handed: list[JobRecord]) -> bool:
        """Drive the job until it is settled; True when its last commit also dropped our lease.
        `handed`: the job as its submit journaled it, leased to us (one item), handed on to `_drive`
        and popped there, so no frame holds a record while the job runs."""
        job_id, delay = watcher.job_id, self.retry_initial
        record: JobRecord | None = None  # the job as `_drive` last journaled it, saving a read back
        while True:
            if handed:
                watcher.publish(handed[0])
            else:
                record = record or self.journal.get(job_id)
                watcher.publish(record)
                if not record.followable:
                    watcher.settled = record
                    return record.downloaded
                record = None  # not held while the job runs (see `_drive`)
                if not self.journal.claim(job_id, self.owner, self.lease_seconds):
                    await anyio.sleep(1.0)  # another process follows it: watch the journal instead
                    continue
            try:
                record = await self._drive_leased(job_id, watcher, handed)
                delay = self.retry_initial
            except SkillError as exc:
                self.journal.update(job_id, error=JobError.from_skill_error(exc))
                watcher.publish(self.journal.get(job_id))
                if exc.code in (ExitCode.NOPERM, ExitCode.DATA, ExitCode.USAGE):
                    log.error("job %s: %s (will retry on job_result or restart)", job_id, exc.describe())
                    return
                log.warning("job %s: %s; retrying in %.1f s", job_id, exc.describe(), delay)
                await anyio.sleep(delay)
                delay = min(delay * 2, self.retry_max)

    async def _drive_leased(self, job_id: str, watcher: Watcher, handed: list[JobRecord]) -> JobRecord | None:
        """`_drive` while `_keep_leases` renews the lease; losing the lease stops it quietly (None)."""
        with anyio.CancelScope() as scope:
            self._leases[job_id] = scope
            try:
                return await self._drive(job_id, watcher, handed)
            finally:
                self._leases.pop(job_id, None)
        return None

    async def _keep_leases(self) -> None:
        """Renew the lease of every job this process drives, all in one transaction: one task and one
        commit per interval whatever the number of jobs (a task and a commit per job did not scale)."""
        while True:
            await anyio.sleep(self.lease_seconds / 3)
            if not self._leases:
                continue
            try:
                lost = self.journal.renew(list(self._leases), self.owner, self.lease_seconds)
            except SkillError as exc:  # the leases run on; the next round tries again
                log.warning("renewing job leases failed: %s", exc.describe())
                continue
            for job_id in lost:
                if (scope := self._leases.get(job_id)) is not None:
                    log.warning("job %s: lease taken by another process; letting it follow", job_id)
                    scope.cancel()

    async def _drive(self, job_id: str, watcher: Watcher, handed: list[JobRecord]) -> JobRecord | None:
        """Poll to a terminal state, then fetch the result and download the outputs. Returns the job
        as journaled when it ends downloaded (our lease dropped in that commit), else None."""
        record = handed.pop() if handed else self.journal.get(job_id)
        request_id = record.request_id
        assert request_id is not None
        links: Links | None = None  # the result's links, once fetched
        if not record.terminal:
            known = (record.state, record.queue_position)  # as journaled; a poll saying the same writes nothing
            first_poll = self._first_poll(record)
            del record  # thousands of jobs wait here at once: none holds its whole record meanwhile

            async def seen(status: JobStatus) -> None:
                nonlocal known
                if status.state in TERMINAL or (status.state, status.queue_position) == known:
                    return  # an end is journaled once, with its finish time, right after the wait below
                known = (status.state, status.queue_position)
                watcher.publish(self.journal.update(job_id, state=status.state, queue_position=status.queue_position))

            status = await self.client.wait(request_id, timeout=math.inf, on_status=seen, first_poll=first_poll)
            changes: dict[str, Any] = {"state": status.state, "queue_position": None, "finished_at": utcnow()}
            if status.state == "completed":  # its links go into the same commit as its end: one write fewer
                links = self.outputs.allowed_urls((await self.client.result(request_id)).output_urls)
                changes["output_urls"] = links[0]
            record = self.journal.update(job_id, **changes)
            watcher.publish(record)
        if record.state == "completed" and not record.downloaded:
            return await self.outputs.save(record, watcher, links, release=self.owner)
        if record.state == "failed" and record.error is None:
            result = await self.client.result(request_id)
            message = f"RunComfy reports the job failed: {result.error or 'no reason given'}"
            self.journal.update(job_id, error=JobError(code=int(ExitCode.FAILED), message=message[:2000]))
        return None

    def _first_poll(self, record: JobRecord) -> float:
        """Seconds until the first status poll: none for a job submitted a while ago (a resumed one),
        the client's first interval for one just submitted, which RunComfy has only just queued."""
        if record.submitted_at is None:
            return 0.0
        return max(0.0, self.client.poll_initial - (utcnow() - record.submitted_at).total_seconds())
