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

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field

from runcomfy_skills.catalog.skill_docs import Catalog, Mode, Route, Skill
from runcomfy_skills.models import Asset
from runcomfy_skills.routing.arguments import build_arguments, ordinal_roles, split_edits
from runcomfy_skills.routing.assets import AssetView, Fit, fit_route, view_assets
from runcomfy_skills.routing.fit import check_fit
from runcomfy_skills.routing.scope import Redirect, out_of_scope
from runcomfy_skills.routing.text import (Hit, Phrase, PhraseIndex, TextView, Vocabulary, compile_phrases, phrase_words, specific_hits,
                                         split_refs, stem)
from runcomfy_skills.understanding import Reading, lexicon, read

__all__ = ["Alternative", "Decision", "Step", "check_fit", "route_request"]

_TITLE_WORD = re.compile(r"[a-z]+")


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


# ---------------------------------------------------------------- the cue lists, compiled per catalog


@dataclass
class _Cues:
    vocabulary: Vocabulary
    index: PhraseIndex
    group_of: dict[str, str]  # list label → skill name (for "most specific reading wins")
    role_owners: dict[str, set[str]]  # doc role → skills whose slots use it
    concepts: dict[str, tuple[str, ...]]  # list label → the concepts it names (`@remove`), read in any language
    entries: dict[str, frozenset[tuple[str, ...]]]  # list label → its entries (phrase stems, `("@name",)`)
    routes: tuple[Route, ...]  # every route of the catalog


_COMPILED: dict[int, tuple[Catalog, _Cues]] = {}


def _cues(catalog: Catalog) -> _Cues:
    cached = _COMPILED.get(id(catalog))
    if cached and cached[0] is catalog:
        return cached[1]
    phrases, group_of, texts = [], {}, []
    role_owners: dict[str, set[str]] = {}
    concepts: dict[str, tuple[str, ...]] = {}
    entries: dict[str, frozenset[tuple[str, ...]]] = {}
    for skill in catalog.skills:
        lists = {f"cue:{skill.name}": skill.cues, f"savoid:{skill.name}": skill.avoid}
        lists.update({f"oos:{skill.name}:{o.id}": o.cues for o in skill.out_of_scope})
        lists.update({f"soos:{skill.name}:{o.id}": o.skill_cues for o in skill.out_of_scope})
        for route in skill.routes:
            lists[f"pick:{route.model_id}"] = route.pick
            lists[f"avoid:{route.model_id}"] = route.avoid
            for mode in route.modes if len(route.modes) > 1 else ():
                lists[f"mpick:{route.model_id}:{mode.id}"] = mode.pick
                lists[f"mavoid:{route.model_id}:{mode.id}"] = mode.avoid
            for slot in route.slots:
                for role in slot.roles:
                    role_owners.setdefault(role, set()).add(skill.name)
        for label, items in lists.items():
            words, named = split_refs(items)
            if named:
                concepts[label] = named
            compiled = compile_phrases(words, label)
            entries[label] = frozenset([p.stems for p in compiled] + [(f"@{n}",) for n in named])
            phrases += compiled
            group_of[label] = skill.name
            texts += words
    unknown = sorted({n for names in concepts.values() for n in names} - set(lexicon().concepts))
    if unknown:
        raise ValueError(f"skill documents name unknown concepts: {', '.join('@' + n for n in unknown)}")
    cues = _Cues(Vocabulary(phrase_words(texts)), PhraseIndex(phrases), group_of, role_owners, concepts, entries,
                 tuple(r for s in catalog.skills for r in s.routes))
    if len(_COMPILED) > 8:
        _COMPILED.clear()
    _COMPILED[id(catalog)] = (catalog, cues)
    return cues


# ---------------------------------------------------------------- scoring


@dataclass
class _Score:
    points: float = 0.0
    why: list[tuple[float, str]] = field(default_factory=list)
    words: float = 0.0  # the part the request's words gave (not its files)

    def add(self, points: float, why: str = "", *, said: bool = False) -> None:
        self.points += points
        self.words += points if said else 0.0
        if why and points:
            self.why.append((points, why))


Found = dict[str, list[Hit]]  # list label → its distinct phrases found in the text


def _found(hits: list[Hit], reading: Reading, cues: _Cues) -> Found:
    """Group hits by cue list, one per distinct phrase ("look like" and "looks like" count once).

    A list whose words were not found counts once if the text states one of its concepts (in any
    language); the concepts never add to words already found, so English scores stay as they were.
    """
    seen: dict[str, dict[tuple[str, ...], Hit]] = {}
    for h in hits:
        seen.setdefault(h.phrase.label, {}).setdefault(h.phrase.stems, h)
    found = {label: list(by_stems.values()) for label, by_stems in seen.items()}
    for label, names in cues.concepts.items():
        if label not in found and (stated := [n for n in names if reading.has(n)]):
            found[label] = [Hit(Phrase(f"{n} ({', '.join(reading.said(n)[:2])})", (f"@{n}",), label), -1, -1)
                            for n in stated]
    return found


def _words(found: Found, label: str) -> tuple[float, list[str]]:
    hits = found.get(label, ())
    return sum(h.phrase.weight for h in hits), [h.phrase.text for h in hits]


def _quote(words: list[str]) -> str:
    return ", ".join(f'"{w}"' for w in words[:5])


def _skill_score(skill: Skill, found: Found, fits: dict[str, Fit], views: list[AssetView], cues: _Cues,
                 reading: Reading) -> _Score:
    score = _Score()
    cue_hits = [h for h in found.get(f"cue:{skill.name}", ()) if _usable_cue(h, skill, fits, views, cues)]
    w, said = sum(h.phrase.weight for h in cue_hits), [h.phrase.text for h in cue_hits]
    if w:
        score.add(w, f"your words point to {skill.name}: {_quote(said)}", said=True)
    avoid_hits = [h for h in found.get(f"savoid:{skill.name}", ()) if _usable_avoid(h, skill, fits, views, cues)]
    w, said = sum(h.phrase.weight for h in avoid_hits), [h.phrase.text for h in avoid_hits]
    if w:
        score.add(-w, f"{skill.name} is not for requests that say {_quote(said)}", said=True)
    picked: dict[tuple[str, ...], float] = {}
    for route in skill.routes:
        if views and fits[route.model_id].extras:
            continue  # a route that cannot use the files says nothing for its skill
        for h in found.get(f"pick:{route.model_id}", ()):  # mode words only choose within the skill
            picked.setdefault(h.phrase.stems, h.phrase.weight)
    score.add(0.5 * sum(picked.values()), said=True)
    if views:
        skill_fits = [fits[r.model_id] for r in skill.routes]
        if any(f.exact for f in skill_fits):
            score.add(1.0, f"{skill.name} has a route that takes exactly the files you sent")
        elif all(f.extras for f in skill_fits):
            unusable = min(skill_fits, key=lambda f: len(f.extras)).extras
            score.add(-3.0 * len(unusable), f"no {skill.name} route can use {unusable[0].label()}")
    if skill.consent_required and reading.has("face_into_media"):
        score.add(3.0, f"your words put a person's face into media ({_quote(reading.said('face')[:2] or ['identity'])})",
                  said=True)
    for v in views:
        role, weight = (v.role, 1.5) if v.role else (_hint_doc_role(v.hint), 0.75)
        owners = cues.role_owners.get(role or "", set())
        if owners == {skill.name}:
            how = f'has role "{v.role}"' if v.role else f"is named like {_article(v.hint or '')} {v.hint} file"
            score.add(weight, f"{v.label()} {how}, which only {skill.name} uses")
    return score


def _usable_cue(hit: Hit, skill: Skill, fits: dict[str, Fit], views: list[AssetView], cues: _Cues) -> bool:
    """A skill cue that only some routes pick speaks for the skill only if one of them can use the files
    ("anime" beside a portrait and a clip is no restyle: Lucy takes no image)."""
    if not views:
        return True
    owners = [r for r in skill.routes if hit.phrase.stems in cues.entries.get(f"pick:{r.model_id}", ())]
    return not owners or any(not fits[r.model_id].extras for r in owners)


def _usable_avoid(hit: Hit, skill: Skill, fits: dict[str, Fit], views: list[AssetView], cues: _Cues) -> bool:
    """An avoid word speaks against a skill only if a route elsewhere that picks it could take the files instead
    ("cartoon" beside a portrait and a clip is no reason against face swap: Lucy takes no image)."""
    if not views:
        return True
    owners = [r for r in cues.routes if r.skill != skill.name and hit.phrase.stems in cues.entries.get(f"pick:{r.model_id}", ())]
    return not owners or any(not fits[r.model_id].extras for r in owners)


def _named(route: Route, found: Found) -> bool:
    """The request names the route's model ("nano banana", "kling", "wan 2.2"): a pick phrase with the brand word
    that starts the route's title."""
    brand = stem(_TITLE_WORD.findall(route.title.lower())[0])
    return any(brand in h.phrase.stems for h in found.get(f"pick:{route.model_id}", ()))


def _hint_doc_role(hint: str | None) -> str | None:
    return {"identity": "identity", "frame": "frame", "motion": "reference_video"}.get(hint or "")


# Concepts that need a kind of file, in any language ("haz que esta foto hable" needs a voice track).
_CONCEPT_KINDS = {"talking_head": "audio", "animate_photo": "video", "motion_transfer": "video"}


@dataclass(frozen=True)
class _Context:
    """What every route is scored against: the files, and the kinds the words mention but no file carries."""

    views: list[AssetView]
    implied: frozenset[str]  # "make this photo talk" → {"audio"}
    primary: str | None  # video if a video was sent, else image, else audio

    @classmethod
    def of(cls, views: list[AssetView], view: TextView, reading: Reading) -> _Context:
        sent = {v.kind for v in views}
        said = view.kinds | {kind for concept, kind in _CONCEPT_KINDS.items() if reading.has(concept)}
        implied = said - sent if None not in sent else said
        primary = next((k for k in ("video", "image", "audio") if k in sent), None)
        return cls(views, frozenset(implied), primary)


def _route_score(route: Route, skill: Skill, fit: Fit, found: Found, ctx: _Context) -> _Score:
    score = _Score()
    implied = ctx.implied
    if ctx.views:
        if fit.complete:
            score.add(3.0, f"{route.title} takes the files you sent")
        for slot in fit.atypical:
            score.add(-2.5, f"{route.title} is not meant for {len(fit.placed[fit.slots.index(slot)])} files in "
                      f"`{slot.field}`")
        short = sum(n for slot, n in fit.missing if slot.kind not in implied)
        score.points += (-1.0 * min(short, 2) - 3.0 * len(fit.extras) - 1.0 * min(len(fit.overflow), 2)
                         + fit.role_hits - 1.5 * fit.role_conflicts
                         + 0.5 * (fit.hint_hits - fit.hint_conflicts) - 0.2 * fit.guessed)
    for kind in sorted(implied):
        if any(s.kind == kind and s.min for m in route.modes for s in m.slots):
            score.add(1.0, f"your words mention {_article(kind)} {kind}, which {route.title} takes")
        elif any(s.kind == kind for s in route.slots):
            score.add(0.5)
    hits = _picks(found, route, fit)
    if hits:
        score.add(sum(h.phrase.weight for h in hits), f"{route.title} is picked for {_quote([h.phrase.text for h in hits])}")
    w, said = _words(found, f"avoid:{route.model_id}")
    if len(route.modes) > 1:  # a mode's avoid words count against the route when the files fit that mode
        mode_w, mode_said = _words(found, f"mavoid:{route.model_id}:{fit.mode.id}")
        w, said = w + mode_w, said + mode_said
    if w:
        score.add(-1.5 * w, f"{route.title} is avoided for {_quote(said)}")
    if route.default_for and route.default_for == ctx.primary:
        score.add(0.5, f"{route.title} is the default for {ctx.primary} requests in {skill.name}")
    elif route.is_default:
        score.add(0.3, f"{route.title} is the default route of {skill.name}")
    return score


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _sure(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-1.2 * margin))


# ---------------------------------------------------------------- public entry point


def route_request(catalog: Catalog, request: str, assets: list[Asset], *, skill: str | None = None) -> Decision:
    """Decide skill, route and request body for a plain-words request and its files (no I/O)."""
    cues = _cues(catalog)
    allowed = [catalog.skill(skill)] if skill else list(catalog.skills)
    reading = read(request)
    view = TextView(request, cues.vocabulary, reading.words())
    found = _found(specific_hits(cues.index.find(view), cues.group_of), reading, cues)
    views = view_assets(assets)

    if redirect := out_of_scope(allowed, found, views, view):
        return _redirect(redirect)
    if request.strip() and not found:
        return _unread(views, skill)

    order_hints = ordinal_roles(request, len(assets))
    fits = {r.model_id: fit_route(r, views, order_hints, _mode_words(found, r)) for s in catalog.skills for r in s.routes}
    skill_scores = {s.name: _skill_score(s, found, fits, views, cues, reading) for s in catalog.skills}
    # On a tie, a consent-gated skill loses: it needs a positive cue (a face, an identity, a voice track).
    chosen_skill = max(allowed, key=lambda s: (skill_scores[s.name].points, not s.consent_required, -allowed.index(s)))
    others = [sc.points for name, sc in skill_scores.items() if name != chosen_skill.name]
    skill_margin = skill_scores[chosen_skill.name].points - max(others) if others else 3.0
    if redirect := out_of_scope([chosen_skill], found, views, view, chosen=True):
        return _redirect(redirect)
    if _could_be_face_swap(chosen_skill, skill_scores, catalog, fits, views):
        return _unread(views, skill, files_fit_a_face_swap=True)

    ctx = _Context.of(views, view, reading)
    route_scores = {r.model_id: _route_score(r, s, fits[r.model_id], found, ctx)
                    for s in allowed for r in s.routes}
    # A route the request names goes first when it can take the files ("nano banana pls", "use kling").
    named = {r.model_id for r in chosen_skill.routes if _named(r, found) and fits[r.model_id].complete
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

    confidence = min(0.99, _sure(skill_margin) * _sure(route_margin) * (0.9 if fit.guessed else 1.0))
    reasons = _reasons(skill_scores[chosen_skill.name], route_scores[best.model_id], views, fit)
    if steps:
        reasons.append(f"{len(steps)} changes in one request: run them as {len(steps)} passes, one change per call, "
                       "each on the previous pass's output.")
    if len(best.modes) > 1:
        reasons.append(f"{best.title} runs in mode `{fit.mode.id}` for these files"
                       + (f" and words ({_quote(said)})." if (said := _mode_said(found, best, fit.mode.id)) else "."))
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


def _could_be_face_swap(chosen: Skill, scores: dict[str, _Score], catalog: Catalog, fits: dict[str, Fit],
                        views: list[AssetView]) -> bool:
    """Fail closed: files a face swap could use (a picture beside a clip, a voice track or other pictures) go to a
    skill without the consent gate only when the words ask for that skill's kind of edit. Words that ask for a
    face swap are not this case: the route is kept and the gate sees the face going in (needs consent)."""
    if chosen.consent_required or scores[chosen.name].words > 0 or len(views) < 2 \
            or not any(v.kind == "image" for v in views):
        return False
    gated = [s for s in catalog.skills if s.consent_required]
    if any(scores[s.name].words > 0 for s in gated):
        return False
    return any(fits[r.model_id].exact for s in gated for r in s.routes)


def _unread(views: list[AssetView], skill: str | None, *, files_fit_a_face_swap: bool = False) -> Decision:
    """Words we cannot read (an unknown language, gibberish): ask, never guess a route from the files alone."""
    first = ("The files fit a face swap as well as an inpainting edit, and no words of the request say which."
             if files_fit_a_face_swap else
             "No words of the request say what to do (an unknown language, gibberish, or no edit named).")
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


def _picks(found: Found, route: Route, fit: Fit) -> list[Hit]:
    """The route's pick words found, plus those of the mode the files fit (each phrase once)."""
    hits = {h.phrase.stems: h for h in found.get(f"pick:{route.model_id}", ())}
    for h in found.get(f"mpick:{route.model_id}:{fit.mode.id}", ()):
        hits.setdefault(h.phrase.stems, h)
    return list(hits.values())


def _mode_words(found: Found, route: Route) -> Callable[[Mode], float] | None:
    """How much the words favour each mode of a route (its pick words minus its avoid words)."""
    if len(route.modes) < 2:
        return None

    def weight(mode: Mode) -> float:
        return (_words(found, f"mpick:{route.model_id}:{mode.id}")[0]
                - 1.5 * _words(found, f"mavoid:{route.model_id}:{mode.id}")[0])

    return weight


def _mode_said(found: Found, route: Route, mode: str) -> list[str]:
    return _words(found, f"mpick:{route.model_id}:{mode}")[1]


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


def _steps(skill: Skill, request: str, fits: dict[str, Fit], views: list[AssetView], cues: _Cues,
           order_hints: dict[int, str]) -> list[Step]:
    parts = split_edits(request)
    if len(parts) < 2:
        return []
    steps = []
    for n, part in enumerate(parts):
        reading = read(part)
        view = TextView(part, cues.vocabulary, reading.words())
        found = _found(specific_hits(cues.index.find(view), cues.group_of), reading, cues)
        ctx = _Context.of(views, view, reading)
        route = max(skill.routes, key=lambda r: (_route_score(r, skill, fits[r.model_id], found, ctx).points,
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


def _reasons(skill_score: _Score, route_score: _Score, views: list[AssetView], fit: Fit) -> list[str]:
    out = []
    if views:
        counts: dict[str, int] = {}
        for v in views:
            counts[v.kind or "file of unknown kind"] = counts.get(v.kind or "file of unknown kind", 0) + 1
        sent = ", ".join(f"{n} {k}{'s' if n > 1 and k in ('image', 'video') else ''}" for k, n in counts.items())
        roles = [f'{v.label()} is "{v.role}"' for v in views if v.role]
        out.append(f"You sent {sent}" + (f" ({'; '.join(roles)})" if roles else "") + ".")
    for _, why in sorted(skill_score.why + route_score.why, key=lambda p: -p[0]):
        if why not in out:
            out.append(why[:1].upper() + why[1:] + ".")
    if fit.guessed:
        out.append("Some file kinds were guessed from roles or names; pass `kind` to be sure.")
    return out


def _alternatives(best: Route, allowed: list[Skill], fits: dict[str, Fit], route_scores: dict[str, _Score],
                  skill_scores: dict[str, _Score], chosen: Skill, found: Found) -> list[Alternative]:
    total = {r.model_id: route_scores[r.model_id].points + skill_scores[s.name].points for s in allowed for r in s.routes}
    others = sorted((r for s in allowed for r in s.routes if r.model_id != best.model_id), key=lambda r: -total[r.model_id])
    out = []
    for r in others[:4]:
        fit = fits[r.model_id]
        _, avoided = _words(found, f"avoid:{r.model_id}")
        if fit.extras:
            why = f"has no place for {', '.join(v.label() for v in fit.extras[:3])}"
        elif fit.overflow:
            why = f"takes fewer files per call than the {sum(map(len, fit.placed)) + len(fit.unused)} you sent"
        elif fit.missing:
            why = "would still need " + "; ".join(f"{n} {s.kind} file{'s' if n > 1 else ''} for `{s.field}`"
                                                  for s, n in fit.missing)
        elif avoided:
            why = f"is not meant for requests that say {_quote(avoided)}"
        elif r.skill != chosen.name:
            why = f"belongs to {r.skill}; your request reads as {chosen.name}"
        else:
            why = f"fewer of your words fit it than {best.title}"
        out.append(Alternative(route=r.model_id, tool=r.tool, why_not=why))
    return out
