"""A direct route call's body is checked for a mode the route has, and completed with what it fixes."""

from __future__ import annotations

import pytest

from runcomfy_skills.catalog.bodies import body_mode, complete_body
from runcomfy_skills.errors import ExitCode, SkillError

CDN = "https://cdn.example.com/"


@pytest.mark.parametrize(("body", "mode", "sent"), [
    ({"image_url": CDN + "me.jpg", "video_url": CDN + "clip.mp4"}, "replace", {"mode": "replace"}),
    ({"image_url": CDN + "me.jpg", "video_url": CDN + "clip.mp4", "mode": "animate"}, "animate", {"mode": "animate"}),
    ({"image_url": CDN + "me.jpg", "audio_url": CDN + "vo.mp3"}, "speak", {}),
])
def test_the_files_and_fixed_values_choose_the_mode(catalog, body, mode, sent) -> None:
    wan = catalog.route("wan_2_2_animate")
    assert body_mode(wan, body).id == mode
    assert complete_body(wan, body) == {**body, **sent}


@pytest.mark.parametrize("body", [
    {"image_url": CDN + "me.jpg"},
    {"image_url": CDN + "me.jpg", "video_url": CDN + "clip.mp4", "audio_url": CDN + "vo.mp3"},
    {"image_url": CDN + "me.jpg", "audio_url": CDN + "vo.mp3", "mode": "replace"},
])
def test_a_body_no_mode_takes_is_a_data_error_listing_the_modes(catalog, body) -> None:
    with pytest.raises(SkillError) as info:
        body_mode(catalog.route("wan_2_2_animate"), body)
    assert info.value.code == ExitCode.DATA
    assert "replace: `image_url` + `video_url`" in info.value.hint and "speak: `image_url` + `audio_url`" in info.value.hint


def test_a_route_without_modes_takes_any_schema_valid_body(catalog) -> None:
    lucy = catalog.route("lucy_edit_restyle")
    body = {"prompt": "anime", "video_url": CDN + "a.mp4"}
    assert complete_body(lucy, body) == body
