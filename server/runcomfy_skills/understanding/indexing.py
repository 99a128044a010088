"""Compiled terms → the matchers' tables (`matchers.py`): plain lists and dicts of strings and numbers,
so the lexicon can be shipped compiled (`compiled.py`) and opened without compiling it again."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from runcomfy_skills.understanding.matchers import Tables
from runcomfy_skills.understanding.patterns import Alt, Term


class Names:
    """Strings said many times (concept names, languages) → their number in one list."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, name: str) -> int:
        return self.numbers.setdefault(name, len(self.numbers))

    def table(self) -> list[str]:
        return list(self.numbers)


class TokenTables:
    """Token terms by their first element, every element's word set numbered once (`TokenIndex`'s tables).

    A term is one line: "concept lang negative", then tab-separated its elements' word-set numbers (a gap
    of up to n words is -n), the places of its optional elements, the word sets it needs after its first
    word, and its text as written.
    """

    def __init__(self, concepts: Names, langs: Names) -> None:
        self._concepts, self._langs = concepts, langs
        self._terms: list[str] = []
        self._first: tuple[dict[str, list[int]], ...] = ({}, {}, {})
        self._ids: dict[tuple[frozenset[str], tuple[str, ...], tuple[str, ...]], int] = {}
        self._sets: tuple[dict[str, list[int]], ...] = ({}, {}, {})
        self._need_counts: list[int] = []
        self._word_langs: dict[str, set[str]] = {}
        self._prefix_langs: dict[str, set[str]] = {}

    def add(self, term: Term) -> None:
        first = term.elements[0]
        assert isinstance(first, Alt)
        number = len(self._terms)
        for table, words in zip(self._first, (first.exact, first.prefixes, first.suffixes)):
            for w in words:
                table.setdefault(w, []).append(number)
        ids = [self._number(el) if isinstance(el, Alt) else -el.most for el in term.elements]
        for el in term.elements:
            for w in getattr(el, "exact", ()):
                self._word_langs.setdefault(w, set()).add(term.lang)
            for w in getattr(el, "prefixes", ()):
                self._prefix_langs.setdefault(w, set()).add(term.lang)
        optional = [k for k, el in enumerate(term.elements) if isinstance(el, Alt) and el.optional]
        needs = sorted({i for k, i in enumerate(ids) if k and i >= 0 and k not in optional})
        for i in needs:
            self._need_counts[i] += 1
        self._terms.append(f"{self._concepts(term.concept)} {self._langs(term.lang)} {int(term.negative)}\t{_numbers(ids)}"
                           f"\t{_numbers(optional)}\t{_numbers(needs)}\t{term.text}")

    def _number(self, alt: Alt) -> int:
        key = (alt.exact, alt.prefixes, alt.suffixes)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self._ids)
            self._need_counts.append(0)
            for table, words in zip(self._sets, key):
                for w in words:
                    table.setdefault(w, []).append(found)
        return found

    def words(self) -> Iterable[tuple[str, str]]:
        """Every whole word some term element lists, with the language of each term that lists it."""
        return ((w, lang) for w, langs in self._word_langs.items() for lang in langs)

    def prefixes(self) -> Iterable[tuple[str, str]]:
        """Every word beginning (`x*`) some term element lists, with the language of each term that lists it."""
        return ((w, lang) for w, langs in self._prefix_langs.items() for lang in langs)

    def tables(self) -> Tables:
        return {"terms": self._terms, "first": [{w: _numbers(ns) for w, ns in t.items()} for t in self._first],
                "sets": [{w: _numbers(ns) for w, ns in t.items()} for t in self._sets], "need_counts": self._need_counts}


def _numbers(numbers: list[int]) -> str:
    """Numbers as one string ("3 17 -8"): JSON reads a string many times faster than a list, and a term's
    numbers are only read when a text first reaches it."""
    return " ".join(map(str, numbers))


class DenseTables:
    """Dense terms and the Aho-Corasick automaton over their first pieces (`DenseIndex`'s tables)."""

    def __init__(self, concepts: Names, langs: Names) -> None:
        self._concepts, self._langs = concepts, langs
        self._terms: list[list[object]] = []
        self._goto: list[dict[str, int]] = [{}]
        self._out: list[list[int]] = [[]]

    def add(self, term: Term, pieces: tuple[str, ...]) -> None:
        node = 0
        for ch in pieces[0]:
            nxt = self._goto[node].get(ch)
            if nxt is None:
                nxt = len(self._goto)
                self._goto[node][ch] = nxt
                self._goto.append({})
                self._out.append([])
            node = nxt
        self._out[node].append(len(self._terms))
        self._terms.append([self._concepts(term.concept), self._langs(term.lang), int(term.negative), term.text,
                            list(pieces)])

    def tables(self) -> Tables:
        """The automaton finished: each node's fail link, and its output with its fail node's after it."""
        goto = self._goto
        out = [list(o) for o in self._out]
        fail = [0] * len(goto)
        queue = deque(goto[0].values())
        while queue:
            node = queue.popleft()
            for ch, child in goto[node].items():
                queue.append(child)
                f = fail[node]
                while f and ch not in goto[f]:
                    f = fail[f]
                fail[child] = goto[f].get(ch, 0) if goto[f].get(ch, 0) != child else 0
                out[child] = out[child] + out[fail[child]]
        return {"terms": self._terms, "goto": goto, "fail": fail, "out": out}

