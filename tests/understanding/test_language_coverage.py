"""Every concept the harm rules and the face check are built from has terms in every language we
claim to read, so a gap cannot come back silently: a harmful request in Urdu or Hebrew is only
refused if its words are in the lexicon at all. Terms existing is the floor; that they combine
into refusals is what tests/policy and the dev sets check."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from runcomfy_skills.understanding.concept_files import items, load_files

LANGUAGES = ("en zh ja ko es de fr pt it ru ar hi vi tr he fa bn ur ta th ms tl sw cs ro el nl pl uk id").split()

# What a harm rule (policy/harm_rules.yaml) or the face check (policy/identity.py) needs to read:
# who is shown, what is done, what it is for; and the look-alikes that keep benign requests running.
CONCEPTS = (
    "face put_into replace remove face_swap_term "
    "sexual soft_sexual undress minor third_party public_figure politician nonconsent consented "
    "sharing ridicule humiliation harassment_strong insult beaten "
    "money_auth scam impersonation gain_access deception "
    "evidence authority alteration submit tally weapon damage timestamp election wrongdoing "
    "ai_label label_evasion fiction parody_label censor uncensored function_word "
    "covering take_off garment_less garment_mark veiled_content named_content former_partner"
).split()


def _terms_by_language() -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for concept_file in load_files().values():
        for name, spec in concept_file.concepts.items():
            for lang, terms in spec.terms.items():
                counts = found.setdefault(name, {})
                counts[lang] = counts.get(lang, 0) + len(items(terms))
    return found


TERMS = _terms_by_language()
CONCEPT_DIR = resources.files("runcomfy_skills.understanding") / "concepts"


@pytest.mark.parametrize("concept", CONCEPTS)
def test_each_harm_concept_has_terms_in_every_language(concept):
    missing = [lang for lang in LANGUAGES if not TERMS.get(concept, {}).get(lang)]
    assert missing == [], f"{concept}: no terms in {', '.join(missing)}"



class _NoRepeats(yaml.SafeLoader):
    """A YAML reader that records a key given twice in one mapping (plain YAML keeps the last silently)."""

    repeats: list[str] = []


def _mapping(loader: _NoRepeats, node: yaml.MappingNode, deep: bool = False) -> dict:
    keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
    loader.repeats += [f"line {node.start_mark.line + 1}: {k!r}" for k in dict.fromkeys(keys) if keys.count(k) > 1]
    return yaml.SafeLoader.construct_mapping(loader, node, deep)


_NoRepeats.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


@pytest.mark.parametrize("path", sorted(p.name for p in CONCEPT_DIR.iterdir() if p.name.endswith(".yaml")))
def test_no_concept_file_gives_a_key_twice(path):
    """A second `speech:` or `sw:` in one file would silently replace the first one's terms."""
    loader = _NoRepeats((CONCEPT_DIR / path).read_text(encoding="utf-8"))
    loader.repeats = []
    try:
        loader.get_single_data()
    finally:
        loader.dispose()
    assert loader.repeats == []
