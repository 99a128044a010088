"""Word senses: a word that states a concept in one sense and means something harmless in another.

Brazilian "pelada" is naked and a pickup football game; Czech "tvar" is "tvář" (face) typed without
its accents and "shape". A concept file's `senses:` entry names such words and the concepts that
mark the other sense (`unless`): where one of them is stated near the word (in its clause, the
whole text, or within a few words), the word states nothing (or nothing of the `concepts` listed).

    senses:
      pelada_football:
        about: pt-BR "pelada" is also a pickup football game
        words: {pt: "pelada, peladas, peladinha"}
        unless: [football]
        within: clause          # or text, or a number of words between (characters in a spaceless script)

The context concepts are ordinary concepts, found in the same pass as everything else; a request
without any of them costs one set test.

A spaceless script has no spaces to end a word, so a term can sit inside a longer word: Chinese 延长
(lengthen) inside 延长线 (an extension cord), 加速 (speed up) inside 加速器 (an accelerator). The
`compound_word` concept lists such longer words; a match of a spaceless-script term lying inside one
of them is a part of that word, not a word of its own (`drop_compound_parts`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator

from runcomfy_skills.understanding.normalize import Folded, fold, is_dense_term, strip_accents
from runcomfy_skills.understanding.patterns import Match

COMPOUND = "compound_word"


class SenseSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = Field(min_length=8)
    words: dict[str, list[str] | str]
    unless: list[str] = Field(min_length=1)
    concepts: list[str] = []  # the concepts the word then does not state (all when empty)
    within: int | str = "clause"

    @field_validator("within")
    @classmethod
    def _scope(cls, value: int | str) -> int | str:
        if isinstance(value, int) and value < 0 or isinstance(value, str) and value not in ("clause", "text"):
            raise ValueError("`within` is clause, text or a number of words (0: the next word)")
        return value


@dataclass(frozen=True)
class _Rule:
    unless: frozenset[str]
    concepts: frozenset[str]  # empty: every concept
    within: int | str


class Senses:
    """Every `senses:` entry, by word (token words) or as a list (words of spaceless scripts)."""

    def __init__(self, entries: list[tuple[SenseSpec, list[str]]]) -> None:
        """`entries`: each spec with its words as listed (all languages)."""
        self._words: dict[str, list[_Rule]] = {}
        self._dense: list[tuple[str, _Rule]] = []
        for spec, words in entries:
            rule = _Rule(frozenset(spec.unless), frozenset(spec.concepts), spec.within)
            for word in words:
                folded = fold(word).strip()
                if is_dense_term(folded):
                    self._dense.append((folded, rule))
                else:
                    for spelling in {folded, strip_accents(folded)}:
                        self._words.setdefault(spelling, []).append(rule)
        self._context = frozenset(c for rules in self._words.values() for r in rules for c in r.unless) | frozenset(
            c for _, r in self._dense for c in r.unless)

    def drop(self, found: dict[str, list[Match]], folded: Folded) -> None:
        """Take out, in place, the matches whose word is meant in its other sense here."""
        if self._context.isdisjoint(found):
            return  # the common case: no context of another sense is stated
        for name, matches in found.items():
            kept = [m for m in matches if not self._other_sense(name, m, found, folded)]
            if len(kept) != len(matches):
                found[name] = kept

    def beside(self, names: dict[str, list[Match]], request: Mapping[str, list[Match]]) -> dict[str, list[Match]]:
        """The matches of a file's name or role read beside its request: a word of the name is meant in its
        other sense where the request or the name states that sense anywhere ("pelada.mp4" beside "the
        goalkeeper of our Sunday game"). A request's own words never take their sense from a file name."""
        if self._context.isdisjoint(names) and self._context.isdisjoint(request):
            return names
        either = {**names, **{k: [*names.get(k, ()), *v] for k, v in request.items()}}
        out = {name: [m for m in matches if not any(c in either for rule in self._rules(name, m) for c in rule.unless)]
               for name, matches in names.items()}
        return {k: v for k, v in out.items() if v}

    def _rules(self, name: str, match: Match) -> list[_Rule]:
        """The sense rules of the words of a match that concern its concept."""
        if match.dense:
            rules = [r for word, r in self._dense if word in match.found]
        else:
            rules = [r for w in match.found.split() for s in {w, strip_accents(w)} for r in self._words.get(s, ())]
        # the other sense's own words stay; a rule may concern some concepts only
        return [r for r in rules if name not in r.unless and (not r.concepts or name in r.concepts)]

    def _other_sense(self, name: str, match: Match, found: Mapping[str, list[Match]], folded: Folded) -> bool:
        return any(_near(match, c, rule.within, folded)
                   for rule in self._rules(name, match) for context in rule.unless for c in found.get(context, ()))


def _near(word: Match, context: Match, within: int | str, folded: Folded) -> bool:
    if within == "text":
        return True
    if context.dense != word.dense or context.clause != word.clause:
        return False
    if within == "clause":
        return True
    text = folded.dense if word.dense else folded.text
    left, right = (word, context) if word.end <= context.start else (context, word)
    if right.start < left.end:
        return True  # overlapping
    between = text[left.end:right.start]
    return (len(between) if word.dense else len(between.split())) <= int(within)


def drop_compound_parts(found: dict[str, list[Match]]) -> None:
    """Take out, in place, the spaceless-script matches lying inside a longer listed word (`COMPOUND`): the
    longest word wins. The compound words themselves state nothing and leave too."""
    words = found.pop(COMPOUND, None)
    if not words:
        return
    spans = [(w.clause, w.start, w.end) for w in words if w.dense]
    for name, matches in found.items():
        kept = [m for m in matches if not (m.dense and any(c == m.clause and s <= m.start and m.end <= e
                                                           and m.end - m.start < e - s for c, s, e in spans))]
        if len(kept) != len(matches):
            found[name] = kept
