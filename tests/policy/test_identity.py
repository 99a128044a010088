"""Fail closed on identity: words in any language, file roles or file names that put a face into media."""

from __future__ import annotations

import pytest

from runcomfy_skills.models import Asset
from runcomfy_skills.policy.gate import needs_consent
from runcomfy_skills.policy.identity import asset_words, screened_text

VIDEO = Asset(url="https://cdn.example.com/clip.mp4")


def _wan(catalog):
    route = catalog.route("wan-ai/wan-2-7/edit-video")
    return catalog.skill(route.skill), route


def test_a_file_named_as_a_face_with_a_clip_needs_consent_on_an_inpainting_route(catalog):
    assert needs_consent(*_wan(catalog), "Replace the man with this person.",
                         [VIDEO, Asset(url="https://cdn.example.com/identity-face.jpg")])


def test_a_role_that_says_identity_needs_consent(catalog):
    assert needs_consent(*_wan(catalog), "do it", [VIDEO, Asset(url="https://cdn.example.com/x.jpg", role="selfie")])


@pytest.mark.parametrize("text", ["swap the face of the man with the face in the reference",
                                  "把视频里男人的脸换成参考图里的人", "make him look exactly like Tom Cruise"])
def test_words_that_put_a_face_into_media_need_consent_on_an_inpainting_route(catalog, text):
    assert needs_consent(*_wan(catalog), text, [VIDEO, Asset(url="https://cdn.example.com/b.jpg")])


def test_a_plain_edit_with_a_reference_object_needs_no_consent(catalog):
    assert not needs_consent(*_wan(catalog), "Replace the bottle with the can in the reference image.",
                             [VIDEO, Asset(url="https://cdn.example.com/can.jpg")])


def test_every_face_swap_route_needs_consent_whatever_the_words(catalog):
    route = catalog.route("openai/gpt-image-2/edit")
    assert needs_consent(catalog.skill(route.skill), route, "", [])


def test_the_screened_text_carries_roles_and_file_name_words():
    asset = Asset(url="https://cdn.example.com/up/my_ex-girlfriend%20beach.jpg?sig=1", role="identity_ref")
    assert asset_words(asset) == "identity ref my ex girlfriend beach"
    assert screened_text("swap", [asset]).splitlines() == ["swap", "identity ref my ex girlfriend beach"]
