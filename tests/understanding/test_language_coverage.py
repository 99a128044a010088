"""Every concept the harm rules and the face check are built from has terms in every language we
claim to read, so a gap cannot come back silently: a harmful request in Urdu or Hebrew is only
refused if its words are in the lexicon at all. Terms existing is the floor; that they combine
into refusals is what tests/policy and the dev sets check."""

from __future__ import annotations

import pytest

from runcomfy_skills.understanding.lexicon import _load_files, items
from runcomfy_skills.understanding.normalize import strip_accents

LANGUAGES = ("en zh ja ko es de fr pt it ru ar hi vi tr he fa bn ur ta th ms tl sw cs ro el nl pl uk id").split()

# What a harm rule (policy/harm_rules.yaml) or the face check (policy/identity.py) needs to read:
# who is shown, what is done, what it is for; and the look-alikes that keep benign requests running.
CONCEPTS = (
    "face put_into replace remove face_swap_term "
    "sexual soft_sexual undress minor third_party public_figure politician nonconsent consented "
    "sharing ridicule humiliation harassment_strong insult "
    "money_auth scam impersonation gain_access deception "
    "evidence authority alteration submit tally weapon damage timestamp election wrongdoing "
    "ai_label label_evasion fiction parody_label censor uncensored function_word"
).split()


def _terms_by_language() -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for concept_file in _load_files().values():
        for name, spec in concept_file.concepts.items():
            for lang, terms in spec.terms.items():
                counts = found.setdefault(name, {})
                counts[lang] = counts.get(lang, 0) + len(items(terms))
    return found


TERMS = _terms_by_language()
# Concepts that are about little words themselves, or whose words another reader already owns.
NOT_CHECKED = {"function_word", "self", "me", "keep", "kept"}  # "me": the asker in every language, shared words mean the same
# Clashes we keep knowingly, each with its cost: (concept, language, word).
KNOWN_CLASHES = {
    ("third_party", "de", "sie"),
    # French and Portuguese "nu" (naked) is Romanian "not": lang_ro.yaml excepts "nu" + the word after it.
    ("sexual", "fr", "nu"),
    ("sexual", "pt", "nu"),  # German "she"; Polish "się" reads as someone else too (rules need more than that)
}


@pytest.mark.parametrize("concept", CONCEPTS)
def test_each_harm_concept_has_terms_in_every_language(concept):
    missing = [lang for lang in LANGUAGES if not TERMS.get(concept, {}).get(lang)]
    assert missing == [], f"{concept}: no terms in {', '.join(missing)}"


def _function_words() -> dict[str, set[str]]:
    """Each language's little words (language.yaml and its extensions), accents off → languages."""
    words: dict[str, set[str]] = {}
    for concept_file in _load_files().values():
        spec = concept_file.concepts.get("function_word")
        for lang, terms in (spec.terms.items() if spec else ()):
            for word in items(terms):
                words.setdefault(strip_accents(word.casefold()), set()).add(lang)
    return words


def test_no_one_word_term_is_a_little_word_of_another_language():
    """A false friend ("para" is money in Turkish and "for" in Spanish) would read every sentence of
    the other language as the concept: a harm rule then refuses, or a look-alike lets harm through."""
    little = _function_words()
    clashes = []
    for source, concept_file in _load_files().items():
        for name, spec in concept_file.concepts.items():
            if name in NOT_CHECKED:
                continue
            for lang, terms in spec.terms.items():
                for term in items(terms):
                    for word in ([] if " " in term else term.split("|")):
                        if (name, lang, word) in KNOWN_CLASHES:
                            continue
                        other = little.get(strip_accents(word.casefold()), set()) - {lang, "any"}
                        if other:
                            clashes.append(f"{source}: {name} ({lang}) {word!r} is a little word of {sorted(other)}")
    assert clashes == []
