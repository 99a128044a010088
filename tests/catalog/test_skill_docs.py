"""The catalog turns skill documents into routes; a bad document fails with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from runcomfy_skills.catalog.skill_docs import CatalogError, load_catalog
from runcomfy_skills.errors import ExitCode

from tests.paths import REPO

SEED_ROUTES = {
    "wan-ai/wan-2-7/edit-video",
    "decart/lucy-edit/restyle",
    "bytedance/seedream-4-0/edit-sequential",
    "community/wan-2-2-animate/api",
    "kling/kling-2-6/motion-control-pro",
    "openai/gpt-image-2/edit",
    "google/nano-banana-2/edit",
    "blackforestlabs/flux-1-kontext/pro/edit",
}



@pytest.fixture
def skills_copy(tmp_path: Path) -> Path:
    target = tmp_path / "skills"
    shutil.copytree(REPO / "skills", target)
    return target


def _doc(skills: Path, name: str = "video-inpainting") -> Path:
    return skills / name / "SKILL.md"


def test_catalog_has_the_eight_seed_routes(catalog) -> None:
    assert {r.model_id for r in catalog.routes} == SEED_ROUTES


def test_every_route_schema_is_valid_draft_2020_12(catalog) -> None:
    for route in catalog.routes:
        Draft202012Validator.check_schema(route.input_schema)
        assert route.input_schema["additionalProperties"] is False


def test_each_skill_has_one_default_route(catalog) -> None:
    defaults = {s.name: s.default_route.model_id for s in catalog.skills}
    assert defaults == {"video-inpainting": "wan-ai/wan-2-7/edit-video", "face-swap": "community/wan-2-2-animate/api"}


def test_schema_table_becomes_typed_properties(catalog) -> None:
    schema = catalog.route("google/nano-banana-2/edit").input_schema
    assert schema["required"] == ["prompt", "image_urls"]
    urls = schema["properties"]["image_urls"]
    assert urls["type"] == "array" and (urls["minItems"], urls["maxItems"]) == (1, 20)
    assert urls["items"]["x-asset-kind"] == "image"
    assert schema["properties"]["number_of_images"] == {
        "type": "integer", "minimum": 1, "maximum": 4, "default": 1, "description": "Outputs per call."
    }
    assert schema["properties"]["resolution"]["enum"] == ["0.5K", "1K", "2K", "4K"]


def test_integer_enum_and_pattern_columns_are_typed(catalog) -> None:
    props = catalog.route("wan-ai/wan-2-7/edit-video").input_schema["properties"]
    assert props["duration"]["enum"] == [0, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert props["aspect_ratio"]["pattern"] == "^[0-9]+:[0-9]+$"
    assert props["prompt"]["maxLength"] == 5000


def test_route_is_found_by_model_id_or_tool_name(catalog) -> None:
    assert catalog.route("gpt_image_2_edit") is catalog.route("openai/gpt-image-2/edit")


def test_unknown_route_is_a_usage_error_listing_the_known_ones(catalog) -> None:
    with pytest.raises(Exception) as info:
        catalog.route("acme/nope")
    assert info.value.code == ExitCode.USAGE
    assert "wan-ai/wan-2-7/edit-video" in info.value.hint


def test_a_new_route_in_markdown_becomes_a_new_route_without_python(skills_with_new_route: Path) -> None:
    route = load_catalog(skills_with_new_route).route("acme/upscaler/v1")
    assert route.tool == "acme_upscaler" and route.skill == "video-inpainting"
    assert route.input_schema["properties"]["factor"] == {
        "type": "integer", "minimum": 2, "maximum": 4, "default": 2, "description": "How much bigger."
    }


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("| prompt | | string | yes |", "| prompt | | strng | yes |", "type 'strng'"),
        ("| video | `video_url` | video_url | yes |", "| video | `video_url` | video_url | maybe |", "required must be yes or no"),
        ("| video | `video_url` |", "| video | `video url` |", "alias 'video url' is not a plain name"),
        ("| video | `video_url` |", "| video | `prompt` |", "the name 'prompt' already belongs to 'prompt'"),
        ("Model id: `decart/lucy-edit/restyle`", "Model id: decart/lucy-edit/restyle", "Model id"),
        ("tool: lucy_edit_restyle\n", "tool: lucy_edit_restyle\nbogus_key: 1\n", "bogus_key"),
        ("| resolution | | string | no | 720p | `720p` |", "| resolution | | string | no | 720p | 720p or so |", "limits"),
        ("  - id: image-inpainting\n", "  - id: Image Inpainting\n", "out_of_scope"),
    ],
)
def test_malformed_document_names_file_line_and_problem(skills_copy: Path, old: str, new: str, message: str) -> None:
    doc = _doc(skills_copy)
    text = doc.read_text()
    assert old in text
    doc.write_text(text.replace(old, new, 1))
    broken_line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(CatalogError) as info:
        load_catalog(skills_copy)
    err = info.value
    assert err.code == ExitCode.DATA
    assert message in err.message
    path, _, line = err.where.rpartition(":")
    assert path == str(doc)
    assert abs(int(line) - broken_line) <= 12  # the row itself, or the block / heading that holds it


def test_missing_front_matter_fails_at_line_one(skills_copy: Path) -> None:
    doc = _doc(skills_copy, "face-swap")
    doc.write_text(doc.read_text().split("---\n", 2)[2])
    with pytest.raises(CatalogError) as info:
        load_catalog(skills_copy)
    assert info.value.where == f"{doc}:1"


def test_duplicate_tool_names_across_skills_fail(skills_copy: Path) -> None:
    doc = _doc(skills_copy, "face-swap")
    doc.write_text(doc.read_text().replace("tool: gpt_image_2_edit", "tool: lucy_edit_restyle", 1))
    with pytest.raises(CatalogError, match="already defined"):
        load_catalog(skills_copy)


def test_asset_slot_must_name_a_schema_field(skills_copy: Path) -> None:
    doc = _doc(skills_copy)
    doc.write_text(doc.read_text().replace("  - field: video_url\n", "  - field: clip_url\n", 1))
    with pytest.raises(CatalogError, match="clip_url"):
        load_catalog(skills_copy)


def test_empty_skills_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(Exception) as info:
        load_catalog(tmp_path)
    assert info.value.code == ExitCode.USAGE


def test_a_route_with_modes_has_each_slot_set_and_a_merged_view(catalog) -> None:
    wan = catalog.route("community/wan-2-2-animate/api")
    assert [(m.id, [s.field for s in m.slots], m.set_fields) for m in wan.modes] == [
        ("replace", ["image_url", "video_url"], {"mode": "replace"}),
        ("animate", ["image_url", "video_url"], {"mode": "animate"}),
        ("speak", ["image_url", "audio_url"], {}),
    ]
    assert wan.default_mode.id == "replace"
    assert [(s.field, s.min, s.max) for s in wan.slots] == [("image_url", 1, 1), ("video_url", 0, 1), ("audio_url", 0, 1)]
    lucy = catalog.route("decart/lucy-edit/restyle")
    assert [m.id for m in lucy.modes] == ["default"] and lucy.modes[0].slots == lucy.slots


def test_a_fallback_model_id_finds_the_same_route(catalog) -> None:
    wan = catalog.route("community/wan-2-2-animate/api")
    assert wan.fallback_ids == ("community/wan-2-2-animate/video-to-video",)
    assert catalog.route("community/wan-2-2-animate/video-to-video") is wan


def test_every_out_of_scope_entry_has_a_stable_id(catalog) -> None:
    ids = {s.name: [o.id for o in s.out_of_scope] for s in catalog.skills}
    assert ids == {"face-swap": ["ai-avatar-video", "comfyui-face-swap"],
                   "video-inpainting": ["comfyui-inpainting", "image-inpainting", "video-outpainting", "video-edit"]}


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    set: {mode: replace}\n", "    set: {mode: sideways}\n", "mode 'replace' sets mode='sideways'"),
    ("    set: {mode: replace}\n", "    set: {style: replace}\n", "sets 'style', which is not in the input schema"),
    ("  - id: animate\n", "  - id: replace\n", "mode ids must be unique"),
    ("      - field: audio_url\n", "      - field: voice_url\n", "'voice_url' is not in the input schema"),
    ("Fallback model id: `community/wan-2-2-animate/video-to-video`", "Fallback model id: video-to-video",
     "Fallback model id"),
])
def test_a_malformed_mode_or_fallback_names_file_and_line(skills_copy: Path, old: str, new: str, message: str) -> None:
    doc = _doc(skills_copy, "face-swap")
    text = doc.read_text()
    assert old in text
    doc.write_text(text.replace(old, new, 1))
    with pytest.raises(CatalogError) as info:
        load_catalog(skills_copy)
    assert message in info.value.message
    assert info.value.where == f"{doc}:{text[: text.index(old)].count(chr(10)) + 1}"  # the very line edited

