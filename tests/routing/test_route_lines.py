"""The lines the skill documents draw between routes, held in every language, and the router failing closed.

`tests/data/route_probes_languages.jsonl` holds requests written from the skill documents' criteria,
one class per tag (Lucy restyle or outfit vs Wan 2.7 local edit, Kling motion copy vs Wan 2.2 Animate,
talking portraits, the redirects, needs_input), each in many languages.
"""

from __future__ import annotations

import pytest

from runcomfy_skills.catalog.skill_docs import load_catalog
from runcomfy_skills.eval import load_cases, route_matches
from runcomfy_skills.models import Asset
from runcomfy_skills.routing.router import route_request

from tests.paths import DATA

PROBES = DATA / "route_probes_languages.jsonl"
CDN = "https://cdn.example.com/"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _route(catalog, text: str, *names: str):
    return route_request(catalog, text, [Asset(url=CDN + n) for n in names])


def test_each_class_of_the_language_probes_is_routed_right(catalog):
    by_class: dict[str, list[str]] = {}
    for case in load_cases(PROBES):
        got = route_request(catalog, case["request"], case["assets"])
        if not route_matches(case["expect"], got):
            by_class.setdefault(case["tags"][0], []).append(f"{case['lang']}: {case['request']} → {got.decision} "
                                                            f"{got.route or got.redirect_id}")
        else:
            by_class.setdefault(case["tags"][0], [])
    total = sum(1 for _ in load_cases(PROBES))
    misses = [m for ms in by_class.values() for m in ms]
    assert len(misses) <= 0.02 * total, misses
    assert all(len(ms) <= 1 for ms in by_class.values()), by_class


@pytest.mark.parametrize("text", [
    "the clip and the photo, thanks",
    "mach das mit den beiden",  # German, nothing asked
])
def test_a_portrait_and_a_clip_never_go_to_inpainting_unless_the_words_ask_for_it(catalog, text):
    got = _route(catalog, text, "img_2231.jpg", "clip.mp4")
    assert got.skill != "video-inpainting" or got.decision != "route", got.reasons


def test_unclear_words_with_files_that_fit_a_face_swap_ask_instead_of_inpainting(catalog):
    got = _route(catalog, "this one, same as before", "img_2231.jpg", "clip.mp4")
    assert got.decision == "needs_input" or got.skill == "face-swap"
    if got.decision == "needs_input":
        assert any("face swap" in r for r in got.reasons)


def test_a_model_named_in_the_request_is_the_route_when_it_can_take_the_files(catalog):
    got = _route(catalog, "nano banana pls — my face into this one poster", "me.jpg", "poster.png")
    assert (got.route, got.decision) == ("google/nano-banana-2/edit", "route")
    assert any("by name" in r for r in got.reasons)
    got = _route(catalog, "use kling for this one: me doing the dance", "me.jpg", "dance.mp4")
    assert got.route == "kling/kling-2-6/motion-control-pro"


def test_style_words_beside_a_portrait_and_a_clip_describe_the_character_not_a_restyle(catalog):
    got = _route(catalog, "my cartoon mascot should copy the dance in this clip", "mascot.png", "dance.mp4")
    assert (got.skill, got.route) == ("face-swap", "kling/kling-2-6/motion-control-pro")
    got = _route(catalog, "turn the whole clip into a cartoon, keep everyone recognisable", "clip.mp4")
    assert got.route == "decart/lucy-edit/restyle"


def test_a_kept_face_is_not_a_face_swap_in_other_languages(catalog):
    for text in ["Zmień jego bluzę na garnitur, ale żeby twarz została ta sama",
                 "adamın tişörtünü smokine çevir, yüzü aynı kalsın",
                 "Předělej video do komiksového stylu, obličeje ať zůstanou k poznání."]:
        got = _route(catalog, text, "clip.mp4")
        assert got.route == "decart/lucy-edit/restyle", (text, got.reasons)


def test_the_same_concept_words_count_as_much_as_english_words(catalog):
    """Blurring a passer-by on a photo is still-image inpainting in French as in English."""
    for text in ["blur the face of the passer-by in this photo", "Floute le visage du passant sur cette photo."]:
        got = _route(catalog, text, "street.jpg")
        assert got.redirect_id == "image-inpainting", (text, got.reasons)
