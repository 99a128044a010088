"""Warnings for a per-route tool called with a body its route is wrong for.

An agent may skip `plan` and call a route tool directly: a .mp4 in Seedream's frame list, one image
for GPT Image 2 (which needs a scene and a face), a video for an image-only route. The body may
still be schema-valid, so these are warnings, each naming the better route where one exists.
"""

from __future__ import annotations

from typing import Any

from runcomfy_skills.catalog.skill_docs import Catalog, Route
from runcomfy_skills.models import Asset, kind_from_url
from runcomfy_skills.routing.assets import fit_route, typical, view_assets
from runcomfy_skills.routing.text import PhraseIndex, TextView, compile_phrases, split_refs
from runcomfy_skills.understanding import Reading, read


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def check_fit(catalog: Catalog, route: Route | str, body: dict[str, Any]) -> list[str]:
    """Plain-words warnings about files of the wrong kind or count, and requests the route is avoided for."""
    route = catalog.route(route) if isinstance(route, str) else route
    warnings: list[str] = []
    assets: list[Asset] = []
    for slot in route.slots:
        value = body.get(slot.field)
        urls = [value] if isinstance(value, str) else [u for u in value if isinstance(u, str)] if isinstance(value, list) else []
        usable = 0
        for i, url in enumerate(urls):
            kind = kind_from_url(url)
            assets.append(Asset(url=url, kind=kind or slot.kind))
            where = f"`{slot.field}[{i}]`" if isinstance(value, list) else f"`{slot.field}`"
            if kind and kind != slot.kind:
                warnings.append(f"{where} looks like {_article(kind)} {kind} file ({url.rsplit('/', 1)[-1][:40]}); "
                                f"{route.title} expects {_article(slot.kind)} {slot.kind} file there.")
            else:
                usable += 1
        if usable < len(urls):
            continue  # the wrong kind is the problem; a count warning would say it twice
        if urls and usable < slot.min:
            warnings.append(f"`{slot.field}` has {usable} {slot.kind} file{'s' if usable != 1 else ''}; "
                            f"{route.title} needs at least {slot.min}.")
        elif usable > slot.max:
            warnings.append(f"`{slot.field}` has {usable} {slot.kind} files; {route.title} takes at most {slot.max} "
                            "per call.")
        elif urls and not typical(slot, usable):
            low = slot.min if slot.typical_min is None else slot.typical_min
            high = slot.max if slot.typical_max is None else slot.typical_max
            span = str(low) if low == high else f"{low} to {high}"
            warnings.append(f"`{slot.field}` has {usable} {slot.kind} file{'s' if usable != 1 else ''}; "
                            f"{route.title} is meant for {span}.")
    if warnings and assets:
        better = _better_route(catalog, route, assets)
        if better:
            warnings.append(better)
    prompt = body.get("prompt")
    if isinstance(prompt, str):
        warnings += _avoided_words(catalog, route, prompt, assets)
    return warnings


def _better_route(catalog: Catalog, route: Route, assets: list[Asset]) -> str | None:
    """A route of the same skill that takes these files exactly; else one that takes their kinds."""
    views = view_assets(assets)
    fits = [(r, fit_route(r, views)) for r in catalog.routes if r.skill == route.skill and r is not route]
    exact = next((r for r, f in fits if f.exact and not f.atypical), None)
    if exact:
        return f"These files fit `{exact.tool}` ({exact.title}) exactly."
    for r, f in fits:
        if not f.extras:
            need = "; ".join(f"{n} more {s.kind} file{'s' if n > 1 else ''} for `{s.field}`" for s, n in f.missing)
            return f"For these files try `{r.tool}` ({r.title}), which also needs {need}."
    return None


def _said(items: tuple[str, ...], view: TextView, reading: Reading) -> set[str]:
    """The list's words found in the prompt; else the concepts it names that the prompt states (any language)."""
    words, concepts = split_refs(items)
    found = {h.phrase.text for h in PhraseIndex(compile_phrases(words, "list")).find(view)}
    return found or {f"@{c}" for c in concepts if reading.has(c)}


def _avoided_words(catalog: Catalog, route: Route, prompt: str, assets: list[Asset]) -> list[str]:
    view, reading = TextView(prompt), read(prompt)
    avoided = _said(route.avoid, view, reading)
    if not avoided:
        return []
    views = view_assets(assets)
    for other in catalog.skill(route.skill).routes:
        if other is route or not fit_route(other, views).complete:
            continue
        picked = _said(other.pick, view, reading)
        if picked & avoided:
            words = ", ".join(f'"{w}"' if not w.startswith("@") else ", ".join(f'"{x}"' for x in reading.said(w[1:]))
                              for w in sorted(avoided))
            return [f"{route.title} is not meant for prompts that say {words}; `{other.tool}` ({other.title}) is."]
    return []
