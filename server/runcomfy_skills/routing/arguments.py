"""Request body for a chosen route: assets in their fields, and the prompting help the skills ask for.

- Video edits lead with the skill's preservation clause unless the caller already said so.
- Multi-image routes name each image by number and role ("Image 1 is the scene to edit; image 2 is
  the face reference"), with the slot's leading role group first (scene first for GPT Image 2,
  identity first for Nano Banana 2).
- A compound edit ("remove the logo, then change the sky") is split into one change per call.
Nothing is guessed: a slot without a file, or a required field without a value, is named as missing.
"""

from __future__ import annotations

import re
from typing import Any

from runcomfy_skills.catalog.skill_docs import AssetSlot, Route, Skill
from runcomfy_skills.routing.assets import Fit, IDENTITY_ROLES, SCENE_ROLES, slot_group
from runcomfy_skills.catalog.schema_table import asset_kind

_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "fifth": 5, "5th": 5, "last": -1}
_NOUN = r"(?:image|img|photo|pic|picture|one|file|shot|frame)s?"
_REF = re.compile(
    rf"\b(?:{_NOUN}\s*#?\s*(\d{{1,2}})\b|(?:the\s+)?({'|'.join(_ORDINALS)})(?:\s+{_NOUN}\b|(?=\s*(?:[.,;!?]|$))))"
)
_REF_ANY_CASE = re.compile(
    rf"\b(?:{_NOUN}\s*#?\s*(\d{{1,2}})\b|the\s+({'|'.join(_ORDINALS)})\s+{_NOUN}\b)", re.I
)
_ID_WORDS = r"(?:me|my|mine|myself|face|identity|likeness|reference|headshot|portrait|selfie|brother|sister|" \
            r"friend|him|her|spokesperson|person|guy|girl|man|woman|character|actor)"
_SCENE_WORDS = r"(?:scene|target|background|poster|base|template|destination|photo to edit|one to edit|" \
               r"picture to edit|image to edit|shot to edit|setting)"
_COPULA_AFTER = re.compile(r"^\s*(?:is|=|:|->|shows|has|contains|as)\s+(?:the\s+|a\s+|an\s+|my\s+)?(\w+(?:\s+\w+)?)")
_USE_AS = re.compile(r"\buse\s+$")
_EDIT_START = re.compile(
    r"^(?:remove|erase|delete|replace|swap|change|make|turn|add|give|restyle|convert|take|get rid|clean|blur|"
    r"hide|paint|recolou?r|insert|transform|fix|put|cut out)\b"
)
_FILLERS = re.compile(r"^(?:(?:and|then|also|first|firstly|next|finally|afterwards|after that|please|pls|plz|"
                      r"can you|could you|would you|can u|i want you to|i'd like you to|lastly|second|secondly)"
                      r"[\s,:]+)+")
_OPTIONS_ONLY = re.compile(r"^(?:make|render|export|output)\s+(?:it|the\s+\w+)?\s*(?:in\s+|at\s+)?(?:\d+p|\d+k|"
                           r"\d+:\d+|hd|full hd|uhd)\b")
_KEEP_START = re.compile(r"^(?:keep|preserve|maintain|retain|leave|don'?t (?:change|touch)|do not (?:change|touch))\b")
_SPLIT = re.compile(r"(?:[.;!?]+\s+|[.;!?]+$|,\s*|\s+\band\b\s+|\s+\bthen\b\s+|\s+\bafter that\b\s+|\s+\balso\b\s+)",
                    re.I)
_SOUND_ON = re.compile(r"\bkeep(?:ing)?\s+(?:the\s+)?(?:original\s+)?(?:sound|audio)\b")
_SOUND_OFF = re.compile(r"\b(?:mute|muted|no sound|no audio|silent|without (?:the\s+)?(?:original\s+)?(?:sound|audio)|"
                        r"(?:drop|remove|lose) the (?:original\s+)?(?:sound|audio))\b")
_ORIENTATION = re.compile(r"\b(?:orientation|framing|pose)\s+(?:of|from)\s+the\s+(image|video)|\b(image|video)['’]?s?\s+"
                          r"(?:orientation|framing)\b")
_RATIO = re.compile(r"\b(21:9|16:9|9:16|4:3|3:4|3:2|2:3|1:1|5:4|4:5)\b")
_SEED = re.compile(r"\bseed\s*[:=#]?\s*(\d{1,10})\b")
_ALREADY_PRESERVED = re.compile(
    r"(?:preserve|keep|leave)\s+(?:all\s+)?(?:the\s+)?(?:other|everything else|rest)|"
    r"(?:don'?t|do not)\s+change\s+anything\s+else|change nothing else|"
    r"(?:preserve|keep|maintain)\s+(?:the\s+|image \d+'?s?\s+|each \w+'?s?\s+)?(?:pose|clothing|lighting|background)"
)
_ALREADY_MATCHED = re.compile(r"\bmatch\w*\b[^.;]*\b(?:lighting|light|skin tone)")


def ordinal_roles(text: str, count: int) -> dict[int, str]:
    """Which image the words call the face and which the scene: 'the face from image 2', 'my photo is the second one'."""
    low = text.lower()
    out: dict[int, str] = {}
    for m in _REF.finditer(low):
        n = int(m.group(1)) if m.group(1) else _ORDINALS[m.group(2)]
        index = count - 1 if n == -1 else n - 1
        if not 0 <= index < count:
            continue
        before, after = low[max(0, m.start() - 60) : m.start()], low[m.end() : m.end() + 40]
        group = _classify(before, after)
        if group:
            out.setdefault(index, group)
    return out


def renumber(text: str, new_position: dict[int, int], count: int) -> str:
    """Rewrite 'image 2' / 'the first photo' to the numbers the images have after reordering."""

    def swap(m: re.Match[str]) -> str:
        n = int(m.group(1)) if m.group(1) else _ORDINALS[m.group(2).lower()]
        old = count - 1 if n == -1 else n - 1
        if old not in new_position:
            return m.group(0)
        return f"image {new_position[old] + 1}"

    return _REF_ANY_CASE.sub(swap, text)


def _classify(before: str, after: str) -> str | None:
    words_before = before.split()[-6:]
    tail = " ".join(words_before)
    if (cop := _COPULA_AFTER.match(after)) and (_USE_AS.search(before) is None):
        said = cop.group(1)
        if re.match(_SCENE_WORDS, said):
            return "scene"
        if re.match(_ID_WORDS, said):
            return "identity"
    if _USE_AS.search(before) and (m := re.match(r"^\s*as\s+(?:the\s+|a\s+|my\s+)?(\w+)", after)):
        return "scene" if re.match(_SCENE_WORDS, m.group(1)) else "identity"
    if re.search(rf"\b{_ID_WORDS}\b.*\b(?:is|=)\s*$", tail):
        return "identity"
    if re.search(rf"\b{_SCENE_WORDS}\b.*\b(?:is|=)\s*$", tail):
        return "scene"
    if re.search(r"\bfrom\s*$", tail) or re.search(rf"\bwith\b.*\b{_ID_WORDS}\b", tail):
        return "identity"
    if re.search(r"\b(?:in|into|onto|on|to|of)\s*$", tail):
        return "scene"
    return None


def split_edits(text: str) -> list[str]:
    """One entry per change when the text asks for several ('remove A, then replace B'); else [text]."""
    parts = [p.strip() for p in _SPLIT.split(text) if p and p.strip()]
    edits: list[list[str]] = []
    keeps: list[str] = []
    prefix: list[str] = []
    for part in parts:
        bare = _FILLERS.sub("", part.lower()).strip()
        if _KEEP_START.match(bare):
            keeps.append(part)
        elif _EDIT_START.match(bare) and not _OPTIONS_ONLY.match(bare) and not bare.startswith("make sure"):
            edits.append([part])
        elif edits:
            edits[-1].append(part)
        else:
            prefix.append(part)
    if len(edits) < 2:
        return [text]
    steps = []
    for i, edit in enumerate(edits):
        words = (prefix if i == 0 else []) + edit + keeps
        sentence = _FILLERS.sub("", " ".join(words[:1]).strip()) if i else " ".join(words[:1])
        rest = ", ".join(words[1:])
        steps.append(_sentence(sentence + (", " + rest if rest else "")))
    return steps


def _sentence(text: str) -> str:
    text = text.strip(" ,")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def build_arguments(
    route: Route, skill: Skill, fit: Fit, text: str, order_hints: dict[int, str]
) -> tuple[dict[str, Any], list[str], list[str]]:
    """(arguments, missing inputs, warnings) for one route; arguments validate when nothing is missing."""
    props = route.input_schema["properties"]
    args: dict[str, Any] = {}
    missing: list[str] = []
    warnings: list[str] = []
    numbering = ""
    for slot, views in zip(fit.slots, fit.placed):
        urls = [v.asset.url for v in views]
        if urls:
            args[slot.field] = urls if props[slot.field].get("type") == "array" else urls[0]
        if _mixed_roles(slot) and len(views) >= 2:
            groups = [slot_group(slot, v.role or order_hints.get(v.index) or _hint_role(v.hint)) for v in views]
            numbering = _numbering(slot, groups)
            if all(g == 1 for g in groups):
                warnings.append(
                    f"No role was given for the images in `{slot.field}`; assumed image 1 is "
                    f"{'the scene to edit' if _lead_is_scene(slot) else 'the identity (face reference)'}. "
                    "Set `role` (identity / scene) on each asset to be sure."
                )
            if [v.index for v in views] != sorted(v.index for v in views):
                warnings.append(f"Reordered the images in `{slot.field}`: {_lead_words(slot)} first, as this route "
                                "expects; image numbers in the prompt follow the new order.")
                total = sum(map(len, fit.placed)) + len(fit.unused)
                text = renumber(text, {v.index: pos for pos, v in enumerate(views)}, total)
    for name, value in fit.mode.set_fields.items():
        if name in props:
            args[name] = value
    for slot, short in fit.missing:
        missing.append(_missing_slot(slot, short, props[slot.field]))
    if "prompt" in props:
        prompt = _prompt(skill, route, text, numbering)
        if prompt:
            limit = props["prompt"].get("maxLength")
            if limit and len(prompt) > limit:
                missing.append(f"prompt: a shorter instruction (at most {limit} characters; yours has {len(prompt)})")
            else:
                args["prompt"] = prompt
        elif "prompt" in route.input_schema["required"]:
            missing.append("prompt: the edit, in words")
    _options(props, text, args)
    for name in route.input_schema["required"]:
        if name not in args and "default" in props[name]:
            args[name] = props[name]["default"]
        elif name not in args and name != "prompt" and not asset_kind(props[name]):
            missing.append(f"{name}: a value (required by RunComfy's catalog for this route)")
    return args, missing, warnings


def _hint_role(hint: str | None) -> str | None:
    return {"identity": "identity", "scene": "scene", "frame": "frame"}.get(hint or "")


def _mixed_roles(slot: AssetSlot) -> bool:
    """A list slot that takes both a face and scenes: its images must be numbered in the prompt."""
    return slot.max > 1 and bool(IDENTITY_ROLES & set(slot.roles)) and bool(SCENE_ROLES & set(slot.roles))


def _lead_is_scene(slot: AssetSlot) -> bool:
    return slot.roles[0] in SCENE_ROLES


def _lead_words(slot: AssetSlot) -> str:
    return "the scene" if _lead_is_scene(slot) else "the identity"


def _numbering(slot: AssetSlot, groups: list[int]) -> str:
    n = len(groups)
    rest = "image 2" if n == 2 else f"images 2–{n}"
    verb = "is" if n == 2 else "are"
    if _lead_is_scene(slot):
        return f"Image 1 is the scene to edit; {rest} {verb} the face reference{'s' if n > 2 else ''}."
    return f"Image 1 is the identity (the face to use); {rest} {verb} the scene{'s' if n > 2 else ''} to edit."


def _prompt(skill: Skill, route: Route, text: str, numbering: str) -> str:
    body = " ".join(text.split())
    if not body:
        return ""
    body = body[0].upper() + body[1:]
    parts = []
    if numbering and not re.search(r"\bimage\s*1\s+is\b", body.lower()):
        parts.append(numbering)  # roles first, so the clauses below can say "image 1"
    clause = route.preserve_clause if isinstance(route.preserve_clause, str) else (
        skill.preserve_clause if route.preserve_clause else None)
    if clause and not _ALREADY_PRESERVED.search(body.lower()):
        parts.append(clause)
    tail = route.match_clause if route.match_clause and not _ALREADY_MATCHED.search(body.lower()) else None
    parts.append(body + "." if tail and not body.endswith((".", "!", "?")) else body)
    if tail:
        parts.append(tail)
    return " ".join(parts)


def _missing_slot(slot: AssetSlot, short: int, prop: dict[str, Any]) -> str:
    if prop.get("type") == "array":
        what = f"{short} more {slot.kind} file{'s' if short > 1 else ''}"
    else:
        what = f"{'an' if slot.kind[0] in 'aeiou' else 'a'} {slot.kind} file"
    note = prop.get("description", "").split(" Unverified:")[0].strip()
    return f"{slot.field}: {what}" + (f" — {note}" if note else "")


def _options(props: dict[str, Any], text: str, args: dict[str, Any]) -> None:
    """Settings the caller spelled out in words: 1080p, 16:9, 4K, a seed, keeping the original sound."""
    low = text.lower()
    tokens = set(re.findall(r"[a-z0-9_.:]+", low))
    for name, prop in props.items():
        if name in args or asset_kind(prop):
            continue
        enum = prop.get("enum")
        if prop.get("type") == "string" and enum:
            hit = next((v for v in enum if any(c.isdigit() for c in v) and v.lower() in tokens), None)
            if hit is None and "origin" in enum and _SOUND_ON.search(low):
                hit = "origin"
            if hit is None and set(enum) == {"image", "video"} and (m := _ORIENTATION.search(low)):
                hit = m.group(1) or m.group(2)
            if hit is not None:
                args[name] = hit
        elif prop.get("type") == "string" and "pattern" in prop and (m := _RATIO.search(low)):
            if re.match(prop["pattern"], m.group(1)):
                args[name] = m.group(1)
        elif prop.get("type") == "boolean" and any(w in name for w in ("sound", "audio")):
            if _SOUND_OFF.search(low):
                args[name] = False
            elif _SOUND_ON.search(low):
                args[name] = True
        elif prop.get("type") == "integer" and name == "seed" and (m := _SEED.search(low)):
            value = int(m.group(1))
            if prop.get("minimum", 0) <= value <= prop.get("maximum", 2**31 - 1):
                args[name] = value
