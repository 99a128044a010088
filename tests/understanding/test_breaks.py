"""Where a stretch of text ends (tables/breaks.yaml, normalize.py): every language's "but" ends a "keep …"
stretch as a comma does; Thai and Lao spaces, which separate phrases, do too; a kept stretch holds the words
that start inside the keep words."""

from __future__ import annotations

import pytest

from runcomfy_skills.understanding import read
from runcomfy_skills.understanding.normalize import _BREAK_WORDS, analyse
from tests.understanding.test_language_coverage import LANGUAGES


def test_every_language_says_where_a_kept_stretch_ends():
    assert sorted(set(LANGUAGES) - set(_BREAK_WORDS["soft"])) == []


@pytest.mark.parametrize("text", [
    "চেহারা রাখো কিন্তু জামা বদলাও",  # Bengali: the word ends in a vowel sign
    "முகம் அப்படியே ஆனால் சட்டையை மாற்று",  # Tamil: the word ends in a virama
    "چهره بماند ولی لباس را عوض کن",  # Persian
    "arcát hagyd, viszont az inget cseréld",  # Hungarian
])
def test_a_but_of_any_language_is_a_soft_break(text):
    assert analyse(text).breaks


def test_a_thai_space_is_a_soft_break_and_a_korean_space_is_not():
    thai = analyse("คงหน้าไว้ เปลี่ยนเสื้อ")
    assert thai.dense_breaks == (thai.dense.index("เปลี่ยน"),)
    assert analyse("얼굴은 그대로 두고 옷을 바꿔").dense_breaks == ()


def test_what_follows_a_persian_but_is_changed_not_kept():
    assert read("لباس\u200cهایش را قرمز کن ولی خودش همان بماند").has("outfit")


def test_a_face_term_that_starts_inside_thai_keep_words_is_kept():
    reading = read("ไม่ต้องเปลี่ยนหน้า เปลี่ยนเสื้อเป็นสีแดง")  # no need to change the face; make the shirt red
    assert not reading.has("face") and reading.has("outfit_swap")


@pytest.mark.parametrize(("text", "clauses"), [
    ("顔はそのまま。服を赤にして", 2),  # ideographic full stop
    ("顔はそのまま！服を赤にして？背景も", 3),  # full-width marks read as ASCII
    ("脸不要变，衣服换成红色", 1),  # a full-width comma is a soft break, not a clause end
])
def test_cjk_punctuation_ends_clauses_and_commas_do_not(text, clauses):
    assert analyse(text).clause_count == clauses


def test_cjk_commas_are_soft_breaks():
    folded = analyse("脸不要变，衣服换成红色、背景也")
    assert len(folded.dense_breaks) == 2
