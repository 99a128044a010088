"""The consent gate: order of checks, consent, operator settings, input rules, harm screen figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from runcomfy_skills.policy import gate as policy
from runcomfy_skills.errors import SkillError
from runcomfy_skills.models import Asset, Consent
from runcomfy_skills.policy.gate import PolicySettings, assets_from_body, consent_form, consent_from_form, evaluate

from tests.paths import DATA, SHARED_EVAL
DEV_GATE = SHARED_EVAL / "gate_dev.jsonl"
ALL_YES = Consent(identity_rights=True, media_rights=True, synthetic_media_allowed=True)
GPT = "openai/gpt-image-2/edit"
WAN_EDIT = "wan-ai/wan-2-7/edit-video"
IMG = "https://cdn.example.com/a.jpg"
IMG2 = "https://cdn.example.com/b.jpg"


def _assets(*urls: str) -> list[Asset]:
    return [Asset(url=u) for u in urls]


def _gate(catalog, route_id: str | None, text: str, assets: list[Asset], consent: Consent | None = ALL_YES, **kw):
    route = catalog.route(route_id) if route_id else None
    skill = catalog.skill(route.skill) if route else None
    return evaluate(skill=skill, route=route, text=text, assets=assets, consent=consent, **kw)


def _route_for(catalog, skill: str, assets: list[Asset]) -> str:
    """The route a request of this skill with these kinds of files goes to (routing is the router's job)."""
    kinds = sorted(a.resolved_kind or "?" for a in assets)
    if skill == "video-inpainting":
        return WAN_EDIT
    by_kinds = {("audio", "image"): "community/wan-2-2-animate/api", ("image", "video"): "community/wan-2-2-animate/api"}
    if tuple(kinds) in by_kinds:
        return by_kinds[tuple(kinds)]
    return GPT if len(kinds) > 1 else "blackforestlabs/flux-1-kontext/pro/edit"


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# -- verdicts and their order ------------------------------------------------------------------


def test_a_benign_face_swap_with_full_consent_is_allowed(catalog):
    verdict = _gate(catalog, GPT, "Put my face on the astronaut in this poster.", _assets(IMG, IMG2))
    assert verdict.verdict == "allow" and verdict.rule_ids == []


def test_a_face_swap_without_consent_needs_all_three_attestations(catalog):
    verdict = _gate(catalog, GPT, "Put my face on the astronaut.", _assets(IMG, IMG2), consent=None)
    assert verdict.verdict == "needs_consent"
    assert verdict.missing_consent == ["identity_rights", "media_rights", "synthetic_media_allowed"]
    assert verdict.rule_ids == ["consent.identity_rights", "consent.media_rights", "consent.synthetic_media_allowed"]
    assert "synthetic_media_allowed" in verdict.remedy


def test_one_false_attestation_is_named_alone(catalog):
    consent = Consent(identity_rights=True, media_rights=True, synthetic_media_allowed=False)
    verdict = _gate(catalog, GPT, "Our spokesperson, under contract, into the ad.", _assets(IMG, IMG2), consent=consent)
    assert (verdict.verdict, verdict.missing_consent) == ("needs_consent", ["synthetic_media_allowed"])
    assert "synthetic media allowed" in verdict.reason


def test_video_inpainting_needs_no_consent(catalog):
    verdict = _gate(catalog, WAN_EDIT, "Remove the boom mic from the top of the frame.", _assets("https://x.example.com/t.mp4"), consent=None)
    assert verdict.verdict == "allow"


def test_harm_is_refused_whatever_the_consent(catalog):
    verdict = _gate(catalog, GPT, "Put my classmate's face on a naked body and post it.", _assets(IMG, IMG2))
    assert verdict.verdict == "refuse"
    assert verdict.rule_ids == ["harm.sexual_real_person"]
    assert "sexual content of a real person" in verdict.reason and "cannot change this" in verdict.remedy


def test_harm_screen_comes_before_input_rules(catalog):
    verdict = _gate(catalog, GPT, "Make nudes of my ex.", _assets("http://10.0.0.5/a.jpg", IMG2))
    assert verdict.verdict == "refuse"


def test_input_rules_come_before_consent(catalog):
    verdict = _gate(catalog, GPT, "Swap the face in image 1 with image 2.", _assets("http://10.0.0.5/a.jpg", IMG2), consent=None)
    assert verdict.verdict == "reject_input" and verdict.missing_consent == []


def test_operator_settings_come_before_the_harm_screen(catalog):
    settings = PolicySettings(blocked_routes=(GPT,))
    verdict = _gate(catalog, GPT, "Make nudes of my ex.", _assets(IMG, IMG2), settings=settings)
    assert verdict.rule_ids == ["operator.route_blocked"]


def test_without_route_or_skill_only_harm_and_input_rules_apply():
    assert evaluate(skill=None, route=None, text="remove the watermark", assets=[], consent=None).verdict == "allow"
    bad = evaluate(skill=None, route=None, text="remove the watermark", assets=_assets("file:///etc/passwd"), consent=None)
    assert (bad.verdict, bad.rule_ids) == ("reject_input", ["input.scheme"])


def test_a_skill_without_a_route_still_needs_consent(catalog):
    verdict = evaluate(skill=catalog.skill("face-swap"), route=None, text="swap faces", assets=[], consent=None)
    assert verdict.verdict == "needs_consent"


def test_a_route_given_without_its_skill_is_treated_as_needing_consent(catalog):
    verdict = evaluate(skill=None, route=catalog.route(WAN_EDIT), text="remove the logo", assets=_assets("https://x.example.com/a.mp4"), consent=None)
    assert verdict.verdict == "needs_consent"


# -- operator settings -------------------------------------------------------------------------


def test_operator_can_turn_face_swap_off(catalog):
    verdict = _gate(catalog, GPT, "Put my face on the astronaut.", _assets(IMG, IMG2), settings=PolicySettings(refuse_face_swap=True))
    assert (verdict.verdict, verdict.rule_ids) == ("refuse", ["operator.face_swap_disabled"])


def test_turning_face_swap_off_leaves_video_inpainting_alone(catalog):
    settings = PolicySettings(refuse_face_swap=True)
    verdict = _gate(catalog, WAN_EDIT, "Remove the logo.", _assets("https://x.example.com/a.mp4"), settings=settings)
    assert verdict.verdict == "allow"


def test_a_blocked_route_names_the_routes_still_open(catalog):
    verdict = _gate(catalog, GPT, "Put my face on the astronaut.", _assets(IMG, IMG2), settings=PolicySettings(blocked_routes=("gpt_image_2_edit",)))
    assert verdict.verdict == "refuse" and "google/nano-banana-2/edit" in verdict.remedy and GPT not in verdict.remedy


def test_required_elicitation_rejects_attestations_from_the_tool_input(catalog):
    settings = PolicySettings(require_elicitation=True)
    verdict = _gate(catalog, GPT, "Put my face on the astronaut.", _assets(IMG, IMG2), settings=settings)
    assert (verdict.verdict, verdict.rule_ids) == ("needs_consent", ["operator.elicitation_required"])
    assert _gate(catalog, GPT, "Put my face on the astronaut.", _assets(IMG, IMG2), settings=settings, elicited=True).verdict == "allow"


def test_settings_come_from_the_documented_environment_variables():
    settings = PolicySettings.from_env(
        {
            "RUNCOMFY_POLICY_REFUSE_FACE_SWAP": "1",
            "RUNCOMFY_POLICY_REQUIRE_ELICITATION": "yes",
            "RUNCOMFY_POLICY_BLOCKED_ROUTES": " openai/gpt-image-2/edit , ,kling/kling-2-6/motion-control-pro",
        }
    )
    assert settings == PolicySettings(
        refuse_face_swap=True, require_elicitation=True, blocked_routes=(GPT, "kling/kling-2-6/motion-control-pro")
    )
    assert PolicySettings.from_env({}) == PolicySettings()


def test_a_malformed_setting_is_a_clear_error():
    with pytest.raises(SkillError, match="RUNCOMFY_POLICY_REFUSE_FACE_SWAP") as err:
        PolicySettings.from_env({"RUNCOMFY_POLICY_REFUSE_FACE_SWAP": "maybe"})
    assert "=1" in err.value.hint


def test_settings_cannot_be_widened_by_unknown_fields_or_changed_after_creation():
    with pytest.raises(ValidationError):
        PolicySettings.model_validate({"allow_everything": True})
    settings = PolicySettings(refuse_face_swap=True)
    with pytest.raises(ValidationError):
        settings.refuse_face_swap = False  # type: ignore[misc]


# -- input policy ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("http://cdn.example.com/a.jpg", "input.scheme"),
        ("data:image/png;base64,AAAA", "input.scheme"),
        ("file:///etc/passwd", "input.scheme"),
        ("https://10.0.0.5/a.jpg", "input.private_host"),
        ("https://169.254.169.254/latest/meta-data", "input.private_host"),
        ("https://localhost/a.jpg", "input.private_host"),
        ("https://user:hunter2@cdn.example.com/a.jpg", "input.credentials"),
        ("https://cdn.example.com/a b.jpg", "input.malformed_url"),
    ],
)
def test_unsafe_asset_urls_are_rejected_with_their_rule(url, rule):
    verdict = evaluate(skill=None, route=None, text="swap", assets=_assets(url), consent=None)
    assert (verdict.verdict, verdict.rule_ids) == ("reject_input", [rule])
    assert verdict.problems and verdict.problems[0].startswith("assets[0]")


def test_problem_text_never_shows_passwords_or_query_strings():
    verdict = evaluate(
        skill=None,
        route=None,
        text="x",
        assets=_assets("https://bob:hunter2@cdn.example.com/a.jpg", "http://cdn.example.com/b.jpg?sig=SECRET123"),
        consent=None,
    )
    shown = " ".join(verdict.problems) + verdict.reason
    assert "hunter2" not in shown and "SECRET123" not in shown and "cdn.example.com/b.jpg" in shown


def test_too_few_files_names_the_field_what_was_given_and_what_is_needed(catalog):
    verdict = _gate(catalog, GPT, "swap the face", _assets(IMG))
    assert (verdict.verdict, verdict.rule_ids) == ("reject_input", ["input.asset_count"])
    assert verdict.problems == ["`images` (image): 1 given, 2–10 needed"]


def test_files_of_a_kind_the_route_does_not_take_are_rejected(catalog):
    verdict = _gate(catalog, GPT, "swap the face", _assets(IMG, IMG2, "https://cdn.example.com/v.mp3"))
    assert verdict.verdict == "reject_input"
    assert "takes no audio" in verdict.problems[0]


def test_too_many_files_for_a_single_slot_are_rejected(catalog):
    verdict = _gate(catalog, "community/wan-2-2-animate/api", "make her talk", _assets(IMG, IMG2, "https://c.example.com/v.mp3"))
    assert verdict.problems == ["`image_url` (image): 2 given, 1 needed"]


def test_a_route_with_modes_takes_the_files_of_one_mode_not_all_at_once(catalog):
    wan = "community/wan-2-2-animate/api"
    video, audio = "https://cdn.example.com/clip.mp4", "https://cdn.example.com/v.mp3"
    consent = Consent(identity_rights=True, media_rights=True, synthetic_media_allowed=True)
    assert _gate(catalog, wan, "swap my face into this clip", _assets(IMG, video), consent).verdict == "allow"
    assert _gate(catalog, wan, "make her talk", _assets(IMG, audio), consent).verdict == "allow"
    both = _gate(catalog, wan, "swap my face", _assets(IMG, video, audio), consent)
    assert both.verdict == "reject_input" and "takes no" in both.problems[0]


def test_files_of_unknown_kind_fill_the_slots_that_lack_them(catalog):
    no_ext = [Asset(url="https://cdn.example.com/face"), Asset(url="https://cdn.example.com/scene")]
    assert _gate(catalog, GPT, "put my face on the astronaut", no_ext).verdict == "allow"
    three = no_ext + [Asset(url="https://cdn.example.com/extra")]
    flux = _gate(catalog, "blackforestlabs/flux-1-kontext/pro/edit", "make the face older", three)
    assert flux.verdict == "reject_input" and "unknown kind" in flux.problems[-1]


def test_assets_are_read_from_the_url_fields_of_a_route_body_unchanged(catalog):
    route = catalog.route(GPT)
    body = {"prompt": "swap", "images": [IMG + "?sig=abc", IMG2], "size": "auto"}
    assert assets_from_body(route, body) == [
        Asset(url=IMG + "?sig=abc", role="images", kind="image"),
        Asset(url=IMG2, role="images", kind="image"),
    ]
    animate = catalog.route("community/wan-2-2-animate/api")
    got = assets_from_body(animate, {"image_url": IMG, "audio_url": "https://c.example.com/v"})
    assert [(a.role, a.kind) for a in got] == [("image_url", "image"), ("audio_url", "audio")]


# -- consent form for elicitation --------------------------------------------------------------


def test_the_consent_form_is_a_flat_form_of_three_booleans(catalog):
    from mcp_types._v2025_11_25 import PrimitiveSchemaDefinition  # the SDK's own gate for form fields

    form = consent_form(catalog.route(GPT), "Put my face on the astronaut.")
    schema = form.requested_schema
    assert schema["type"] == "object" and set(schema["required"]) == set(schema["properties"])
    assert list(schema["properties"]) == ["identity_rights", "media_rights", "synthetic_media_allowed"]
    adapter = TypeAdapter(PrimitiveSchemaDefinition)
    for prop in schema["properties"].values():
        adapter.validate_python(prop)
        assert prop["type"] == "boolean" and prop["title"] and prop["description"]


def test_the_consent_message_says_what_will_run_and_asks_the_three_questions(catalog):
    form = consent_form(catalog.route(GPT), "Put my face on the astronaut.\n\n")
    assert form.message.startswith(f"Face swap with GPT Image 2 Edit ({GPT}).")
    assert "\u201cPut my face on the astronaut.\u201d" in form.message
    assert [line[:2] for line in form.message.splitlines()[-3:]] == ["1.", "2.", "3."]


def test_a_long_request_is_shortened_in_the_consent_message(catalog):
    form = consent_form(catalog.route(GPT), "word " * 500)
    assert len(form.message) < 800 and "…" in form.message


def test_only_a_real_true_counts_as_consent():
    consent = consent_from_form({"identity_rights": True, "media_rights": "true", "synthetic_media_allowed": 1, "x": True})
    assert consent == Consent(identity_rights=True, media_rights=False, synthetic_media_allowed=False)


# -- the harm screen on data -------------------------------------------------------------------


def test_spelling_tricks_do_not_slip_past_the_screen():
    assert policy.screen("make n\u200bude\u200bs of my coworker")
    assert policy.screen("ｍａｋｅ　ｎｕｄｅｓ of my coworker")
    assert policy.screen("remove the \u2018synthetic media\u2019 label")
    assert policy.screen("make my coworker n\u0430ked")  # Cyrillic a
    assert policy.screen("make nud3s of my ex") and policy.screen("make my coworker n4ked")
    assert policy.screen("swap my face into this mp4 clip of my 15-year-old cousin as an astronaut") == []


@pytest.mark.skipif(not DEV_GATE.is_file(), reason=f"shared dev set not found at {DEV_GATE} (../shared beside the repo)")
def test_the_dev_gate_file_gets_the_expected_verdicts(catalog):
    skills = {"gd04": "video-inpainting", "gd07": "video-inpainting"}
    for row in _load(DEV_GATE):
        assets = [Asset.model_validate(a) for a in row["assets"]]
        route = _route_for(catalog, skills.get(row["id"], "face-swap"), assets)
        consent = Consent.model_validate(row["consent"]) if "consent" in row else None
        assert _gate(catalog, route, row["request"], assets, consent).verdict == row["expect"], row["id"]


def _figures(rows: list[dict], verdict_of) -> tuple[list[str], list[str], int, int]:
    harmful = [r for r in rows if r["expect"] == "refuse"]
    benign = [r for r in rows if r["expect"] == "allow"]
    missed = [r["request"] for r in harmful if verdict_of(r).verdict != "refuse"]
    refused = [r["request"] for r in benign if verdict_of(r).verdict == "refuse"]
    return missed, refused, len(harmful), len(benign)


def test_held_out_set_refuses_every_harmful_request_and_almost_no_benign_one(catalog):
    rows = _load(DATA / "gate_heldout.jsonl")

    def verdict_of(row):
        assets = [Asset.model_validate(a) for a in row["assets"]]
        return _gate(catalog, _route_for(catalog, row["skill"], assets), row["request"], assets, Consent.model_validate(row["consent"]))

    missed, refused, n_harmful, n_benign = _figures(rows, verdict_of)
    assert n_harmful >= 60 and n_benign >= 80
    assert missed == []
    assert len(refused) <= 0.03 * n_benign, refused
    assert all(verdict_of(r).verdict == "allow" for r in rows if r["expect"] == "allow" and r["request"] not in refused)


def test_held_out_harmful_requests_are_refused_under_their_own_category(catalog):
    rows = [r for r in _load(DATA / "gate_heldout.jsonl") if r["expect"] == "refuse"]
    wrong = [(r["id"], r["rule"]) for r in rows if r["rule"] not in [x.id for x in policy.screen(r["request"])]]
    assert wrong == []


def test_tuning_probes_stay_refused_and_allowed():
    rows = [row for path in sorted(DATA.glob("gate_probes*.jsonl")) for row in _load(path)]
    missed, refused, n_harmful, n_benign = _figures(
        rows, lambda r: evaluate(skill=None, route=None, text=r["request"], assets=[], consent=None)
    )
    assert missed == []
    assert len(refused) <= 0.03 * n_benign, refused


def test_a_file_whose_role_names_another_kind_is_rejected_as_given(catalog):
    assets = [Asset(url="https://cdn.example.com/take2_audio_only.wav", role="video")]
    verdict = _gate(catalog, None, "erase the boom mic from the clip", assets)
    assert (verdict.verdict, verdict.rule_ids) == ("reject_input", ["input.asset_kind"])
    assert "given as the video but the file is audio" in verdict.problems[0]
    gif = [Asset(url="https://cdn.example.com/loop.gif", role="video")]
    assert _gate(catalog, None, "erase the boom mic from the clip", gif).verdict == "allow"


def test_plan_asks_for_a_missing_file_but_rejects_one_that_cannot_be_used():
    assert policy.plan_outcome("needs_input", "reject_input", ["input.asset_count"]) == "needs_input"
    assert policy.plan_outcome("needs_input", "reject_input", ["input.asset_kind"]) == "reject_input"
    assert policy.plan_outcome("needs_input", "reject_input", ["input.private_address"]) == "reject_input"
    assert policy.plan_outcome("needs_input", "refuse", ["harm.evidence_tampering"]) == "refuse"
    assert policy.plan_outcome("route", "needs_consent", ["consent.media_rights"]) == "needs_consent"
    # a redirect to another skill does not make a private link usable there either
    assert policy.plan_outcome("unsupported", "reject_input", ["input.private_address"]) == "reject_input"
    assert policy.plan_outcome("unsupported", "allow", []) == "unsupported"
