"""Word senses (senses.py, concepts/senses.yaml): a word with a harmless second sense states nothing
where a concept of that other sense is stated near it, and keeps its meaning everywhere else."""

from __future__ import annotations

import pytest

from runcomfy_skills.understanding import read, read_all
from runcomfy_skills.understanding.lexicon import ConceptFile, Lexicon, LexiconError


def _lexicon(sense: dict) -> Lexicon:
    return Lexicon({"t.yaml": ConceptFile.model_validate({
        "concepts": {"nude": {"about": "nudity words", "terms": {"pt": "pelada, pelado"}},
                     "ball": {"about": "football words", "terms": {"pt": "bola, goleiro"}},
                     "spicy": {"about": "a second concept of the word", "terms": {"pt": "pelada"}}},
        "senses": {"game": {"about": "a casual football match", "words": {"pt": "pelada"}, **sense}}})})


def test_the_word_states_nothing_where_the_other_sense_is_stated_in_its_clause():
    lex = _lexicon({"unless": ["ball"]})
    assert not lex.read("a pelada de domingo, o goleiro chegou tarde").has("nude")
    assert lex.read("a pelada de domingo. o goleiro chegou tarde").has("nude")  # another sentence
    assert lex.read("ela pelada no vídeo").has("nude")  # no other sense near: the word counts


def test_only_the_listed_words_have_the_second_sense():
    assert _lexicon({"unless": ["ball"]}).read("o goleiro pelado").has("nude")


def test_a_number_of_words_bounds_how_near_the_other_sense_must_be():
    lex = _lexicon({"unless": ["ball"], "within": 1})
    assert not lex.read("pelada com bola").has("nude")
    assert lex.read("pelada e depois muito longe a bola").has("nude")


def test_the_second_sense_can_concern_some_concepts_only():
    reading = _lexicon({"unless": ["ball"], "concepts": ["nude"]}).read("pelada com bola")
    assert not reading.has("nude") and reading.has("spicy")


def test_a_sense_must_name_concepts_that_exist():
    with pytest.raises(LexiconError, match="sense game: 'futebol' is not a concept"):
        _lexicon({"unless": ["futebol"]})


@pytest.mark.parametrize(("text", "concept", "stated"), [
    ("filmei a pelada de domingo, o goleiro é meu tio; tira o logo do vídeo", "sexual", False),
    ("coloca o rosto da vizinha numa mulher pelada", "sexual", True),
    ("ve videu změň tvar loga na kulatý", "face", False),  # Czech: the logo's shape
    ("dej jeji tvar do toho videa", "face", True),  # Czech "tvář" (her face) typed bare
])
def test_shipped_senses(text, concept, stated):
    assert read(text).has(concept) is stated


def test_a_file_name_takes_its_sense_from_the_request_beside_it():
    assert not read_all(["filmei o jogo de domingo, o goleiro caiu; tira o logo", "pelada"]).has("sexual")
    assert read_all(["coloca o rosto dela nesse vídeo", "pelada"]).has("sexual")  # no football: still naked


def test_a_request_never_takes_its_sense_from_a_file_name():
    assert read_all(["coloca o rosto dela numa mulher pelada", "futebol goleiro"]).has("sexual")


def _compounds() -> Lexicon:
    return Lexicon({"t.yaml": ConceptFile.model_validate({"concepts": {
        "lengthen": {"about": "make a clip longer", "terms": {"zh": "延长"}},
        "take_away": {"about": "remove a thing", "terms": {"zh": "去掉"}},
        "compound_word": {"about": "longer words holding a shorter term", "terms": {"zh": "延长线"}}}})})


def test_a_spaceless_term_inside_a_listed_longer_word_is_part_of_that_word():
    lex = _compounds()
    reading = lex.read("把地上的延长线去掉")
    assert not reading.has("lengthen") and reading.has("take_away")
    assert not reading.has("compound_word")  # the longer word only stops its parts; it states nothing itself
    assert lex.read("把视频延长，再把延长线去掉").has("lengthen")  # the verb outside the noun still counts


@pytest.mark.parametrize(("text", "concept"), [
    ("把桌子下面的延長線去掉", "extend_clip"),  # an extension cord, not "lengthen"
    ("壁のスローガンを消して", "retime"),  # a slogan, not slow motion
    ("지나가는 사람 얼굴에 모자이크 추가해 줘", "outfit"),  # a mosaic, not a hat
])
def test_shipped_compound_words(text, concept):
    assert not read(text).has(concept)
