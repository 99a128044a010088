"""Latin spellings of languages written in another script, read as that script's term words.

Arabic chatted as Arabizi ("3aryana", "fad7"), Persian as Finglish, Hindi and Urdu in Latin letters,
Russian translit, Greeklish: none has one spelling, and the concept files list only some of them.
So both sides are reduced to a key (`tables/romanised.yaml`: each letter or run of letters → a key
letter; abjads drop the vowels they do not write): at build time every native word and stem of the
terms of a scheme's languages is filed under its key; at read time a Latin word of a text in one of
those languages (its little words say so, or Arabizi's digits) is also read as the native words
filed under its own key. A word costs its key (remembered per spelling) and a few lookups.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, replace
from importlib import resources

import yaml

from runcomfy_skills.understanding.normalize import Folded, Token, strip_accents

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Tables = dict[str, dict[str, dict[str, str]]]  # scheme → "exact"/"prefix" → key → native words, space-separated


@dataclass(frozen=True)
class Scheme:
    """One script's letters → key letters, native and Latin (see the table's header)."""

    name: str
    languages: frozenset[str]
    shares: frozenset[str]
    native: dict[str, str]
    latin: dict[str, str]
    native_end: dict[str, str]
    latin_end: dict[str, str]
    also_end: dict[str, str]
    min_key: int
    prefix_key: int
    digit_key: int
    variants: bool
    cue: re.Pattern[str] | None
    starts: tuple[str, ...]
    ends: tuple[str, ...]

    def __post_init__(self) -> None:
        for side in ("native", "latin"):
            letters = sorted(getattr(self, side), key=len, reverse=True)
            object.__setattr__(self, f"_{side}_letters", re.compile("|".join(map(re.escape, letters))))
            ends = getattr(self, f"{side}_end")
            object.__setattr__(self, f"_{side}_ends", sorted(ends.items(), key=lambda kv: len(kv[0]), reverse=True))
        object.__setattr__(self, "_end_keys", frozenset(self.latin_end.values()))
        object.__setattr__(self, "_script", re.compile(f"[{''.join(k for k in self.native if len(k) == 1)}]"))

    def native_key(self, word: str) -> str:
        """The key of a native word ("" when it is not written in this script)."""
        if not self._script.search(word):  # type: ignore[attr-defined]
            return ""
        return _key(strip_accents(word), self._native_letters, self.native, self._native_ends)  # type: ignore[attr-defined]

    def native_keys(self, word: str) -> list[str]:
        """The native word's key, and its key with a last letter also read as a vowel (Arabic "صوته" is "soto")."""
        key = self.native_key(word)
        also = [key[:-len(self.native_key(e))] + k for e, k in self.also_end.items()
                if key and word.endswith(e) and len(word) > len(e)]
        return [key, *also]

    def latin_key(self, word: str) -> str:
        return _key(word, self._latin_letters, self.latin, self._latin_ends)  # type: ignore[attr-defined]

    def trimmed(self, key: str) -> list[str]:
        """The key without its last vowel, a glued article or a pronoun ending (each at most once): "ensharha"
        (publish it) is also read as "enshar" (publish)."""
        out = [key[:-1]] if key and key[-1] in self._end_keys else []  # type: ignore[attr-defined]
        out += [k[len(s):] for k in (key, *out) for s in self.starts if k.startswith(s)]
        out += [k[:-len(e)] for k in (key, *out) for e in self.ends if k.endswith(e)]
        return [k for k in dict.fromkeys(out) if len(k) >= self.min_key]

    def shortest(self, word: str) -> int:
        """Key letters a text's word needs to be read: fewer for a Latin word written with the scheme's digits."""
        return self.digit_key if self.cue is not None and not word.isalpha() and word.isascii() else self.min_key


def _key(word: str, letters: re.Pattern[str], table: dict[str, str], ends: list[tuple[str, str]]) -> str:
    """The word's letters as key letters, doubles as one, and the key of its last vowel if the scheme keys it."""
    end = ""
    for written, keyed in ends:
        if word.endswith(written) and len(word) > len(written):
            word, end = word[:-len(written)], keyed
            break
    out: list[str] = []
    for piece in letters.findall(word):
        for ch in table[piece]:
            if not out or out[-1] != ch:  # doubled letters are one ("baddel", "حطّ")
                out.append(ch)
    return "".join(out) + end


def _load() -> tuple[Scheme, ...]:
    text = (resources.files("runcomfy_skills.understanding") / "tables" / "romanised.yaml").read_text("utf-8")
    schemes = []
    for name, entry in yaml.load(text, Loader=_Loader)["schemes"].items():
        affixes = entry.get("affixes", {})
        ends = entry.get("ends", {})
        shortest = int(entry["min_key"])
        schemes.append(Scheme(name, frozenset(entry["languages"]), frozenset(entry.get("shares", ())), _strings(entry["native"]), _strings(entry["latin"]),
                              _strings(ends.get("native", {})), _strings(ends.get("latin", {})),
                              _strings(ends.get("native_also", {})), shortest,
                              int(entry.get("prefix_key", shortest + 1)), int(entry.get("digit_key", shortest)),
                              bool(entry.get("variants", False)),
                              re.compile(entry["cue"]) if entry.get("cue") else None,
                              tuple(affixes.get("start", ())), tuple(affixes.get("end", ()))))
    return tuple(schemes)


def _strings(table: dict[object, object]) -> dict[str, str]:
    return {str(k): str(v) for k, v in table.items()}


SCHEMES = _load()


def tables(words: Iterable[tuple[str, str]], prefixes: Iterable[tuple[str, str]]) -> Tables:
    """Each scheme's native term words (and word beginnings, `x*`) filed under their keys (build time). A word
    other languages of the script list too is left out (read from Arabizi, "بدلا" must not be Urdu "revenge"),
    unless they are languages the scheme `shares` words with (Russian and Ukrainian "нюдс*")."""
    out: Tables = {}
    langs: dict[tuple[str, str], set[str]] = {}
    for kind, listed in (("exact", words), ("prefix", prefixes)):
        for word, lang in listed:
            langs.setdefault((kind, word), set()).add(lang)
    for scheme in SCHEMES:
        filed: dict[str, dict[str, set[str]]] = {"exact": {}, "prefix": {}}
        least = {"exact": min(scheme.min_key, scheme.digit_key), "prefix": scheme.prefix_key}
        for (kind, word), listed_by in langs.items():
            for key in scheme.native_keys(word) if listed_by & scheme.languages and listed_by <= scheme.languages | scheme.shares else ():
                if len(key) >= least[kind]:
                    filed[kind].setdefault(key, set()).add(word)
        out[scheme.name] = {kind: {k: " ".join(sorted(ws)) for k, ws in keys.items()} for kind, keys in filed.items()}
    return out


class _Filed:
    """One scheme's keyed native words, and the native words each Latin spelling read as (remembered)."""

    def __init__(self, scheme: Scheme, tables: dict[str, dict[str, str]]) -> None:
        self.scheme = scheme
        self.exact, self._prefix = tables["exact"], tables["prefix"]
        self._lengths = sorted({len(k) for k in self._prefix})
        self._read: dict[str, tuple[str, ...]] = {}

    def on(self, folded: Folded, spoken: Set[str]) -> bool:
        """The text is in one of the scheme's languages, or has its cue."""
        cue = self.scheme.cue
        return not spoken.isdisjoint(self.scheme.languages) or (cue is not None and cue.search(folded.text) is not None)

    def native(self, word: str) -> tuple[str, ...]:
        """The native words filed under the word's key (or, if none, under the key without an affix)."""
        found = self._read.get(word)
        if found is None:
            if len(self._read) > 50_000:
                self._read.clear()
            found = self._read[word] = self._look_up(word)
        return found

    def _look_up(self, word: str) -> tuple[str, ...]:
        scheme = self.scheme
        if word.isascii():
            key = scheme.latin_key(word)
        elif scheme.variants:  # a native word spelled another way ("нудсы" for "нюдсы")
            key = scheme.native_key(word)
        else:
            return ()
        if len(key) < scheme.shortest(word):
            return ()
        for k in (key, *scheme.trimmed(key)):
            found = self.exact.get(k, "").split()
            found += [w for n in self._lengths if n <= len(k) for w in self._prefix.get(k[:n], "").split()]
            if found:
                return tuple(found)
        return ()


class Romanised:
    """Every scheme's keyed native words, and the reading of a text's Latin words through them."""

    def __init__(self, tables: Tables) -> None:
        self._schemes = [_Filed(s, tables[s.name]) for s in SCHEMES if s.name in tables]

    def filed(self, scheme: str) -> dict[str, str]:
        """A scheme's whole native words by key (space-separated)."""
        return next(f.exact for f in self._schemes if f.scheme.name == scheme)

    def read(self, folded: Folded, spoken: Set[str], known: Callable[[Token], bool]) -> Folded:
        """`folded` with each Latin word that is no word the lexicon `known`s already (an English word in
        Hinglish, a little word) also read as the native words its key files, in the schemes the text turns
        on (a digit glued before a word is one of its letters); in an alphabet's schemes, its own words too."""
        on = [s for s in self._schemes if s.on(folded, spoken)]
        if not on:
            return folded
        fixed = list(folded.tokens)
        changed = False
        for i, token in enumerate(fixed):
            word = token.forms[0]
            if word.isdigit() or known(token):
                continue
            before = folded.tokens[i - 1] if i else None
            if before is not None and before.end == token.start and len(before.forms[0]) == 1:
                word = before.forms[0] + word  # "3aryana" is read as "3" "aryana": the digit is a letter here
            extra = [w for filed in on for w in filed.native(word) if w not in token.forms]
            if extra:
                fixed[i] = Token((*token.forms, *dict.fromkeys(extra)), token.start, token.end, token.clause)
                changed = True
        return replace(folded, tokens=tuple(fixed)) if changed else folded
