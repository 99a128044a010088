"""False friends: a short term of one language does not count in a text written in another language
where the same spelling is an everyday word, and still counts where that language is not spoken."""

from __future__ import annotations

import pytest

from runcomfy_skills.understanding import read


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
