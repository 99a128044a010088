"""A request checked and routed, before any job: the `plan` contract, a route call's body, refusals.

Pure (no I/O but the audit line): `plan_request` is the whole decision of `plan`, shared by the MCP
tool (through `Decisions`) and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from runcomfy_skills.bounds import check_bounds, check_request
from runcomfy_skills.catalog.binding import CHECK
from runcomfy_skills.catalog.bodies import complete_body, with_defaults
from runcomfy_skills.catalog.names import canonical_body
from runcomfy_skills.catalog.schema_table import require_valid
from runcomfy_skills.catalog.skill_docs import Catalog, Route
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.models import Asset, Consent
from runcomfy_skills.policy import gate as policy
from runcomfy_skills.policy import second_opinion
from runcomfy_skills.policy.audit import AuditLog
from runcomfy_skills.policy.second_opinion import NOT_ASKED, Opinion
from runcomfy_skills.routing import router


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
    second opinion, stricter only): the whole decision before any money is spent (no network), and its
    audit line."""
    check_request(request, len(assets))
    decision = decision or router.route_request(catalog, request, assets, skill=skill)
    plan, verdict = gated_plan(catalog, policy_settings, decision, request, assets, consent, opinion)
    audit.record(verdict, route=decision.route, skill=decision.skill, text=request, source=source)
    return plan


def gated_plan(catalog: Catalog, policy_settings: policy.PolicySettings, decision: router.Decision, request: str,
               assets: list[Asset], consent: Consent | None, opinion: Opinion) -> tuple[Plan, policy.Verdict]:
    """A routed request's plan and the verdict behind it (pure: the warm-up makes plans nobody asked for)."""
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
    outcome = policy.plan_outcome(decision.decision, verdict.verdict, verdict.rule_ids)
    data = decision.model_dump(mode="json")
    data.update(decision=outcome, rule_ids=verdict.rule_ids, verdict=verdict.model_dump(mode="json"))
    return Plan.model_validate(data), verdict


def usable(route: Route) -> Route:
    """The route, unless RunComfy's live catalog cannot run it as its skill document says (65)."""
    if route.problem:
        raise SkillError(ExitCode.DATA, f"{route.title}: {route.problem}", where=route.tool,
                         hint=f"{CHECK} (`--json` for scripts, `--write` to update the table); until the "
                              f"{route.skill} SKILL.md table is fixed (the new name as the field or an alias), "
                              "this route cannot be called.")
    return route
