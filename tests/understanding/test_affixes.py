"""Glued little words (tables/affixes.yaml): a term lists the bare word, and the word is found with
"and", "the", "in", "to", "that", plural and pronoun letters written onto it, in any combination;
short words and words whose edge letters are their own stay themselves."""

from __future__ import annotations

import pytest

from runcomfy_skills.understanding import read
from runcomfy_skills.understanding.affixes import SCRIPTS, glued, plain_forms, stems
from runcomfy_skills.understanding.normalize import fold, forms_of


@pytest.mark.parametrize(("word", "bare"), [
    ("והסרטון", "סרטון"),  # and + the + video
    ("וכשהסרטון", "סרטון"),  # and + when + the + video
    ("מהסרטונים", "סרטון"),  # from + the + videos: the plural off, the final letter back
    ("وبالفيديو", "فيديو"),  # and + with + the + video
    ("للفيديو", "فيديو"),  # to + the (fused) + video
    ("صورتها", "صورة"),  # her picture: the pronoun off, the ta marbuta back
    ("عکس\u200cهایش", "عکس"),  # Persian: his photos, written with a zero-width non-joiner
])
def test_a_word_reads_as_its_bare_stem_whatever_is_glued_to_it(word, bare):
    assert bare in forms_of(fold(word))


@pytest.mark.parametrize("text", [
    "וכשהפנים שלה בסרטונים",  # Hebrew: "and when her face … in the videos"
    "وبوجهها في الفيديو",  # Arabic: "and with her face in the video"
    "چهره\u200cاش را در ویدیو بگذار",  # Persian: "put his face in the video"
])
def test_a_glued_word_states_the_concept_of_its_bare_term(text):
    assert read(text).has("face")


@pytest.mark.parametrize("text", [
    "ممكن تحذف الشعار",  # "could you delete the logo": the present tense is the polite request
    "بتمسح الكتابة",  # dialect progressive + present
    "سأحذف الشعار",  # future
])
def test_an_arabic_present_or_future_verb_reads_as_its_stem(text):
    assert read(text).has("remove")


@pytest.mark.parametrize("word", ["בנת", "بنت", "کسی", "وجه"])  # 3 letters: nothing is glued to them
def test_short_words_are_never_cut(word):
    assert stems(word) == []


@pytest.mark.parametrize(("text", "concept"), [
    ("لباسش را قرمز کن", "third_party"),  # Persian clothes, not "ل" + "باس" (boss)
    ("این ویدیو برای تولد مادرم است", "election"),  # Persian "for", not "ب" + "رای" (vote)
    ("والمالك يريد فيديو", "money_auth"),  # "and the owner", not "the money" + "your"
])
def test_a_word_whose_edge_letters_are_its_own_is_not_cut(text, concept):
    assert not read(text).has(concept)


def test_every_whole_word_of_the_table_would_otherwise_be_cut():
    """An entry of `whole` that no rule would cut is dead data."""
    for script in SCRIPTS:
        free = type(script)(**{**script.__dict__, "whole": ()})
        for word in script.whole:
            assert free.stems(word), f"{word!r} is listed as whole but no rule cuts it"


@pytest.mark.parametrize("text", [
    "tolong logonya dihapus",  # Indonesian passive: "the logo, deleted please"
    "tulisannya dibuang saja",
    "pakibura ang logo",  # Tagalog "please erase"
    "tinanggal ang logo",  # Tagalog infix: "removed"
])
def test_a_glued_verb_prefix_or_infix_reads_as_the_listed_verb(text):
    assert read(text).has("remove")


def test_a_glued_form_that_is_another_language_s_word_is_not_made():
    assert "diwali" not in glued("wali", "id")
    assert glued("hapus", "id") == ["dihapus", "terhapus"]


@pytest.mark.parametrize(("word", "bare"), [
    ("ভিডিওতে", "ভিডিও"),  # Bengali: in the video
    ("মুখটাকে", "মুখ"),  # the face (object)
    ("வீடியோவில்", "வீடியோ"),  # Tamil: in the video
])
def test_case_endings_of_bengali_and_tamil_come_off(word, bare):
    assert bare in forms_of(fold(word))


@pytest.mark.parametrize(("text", "concept"), [
    ("tafadhali iondoe nembo hii kwenye video", "remove"),  # Swahili: remove it (object + request ending)
    ("nembo imefutwa kwenye video yangu?", "remove"),  # it has been deleted (tense + passive)
    ("tafadhali mwondoe mtu huyu kwenye picha", "remove"),  # remove him
    ("نمبر پلیٹ دھندلی کر دو", "blur"),  # Urdu: blur (feminine) the number plate
    ("ভিডিওতে একটা হাতি যোগ করো", "video_word"),  # Bengali: in the video
])
def test_an_inflected_word_of_the_text_s_language_reads_as_its_plain_word(text, concept):
    assert read(text).has(concept)


def test_inflections_are_read_only_in_their_language():
    assert "ondoa" in plain_forms("iondoe", frozenset({"sw"})) and not plain_forms("iondoe", frozenset({"en"}))
    assert "دھندلا" in plain_forms("دھندلی", frozenset({"ur"})) and "धुंधला" in plain_forms("धुंधली", frozenset({"hi"}))
