"""The router picks skill and route from words and files, explains it, and prefills a valid body."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from runcomfy_skills.catalog.skill_docs import load_catalog
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.eval import route_matches
from runcomfy_skills.models import Asset
from runcomfy_skills.routing.router import Decision, route_request


from tests.paths import DATA, SHARED_EVAL

DEV_SET = SHARED_EVAL / "route_dev.jsonl"
HELDOUT_SET = DATA / "route_heldout.jsonl"
CDN = "https://cdn.example.com/"


def _cases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _route(catalog, text: str, *urls: str | dict, skill: str | None = None) -> Decision:
    assets = [Asset(url=CDN + u) if isinstance(u, str) else Asset.model_validate({**u, "url": CDN + u["url"]})
              for u in urls]
    return route_request(catalog, text, assets, skill=skill)


def _score(catalog, cases: list[dict]) -> tuple[int, list[str]]:
    misses = []
    for case in cases:
        got = route_request(catalog, case["request"], [Asset.model_validate(a) for a in case["assets"]])
        if not route_matches(case["expect"], got):
            misses.append(f"{case['id']}: {case['request']!r} → {got.decision} {got.route}")
    return len(cases) - len(misses), misses


@pytest.mark.skipif(not DEV_SET.exists(), reason=f"shared dev set not found at {DEV_SET} (../shared/eval beside the repo)")
def test_every_dev_line_is_routed_as_expected(catalog) -> None:
    correct, misses = _score(catalog, _cases(DEV_SET))
    assert not misses, misses


def test_held_out_phrasings_score_at_least_97_percent(catalog) -> None:
    cases = _cases(HELDOUT_SET)
    correct, misses = _score(catalog, cases)
    assert len(cases) >= 80
    assert correct / len(cases) >= 0.97, misses


def test_held_out_set_covers_every_route_and_every_redirect(catalog) -> None:
    cases = _cases(HELDOUT_SET)
    routes = {c["expect"]["route"] for c in cases if "route" in c["expect"]}
    assert routes == {r.model_id for r in catalog.routes}
    redirects = {route_request(catalog, c["request"], [Asset.model_validate(a) for a in c["assets"]]).redirect_id
                 for c in cases if c["expect"].get("decision") == "unsupported" or "redirect" in c["expect"]}
    assert redirects >= {o.id for s in catalog.skills for o in s.out_of_scope}


def test_routed_arguments_validate_against_the_route_schema(catalog) -> None:
    cases = _cases(HELDOUT_SET) + (_cases(DEV_SET) if DEV_SET.exists() else [])
    checked = 0
    for case in cases:
        got = route_request(catalog, case["request"], [Asset.model_validate(a) for a in case["assets"]])
        if got.decision != "route":
            continue
        schema = catalog.route(got.route).input_schema
        Draft202012Validator(schema).validate(got.arguments)
        for step in got.steps:
            body = dict(step.arguments)
            if step.input_from_previous:
                slot = next(s for s in catalog.route(step.route).slots if s.field == step.input_from_previous)
                url = "https://cdn.runcomfy.net/previous-output"
                body[slot.field] = [url] * slot.min if schema["properties"].get(slot.field, {}).get("type") == "array" else url
            Draft202012Validator(catalog.route(step.route).input_schema).validate(body)
        checked += 1
    assert checked > 300


def test_missing_inputs_are_named_and_never_guessed(catalog) -> None:
    got = _route(catalog, "make this photo talk", "face.jpg")
    assert got.decision == "needs_input" and got.route == "community/wan-2-2-animate/api"
    assert len(got.missing) == 1 and got.missing[0].startswith("audio_url: an audio file")
    assert "audio_url" not in got.arguments and got.arguments["image_url"] == CDN + "face.jpg"


def test_only_a_video_with_face_words_asks_for_the_identity_image(catalog) -> None:
    got = _route(catalog, "swap the face in this clip with mine", "clip.mp4")
    assert got.decision == "needs_input" and got.skill == "face-swap"
    assert any(m.startswith("image_url:") for m in got.missing)


@pytest.mark.parametrize("text", ["change it", "hazlo mejor porfa", "ändere es bitte", "isko badlo", "ganti dong"])
def test_words_that_name_no_edit_ask_instead_of_picking_a_route(catalog, text: str) -> None:
    assert _route(catalog, text, "clip.mp4").decision == "needs_input"
    assert _route(catalog, text, "a.jpg", "clip.mp4").decision == "needs_input"


def test_a_bare_swap_beside_a_picture_and_a_clip_asks_but_a_named_thing_routes(catalog) -> None:
    assert _route(catalog, "swap em pls", "a.jpg", "clip.mp4").decision == "needs_input"
    got = _route(catalog, "cambia el cielo por un atardecer", "clip.mp4")
    assert (got.decision, got.route) == ("route", "wan-ai/wan-2-7/edit-video")


@pytest.mark.parametrize("text", ["put my face in the video please", "mets mon visage dans la vidéo", "私の顔を動画に入れて"])
def test_a_face_asked_into_a_clip_with_only_a_photo_asks_for_the_clip(catalog, text: str) -> None:
    got = _route(catalog, text, "me.jpg")
    assert got.decision == "needs_input" and got.route == "community/wan-2-2-animate/api"


def test_removing_a_person_is_inpainting_not_face_swap(catalog) -> None:
    got = _route(catalog, "remove the person walking in the background", "park.mp4")
    assert (got.decision, got.route) == ("route", "wan-ai/wan-2-7/edit-video")


def test_a_mask_asset_is_unsupported_with_the_comfyui_redirect(catalog) -> None:
    got = _route(catalog, "remove the car", "clip.mp4", {"url": "car-matte.mp4", "role": "mask"})
    assert got.decision == "unsupported" and got.route is None and got.arguments == {}
    assert "ltx-2-3-inpaint-in-comfyui" in got.redirect and any('role "mask"' in r for r in got.reasons)


def test_face_and_voice_in_one_pass_is_redirected_to_the_avatar_skill(catalog) -> None:
    got = _route(catalog, "replace the presenter's face and voice with mine", "talk.mp4", "me.jpg")
    assert got.decision == "unsupported" and got.skill == "face-swap"
    assert "ai-avatar-video" in got.redirect


def test_an_audio_track_outweighs_removal_words(catalog) -> None:
    got = _route(catalog, "remove the old voice and use this one", "portrait.png", "new-take.mp3")
    assert got.route == "community/wan-2-2-animate/api"


def test_video_edit_prompt_leads_with_the_preserve_clause(catalog) -> None:
    got = _route(catalog, "Remove the logo in the corner.", "a.mp4")
    assert got.arguments["prompt"] == "Preserve all other content exactly. Remove the logo in the corner."


def test_preserve_clause_is_not_repeated_when_the_user_said_it(catalog) -> None:
    got = _route(catalog, "Remove the logo; keep everything else exactly as it is.", "a.mp4")
    assert not got.arguments["prompt"].startswith("Preserve all other content")


def test_gpt_image_2_gets_the_scene_first_and_numbered_roles(catalog) -> None:
    got = _route(catalog, "put my face on the astronaut", {"url": "me.jpg", "role": "identity"},
                 {"url": "poster.jpg", "role": "scene"})
    assert got.route == "openai/gpt-image-2/edit"
    assert got.arguments["images"] == [CDN + "poster.jpg", CDN + "me.jpg"]
    assert got.arguments["prompt"].startswith("Image 1 is the scene to edit; image 2 is the face reference.")


def test_image_numbers_in_the_prompt_follow_the_reordering(catalog) -> None:
    got = _route(catalog, "put the face from image 1 onto the person in image 2", "a.jpg", "b.jpg")
    assert got.arguments["images"] == [CDN + "b.jpg", CDN + "a.jpg"]
    assert "Put the face from image 2 onto the person in image 1." in got.arguments["prompt"]


def test_nano_banana_gets_the_identity_first_even_when_sent_last(catalog) -> None:
    got = _route(catalog, "use this face in all of these product shots", "p1.jpg", "p2.jpg",
                 {"url": "ambassador.jpg", "role": "identity"})
    assert got.route == "google/nano-banana-2/edit"
    assert got.arguments["image_urls"][0] == CDN + "ambassador.jpg"
    assert got.arguments["prompt"].startswith("Image 1 is the identity")


def test_compound_edit_comes_back_as_ordered_steps(catalog) -> None:
    got = _route(catalog, "Remove the logo, then make the whole clip look like anime", "city.mp4")
    assert [s.route for s in got.steps] == ["wan-ai/wan-2-7/edit-video", "decart/lucy-edit/restyle"]
    assert got.route == got.steps[0].route and got.arguments == got.steps[0].arguments
    assert got.arguments["prompt"] == "Preserve all other content exactly. Remove the logo."
    second = got.steps[1]
    assert second.input_from_previous == "video_url" and "video_url" not in second.arguments
    assert second.arguments["prompt"] == "Make the whole clip look like anime."


def test_whole_look_restyle_gets_no_preservation_clause(catalog) -> None:
    got = _route(catalog, "Restyle this clip as a 1940s film noir", "street.mp4")
    assert got.route == "decart/lucy-edit/restyle"
    assert not got.arguments["prompt"].startswith("Preserve")


def test_one_change_with_a_detail_is_one_step(catalog) -> None:
    got = _route(catalog, "Remove the person walking in the background, fill with matching environment.", "p.mp4")
    assert got.steps == []


def test_skill_option_keeps_routing_inside_that_skill(catalog) -> None:
    got = _route(catalog, "remove the watermark", "me.jpg", "scene.jpg", skill="face-swap")
    assert got.skill == "face-swap" and got.route == "openai/gpt-image-2/edit"
    assert got.confidence < 0.5 and any("another skill" in w for w in got.warnings)


def test_unknown_skill_option_is_a_usage_error(catalog) -> None:
    with pytest.raises(SkillError) as info:
        _route(catalog, "remove the logo", "a.mp4", skill="upscaling")
    assert info.value.code == ExitCode.USAGE


def test_confidence_drops_when_cues_conflict(catalog) -> None:
    clear = _route(catalog, "remove the watermark", "a.mp4")
    torn = _route(catalog, "remove the watermark and make it look like anime", "a.mp4", skill=None)
    vague = _route(catalog, "do it", "a.mp4", "b.png")
    assert clear.confidence > 0.9 and vague.confidence < 0.7 and torn.confidence <= clear.confidence


def test_reasons_name_the_files_and_the_words_that_decided(catalog) -> None:
    got = _route(catalog, "get rid of the boom mic", "take3.mp4")
    assert got.reasons[0] == "You sent 1 video."
    assert any('"get rid of"' in r and '"boom mic"' in r for r in got.reasons)


def test_alternatives_say_why_not(catalog) -> None:
    got = _route(catalog, "make this portrait talk with my voiceover", "portrait.jpg", "vo.mp3")
    why = {a.route: a.why_not for a in got.alternatives}
    assert "has no place for asset 2 (vo.mp3)" in why["kling/kling-2-6/motion-control-pro"]


def test_kept_words_do_not_count_as_the_change(catalog) -> None:
    got = _route(catalog, "make it look like a watercolor but keep the logo and the watermark", "team.mp4")
    assert (got.decision, got.route) == ("route", "decart/lucy-edit/restyle")


def test_kind_comes_from_the_query_string_when_the_path_has_none(catalog) -> None:
    got = _route(catalog, "make him sing", "u/123?format=png", "u/124?type=audio%2Fmpeg")
    assert (got.decision, got.route) == ("route", "community/wan-2-2-animate/api")


def test_spelled_out_options_land_in_the_body(catalog) -> None:
    wan = _route(catalog, "remove the logo, output 1080p, keep the original audio", "a.mp4")
    kling = _route(catalog, "make my character dance like this, keep the original sound", "c.png", "d.mp4")
    assert wan.arguments["resolution"] == "1080p" and wan.arguments["audio_setting"] == "origin"
    assert kling.arguments["keep_original_sound"] is True and kling.arguments["character_orientation"] == "video"


def test_same_input_gives_the_same_decision(catalog) -> None:
    first = _route(catalog, "Same identity across a SKU gallery.", "id.jpg", "sku1.jpg", "sku2.jpg")
    second = _route(catalog, "Same identity across a SKU gallery.", "id.jpg", "sku1.jpg", "sku2.jpg")
    assert first.model_dump() == second.model_dump()


def test_decision_has_exactly_the_contract_fields() -> None:
    assert set(Decision.model_fields) == {
        "decision", "skill", "route", "tool", "mode", "confidence", "reasons", "alternatives", "missing", "arguments",
        "redirect", "redirect_id", "steps", "warnings",
    }




def test_a_route_added_in_markdown_is_routable(skills_with_new_route: Path) -> None:
    catalog = load_catalog(skills_with_new_route)
    got = route_request(catalog, "upscale this clip so it looks sharper", [Asset(url=CDN + "a.mp4")])
    assert (got.decision, got.route, got.tool) == ("route", "acme/upscaler/v1", "acme_upscaler")
    assert got.arguments == {"clip": CDN + "a.mp4", "prompt": "Preserve all other content exactly. "
                             "Upscale this clip so it looks sharper"}


def test_files_beyond_what_one_call_takes_are_named_in_one_warning(catalog) -> None:
    got = _route(catalog, "remove the logo in every frame", *[f"f{i}.png" for i in range(12)])
    assert got.route == "bytedance/seedream-4-0/edit-sequential" and len(got.arguments["images"]) == 10
    assert got.warnings == ["Not used: asset 11 (f10.png), asset 12 (f11.png). Seedream 4.0 Edit-Sequential takes "
                            "at most 10 image files in `images` per call: send the rest in another call."]


@pytest.mark.parametrize("files", [("a.mp4",), ("headshot.jpg", "clip.mp4")])
def test_a_request_with_no_words_asks_for_them_instead_of_routing_by_the_files(catalog, files) -> None:
    for text in ("", " \n\t "):
        got = _route(catalog, text, *files)
        assert (got.decision, got.route) == ("needs_input", None) and got.missing[0].startswith("request:")


# -- Wan 2.2 Animate's modes, and the redirects the skills name (issue 9, items 4 and 6) ------------


@pytest.mark.parametrize(("text", "files", "route", "mode"), [
    ("swap my face into this clip", ("me.jpg", "clip.mp4"), "community/wan-2-2-animate/api", "replace"),
    ("replace the guy in this video with me", ("shot.mp4", "selfie.png"), "community/wan-2-2-animate/api", "replace"),
    ("animate my portrait with the moves from this clip", ("portrait.jpg", "moves.mp4"),
     "community/wan-2-2-animate/api", "animate"),
    ("make this spokesperson read the voice-over", ("spokes.png", "vo.mp3"), "community/wan-2-2-animate/api", "speak"),
    ("make my cartoon fox do this dance", ("fox.png", "dance.mp4"), "kling/kling-2-6/motion-control-pro", None),
    ("the mascot should copy the actor's moves exactly", ("mascot.png", "take.mp4"),
     "kling/kling-2-6/motion-control-pro", None),
])
def test_video_face_swap_goes_to_wan_replace_and_motion_transfer_to_kling(catalog, text, files, route, mode) -> None:
    got = _route(catalog, text, *files)
    assert (got.decision, got.skill, got.route, got.mode) == ("route", "face-swap", route, mode)


def test_wan_mode_fixes_its_field_and_speak_sends_no_video(catalog) -> None:
    replace = _route(catalog, "swap my face into this clip", "me.jpg", "clip.mp4")
    assert replace.arguments == {"image_url": CDN + "me.jpg", "video_url": CDN + "clip.mp4", "mode": "replace"}
    animate = _route(catalog, "animate my portrait with the moves from this clip", "me.jpg", "moves.mp4")
    assert animate.arguments["mode"] == "animate" and any("mode `animate`" in r for r in animate.reasons)
    speak = _route(catalog, "make this spokesperson read the voice-over", "spokes.png", "vo.mp3")
    assert speak.arguments == {"image_url": CDN + "spokes.png", "audio_url": CDN + "vo.mp3"}


def test_a_still_face_swap_without_a_video_names_what_wan_still_needs(catalog) -> None:
    got = _route(catalog, "make this mascot talk", "mascot.png")
    assert (got.decision, got.route, got.mode) == ("needs_input", "community/wan-2-2-animate/api", "speak")
    assert any(m.startswith("audio_url:") for m in got.missing)


@pytest.mark.parametrize(("text", "files", "redirect_id"), [
    ("remove the watermark from this photo", ("photo.jpg",), "image-inpainting"),
    ("erase the power lines from my picture", (), "image-inpainting"),
    ("widen this 16:9 clip to 21:9 by generating the sides", ("clip.mp4",), "video-outpainting"),
    ("uncrop this shot", ("shot.mov",), "video-outpainting"),
    ("turn this into slow motion", ("run.mp4",), "video-edit"),
    ("add a dragon flying over the castle", ("castle.mp4",), "video-edit"),
    ("swap her face using ReActor", ("her.jpg", "scene.jpg"), "comfyui-face-swap"),
    ("can you do this with PuLID or InstantID instead", ("me.png", "poster.png"), "comfyui-face-swap"),
    ("the prompt-driven edit was not precise enough", ("clip.mp4",), "comfyui-inpainting"),
    ("remove the car", ("clip.mp4", {"url": "car.mp4", "role": "mask"}), "comfyui-inpainting"),
    ("replace the presenter's face and voice with mine", ("talk.mp4", "me.jpg"), "ai-avatar-video"),
])
def test_each_out_of_scope_request_names_its_redirect_id(catalog, text, files, redirect_id) -> None:
    got = _route(catalog, text, *files)
    assert (got.decision, got.redirect_id) == ("unsupported", redirect_id)
    entry = next(o for s in catalog.skills for o in s.out_of_scope if o.id == redirect_id)
    assert got.redirect == " ".join(entry.redirect.split()) and got.arguments == {}


@pytest.mark.parametrize(("text", "files"), [
    ("remove the photo frame hanging on the wall", ("room.mp4",)),  # "photo" in a video edit
    ("remove the logo from every frame", ("f1.png", "f2.png", "f3.png")),  # a frame stack, not one still
    ("put my face on the astronaut", ({"url": "me.jpg", "role": "identity"}, {"url": "poster.jpg", "role": "scene"})),
    ("change only the face to a 35-year-old woman with hazel eyes", ("scene.jpg",)),  # one still, face swap
])
def test_broad_redirect_words_do_not_steal_requests_the_skills_serve(catalog, text, files) -> None:
    got = _route(catalog, text, *files)
    assert got.decision != "unsupported", got.reasons


def test_face_swap_prompts_keep_the_scene_and_match_its_lighting(catalog) -> None:
    gpt = _route(catalog, "put my face on the astronaut", {"url": "me.jpg", "role": "identity"},
                 {"url": "poster.jpg", "role": "scene"})
    prompt = gpt.arguments["prompt"]
    assert "change only the face" in prompt and prompt.endswith("skin tone and lighting to image 1.")
    nano = _route(catalog, "Same identity across a SKU gallery.", "id.jpg", "sku1.jpg", "sku2.jpg")
    assert "pose, clothing, hair, lighting and background" in nano.arguments["prompt"]
    assert nano.arguments["prompt"].endswith("lighting to each image.")


def test_face_swap_clauses_are_not_repeated_when_the_user_said_them(catalog) -> None:
    text = ("Replace the face of the person in image 1 with the face from image 2; preserve pose, clothing, lighting "
            "and background. Match skin tone and lighting to image 1.")
    got = _route(catalog, text, "target-scene.jpg", "identity-face.jpg")
    assert got.route == "openai/gpt-image-2/edit"
    assert "change only the face" not in got.arguments["prompt"] and got.arguments["prompt"].count("Match") == 1



def test_a_field_the_live_catalog_requires_and_routing_cannot_fill_is_named_as_missing(catalog) -> None:
    from runcomfy_skills.catalog.skill_docs import Catalog

    lucy = catalog.route("decart/lucy-edit/restyle")
    props = {**lucy.input_schema["properties"], "style_strength": {"type": "number"}}
    schema = {**lucy.input_schema, "properties": props, "required": [*lucy.input_schema["required"], "style_strength"]}
    bound = lucy.model_copy(update={"input_schema": schema})
    live = Catalog(skills=tuple(s.model_copy(update={"routes": tuple(bound if r is lucy else r for r in s.routes)})
                                for s in catalog.skills))
    got = _route(live, "restyle this clip as anime", "clip.mp4")
    assert (got.decision, got.route) == ("needs_input", lucy.model_id)
    assert any(m.startswith("style_strength:") for m in got.missing)
