"""The router's cue lists (skill cues, avoid words, route picks, out-of-scope cues), compiled once per
catalog, and what of them a request's words say."""

from __future__ import annotations

from dataclasses import dataclass

from runcomfy_skills.catalog.skill_docs import Catalog, Route
from runcomfy_skills.routing.text import Hit, Phrase, PhraseIndex, Vocabulary, compile_phrases, phrase_words, split_refs
from runcomfy_skills.understanding import Reading, lexicon


@dataclass
class Cues:
    vocabulary: Vocabulary
    index: PhraseIndex
    group_of: dict[str, str]  # list label → skill name (for "most specific reading wins")
    role_owners: dict[str, set[str]]  # doc role → skills whose slots use it
    concepts: dict[str, tuple[str, ...]]  # list label → the concepts it names (`@remove`), read in any language
    entries: dict[str, frozenset[tuple[str, ...]]]  # list label → its entries (phrase stems, `("@name",)`)
    routes: tuple[Route, ...]  # every route of the catalog


_COMPILED: dict[int, tuple[Catalog, Cues]] = {}


def cues_for(catalog: Catalog) -> Cues:
    """The catalog's cue lists compiled (remembered for the last few catalogs)."""
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
    cues = Cues(Vocabulary(phrase_words(texts)), PhraseIndex(phrases), group_of, role_owners, concepts, entries,
                tuple(r for s in catalog.skills for r in s.routes))
    if len(_COMPILED) > 8:
        _COMPILED.clear()
    _COMPILED[id(catalog)] = (catalog, cues)
    return cues


Found = dict[str, list[Hit]]  # list label → its distinct phrases found in the text


def found_in(hits: list[Hit], reading: Reading, cues: Cues) -> Found:
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


def said_in(found: Found, label: str) -> tuple[float, list[str]]:
    """The weight and the phrases of one cue list's hits."""
    hits = found.get(label, ())
    return sum(h.phrase.weight for h in hits), [h.phrase.text for h in hits]


def quote(words: list[str]) -> str:
    return ", ".join(f'"{w}"' for w in words[:5])

