"""Concepts in any language → facts both the router and the gate use (pure, no I/O).

`read(text)` folds the text (NFKC, case, accents, leetspeak, look-alike letters, spaced-out
letters, invisible characters) and finds the concepts of the shipped concept files in one pass.
`read_all(texts)` reads several texts as one (a request and its files' roles and names).
"""

from __future__ import annotations

import threading

from runcomfy_skills.understanding.lexicon import Lexicon, LexiconError, Reading, lexicon

__all__ = ["Lexicon", "LexiconError", "Reading", "lexicon", "read", "read_all"]

_RECENT = 4  # the router and the gate read the same request within one decision
_recent = threading.local()


def read(text: str) -> Reading:
    """Every concept `text` states, with the clauses it states them in (the same text read again within
    a decision is not read twice: the last few readings of this thread are kept)."""
    cache: dict[str, Reading] | None = getattr(_recent, "cache", None)
    if cache is None:
        cache = _recent.cache = {}
    found = cache.get(text)
    if found is None:
        if len(cache) >= _RECENT:
            cache.pop(next(iter(cache)))
        found = cache[text] = lexicon().read(text)
    return found


def read_all(texts: list[str]) -> Reading:
    """Several texts as one reading, each after the other (as if joined by newlines)."""
    parts = [read(t) for t in texts]
    return parts[0] if len(parts) == 1 else lexicon().join(parts)
