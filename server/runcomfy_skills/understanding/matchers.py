"""The two matchers that find compiled terms in a text, in linear time, read from their tables.

Token terms are indexed by their first element, so a text is read in one pass: each token costs
a lookup per form and per prefix length, and only the terms that start there are tried further
(each one a bounded amount of work). Dense terms share one Aho-Corasick automaton.

The tables (`indexing.py` makes them from the concept files) are plain lists and dicts, the same
whether just compiled or loaded from the shipped file: a term becomes an object only when a text
first reaches it, so opening the lexicon costs little more than reading the file.
"""

from __future__ import annotations

from typing import Any, Iterator, NamedTuple

from runcomfy_skills.understanding.normalize import Folded
from runcomfy_skills.understanding.patterns import DENSE_GAP, Match

Tables = dict[str, Any]  # JSON-ready: str keys, lists, numbers, strings


def _match_from(plan: _Plan, k: int, alts: list[frozenset[int]], clauses: list[int], j: int, clause: int) -> int:
    """Token index just past a match of the plan's elements[k:] starting at token j, or -1."""
    ids = plan.ids
    if k == len(ids):
        return j
    el = ids[k]
    if el < 0:  # a gap of up to -el words
        for skip in range(-el + 1):
            at = j + skip
            if at >= len(clauses) or clauses[at] != clause:
                break
            end = _match_from(plan, k + 1, alts, clauses, at, clause)
            if end >= 0:
                return end
        return -1
    if j < len(clauses) and clauses[j] == clause and el in alts[j]:
        end = _match_from(plan, k + 1, alts, clauses, j + 1, clause)
        if end >= 0:
            return end
    if k in plan.optional:
        return _match_from(plan, k + 1, alts, clauses, j, clause)
    return -1


def _listed(form: str, exact: dict[str, str], prefix: dict[str, str], suffix: dict[str, str], pre: tuple[int, ...],
            suf: tuple[int, ...]) -> Iterator[str]:
    """What a table files under the word itself, under each of its starts and under each of its ends
    (space-separated numbers), in that order; only the keys that are there."""
    if found := exact.get(form):
        yield found
    size = len(form)
    for n in pre:
        if n > size:
            break
        if found := prefix.get(form[:n]):
            yield found
    for n in suf:
        if n > size:
            break
        if found := suffix.get(form[-n:]):
            yield found


class _Plan(NamedTuple):
    """A term as the matcher runs it: each element's word set by number (`ids`; a gap of up to n words is
    -n), the optional elements' places, the word sets its clause must hold somewhere for the term to
    have a chance (checked before any walk) and of those the one fewest terms need (`anchor`, -1 if none):
    the term is filed under it."""

    concept: str
    text: str
    negative: bool
    lang: str
    ids: tuple[int, ...]
    optional: frozenset[int]
    needs: frozenset[int]
    plain: bool
    anchor: int


class _Starts(NamedTuple):
    """The terms that start at a token: `always` tried, `filed` tried only if the clause holds the key."""

    any: bool
    always: tuple[tuple[int, _Plan], ...]
    filed: dict[int, list[tuple[int, _Plan]]]


class TokenIndex:
    """Token terms by their first element, plus every element's word set numbered once.

    A text is read in one pass: each token's spellings are looked up once (and remembered) to give
    the numbers of all word sets it belongs to; a term starting at a token is walked only if its
    clause holds every word set the term requires, and its elements are then set lookups.
    """

    def __init__(self, tables: Tables, names: list[str], langs: list[str]) -> None:
        self._names, self._langs = names, langs
        self._rows: list[str] = tables["terms"]  # one line per term (see `indexing.TokenTables`)
        self._plans: list[_Plan | None] = [None] * len(self._rows)
        # By first word (exact, prefix, suffix) → term numbers; by any element's word → word-set numbers.
        self._first: list[dict[str, str]] = tables["first"]
        self._sets: list[dict[str, str]] = tables["sets"]
        self._need_counts: list[int] = tables["need_counts"]  # word-set number → how many terms need it
        self._lengths = (tuple(sorted({len(p) for p in self._sets[1]})), tuple(sorted({len(p) for p in self._sets[2]})))
        self._starting: dict[tuple[str, ...], _Starts] = {}
        self._alts: dict[tuple[str, ...], frozenset[int]] = {}

    def words(self) -> Iterator[str]:
        """Every whole word some term element lists."""
        return iter(self._sets[0])

    def lists(self, word: str) -> bool:
        """Some term element lists this whole word."""
        return word in self._sets[0]

    def _plan(self, number: int) -> _Plan:
        plan = self._plans[number]
        if plan is None:
            head, ids_, optional_, needs_, text = self._rows[number].split("\t", 4)
            concept, lang, negative = map(int, head.split())
            ids, optional = tuple(map(int, ids_.split())), frozenset(map(int, optional_.split()))
            needs = frozenset(map(int, needs_.split()))
            anchor = min(sorted(needs), key=self._need_counts.__getitem__) if needs else -1
            plan = self._plans[number] = _Plan(self._names[concept], text, bool(negative), self._langs[lang], ids,
                                               optional, needs, not optional and min(ids) >= 0, anchor)
        return plan

    def starting(self, forms: tuple[str, ...]) -> _Starts:
        """Terms whose first element matches a token with these forms (remembered per spelling)."""
        found = self._starting.get(forms)
        if found is not None:
            return found
        exact, prefix, suffix = self._first
        pre, suf = self._lengths
        terms: dict[str, None] = {}  # term numbers (as written), in the order first met
        for form in forms:
            for numbers in _listed(form, exact, prefix, suffix, pre, suf):
                terms.update(dict.fromkeys(numbers.split()))
        found = self._file(tuple(self._plan(int(number)) for number in terms))
        if len(self._starting) > 50_000:
            self._starting.clear()
        self._starting[forms] = found
        return found

    def _file(self, plans: tuple[_Plan, ...]) -> _Starts:
        """Split a token's terms: those always tried, and those filed under one word set they need (the
        one fewest terms need), tried only when the clause holds it. Each keeps its rank (match order)."""
        always: list[tuple[int, _Plan]] = []
        filed: dict[int, list[tuple[int, _Plan]]] = {}
        for rank, plan in enumerate(plans):
            if plan.needs:
                filed.setdefault(plan.anchor, []).append((rank, plan))
            else:
                always.append((rank, plan))
        return _Starts(bool(plans), tuple(always), filed)

    def alts(self, forms: tuple[str, ...]) -> frozenset[int]:
        """The numbers of every word set (of any element of any term) a token with these forms is in."""
        found = self._alts.get(forms)
        if found is not None:
            return found
        exact, prefix, suffix = self._sets
        pre, suf = self._lengths
        ids: set[str] = set()  # word-set numbers as written
        for form in forms:
            for numbers in _listed(form, exact, prefix, suffix, pre, suf):
                ids.update(numbers.split())
        found = frozenset(map(int, ids))
        if len(self._alts) > 50_000:
            self._alts.clear()
        self._alts[forms] = found
        return found

    def find(self, folded: Folded) -> Iterator[Match]:
        tokens = folded.tokens
        count = len(tokens)
        alts = [self.alts(t.forms) for t in tokens]
        clauses = [t.clause for t in tokens]
        in_clause: dict[int, set[int]] = {}
        for clause, ids in zip(clauses, alts):
            in_clause.setdefault(clause, set()).update(ids)
        for i, token in enumerate(tokens):
            clause = token.clause
            held = in_clause[clause]
            starts = self.starting(token.forms)
            tried = starts.always
            if starts.filed:
                anchors = starts.filed.keys() & held
                if anchors:
                    tried = sorted([*tried, *(p for a in anchors for p in starts.filed[a])])
            for _, plan in tried:
                ids = plan.ids
                if len(ids) == 1:
                    end = i + 1
                elif not plan.needs <= held:
                    continue
                elif plan.plain:
                    end = i + len(ids)
                    if end > count:
                        continue
                    for k in range(1, len(ids)):
                        if clauses[i + k] != clause or ids[k] not in alts[i + k]:
                            end = -1
                            break
                else:
                    end = _match_from(plan, 1, alts, clauses, i + 1, clause)
                if end >= 0:
                    stop = tokens[end - 1].end
                    yield Match(plan.concept, plan.text, token.start, stop, clause, False, plan.negative,
                                plan.lang, folded.text[token.start:stop])


class _DenseTerm(NamedTuple):
    concept: str
    text: str
    negative: bool
    lang: str
    pieces: tuple[str, ...]


class DenseIndex:
    """Aho-Corasick over the first piece of every dense term (its goto, fail and output tables built
    with the lexicon); later pieces are found nearby."""

    def __init__(self, tables: Tables, names: list[str], langs: list[str]) -> None:
        self._terms = [_DenseTerm(names[concept], text, bool(negative), langs[lang], tuple(pieces))
                       for concept, lang, negative, text, pieces in tables["terms"]]
        self._goto: list[dict[str, int]] = tables["goto"]
        self._fail: list[int] = tables["fail"]
        self._out: list[list[int]] = tables["out"]

    def find(self, folded: Folded) -> Iterator[Match]:
        text = folded.dense
        if not text:
            return
        starts = folded.dense_clauses
        clause, node = 0, 0
        goto, fail, out, terms = self._goto, self._fail, self._out, self._terms
        for i, ch in enumerate(text):
            while clause < len(starts) and starts[clause] <= i:
                clause += 1
            while node and ch not in goto[node]:
                node = fail[node]
            node = goto[node].get(ch, 0)
            for number in out[node]:
                term = terms[number]
                pieces = term.pieces
                end = i + 1
                for piece in pieces[1:]:
                    at = text.find(piece, end, end + DENSE_GAP + len(piece))
                    if at < 0:
                        break
                    end = at + len(piece)
                else:
                    start = i + 1 - len(pieces[0])
                    yield Match(term.concept, term.text, start, end, clause, True, term.negative, term.lang,
                                text[start:end])
