"""Field names: aliases from the skill documents are accepted and sent under the table's (or live) name."""

from __future__ import annotations

import pytest

from runcomfy_skills.catalog.names import accepted_names, canonical_body, wire_body
from runcomfy_skills.errors import ExitCode, SkillError

KLING = "kling/kling-2-6/motion-control-pro"
VIDEO, FACE = "https://cdn.example.com/take.mp4", "https://cdn.example.com/face.png"


def test_an_alias_is_renamed_to_the_table_field(catalog) -> None:
    route = catalog.route(KLING)
    body = canonical_body(route, {"reference_video_url": VIDEO, "character_image_url": FACE, "prompt": "A robot."})
    assert body == {"video_url": VIDEO, "image_url": FACE, "prompt": "A robot."}


def test_every_declared_alias_is_accepted(catalog) -> None:
    names = accepted_names(catalog.route("bytedance/seedream-4-0/edit-sequential"))
    assert names == {"prompt": "prompt", "text": "prompt", "images": "images", "image_urls": "images"}


def test_two_names_for_one_field_are_a_data_error_naming_both(catalog) -> None:
    with pytest.raises(SkillError) as info:
        canonical_body(catalog.route(KLING), {"video_url": VIDEO, "reference_video_url": VIDEO})
    err = info.value
    assert err.code == ExitCode.DATA
    assert "`video_url` and `reference_video_url` both give `video_url`" in err.message
    assert err.where == "video_url, reference_video_url"


def test_unknown_names_pass_through_for_the_schema_to_judge(catalog) -> None:
    assert canonical_body(catalog.route(KLING), {"colour": "red"}) == {"colour": "red"}


def test_the_wire_body_uses_the_live_name_where_it_differs(catalog) -> None:
    route = catalog.route(KLING).model_copy(update={"wire": {"video_url": "47_video"}})
    assert canonical_body(route, {"47_video": VIDEO}) == {"video_url": VIDEO}
    assert wire_body(route, {"video_url": VIDEO, "image_url": FACE}) == {"47_video": VIDEO, "image_url": FACE}
