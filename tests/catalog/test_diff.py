"""Our schema tables against the catalog API: the emulator agrees; altered schemas are named."""

from __future__ import annotations

import copy

import pytest

from runcomfy_skills.catalog.skill_docs import Catalog
from runcomfy_skills.catalog.diff import compare_schemas, diff_catalog
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.runcomfy.client import RunComfyClient
from runcomfy_skills.sandbox.emulator import Emulator, upstream_schema

WAN = "wan-ai/wan-2-7/edit-video"


@pytest.fixture
def ours(catalog) -> dict:
    return catalog.route(WAN).input_schema


@pytest.fixture
def theirs(ours) -> dict:
    return copy.deepcopy(upstream_schema(ours))


@pytest.mark.anyio
async def test_emulator_serving_our_schemas_shows_no_differences(emulator_client, catalog):
    diffs = await diff_catalog(emulator_client.get_model, catalog)
    assert [d.model_id for d in diffs] == [r.model_id for r in catalog.routes]
    assert all(d.found and d.differences == [] for d in diffs)


@pytest.mark.anyio
async def test_model_ids_unknown_upstream_are_reported(catalog):
    face_swap_only = Catalog(skills=(catalog.skill("face-swap"),))
    with Emulator(face_swap_only) as emulator:
        async with RunComfyClient(emulator.token, emulator.base_url, poll_initial=0.01) as client:
            diffs = await diff_catalog(client.get_model, catalog)
    missing = [d for d in diffs if not d.found]
    assert {d.skill for d in missing} == {"video-inpainting"}
    assert missing[0].differences == [f"model id {missing[0].model_id} not found upstream"]
    assert all(d.differences == [] for d in diffs if d.found)


@pytest.mark.anyio
async def test_a_rejected_token_raises_instead_of_reporting(emulator, catalog):
    async with RunComfyClient("not-the-token-1234", emulator.base_url) as client:
        with pytest.raises(SkillError) as caught:
            await diff_catalog(client.get_model, catalog)
    assert caught.value.code == ExitCode.NOPERM


def test_loose_upstream_types_and_uri_formats_match_ours(ours, theirs):
    assert theirs["properties"]["video"]["format"] == "video_uri"
    assert compare_schemas(ours, theirs) == []


def test_loose_upstream_number_spellings_mean_number():
    ours = {"properties": {"strength": {"type": "number"}, "steps": {"type": "integer"}}}
    theirs = {"properties": {"strength": {"type": "float"}, "steps": {"type": "int"}}}
    assert compare_schemas(ours, theirs) == []


def test_a_field_renamed_to_a_declared_alias_is_reported_as_a_rename(ours, theirs):
    theirs["properties"]["video_url"] = theirs["properties"].pop("video")
    theirs["required"] = ["prompt", "video_url"]
    assert compare_schemas(ours, theirs) == ["`video`: upstream calls it `video_url` (a declared alias)"]


def test_a_file_field_renamed_beyond_the_aliases_is_paired_by_kind(ours, theirs):
    theirs["properties"]["47_video"] = theirs["properties"].pop("video")
    theirs["required"] = ["prompt", "47_video"]
    assert compare_schemas(ours, theirs) == [
        "`video`: upstream calls it `47_video` (paired by kind, a community node key)"]


def test_a_field_that_cannot_be_paired_is_missing_on_both_sides(ours, theirs):
    theirs["properties"]["clip"] = {"type": "string"}
    del theirs["properties"]["video"]
    theirs["required"] = ["prompt", "clip"]
    assert compare_schemas(ours, theirs) == [
        "`clip`: upstream (required, string) but missing in our table",
        "`video`: in our table but missing upstream",
    ]


def test_an_upstream_schema_that_is_not_usable_says_why(ours):
    assert compare_schemas(ours, {"properties": {"prompt": {"type": "tensor"}}}) == [
        "upstream input_schema is not usable: properties.prompt: unknown type 'tensor'"]


def test_type_difference_is_named(ours, theirs):
    theirs["properties"]["seed"]["type"] = "float"
    theirs["properties"]["reference_image"]["format"] = "video_uri"
    assert compare_schemas(ours, theirs) == [
        "`reference_image`: type differs — ours image_url, upstream video_url",
        "`seed`: type differs — ours integer, upstream number",
    ]


def test_required_difference_is_named(ours, theirs):
    theirs["required"] = ["prompt", "video", "seed"]
    assert compare_schemas(ours, theirs) == ["`seed`: optional in our table, required upstream"]


def test_enum_difference_lists_the_values_on_each_side(ours, theirs):
    theirs["properties"]["resolution"]["enum"] = ["720p", "480p"]
    assert compare_schemas(ours, theirs) == [
        "`resolution`: enum differs — only ours: ['1080p']; only upstream: ['480p']"
    ]


def test_default_difference_is_named(ours, theirs):
    theirs["properties"]["audio_setting"]["default"] = "origin"
    assert compare_schemas(ours, theirs) == ["`audio_setting`: default differs — ours 'auto', upstream 'origin'"]
