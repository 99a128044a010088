"""Assets get a kind (given, extension, query string, role, name) and land in route slots."""

from __future__ import annotations

import pytest

from runcomfy_skills.models import Asset
from runcomfy_skills.routing.assets import fit_route, view_assets

CDN = "https://cdn.example.com/"


def test_kind_is_read_from_an_extension_inside_the_query_string() -> None:
    (view,) = view_assets([Asset(url=CDN + "dl?file=take.mov&sig=x")])
    assert (view.kind, view.kind_sure) == ("video", True)


def test_kind_is_guessed_from_the_role_when_the_url_says_nothing() -> None:
    (view,) = view_assets([Asset(url=CDN + "u/124", role="voice")])
    assert (view.kind, view.kind_sure) == ("audio", False)


def test_file_names_hint_at_roles_with_the_telling_word_winning() -> None:
    views = view_assets([Asset(url=CDN + "target-character.png"), Asset(url=CDN + "target-scene.jpg"),
                         Asset(url=CDN + "0001.png")])
    assert [v.hint for v in views] == ["identity", "scene", "frame"]


def test_caller_roles_are_mapped_to_the_document_vocabulary() -> None:
    (view,) = view_assets([Asset(url=CDN + "a.mp4", role="Driving Video")])
    assert view.role == "reference_video"


def test_fit_names_missing_slots_and_unusable_files(catalog) -> None:
    views = view_assets([Asset(url=CDN + "a.png"), Asset(url=CDN + "b.mp4")])
    fit = fit_route(catalog.route("gpt_image_2_edit"), views)
    assert [(s.field, n) for s, n in fit.missing] == [("images", 1)]
    assert [v.asset.url for v in fit.extras] == [CDN + "b.mp4"]


@pytest.mark.parametrize(("files", "mode", "fields"), [
    (["me.png", "clip.mp4"], "replace", ["image_url", "video_url"]),
    (["me.png", "voiceover.mp3"], "speak", ["image_url", "audio_url"]),
])
def test_a_route_with_modes_fits_the_mode_its_files_fill(catalog, files, mode, fields) -> None:
    fit = fit_route(catalog.route("wan_2_2_animate"), view_assets([Asset(url=CDN + f) for f in files]))
    assert fit.exact and fit.mode.id == mode
    assert [s.field for s in fit.slots] == fields


def test_when_files_fit_several_modes_the_preference_decides_then_the_default(catalog) -> None:
    route = catalog.route("wan_2_2_animate")
    views = view_assets([Asset(url=CDN + "me.png"), Asset(url=CDN + "clip.mp4")])
    assert fit_route(route, views, prefer=lambda m: 1.0 if m.id == "animate" else 0.0).mode.id == "animate"
    assert fit_route(route, views, prefer=lambda m: 0.0).mode.id == "replace"


def test_a_file_of_unknown_kind_fills_the_slot_that_is_short(catalog) -> None:
    views = view_assets([Asset(url=CDN + "a.png"), Asset(url=CDN + "blob/77")])
    fit = fit_route(catalog.route("kling_2_6_motion_control_pro"), views)
    assert fit.exact and fit.guessed == 1 and fit.placed[1][0].asset.url == CDN + "blob/77"


def test_counts_outside_the_typical_range_are_flagged(catalog) -> None:
    views = view_assets([Asset(url=CDN + f"{i}.jpg") for i in range(3)])
    assert fit_route(catalog.route("gpt_image_2_edit"), views).atypical
    assert not fit_route(catalog.route("nano_banana_2_edit"), views).atypical


def test_multi_image_slot_puts_the_leading_role_first(catalog) -> None:
    views = view_assets([Asset(url=CDN + "me.jpg"), Asset(url=CDN + "scene.jpg")])
    gpt = fit_route(catalog.route("gpt_image_2_edit"), views)
    nano = fit_route(catalog.route("nano_banana_2_edit"), views)
    assert [v.index for v in gpt.placed[0]] == [1, 0] and [v.index for v in nano.placed[0]] == [0, 1]
