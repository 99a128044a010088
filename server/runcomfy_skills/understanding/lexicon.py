"""The concept files (`concepts/*.yaml`, shipped in the wheel), compiled once into one lexicon.

A concept file holds word lists (`words:`) and concepts. Each concept says what it is about, its
terms per language (`terms: {en: [...], es: [...]}`), look-alikes that must not count
(`except:`), and may be derived from other concepts (`when:` lines, see `combine.py`). A
concept with `role: keep` marks what follows it in its clause as kept ("keep her face",
"sin cambiar la cara"); `role: kept` marks what precedes it ("…, face unchanged"); concepts with
`protect: true` do not count where they are only kept. `role: action` ends a kept stretch. An
entry with `extends: true` adds terms and exceptions to a concept another file defines (more
languages, slang); it cannot change what the concept is.
"""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field, replace
from collections.abc import Set
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from runcomfy_skills.understanding.combine import Condition, parse_condition
from runcomfy_skills.understanding.languages import FALSE_FRIEND, FUNCTION_WORD, drop_false_friends, little_words
from runcomfy_skills.understanding.names import names_someone
from runcomfy_skills.understanding.normalize import Folded, Token, analyse, is_dense_term, strip_accents
from runcomfy_skills.understanding.matchers import DenseIndex, TokenIndex
from runcomfy_skills.understanding.patterns import Match, Term, TermError, WordLists, compile_term, dense_pieces
from runcomfy_skills.understanding.senses import Senses, SenseSpec
from runcomfy_skills.understanding.typos import MIN_LENGTH, Typos

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NAMED = "named_person"  # also said by a capitalised name in the text as written (names.py)


class ConceptSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    about: str = ""
    extends: bool = False  # more terms for a concept another file defines (more languages, slang)
    role: Literal["keep", "kept", "action"] | None = None
    protect: bool = False
    terms: dict[str, list[str] | str] = {}
    except_: dict[str, list[str] | str] = Field(default={}, alias="except")
    when: list[str] = []

    @model_validator(mode="after")
    def _says_what_it_is(self) -> ConceptSpec:
        if self.extends and (self.role or self.protect or self.when):
            raise ValueError("an `extends` entry only adds terms and exceptions (no role, protect or when)")
        if not self.extends and len(self.about) < 8:
            raise ValueError("`about` must say what the concept is (8 characters at least)")
        return self


class ConceptFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: dict[str, list[str] | str] = {}
    concepts: dict[str, ConceptSpec] = {}
    senses: dict[str, SenseSpec] = {}  # words meant otherwise near some concepts (senses.py)


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
    base: dict[str, list[Match]] = field(default_factory=dict, repr=False)  # before derived concepts
    _clauses: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)

    def clauses(self, concept: str) -> frozenset[int]:
        found = self._clauses.get(concept)
        if found is None:
            found = self._clauses[concept] = frozenset(m.clause for m in self.hits.get(concept, ()))
        return found

    def add(self, match: Match) -> None:
        found = self.hits.get(match.concept)
        if found is None or found is self.base.get(match.concept):  # `base` keeps its own list
            self.hits[match.concept] = [*(found or ()), match]
        else:
            found.append(match)
        self._clauses.pop(match.concept, None)

    def has(self, concept: str) -> bool:
        return concept in self.hits

    def present(self) -> Set[str]:
        """The concepts stated (each has at least one hit)."""
        return self.hits.keys()

    def said(self, concept: str) -> list[str]:
        """The words that stated a concept, as written (folded); a derived one gives its rule."""
        return list(dict.fromkeys(m.found or m.text for m in self.hits.get(concept, ())))

    def words(self) -> frozenset[str]:
        """The words (accents off) that stated some concept: text another reader should take as read (a word
        read as a typo of a term word is not: the other reader repairs typos toward its own words)."""
        return frozenset(strip_accents(w) for ms in self.hits.values() for m in ms if not m.dense
                         for w in m.found.split() if w not in self.folded.repaired)

    @property
    def concepts(self) -> frozenset[str]:
        return frozenset(k for k, v in self.hits.items() if v)

    @property
    def languages(self) -> frozenset[str]:
        """Languages whose terms were recognised (a term listed under `any` names none)."""
        return frozenset(m.lang for ms in self.hits.values() for m in ms if m.lang and m.lang != "any")


class Lexicon:
    def __init__(self, files: dict[str, ConceptFile]) -> None:
        words = WordLists()
        self.concepts: dict[str, Concept] = {}
        extensions: list[Concept] = []
        for source, data in files.items():
            for name, entries in data.words.items():
                if name in words:
                    raise LexiconError(f"{source}: word list {name!r} is defined twice")
                words[name] = items(entries)
            for name, spec in data.concepts.items():
                if spec.extends:
                    extensions.append(Concept(name, spec, source))
                elif name in self.concepts:
                    raise LexiconError(f"{source}: concept {name!r} is already defined in {self.concepts[name].source}")
                else:
                    self.concepts[name] = Concept(name, spec, source)
        for extension in extensions:
            if extension.name not in self.concepts:
                raise LexiconError(f"{extension.source}: {extension.name!r} extends a concept no file defines")
        self._roles = {n: c.spec.role for n, c in self.concepts.items() if c.spec.role}
        little: dict[str, list[str]] = {}
        for data in files.values():
            for spec in (data.concepts.get(FUNCTION_WORD), data.concepts.get(FALSE_FRIEND)):
                for lang, terms in (spec.terms.items() if spec else ()):
                    little.setdefault(lang, []).extend(items(terms))
        self._little = little_words(little)
        self.tokens = TokenIndex()
        self.dense = DenseIndex()
        self.order: list[str] = []  # derived concepts, in an order where each comes after what it uses
        for concept in (*self.concepts.values(), *extensions):
            for negative, table in ((False, concept.spec.terms), (True, concept.spec.except_)):
                for lang, terms in table.items():
                    for text in items(terms):
                        self._add(concept, text, words, negative, lang)
        self._derive()
        self._senses = Senses(self._sense_entries(files))
        self._typos = Typos((w, term.lang) for term in self.tokens.terms() for el in term.elements
                            for w in getattr(el, "exact", ()))

    def _sense_entries(self, files: dict[str, ConceptFile]) -> list[tuple[SenseSpec, list[str]]]:
        entries = []
        for source, data in files.items():
            for name, spec in data.senses.items():
                where = f"{source}: sense {name}"
                for concept in (*spec.unless, *spec.concepts):
                    if concept not in self.concepts or self.concepts[concept].derived:
                        raise LexiconError(f"{where}: {concept!r} is not a concept with terms of its own")
                words = [w for terms in spec.words.values() for w in items(terms)]
                if not words:
                    raise LexiconError(f"{where}: no words")
                entries.append((spec, words))
        return entries

    def _add(self, concept: Concept, text: str, words: dict[str, list[str]], negative: bool, lang: str) -> None:
        where = f"{concept.source}: {concept.name} ({lang})"
        try:
            if "|" not in text and is_dense_term(_spelled_once(text, words)):
                for spelled in _expand_lists(text, words):
                    self.dense.add(Term(concept.name, text, (), negative, lang), dense_pieces(spelled))
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
        # Each derived concept with one concept per condition that the condition needs: a reading
        # holding none of them cannot derive it, whatever its clauses (one set test, not a walk).
        self._cues = [(n, frozenset(min(c.required) for c in self.concepts[n].derived)) for n in self.order]

    def _repair(self, folded: Folded) -> Folded:
        """Typos of term words (typos.py) in the tokens no term starts with also read as the word."""
        little = self._little
        spoken = frozenset(lang for token in folded.tokens for lang in little.get(token.forms[0], ()))
        fixed = list(folded.tokens)
        changed = False
        for i, token in enumerate(fixed):
            if len(token.forms[0]) < MIN_LENGTH or self.tokens.starting(token.forms).any:
                continue
            match = self._typos.repair(token.forms[0], spoken, little)
            if match:
                fixed[i] = Token((*token.forms, match), token.start, token.end, token.clause)
                changed = True
        if not changed:
            return folded
        repaired = frozenset(t.forms[0] for t, was in zip(fixed, folded.tokens) if t is not was)
        return replace(folded, tokens=tuple(fixed), repaired=repaired)

    def read(self, text: str) -> Reading:
        """Every concept the text states (linear in the text's length)."""
        folded = self._repair(analyse(text))
        found: dict[str, list[Match]] = {}
        negatives: dict[str, list[Match]] = {}
        for match in (*self.tokens.find(folded), *self.dense.find(folded)):
            (negatives if match.negative else found).setdefault(match.concept, []).append(match)
        for name, nots in negatives.items():
            if name in found:
                found[name] = [m for m in found[name] if not any(n.dense == m.dense and n.start <= m.start
                                                                 and m.end <= n.end for n in nots)]
        self._senses.drop(found, folded)
        drop_false_friends(found, self._little)
        self._protect(found, folded)
        reading = Reading(folded, {k: v for k, v in found.items() if v})
        if NAMED in self.concepts and names_someone(text):
            reading.add(Match(NAMED, "(a capitalised name)", 0, 0, 0, False, False))
        return self._derive_in(reading)

    def join(self, parts: list[Reading]) -> Reading:
        """One reading of several texts read apart, each part's clauses after the last (as if joined by
        newlines): concepts derived again over the whole (a face in the request, a minor in a file name)."""
        hits: dict[str, list[Match]] = {}
        offset = 0
        for part in parts:
            for name, matches in part.base.items():
                moved = [m._replace(clause=m.clause + offset) for m in matches] if offset else matches
                hits.setdefault(name, []).extend(moved)
            offset += part.folded.clause_count
        folded = Folded("\n".join(p.folded.text for p in parts), (), "", (), offset,
                        repaired=frozenset().union(*(p.folded.repaired for p in parts)))
        return self._derive_in(Reading(folded, hits))

    def _derive_in(self, reading: Reading) -> Reading:
        reading.base = dict(reading.hits)  # the lists are shared until a derived match is added (`add`)
        for name, cues in self._cues:
            if cues.isdisjoint(reading.hits):
                continue
            for cond in self.concepts[name].derived:
                for clause in sorted(cond.where(reading)):
                    reading.add(Match(name, f"({cond.text})", 0, 0, clause, False, False))
        return reading

    def _protect(self, found: dict[str, list[Match]], folded: Folded) -> None:
        """Drop `protect` concepts where a keep word says they stay as they are (up to a comma or a 'but')."""
        roles = self._roles
        keeps = [m for n, ms in found.items() if roles.get(n) in ("keep", "kept") for m in ms]
        if not keeps:
            return
        actions = [m for n, ms in found.items() if roles.get(n) == "action" for m in ms]
        spans: list[tuple[bool, int, int, int]] = []  # (dense, clause, start, end)
        for k in keeps:
            # The kept words and the stretch they keep are one span: "จำหน้าคนได้" holds the face, and
            # "ไม่ต้องเปลี่ยนหน้า" (no need to change the face) a face term that starts inside the keep words.
            stops = [a.start for a in actions if a.dense == k.dense and a.clause == k.clause]
            stops += folded.dense_breaks if k.dense else folded.breaks
            if roles[k.concept] == "keep":
                spans.append((k.dense, k.clause, k.start, min((s for s in stops if s >= k.end), default=1 << 30)))
            else:
                ends = [a.end for a in actions if a.dense == k.dense and a.clause == k.clause and a.end <= k.start]
                ends += [b + 1 for b in (folded.dense_breaks if k.dense else folded.breaks) if b < k.start]
                spans.append((k.dense, k.clause, max(ends, default=-1), k.end))
        for name, ms in found.items():
            if self.concepts[name].spec.protect:
                found[name] = [m for m in ms if not any(d == m.dense and c == m.clause and s <= m.start and m.end <= e
                                                        for d, c, s, e in spans)]


def _spelled_once(text: str, words: dict[str, list[str]]) -> str:
    """The term with each `{list}` replaced by the list's first word (to tell a dense term from a token one)."""
    while (start := text.find("{")) >= 0 and (end := text.find("}", start)) > start:
        first = (words.get(text[start + 1:end]) or ["?"])[0]
        text = text[:start] + first + text[end + 1:]
    return text


def _expand_lists(text: str, words: dict[str, list[str]]) -> list[str]:
    """A dense term with `{list}` in it, spelled out once per word of the list ("{age}岁" → "1岁", "2岁" …)."""
    start = text.find("{")
    if start < 0:
        return [text]
    end = text.find("}", start)
    name = text[start + 1:end] if end > start else ""
    if name not in words:
        raise TermError(f"{text!r}: unknown word list {{{name}}}")
    return [spelled for item in words[name] for spelled in _expand_lists(text[:start] + item + text[end + 1:], words)]


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


_shipped: list[Lexicon] = []
_building = threading.Lock()


def lexicon() -> Lexicon:
    """The shipped lexicon, compiled on first use, once: a call that comes while the warm-up thread
    builds it waits for that build instead of making a second one beside it. The cycle collector
    waits meanwhile: the build makes a few hundred thousand objects, none of them garbage, and
    collecting midway only costs time."""
    if not _shipped:
        with _building:
            if not _shipped:
                collecting = gc.isenabled()
                gc.disable()
                try:
                    _shipped.append(Lexicon(_load_files()))
                finally:
                    if collecting:
                        gc.enable()
    return _shipped[0]
