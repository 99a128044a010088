"""Concepts in any language → facts both the router and the gate use (pure, no I/O).

`read(text)` folds the text (NFKC, case, accents, leetspeak, look-alike letters, spaced-out
letters, invisible characters) and finds the concepts of the shipped concept files in one pass.
"""

from __future__ import annotations

from runcomfy_skills.understanding.lexicon import Lexicon, LexiconError, Reading, lexicon

__all__ = ["Lexicon", "LexiconError", "Reading", "lexicon", "read"]


def read(text: str) -> Reading:
    """Every concept `text` states, with the clauses it states them in."""
    return lexicon().read(text)
