"""Does a request put a person's face or identity into media? Then it needs consent, whatever route.

The gate asks this of every call, not only of face-swap routes: a face sent as Wan 2.7's reference
image, "replace her face" over a Seedream frame stack, a Lucy restyle into a named actor are face
swaps too. The answer reads everything a request carries: its words (request, prompt, other text
fields), the roles the caller gave its files and the words in the files' names, in any language
the concept files know.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from urllib.parse import unquote

from runcomfy_skills.catalog.skill_docs import Route, Skill
from runcomfy_skills.models import Asset
from runcomfy_skills.understanding import Reading, read_all
from runcomfy_skills.urls import split_or_none

_NAME_WORDS = re.compile(r"[\W_]+")
_CLAUSE_WORDS = {"but", "then"}  # would start a new clause: each file's words stay one clause


def asset_words(asset: Asset) -> str:
    """The caller's role and the words of the file name ("identity-face_01.jpg" → "identity face 01")."""
    return _file_words(asset.url, asset.role)


@lru_cache(maxsize=256)  # one decision asks for each file's words several times
def _file_words(url: str, role: str | None) -> str:
    parts = split_or_none(url)
    name = unquote(parts.path.rsplit("/", 1)[-1]) if parts is not None else ""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    words = _NAME_WORDS.split(f"{role or ''} {stem}")
    return " ".join(w for w in words if w and w.casefold() not in _CLAUSE_WORDS)


def screened_text(text: str, assets: list[Asset]) -> str:
    """Everything a request says, one clause per part: its words, then each file's role and name."""
    return "\n".join([text, *(w for w in map(asset_words, assets) if w)])


def read_request(text: str, assets: list[Asset]) -> Reading:
    """The reading of `screened_text`: the request's words (often read already by the router) and then
    its files' roles and names, as one."""
    names = "\n".join(w for w in map(asset_words, assets) if w)
    return read_all([text, names]) if names else read_all([text])


@dataclass(frozen=True)
class IdentityFinding:
    """Why a request puts someone's face or identity into media (empty: it does not)."""

    reasons: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.reasons)


def identity_finding(reading: Reading, assets: list[Asset], skill: Skill | None, route: Route | None) -> IdentityFinding:
    reasons: list[str] = []
    if skill is not None and skill.consent_required:
        reasons.append(f"{skill.name} puts a person's face into media")
    elif skill is None and route is not None:
        reasons.append("the skill of this route is unknown, so it is treated as a face swap")
    if reading.has("face_into_media"):
        reasons.append("the words ask to put a face or identity into a picture or clip: "
                       + ", ".join(f'"{s}"' for s in _said(reading)[:3]))
    faces = [a for a, clause in zip(assets, _asset_clauses(reading, assets)) if clause in reading.clauses("identity_word")
             ] if reading.has("identity_word") else []
    if faces and len(assets) >= 2:
        shown = ", ".join(a.url.rsplit("/", 1)[-1][:40] for a in faces[:2])
        reasons.append(f"a file given as a person's face or likeness ({shown}) goes with another picture or clip")
    return IdentityFinding(tuple(reasons))


def _asset_clauses(reading: Reading, assets: list[Asset]) -> list[int | None]:
    """The clause of each asset's line in `screened_text` (the last lines, one per asset with words)."""
    lines = [bool(asset_words(a)) for a in assets]
    clause = reading.folded.clause_count - sum(lines)
    out: list[int | None] = []
    for has_words in lines:
        out.append(clause if has_words else None)
        clause += has_words
    return out


def _said(reading: Reading) -> list[str]:
    """The words behind a face-into-media reading (not the rule that combined them)."""
    out = [s for name in ("face_swap_term", "face", "identity_ref", "lookalike", "replace", "put_into")
           for s in reading.said(name)]
    return list(dict.fromkeys(out))
