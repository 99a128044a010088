"""The MCP surface: tools, resources, progress and consent elicitation over the one pipeline.

Route tools carry hand-written schemas generated from the skill documents, so this is built on the
SDK's low-level `Server`, which advertises our schemas as they are (and leaves validation to the
pipeline). Only this module speaks MCP.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
from mcp.server import Server, ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INVALID_PARAMS,
    CallToolRequestParams,
    CallToolResult,
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitResult,
    InputRequiredResult,
    ListResourcesResult,
    ListToolsResult,
    PaginatedRequestParams,
    ReadResourceRequestParams,
    ReadResourceResult,
    Resource,
    TextContent,
    TextResourceContents,
)
from mcp.types.version import is_version_at_least
from pydantic import ValidationError

from runcomfy_skills import __version__
from runcomfy_skills.catalog.skill_docs import Catalog
from runcomfy_skills.errors import ExitCode, SkillError, redact, redact_data
from runcomfy_skills.jobs.runner import JobProgress
from runcomfy_skills.models import Asset, Consent
from runcomfy_skills.pipeline import Pipeline, PolicyRefusal, Prepared, open_pipeline
from runcomfy_skills.policy.gate import consent_from_form
from runcomfy_skills.catalog.schema_table import require_valid
from runcomfy_skills.settings import Settings
from runcomfy_skills.mcp.consent import ConsentTickets, binding
from runcomfy_skills.mcp.tools import CONSENT_KEY, OPTION_KEYS, build_tools, resource_uri

log = logging.getLogger(__name__)

Handler = Callable[[ServerRequestContext[Any], CallToolRequestParams, Pipeline], Awaitable[CallToolResult | InputRequiredResult]]


def _result(data: dict[str, Any], text: str | None = None) -> CallToolResult:
    data = redact_data(data)  # the boundary: nothing leaves with a secret in it
    text = redact(text or data.get("summary") or json.dumps(data, indent=1))
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)


def _error(err: SkillError) -> CallToolResult:
    body = err.to_dict()
    text = f"Error {body['code']} ({body['kind']}): {err.describe()}"
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content={"error": body}, is_error=True)


def _progress_reporter(ctx: ServerRequestContext[Any]) -> Callable[[JobProgress], Awaitable[None]]:
    count = 0

    async def report(progress: JobProgress) -> None:
        nonlocal count
        count += 1  # progress must grow; the message carries state and queue position
        await ctx.session.report_progress(count, None, redact(progress.message))

    return report


def _can_elicit(ctx: ServerRequestContext[Any]) -> bool:
    caps = ctx.session.client_capabilities
    return caps is not None and caps.elicitation is not None


async def _human_consent(
    ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline, prepared: Prepared, source: str
) -> tuple[Consent | None, bool] | InputRequiredResult:
    """Ask the human through elicitation when the client can; the agent's claim is not enough then.

    Harmful or malformed requests are refused before anyone is asked. Returns (consent, elicited)
    or, on the 2026-07-28 protocol, an InputRequiredResult the client answers and retries.
    """
    args = params.arguments or {}
    given = Consent.model_validate(args[CONSENT_KEY]) if args.get(CONSENT_KEY) else None
    if not pipeline.needs_consent(prepared) or not _can_elicit(ctx):
        return given, False
    answer: ElicitResult | None = None
    tickets: ConsentTickets = ctx.lifespan_context["consent_tickets"]
    bound_to = binding(params.name, params.arguments)
    if is_version_at_least(ctx.protocol_version, "2026-07-28"):
        response = (params.input_responses or {}).get("consent")
        # Only the answer to a question this server asked for this very call counts (see consent.py).
        if isinstance(response, ElicitResult) and tickets.redeem(params.request_state, bound_to):
            answer = response
        elif response is not None:
            log.warning("tool %s: a consent answer came without a ticket this server issued; asking again", params.name)
    if answer is None:
        verdict = pipeline.gate(prepared, None, elicited=False, source=source)
        if verdict.verdict in ("refuse", "reject_input"):
            raise PolicyRefusal(verdict)
        form = pipeline.consent_form(prepared)
        if is_version_at_least(ctx.protocol_version, "2026-07-28"):
            request = ElicitRequest(params=ElicitRequestFormParams(message=form.message, requested_schema=form.requested_schema))
            return InputRequiredResult(input_requests={"consent": request}, request_state=tickets.issue(bound_to))
        answer = await ctx.session.elicit_form(form.message, form.requested_schema, related_request_id=ctx.request_id)
    if answer.action != "accept" or not answer.content:
        verdict = pipeline.gate(prepared, None, elicited=True, source=source)
        verdict = verdict.model_copy(update={"reason": f"The user did not give consent ({answer.action}). {verdict.reason}"})
        raise PolicyRefusal(verdict)
    return consent_from_form(dict(answer.content)), True


async def _run_prepared(
    ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline, prepared: Prepared, source: str
) -> CallToolResult | InputRequiredResult:
    args = params.arguments or {}
    obtained = await _human_consent(ctx, params, pipeline, prepared, source)
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
        on_progress=_progress_reporter(ctx),
    )
    return _result(view)


def _assets(args: dict[str, Any]) -> list[Asset]:
    return [Asset.model_validate(a) for a in args.get("assets") or []]


async def _route_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline) -> Any:
    args = dict(params.arguments or {})
    body = {k: v for k, v in args.items() if k not in OPTION_KEYS}
    prepared = pipeline.prepare_route_call(params.name, body)
    return await _run_prepared(ctx, params, pipeline, prepared, f"tool:{params.name}")


async def _skill_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline) -> Any:
    args = params.arguments or {}
    prepared = pipeline.prepare_skill_call(params.name, str(args.get("request", "")), _assets(args))
    return await _run_prepared(ctx, params, pipeline, prepared, f"tool:{params.name}")


async def _plan_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline) -> Any:
    args = params.arguments or {}
    consent = Consent.model_validate(args[CONSENT_KEY]) if args.get(CONSENT_KEY) else None
    plan = pipeline.plan(str(args.get("request", "")), _assets(args), consent, skill=args.get("skill"), source="plan")
    data = plan.model_dump(mode="json")
    target = plan.route or (f"[{plan.redirect_id}] {plan.redirect}" if plan.redirect else "-")
    summary = f"{plan.decision}: {target} (tool {plan.tool or '-'}). " + " ".join(plan.reasons)
    if plan.missing:
        summary += f" Missing: {'; '.join(plan.missing)}."
    return _result(data, summary)


async def _job_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams, pipeline: Pipeline) -> Any:
    args = params.arguments or {}
    if params.name == "jobs_list":
        data = pipeline.jobs_list(int(args.get("limit", 20)), args.get("state"))
        return _result(data, f"{data['count']} job(s): " + ", ".join(f"{j['job_id']} {j['state']}" for j in data["jobs"]))
    job_id = str(args.get("job_id", ""))
    if params.name == "job_status":
        return _result(pipeline.job_status(job_id))
    if params.name == "job_cancel":
        return _result(await pipeline.job_cancel(job_id))
    wait = pipeline.settings.wait_for_tool(args.get("wait_seconds"))
    return _result(await pipeline.job_result(job_id, wait, _progress_reporter(ctx)))


def create_server(settings: Settings, catalog: Catalog) -> Server[dict[str, Any]]:
    """The MCP server for this catalog; the pipeline opens with the server's lifespan."""
    tools = build_tools(catalog)
    validators = {t.name: t for t in tools}
    handlers: dict[str, Handler] = {r.tool: _route_tool for r in catalog.routes}
    handlers.update({s.tool: _skill_tool for s in catalog.skills})
    handlers.update({"plan": _plan_tool, **dict.fromkeys(("job_status", "job_result", "job_cancel", "jobs_list"), _job_tool)})

    @asynccontextmanager
    async def lifespan(_: Server[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
        async with open_pipeline(settings, catalog) as pipeline:
            yield {"pipeline": pipeline, "consent_tickets": ConsentTickets()}

    async def list_tools(ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None) -> ListToolsResult:
        return ListToolsResult(tools=tools)

    async def call_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams) -> CallToolResult | InputRequiredResult:
        handler = handlers.get(params.name)
        if handler is None:
            raise MCPError(code=INVALID_PARAMS, message=f"Unknown tool: {params.name}. Call tools/list for the tools.")
        try:
            require_valid(validators[params.name].input_schema, params.arguments or {},
                          subject=f"the arguments of {params.name}", usage_keys=OPTION_KEYS)
            return await handler(ctx, params, ctx.lifespan_context["pipeline"])
        except SkillError as err:
            return _error(err)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            return _error(SkillError(ExitCode.USAGE, f"Bad argument: {first['msg']}", where=where, hint="See the tool's inputSchema."))
        except anyio.get_cancelled_exc_class():
            raise
        except Exception:  # a bug of ours: log it for the operator, give the agent no traceback
            log.exception("tool %s failed", params.name)
            return _error(SkillError(ExitCode.FAILED, f"Internal error in {params.name}.", hint="See the server log (stderr)."))

    async def list_resources(ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None) -> ListResourcesResult:
        return ListResourcesResult(
            resources=[
                Resource(uri=resource_uri(s.name), name=s.name, description=s.description, mime_type="text/markdown")
                for s in catalog.skills
            ]
        )

    async def read_resource(ctx: ServerRequestContext[Any], params: ReadResourceRequestParams) -> ReadResourceResult:
        for skill in catalog.skills:
            if params.uri == resource_uri(skill.name):
                return ReadResourceResult(
                    contents=[TextResourceContents(uri=params.uri, mime_type="text/markdown", text=skill.text)]
                )
        raise MCPError(code=INVALID_PARAMS, message=f"Unknown resource {params.uri}; list resources to see them.")

    return Server(
        "runcomfy-skills",
        version=__version__,
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=list_resources,
        on_read_resource=read_resource,
    )


INSTRUCTIONS = """\
runcomfy-skills edits video and images through the RunComfy Model API.
- Not sure which route fits? Call `plan` with the request in plain words and the asset URLs: it picks
  the route, explains why, and prepares the arguments — nothing is paid for.
- `video_inpaint` and `face_swap` take the request + assets and run the best route; the per-route
  tools take the model's own fields for when you know exactly what you want.
- Face swap needs consent (identity rights, media rights, destination allows synthetic media); the
  user may be asked directly. Label face-swap results as synthetic media where they are published.
- Calls wait a bounded time (`wait_seconds`). If a job is still running, the result has its `job_id`:
  collect it later with `job_result`; `job_status`, `job_cancel` and `jobs_list` manage jobs.
- Asset URLs must be public https links; files are saved under the operator's output folder.
"""
