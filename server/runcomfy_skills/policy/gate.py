"""The consent gate: one pure decision every dispatch passes through before any network call.

`evaluate` answers allow / needs_consent / refuse / reject_input, in this order of checks:
operator settings → harm screen (`harm_rules.yaml` over the concepts the request states, in any
language, `harm.py`) → input policy (public https assets, the route's asset counts) → consent
(three attestations whenever a face goes into media, `identity.py`) → allow. No I/O here: the
caller passes the operator's settings, the request text, the assets and the consent it holds.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from runcomfy_skills.catalog.skill_docs import Route, Skill
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.models import Asset, Consent, kind_from_url
from runcomfy_skills.policy import harm
from runcomfy_skills.policy.harm import HarmRule
from runcomfy_skills.policy.identity import identity_finding, read_request
from runcomfy_skills.understanding import Reading, read
from runcomfy_skills.catalog.schema_table import asset_kind
from runcomfy_skills.urls import ENV_ALLOWED_PORTS, check_asset_url, parse_ports

CONSENT_QUESTIONS: dict[str, tuple[str, str]] = {
    "identity_rights": (
        "Rights to the face",
        "You have the rights to the face being put in, or that person's permission.",
    ),
    "media_rights": ("Rights to the source media", "You have the rights to the source image or video."),
    "synthetic_media_allowed": (
        "Synthetic media allowed where published",
        "The place the result is published allows synthetic media, and you will label it as such.",
    ),
}
ENV_REFUSE_FACE_SWAP = "RUNCOMFY_POLICY_REFUSE_FACE_SWAP"
ENV_REQUIRE_ELICITATION = "RUNCOMFY_POLICY_REQUIRE_ELICITATION"
ENV_BLOCKED_ROUTES = "RUNCOMFY_POLICY_BLOCKED_ROUTES"
ENV_REQUIRE_SECOND_OPINION = "RUNCOMFY_POLICY_REQUIRE_SECOND_OPINION"


class Verdict(BaseModel):
    """The gate's answer: only `allow` lets a request be submitted."""

    model_config = ConfigDict(frozen=True)

    verdict: Literal["allow", "needs_consent", "refuse", "reject_input"]
    rule_ids: list[str]
    reason: str
    remedy: str
    missing_consent: list[str] = []
    problems: list[str] = []
    face_swap: bool = Field(default=False, description="The request puts a person's face or identity into media: it "
                            "needs consent, and its outputs get a provenance sidecar and a disclosure note.")
    identity_reasons: list[str] = []


class PolicySettings(BaseModel):
    """What the operator set. It can only make the gate stricter; nothing in a tool call reaches it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    refuse_face_swap: bool = Field(default=False, description=f"Refuse every face swap ({ENV_REFUSE_FACE_SWAP}=1).")
    require_elicitation: bool = Field(
        default=False,
        description=f"Accept face-swap consent only when the person answered the client's form ({ENV_REQUIRE_ELICITATION}=1).",
    )
    blocked_routes: tuple[str, ...] = Field(
        default=(), description=f"Model ids (or route tool names) that are refused ({ENV_BLOCKED_ROUTES}=a,b)."
    )
    require_second_opinion: bool = Field(
        default=False,
        description=f"Run face swaps and doubtful readings only after the client's model judged them ({ENV_REQUIRE_SECOND_OPINION}=1).",
    )
    allowed_ports: tuple[int, ...] = Field(
        default=(), description=f"Asset URL ports allowed besides 443 ({ENV_ALLOWED_PORTS}=8443)."
    )

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> PolicySettings:
        env = os.environ if env is None else env
        blocked = tuple(r.strip() for r in env.get(ENV_BLOCKED_ROUTES, "").split(",") if r.strip())
        return cls(
            refuse_face_swap=_flag(env, ENV_REFUSE_FACE_SWAP),
            require_elicitation=_flag(env, ENV_REQUIRE_ELICITATION),
            blocked_routes=blocked,
            require_second_opinion=_flag(env, ENV_REQUIRE_SECOND_OPINION),
            allowed_ports=parse_ports(env),
        )


def _flag(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise SkillError(ExitCode.USAGE, f"{name}={value!r} is not a yes/no value.", hint=f"Set {name}=1 to turn it on, or unset it.")


class ConsentForm(BaseModel):
    """What the MCP layer sends as an elicitation: a short message and a flat form of three booleans."""

    message: str
    requested_schema: dict[str, Any]


def request_sha256(text: str) -> str:
    """The fingerprint logs and sidecars keep instead of the request text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- harm screen -------------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def screen(text: str, reading: Reading | None = None, *, face_swap: bool = False) -> list[HarmRule]:
    """Every harm rule of `harm_rules.yaml` the request trips, in any language (empty when it is fine);
    `face_swap`: the request puts a face into media (the identity check says so)."""
    return harm.tripped(reading or read(text), face_swap=face_swap)


# -- input policy ------------------------------------------------------------------------------


def _display(url: str) -> str:
    """A URL as safe to show: no user:password, no query string (signed links carry secrets there)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "(unparseable URL)"
    shown = f"{parts.scheme}://{host}{parts.path}" if parts.scheme else url.split("?", 1)[0].split("@")[-1]
    return shown if len(shown) <= 120 else shown[:117] + "..."


COUNT_RULE, KIND_RULE = "input.asset_count", "input.asset_kind"


def _count_problems(route: Route, assets: list[Asset]) -> list[tuple[str, str]]:
    """None when some mode of the route takes these files; else the problems (rule, text) of the closest mode."""
    found = [_slot_problems(route, mode.slots, assets) for mode in route.modes]
    return [] if not all(found) else min(found, key=len)


def _slot_problems(route: Route, mode_slots: tuple[Any, ...], assets: list[Asset]) -> list[tuple[str, str]]:
    """Assets against one mode's slots, by media kind; assets of unknown kind fill whatever slot lacks them.
    A file of a kind no slot takes is a kind problem; too few or too many of a kind, a count problem."""
    given: dict[str, int] = {}
    unknown = 0
    for asset in assets:
        kind = asset.resolved_kind
        if kind is None:
            unknown += 1
        else:
            given[kind] = given.get(kind, 0) + 1
    slots: dict[str, list[Any]] = {}
    for slot in mode_slots:
        slots.setdefault(slot.kind, []).append(slot)
    takes = ", ".join(f"{s.field} ({s.kind}, {_span(s.min, s.max)})" for s in mode_slots) or "no files"
    problems = [
        (KIND_RULE, f"{n} {kind} file(s) given, but {route.model_id} takes no {kind}; it takes {takes}")
        for kind, n in given.items()
        if kind not in slots
    ]
    for kind, group in slots.items():
        low, high = sum(s.min for s in group), sum(s.max for s in group)
        have = given.get(kind, 0)
        if have < low and unknown:
            borrowed = min(unknown, low - have)
            have, unknown = have + borrowed, unknown - borrowed
        fields = " / ".join(f"`{s.field}`" for s in group)
        if have < low or have > high:
            problems.append((COUNT_RULE, f"{fields} ({kind}): {have} given, {_span(low, high)} needed"))
    spare = sum(max(0, sum(s.max for s in g) - given.get(k, 0)) for k, g in slots.items())
    if unknown > spare:
        problems.append((COUNT_RULE, f"{unknown} file(s) of unknown kind given beyond what {route.model_id} takes ({takes})"))
    return problems


_ROLE_KINDS = {"video": "video", "clip": "video", "image": "image", "photo": "image", "picture": "image", "audio": "audio"}


def _role_problem(asset: Asset) -> str | None:
    """A file whose role names one media kind and whose name another ("video" given as a .wav file)."""
    role = (asset.role or "").strip().casefold().replace("-", "_")
    said = _ROLE_KINDS.get(role) or _ROLE_KINDS.get(role.rsplit("_", 1)[-1])
    found = asset.kind or kind_from_url(asset.url)
    if found == "image" and said == "video" and asset.url.split("?", 1)[0].lower().endswith(".gif"):
        return None  # an animated GIF is a clip to the video-edit models
    if said and found and said != found:
        return f"given as the {role} but the file is {found} ({_display(asset.url).rsplit('/', 1)[-1]})"
    return None


def _span(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _input_verdict(route: Route | None, assets: list[Asset], ports: tuple[int, ...] = ()) -> Verdict | None:
    rule_ids: list[str] = []
    problems: list[str] = []
    for i, asset in enumerate(assets):
        if (check := check_asset_url(asset.url, ports)).problem:
            rule_ids.append(check.rule or "input.malformed_url")
            problems.append(f"assets[{i}] {_display(asset.url)}: {check.problem}")
    for i, asset in enumerate(assets):
        if problem := _role_problem(asset):
            rule_ids.append(KIND_RULE)
            problems.append(f"assets[{i}] {problem}")
    for rule, problem in _count_problems(route, assets) if route is not None else ():
        rule_ids.append(rule)
        problems.append(problem)
    if not problems:
        return None
    return Verdict(
        verdict="reject_input",
        rule_ids=list(dict.fromkeys(rule_ids)),
        reason="The input cannot be used as given: " + "; ".join(problems) + ".",
        remedy=(
            "Give each file as a public https:// link RunComfy can fetch itself (no login, no private or local "
            "address), and the number of files the route documents. Files are used exactly as given."
        ),
        problems=problems,
    )


# -- the gate ----------------------------------------------------------------------------------


def _refusal(rules: list[HarmRule]) -> Verdict:
    categories = " and ".join(r.category for r in rules)
    return Verdict(
        verdict="refuse",
        rule_ids=[r.id for r in rules],
        reason=f"Refused: this request asks for {categories}. " + " ".join(r.description for r in rules),
        remedy=(
            "Consent answers and settings cannot change this. A request that does not ask for this can run; if the "
            "request was misread, say plainly what the edit is and who is shown, and try again."
        ),
    )


def _operator_verdict(skill: Skill | None, route: Route | None, face_swap: bool, settings: PolicySettings) -> Verdict | None:
    if face_swap and settings.refuse_face_swap:
        return Verdict(
            verdict="refuse",
            rule_ids=["operator.face_swap_disabled"],
            reason="The operator of this server has turned face swap off.",
            remedy=f"Nothing in the request can change this; the operator can turn it back on ({ENV_REFUSE_FACE_SWAP}).",
        )
    blocked = set(settings.blocked_routes)
    if route is not None and {route.model_id, route.tool} & blocked:
        others = [r.model_id for r in (skill.routes if skill else ()) if not {r.model_id, r.tool} & blocked]
        return Verdict(
            verdict="refuse",
            rule_ids=["operator.route_blocked"],
            reason=f"The operator of this server has blocked the route {route.model_id}.",
            remedy=(f"Use another route ({', '.join(others)}) or ask" if others else "Ask")
            + f" the operator to unblock it ({ENV_BLOCKED_ROUTES}).",
        )
    return None


def _consent_verdict(consent: Consent | None, settings: PolicySettings, elicited: bool) -> Verdict | None:
    ask = "; ".join(f"{name}: {desc}" for name, (_, desc) in CONSENT_QUESTIONS.items())
    if settings.require_elicitation and not elicited:
        return Verdict(
            verdict="needs_consent",
            rule_ids=["operator.elicitation_required"],
            reason=(
                "The operator requires the person asking to confirm consent themselves, through the client's consent "
                "form; attestations sent in the tool input are not accepted here."
            ),
            remedy=f"Use an MCP client that supports elicitation and answer its form ({ask}).",
            missing_consent=list(CONSENT_QUESTIONS),
        )
    missing = (consent or Consent()).missing()
    if not missing:
        return None
    titles = ", ".join(CONSENT_QUESTIONS[m][0].lower() for m in missing)
    return Verdict(
        verdict="needs_consent",
        rule_ids=[f"consent.{m}" for m in missing],
        reason=f"Face swap needs three confirmations before anything is submitted; not confirmed: {titles}.",
        remedy=(
            f"Confirm each one ({ask}) by answering the consent form or passing consent: "
            '{"identity_rights": true, "media_rights": true, "synthetic_media_allowed": true}. '
            "The harm rules still apply whatever is confirmed."
        ),
        missing_consent=missing,
    )


def evaluate(
    *,
    skill: Skill | None,
    route: Route | None,
    text: str,
    assets: list[Asset],
    consent: Consent | None,
    settings: PolicySettings | None = None,
    elicited: bool = False,
) -> Verdict:
    """Decide whether a request may be submitted.

    `text` is every word the request carries (request, prompt, other text fields); the files'
    roles and names are read too. Consent is needed whenever a face or identity goes into media
    (`identity.py`), on any route; without `skill`, a route is treated as needing it.
    """
    settings = settings or PolicySettings()
    reading = read_request(text, assets)  # the words and the files' roles and names (`screened_text`), read once
    finding = identity_finding(reading, assets, skill, route)
    verdict = _verdict(skill, route, text, reading, assets, consent, settings, elicited, bool(finding))
    update: dict[str, Any] = {"face_swap": bool(finding), "identity_reasons": list(finding.reasons)}
    if verdict.verdict == "needs_consent" and finding:
        update["reason"] = f"{verdict.reason} Consent is needed because {'; '.join(finding.reasons)}."
    return verdict.model_copy(update=update)


def _verdict(skill: Skill | None, route: Route | None, text: str, reading: Reading, assets: list[Asset],
             consent: Consent | None, settings: PolicySettings, elicited: bool, face_swap: bool) -> Verdict:
    if verdict := _operator_verdict(skill, route, face_swap, settings):
        return verdict
    if rules := screen(text, reading, face_swap=face_swap):
        return _refusal(rules)
    if verdict := _input_verdict(route, assets, settings.allowed_ports):
        return verdict
    if face_swap and (verdict := _consent_verdict(consent, settings, elicited)):
        return verdict
    return Verdict(verdict="allow", rule_ids=[], reason="Allowed: no rule stops this request.", remedy="")


def plan_outcome(decision: str, verdict: str, rule_ids: list[str] | tuple[str, ...] = ()) -> str:
    """What `plan` answers: a refusal always wins, and so do files that cannot be used as given (an
    audio file as the video, a private link), since more words would not fix them, nor would another
    skill that a redirect (`unsupported`) points to (a missing file is asked for: `needs_input`); a
    route the gate does not allow becomes its verdict; otherwise the router's decision (`needs_input`,
    `unsupported`, `route`) stands."""
    if verdict == "refuse" or (decision == "route" and verdict != "allow"):
        return verdict
    if decision in ("needs_input", "unsupported") and verdict == "reject_input" and set(rule_ids) - {COUNT_RULE}:
        return verdict
    return decision


def needs_consent(skill: Skill | None, route: Route | None, text: str, assets: list[Asset]) -> bool:
    """Whether this request puts a face or identity into media (the consent form is then asked)."""
    return bool(identity_finding(read_request(text, assets), assets, skill, route))


# -- helpers for the MCP layer -----------------------------------------------------------------


def assets_from_body(route: Route, body: dict[str, Any]) -> list[Asset]:
    """The URL-typed fields of a route-tool body, as assets (unchanged URLs, kind from the schema)."""
    assets = []
    for name, prop in route.input_schema.get("properties", {}).items():
        kind = asset_kind(prop)
        if kind is None or name not in body:
            continue
        value = body[name]
        for url in value if isinstance(value, list) else [value]:
            if isinstance(url, str):
                assets.append(Asset(url=url, role=name, kind=kind))
    return assets


def consent_form(route: Route, text: str) -> ConsentForm:
    """The elicitation form: says what will run and asks the three questions (flat booleans only)."""
    request = _SPACE.sub(" ", text).strip() or "(no prompt)"
    if len(request) > 300:
        request = request[:299] + "…"
    title = re.sub(r"\s*\([^)]*\)$", "", route.title)  # "GPT Image 2 Edit (default for stills)" -> "GPT Image 2 Edit"
    questions = "\n".join(f"{n}. {desc}" for n, (_, desc) in enumerate(CONSENT_QUESTIONS.values(), 1))
    message = (
        f"Face swap with {title} ({route.model_id}).\nRequest: \u201c{request}\u201d\n"
        f"Nothing is submitted unless you confirm all three:\n{questions}"
    )
    properties = {
        name: {"type": "boolean", "title": title_, "description": desc, "default": False}
        for name, (title_, desc) in CONSENT_QUESTIONS.items()
    }
    return ConsentForm(
        message=message,
        requested_schema={"type": "object", "properties": properties, "required": list(CONSENT_QUESTIONS)},
    )


def consent_from_form(content: dict[str, Any]) -> Consent:
    """Read the form's answers strictly: only a real `true` counts as yes."""
    return Consent(**{name: content.get(name) is True for name in CONSENT_QUESTIONS})
