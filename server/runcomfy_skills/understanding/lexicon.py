"""The concept files (`concepts/*.yaml`, shipped in the wheel), compiled once into one lexicon.

A concept file holds word lists (`words:`) and concepts. Each concept says what it is about, its
terms per language (`terms: {en: [...], es: [...]}`), look-alikes that must not count
(`except:`), and may be derived from other concepts (`when:` lines, see `combine.py`). A
concept with `role: keep` marks what follows it in its clause as kept ("keep her face",
"sin cambiar la cara"); `role: kept` marks what precedes it ("…, face unchanged"); concepts with
`protect: true` do not count where they are only kept. `role: action` ends a kept stretch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from runcomfy_skills.understanding.combine import Condition, parse_condition
from runcomfy_skills.understanding.normalize import Folded, analyse, is_dense_term
from runcomfy_skills.understanding.patterns import (DenseIndex, Match, Term, TermError, TokenIndex, compile_term,
                                                   dense_pieces)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConceptSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = Field(min_length=8)
    role: Literal["keep", "kept", "action"] | None = None
    protect: bool = False
    terms: dict[str, list[str] | str] = {}
    except_: dict[str, list[str] | str] = Field(default={}, alias="except")
    when: list[str] = []


class ConceptFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: dict[str, list[str] | str] = {}
    concepts: dict[str, ConceptSpec]


def items(value: list[str] | str) -> list[str]:
    """A list as written: a YAML list, or one string of comma-separated items (easier to review)."""
    parts = value.split(",") if isinstance(value, str) else value
    return [str(p).strip() for p in parts if str(p).strip()]


@dataclass(frozen=True)
class Concept:
    name: str
    spec: ConceptSpec
    source: str
    derived: tuple[Condition, ...] = ()


class LexiconError(ValueError):
    """A concept file that cannot be used: names the file and the entry."""


@dataclass
class Reading:
    """What a text says, as concepts: each with the clauses it occurs in and the terms that said it."""

    folded: Folded
    hits: dict[str, list[Match]] = field(default_factory=dict)

    def clauses(self, concept: str) -> frozenset[int]:
        return frozenset(m.clause for m in self.hits.get(concept, ()))

    def has(self, concept: str) -> bool:
        return bool(self.hits.get(concept))

    def said(self, concept: str) -> list[str]:
        """The words that stated a concept, as written (folded); a derived one gives its rule."""
        out = []
        for m in self.hits.get(concept, ()):
            source = self.folded.dense if m.dense else self.folded.text
            out.append(source[m.start:m.end] if m.end > m.start else m.text)
        return list(dict.fromkeys(out))

    @property
    def concepts(self) -> frozenset[str]:
        return frozenset(k for k, v in self.hits.items() if v)

    @property
    def languages(self) -> frozenset[str]:
        """Languages whose terms were recognised (a term listed under `any` names none)."""
        return frozenset(m.lang for ms in self.hits.values() for m in ms if m.lang and m.lang != "any")


class Lexicon:
    def __init__(self, files: dict[str, ConceptFile]) -> None:
        words: dict[str, list[str]] = {}
        self.concepts: dict[str, Concept] = {}
        for source, data in files.items():
            for name, entries in data.words.items():
                if name in words:
                    raise LexiconError(f"{source}: word list {name!r} is defined twice")
                words[name] = items(entries)
            for name, spec in data.concepts.items():
                if name in self.concepts:
                    raise LexiconError(f"{source}: concept {name!r} is already defined in {self.concepts[name].source}")
                self.concepts[name] = Concept(name, spec, source)
        self.tokens = TokenIndex()
        self.dense = DenseIndex()
        self.order: list[str] = []  # derived concepts, in an order where each comes after what it uses
        for concept in self.concepts.values():
            for negative, table in ((False, concept.spec.terms), (True, concept.spec.except_)):
                for lang, terms in table.items():
                    for text in items(terms):
                        self._add(concept, text, words, negative, lang)
        self._derive()

    def _add(self, concept: Concept, text: str, words: dict[str, list[str]], negative: bool, lang: str) -> None:
        where = f"{concept.source}: {concept.name} ({lang})"
        try:
            if is_dense_term(text) and "{" not in text and "|" not in text:
                self.dense.add(Term(concept.name, text, (), negative, lang), dense_pieces(text))
            else:
                for term in compile_term(concept.name, text, words, negative=negative, lang=lang, where=where):
                    self.tokens.add(term)
        except TermError as exc:
            raise LexiconError(str(exc) if str(exc).startswith(where) else f"{where}: {exc}") from None

    def _derive(self) -> None:
        pending = {n: c for n, c in self.concepts.items() if c.spec.when}
        for name, concept in pending.items():
            try:
                conds = tuple(parse_condition(line, self.concepts, f"{concept.source}: {name}") for line in concept.spec.when)
            except ValueError as exc:
                raise LexiconError(str(exc)) from None
            self.concepts[name] = Concept(name, concept.spec, concept.source, conds)
        done: set[str] = set()
        while pending:
            ready = [n for n in pending if all(u in done or u not in pending or u == n
                                               for c in self.concepts[n].derived for u in c.names())]
            if not ready:
                raise LexiconError(f"derived concepts depend on each other in a circle: {sorted(pending)}")
            for n in ready:
                self.order.append(n)
                done.add(n)
                del pending[n]

    def read(self, text: str) -> Reading:
        """Every concept the text states (linear in the text's length)."""
        folded = analyse(text)
        found: dict[str, list[Match]] = {}
        negatives: dict[str, list[Match]] = {}
        for match in (*self.tokens.find(folded), *self.dense.find(folded)):
            (negatives if match.negative else found).setdefault(match.concept, []).append(match)
        for name, nots in negatives.items():
            if name in found:
                found[name] = [m for m in found[name] if not any(n.dense == m.dense and n.start <= m.start
                                                                 and m.end <= n.end for n in nots)]
        self._protect(found, folded)
        reading = Reading(folded, {k: v for k, v in found.items() if v})
        for name in self.order:
            for cond in self.concepts[name].derived:
                clause = cond.where(reading)
                if clause is not None:
                    reading.hits.setdefault(name, []).append(Match(name, f"({cond.text})", 0, 0, clause, False, False))
        return reading

    def _protect(self, found: dict[str, list[Match]], folded: Folded) -> None:
        """Drop `protect` concepts where a keep word says they stay as they are (up to a comma or a 'but')."""
        roles = {n: c.spec.role for n, c in self.concepts.items() if c.spec.role}
        keeps = [m for n, ms in found.items() if roles.get(n) in ("keep", "kept") for m in ms]
        if not keeps:
            return
        actions = [m for n, ms in found.items() if roles.get(n) == "action" for m in ms]
        spans: list[tuple[bool, int, int, int]] = []  # (dense, clause, start, end)
        for k in keeps:
            stops = [a.start for a in actions if a.dense == k.dense and a.clause == k.clause]
            stops += folded.dense_breaks if k.dense else folded.breaks
            if roles[k.concept] == "keep":
                spans.append((k.dense, k.clause, k.end, min((s for s in stops if s >= k.end), default=1 << 30)))
            else:
                ends = [a.end for a in actions if a.dense == k.dense and a.clause == k.clause and a.end <= k.start]
                ends += [b + 1 for b in (folded.dense_breaks if k.dense else folded.breaks) if b < k.start]
                spans.append((k.dense, k.clause, max(ends, default=-1), k.start))
        for name, ms in found.items():
            if self.concepts[name].spec.protect:
                found[name] = [m for m in ms if not any(d == m.dense and c == m.clause and s <= m.start and m.end <= e
                                                        for d, c, s, e in spans)]


def _load_files() -> dict[str, ConceptFile]:
    folder = resources.files("runcomfy_skills.understanding") / "concepts"
    files: dict[str, ConceptFile] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        try:
            files[entry.name] = ConceptFile.model_validate(yaml.load(entry.read_text(encoding="utf-8"), Loader=_Loader))
        except (yaml.YAMLError, ValidationError) as exc:
            raise LexiconError(f"concepts/{entry.name}: {str(exc).splitlines()[0]} ({exc})") from None
    return files


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicon, compiled on first use."""
    return Lexicon(_load_files())
