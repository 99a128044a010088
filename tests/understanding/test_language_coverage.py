"""Every concept the harm rules and the face check are built from has terms in every language we
claim to read, so a gap cannot come back silently: a harmful request in Urdu or Hebrew is only
refused if its words are in the lexicon at all. Terms existing is the floor; that they combine
into refusals is what tests/policy and the dev sets check."""

from __future__ import annotations

import pytest

from runcomfy_skills.understanding.lexicon import _load_files, items

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


@pytest.mark.parametrize("concept", CONCEPTS)
def test_each_harm_concept_has_terms_in_every_language(concept):
    missing = [lang for lang in LANGUAGES if not TERMS.get(concept, {}).get(lang)]
    assert missing == [], f"{concept}: no terms in {', '.join(missing)}"

