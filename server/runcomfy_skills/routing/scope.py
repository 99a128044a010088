"""Requests a skill names but does not serve: which `out_of_scope` entry of a skill document fires, and why.

Two passes (see `blocks.OutOfScope`): before a skill is chosen, only an entry's own cues and the
roles of the files count; once one is chosen, its `skill_cues` and file shapes count too.
"""

from __future__ import annotations

from dataclasses import dataclass

from runcomfy_skills.catalog.skill_docs import OutOfScope, Skill
from runcomfy_skills.routing.assets import AssetView
from runcomfy_skills.routing.text import Hit, TextView


@dataclass(frozen=True)
class Redirect:
    skill: Skill
    entry: OutOfScope
    reasons: list[str]
    confidence: float


def _said(found: dict[str, list[Hit]], label: str) -> list[str]:
    return [h.phrase.text for h in found.get(label, ())]


def _quote(words: list[str]) -> str:
    return ", ".join(f'"{w}"' for w in words[:5])


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _shaped(entry: OutOfScope, views: list[AssetView], view: TextView, said: list[str]) -> bool:
    """The files are exactly the entry's shape (or none were sent but its words were), and the words
    mention no other kind of media ("from my clip" keeps a still-image redirect away)."""
    if entry.assets is None or not view.kinds <= set(entry.assets):
        return False
    if not views:
        return bool(said)
    counts: dict[str | None, int] = {}
    for v in views:
        counts[v.kind] = counts.get(v.kind, 0) + 1
    return counts == {k: n for k, n in entry.assets.items() if n}


def _shape(entry: OutOfScope) -> str:
    return " and ".join(f"{n} {kind} file{'s' if n > 1 else ''}" for kind, n in (entry.assets or {}).items() if n)


def out_of_scope(skills: list[Skill], found: dict[str, list[Hit]], views: list[AssetView], view: TextView, *,
                 chosen: bool = False) -> Redirect | None:
    """The first entry that fires. `found` holds the cue hits by list label (`oos:` / `soos:<skill>:<id>`)."""
    for skill in skills:
        for entry in skill.out_of_scope:
            said = _said(found, f"{'soos' if chosen else 'oos'}:{skill.name}:{entry.id}")
            roled: list[AssetView] = []
            named: list[AssetView] = []
            shaped = False
            if chosen:
                shaped = _shaped(entry, views, view, said)
                if entry.assets is not None and not shaped:
                    said = []
            else:
                roled = [v for v in views if v.role and v.role in entry.roles]
                named = [v for v in views if not v.role and v.hint and v.hint in entry.roles and v.hint in view.stems]
            if not (said or roled or named or shaped):
                continue
            reasons = [f'{v.label()} has role "{v.role}"' for v in roled]
            reasons += [f"{v.label()} is named like {_article(v.hint or '')} {v.hint} and your words mention one"
                        for v in named]
            if shaped and views:
                reasons.append(f"you sent {_shape(entry)} and nothing else")
            if said:
                reasons.append(f"you asked for {_quote(said)}")
            reasons.append(f"{entry.id.replace('-', ' ')} is out of scope for {skill.name}; see the redirect ({entry.id})")
            sure = bool(roled) or len(said) > 1 or (shaped and bool(views))
            return Redirect(skill, entry, reasons, 0.95 if sure else 0.85)
    return None
