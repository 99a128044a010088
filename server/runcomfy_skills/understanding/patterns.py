"""The term language of the concept files (compiled here; `matchers.py` finds the terms in a text).

A term is a few space-separated elements, matched against consecutive tokens of one clause:

    word        that word (under any of its forms: accents off, leetspeak, look-alike letters)
    word*       any word starting so (remov* → remove, removed, removing)
    *word       any word ending so (*jacke → Lederjacke: compounds)
    a|b*|c      one of these, in one place
    (a b|c)     one of these phrases, in one place (spelled out as one term per phrase)
    {name}      one of the words of the word list `name` (a `words:` entry of a concept file)
    stem+{name} the stem followed by each word of the list `name` (endings: sil+{tr_verb} → silin, silsene …)
    [x]         x or nothing (x is any of the above)
    ..  ...     up to 3 (..) or 8 (...) other words of the same clause

Terms in a spaceless script (Chinese, Japanese, Korean, Thai) or made of emoji are matched as
substrings of the dense text; `..` between two pieces allows up to 12 characters between them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from runcomfy_skills.understanding.affixes import GLUING, glued
from runcomfy_skills.understanding.normalize import Token, densify, fold, is_dense_term, strip_accents

GAPS = {"..": 3, "...": 8}
DENSE_GAP = 12


class TermError(ValueError):
    """A malformed term in a concept file."""


@dataclass(frozen=True)
class Alt:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    optional: bool = False
    suffixes: tuple[str, ...] = ()

    def matches(self, token: Token) -> bool:
        for form in token.forms:
            if form in self.exact or (self.prefixes and form.startswith(self.prefixes)) or (
                    self.suffixes and form.endswith(self.suffixes)):
                return True
        return False


@dataclass(frozen=True)
class Gap:
    most: int


Element = Alt | Gap


@dataclass(frozen=True)
class Term:
    """One compiled term of a concept (or of its look-alike exceptions, when `negative`)."""

    concept: str
    text: str
    elements: tuple[Element, ...]
    negative: bool = False
    lang: str = ""

    @property
    def plain(self) -> bool:
        """Every element a required word: matched by a straight loop, no backtracking."""
        return all(isinstance(e, Alt) and not e.optional for e in self.elements)


class Match(NamedTuple):
    """One place a concept's term was found (a tuple: made by the thousand per request, so cheap to make)."""

    concept: str
    text: str  # the term that matched, as written in its file
    start: int  # character offsets in its space ("tokens": Folded.text, "dense": Folded.dense)
    end: int
    clause: int
    dense: bool
    negative: bool
    lang: str = ""
    found: str = ""  # the words as written (folded); "" for a derived concept


# Languages people often type without their diacritics ("doi mat", "yuzunu degistir").
_BARE_TYPED = {"vi", "tr"}


@lru_cache(maxsize=1 << 16)  # word lists repeat the same words in many terms
def _variants(word: str, bare: bool) -> frozenset[str]:
    """A term word as written and, when long enough to stay distinct, without its accents ("él" must not
    become the article "el"; Vietnamese "đồ" not English "do"). Languages typed bare keep 3-letter words."""
    folded = fold(word).strip()
    stripped = strip_accents(folded)
    return frozenset({folded, stripped} if len(stripped) >= (3 if bare else 4) else {folded})


class WordLists(dict[str, list[str]]):
    """The `words:` lists of the concept files, and the elements already compiled from them: many terms
    share an element ("{remove}", "[the]"), which is compiled once."""

    def __init__(self) -> None:
        super().__init__()
        self.compiled: dict[tuple[str, bool, str], Alt] = {}


def _alt(spec: str, words: dict[str, list[str]], where: str, lang: str) -> Alt:
    bare, glue = lang in _BARE_TYPED, lang if lang in GLUING else ""
    memo = words.compiled if isinstance(words, WordLists) else None
    found = memo.get((spec, bare, glue)) if memo is not None else None
    if found is None:
        found = _compile_alt(spec, words, where, bare, glue)
        if memo is not None:
            memo[(spec, bare, glue)] = found
    return found


def _compile_alt(spec: str, words: dict[str, list[str]], where: str, bare: bool, glue: str) -> Alt:
    optional = spec.startswith("[") and spec.endswith("]")
    if optional:
        spec = spec[1:-1]
    exact: set[str] = set()
    prefixes: set[str] = set()
    suffixes: set[str] = set()
    for part in spec.split("|"):
        items = words.get(part[1:-1]) if part.startswith("{") and part.endswith("}") else _inflect(part, words, where)
        if items is None:
            raise TermError(f"{where}: unknown word list {part}")
        for item in items:
            if not item or " " in item:
                raise TermError(f"{where}: {item!r} in {spec!r} must be one word")
            if item.endswith("*") or item.startswith("*"):
                if len(item) < 3:
                    raise TermError(f"{where}: {item!r} is too short (two letters at least besides the *)")
                (prefixes if item.endswith("*") else suffixes).update(_variants(item.strip("*"), bare))
            else:
                exact |= _variants(item, bare)
    if glue:  # the language glues little words onto its words: each word is listed with them too
        exact |= {g for w in exact for g in glued(w, glue)}
        prefixes |= {g for w in prefixes for g in glued(w, glue)}
    return Alt(frozenset(exact), tuple(sorted(prefixes)), optional, tuple(sorted(suffixes)))


def _inflect(part: str, words: dict[str, list[str]], where: str) -> list[str]:
    """`stem+{endings}`: the stem with each ending of the list (one exact word each, made once at build time:
    Turkish "sil+{tr_verb}" is sil, silin, silsene, silebilir …); any other part is itself."""
    stem, plus, ending = part.partition("+{")
    if not plus:
        return [part]
    if not stem or not ending.endswith("}") or ending[:-1] not in words:
        raise TermError(f"{where}: {part!r}: write a stem and a known word list, as in sil+{{tr_verb}}")
    return [stem + e for e in words[ending[:-1]]]


def _split_hyphens(specs: list[str], words: dict[str, list[str]]) -> list[list[str]]:
    """Texts split "co-worker" into two words: a hyphenated word becomes its parts in sequence (and the
    joined "coworker" stays one word). Returns the variants of the spec list, the plain one first."""
    for i, spec in enumerate(specs):
        optional = spec.startswith("[") and spec.endswith("]")
        body = spec[1:-1] if optional else spec
        parts = body.split("|")
        items = [x for p in parts for x in (words.get(p[1:-1], [p]) if p.startswith("{") and p.endswith("}") else [p])]
        hyphened = [x for x in items if "-" in x.strip("*-") and x not in GAPS]
        if not hyphened:
            continue
        plain = [x for x in items if x not in hyphened] + [x.replace("-", "") for x in hyphened]
        wrap = (lambda t: f"[{t}]") if optional else (lambda t: t)
        head, tail = specs[:i], specs[i + 1:]
        variants = [head + [wrap("|".join(plain))] + tail]
        for x in hyphened:
            pieces = [p for p in x.split("-") if p]
            if optional:
                variants.append(head + tail)
            variants.append(head + pieces + tail)
        return [v for variant in variants for v in _split_hyphens(variant, words)]
    return [specs]


def spell_groups(text: str) -> list[str]:
    """A term with `(a b|c)` groups → one term per choice ("(get rid of|remove) it" → two terms)."""
    start = text.find("(")
    if start < 0:
        return [text]
    end = text.find(")", start)
    if end < 0:
        raise TermError(f"{text!r}: a '(' without its ')'")
    head, tail = text[:start], text[end + 1:]
    return [spelled for choice in text[start + 1:end].split("|")
            for spelled in spell_groups(f"{head}{choice.strip()}{tail}")]


def compile_term(concept: str, text: str, words: dict[str, list[str]], *, negative: bool = False,
                 lang: str = "", where: str = "") -> list[Term]:
    """A term as written → one or more compiled terms (a leading optional element, a hyphenated word,
    a `(…|…)` group of phrases)."""
    if "'" in text or "\u2019" in text:
        text = _apostrophes_split(text)
    if "(" in text:
        return [t for spelled in spell_groups(text)
                for t in compile_term(concept, spelled, words, negative=negative, lang=lang, where=where)]
    variants = _split_hyphens(text.split(), words)
    if len(variants) > 1:
        return [t for specs in variants if specs for t in _compile(concept, text, specs, words, negative, lang, where)]
    return _compile(concept, text, variants[0], words, negative, lang, where)


def _apostrophes_split(text: str) -> str:
    """Texts are read with an apostrophe between two words ("d'água" → "d água", "it's" → "it s"), so a
    term's apostrophes are word breaks too; an alternative holding one becomes a group of phrases."""
    out = []
    for spec in text.replace("\u2019", "'").split():
        broken = _LATIN_APOSTROPHE.sub(" ", spec)
        if broken == spec or spec.startswith("["):
            out.append(spec)
        elif "|" in spec and not spec.startswith("("):
            out.append(f"({broken})")
        else:
            out.append(broken)
    return " ".join(out)


_LATIN_APOSTROPHE = re.compile(r"(?<=[a-zA-Z\u00c0-\u024f])'(?=[a-zA-Z\u00c0-\u024f])")


def _compile(concept: str, text: str, specs: list[str], words: dict[str, list[str]], negative: bool, lang: str,
             where: str) -> list[Term]:
    elements: list[Element] = []
    for spec in specs:
        if spec in GAPS:
            if not elements or isinstance(elements[-1], Gap):
                raise TermError(f"{where}: {text!r}: a gap must follow a word")
            elements.append(Gap(GAPS[spec]))
        else:
            elements.append(_alt(spec, words, where, lang))
    if not elements or isinstance(elements[-1], Gap):
        raise TermError(f"{where}: {text!r}: a term must end with a word")
    if all(isinstance(e, Alt) and e.optional for e in elements):
        raise TermError(f"{where}: {text!r}: a term needs at least one required word")
    return [Term(concept, text, els, negative, lang) for els in _unfold_start(tuple(elements))]


def _unfold_start(elements: tuple[Element, ...]) -> list[tuple[Element, ...]]:
    """The index needs a required first word: `[a] b c` becomes `a b c` and `b c`."""
    first = elements[0]
    if not (isinstance(first, Alt) and first.optional):
        return [elements]
    rest = elements[1:]
    if isinstance(rest[0], Gap):
        raise TermError("an optional first word cannot be followed by a gap")
    return [(Alt(first.exact, first.prefixes, False, first.suffixes), *rest), *_unfold_start(rest)]


def dense_pieces(text: str) -> tuple[str, ...]:
    """A dense term's pieces, folded and without the spaces the dense text drops ("나로 바꿔" → "나로바꿔")."""
    pieces = tuple(densify(fold(p).strip())[0] for p in text.split(".."))
    pieces = tuple(p for p in pieces if p)
    if not pieces or not all(is_dense_term(p) or p.isascii() for p in pieces):
        raise TermError(f"{text!r}: a dense term is spaceless text, with '..' between pieces")
    return pieces
