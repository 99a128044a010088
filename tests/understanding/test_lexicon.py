"""Concept files: loading, the term language, exceptions, kept words and derived concepts."""

from __future__ import annotations

import pytest

from runcomfy_skills.understanding import read, read_all
from runcomfy_skills.understanding.concept_files import ConceptFile, LexiconError
from runcomfy_skills.understanding.lexicon import Lexicon


def _lexicon(concepts: dict, words: dict | None = None) -> Lexicon:
    return Lexicon({"test.yaml": ConceptFile.model_validate({"words": words or {}, "concepts": concepts})})


def test_a_prefix_an_alternative_an_optional_word_and_a_gap():
    lex = _lexicon({"take_off": {"about": "taking clothes off", "terms": {"en": "take|took [her] .. {garment} off"}}},
                   {"garment": "shirt*, dress"})
    assert lex.read("she took her shirts off").has("take_off")
    assert lex.read("take the red dress off").has("take_off")
    assert not lex.read("take the car off").has("take_off")


def test_an_apostrophe_in_a_term_is_a_word_break_as_in_the_text():
    lex = _lexicon({"watermark": {"about": "a watermark word", "terms": {
        "pt": "marca d'água", "fr": "compteur d'eau|d'électricité, c’est de l'ia"}}})
    assert lex.read("apaga a marca d'água do vídeo").has("watermark")
    assert lex.read("le compteur d’électricité").has("watermark")
    assert lex.read("efface-le, c'est de l'IA").has("watermark")
    assert not lex.read("le compteur de vitesse").has("watermark")


def test_a_stem_with_a_list_of_endings_is_each_whole_word_and_nothing_else():
    lex = _lexicon({"remove": {"about": "removing words", "terms": {"tr": "sil, sil+{tr_end}"}}},
                   {"tr_end": "in, sene, ebilir"})
    assert all(lex.read(w).has("remove") for w in ("sil", "silin", "silsene", "silebilir"))
    assert not lex.read("silah").has("remove")  # a weapon: no * that would reach it


def test_a_stem_with_an_unknown_list_names_the_term():
    with pytest.raises(LexiconError, match="sil\\+\\{nope\\}"):
        _lexicon({"remove": {"about": "removing words", "terms": {"tr": "sil+{nope}"}}})


@pytest.mark.parametrize("text", ["yazıyı silsene", "logoyu silmesini istiyorum", "yazıyı silebilirmisin"])
def test_turkish_request_forms_of_a_short_verb_are_read(text):
    assert read(text).has("remove")


def test_a_gap_does_not_cross_a_clause():
    lex = _lexicon({"x": {"about": "two words", "terms": {"en": "remove .. logo"}}})
    assert lex.read("remove the small logo").has("x")
    assert not lex.read("remove it. logo").has("x")


def test_a_look_alike_exception_hides_the_term_it_covers():
    lex = _lexicon({"nude": {"about": "nudity words", "terms": {"en": "naked"}, "except": {"en": "naked eye"}}})
    assert not lex.read("visible to the naked eye").has("nude")
    assert lex.read("naked eye and naked body").has("nude")


def test_a_dense_term_matches_inside_spaceless_text_and_with_a_gap():
    lex = _lexicon({"face_swap": {"about": "face swap", "terms": {"zh": "换脸, 脸..换成"}}})
    assert lex.read("帮我换脸").has("face_swap")
    assert lex.read("把他的脸全部换成她的").has("face_swap")


def test_derived_concepts_need_their_parts_in_one_clause():
    lex = _lexicon({
        "face": {"about": "a face shown", "terms": {"en": "face"}},
        "swap": {"about": "a swap verb", "terms": {"en": "swap"}},
        "face_swap": {"about": "both in one clause", "when": ["face ~ swap"]},
    })
    assert lex.read("swap the face").has("face_swap")
    assert not lex.read("swap the car. the face is fine").has("face_swap")


def test_kept_words_do_not_count_for_protected_concepts():
    reading = read("change the jacket to a tuxedo but keep her face")
    assert reading.has("outfit_swap") and not reading.has("face_into_media")
    assert not read("Ersetze das Outfit, aber das Gesicht bleibt gleich").has("face")


def test_an_unknown_word_list_or_concept_is_an_error_naming_it():
    with pytest.raises(LexiconError, match="nope"):
        _lexicon({"x": {"about": "a test concept", "terms": {"en": "{nope}"}}})
    with pytest.raises(LexiconError, match="missing"):
        _lexicon({"x": {"about": "a test concept", "when": ["missing"]}})


def test_what_a_concept_was_said_with_is_the_text_as_written():
    assert read("cámbiale la cara").said("face") == ["cara"]


@pytest.mark.parametrize("text", [
    "swap the face of the man in the video with the face in the photo",
    "動画の男性の顔を写真の顔に入れ替えて",
    "cámbiale la cara al hombre del video por la de la foto",
    "Tausche sein Gesicht mit dem Gesicht auf dem Foto",
    "remplace le visage de l'homme par celui de la photo",
    "把视频里男人的脸换成照片里的人",
    "영상 속 남자 얼굴을 사진 속 얼굴로 바꿔줘",
    "замени лицо мужчины на лицо с фото",
    "वीडियो में आदमी का चेहरा बदल दो",
    "video wale aadmi ka chehra badal do",
    "đổi mặt người đàn ông trong video",
    "videodaki adamın yüzünü fotoğraftaki yüzle değiştir",
    "ganti wajah pria di video dengan wajah di foto",
    "استبدل وجه الرجل في الفيديو بالوجه في الصورة",
    "f4ce sw4p pls",
])
def test_putting_a_face_into_media_is_read_in_many_languages(text):
    assert read(text).has("face_into_media"), text


def test_an_extension_adds_terms_to_a_concept_another_file_defines():
    lex = Lexicon({
        "a.yaml": ConceptFile.model_validate({"concepts": {"nude": {"about": "nudity words", "terms": {"en": "naked"}}}}),
        "b.yaml": ConceptFile.model_validate({"concepts": {"nude": {"extends": True, "terms": {"id": "bugil"}}}}),
    })
    assert lex.read("foto bugil").has("nude") and lex.read("naked").has("nude")


def test_an_extension_of_a_concept_no_file_defines_is_an_error_naming_it():
    with pytest.raises(LexiconError, match="ghost"):
        _lexicon({"ghost": {"extends": True, "terms": {"en": "boo"}}})


def test_an_extension_cannot_change_what_a_concept_is():
    with pytest.raises(ValueError, match="only adds terms"):
        ConceptFile.model_validate({"concepts": {"x": {"extends": True, "when": ["y"]}}})


def test_a_dense_term_spells_out_its_word_list_and_an_exception_can_too():
    lex = _lexicon({"young": {"about": "a child's age", "terms": {"zh": "{small}岁"}, "except": {"zh": "{big}岁"}}},
                   {"small": "3, 12", "big": "13, 23"})
    assert lex.read("她12岁").has("young")
    assert not lex.read("她23岁").has("young")  # "3岁" is inside "23岁"


def test_a_phrase_group_gives_one_term_per_phrase():
    lex = _lexicon({"drop": {"about": "taking it away", "terms": {"en": "(get rid of|remove) the label"}}})
    assert lex.read("get rid of the label").has("drop") and lex.read("remove the label").has("drop")
    assert not lex.read("get the label").has("drop")


def test_a_hyphenated_term_word_matches_the_split_and_the_joined_spelling():
    lex = _lexicon({"coworker": {"about": "a coworker named", "terms": {"en": "co-worker"}}})
    assert lex.read("my co-worker").has("coworker") and lex.read("my coworker").has("coworker")


def test_a_one_letter_typo_of_a_long_term_word_still_reads_as_it():
    lex = _lexicon({"nude": {"about": "nudity words", "terms": {"en": "naked, topless"}}})
    assert lex.read("make her nakked").has("nude") and lex.read("make her toples").has("nude")
    assert not lex.read("the bake").has("nude")  # short words are left as they are


def test_a_capitalised_name_in_the_middle_of_a_sentence_is_a_named_person():
    assert read("make Jessica's photo look sexy").has("named_person")
    assert not read("make the Christmas photo brighter").has("named_person")


def test_readings_of_parts_join_into_one_with_later_clauses():
    joined = read_all(["swap the face", "my 12 year old neighbour"])
    assert joined.has("face_into_media") and joined.has("minor")
    assert max(joined.clauses("minor")) > max(joined.clauses("face_into_media"))
