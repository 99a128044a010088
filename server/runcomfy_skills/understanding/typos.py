"""One-letter typos of term words, repaired only toward the text's own languages.

"nakd", "borar", "remvoe" are read as "naked", "borrar", "remove": a word that no term starts with,
one letter away (missing, extra, or, from six letters on, two neighbours swapped) from a term word of
five letters or more.
A repair crosses languages easily: Polish "filmie" is one letter from Portuguese "filme". So when the
text's little words say which languages it is in, a word is repaired only toward a term word of one
of them (or of `any`), and a little word of those languages is never repaired (it is a word already).
Every candidate is a dictionary lookup: a word costs a few dozen lookups, whatever the lexicon's size.
The tables are strings (languages and candidates space-separated) so the shipped lexicon opens them
as two dicts at once (`compiled.py`); a word's are split only when a text asks for them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

MIN_LENGTH = 5
MIN_SWAPPED = 6  # shorter words swap into other real words too often ("there" and "three")
ANY = "any"


def deletes(word: str) -> list[str]:
    """The word with one letter left out, each way once, in letter order (the same repair in every process)."""
    return list(dict.fromkeys(word[:i] + word[i + 1:] for i in range(len(word))))


def swaps(word: str) -> list[str]:
    """The word with two neighbouring letters after its first two swapped, in letter order. A word's start
    is seldom mistyped, and swaps there turn real words into others (German "Flasche" into "falsche")."""
    return list(dict.fromkeys(word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(2, len(word) - 1)
                              if word[i] != word[i + 1]))


class Typos:
    """The term words of five letters or more, with their languages, and each one's one-letter deletions."""

    def __init__(self, words: Iterable[tuple[str, str]]) -> None:
        langs: dict[str, set[str]] = {}
        for word, lang in words:
            if len(word) >= MIN_LENGTH and word.isalpha():
                langs.setdefault(word, set()).add(lang)
        self._known = {w: " ".join(sorted(ls)) for w, ls in langs.items()}  # word → its languages
        missing: dict[str, list[str]] = {}
        for w in sorted(self._known):  # the same repair in every process (set order varies)
            for d in deletes(w):
                missing.setdefault(d, []).append(w)
        self._missing = {d: " ".join(ws) for d, ws in missing.items()}  # deletion → the words it comes from

    def tables(self) -> dict[str, str]:
        """Both tables as "key<TAB>value<TAB>…" strings (read back by `from_tables`)."""
        return {name: "\t".join(f"{k}\t{v}" for k, v in table.items())
                for name, table in (("known", self._known), ("missing", self._missing))}

    @classmethod
    def from_tables(cls, tables: dict[str, str]) -> Typos:
        typos = cls(())
        typos._known, typos._missing = (_pairs(tables[name]) for name in ("known", "missing"))
        return typos


    def repair(self, word: str, spoken: frozenset[str], little: Mapping[str, frozenset[str]]) -> str | None:
        """The term word `word` is a typo of, if any (see the module doc); `spoken`: the text's languages."""
        if len(word) < MIN_LENGTH or not word.isalpha() or not spoken.isdisjoint(little.get(word, ())):
            return None
        for found in self._candidates(word):
            if found[0] == word[0]:
                langs = self._known[found].split()
                if not spoken or not spoken.isdisjoint(langs) or ANY in langs:
                    return found
        return None

    def _candidates(self, word: str) -> Iterable[str]:
        yield from self._missing.get(word, "").split()  # a letter left out
        yield from (d for d in deletes(word) if d in self._known)  # a letter too many
        if len(word) >= MIN_SWAPPED:
            yield from (s for s in swaps(word) if s in self._known)  # two letters swapped


def _pairs(text: str) -> dict[str, str]:
    parts = text.split("\t")
    return dict(zip(parts[::2], parts[1::2]))
