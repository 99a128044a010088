"""A route bound to RunComfy's live catalog: its names, limits and modes, and a clear break when a field is gone."""

from __future__ import annotations

import copy

from runcomfy_skills.catalog.binding import bind_route, pair_fields, unknown_route
from runcomfy_skills.catalog.names import canonical_body, wire_body
from runcomfy_skills.catalog.upstream import strict_schema
from runcomfy_skills.sandbox.models import upstream_schema

WAN = "wan-ai/wan-2-7/edit-video"
ANIMATE, ANIMATE_V2V = "community/wan-2-2-animate/api", "community/wan-2-2-animate/video-to-video"
KLING = "kling/kling-2-6/motion-control-pro"
LIVE = "live (fetched at 2026-11-24T10:00:00+00:00)"


def _live(route, change=None) -> dict:
    """The route's own table as the catalog would serve it, changed by `change(properties, required)`."""
    schema = copy.deepcopy(upstream_schema(route.input_schema))
    if change:
        change(schema["properties"], schema["required"])
    return strict_schema({"input_schema": schema})


def _bind(catalog, model_id, change=None, served_as=None):
    route = catalog.route(model_id)
    return bind_route(route, served_as or route.model_id, _live(route, change), LIVE)


def _rename(old: str, new: str):
    def change(props: dict, required: list) -> None:
        props[new] = props.pop(old)
        required[:] = [new if r == old else r for r in required]
    return change


def test_the_tables_served_back_bind_to_themselves(catalog) -> None:
    for route in catalog.routes:
        bound = bind_route(route, route.model_id, _live(route), LIVE)
        assert bound.problem is None and bound.wire == {} and bound.schema_source == LIVE
        assert bound.input_schema["properties"].keys() == route.input_schema["properties"].keys()


def test_a_field_renamed_to_a_declared_alias_is_sent_under_the_live_name(catalog) -> None:
    bound = _bind(catalog, WAN, _rename("video", "video_url"))
    assert bound.wire == {"video": "video_url"} and "video" in bound.input_schema["required"]
    assert wire_body(bound, canonical_body(bound, {"video": "u", "prompt": "p"})) == {"video_url": "u", "prompt": "p"}


def test_a_file_field_renamed_beyond_the_aliases_is_paired_by_its_media_kind(catalog) -> None:
    bound = _bind(catalog, WAN, _rename("video", "source_clip"))
    assert bound.wire == {"video": "source_clip"}
    assert canonical_body(bound, {"source_clip": "u"}) == {"video": "u"}


def test_live_enums_limits_and_defaults_win_and_our_description_stays(catalog) -> None:
    def change(props: dict, required: list) -> None:
        props["resolution"].update(enum=["480p", "720p"], default="720p")
        props["prompt"]["maxLength"] = 800
        props["seed"]["maximum"] = 99
    props = _bind(catalog, WAN, change).input_schema["properties"]
    assert props["resolution"]["enum"] == ["480p", "720p"] and props["resolution"]["default"] == "720p"
    assert props["prompt"]["maxLength"] == 800 and props["seed"]["maximum"] == 99
    assert props["prompt"]["description"].startswith("The edit, in words")


def test_live_optional_fields_are_accepted_and_our_fields_it_lacks_are_left_out(catalog) -> None:
    def change(props: dict, required: list) -> None:
        props["negative_prompt"] = {"type": "string", "maxLength": 500, "description": "a long upstream text"}
        del props["seed"]
    bound = _bind(catalog, WAN, change)
    props = bound.input_schema["properties"]
    assert props["negative_prompt"] == {"type": "string", "maxLength": 500}  # upstream prose stays out of tools/list
    assert "seed" not in props and "negative_prompt" not in bound.input_schema["required"]


def test_a_live_required_field_we_do_not_know_becomes_required(catalog) -> None:
    def change(props: dict, required: list) -> None:
        props["style_strength"] = {"type": "float", "minimum": 0, "maximum": 1}
        required.append("style_strength")
    bound = _bind(catalog, "decart/lucy-edit/restyle", change)
    assert bound.problem is None and "style_strength" in bound.input_schema["required"]


def test_node_keyed_wan_animate_keeps_replace_and_animate_when_only_a_video_is_offered(catalog) -> None:
    schema = strict_schema({"input_schema": {"required": ["10_image", "47_video"], "properties": {
        "10_image": {"type": "string", "format": "image_uri"}, "47_video": {"type": "string"},
        "55_mode": {"type": "string", "enum": ["replace", "animate"]}, "33_string": {"type": "string"}}}})
    bound = bind_route(catalog.route(ANIMATE), ANIMATE_V2V, schema, LIVE)
    assert bound.model_id == ANIMATE_V2V and bound.fallback_ids == (ANIMATE,)
    assert bound.wire == {"image_url": "10_image", "video_url": "47_video", "mode": "55_mode"}
    assert [(m.id, m.set_fields) for m in bound.modes] == [("replace", {"mode": "replace"}), ("animate", {"mode": "animate"})]
    assert {s.field for s in bound.slots} == {"image_url", "video_url"}  # no audio: speak is not offered


def test_wan_animate_with_only_an_audio_track_offers_speak_alone(catalog) -> None:
    schema = strict_schema({"input_schema": {"required": ["image_url", "audio_url"], "properties": {
        "image_url": {"type": "string", "format": "image_uri"}, "audio_url": {"type": "string", "format": "audio_uri"}}}})
    bound = bind_route(catalog.route(ANIMATE), ANIMATE, schema, LIVE)
    assert [m.id for m in bound.modes] == ["speak"] and bound.default_mode.id == "speak"


def test_a_mode_whose_fixed_value_the_catalog_refuses_is_dropped(catalog) -> None:
    def change(props: dict, required: list) -> None:
        props["mode"]["enum"] = ["replace"]
    assert [m.id for m in _bind(catalog, ANIMATE, change).modes] == ["replace", "speak"]


def test_a_field_we_rely_on_that_is_gone_names_both_sides(catalog) -> None:
    def change(props: dict, required: list) -> None:
        del props["image_url"]
        props["subject"] = {"type": "string"}
        required[:] = ["subject", "video_url"]
    bound = _bind(catalog, KLING, change)
    assert bound.problem is not None
    assert "no field for `image_url`" in bound.problem and "character_image_url" in bound.problem
    assert "the catalog's fields are: " in bound.problem and "subject" in bound.problem


def test_a_route_whose_ids_are_all_unknown_says_so(catalog) -> None:
    route = unknown_route(catalog.route(ANIMATE), LIVE)
    assert ANIMATE in route.problem and ANIMATE_V2V in route.problem


def test_pairing_by_kind_needs_exactly_one_candidate_on_each_side(catalog) -> None:
    ours = catalog.route(WAN).input_schema
    theirs = _live(catalog.route(WAN), _rename("video", "clip_a"))
    theirs["properties"]["clip_b"] = dict(theirs["properties"]["clip_a"])
    assert "video" not in pair_fields(ours, theirs)
