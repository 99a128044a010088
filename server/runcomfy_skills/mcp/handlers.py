"""Tool handlers: thin adapters from a tool call's arguments to one pipeline call and back.

Each handler takes (ctx, params, pipeline) and returns a result; errors are raised as
`SkillError` and turned into error results in one place (`app.call_tool`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from mcp.server import ServerRequestContext
from mcp.types import CallToolRequestParams, CallToolResult, InputRequiredResult

from runcomfy_skills.errors import redact
from runcomfy_skills.jobs.runner import JobProgress
from runcomfy_skills.mcp import sampling
from runcomfy_skills.mcp.clients import principal_of
from runcomfy_skills.mcp.consent import human_consent
from runcomfy_skills.mcp.results import tool_result
from runcomfy_skills.mcp.tools import CONSENT_KEY, OPTION_KEYS
from runcomfy_skills.models import Asset, Consent
from runcomfy_skills.pipeline import Pipeline, Prepared
from runcomfy_skills.policy.second_opinion import Question

log = logging.getLogger(__name__)

Result = CallToolResult | InputRequiredResult
Handler = Callable[[ServerRequestContext[Any], CallToolRequestParams, Pipeline], Awaitable[Result]]
RUNNING = ("submitting", "in_queue", "in_progress")


def progress_reporter(ctx: ServerRequestContext[Any]) -> Callable[[JobProgress], Awaitable[None]]:
    count = 0

    async def report(progress: JobProgress) -> None:
        nonlocal count
        count += 1  # progress must grow; the message carries state and queue position
        await ctx.session.report_progress(count, None, redact(progress.message))

    return report


def job_result(view: dict[str, Any]) -> CallToolResult:
    """A job's result; what the agent must act on is also logged, so it reaches the client as a notice."""
    job = view["job_id"]
    if view["state"] in RUNNING:
        log.warning("job %s is still %s after the wait: call job_result with job_id %r to collect its files",
                    job, view["state"], job)
    elif view.get("error"):
        log.warning("job %s: %s", job, view["error"].get("message", "failed"))
    return tool_result(view)


async def _run(
    ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline, prepared: Prepared
) -> Result:
    source = f"tool:{params.name}"
    args = params.arguments or {}
    question = await pipeline.offload(pipeline.question, prepared)
    opinion = await sampling.ask(ctx, params, question, pipeline.settings.second_opinion_seconds)
    if isinstance(opinion, InputRequiredResult):
        return opinion
    obtained = await human_consent(ctx, params, pipeline, prepared, source, opinion)
    if isinstance(obtained, InputRequiredResult):
        return obtained
    consent, elicited = obtained
    view = await pipeline.run(
        prepared,
        consent,
        elicited=elicited,
        source=source,
        output_dir=pipeline.settings.output_dir_for_tool(args.get("output_dir")),
        wait_seconds=pipeline.settings.wait_for_tool(args.get("wait_seconds")),
        on_progress=progress_reporter(ctx),
        principal=principal_of(ctx),
        opinion=opinion,
    )
    return job_result(view)


def _assets(args: dict[str, Any]) -> list[Asset]:
    return [Asset.model_validate(a) for a in args.get("assets") or []]


async def route_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline) -> Result:
    body = {k: v for k, v in (params.arguments or {}).items() if k not in OPTION_KEYS}
    return await _run(ctx, params, pipeline, await pipeline.offload(pipeline.prepare_route_call, params.name, body))


async def skill_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline) -> Result:
    args = params.arguments or {}
    prepared = await pipeline.offload(pipeline.prepare_skill_call, params.name, str(args.get("request", "")), _assets(args))
    return await _run(ctx, params, pipeline, prepared)


async def plan_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline) -> Result:
    args = params.arguments or {}
    consent = Consent.from_input(args.get(CONSENT_KEY))
    request, assets, skill = str(args.get("request", "")), _assets(args), args.get("skill")
    plan = await pipeline.offload(pipeline.plan_or_question, request, assets, consent, skill=skill, source="plan")
    if isinstance(plan, Question):
        opinion = await sampling.ask(ctx, params, plan, pipeline.settings.second_opinion_seconds)
        if isinstance(opinion, InputRequiredResult):
            return opinion
        plan = await pipeline.offload(pipeline.plan, request, assets, consent, skill=skill, source="plan",
                                      opinion=opinion)
    target = plan.route or (f"[{plan.redirect_id}] {plan.redirect}" if plan.redirect else "-")
    summary = f"{plan.decision}: {target} (tool {plan.tool or '-'}). " + " ".join(plan.reasons)
    if plan.missing:
        summary += f" Missing: {'; '.join(plan.missing)}."
    return tool_result(plan.model_dump(mode="json"), summary)


async def job_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline) -> Result:
    args = params.arguments or {}
    principal = principal_of(ctx)  # over authenticated HTTP a client sees only its own jobs
    if params.name == "jobs_list":
        data = pipeline.jobs_list(int(args.get("limit", 20)), args.get("state"), principal)
        return tool_result(data, f"{data['count']} job(s): " + ", ".join(f"{j['job_id']} {j['state']}" for j in data["jobs"]))
    job_id = str(args.get("job_id", ""))
    if params.name == "job_status":
        return tool_result(pipeline.job_status(job_id, principal))
    if params.name == "job_cancel":
        return tool_result(await pipeline.job_cancel(job_id, principal))
    wait = pipeline.settings.wait_for_tool(args.get("wait_seconds"))
    return job_result(await pipeline.job_result(job_id, wait, progress_reporter(ctx), principal))
