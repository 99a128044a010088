"""Request words are stemmed, typo-repaired and marked 'kept' before cue phrases are looked up."""

from __future__ import annotations

from runcomfy_skills.routing.text import PhraseIndex, TextView, Vocabulary, compile_phrases, specific_hits, stem


def test_inflections_share_a_stem() -> None:
    assert stem("removing") == stem("removed") == stem("remove")
    assert stem("cartoonify") == stem("cartoon") and stem("anonymise") == stem("anonymize")
    assert stem("snowy") == stem("snow")


def test_one_letter_typos_are_repaired_against_the_cue_words() -> None:
    vocab = Vocabulary({"watermark", "remove", "talking"})
    assert TextView("remvoe the watermrk", vocab).words == ["remove", "the", "watermark"]


def test_real_words_are_not_repaired_into_cues() -> None:
    vocab = Vocabulary({"talking"})
    assert TextView("the person walking", vocab).words == ["the", "person", "walking"]


def test_chat_shorthand_reads_as_the_word() -> None:
    assert TextView("black n white, whole vid").words == ["black", "and", "white", "whole", "video"]


def test_words_after_keep_are_not_the_change() -> None:
    view = TextView("Keep pose, clothing and hair; change only the face")
    kept = [w for w, p in zip(view.words, view.protected) if p]
    assert kept == ["pose", "clothing", "and", "hair"]


def test_words_before_stay_the_same_are_kept() -> None:
    view = TextView("restyle it, the faces should stay the same")
    assert dict(zip(view.words, view.protected))["faces"] is True


def test_phrases_match_across_hyphens_and_joined_spellings() -> None:
    index = PhraseIndex(compile_phrases(["lip sync", "voice-over"], "cues"))
    found = {h.phrase.text for h in index.find(TextView("lipsync to the voice over"))}
    assert found == {"lip sync", "voice-over"}


def test_a_longer_phrase_of_another_group_hides_the_shorter_one() -> None:
    hits = PhraseIndex(compile_phrases(["swap the"], "a") + compile_phrases(["swap the face"], "b")).find(
        TextView("swap the face please"))
    assert [h.phrase.text for h in specific_hits(hits, {"a": "inpaint", "b": "faces"})] == ["swap the face"]


def test_kinds_mentioned_in_words_are_noticed() -> None:
    assert TextView("make this photo talk").kinds == {"image", "audio"}
