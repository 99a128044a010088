"""Routing, the gate and the second-opinion question on the live catalog: what a request would do
and whether it may, before any money is spent (no network)."""

from __future__ import annotations

import threading
from importlib import import_module
from collections import OrderedDict
from typing import Any

from runcomfy_skills.bounds import check_request
from runcomfy_skills.catalog.live import LiveCatalog
from runcomfy_skills.catalog.schema_table import require_valid
from runcomfy_skills.catalog.skill_docs import Catalog, Route, Skill
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.models import Asset, Consent
from runcomfy_skills.pipeline.requests import (Plan, PolicyRefusal, Prepared, body_text, gated_plan, plan_request,
                                               usable, validate_body)
from runcomfy_skills.policy import gate as policy
from runcomfy_skills.policy import second_opinion
from runcomfy_skills.policy.audit import AuditLog
from runcomfy_skills.policy.second_opinion import NOT_ASKED, NOT_WANTED, Opinion, Question
from runcomfy_skills.routing import router
from runcomfy_skills.understanding import lexicon

WARM_UP_ROUNDS = 10
# Made-up requests that take the usual paths: one file and two, a face into a video, spaceless script, no file.
WARM_UP_REQUESTS = (
    ("remove the watermark from this clip", ("https://cdn.example.com/warm-up.mp4",)),
    ("put my face on the dancer in this video", ("https://cdn.example.com/me.jpg", "https://cdn.example.com/dance.mp4")),
    ("把视频里的路人去掉", ("https://cdn.example.com/street.mp4",)),
    ("cambia el fondo por una playa", ()),
)


class Decisions:
    """The decision half of the pipeline: `plan`, the question for the client's model, a call prepared
    and gated. `Pipeline` adds running the job."""

    def __init__(self, live: LiveCatalog, audit: AuditLog) -> None:
        self.live = live
        self.audit = audit
        self.policy_settings = policy.PolicySettings.from_env()
        self._decisions: OrderedDict[tuple[Any, ...], router.Decision] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def catalog(self) -> Catalog:
        """The routes as RunComfy's live catalog has them (the skill documents' tables without one)."""
        return self.live.current

    def plan(self, request: str, assets: list[Asset], consent: Consent | None, *, skill: str | None, source: str,
             opinion: Opinion = NOT_ASKED) -> Plan:
        return plan_request(self.catalog, self.audit, self.policy_settings, request, assets, consent, skill=skill,
                            source=source, opinion=opinion, decision=self._route(request, assets, skill))

    def plan_or_question(self, request: str, assets: list[Asset], consent: Consent | None, *, skill: str | None,
                         source: str) -> Plan | Question:
        """The question for the client's model when one is wanted, else the plan at once: the `plan` tool's
        usual case (the rules alone decide) is then one step on a worker thread, not two."""
        question = self.plan_question(request, assets, skill=skill)
        if question is not None:
            return question
        return self.plan(request, assets, consent, skill=skill, source=source, opinion=NOT_WANTED)

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
        regular expressions, the quick schema check, jsonschema for the first input that breaks a
        schema), on a thread after start-up: the first `plan` is then as fast as any. Plans a few
        made-up requests without recording them anywhere, each several times (worded apart, so none
        is remembered): Python specialises a function's code only after several calls, and a first
        `plan` that ran the unspecialised code took about 1.7 times as long as the next ones."""
        lexicon().warm_up()
        for n in range(WARM_UP_ROUNDS):
            for text, urls in WARM_UP_REQUESTS:
                request, assets = f"{text} ({n})", [Asset(url=url) for url in urls]
                self.plan_question(request, assets, skill=None)  # routes it too (and keeps that decision)
                gated_plan(self.catalog, self.policy_settings, self._route(request, assets, None), request, assets,
                           None, NOT_WANTED)
        require_valid({"type": "object"}, {}, subject="the warm-up")
        import_module("jsonschema")  # require_valid's quick check says yes without it (schema_check.py)

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
        route), or words the rules read with little confidence (the reading is remembered: the gate asks again)."""
        reading = self._route(prepared.text, prepared.assets, None)
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
        decision = self._route(request, assets, skill_doc.name)
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

    # -- the gate ---------------------------------------------------------------------------------
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
