"""The one path every request takes: validate → route → gate → submit → wait → download → result.

The MCP tools (`app.py`) and the CLI (`cli.py`) both call `Pipeline`, so they cannot disagree.
Nothing here speaks MCP or argv; the client's HTTP stays behind `JobRunner`.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import anyio
from pydantic import BaseModel

from runcomfy_skills.bounds import check_bounds, check_request

from runcomfy_skills.policy import gate as policy
from runcomfy_skills.policy import second_opinion
from runcomfy_skills.policy.second_opinion import NOT_ASKED, Opinion, Question
from runcomfy_skills.routing import router
from runcomfy_skills.policy.audit import AuditLog
from runcomfy_skills.catalog.bodies import complete_body, with_defaults
from runcomfy_skills.catalog.binding import CHECK
from runcomfy_skills.catalog.live import LIVE_CACHE_NAME, LiveCatalog
from runcomfy_skills.catalog.names import canonical_body, wire_body
from runcomfy_skills.catalog.skill_docs import Catalog, Route, Skill, load_catalog
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.jobs.runner import JobProgress, JobRunner
from runcomfy_skills.jobs.journal import JobJournal
from runcomfy_skills.jobs.outputs import OutputLimits
from runcomfy_skills.jobs.records import JobRecord
from runcomfy_skills.models import Asset, Consent
from runcomfy_skills.policy.provenance import DISCLOSURE_NOTE, ProvenanceRecord, unlabeled_copies, write_sidecar
from runcomfy_skills.runcomfy.client import DownloadedFile, RunComfyClient, load_token
from runcomfy_skills.catalog.schema_table import require_valid
from runcomfy_skills.runcomfy.filenames import clean_stale_temps
from runcomfy_skills.settings import Settings, prepare_output_dir, state_scope
from runcomfy_skills.understanding import lexicon

log = logging.getLogger(__name__)

ProgressCallback = Callable[[JobProgress], Awaitable[None]]
_STARTED = time.time()  # files older than this process that it did not write: see _provenance_writer
T = TypeVar("T")
CPU_THREADS = 2  # routing, policy and validation steps running at once, off the event loop


class Plan(BaseModel):
    """The `plan` contract: the router's decision joined with the consent gate's verdict."""

    decision: str
    skill: str | None
    route: str | None
    tool: str | None
    mode: str | None = None
    confidence: float
    reasons: list[str]
    alternatives: list[dict[str, Any]]
    missing: list[str]
    arguments: dict[str, Any]
    redirect: str | None
    redirect_id: str | None = None
    rule_ids: list[str]
    steps: list[dict[str, Any]]
    warnings: list[str]
    verdict: dict[str, Any] | None


@dataclass
class Prepared:
    """A request that passed validation and routing, ready for the gate."""

    route: Route
    body: dict[str, Any]
    text: str
    assets: list[Asset]
    warnings: list[str] = field(default_factory=list)
    next_steps: list[dict[str, Any]] = field(default_factory=list)


class PolicyRefusal(SkillError):
    def __init__(self, verdict: policy.Verdict) -> None:
        super().__init__(
            ExitCode.POLICY,
            f"Not submitted: {verdict.verdict} — {verdict.reason}",
            hint=verdict.remedy,
            details={"verdict": verdict.model_dump()},
        )
        self.verdict = verdict


def validate_body(route: Route, body: Any) -> dict[str, Any]:
    """Check a request body against the route's schema; name the first bad field and how to fix it.

    Fields may come under any accepted name (alias or live name); the result uses the table's.
    """
    if not isinstance(body, dict):
        raise SkillError(ExitCode.DATA, "The request body must be a JSON object.", hint="Pass {\"prompt\": ...}.")
    check_bounds(body)
    body = with_defaults(route, canonical_body(route, body))
    require_valid(route.input_schema, body, subject=f"the schema of {route.model_id}")
    return complete_body(route, body)


def body_text(body: dict[str, Any], urls: set[str]) -> str:
    """Every word a request body carries (prompt, negative prompt, any other text field), for the gate."""
    out: list[str] = []
    for value in body.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item not in urls:
                out.append(item)
    return "\n".join(out)


def job_view(record: JobRecord) -> dict[str, Any]:
    """What a tool result or the CLI shows of a job: ids, state, files with their checksums."""
    view: dict[str, Any] = {
        "job_id": record.job_id,
        "request_id": record.request_id,
        "state": record.state,
        "model_id": record.model_id,
        "skill": record.skill,
        "queue_position": record.queue_position,
        "files": [
            f.model_dump(mode="json") for f in record.files
        ],
        "sidecars": [str(p) for p in record.extra_paths],
        "output_urls": list(record.output_urls),
        "not_cancellable": record.not_cancellable,
    }
    if record.error:
        view["error"] = record.error.model_dump(mode="json")
    return view


def plan_request(
    catalog: Catalog,
    audit: AuditLog,
    policy_settings: policy.PolicySettings,
    request: str,
    assets: list[Asset],
    consent: Consent | None,
    *,
    skill: str | None,
    source: str,
    opinion: Opinion = NOT_ASKED,
    decision: router.Decision | None = None,
) -> Plan:
    """Route (unless `decision` is that request's routing already), then gate (and the client model's
    second opinion, stricter only): the whole decision before any money is spent (no network)."""
    check_request(request, len(assets))
    decision = decision or router.route_request(catalog, request, assets, skill=skill)
    route = catalog.route(decision.route) if decision.route else None
    skill_doc = catalog.skill(decision.skill) if decision.skill else None
    verdict = policy.evaluate(
        skill=skill_doc, route=route, text=request, assets=assets, consent=consent, settings=policy_settings
    )
    face_swap = verdict.face_swap  # a face into media on any route, by words or files (policy/identity.py)
    verdict = second_opinion.combine(
        verdict, opinion, wanted_because=second_opinion.wanted(face_swap=face_swap, confidence=decision.confidence),
        face_swap=face_swap, required=policy_settings.require_second_opinion,
    )
    audit.record(verdict, route=decision.route, skill=decision.skill, text=request, source=source)
    outcome = policy.plan_outcome(decision.decision, verdict.verdict, verdict.rule_ids)
    data = decision.model_dump(mode="json")
    data.update(decision=outcome, rule_ids=verdict.rule_ids, verdict=verdict.model_dump(mode="json"))
    return Plan.model_validate(data)


CATALOG_WAIT_SECONDS = 10.0  # a call waits at most this long for the first catalog refresh, then uses the tables


def usable(route: Route) -> Route:
    """The route, unless RunComfy's live catalog cannot run it as its skill document says (65)."""
    if route.problem:
        raise SkillError(ExitCode.DATA, f"{route.title}: {route.problem}", where=route.tool,
                         hint=f"{CHECK} (`--json` for scripts, `--write` to update the table); until the "
                              f"{route.skill} SKILL.md table is fixed (the new name as the field or an alias), "
                              "this route cannot be called.")
    return route


class Pipeline:
    def __init__(
        self,
        settings: Settings,
        live: LiveCatalog,
        runner: JobRunner,
        audit: AuditLog,
        *,
        auth_error: SkillError | None = None,
    ) -> None:
        self.settings = settings
        self.live = live
        self.runner = runner
        self.audit = audit
        # Without a token the server still starts (plan and the journal work); calls that need
        # RunComfy raise this "how to sign in" error instead of the server dying at launch.
        self.auth_error = auth_error
        self.policy_settings = policy.PolicySettings.from_env()
        self._cpu = anyio.CapacityLimiter(CPU_THREADS)
        self._decisions: OrderedDict[tuple[Any, ...], router.Decision] = OrderedDict()
        self._lock = threading.Lock()

    async def offload(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a CPU-bound step (routing, policy, validation) in a worker thread, a few at a time, so
        one large request cannot stall the event loop that serves every other session."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=self._cpu)

    @property
    def catalog(self) -> Catalog:
        """The routes as RunComfy's live catalog has them (the skill documents' tables without one)."""
        return self.live.current

    async def settle(self) -> None:
        """Before a call: wait (bounded) for the first catalog refresh, so it already uses the live names."""
        await self.live.wait_settled(CATALOG_WAIT_SECONDS)

    def plan(self, request: str, assets: list[Asset], consent: Consent | None, *, skill: str | None, source: str,
             opinion: Opinion = NOT_ASKED) -> Plan:
        return plan_request(self.catalog, self.audit, self.policy_settings, request, assets, consent, skill=skill,
                            source=source, opinion=opinion, decision=self._route(request, assets, skill))

    def _route(self, request: str, assets: list[Asset], skill: str | None) -> router.Decision:
        """`router.route_request`, remembered for the last few requests: a `plan` call routes its
        request for the second-opinion question and again for the plan; the second is free."""
        key = (request, tuple(a.model_dump_json() for a in assets), skill)
        with self._lock:
            if (known := self._decisions.get(key)) is not None:
                self._decisions.move_to_end(key)
                return known
        decision = router.route_request(self.catalog, request, assets, skill=skill)
        with self._lock:
            self._decisions[key] = decision
            while len(self._decisions) > 32:
                self._decisions.popitem(last=False)
        return decision

    def warm_up(self) -> None:
        """Pay the one-off costs of the first decision now (the route cue index, the harm screen's
        regular expressions, jsonschema), on a thread after start-up: the first `plan` is then as
        fast as any. Routes and screens a made-up request without recording it anywhere."""
        text = "remove the watermark from this clip"
        asset = [Asset(url="https://cdn.example.com/warm-up.mp4")]
        self.plan_question(text, asset, skill=None)  # routes it too (and keeps that decision)
        decision = self._route(text, asset, None)
        route = self.catalog.route(decision.route) if decision.route else None
        skill_doc = self.catalog.skill(decision.skill) if decision.skill else None
        policy.evaluate(skill=skill_doc, route=route, text=text, assets=asset, consent=None,
                        settings=self.policy_settings)
        require_valid({"type": "object"}, {}, subject="the warm-up")
        lexicon().warm_up()

    # -- second opinion -------------------------------------------------------------------------
    def plan_question(self, request: str, assets: list[Asset], *, skill: str | None) -> Question | None:
        """What to ask the client's model before `plan` answers, or None when the rules alone decide."""
        check_request(request, len(assets))
        decision = self._route(request, assets, skill)
        route = self.catalog.route(decision.route) if decision.route else None
        skill_doc = self.catalog.skill(decision.skill) if decision.skill else None
        face_swap = policy.needs_consent(skill_doc, route, request, assets)
        why = second_opinion.wanted(face_swap=face_swap, confidence=decision.confidence)
        return self._question(skill_doc, route, request, assets, why)

    def question(self, prepared: Prepared) -> Question | None:
        """What to ask the client's model before this call runs, or None when the rules alone decide."""
        return self._question(self.catalog.skill(prepared.route.skill), prepared.route, prepared.text,
                              prepared.assets, self._wanted(prepared))

    def _wanted(self, prepared: Prepared) -> str | None:
        """A face swap by its route, or by what the words and files read as (a face into an inpainting
        route), or words the rules read with little confidence."""
        reading = router.route_request(self.catalog, prepared.text, prepared.assets)
        face_swap = self.needs_consent(prepared) or (
            reading.skill is not None and self.catalog.skill(reading.skill).consent_required)
        return second_opinion.wanted(face_swap=face_swap, confidence=reading.confidence)

    def _question(self, skill: Skill | None, route: Route | None, text: str, assets: list[Asset],
                  why: str | None) -> Question | None:
        if why is None:
            return None
        rules = policy.evaluate(skill=skill, route=route, text=text, assets=assets,
                                consent=None, settings=self.policy_settings)
        if rules.verdict in ("refuse", "reject_input"):
            return None  # the rules already stop it; the model cannot make that stricter
        return Question(why, text, route.model_id if route else None, skill.name if skill else None, tuple(assets))

    # -- preparing a call ----------------------------------------------------------------------
    def prepare_route_call(self, route_ref: str, body: Any) -> Prepared:
        route = usable(self.catalog.route(route_ref))
        body = validate_body(route, body)
        assets = policy.assets_from_body(route, body)
        return Prepared(
            route=route,
            body=body,
            text=body_text(body, {a.url for a in assets}),
            assets=assets,
            warnings=router.check_fit(self.catalog, route, body),
        )

    def prepare_skill_call(self, skill: str, request: str, assets: list[Asset]) -> Prepared:
        check_request(request, len(assets))
        skill_doc = self.catalog.skill(skill)
        decision = router.route_request(self.catalog, request, assets, skill=skill_doc.name)
        if decision.decision != "route" or decision.route is None:
            self._refuse_if_harmful(skill_doc, request, assets)
        if decision.decision == "unsupported":
            raise SkillError(
                ExitCode.USAGE,
                "This request is outside what the skill does.",
                hint=decision.redirect or "; ".join(decision.reasons),
                details={"plan": decision.model_dump(mode="json")},
            )
        if decision.decision == "needs_input" or decision.route is None:
            raise SkillError(
                ExitCode.DATA,
                f"More input is needed: {'; '.join(decision.missing) or 'see reasons'}.",
                hint="Add the missing assets (with a role) and call again, or call `plan` to see the options.",
                details={"plan": decision.model_dump(mode="json")},
            )
        route = usable(self.catalog.route(decision.route))
        body = validate_body(route, decision.arguments)
        return Prepared(
            route=route,
            body=body,
            text=request,
            assets=assets,
            warnings=list(decision.warnings),
            next_steps=[s.model_dump(mode="json") for s in decision.steps[1:]],
        )

    def _refuse_if_harmful(self, skill: Skill, request: str, assets: list[Asset]) -> None:
        """Harm is judged whatever the files: a harmful request the router cannot route (a file missing,
        out of scope) is refused as `plan` refuses it, not answered with a request for more input."""
        verdict = policy.evaluate(skill=skill, route=None, text=request, assets=assets, consent=None,
                                  settings=self.policy_settings)
        if verdict.verdict == "refuse":
            self.audit.record(verdict, route=None, skill=skill.name, text=request, source=f"skill:{skill.name}")
            raise PolicyRefusal(verdict)

    # -- gate and run ---------------------------------------------------------------------------
    def needs_consent(self, prepared: Prepared) -> bool:
        """A face or identity goes into media, on whatever route (see policy/identity.py)."""
        return policy.needs_consent(self.catalog.skill(prepared.route.skill), prepared.route, prepared.text,
                                    prepared.assets)

    def consent_form(self, prepared: Prepared) -> policy.ConsentForm:
        return policy.consent_form(prepared.route, prepared.text)

    def gate(self, prepared: Prepared, consent: Consent | None, *, elicited: bool, source: str,
             opinion: Opinion = NOT_ASKED) -> policy.Verdict:
        verdict = policy.evaluate(
            skill=self.catalog.skill(prepared.route.skill),
            route=prepared.route,
            text=prepared.text,
            assets=prepared.assets,
            consent=consent,
            settings=self.policy_settings,
            elicited=elicited,
        )
        required = self.policy_settings.require_second_opinion
        verdict = second_opinion.combine(
            verdict, opinion, wanted_because=self._wanted(prepared) if required and opinion.verdict is None else None,
            face_swap=self.needs_consent(prepared), required=required,
        )
        self.audit.record(verdict, route=prepared.route.model_id, skill=prepared.route.skill, text=prepared.text, source=source)
        return verdict

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


def summarize(view: dict[str, Any]) -> str:
    """A short readable line for people; the structured content carries the detail."""
    state, job = view["state"], view["job_id"]
    head = f"Job {job} ({view['model_id']}, request {view.get('request_id') or 'not assigned'}): {state}."
    if view["files"]:
        files = "; ".join(f"{f['path']} ({f['size']} bytes, sha256 {f['sha256'][:12]}…)" for f in view["files"])
        head += f" Files: {files}."
    elif state in ("in_queue", "in_progress", "submitting"):
        head += f" Still running: call job_result with job_id {job!r} to collect the files when it finishes."
    if view.get("not_cancellable"):
        head += " It could no longer be cancelled upstream: it will finish and be billed; its files are kept."
    if view.get("error"):
        head += f" Error: {view['error'].get('message', view['error'])}"
    if view.get("disclosure"):
        head += f" {view['disclosure']}"
    if view.get("sandbox"):
        head += f" {view['sandbox']}"
    for warning in view.get("warnings", []):
        head += f" Warning: {warning}"
    return head


def _provenance_writer(record: JobRecord, files: list[DownloadedFile]) -> list[Path]:
    """Face-swap outputs get a provenance sidecar next to each file (also after a restart). A copy
    that a killed process saved but never labeled is removed: the same bytes now have their label."""
    if record.provenance is None:
        return []
    since = record.submitted_at or record.created_at
    for f in files:
        for copy in unlabeled_copies(f.path, f.sha256, since, before=_STARTED):
            log.warning("job %s: removing %s, an unlabeled copy of %s left by a stopped process", record.job_id,
                        copy.name, f.path.name)
            copy.unlink(missing_ok=True)
    return [
        write_sidecar(
            f.path,
            ProvenanceRecord.for_output(
                model_id=record.model_id,
                request_id=record.request_id or "",
                skill=record.skill,
                tool=record.tool,
                consent=record.provenance.get("consent") or {},
                request_text=str(record.body.get("prompt", "")),
                sha256=f.sha256,
                elicited=record.provenance.get("elicited"),
                source=record.provenance.get("source"),
            ),
        )
        for f in files
    ]


def _clean_temp_files(settings: Settings, journal: JobJournal) -> None:
    """Start-up: remove download parts and sidecar temps that dead processes left in our folders."""
    folders = [settings.output_root, *journal.output_dirs()]
    if removed := clean_stale_temps(folders):
        log.warning("removed %d unfinished temp file(s) left by a stopped process (e.g. %s)", len(removed), removed[0])


@asynccontextmanager
async def open_pipeline(settings: Settings, catalog: Catalog | None = None) -> AsyncIterator[Pipeline]:
    """Start everything a request needs (sandbox emulator, client, journal, runner) and resume jobs."""
    catalog = catalog or load_catalog()
    with state_scope(settings):
        async with _open_pipeline(settings, catalog) as pipeline:
            yield pipeline


@asynccontextmanager
async def _open_pipeline(settings: Settings, catalog: Catalog) -> AsyncIterator[Pipeline]:
    emulator = None
    if settings.sandbox:
        from runcomfy_skills.sandbox.emulator import (
            Emulator,  # only the sandbox needs the emulator (and its web stack)
        )

        emulator = Emulator(catalog, catalog_file=settings.sandbox_catalog).start()
        settings = settings.model_copy(
            update={
                "api_base": emulator.base_url,
                "download_origins": (*settings.download_origins, emulator.origin),
                "poll_initial": 0.1,
                "poll_max": 0.5,
            }
        )
        token, auth_error = emulator.token, None
    else:
        try:
            token, auth_error = load_token(), None
        except SkillError as err:
            token, auth_error = "", err  # never sent: every call that would send it raises auth_error first
    try:
        async with RunComfyClient(
            token,
            settings.api_base,
            allowed_api_hosts=settings.allowed_api_hosts,
            download_origins=settings.download_origins,
            poll_initial=settings.poll_initial,
            poll_max=settings.poll_max,
            limiter=settings.request_limiter(),
        ) as client:
            journal = JobJournal(settings.state_dir)
            limits = OutputLimits(max_files_per_job=settings.max_files_per_job,
                                  max_bytes_per_job=settings.max_bytes_per_job)
            runner = JobRunner(client, journal, on_files=_provenance_writer, output_limits=limits)
            try:
                _clean_temp_files(settings, journal)
                live = LiveCatalog(catalog, fetch=client.get_model if auth_error is None else None,
                                   cache_file=settings.state_dir / LIVE_CACHE_NAME,
                                   refresh_seconds=settings.catalog_refresh_seconds, origin=settings.api_base)
                async with runner.running(), anyio.create_task_group() as refresher:
                    refresher.start_soon(live.run)  # in the background: nothing waits for the network here
                    try:
                        if auth_error is None:
                            await runner.resume()
                        yield Pipeline(settings, live, runner, AuditLog(settings.state_dir), auth_error=auth_error)
                    finally:
                        refresher.cancel_scope.cancel()
            finally:
                journal.close()  # the last connection folds the WAL back into the file
    finally:
        if emulator is not None:
            emulator.stop()
