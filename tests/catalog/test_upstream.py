"""Catalog API answers read into strict JSON Schema; an unusable answer is refused with the reason."""

from __future__ import annotations

import pytest

from runcomfy_skills.catalog.upstream import UpstreamSchemaError, node_kind, strict_schema, type_name


def _entry(properties: dict, required: list | None = None, **extra) -> dict:
    return {"input_schema": {"type": "object", "properties": properties, "required": required or []}, **extra}


def test_loose_types_and_uri_formats_become_our_vocabulary() -> None:
    schema = strict_schema(_entry({
        "strength": {"type": "float", "minimum": 0, "maximum": 1, "default": None},
        "clip": {"type": "string", "format": "video_uri"},
        "frames": {"type": "list", "items": {"type": "str", "format": "image_uri"}, "maxItems": 8},
        "seed": {"type": ["int", "null"]},
    }, ["clip"]))
    props = schema["properties"]
    assert props["strength"] == {"type": "number", "minimum": 0, "maximum": 1}  # a null default is no default
    assert props["clip"] == {"type": "string", "format": "uri", "x-asset-kind": "video"}
    assert type_name(props["frames"]) == "image_url[]" and props["frames"]["maxItems"] == 8
    assert props["seed"] == {"type": "integer"}
    assert schema["required"] == ["clip"] and schema["additionalProperties"] is False


def test_node_keyed_community_fields_say_what_they_hold() -> None:
    assert [node_kind(n) for n in ("47_video", "79_image", "12_audio", "33_string", "243_text", "prompt")] == [
        "video", "image", "audio", "text", "text", None]
    props = strict_schema(_entry({"47_video": {"type": "string", "default": "Runcomfy_example_1271_1.mp4"},
                                  "33_string": {"type": "string", "default": "a dancer"}}))["properties"]
    assert props["47_video"] == {"type": "string", "format": "uri", "x-asset-kind": "video"}  # no example file
    assert props["33_string"] == {"type": "string", "default": "a dancer"}


def test_required_inputs_stand_in_for_a_missing_required_list() -> None:
    entry = {"input_schema": {"properties": {"prompt": {"type": "string"}}}, "required_inputs": ["prompt"]}
    assert strict_schema(entry)["required"] == ["prompt"]


@pytest.mark.parametrize(("entry", "reason"), [
    ({}, "no input_schema"),
    ({"input_schema": {"properties": []}}, "no input_schema"),
    (_entry({"prompt": "a string"}), "must be an object"),
    (_entry({"prompt": {"type": "tensor"}}), "unknown type 'tensor'"),
    (_entry({"prompt": {"type": "string"}}, ["image"]), "'image' is not among the properties"),
    (_entry({"steps": {"type": "int", "minimum": "ten"}}), "not a valid JSON Schema"),
    ({"input_schema": {"properties": {"p": {"type": "string"}}, "required": "p"}}, "not a list"),
])
def test_an_unusable_answer_is_refused_naming_why(entry: dict, reason: str) -> None:
    with pytest.raises(UpstreamSchemaError, match=reason):
        strict_schema(entry)
