"""How well a skill and each of its routes fit a request: points, with the reasons that gave them."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from runcomfy_skills.catalog.skill_docs import Mode, Route, Skill
from runcomfy_skills.routing.assets import AssetView, Fit
from runcomfy_skills.routing.cues import Cues, Found, quote, said_in
from runcomfy_skills.routing.text import Hit, TextView, stem
from runcomfy_skills.understanding import Reading

_TITLE_WORD = re.compile(r"[a-z]+")


@dataclass
class Score:
    points: float = 0.0
    why: list[tuple[float, str]] = field(default_factory=list)
    words: float = 0.0  # the part the request's words gave (not its files)

    def add(self, points: float, why: str = "", *, said: bool = False) -> None:
        self.points += points
        self.words += points if said else 0.0
        if why and points:
            self.why.append((points, why))


def skill_score(skill: Skill, found: Found, fits: dict[str, Fit], views: list[AssetView], cues: Cues,
                 reading: Reading) -> Score:
    score = Score()
    cue_hits = [h for h in found.get(f"cue:{skill.name}", ()) if _usable_cue(h, skill, fits, views, cues)]
    w, said = sum(h.phrase.weight for h in cue_hits), [h.phrase.text for h in cue_hits]
    if w:
        score.add(w, f"your words point to {skill.name}: {quote(said)}", said=True)
    avoid_hits = [h for h in found.get(f"savoid:{skill.name}", ()) if _usable_avoid(h, skill, fits, views, cues)]
    w, said = sum(h.phrase.weight for h in avoid_hits), [h.phrase.text for h in avoid_hits]
    if w:
        score.add(-w, f"{skill.name} is not for requests that say {quote(said)}", said=True)
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
        score.add(3.0, f"your words put a person's face into media ({quote(reading.said('face')[:2] or ['identity'])})",
                  said=True)
    for v in views:
        role, weight = (v.role, 1.5) if v.role else (_hint_doc_role(v.hint), 0.75)
        owners = cues.role_owners.get(role or "", set())
        if owners == {skill.name}:
            how = f'has role "{v.role}"' if v.role else f"is named like {article(v.hint or '')} {v.hint} file"
            score.add(weight, f"{v.label()} {how}, which only {skill.name} uses")
    return score


def _usable_cue(hit: Hit, skill: Skill, fits: dict[str, Fit], views: list[AssetView], cues: Cues) -> bool:
    """A skill cue that only some routes pick speaks for the skill only if one of them can use the files
    ("anime" beside a portrait and a clip is no restyle: Lucy takes no image)."""
    if not views:
        return True
    owners = [r for r in skill.routes if hit.phrase.stems in cues.entries.get(f"pick:{r.model_id}", ())]
    return not owners or any(not fits[r.model_id].extras for r in owners)


def _usable_avoid(hit: Hit, skill: Skill, fits: dict[str, Fit], views: list[AssetView], cues: Cues) -> bool:
    """An avoid word speaks against a skill only if a route elsewhere that picks it could take the files instead
    ("cartoon" beside a portrait and a clip is no reason against face swap: Lucy takes no image)."""
    if not views:
        return True
    owners = [r for r in cues.routes if r.skill != skill.name and hit.phrase.stems in cues.entries.get(f"pick:{r.model_id}", ())]
    return not owners or any(not fits[r.model_id].extras for r in owners)


def names_route(route: Route, found: Found) -> bool:
    """The request names the route's model ("nano banana", "kling", "wan 2.2"): a pick phrase with the brand word
    that starts the route's title."""
    brand = stem(_TITLE_WORD.findall(route.title.lower())[0])
    return any(brand in h.phrase.stems for h in found.get(f"pick:{route.model_id}", ()))


def _hint_doc_role(hint: str | None) -> str | None:
    return {"identity": "identity", "frame": "frame", "motion": "reference_video"}.get(hint or "")


# Concepts that need a kind of file, in any language ("haz que esta foto hable" needs a voice track).
_CONCEPT_KINDS = {"talking_head": "audio", "animate_photo": "video", "motion_transfer": "video", "video_word": "video"}
# The face to put in named as the sender's own or another picture's ("with mine", "na moją", "내 얼굴로").
_FACE_SOURCE = "face_source"


@dataclass(frozen=True)
class Context:
    """What every route is scored against: the files, and the kinds the words mention but no file carries."""

    views: list[AssetView]
    implied: frozenset[str]  # "make this photo talk" → {"audio"}
    primary: str | None  # video if a video was sent, else image, else audio
    pictures_wanted: int = 0  # "replace her face with mine" beside one picture: the face AND the picture it goes in

    @classmethod
    def of(cls, views: list[AssetView], view: TextView, reading: Reading) -> Context:
        sent = {v.kind for v in views}
        said = view.kinds | {kind for concept, kind in _CONCEPT_KINDS.items() if reading.has(concept)}
        implied = said - sent if None not in sent else said
        primary = next((k for k in ("video", "image", "audio") if k in sent), None)
        wanted = 2 if sent == {"image"} and len(views) == 1 and reading.has(_FACE_SOURCE) else 0
        return cls(views, frozenset(implied | ({"image"} if wanted else set())), primary, wanted)


def route_score(route: Route, skill: Skill, fit: Fit, found: Found, ctx: Context) -> Score:
    score = Score()
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
    if ctx.pictures_wanted > sum(slot.max for slot in route.slots if slot.kind == "image"):
        score.add(-3.0, f"your words name a face to put in and a picture to put it in; {route.title} takes one "
                  "picture")
    for kind in sorted(implied):
        if any(s.kind == kind and s.min for m in route.modes for s in m.slots):
            score.add(1.0, f"your words mention {article(kind)} {kind}, which {route.title} takes")
        elif any(s.kind == kind for s in route.slots):
            score.add(0.5)
        elif ctx.views and skill.consent_required:  # "my face into the video" with only a photo: not a still edit
            score.add(-2.0, f"your words ask for {article(kind)} {kind}, which {route.title} does not take")
    hits = picks(found, route, fit)
    if hits:
        score.add(sum(h.phrase.weight for h in hits), f"{route.title} is picked for {quote([h.phrase.text for h in hits])}")
    w, said = said_in(found, f"avoid:{route.model_id}")
    if len(route.modes) > 1:  # a mode's avoid words count against the route when the files fit that mode
        mode_w, mode_said = said_in(found, f"mavoid:{route.model_id}:{fit.mode.id}")
        w, said = w + mode_w, said + mode_said
    if w:
        score.add(-1.5 * w, f"{route.title} is avoided for {quote(said)}")
    if route.default_for and route.default_for == ctx.primary:
        score.add(0.5, f"{route.title} is the default for {ctx.primary} requests in {skill.name}")
    elif route.is_default:
        score.add(0.3, f"{route.title} is the default route of {skill.name}")
    return score


def article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def sure(margin: float) -> float:
    return 1.0 / (1.0 + math.exp(-1.2 * margin))


def picks(found: Found, route: Route, fit: Fit) -> list[Hit]:
    """The route's pick words found, plus those of the mode the files fit (each phrase once)."""
    hits = {h.phrase.stems: h for h in found.get(f"pick:{route.model_id}", ())}
    for h in found.get(f"mpick:{route.model_id}:{fit.mode.id}", ()):
        hits.setdefault(h.phrase.stems, h)
    return list(hits.values())


def mode_words(found: Found, route: Route) -> Callable[[Mode], float] | None:
    """How much the words favour each mode of a route (its pick words minus its avoid words)."""
    if len(route.modes) < 2:
        return None

    def weight(mode: Mode) -> float:
        return (said_in(found, f"mpick:{route.model_id}:{mode.id}")[0]
                - 1.5 * said_in(found, f"mavoid:{route.model_id}:{mode.id}")[0])

    return weight


def mode_said(found: Found, route: Route, mode: str) -> list[str]:
    return said_in(found, f"mpick:{route.model_id}:{mode}")[1]

