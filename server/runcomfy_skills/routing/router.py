"""Intent router: request text + assets → which skill and route fit, why, and a prefilled request body.

Pure (no I/O) and deterministic. Every cue comes from the skill documents: the `yaml skill` block
(cues, avoid, out_of_scope) and each route's `yaml routing` block (asset slots, pick, avoid,
default). A new route is routable by editing markdown.

How a decision is made, strongest signal first:
1. Out of scope (`scope.py`): a mask asset or mask-precision wording, face-and-voice in one pass,
   a named ComfyUI workflow → `unsupported` with the skill document's redirect and its id; once a
   skill is chosen, its broader redirects too (one still image, outpainting, broader video edits).
2. Skill: which skill can use the files at all (an audio track only fits face swap; roles such as
   `identity` or `frame` belong to one skill), then the skill's cue words minus its avoid words.
3. Route: how the files land in the route's slots (exact fit, missing, unusable), caller roles,
   then pick/avoid words, then the default.
A route still short of a file gives `needs_input` naming what is missing; nothing is guessed.
"""


from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from runcomfy_skills.catalog.skill_docs import Catalog, Route, Skill
from runcomfy_skills.models import Asset
from runcomfy_skills.routing.arguments import build_arguments, ordinal_roles, split_edits
from runcomfy_skills.routing.assets import AssetView, Fit, fit_route, view_assets
from runcomfy_skills.routing.cues import Cues, Found, cues_for, found_in, quote, said_in
from runcomfy_skills.routing.fit import check_fit
from runcomfy_skills.routing.scope import Redirect, out_of_scope
from runcomfy_skills.routing.scoring import (Context, Score, mode_said, mode_words, names_route, route_score, skill_score,
                                            sure)
from runcomfy_skills.routing.text import TextView, specific_hits
from runcomfy_skills.understanding import read

__all__ = ["Alternative", "Decision", "Step", "check_fit", "route_request"]


class Alternative(BaseModel):
    route: str = Field(description="Model id of a route that was not chosen.")
    tool: str
    why_not: str


class Step(BaseModel):
    """One change of a compound edit. Run the steps in order.

    `input_from_previous` names the request-body field that must be filled with the previous step's
    output file before this step is called; that field is left out of `arguments` until then.
    """

    request: str
    route: str
    tool: str
    arguments: dict[str, Any]
    input_from_previous: str | None = None


class Decision(BaseModel):
    """What the router decided, and why, before anything is paid for.

    `arguments` is a request body in the route's schema; it validates against `input_schema` when
    `decision` is `route`. `missing` names inputs the route still needs (never guessed). `steps` is
    empty unless the request holds several changes; then `arguments` are the first step's.
    """

    decision: Literal["route", "unsupported", "needs_input"]
    skill: str | None = None
    route: str | None = None
    tool: str | None = None
    mode: str | None = Field(default=None, description="The route's mode when it has several (Wan 2.2 Animate: "
                             "replace, animate, speak).")
    confidence: float = Field(ge=0.0, le=1.0)
    reasons: list[str] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    arguments: dict[str, Any] = Field(default_factory=dict)
    redirect: str | None = None
    redirect_id: str | None = Field(default=None, description="Stable id of the out-of-scope entry behind `redirect`, "
                                    "e.g. image-inpainting, comfyui-face-swap.")
    steps: list[Step] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


# ---------------------------------------------------------------- public entry point

# A request made only of these names no edit ("change it", "hazlo mejor", "make it better pls"): ask, never guess.
_SAYS_NOTHING = frozenset({"function_word", "vague_edit"})



def route_request(catalog: Catalog, request: str, assets: list[Asset], *, skill: str | None = None) -> Decision:
    """Decide skill, route and request body for a plain-words request and its files (no I/O)."""
    cues = cues_for(catalog)
    allowed = [catalog.skill(skill)] if skill else list(catalog.skills)
    reading = read(request)
    view = TextView(request, cues.vocabulary, reading.words())
    found = found_in(specific_hits(cues.index.find(view), cues.group_of), reading, cues)
    views = view_assets(assets)

    if redirect := out_of_scope(allowed, found, views, view):
        return _redirect(redirect)
    if not request.strip() or not found or reading.only(_SAYS_NOTHING):
        return _unread(views, skill)

    order_hints = ordinal_roles(request, len(assets))
    fits = {r.model_id: fit_route(r, views, order_hints, mode_words(found, r)) for s in catalog.skills for r in s.routes}
    skill_scores = {s.name: skill_score(s, found, fits, views, cues, reading) for s in catalog.skills}
    # On a tie, a consent-gated skill loses: it needs a positive cue (a face, an identity, a voice track).
    chosen_skill = max(allowed, key=lambda s: (skill_scores[s.name].points, not s.consent_required, -allowed.index(s)))
    others = [sc.points for name, sc in skill_scores.items() if name != chosen_skill.name]
    skill_margin = skill_scores[chosen_skill.name].points - max(others) if others else 3.0
    if redirect := out_of_scope([chosen_skill], found, views, view, chosen=True):
        return _redirect(redirect)
    if _could_be_face_swap(chosen_skill, skill_scores, catalog, fits, views, reading):
        return _unread(views, skill, files_fit_a_face_swap=True)

    ctx = Context.of(views, view, reading)
    route_scores = {r.model_id: route_score(r, s, fits[r.model_id], found, ctx)
                    for s in allowed for r in s.routes}
    # A route the request names goes first when it can take the files ("nano banana pls", "use kling").
    named = {r.model_id for r in chosen_skill.routes if names_route(r, found) and fits[r.model_id].complete
             and not fits[r.model_id].extras}
    ranked = sorted(chosen_skill.routes,
                    key=lambda r: (r.model_id not in named, -route_scores[r.model_id].points, not r.is_default))
    best = ranked[0]
    route_margin = route_scores[best.model_id].points - route_scores[ranked[1].model_id].points if len(ranked) > 1 else 3.0
    if best.model_id in named:
        route_margin = max(route_margin, 2.0)
        route_scores[best.model_id].add(0.0)
        route_scores[best.model_id].why.append((9.0, f"you asked for {best.title} by name"))

    fit = fits[best.model_id]
    arguments, missing, warnings = build_arguments(best, chosen_skill, fit, request, order_hints)
    steps = _steps(chosen_skill, request, fits, views, cues, order_hints) if chosen_skill.one_change_per_call else []
    if steps:
        best = catalog.route(steps[0].route)
        fit = fits[best.model_id]
        arguments, missing, warnings = build_arguments(best, chosen_skill, fit, steps[0].request, order_hints)
    if fit.unused:
        warnings.append(_unused(best, fit))
    if skill_margin < 0:
        warnings.append(f"The request reads more like another skill than {chosen_skill.name}; check the alternatives.")

    confidence = min(0.99, sure(skill_margin) * sure(route_margin) * (0.9 if fit.guessed else 1.0))
    reasons = _reasons(skill_scores[chosen_skill.name], route_scores[best.model_id], views, fit)
    if steps:
        reasons.append(f"{len(steps)} changes in one request: run them as {len(steps)} passes, one change per call, "
                       "each on the previous pass's output.")
    if len(best.modes) > 1:
        reasons.append(f"{best.title} runs in mode `{fit.mode.id}` for these files"
                       + (f" and words ({quote(said)})." if (said := mode_said(found, best, fit.mode.id)) else "."))
    return Decision(
        decision="needs_input" if missing else "route",
        skill=chosen_skill.name,
        route=best.model_id,
        tool=best.tool,
        mode=fit.mode.id if len(best.modes) > 1 else None,
        confidence=round(confidence, 2),
        reasons=reasons,
        alternatives=_alternatives(best, allowed, fits, route_scores, skill_scores, chosen_skill, found),
        missing=missing,
        arguments=arguments,
        steps=steps,
        warnings=warnings,
    )


def _could_be_face_swap(chosen: Skill, scores: dict[str, Score], catalog: Catalog, fits: dict[str, Fit],
                        views: list[AssetView], reading: Reading) -> bool:
    """Fail closed: files a face swap could use (a picture beside a clip, a voice track or other pictures) go to a
    skill without the consent gate only when the words ask for that skill's kind of edit; a bare "swap them" or
    "replace it" names no thing and could mean the person. Words that ask for a face swap are not this case: the
    route is kept and the gate sees the face going in (needs consent)."""
    if chosen.consent_required or len(views) < 2 or not any(v.kind == "image" for v in views):
        return False
    if scores[chosen.name].words > 0 and not reading.only(_SAYS_NOTHING | {"replace"}):
        return False
    gated = [s for s in catalog.skills if s.consent_required]
    if any(scores[s.name].words > 0 for s in gated):
        return False
    return any(fits[r.model_id].exact for s in gated for r in s.routes)


def _unread(views: list[AssetView], skill: str | None, *, files_fit_a_face_swap: bool = False) -> Decision:
    """Words we cannot read (an unknown language, gibberish): ask, never guess a route from the files alone."""
    first = ("The files fit a face swap as well as an inpainting edit, and no words of the request say which."
             if files_fit_a_face_swap else
             "No words of the request say what to do (no words, an unknown language, gibberish, or no edit named).")
    return Decision(
        decision="needs_input",
        skill=skill,
        confidence=0.0,
        reasons=[first,
                 "Nothing is chosen on a guess from the files: with a portrait among them it could be a face swap, "
                 "which needs consent, or an inpainting edit, which does not."],
        missing=["request: say in plain words what to change (e.g. 'remove the logo', 'swap the face in the video "
                 "with the face in the photo')"],
    )


def _redirect(found: Redirect) -> Decision:
    what = found.entry.id.replace("-", " ")
    return Decision(
        decision="unsupported",
        skill=found.skill.name,
        confidence=found.confidence,
        reasons=found.reasons,
        alternatives=[Alternative(route=r.model_id, tool=r.tool,
                                  why_not=f"cannot do {what}; it fits only if you drop that part of the request")
                      for r in found.skill.routes[:1]],
        redirect=" ".join(found.entry.redirect.split()),
        redirect_id=found.entry.id,
    )


def _steps(skill: Skill, request: str, fits: dict[str, Fit], views: list[AssetView], cues: Cues,
           order_hints: dict[int, str]) -> list[Step]:
    parts = split_edits(request)
    if len(parts) < 2:
        return []
    steps = []
    for n, part in enumerate(parts):
        reading = read(part)
        view = TextView(part, cues.vocabulary, reading.words())
        found = found_in(specific_hits(cues.index.find(view), cues.group_of), reading, cues)
        ctx = Context.of(views, view, reading)
        route = max(skill.routes, key=lambda r: (route_score(r, skill, fits[r.model_id], found, ctx).points,
                                                 r.is_default))
        args, _, _ = build_arguments(route, skill, fits[route.model_id], part, order_hints)
        chained = None
        if n:
            chained = next((s.field for s in fits[route.model_id].slots if s.min >= 1), None)
            args.pop(chained, None)
        steps.append(Step(request=part, route=route.model_id, tool=route.tool, arguments=args,
                          input_from_previous=chained))
    return steps


def _unused(route: Route, fit: Fit) -> str:
    unused = fit.unused
    names = ", ".join(v.label() for v in unused[:3]) + (f" and {len(unused) - 3} more" if len(unused) > 3 else "")
    text = f"Not used: {names}."
    if fit.overflow:
        room = [s for s in fit.slots if s.kind in {v.kind for v in fit.overflow}]
        per_call = "; ".join(f"at most {s.max} {s.kind} file{'s' if s.max > 1 else ''} in `{s.field}`" for s in room)
        text += f" {route.title} takes {per_call} per call: send the rest in another call."
    if fit.extras:
        kinds = "/".join(sorted({v.kind or "unknown" for v in fit.extras}))
        text += f" {route.title} has no place for {kinds} files."
    return text


def _reasons(skill_points: Score, route_points: Score, views: list[AssetView], fit: Fit) -> list[str]:
    out = []
    if views:
        counts: dict[str, int] = {}
        for v in views:
            counts[v.kind or "file of unknown kind"] = counts.get(v.kind or "file of unknown kind", 0) + 1
        sent = ", ".join(f"{n} {k}{'s' if n > 1 and k in ('image', 'video') else ''}" for k, n in counts.items())
        roles = [f'{v.label()} is "{v.role}"' for v in views if v.role]
        out.append(f"You sent {sent}" + (f" ({'; '.join(roles)})" if roles else "") + ".")
    for _, why in sorted(skill_points.why + route_points.why, key=lambda p: -p[0]):
        if why not in out:
            out.append(why[:1].upper() + why[1:] + ".")
    if fit.guessed:
        out.append("Some file kinds were guessed from roles or names; pass `kind` to be sure.")
    return out


def _alternatives(best: Route, allowed: list[Skill], fits: dict[str, Fit], route_scores: dict[str, Score],
                  skill_scores: dict[str, Score], chosen: Skill, found: Found) -> list[Alternative]:
    total = {r.model_id: route_scores[r.model_id].points + skill_scores[s.name].points for s in allowed for r in s.routes}
    others = sorted((r for s in allowed for r in s.routes if r.model_id != best.model_id), key=lambda r: -total[r.model_id])
    out = []
    for r in others[:4]:
        fit = fits[r.model_id]
        _, avoided = said_in(found, f"avoid:{r.model_id}")
        if fit.extras:
            why = f"has no place for {', '.join(v.label() for v in fit.extras[:3])}"
        elif fit.overflow:
            why = f"takes fewer files per call than the {sum(map(len, fit.placed)) + len(fit.unused)} you sent"
        elif fit.missing:
            why = "would still need " + "; ".join(f"{n} {s.kind} file{'s' if n > 1 else ''} for `{s.field}`"
                                                  for s, n in fit.missing)
        elif avoided:
            why = f"is not meant for requests that say {quote(avoided)}"
        elif r.skill != chosen.name:
            why = f"belongs to {r.skill}; your request reads as {chosen.name}"
        else:
            why = f"fewer of your words fit it than {best.title}"
        out.append(Alternative(route=r.model_id, tool=r.tool, why_not=why))
    return out
