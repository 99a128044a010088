"""What each asset is (kind, role, hints from its name) and how a set of assets fits a route's slots.

Structured signals decide most requests before any keyword does: an audio track, a video next to a
portrait, three stills, a file named `me.jpg`. Kinds come from the caller, else the URL's extension
(also inside a query string), else the role or the file name. Roles the caller gives are trusted;
hints read from names are weaker and only order or tip a close call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, unquote

from runcomfy_skills.catalog.skill_docs import AssetSlot, Mode, Route
from runcomfy_skills.urls import split_or_none
from runcomfy_skills.models import Asset, AssetKind, kind_from_url

# Role words callers use → the role vocabulary of the skill documents.
_ROLE_SYNONYMS = {
    "selfie": "identity", "me": "identity", "person": "identity", "id": "identity", "headshot": "portrait",
    "face_reference": "face", "face_ref": "face", "source_face": "face", "likeness": "identity",
    "actor": "character", "subject": "character", "mascot": "character",
    "background": "scene", "base": "scene", "destination": "scene", "template": "scene", "still": "frame",
    "input": "source", "original": "source", "clip": "video", "footage": "video",
    "driving_video": "reference_video", "driving": "reference_video", "motion_reference": "reference_video",
    "motion_video": "reference_video", "dance": "performance",
    "music": "audio", "song": "audio", "track": "audio", "narration": "voiceover", "vo": "voiceover",
    "ref": "reference", "style_reference": "style", "replacement_image": "replacement",
    "matte": "mask", "alpha": "mask", "alpha_matte": "mask", "mask_video": "mask", "roto": "mask",
}
# Groups of doc roles: a slot's first role names the group that goes first in a list field.
IDENTITY_ROLES = {"identity", "character", "face", "portrait"}
SCENE_ROLES = {"scene", "target", "product", "sku", "frame", "frames", "source", "video"}
_ROLE_KIND: dict[str, AssetKind] = {
    **dict.fromkeys(("audio", "voice", "voiceover", "speech"), "audio"),
    **dict.fromkeys(("reference_video", "motion", "performance", "video"), "video"),
    **dict.fromkeys(("identity", "character", "face", "portrait", "frame", "frames", "product", "sku"), "image"),
}
# Words in a file name → (group, kind it implies or None).
_NAME_HINTS: dict[str, tuple[str, AssetKind | None]] = {
    **dict.fromkeys(("identity", "face", "faces", "selfie", "me", "myself", "mine", "myface", "headshot",
                     "portrait", "id", "avatar", "character", "char", "person", "actor", "talent", "hero",
                     "toon", "cartoon", "mascot", "spokesperson", "spokes", "myphoto"), ("identity", None)),
    **dict.fromkeys(("scene", "target", "poster", "bg", "background", "sku", "product", "base", "template",
                     "ad", "cover", "wedding", "painting", "panel", "lifestyle"), ("scene", None)),
    **dict.fromkeys(("frame", "frames", "still", "stills", "fr"), ("frame", "image")),
    **dict.fromkeys(("mask", "masks", "matte", "alpha", "roto", "segmentation"), ("mask", None)),
    **dict.fromkeys(("voice", "vo", "voiceover", "audio", "speech", "narration", "song", "music", "memo"),
                    ("audio", "audio")),
    **dict.fromkeys(("dance", "motion", "performance", "perf", "driving", "moves"), ("motion", "video")),
    **dict.fromkeys(("video", "clip", "vid", "footage", "movie"), ("video", "video")),
    **dict.fromkeys(("photo", "img", "image", "pic", "picture"), ("image", "image")),
}
_HINT_ROLE = {"identity": "identity", "scene": "scene", "frame": "frame", "audio": "audio",
              "motion": "reference_video", "mask": "mask"}
# "target-character.png" is a character, "identity-ref.jpg" an identity: the more telling word wins.
_HINT_PRIORITY = ("mask", "identity", "audio", "motion", "frame", "scene")
_WORD = re.compile(r"[a-z]+|[0-9]+")


def canonical_role(role: str | None) -> str | None:
    if not role:
        return None
    key = re.sub(r"[\s-]+", "_", role.strip().lower())
    return _ROLE_SYNONYMS.get(key, key)


@lru_cache(maxsize=1024)  # pure: each decision looks at the same files more than once
def _name_words(url: str) -> tuple[tuple[str, ...], AssetKind | None]:
    """Words of the file name (and query values), and a kind named by an extension hidden in the query."""
    parts = split_or_none(url)
    if parts is None:  # malformed: the consent gate rejects it; routing just learns nothing from it
        return (), None
    name = unquote(parts.path.rsplit("/", 1)[-1]).lower()
    query = [unquote(v).lower() for _, v in parse_qsl(parts.query)]
    kind = None
    for value in query:
        kind = kind or kind_from_url("https://x/" + value.rsplit("/", 1)[-1]) or _mime_kind(value)
    words = _WORD.findall(name.rsplit(".", 1)[0] if "." in name else name)
    return tuple(words), kind


def _mime_kind(value: str) -> AssetKind | None:
    major = value.split("/", 1)[0]
    if major in ("video", "image", "audio") and "/" in value:
        return major  # type: ignore[return-value]
    return {"mp4": "video", "mov": "video", "png": "image", "jpg": "image", "jpeg": "image", "webp": "image",
            "mp3": "audio", "wav": "audio"}.get(value)  # type: ignore[return-value]


@dataclass(frozen=True)
class AssetView:
    index: int  # position in the caller's list, 0-based
    asset: Asset
    kind: AssetKind | None
    kind_sure: bool  # given, or read from an extension; False when guessed from a role or a name
    role: str | None  # the caller's role, in the documents' vocabulary
    hint: str | None  # group read from the file name: identity, scene, frame, audio, motion, mask

    @property
    def role_or_hint(self) -> str | None:
        return self.role or (_HINT_ROLE.get(self.hint) if self.hint else None)

    def label(self) -> str:
        return f"asset {self.index + 1} ({self.asset.url.rsplit('/', 1)[-1][:40] or self.asset.url[:40]})"


def view_assets(assets: list[Asset]) -> list[AssetView]:
    views = []
    for i, asset in enumerate(assets):
        role = canonical_role(asset.role)
        words, query_kind = _name_words(asset.url)
        groups = {_NAME_HINTS[w][0] for w in words if w in _NAME_HINTS}
        hint = next((g for g in _HINT_PRIORITY if g in groups), None)
        name_kind = next((_NAME_HINTS[w][1] for w in words if w in _NAME_HINTS and _NAME_HINTS[w][1]), None)
        if hint is None and words and all(w.isdigit() for w in words):
            hint = "frame"  # 0001.png, 0002.png: a numbered frame stack
        kind = asset.resolved_kind or query_kind
        sure = kind is not None
        kind = kind or (_ROLE_KIND.get(role) if role else None) or name_kind
        views.append(AssetView(i, asset, kind, sure, role, hint))
    return views


def slot_group(slot: AssetSlot, role: str | None) -> int:
    """0 if the role belongs to the slot's leading group, 2 if to the other group, 1 when unknown."""
    if not role or not slot.roles:
        return 1
    lead = _group(slot.roles[0])
    if role in slot.roles:
        pos = slot.roles.index(role)
        first_other = next((i for i, r in enumerate(slot.roles) if _group(r) != lead), len(slot.roles))
        return 0 if pos < first_other else 2
    group = _group(role)
    if group is None:
        return 1
    return 0 if group == lead else 2


def _group(role: str) -> str | None:
    if role in IDENTITY_ROLES:
        return "identity"
    if role in SCENE_ROLES:
        return "scene"
    return None


@dataclass
class Fit:
    """How the caller's assets land in the slots of one mode of a route."""

    route: Route
    mode: Mode
    placed: list[list[AssetView]]  # one list per slot of `mode`, in its order
    extras: list[AssetView] = field(default_factory=list)  # no slot of their kind: this route cannot use them
    overflow: list[AssetView] = field(default_factory=list)  # a slot of their kind, but full: another call
    missing: list[tuple[AssetSlot, int]] = field(default_factory=list)
    role_hits: int = 0
    role_conflicts: int = 0
    hint_hits: int = 0
    hint_conflicts: int = 0
    guessed: int = 0
    atypical: list[AssetSlot] = field(default_factory=list)  # counts outside the slot's typical range

    @property
    def slots(self) -> tuple[AssetSlot, ...]:
        return self.mode.slots

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def exact(self) -> bool:
        return not self.missing and not self.extras and not self.overflow

    @property
    def unused(self) -> list[AssetView]:
        return sorted(self.extras + self.overflow, key=lambda v: v.index)


def fit_route(route: Route, views: list[AssetView], order_hints: dict[int, str] | None = None,
              prefer: Callable[[Mode], float] | None = None) -> Fit:
    """The route's best mode: by the files and the caller's roles, then `prefer` (the words), then
    hints read from file names, then the default."""
    fits = [_fit_mode(route, mode, views, order_hints) for mode in route.modes]
    if len(fits) == 1:
        return fits[0]
    return max(fits, key=lambda f: (*_structure(f), prefer(f.mode) if prefer else 0.0,
                                    f.hint_hits - f.hint_conflicts, f.mode.default))


def _structure(fit: Fit) -> tuple[float, ...]:
    """How well the files fit, best first: all placed, nothing missing, the caller's roles agreeing."""
    return (fit.exact, fit.complete, -len(fit.extras), -len(fit.overflow), -sum(n for _, n in fit.missing),
            -len(fit.atypical), fit.role_hits - fit.role_conflicts)


def _fit_mode(route: Route, mode: Mode, views: list[AssetView], order_hints: dict[int, str] | None) -> Fit:
    """Place every asset in a slot of its kind (role-matching slot first); the rest are extras."""
    slots = mode.slots
    placed: list[list[AssetView]] = [[] for _ in slots]
    fit = Fit(route, mode, placed)
    for view in sorted(views, key=lambda v: v.kind is None):  # files of unknown kind go last
        if view.kind:
            candidates = [i for i, s in enumerate(slots) if s.kind == view.kind]
        else:  # no kind at all: fill what is still short, then any room left
            candidates = [i for i, s in enumerate(slots) if len(placed[i]) < s.min] or list(range(len(slots)))
        target = _choose(slots, placed, view, candidates)
        if target is None:
            (fit.overflow if view.kind and candidates else fit.extras).append(view)
            continue
        placed[target].append(view)
        slot = slots[target]
        fit.guessed += not view.kind_sure
        if view.role:
            fit.role_hits += view.role in slot.roles
            fit.role_conflicts += view.role not in slot.roles
        elif view.hint and view.hint not in ("frame", "audio") and slot.roles:
            matched = _HINT_ROLE.get(view.hint) in slot.roles
            fit.hint_hits += matched
            fit.hint_conflicts += not matched
    hints = order_hints or {}
    for slot, files in zip(slots, placed):
        if len(files) > 1:
            files.sort(key=lambda v: slot_group(slot, v.role or hints.get(v.index) or _HINT_ROLE.get(v.hint or "")))
        if len(files) < slot.min:
            fit.missing.append((slot, slot.min - len(files)))
        elif not typical(slot, len(files)):
            fit.atypical.append(slot)
    return fit


def _choose(slots: tuple[AssetSlot, ...], placed: list[list[AssetView]], view: AssetView,
            candidates: list[int]) -> int | None:
    """The first open slot whose roles name the file's role; else the first one still short; else any open."""
    role = view.role_or_hint
    short = first = None
    for i in candidates:
        slot, count = slots[i], len(placed[i])
        if count >= slot.max:
            continue
        if role is not None and role in slot.roles:
            return i
        if short is None and count < slot.min:
            short = i
        if first is None:
            first = i
    return short if short is not None else first


def typical(slot: AssetSlot, count: int) -> bool:
    low = slot.min if slot.typical_min is None else slot.typical_min
    high = slot.max if slot.typical_max is None else slot.typical_max
    return low <= count <= high
