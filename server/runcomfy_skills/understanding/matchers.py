"""The two matchers that find compiled terms (`patterns.py`) in a text, in linear time.

Token terms are indexed by their first element, so a text is read in one pass: each token costs
a lookup per form and per prefix length, and only the terms that start there are tried further
(each one a bounded amount of work). Dense terms share one Aho-Corasick automaton.
"""

from __future__ import annotations

from collections import deque
from typing import Iterator, NamedTuple

from runcomfy_skills.understanding.normalize import Folded
from runcomfy_skills.understanding.patterns import DENSE_GAP, Alt, Gap, Match, Term


def _match_from(plan: _Plan, k: int, alts: list[frozenset[int]], clauses: list[int], j: int, clause: int) -> int:
    """Token index just past a match of the plan's elements[k:] starting at token j, or -1."""
    elements = plan.term.elements
    if k == len(elements):
        return j
    el = elements[k]
    if isinstance(el, Gap):
        for skip in range(el.most + 1):
            at = j + skip
            if at >= len(clauses) or clauses[at] != clause:
                break
            end = _match_from(plan, k + 1, alts, clauses, at, clause)
            if end >= 0:
                return end
        return -1
    if j < len(clauses) and clauses[j] == clause and plan.ids[k] in alts[j]:
        end = _match_from(plan, k + 1, alts, clauses, j + 1, clause)
        if end >= 0:
            return end
    if el.optional:
        return _match_from(plan, k + 1, alts, clauses, j, clause)
    return -1


class _Plan(NamedTuple):
    """A term as the matcher runs it: each element's word set by number (`ids`, -1 for a gap), and the
    word sets its clause must hold somewhere for the term to have a chance (checked before any walk)."""

    term: Term
    ids: tuple[int, ...]
    needs: frozenset[int]
    plain: bool


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

    def __init__(self) -> None:
        self.exact: dict[str, list[Term]] = {}
        self.prefix: dict[str, list[Term]] = {}
        self.suffix: dict[str, list[Term]] = {}
        self._plans: dict[int, _Plan] = {}  # id(term) → its plan
        self._ids: dict[tuple[frozenset[str], tuple[str, ...], tuple[str, ...]], int] = {}
        self._sets: tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]]] = ({}, {}, {})
        self._lengths: tuple[tuple[int, ...], tuple[int, ...]] | None = None
        self._starting: dict[tuple[str, ...], _Starts] = {}
        self._need_counts: dict[int, int] | None = None
        self._alts: dict[tuple[str, ...], frozenset[int]] = {}

    def add(self, term: Term) -> None:
        first = term.elements[0]
        assert isinstance(first, Alt)
        for w in first.exact:
            self.exact.setdefault(w, []).append(term)
        for p in first.prefixes:
            self.prefix.setdefault(p, []).append(term)
        for p in first.suffixes:
            self.suffix.setdefault(p, []).append(term)
        ids = tuple(self._number(el) if isinstance(el, Alt) else -1 for el in term.elements)
        needs = frozenset(i for i, el in zip(ids[1:], term.elements[1:]) if isinstance(el, Alt) and not el.optional)
        self._plans[id(term)] = _Plan(term, ids, needs, term.plain)
        if self._lengths is not None:  # a term added after a read: forget what the reads remembered
            self._lengths = self._need_counts = None
            self._starting.clear()
            self._alts.clear()

    def _number(self, alt: Alt) -> int:
        key = (alt.exact, alt.prefixes, alt.suffixes)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self._ids)
            for table, words in zip(self._sets, key):
                for w in words:
                    table.setdefault(w, []).append(found)
        return found

    def terms(self) -> list[Term]:
        """Every indexed term (once, in the order added)."""
        return [plan.term for plan in self._plans.values()]

    def _cut_lengths(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        if self._lengths is None:
            self._lengths = (tuple(sorted({len(p) for p in self._sets[1]})), tuple(sorted({len(p) for p in self._sets[2]})))
        return self._lengths

    def starting(self, forms: tuple[str, ...]) -> _Starts:
        """Terms whose first element matches a token with these forms (remembered per spelling)."""
        found = self._starting.get(forms)
        if found is not None:
            return found
        lengths = self._cut_lengths()
        terms: dict[int, Term] = {}
        for form in forms:
            for term in self.exact.get(form, ()):
                terms.setdefault(id(term), term)
            for table, cuts, cut in ((self.prefix, lengths[0], lambda n: form[:n]),
                                     (self.suffix, lengths[1], lambda n: form[-n:])):
                for n in cuts:
                    if n > len(form):
                        break
                    for term in table.get(cut(n), ()):
                        terms.setdefault(id(term), term)
        found = self._file(tuple(self._plans[key] for key in terms))
        if len(self._starting) > 50_000:
            self._starting.clear()
        self._starting[forms] = found
        return found

    def _file(self, plans: tuple[_Plan, ...]) -> _Starts:
        """Split a token's terms: those always tried, and those filed under one word set they need (the
        one fewest terms need), tried only when the clause holds it. Each keeps its rank (match order)."""
        if self._need_counts is None:
            counts: dict[int, int] = {}
            for plan in self._plans.values():
                for i in plan.needs:
                    counts[i] = counts.get(i, 0) + 1
            self._need_counts = counts
        always: list[tuple[int, _Plan]] = []
        filed: dict[int, list[tuple[int, _Plan]]] = {}
        for rank, plan in enumerate(plans):
            if plan.needs:
                anchor = min(sorted(plan.needs), key=self._need_counts.__getitem__)
                filed.setdefault(anchor, []).append((rank, plan))
            else:
                always.append((rank, plan))
        return _Starts(bool(plans), tuple(always), filed)

    def alts(self, forms: tuple[str, ...]) -> frozenset[int]:
        """The numbers of every word set (of any element of any term) a token with these forms is in."""
        found = self._alts.get(forms)
        if found is not None:
            return found
        exact, prefix, suffix = self._sets
        pre, suf = self._cut_lengths()
        ids: set[int] = set()
        for form in forms:
            ids.update(exact.get(form, ()))
            for n in pre:
                if n > len(form):
                    break
                ids.update(prefix.get(form[:n], ()))
            for n in suf:
                if n > len(form):
                    break
                ids.update(suffix.get(form[-n:], ()))
        found = frozenset(ids)
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
                    term = plan.term
                    stop = tokens[end - 1].end
                    yield Match(term.concept, term.text, token.start, stop, clause, False, term.negative,
                                term.lang, folded.text[token.start:stop])


class DenseIndex:
    """Aho-Corasick over the first piece of every dense term; later pieces are found nearby."""

    def __init__(self) -> None:
        self._goto: list[dict[str, int]] = [{}]
        self._out: list[list[tuple[Term, tuple[str, ...]]]] = [[]]
        self._fail: list[int] = [0]
        self._built = False

    def add(self, term: Term, pieces: tuple[str, ...]) -> None:
        node = 0
        for ch in pieces[0]:
            nxt = self._goto[node].get(ch)
            if nxt is None:
                nxt = len(self._goto)
                self._goto[node][ch] = nxt
                self._goto.append({})
                self._out.append([])
                self._fail.append(0)
            node = nxt
        self._out[node].append((term, pieces))
        self._built = False

    def _build(self) -> None:
        queue = deque(self._goto[0].values())
        for child in queue:
            self._fail[child] = 0
        while queue:
            node = queue.popleft()
            for ch, child in self._goto[node].items():
                queue.append(child)
                f = self._fail[node]
                while f and ch not in self._goto[f]:
                    f = self._fail[f]
                self._fail[child] = self._goto[f].get(ch, 0) if self._goto[f].get(ch, 0) != child else 0
                self._out[child] = self._out[child] + self._out[self._fail[child]]
        self._built = True

    def find(self, folded: Folded) -> Iterator[Match]:
        text = folded.dense
        if not text:
            return
        if not self._built:
            self._build()
        starts = folded.dense_clauses
        clause, node = 0, 0
        goto, fail, out = self._goto, self._fail, self._out
        for i, ch in enumerate(text):
            while clause < len(starts) and starts[clause] <= i:
                clause += 1
            while node and ch not in goto[node]:
                node = fail[node]
            node = goto[node].get(ch, 0)
            for term, pieces in out[node]:
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
