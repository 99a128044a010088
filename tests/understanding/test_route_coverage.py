"""Every concept the router reads has words in every routing language.

A routing concept without, say, Czech words turns every Czech request that needs it into
`needs_input` or the default route; this test names the concept and the language instead. A
concept counts as covered in a language when it has terms there (or under `any`), or when one of
its `when:` lines uses only concepts covered there.
"""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from runcomfy_skills.catalog.skill_docs import load_catalog
from runcomfy_skills.understanding import lexicon

LANGUAGES = ("en es pt fr it de nl ru uk pl cs ro el tr ar fa he hi ur bn ta id ms vi th tl sw zh ja ko").split()
# What the skill documents do not name with `@` but the derived routing concepts are built from.
BUILDING_BLOCKS = ("keep", "kept", "remove", "replace", "face", "outfit", "dress_up", "scene_look", "stylised",
                   "moves", "copy_moves", "both", "camera", "retime", "extend_clip", "widen", "edges", "voice",
                   "exactly", "dance", "set_moving", "picture", "art_medium", "read_aloud", "my_place", "new_action")
NOT_ROUTING = {"label_added"}  # the gate's concept; the router only uses it to keep "add a label" an edit


def _terms_by_language() -> dict[str, set[str]]:
    folder = resources.files("runcomfy_skills.understanding") / "concepts"
    langs: dict[str, set[str]] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            for name, spec in (data.get("concepts") or {}).items():
                langs.setdefault(name, set()).update((spec.get("terms") or {}).keys())
    return langs


def _routing_concepts() -> set[str]:
    named = set()
    for skill in load_catalog().skills:
        lists = [skill.cues, skill.avoid] + [o.cues for o in skill.out_of_scope] + [o.skill_cues for o in skill.out_of_scope]
        for route in skill.routes:
            lists += [route.pick, route.avoid] + [m.pick for m in route.modes] + [m.avoid for m in route.modes]
        named |= {item[1:] for items in lists for item in items if item.startswith("@")}
    return (named - NOT_ROUTING) | set(BUILDING_BLOCKS)


def _covered(name: str, lang: str, terms: dict[str, set[str]], seen: frozenset[str] = frozenset()) -> bool:
    if lang in terms.get(name, ()) or "any" in terms.get(name, ()):
        return True
    if name in seen:
        return False
    concept = lexicon().concepts[name]
    return any(all(_covered(n, lang, terms, seen | {name}) for n in cond.required) for cond in concept.derived)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_routing_concept_has_words_in_the_language(lang):
    terms = _terms_by_language()
    missing = sorted(n for n in _routing_concepts() if not _covered(n, lang, terms))
    assert missing == [], f"routing concepts with no {lang} words: {', '.join(missing)}"


def test_the_building_blocks_are_concepts_the_lexicon_knows():
    assert set(BUILDING_BLOCKS) <= set(lexicon().concepts)


def test_no_concept_file_says_a_key_twice():
    """YAML keeps the last of two equal keys without a word: a second `restyle:` or `ar:` would silently drop the first."""
    seen: list[str] = []

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [loader.construct_object(k) for k, _ in node.value]
        seen.extend(f"line {node.start_mark.line + 1}: {k}" for k in {k for k in keys if keys.count(k) > 1})
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    folder = resources.files("runcomfy_skills.understanding") / "concepts"
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            yaml.load(entry.read_text(encoding="utf-8"), Loader=Strict)  # noqa: S506 (a SafeLoader subclass)
            assert seen == [], f"{entry.name} says a key twice: {seen}"
