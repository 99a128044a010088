"""Consent for face swap through elicitation: the human answers, not the agent.

Harmful or malformed requests are refused before anyone is asked. On the 2025-11-25 protocol the
form is sent at once; on 2026-07-28 the call returns an `InputRequiredResult` that the client
answers and retries, and only an answer that returns the ticket of that very question counts
(`tickets.py`). Clients without elicitation pass the attestations as tool input instead.
"""

from __future__ import annotations

import logging
from typing import Any

from mcp.server import ServerRequestContext
from mcp.types import (
    CallToolRequestParams,
    ElicitRequest,
    ElicitRequestFormParams,
    ElicitResult,
    InputRequiredResult,
)
from mcp.types.version import is_version_at_least

from runcomfy_skills.mcp.tickets import ConsentTickets, binding
from runcomfy_skills.mcp.tools import CONSENT_KEY
from runcomfy_skills.models import Consent
from runcomfy_skills.pipeline import Pipeline, PolicyRefusal, Prepared
from runcomfy_skills.policy.gate import consent_from_form
from runcomfy_skills.policy.second_opinion import Opinion

log = logging.getLogger(__name__)
MODERN = "2026-07-28"


def can_elicit(ctx: ServerRequestContext[Any]) -> bool:
    caps = ctx.session.client_capabilities
    return caps is not None and caps.elicitation is not None


async def human_consent(
    ctx: ServerRequestContext[Any],
    params: CallToolRequestParams,
    pipeline: Pipeline,
    prepared: Prepared,
    source: str,
    opinion: Opinion,
) -> tuple[Consent | None, bool] | InputRequiredResult:
    """(consent, elicited), or the InputRequiredResult that asks for it on 2026-07-28. Nobody is
    asked about a request the rules or the client model's second opinion (`opinion`) refuse."""
    args = params.arguments or {}
    given = Consent.from_input(args.get(CONSENT_KEY))
    if not pipeline.needs_consent(prepared) or not can_elicit(ctx):
        return given, False
    answer: ElicitResult | None = None
    tickets: ConsentTickets = ctx.lifespan_context["consent_tickets"]
    bound_to = binding(params.name, params.arguments)
    if is_version_at_least(ctx.protocol_version, MODERN):
        response = (params.input_responses or {}).get("consent")
        # Only the answer to a question this server asked for this very call counts (see tickets.py).
        if isinstance(response, ElicitResult) and tickets.redeem(params.request_state, bound_to):
            answer = response
        elif response is not None:
            log.warning("tool %s: a consent answer came without a ticket this server issued; asking again", params.name)
    if answer is None:
        verdict = await pipeline.offload(pipeline.gate, prepared, None, elicited=False, source=source, opinion=opinion)
        if verdict.verdict in ("refuse", "reject_input"):
            raise PolicyRefusal(verdict)
        form = pipeline.consent_form(prepared)
        if is_version_at_least(ctx.protocol_version, MODERN):
            request = ElicitRequest(params=ElicitRequestFormParams(message=form.message, requested_schema=form.requested_schema))
            return InputRequiredResult(input_requests={"consent": request}, request_state=tickets.issue(bound_to))
        answer = await ctx.session.elicit_form(form.message, form.requested_schema, related_request_id=ctx.request_id)
    if answer.action != "accept" or not answer.content:
        verdict = await pipeline.offload(pipeline.gate, prepared, None, elicited=True, source=source, opinion=opinion)
        verdict = verdict.model_copy(update={"reason": f"The user did not give consent ({answer.action}). {verdict.reason}"})
        raise PolicyRefusal(verdict)
    return consent_from_form(dict(answer.content)), True
