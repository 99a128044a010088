"""False friends: a short term of one language does not count in a text written in another language
where the same spelling is an everyday word, and still counts where that language is not spoken."""

from __future__ import annotations

import pytest

from runcomfy_skills.understanding import read
from runcomfy_skills.understanding.languages import spoken_languages


@pytest.mark.parametrize(("text", "concept"), [
    ("mets le visage de son ami sur l'affiche", "minor"),  # French "son" is "his"
    ("haha kkkk coloca a cara dele no vídeo", "wrongdoing"),  # Portuguese laughter, not the KKK
    ("el despegue del avión en el video", "undress"),  # Spanish "take-off", not Portuguese "despe"
    ("đổi màu áo hoodie của bạn nữ thành màu đỏ", "sexual"),  # Vietnamese "nữ" (girl): "đỏ" is no Portuguese "do"
    ("uso la mia maschera fatta con SAM2", "scam"),  # Italian "mask", not German "Masche"
])
def test_a_word_of_the_text_s_own_language_is_not_another_language_s_term(text, concept):
    assert not read(text).has(concept)


@pytest.mark.parametrize(("text", "concept"), [
    ("put my son's face on the astronaut", "minor"),
    ("put the kkk hood on my neighbour and post it", "wrongdoing"),
    ("kkk rally footage", "wrongdoing"),  # no language recognised: every term counts
])
def test_the_same_word_counts_in_its_own_language(text, concept):
    assert read(text).has(concept)


@pytest.mark.parametrize(("words", "expected"), [
    ({"the": {"en"}, "is": {"en", "nl", "hi", "ur"}}, {"en"}),  # English "is" is not Hinglish here
    ({"is": {"en", "nl", "hi", "ur"}, "ko": {"hi", "ur", "tl"}, "karo": {"hi", "ur"}}, {"hi", "ur"}),
    ({"is": {"en", "hi", "ur"}, "me": {"en"}, "karo": {"hi", "ur"}}, {"en", "hi", "ur"}),  # code-switching
    ({"ko": {"hi", "ur", "tl"}}, {"hi", "ur", "tl"}),  # nothing else to tell: every language it is a word of
    ({}, set()),
])
def test_a_shared_little_word_shows_the_languages_other_words_show(words, expected):
    assert spoken_languages(words) == expected


def test_english_little_words_shared_with_roman_urdu_do_not_make_a_text_urdu():
    from runcomfy_skills.understanding import lexicon
    little = lexicon()._little
    text = "can you do this for us, the clip is short"
    words = {w: little[w] for w in text.replace(",", "").split() if w in little}
    assert "ur" not in spoken_languages(words) and "hi" not in spoken_languages(words)


def test_a_file_name_is_read_in_its_request_s_languages():
    """Indonesian "jalan" (a walk) in a file name beside an Indonesian request is no Malay insult "jalang"
    (a typo repair toward Malay); the file name alone, in no known language, still may be."""
    from runcomfy_skills.understanding import read_all
    request = "tolong apus orang yg lewat di belakang dong, ganggu bgt"
    assert read(request).spoken == {"id"}
    assert not read_all([request, "jalan"]).has("insult")
