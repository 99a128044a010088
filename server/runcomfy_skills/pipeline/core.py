"""`Pipeline`: the decisions (`decisions.py`) plus running a job and the job tools."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import anyio

from runcomfy_skills.catalog.live import LiveCatalog
from runcomfy_skills.catalog.names import wire_body
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.jobs.records import JobRecord
from runcomfy_skills.jobs.runner import JobProgress, JobRunner
from runcomfy_skills.models import Consent
from runcomfy_skills.pipeline.decisions import Decisions
from runcomfy_skills.pipeline.requests import PolicyRefusal, Prepared
from runcomfy_skills.pipeline.views import job_view, summarize
from runcomfy_skills.policy.audit import AuditLog
from runcomfy_skills.policy.provenance import DISCLOSURE_NOTE
from runcomfy_skills.policy.second_opinion import NOT_ASKED, Opinion
from runcomfy_skills.settings import Settings, prepare_output_dir

ProgressCallback = Callable[[JobProgress], Awaitable[None]]
T = TypeVar("T")
CPU_THREADS = 2  # routing, policy and validation steps running at once, off the event loop
CATALOG_WAIT_SECONDS = 10.0  # a call waits at most this long for the first catalog refresh, then uses the tables


class Pipeline(Decisions):
    def __init__(
        self,
        settings: Settings,
        live: LiveCatalog,
        runner: JobRunner,
        audit: AuditLog,
        *,
        auth_error: SkillError | None = None,
    ) -> None:
        super().__init__(live, audit)
        self.settings = settings
        self.runner = runner
        # Without a token the server still starts (plan and the journal work); calls that need
        # RunComfy raise this "how to sign in" error instead of the server dying at launch.
        self.auth_error = auth_error
        self._cpu = anyio.CapacityLimiter(CPU_THREADS)

    async def offload(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a CPU-bound step (routing, policy, validation) in a worker thread, a few at a time, so
        one large request cannot stall the event loop that serves every other session."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=self._cpu)

    async def settle(self) -> None:
        """Before a call: wait (bounded) for the first catalog refresh, so it already uses the live names."""
        await self.live.wait_settled(CATALOG_WAIT_SECONDS)

    # -- running -------------------------------------------------------------------------------
    async def run(
        self,
        prepared: Prepared,
        consent: Consent | None,
        *,
        elicited: bool,
        source: str,
        output_dir: Path,
        wait_seconds: float,
        on_progress: ProgressCallback | None = None,
        opinion: Opinion = NOT_ASKED,
        principal: str | None = None,
    ) -> dict[str, Any]:
        """Gate, then run the job. A `principal` (an authenticated HTTP client) owns the job and may
        have at most `max_jobs_per_client` running at once."""
        verdict = await self.offload(self.gate, prepared, consent, elicited=elicited, source=source, opinion=opinion)
        if verdict.verdict != "allow":
            raise PolicyRefusal(verdict)
        self._require_token()
        output_dir = prepare_output_dir(output_dir)  # a folder we cannot write is found before the paid submit
        route = prepared.route
        provenance = None
        if verdict.face_swap:
            provenance = {"consent": (consent or Consent()).model_dump(), "elicited": elicited, "source": source}
        record = await self.runner.run(
            route.model_id,
            wire_body(route, prepared.body),  # under the names RunComfy's catalog gives the fields
            skill=route.skill,
            tool=route.tool,
            output_dir=output_dir,
            consent=consent.model_dump() if consent else None,
            provenance=provenance,
            wait_seconds=wait_seconds,
            on_progress=on_progress,
            principal=principal,
            max_active=self.settings.max_jobs_per_client,
        )
        return self.delivered(record, prepared)

    def delivered(self, record: JobRecord, prepared: Prepared | None = None) -> dict[str, Any]:
        """The result view, or an error naming the job when it completed upstream but its files (or
        their sidecars) could not be delivered: that must not read as a success."""
        view = self.result_view(record, prepared)
        if record.state == "completed" and record.error is not None:
            raise SkillError(ExitCode(record.error.code), f"Job {record.job_id}: {record.error.message}",
                             hint=record.error.hint or f"Call job_result with job_id {record.job_id!r} to retry.",
                             details={"job": view})
        return view

    def result_view(self, record: JobRecord, prepared: Prepared | None = None) -> dict[str, Any]:
        view = job_view(record)
        view["warnings"] = prepared.warnings if prepared else []
        view["next_steps"] = prepared.next_steps if prepared else []
        if record.provenance is not None:
            view["disclosure"] = DISCLOSURE_NOTE
        if self.settings.sandbox:
            view["sandbox"] = f"Sandbox: the emulator's test media, not a model's result, saved in {record.output_dir}."
        view["summary"] = summarize(view)
        return view

    # -- job tools ------------------------------------------------------------------------------
    # With a `principal`, only that client's jobs exist for it (another's is "not found").
    def job_status(self, job_id: str, principal: str | None = None) -> dict[str, Any]:
        return self.result_view(self.runner.get(job_id, principal))

    def _require_token(self) -> None:
        if self.auth_error is not None:
            raise self.auth_error

    async def job_result(self, job_id: str, wait_seconds: float, on_progress: ProgressCallback | None = None,
                         principal: str | None = None) -> dict[str, Any]:
        self._require_token()
        job_id = self.runner.get(job_id, principal).job_id
        return self.delivered(await self.runner.collect(job_id, wait_seconds=wait_seconds, on_progress=on_progress))

    async def job_cancel(self, job_id: str, principal: str | None = None) -> dict[str, Any]:
        self._require_token()
        job_id = self.runner.get(job_id, principal).job_id
        return self.result_view(await self.runner.cancel(job_id))

    def jobs_list(self, limit: int, state: str | None, principal: str | None = None) -> dict[str, Any]:
        jobs = [job_view(r) for r in self.runner.list(limit=limit, state=state, principal=principal)]
        data: dict[str, Any] = {"jobs": jobs, "count": len(jobs)}
        if principal is not None:
            return data  # the journal's health is the operator's business, not a remote client's
        journal = self.runner.journal
        warnings = list(journal.warnings)
        if quarantined := journal.quarantined():
            warnings.append(f"{quarantined} journal row(s) could not be read and were set aside; run "
                            "`runcomfy-skills journal check` and `runcomfy-skills journal recover`.")
        if warnings:
            data["warnings"] = warnings
        return data
