"""Prompting help: which image is the face, compound edits split, images renumbered, options read."""

from __future__ import annotations

from runcomfy_skills.routing.arguments import ordinal_roles, renumber, split_edits


def test_words_say_which_image_is_the_face() -> None:
    assert ordinal_roles("Replace the face of the person in image 1 with the face from image 2", 2) == {
        0: "scene", 1: "identity"}
    assert ordinal_roles("my photo is the second one", 2) == {1: "identity"}
    assert ordinal_roles("use the last image as the identity", 4) == {3: "identity"}
    assert ordinal_roles("identity is image 1", 5) == {0: "identity"}


def test_compound_edit_splits_into_one_change_each() -> None:
    assert split_edits("remove the logo, then change the sky to a sunset; keep the people") == [
        "Remove the logo, keep the people.", "Change the sky to a sunset, keep the people."]


def test_details_and_options_stay_with_their_change() -> None:
    for text in ("Remove the watermark and output 1080p", "turn his hoodie into a jacket and keep it tracked",
                 "take the trash can out of the shot and fill in the sidewalk"):
        assert split_edits(text) == [text]


def test_renumber_follows_the_new_order() -> None:
    assert renumber("the face from the first photo onto image 2", {0: 1, 1: 0}, 2) == \
        "the face from image 2 onto image 1"
