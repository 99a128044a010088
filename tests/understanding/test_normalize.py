"""Folding and tokens: the spellings people and attackers use read as the word they stand for."""

from __future__ import annotations

from runcomfy_skills.understanding.normalize import analyse, forms_of


def _words(text: str) -> list[tuple[str, ...]]:
    return [t.forms for t in analyse(text).tokens]


def test_full_width_letters_read_as_ascii():
    assert _words("ｒｅｍｏｖｅ")[0][0] == "remove"


def test_zero_width_and_bidi_characters_are_dropped():
    assert _words("n\u200bu\u200dde \u202eok")[0][0] == "nude"


def test_letter_spaced_words_are_rejoined():
    assert [w[0] for w in _words("make p o r n and n.u.d.e.s")] == ["make", "porn", "and", "nudes"]


def test_leetspeak_digits_are_an_extra_reading_of_the_word():
    assert forms_of("n4ked") == ("n4ked", "naked")
    assert "nudes" in forms_of("nud3s")


def test_a_number_before_letters_is_its_own_token():
    assert [w[0] for w in _words("my 13yo cousin")] == ["my", "13", "yo", "cousin"]


def test_accents_are_stripped_as_an_extra_form():
    assert forms_of("cámbiale") == ("cámbiale", "cambiale")
    assert "doi" in forms_of("đổi")


def test_a_latin_word_with_a_cyrillic_look_alike_reads_as_latin():
    assert "naked" in forms_of("n\u0430ked")
    assert forms_of("лицо")[0] == "лицо"  # a Russian word stays Russian


def test_spaceless_scripts_go_to_the_dense_text_without_the_spaces_between_them():
    folded = analyse("把 他 的 脸 换成 我的, ok")
    assert folded.dense.startswith("把他的脸换成我的")
    assert [t.forms[0] for t in folded.tokens] == ["ok"]


def test_contractions_are_read_out():
    assert [w[0] for w in _words("don't change her face")][:3] == ["do", "not", "change"]


def test_digits_of_other_scripts_read_as_ascii():
    assert [t.forms[0] for t in analyse("عمرها ١٢ سنة").tokens][1] == "12"
    assert "12" in [t.forms[0] for t in analyse("उम्र १२").tokens]


def test_eighteen_plus_reads_as_a_word():
    assert [t.forms[0] for t in analyse("an 18+ clip").tokens] == ["an", "18", "plus", "clip"]


def test_an_article_before_a_letter_spaced_word_stays_a_word():
    assert [w[0] for w in _words("make a p o r n clip")] == ["make", "a", "porn", "clip"]


def test_a_leading_plus_before_an_age_reads_like_a_trailing_one():
    """"+18" (pt, es, tr, ar usage) is "18 plus" as "18+" is; a phone prefix's longer number is not."""
    assert [t.forms[-1] for t in analyse("vídeo +18 kkkk").tokens][:3] == ["video", "18", "plus"]
    assert [t.forms[-1] for t in analyse("+18yaş").tokens] == ["18", "plus", "yas"]
    assert "plus" not in [t.forms[0] for t in analyse("call +4420 7946").tokens]


def test_format_and_device_names_are_not_leetspeak():
    assert forms_of("mp4") == ("mp4",)  # not "mpa", a politician in romanised Urdu
    assert forms_of("ps4") == ("ps4",)
    assert "nude" in forms_of("nud3")  # a word is still read through its digits
