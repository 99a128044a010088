"""Typo repair (typos.py): a misspelt term word still states its concept, but a word is repaired only
toward the languages the text is written in, short real words are not swapped into others, and the
router keeps its own repair of the words the understanding layer only understood as typos."""

from __future__ import annotations

import pytest

from runcomfy_skills.understanding import read
from runcomfy_skills.understanding.typos import Typos


@pytest.mark.parametrize(("text", "concept"), [
    ("pls remvoe the logo", "remove"),  # two letters swapped
    ("pls remve the logo", "remove"),  # a letter left out
    ("quita el logo y borar el texto", "remove"),  # Spanish "borrar" with one r
])
def test_a_typo_of_a_term_word_of_the_text_s_language_states_its_concept(text, concept):
    assert read(text).has(concept)


@pytest.mark.parametrize(("text", "concept"), [
    ("Chcę usunąć logo w tym filmie", "fiction"),  # Polish "in the video", not Portuguese "filme" (a film)
    ("quiero tocar la guitarra en el video", "replace"),  # Spanish "play", not Portuguese "trocar" (swap)
])
def test_a_word_is_not_repaired_into_a_term_of_a_language_the_text_is_not_in(text, concept):
    assert not read(text).has(concept)


def test_repair_goes_only_toward_the_languages_spoken():
    typos = Typos([("filme", "pt"), ("remove", "en"), ("video", "any")])
    assert typos.repair("filmie", frozenset({"pl"}), {}) is None
    assert typos.repair("filmie", frozenset({"pt"}), {}) == "filme"
    assert typos.repair("filmie", frozenset(), {}) == "filme"  # no language recognised: any term word
    assert typos.repair("vidmeo", frozenset({"pl"}), {}) == "video"  # a word of `any` language fits every text


def test_a_little_word_of_the_text_s_language_is_never_repaired():
    typos = Typos([("tocar", "pt"), ("trocar", "pt")])
    assert typos.repair("tocar", frozenset({"es"}), {"tocar": frozenset({"es"})}) is None


def test_short_words_and_word_starts_are_not_swapped_into_other_words():
    typos = Typos([("three", "en"), ("remove", "en"), ("falsche", "de")])
    assert typos.repair("there", frozenset({"en"}), {}) is None
    assert typos.repair("flasche", frozenset({"de"}), {}) is None  # a bottle, not "false"
    assert typos.repair("remvoe", frozenset({"en"}), {}) == "remove"


def test_a_repaired_word_is_left_to_the_router_to_repair_as_its_own_cue():
    reading = read("pls remvoe the logo")
    assert reading.has("remove") and "remvoe" not in reading.words()
