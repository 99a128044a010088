"""The MCP server: tools, resources, prompts and logging over the one pipeline.

Route tools carry hand-written schemas generated from the skill documents, so this is built on
the SDK's low-level `Server`, which advertises our schemas as they are. Every tool call enters
through `call_tool` below: check the arguments, forward its warnings to the client, run the
handler, turn errors into results. Only `mcp/` speaks MCP.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import anyio
from mcp.server import Server, ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INVALID_PARAMS,
    CallToolRequestParams,
    ListToolsResult,
    PaginatedRequestParams,
    Tool,
)
from pydantic import ValidationError

from runcomfy_skills import __version__
from runcomfy_skills.bounds import check_bounds, excerpt
from runcomfy_skills.catalog.schema_check import passes
from runcomfy_skills.catalog.schema_table import require_valid
from runcomfy_skills.catalog.skill_docs import Catalog
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.mcp import notices
from runcomfy_skills.mcp.changes import ChangingToolsServer, ToolListChanges
from runcomfy_skills.mcp.clients import CallSlots
from runcomfy_skills.mcp.prompts import get_prompt, list_prompts
from runcomfy_skills.mcp.resources import SkillResources
from runcomfy_skills.mcp.results import tool_error
from runcomfy_skills.mcp.startup import PipelineSlot
from runcomfy_skills.mcp.tickets import ConsentTickets
from runcomfy_skills.mcp.tools import JOB_TOOLS, OPTION_KEYS, build_tools, checked_schema, route_arguments
from runcomfy_skills.settings import Settings

if TYPE_CHECKING:
    from runcomfy_skills.mcp.handlers import Handler, Result

log = logging.getLogger(__name__)


class ToolList:
    """The tools as the current catalog makes them; rebuilt when RunComfy's live catalog changes."""

    def __init__(self, catalog: Catalog) -> None:
        self.tools: list[Tool] = []
        self.update(catalog)

    def update(self, catalog: Catalog) -> bool:
        """Rebuild from `catalog`; True when what `tools/list` says has changed."""
        tools = build_tools(catalog)
        changed, self.tools = tools != self.tools, tools
        self.schemas = {t.name: checked_schema(t.input_schema) for t in tools}
        self.routes = {r.tool: r for r in catalog.routes}
        return changed


def create_server(settings: Settings, catalog: Catalog) -> Server[dict[str, Any]]:
    """The MCP server for this catalog; the pipeline opens in the background once a client speaks
    (`startup.py`), so the first answers do not wait for it. The tool list follows RunComfy's live catalog
    once the pipeline has read it, and clients hear when it changes (`changes.py`)."""
    listed = ToolList(catalog)
    changes = ToolListChanges()
    kinds = {**dict.fromkeys(listed.routes, "route_tool"), **{s.tool: "skill_tool" for s in catalog.skills},
             "plan": "plan_tool", **dict.fromkeys(JOB_TOOLS, "job_tool")}
    levels = notices.ConnectionLevels()
    slots = CallSlots(settings.max_calls_per_client)
    resources = SkillResources(catalog)
    notices.install()

    @asynccontextmanager
    async def lifespan(_: Server[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
        async def follow(current: Catalog) -> None:
            if listed.update(current):
                await changes.announce()

        async def opened(pipeline: Any) -> None:
            pipeline.live.on_change(follow)
            await follow(pipeline.catalog)  # the stored live catalog, or a refresh that ended before we listened

        async with notices.late_notices() as late, anyio.create_task_group() as group:
            context: dict[str, Any] = {"consent_tickets": ConsentTickets(), "late_notices": late}
            context["pipeline"] = slot = PipelineSlot(settings, catalog, context, on_open=opened)  # in the background
            group.start_soon(slot.run)
            try:
                yield context
            finally:
                slot.close()

    async def list_tools(ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None) -> ListToolsResult:
        ctx.lifespan_context["pipeline"].touch()  # a client is here: open the pipeline now
        return ListToolsResult(tools=listed.tools)

    async def call_tool(ctx: ServerRequestContext[Any], params: CallToolRequestParams) -> Result:
        kind = kinds.get(params.name)
        if kind is None:
            raise MCPError(code=INVALID_PARAMS, message=f"Unknown tool: {excerpt(params.name)}. Call tools/list for the tools.")
        async with notices.forwarding(ctx, levels.level_for(ctx), ctx.lifespan_context["late_notices"]):
            try:
                _check_bounds(params)  # before any work: raw JSON-RPC skips the client's own checks
                with slots.slot(ctx):
                    pipeline = await ctx.lifespan_context["pipeline"].get()
                    from runcomfy_skills.mcp import handlers  # imported by the slot before it is ready
                    from runcomfy_skills.pipeline import usable

                    handler: Handler = getattr(handlers, kind)
                    if kind in ("route_tool", "skill_tool"):  # a first call waits (bounded) for the live catalog
                        await pipeline.settle()
                    if (route := listed.routes.get(params.name)) is not None:
                        usable(route)  # a route the live catalog broke says so before its arguments are judged
                        params = params.model_copy(update={"arguments": route_arguments(route, params.arguments or {})})
                    schema, arguments = listed.schemas[params.name], params.arguments or {}
                    if not passes(schema, arguments):  # the usual case is answered here, bounded like check_bounds;
                        await pipeline.offload(require_valid, schema, arguments,  # jsonschema's errors off the loop
                                               subject=f"the arguments of {params.name}", usage_keys=OPTION_KEYS)
                    return await handler(ctx, params, pipeline)
            except SkillError as err:
                return tool_error(err)
            except ValidationError as err:
                first = err.errors()[0]
                where = ".".join(str(p) for p in first["loc"])
                return tool_error(SkillError(ExitCode.USAGE, f"Bad argument: {first['msg']}", where=where,
                                             hint="See the tool's inputSchema."))
            except anyio.get_cancelled_exc_class():
                raise
            except Exception:  # a bug of ours: log it for the operator, give the agent no traceback
                log.exception("tool %s failed", params.name)
                return tool_error(SkillError(ExitCode.FAILED, f"Internal error in {params.name}.",
                                             hint="See the server log (stderr)."))

    server = ChangingToolsServer(
        "runcomfy-skills",
        version=__version__,
        title="RunComfy Skills",
        instructions=INSTRUCTIONS,
        lifespan=lifespan,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
        on_list_resources=resources.list,
        on_read_resource=resources.read,
        on_list_prompts=list_prompts,
        on_get_prompt=get_prompt,
        on_set_logging_level=levels.set_level,
        on_subscriptions_listen=changes.listen,
    )
    changes.install(server)
    return server


def _check_bounds(params: CallToolRequestParams) -> None:
    """Everything a tool call carries besides its name, bounded before any work (`bounds.py`)."""
    check_bounds(params.arguments or {})
    if params.input_responses:
        check_bounds({k: v.model_dump(mode="json") for k, v in params.input_responses.items()}, "input_responses")
    if params.request_state is not None:
        check_bounds(params.request_state, "request_state")


INSTRUCTIONS = """\
runcomfy-skills edits video and images through the RunComfy Model API.
- Not sure which route fits? Call `plan` with the request in plain words and the asset URLs: it picks
  the route, explains why, and prepares the arguments (a well-worded prompt included); nothing is paid for.
- `video_inpaint` and `face_swap` take the request + assets and run the best route; the per-route
  tools take the model's own fields, for when you know exactly what you want.
- The guide to each skill (when to pick each route, how to word the prompt) is the resource
  skill://<skill>/SKILL.md; the prompts cover the common requests.
- Anything that puts a person's face or identity into media (on any tool) needs consent: `consent` with
  identity_rights, media_rights, synthetic_media_allowed each `true` only if the user confirmed it; a
  client with elicitation asks the user directly. Label face-swap results as synthetic media where published.
- Tools that run a job take `wait_seconds` (wait at most this long, default 50 s; then the result has the
  `job_id` and the server keeps following the job) and `output_dir` (a subfolder of the operator's output
  folder). They return the job: job_id, state, files (path, size, sha256, media_type, also as resource
  links), summary, and error when something failed. Collect a running job with `job_result`; `job_status`,
  `job_cancel` and `jobs_list` manage jobs.
- Asset URLs must be public https links.
"""
