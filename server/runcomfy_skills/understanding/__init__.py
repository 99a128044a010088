"""Concepts in any language → facts both the router and the gate use (pure, no I/O).

`read(text)` folds the text (NFKC, case, accents, leetspeak, look-alike letters, spaced-out
letters, invisible characters) and finds the concepts of the shipped concept files in one pass.
`read_all(texts)` reads several texts as one (a request and its files' roles and names), the later ones
in the languages of the first too: an Indonesian file name "jalan" (a walk) beside an Indonesian request
is no Malay "jalang" (an insult).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from runcomfy_skills.understanding.lexicon import Lexicon, LexiconError, Reading, lexicon

K = TypeVar("K", str, tuple[str, ...], tuple[str, frozenset[str]])

__all__ = ["Lexicon", "LexiconError", "Reading", "lexicon", "read", "read_all"]

_RECENT = 4  # the router and the gate read the same request within one decision
_recent = threading.local()


def _remembered(kind: str, key: K, compute: Callable[[K], Reading]) -> Reading:
    """The last few readings of this thread, by what was read (kept apart per `kind`)."""
    cache: dict[K, Reading] | None = getattr(_recent, kind, None)
    if cache is None:
        cache = {}
        setattr(_recent, kind, cache)
    found = cache.get(key)
    if found is None:
        if len(cache) >= _RECENT:
            cache.pop(next(iter(cache)))
        found = cache[key] = compute(key)
    return found


def read(text: str) -> Reading:
    """Every concept `text` states, with the clauses it states them in (the same text read again within
    a decision is not read twice: the last few readings of this thread are kept)."""
    return _remembered("texts", text, lexicon().read)


def read_all(texts: list[str]) -> Reading:
    """Several texts as one reading, each after the other (as if joined by newlines), the later ones read in
    the first one's languages too; the router's question, the gate and `plan` ask for the same request's
    reading in turn: it is made once."""
    if len(texts) == 1:
        return read(texts[0])
    return _remembered("joined", tuple(texts), _joined)


def _joined(texts: tuple[str, ...]) -> Reading:
    first = read(texts[0])
    rest = [_remembered("beside", (text, first.spoken), _beside) for text in texts[1:]]
    return lexicon().join([first, *rest])


def _beside(key: tuple[str, frozenset[str]]) -> Reading:
    return lexicon().read(*key)
