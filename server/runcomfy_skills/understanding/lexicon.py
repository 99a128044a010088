"""The lexicon: what a text says, as concepts, found by the compiled terms of the concept files.

The concept files (`concept_files.py`) are compiled into plain tables (`indexing.py`) that the
matchers read (`matchers.py`); the shipped lexicon opens them ready-made when they are current
(`compiled.py`). `Reading` is one text's concepts, with the clauses and words that said them.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Set
from dataclasses import dataclass, field, replace

from runcomfy_skills.understanding import compiled
from runcomfy_skills.understanding.combine import Condition, parse_condition
from runcomfy_skills.understanding.concept_files import ConceptFile, LexiconError, compile_tables, load_files
from runcomfy_skills.understanding.languages import drop_false_friends, spoken_languages, well_shown
from runcomfy_skills.understanding.matchers import DenseIndex, Tables, TokenIndex
from runcomfy_skills.understanding.names import names_someone
from runcomfy_skills.understanding.affixes import INFLECTIONS, plain_forms
from runcomfy_skills.understanding.normalize import Folded, Token, analyse, strip_accents, with_forms
from runcomfy_skills.understanding.patterns import Match
from runcomfy_skills.understanding.romanised import Romanised
from runcomfy_skills.understanding.senses import Senses, SenseSpec, drop_compound_parts
from runcomfy_skills.understanding.typos import MIN_LENGTH, Typos

NAMED = "named_person"  # also said by a capitalised name in the text as written (names.py)


@dataclass(frozen=True)
class Concept:
    """What a concept is (its terms live in the matchers' tables)."""

    name: str
    source: str
    about: str
    role: str | None
    protect: bool
    when: tuple[str, ...]
    derived: tuple[Condition, ...] = ()


@dataclass
class Reading:
    """What a text says, as concepts: each with the clauses it occurs in and the terms that said it."""

    folded: Folded
    hits: dict[str, list[Match]] = field(default_factory=dict)
    base: dict[str, list[Match]] = field(default_factory=dict, repr=False)  # before derived concepts
    _clauses: dict[str, frozenset[int]] = field(default_factory=dict, repr=False)
    spoken: frozenset[str] = frozenset()  # the languages it was read in (its little words say so)

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

    def only(self, concepts: Set[str], most: int = 16) -> bool:
        """Every word of a text states one of these concepts ("change it please", "do whatever feels right"):
        the text says nothing else. Texts of more than `most` words always say more; spaceless scripts are
        not judged."""
        tokens = self.folded.tokens
        if not tokens or len(tokens) > most or self.folded.dense:
            return False
        spans = [(m.start, m.end) for name in concepts for m in self.base.get(name, ()) if not m.dense]
        return all(any(s <= t.start and t.end <= e for s, e in spans) for t in tokens)

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
    """The concepts and their compiled terms, opened from the tables `compile_tables` makes."""

    def __init__(self, files: dict[str, ConceptFile]) -> None:
        """Compile concept files (the shipped lexicon is opened with `from_tables` instead, see `lexicon()`)."""
        self._open(compile_tables(files))

    @classmethod
    def from_tables(cls, tables: Tables) -> Lexicon:
        lexicon = cls.__new__(cls)
        lexicon._open(tables)
        return lexicon

    def _open(self, tables: Tables) -> None:
        self.concepts: dict[str, Concept] = {
            name: Concept(name, c["source"], c["about"], c["role"], c["protect"], tuple(c["when"]))
            for name, c in tables["concepts"].items()}
        self._roles = {n: c.role for n, c in self.concepts.items() if c.role}
        self._little = {w: frozenset(langs) for w, langs in tables["little"].items()}
        self.tokens = TokenIndex(tables["tokens"], tables["names"], tables["langs"])
        self.dense = DenseIndex(tables["dense"], tables["names"], tables["langs"])
        self.order: list[str] = []  # derived concepts, in an order where each comes after what it uses
        self._derive()
        self._senses = Senses([(SenseSpec.model_validate(spec), words) for spec, words in tables["senses"]])
        self._typos = Typos.from_tables(tables["typos"])
        self.romanised = Romanised(tables["romanised"])

    def _derive(self) -> None:
        pending = {n: c for n, c in self.concepts.items() if c.when}
        for name, concept in pending.items():
            try:
                conds = tuple(parse_condition(line, self.concepts, f"{concept.source}: {name}") for line in concept.when)
            except ValueError as exc:
                raise LexiconError(str(exc)) from None
            self.concepts[name] = replace(concept, derived=conds)
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

    def _repair(self, folded: Folded, spoken: frozenset[str]) -> Folded:
        """Typos of term words (typos.py) in the tokens no term starts with also read as the word."""
        little = self._little
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

    def _inflected(self, folded: Folded, spoken: frozenset[str]) -> Folded:
        """Words of a language that inflects them (affixes.py `spoken`) also read as their plain words."""
        if spoken.isdisjoint(INFLECTIONS):
            return folded
        return with_forms(folded, lambda _, token: () if self._known(token) else plain_forms(token.forms[0], spoken))

    def _known(self, token: Token) -> bool:
        """A little word, or a whole word some term lists (as written, or without its accents)."""
        return token.forms[0] in self._little or any(self.tokens.lists(form) for form in token.forms[:2])

    def warm_up(self) -> None:
        """Read every little word of every language once (the words nearly every request holds), so their
        term lookups are remembered before the first request instead of made during it."""
        self.read(" ".join(sorted(self._little)))

    def read(self, text: str, beside: frozenset[str] = frozenset()) -> Reading:
        """Every concept the text states (linear in the text's length), read in the languages its little words
        show and those `beside` it (a file name is read in its request's languages too)."""
        folded = analyse(text)
        little = self._little
        words = {t.forms[0]: little[t.forms[0]] for t in folded.tokens if t.forms[0] in little}
        own = spoken_languages(words)
        spoken, sure = beside | own, well_shown(words, own)
        # A file name is often a native word in Latin letters ("arusi" a wedding): read romanised only in its own languages.
        folded = self._repair(self._inflected(self.romanised.read(folded, sure, self._known), sure), spoken)
        found: dict[str, list[Match]] = {}
        negatives: dict[str, list[Match]] = {}
        for match in (*self.tokens.find(folded), *self.dense.find(folded)):
            (negatives if match.negative else found).setdefault(match.concept, []).append(match)
        for name, nots in negatives.items():
            if name in found:
                found[name] = [m for m in found[name] if not any(n.dense == m.dense and n.start <= m.start
                                                                 and m.end <= n.end for n in nots)]
        drop_compound_parts(found)
        self._senses.drop(found, folded)
        drop_false_friends(found, self._little, beside)
        self._protect(found, folded)
        reading = Reading(folded, {k: v for k, v in found.items() if v}, spoken=spoken)
        if NAMED in self.concepts and names_someone(text):
            reading.add(Match(NAMED, "(a capitalised name)", 0, 0, 0, False, False))
        return self._derive_in(reading)

    def join(self, parts: list[Reading]) -> Reading:
        """One reading of several texts read apart, each part's clauses after the last (as if joined by
        newlines): concepts derived again over the whole (a face in the request, a minor in a file name)."""
        hits: dict[str, list[Match]] = {}
        offset = 0
        for i, part in enumerate(parts):
            said = self._senses.beside(part.base, parts[0].base) if i else part.base  # a file name beside its request
            for name, matches in said.items():
                moved = [m._replace(clause=m.clause + offset) for m in matches] if offset else matches
                hits.setdefault(name, []).extend(moved)
            offset += part.folded.clause_count
        folded = Folded("\n".join(p.folded.text for p in parts), (), "", (), offset,
                        repaired=frozenset().union(*(p.folded.repaired for p in parts)))
        return self._derive_in(Reading(folded, hits, spoken=frozenset().union(*(p.spoken for p in parts))))

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
            if self.concepts[name].protect:
                found[name] = [m for m in ms if not any(d == m.dense and c == m.clause and s <= m.start and m.end <= e
                                                        for d, c, s, e in spans)]


_shipped: list[Lexicon] = []
_building = threading.Lock()


def lexicon() -> Lexicon:
    """The shipped lexicon, opened on first use, once: a call that comes while the warm-up thread
    opens it waits for that instead of opening a second one beside it. The cycle collector waits
    meanwhile: opening makes a few hundred thousand objects, none of them garbage, and collecting
    midway only costs time."""
    if not _shipped:
        with _building:
            if not _shipped:
                collecting = gc.isenabled()
                gc.disable()
                try:
                    _shipped.append(_open_shipped())
                finally:
                    if collecting:
                        gc.enable()
    return _shipped[0]


def _open_shipped() -> Lexicon:
    """The compiled tables shipped beside the concept files when they are current (built from these very
    files), else the files compiled now and the tables kept for the next start where the package can be
    written to (a source checkout; a wheel ships them current)."""
    tables = compiled.load()
    if tables is None:
        tables = compile_tables(load_files())
        compiled.save(tables)
    return Lexicon.from_tables(tables)
