"""Ask the client's model for a second opinion (MCP sampling), when the client can sample.

The rubric, the answer format and how the answer is combined live in `policy/second_opinion.py`;
this module only carries the question to the client and the answer back. On 2025-11-25 the
question is a `sampling/createMessage` request, bounded by a timeout and a token limit; on
2026-07-28 the call returns an `InputRequiredResult` that the client answers and retries, and
only an answer that returns the ticket of that very question counts. An answer kept this way
is held for the same call's next round (the consent question may follow), once, for a while.
Anything that goes wrong (no sampling, an error, a timeout, an answer that is not one verdict)
is "no second opinion", logged as a warning (a notice to the client), never a traceback.
"""

from __future__ import annotations

import logging
import threading
import time
import warnings
from collections import OrderedDict
from typing import Any

import anyio
from mcp.server import ServerRequestContext
from mcp.shared.exceptions import MCPDeprecationWarning, MCPError
from mcp.types import (
    CallToolRequestParams,
    CreateMessageRequest,
    CreateMessageRequestParams,
    CreateMessageResult,
    CreateMessageResultWithTools,
    InputRequiredResult,
    SamplingMessage,
    TextContent,
)
from mcp.types.version import is_version_at_least
from pydantic import ValidationError

from runcomfy_skills.errors import redact
from runcomfy_skills.mcp.tickets import ConsentTickets, binding
from runcomfy_skills.policy.second_opinion import (NOT_WANTED, RUBRIC, Opinion, Question, UnreadableAnswer,
                                                   parse_answer)

log = logging.getLogger(__name__)
MODERN = "2026-07-28"
INPUT_KEY = "second_opinion"
MAX_TOKENS = 300  # one short JSON object
Answer = (CreateMessageResult, CreateMessageResultWithTools)

# Sampling is deprecated from 2026-07-28 on, but it is how this server reaches the client's model.
warnings.filterwarnings("ignore", message="The sampling capability is deprecated", category=MCPDeprecationWarning)


class SecondOpinions:
    """Tickets for the questions asked on 2026-07-28, and answers kept for the same call's next round."""

    def __init__(self, ttl_seconds: float = 900.0, capacity: int = 1024) -> None:
        self.tickets = ConsentTickets(ttl_seconds)
        self.ttl = ttl_seconds
        self.capacity = capacity
        self._kept: OrderedDict[str, tuple[Opinion, float]] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, bound_to: str, opinion: Opinion) -> None:
        with self._lock:
            self._kept[bound_to] = (opinion, time.monotonic() + self.ttl)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)

    def take(self, bound_to: str) -> Opinion | None:
        with self._lock:
            entry = self._kept.pop(bound_to, None)
        return entry[0] if entry is not None and entry[1] >= time.monotonic() else None


def can_sample(ctx: ServerRequestContext[Any]) -> bool:
    caps = ctx.session.client_capabilities
    return caps is not None and caps.sampling is not None


def _bound(params: CallToolRequestParams) -> str:
    return binding(f"{INPUT_KEY}:{params.name}", params.arguments)


def _request(question: Question) -> CreateMessageRequestParams:
    return CreateMessageRequestParams(
        messages=[SamplingMessage(role="user", content=TextContent(type="text", text=question.prompt()))],
        system_prompt=RUBRIC,
        max_tokens=MAX_TOKENS,
        temperature=0.0,
        include_context="none",
    )


async def ask(
    ctx: ServerRequestContext[Any], params: CallToolRequestParams, question: Question | None, timeout: float
) -> Opinion | InputRequiredResult:
    """The model's opinion (or why there is none), or the `InputRequiredResult` that asks for it on 2026-07-28."""
    if question is None:
        return NOT_WANTED
    if not can_sample(ctx):
        return Opinion(None, "the client did not declare the sampling capability")
    opinions: SecondOpinions = ctx.lifespan_context["second_opinions"]
    bound_to = _bound(params)
    if is_version_at_least(ctx.protocol_version, MODERN):
        if (kept := opinions.take(bound_to)) is not None:
            return kept
        response = (params.input_responses or {}).get(INPUT_KEY)
        if not (isinstance(response, Answer) and opinions.tickets.redeem(params.request_state, bound_to)):
            if response is not None:
                log.warning("tool %s: a second-opinion answer came without a ticket this server issued; asking again",
                            params.name)
            return InputRequiredResult(input_requests={INPUT_KEY: CreateMessageRequest(params=_request(question))},
                                       request_state=opinions.tickets.issue(bound_to))
        opinion = _read(params.name, response)
        opinions.keep(bound_to, opinion)  # the consent question may come next; its round needs this answer
        return opinion
    request = _request(question)
    try:
        with anyio.fail_after(timeout):
            result = await ctx.session.create_message(
                request.messages, max_tokens=request.max_tokens, system_prompt=request.system_prompt,
                temperature=request.temperature, include_context=request.include_context,
                related_request_id=ctx.request_id,
            )
    except TimeoutError:
        return _unavailable(params.name, f"the client's model did not answer within {timeout:g} s")
    except (MCPError, ValidationError, anyio.BrokenResourceError, anyio.ClosedResourceError) as exc:
        return _unavailable(params.name, f"the client refused or failed the sampling request ({redact(str(exc))[:200]})")
    return _read(params.name, result)


def _read(tool: str, result: CreateMessageResult | CreateMessageResultWithTools) -> Opinion:
    content = result.content
    if isinstance(content, list):
        content = content[0] if len(content) == 1 else None
    if not isinstance(content, TextContent):
        return _unavailable(tool, f"the client's model answered with {getattr(content, 'type', 'no')} content, not text")
    try:
        return Opinion(parse_answer(content.text))
    except UnreadableAnswer as exc:
        return _unavailable(tool, f"the client's model gave no usable verdict: {exc}")


def _unavailable(tool: str, problem: str) -> Opinion:
    log.warning("tool %s: no second opinion from the client's model: %s; the rules decide alone unless the operator "
                "requires one", tool, problem)
    return Opinion(None, problem)
