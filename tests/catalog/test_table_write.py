"""`catalog-diff --write`: a route's table (and only data) rewritten from the live catalog, still a valid document."""

from __future__ import annotations

import copy
from pathlib import Path

from runcomfy_skills.catalog.binding import pair_fields
from runcomfy_skills.catalog.skill_docs import parse_skill
from runcomfy_skills.catalog.table_write import rewrite_route
from runcomfy_skills.catalog.upstream import strict_schema
from runcomfy_skills.sandbox.models import upstream_schema

WAN, ANIMATE, ANIMATE_V2V = "wan-ai/wan-2-7/edit-video", "community/wan-2-2-animate/api", \
    "community/wan-2-2-animate/video-to-video"


def _rewrite(catalog, model_id: str, change, found_id: str | None = None) -> tuple[str, str]:
    route = catalog.route(model_id)
    skill = catalog.skill(route.skill)
    raw = copy.deepcopy(upstream_schema(route.input_schema))
    change(raw["properties"], raw["required"])
    theirs = strict_schema({"input_schema": raw})
    text = rewrite_route(skill.text, route, found_id or route.model_id, theirs, pair_fields(route.input_schema, theirs))
    return skill.text, text


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    return [(a, b) for a, b in zip(before.split("\n"), after.split("\n")) if a != b]


def test_a_renamed_field_takes_the_live_name_and_keeps_ours_as_an_alias(catalog) -> None:
    def change(props: dict, required: list) -> None:
        props["video_url"] = props.pop("video")
        props["prompt"]["maxLength"] = 4000
        required[:] = ["prompt", "video_url"]
    before, after = _rewrite(catalog, WAN, change)
    route = parse_skill(catalog.skill("video-inpainting").path, after).routes[0]
    assert route.input_schema["properties"]["video_url"]["x-aliases"] == ["video"]
    assert route.input_schema["properties"]["prompt"]["maxLength"] == 4000
    assert [s.field for s in route.slots][0] == "video_url"  # the routing block follows the rename
    assert route.input_schema["properties"]["video_url"]["description"].startswith("Public https URL")
    assert len(before.split("\n")) == len(after.split("\n"))  # rows changed in place, prose untouched
    assert all(a.startswith(("|", "  - field:")) for a, _ in _changed_lines(before, after))


def test_live_fields_we_lacked_get_rows_and_fields_it_lacks_are_dropped(catalog) -> None:
    def change(props: dict, required: list) -> None:
        props["negative_prompt"] = {"type": "string", "maxLength": 500}
        props["style_strength"] = {"type": "float", "minimum": 0, "maximum": 1}
        required.append("style_strength")
        del props["seed"]
    _, after = _rewrite(catalog, WAN, change)
    route = parse_skill(catalog.skill("video-inpainting").path, after).routes[0]
    props = route.input_schema["properties"]
    assert props["negative_prompt"]["maxLength"] == 500 and "seed" not in props
    assert props["style_strength"] == {"type": "number", "minimum": 0.0, "maximum": 1.0}
    assert "style_strength" in route.input_schema["required"]


def test_a_route_known_under_its_fallback_id_gets_that_id_and_node_keys_become_aliases(catalog) -> None:
    def change(props: dict, required: list) -> None:
        props["10_image"] = props.pop("image_url")
        props["47_video"] = props.pop("video_url")
        del props["audio_url"]
        required[:] = ["10_image", "47_video"]
    _, after = _rewrite(catalog, ANIMATE, change, found_id=ANIMATE_V2V)
    route = parse_skill(catalog.skill("face-swap").path, after).routes[0]
    assert route.model_id == ANIMATE_V2V and route.fallback_ids == (ANIMATE,)
    assert route.input_schema["properties"]["image_url"]["x-aliases"] == ["10_image"]
    assert route.input_schema["properties"]["video_url"]["x-aliases"] == ["47_video"]
    assert "audio_url" in route.input_schema["properties"]  # the speak mode names it: kept, and still reported
