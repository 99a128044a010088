"""Every harm concept is reachable through the ways people hide a word from a filter: leetspeak digits
(also as a word's first letters: "5exy"; a word all digits is a number), letters spaced out, zero-width characters inside the word,
look-alike Cyrillic letters. A property over the concept files: each Latin one-word harm term, hidden
each way, still states its concept."""

from __future__ import annotations

from collections import defaultdict
from importlib import resources

import pytest
import yaml

from runcomfy_skills.understanding import read
from runcomfy_skills.understanding.concept_files import items

_LEET = str.maketrans("oieastbg", "01345789")
_CYRILLIC = str.maketrans("aeopcx", "аеорсх")
WAYS = {
    "leet": lambda w: w.translate(_LEET),
    "spaced": lambda w: " ".join(w),
    "zero-width": lambda w: "\u200b".join(w),
    "look-alike": lambda w: w.translate(_CYRILLIC),
}


def _harm_terms() -> dict[str, list[str]]:
    """Each harm concept's plain Latin one-word terms (a word of four letters or more, no wildcard)."""
    folder = resources.files("runcomfy_skills.understanding") / "concepts"
    out: dict[str, set[str]] = defaultdict(set)
    for entry in folder.iterdir():
        if entry.name.startswith("harm") and entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            for name, spec in (data.get("concepts") or {}).items():
                for lang, terms in (spec.get("terms") or {}).items():
                    if lang in ("en", "any"):
                        out[name].update(t for t in items(terms) if t.isascii() and t.isalpha() and len(t) >= 4)
    return {name: sorted(words) for name, words in out.items() if words}


HARM_TERMS = _harm_terms()


@pytest.mark.parametrize("way", WAYS)
def test_every_harm_term_hidden_is_still_read(way):
    hide = WAYS[way]
    read_plain = [(concept, word) for concept, words in HARM_TERMS.items() for word in words if read(word).has(concept)]
    missed = [(concept, word, hide(word)) for concept, word in read_plain
              if not hide(word).isdigit() and not read(hide(word)).has(concept)]
    # a hidden word may be cut into another language's little word ("8007" "y": Spanish "y"): rare
    assert len(missed) <= 0.01 * len(read_plain), missed


def test_the_property_covers_the_harm_concepts():
    assert len(HARM_TERMS) >= 20 and sum(map(len, HARM_TERMS.values())) >= 200
