"""The MCP surface, through real MCP client sessions against the emulator over loopback HTTP."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import anyio
import pytest
from jsonschema import Draft202012Validator
from mcp import Client
from mcp.shared.exceptions import MCPError
from mcp.types import ElicitResult

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.settings import Settings

from tests.mcp.test_tools import assert_route_fields

pytestmark = pytest.mark.anyio
MODES = ["auto", "legacy"]  # auto = 2026-07-28 in process; legacy = 2025-11-25 with a back channel

VIDEO = "https://cdn.example.com/clips/street.mp4"
SCENE = "https://cdn.example.com/scene.jpg"
FACE = "https://cdn.example.com/identity-face.jpg"
ALL_CONSENT = {"identity_rights": True, "media_rights": True, "synthetic_media_allowed": True}
FACE_SWAP_ARGS = {
    "prompt": "Replace the face of the person in image 1 with the face from image 2; keep pose and lighting.",
    "images": [SCENE, FACE],
}


@pytest.fixture
def settings(emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("RUNCOMFY_TOKEN", emulator.token)
    return Settings(
        api_base=emulator.base_url,
        state_dir=tmp_path / "state",
        output_root=tmp_path / "out",
        download_origins=(emulator.origin,),
        default_wait_seconds=20,
        poll_initial=0.05,
        poll_max=0.1,
    )


@pytest.fixture
def server(settings: Settings, catalog):
    return create_server(settings, catalog)


def submits(emulator) -> list[tuple[str, str]]:
    return [entry for entry in emulator.requests_log if entry[0] == "POST" and entry[1].startswith("/v1/models/")]


async def accept_all(context: Any, params: Any) -> ElicitResult:
    return ElicitResult(action="accept", content=ALL_CONSENT)


@pytest.mark.parametrize("mode", MODES)
async def test_lists_every_route_tool_with_its_generated_schema(server, catalog, mode: str) -> None:
    async with Client(server, mode=mode) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == {r.tool for r in catalog.routes} | {
        "video_inpaint", "face_swap", "plan", "job_status", "job_result", "job_cancel", "jobs_list"}
    for route in catalog.routes:
        assert_route_fields(tools[route.tool].input_schema, route.input_schema)


@pytest.mark.parametrize("mode", MODES)
async def test_video_route_returns_a_real_file_with_its_sha256(server, emulator, settings, mode: str) -> None:
    progress: list[str | None] = []

    async def on_progress(value: float, total: float | None, message: str | None) -> None:
        progress.append(message)

    async with Client(server, mode=mode) as client:
        result = await client.call_tool(
            "wan_2_7_edit_video",
            {"prompt": "Remove the watermark in the bottom-right corner.", "video": VIDEO, "output_dir": "clips"},
            progress_callback=on_progress,
        )
    assert not result.is_error, result.content
    data = result.structured_content
    assert data["state"] == "completed" and data["model_id"] == "wan-ai/wan-2-7/edit-video"
    [file] = data["files"]
    path = Path(file["path"])
    assert path.parent == settings.output_root / "clips"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == file["sha256"]
    assert file["media_type"] == "video/mp4" and path.read_bytes()[4:8] == b"ftyp"
    [summary, link] = result.content  # the file also comes as a link, not as a payload
    assert summary.type == "text" and str(path) in summary.text
    assert link.type == "resource_link" and link.uri == path.resolve().as_uri()
    assert (link.name, link.mime_type, link.size) == (path.name, "video/mp4", path.stat().st_size)
    assert progress, "no progress notification was sent while waiting"
    assert len(submits(emulator)) == 1


async def test_schema_mismatch_is_a_tool_error_naming_the_field(server, emulator) -> None:
    async with Client(server) as client:
        result = await client.call_tool("wan_2_7_edit_video", {"prompt": "Remove the logo.", "clip": VIDEO})
    assert result.is_error
    error = result.structured_content["error"]
    assert error["code"] == 65 and "video" in error["message"] + error["hint"]
    assert submits(emulator) == []


async def test_a_field_under_its_alias_is_sent_under_the_schema_name(server, emulator) -> None:
    async with Client(server) as client:
        result = await client.call_tool("wan_2_7_edit_video", {"prompt": "Remove the logo.", "video_url": VIDEO})
    assert not result.is_error, result.content
    [sent] = emulator.submits()
    assert sent["body"]["video"] == VIDEO and "video_url" not in sent["body"]


async def test_two_names_for_one_field_are_a_tool_error_naming_both(server, emulator) -> None:
    async with Client(server) as client:
        result = await client.call_tool("wan_2_7_edit_video", {"prompt": "x", "video": VIDEO, "video_url": VIDEO})
    error = result.structured_content["error"]
    assert result.is_error and error["code"] == 65 and error["where"] == "video, video_url"
    assert submits(emulator) == []


async def test_face_swap_without_consent_never_reaches_the_emulator(server, emulator) -> None:
    async with Client(server) as client:  # no elicitation capability declared
        result = await client.call_tool("gpt_image_2_edit", FACE_SWAP_ARGS)
    assert result.is_error
    error = result.structured_content["error"]
    assert error["code"] == 70 and error["details"]["verdict"]["verdict"] == "needs_consent"
    assert submits(emulator) == []


async def test_face_swap_with_attested_consent_runs_and_writes_a_sidecar(server, emulator) -> None:
    async with Client(server) as client:
        result = await client.call_tool("gpt_image_2_edit", {**FACE_SWAP_ARGS, "consent": ALL_CONSENT})
    assert not result.is_error, result.content
    data = result.structured_content
    assert data["files"] and len(data["sidecars"]) == len(data["files"])
    sidecar = json.loads(Path(data["sidecars"][0]).read_text())
    assert sidecar["model_id"] == "openai/gpt-image-2/edit" and "synthetic" in json.dumps(sidecar).lower()
    assert sidecar["consent_source"] == "tool_input"
    assert "label" in data["disclosure"].lower()


@pytest.mark.parametrize("mode", MODES)
async def test_elicitation_asks_the_human_and_their_yes_runs_the_job(server, emulator, mode: str) -> None:
    asked: list[str] = []

    async def human(context: Any, params: Any) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="accept", content=ALL_CONSENT)

    async with Client(server, mode=mode, elicitation_callback=human) as client:
        result = await client.call_tool("gpt_image_2_edit", FACE_SWAP_ARGS)
    assert not result.is_error, result.content
    assert len(asked) == 1 and "openai/gpt-image-2/edit" in asked[0]
    assert len(submits(emulator)) == 1


@pytest.mark.parametrize("mode", MODES)
async def test_elicitation_decline_wins_over_the_agents_own_attestation(server, emulator, mode: str) -> None:
    async def human(context: Any, params: Any) -> ElicitResult:
        return ElicitResult(action="decline")

    async with Client(server, mode=mode, elicitation_callback=human) as client:
        result = await client.call_tool("gpt_image_2_edit", {**FACE_SWAP_ARGS, "consent": ALL_CONSENT})
    assert result.is_error and result.structured_content["error"]["code"] == 70
    assert submits(emulator) == []


async def test_harmful_request_is_refused_with_its_rule_before_asking_anyone(server, emulator) -> None:
    asked: list[str] = []

    async def human(context: Any, params: Any) -> ElicitResult:
        asked.append(params.message)
        return ElicitResult(action="accept", content=ALL_CONSENT)

    args = {"prompt": "Put my classmate's face on a naked body from image 1.", "images": [SCENE, FACE]}
    async with Client(server, mode="legacy", elicitation_callback=human) as client:
        result = await client.call_tool("gpt_image_2_edit", args)
    verdict = result.structured_content["error"]["details"]["verdict"]
    assert result.is_error and verdict["verdict"] == "refuse" and verdict["rule_ids"]
    assert asked == [] and submits(emulator) == []


async def test_a_harmful_skill_call_missing_a_file_is_refused_not_asked_for_more(server, emulator) -> None:
    args = {"request": "lower the electricity meter reading in the clip before it goes to the power company",
            "assets": [{"url": FACE}]}  # a photo where a clip is needed: the router alone would ask for the clip
    async with Client(server) as client:
        result = await client.call_tool("video_inpaint", args)
    error = result.structured_content["error"]
    assert result.is_error and error["code"] == 70
    assert error["details"]["verdict"]["rule_ids"] == ["harm.evidence_tampering"]
    assert submits(emulator) == []


@pytest.mark.parametrize("mode", MODES)
async def test_plan_returns_a_structured_decision_with_valid_arguments(server, catalog, mode: str) -> None:
    async with Client(server, mode=mode) as client:
        result = await client.call_tool("plan", {"request": "Replace the sky with a sunset.", "assets": [{"url": VIDEO}]})
    plan = result.structured_content
    assert plan["decision"] == "route" and plan["route"] == "wan-ai/wan-2-7/edit-video"
    assert plan["tool"] == "wan_2_7_edit_video" and plan["reasons"]
    Draft202012Validator(catalog.route(plan["route"]).input_schema).validate(plan["arguments"])


async def test_plan_names_the_redirect_by_its_id_for_out_of_scope_requests(server) -> None:
    async with Client(server) as client:
        result = await client.call_tool(
            "plan", {"request": "Remove the watermark from this photo.", "assets": [{"url": SCENE}]})
    plan = result.structured_content
    assert (plan["decision"], plan["redirect_id"], plan["route"]) == ("unsupported", "image-inpainting", None)
    assert "image-inpainting skill" in plan["redirect"] and "[image-inpainting]" in result.content[0].text


async def test_plan_reports_needs_consent_for_a_face_swap_without_it(server) -> None:
    async with Client(server) as client:
        result = await client.call_tool(
            "plan", {"request": "Put my face on the astronaut in this poster.", "assets": [{"url": SCENE}, {"url": FACE}]}
        )
    plan = result.structured_content
    assert plan["decision"] == "needs_consent" and plan["skill"] == "face-swap"
    assert any(rule.startswith("consent.") for rule in plan["rule_ids"])


@pytest.mark.parametrize("request_text", ["", "   "])
async def test_plan_with_no_words_asks_what_to_do_even_when_the_files_fit_a_face_swap(server, request_text: str) -> None:
    async with Client(server) as client:
        result = await client.call_tool(
            "plan", {"request": request_text, "assets": [{"url": FACE}, {"url": VIDEO}]})
    plan = result.structured_content
    assert not result.is_error and (plan["decision"], plan["route"]) == ("needs_input", None)
    assert plan["missing"] and plan["missing"][0].startswith("request:")


async def test_video_inpaint_skill_tool_runs_end_to_end(server, emulator) -> None:
    async with Client(server) as client:
        result = await client.call_tool(
            "video_inpaint", {"request": "Remove the boom mic from the top of the frame.", "assets": [{"url": VIDEO}]}
        )
    assert not result.is_error, result.content
    assert result.structured_content["model_id"] == "wan-ai/wan-2-7/edit-video"
    assert result.structured_content["files"]
    [body] = emulator.submits()
    assert body["body"]["prompt"].startswith("Preserve all other content exactly")


async def test_face_swap_skill_tool_runs_end_to_end(server, emulator) -> None:
    async with Client(server) as client:
        result = await client.call_tool("face_swap", {
            "request": "Replace the face in each image with the face shown in the first image.",
            "assets": [{"url": FACE}, {"url": SCENE}, {"url": "https://cdn.example.com/scene-2.jpg"}],
            "consent": ALL_CONSENT,
        })
    assert not result.is_error, result.content
    data = result.structured_content
    assert data["model_id"] == "google/nano-banana-2/edit" and data["files"] and data["sidecars"]


async def test_zero_wait_returns_the_job_id_and_job_result_collects_the_files(server, emulator) -> None:
    async with Client(server) as client:
        started = await client.call_tool("lucy_edit_restyle",
                                         {"prompt": "Film noir look.", "video_url": VIDEO, "wait_seconds": 0})
        assert started.structured_content["state"] in ("in_queue", "in_progress")
        job_id = started.structured_content["job_id"]
        done = await client.call_tool("job_result", {"job_id": job_id, "wait_seconds": 10})
        listed = await client.call_tool("jobs_list", {})
    assert done.structured_content["state"] == "completed" and done.structured_content["files"]
    assert job_id in [j["job_id"] for j in listed.structured_content["jobs"]]


async def test_cancelling_the_tool_call_cancels_the_job_upstream(settings, catalog, emulator) -> None:
    emulator.queue_seconds = 5.0  # keep the job queued, so upstream can still cancel it
    try:
        async with Client(create_server(settings, catalog)) as client:
            with anyio.move_on_after(1.0):
                await client.call_tool("wan_2_7_edit_video", {"prompt": "Remove the logo.", "video": VIDEO})
            with anyio.fail_after(5):
                while not any(m == "POST" and p.endswith("/cancel") for m, p in emulator.requests_log):
                    await anyio.sleep(0.05)
    finally:
        emulator.queue_seconds = 0.15


@pytest.mark.parametrize("mode", MODES)
async def test_skill_documents_are_readable_as_resources(server, catalog, mode: str) -> None:
    async with Client(server, mode=mode) as client:
        listed = await client.list_resources()
        uris = [r.uri for r in listed.resources]
        read = (await client.read_resource("skill://face-swap/SKILL.md")).contents[0]
    assert uris == ["skill://face-swap/SKILL.md", "skill://video-inpainting/SKILL.md"]
    assert read.text == catalog.skill("face-swap").text and read.mime_type == "text/markdown"
    for resource in listed.resources:
        text = catalog.skill(resource.name).text
        assert resource.title and resource.title.endswith("skill guide") and resource.description
        assert (resource.mime_type, resource.size) == ("text/markdown", len(text.encode()))


async def test_unknown_tool_is_a_protocol_error(server) -> None:
    async with Client(server) as client:
        with pytest.raises(MCPError, match="Unknown tool"):
            await client.call_tool("no_such_tool", {})


async def test_upstream_auth_failure_is_code_77_without_the_token(settings, catalog, emulator, monkeypatch) -> None:
    monkeypatch.setenv("RUNCOMFY_TOKEN", "wrong-token-0123456789abcdef")
    async with Client(create_server(settings, catalog)) as client:
        result = await client.call_tool("lucy_edit_restyle", {"prompt": "Anime look.", "video_url": VIDEO})
    assert result.is_error and result.structured_content["error"]["code"] == 77
    assert "wrong-token-0123456789abcdef" not in json.dumps(result.model_dump(mode="json"))


async def test_audit_log_has_a_line_per_verdict_and_no_request_text_or_token(server, settings, emulator) -> None:
    secret_prompt = "Remove the zebra-striped umbrella from the balcony."
    async with Client(server) as client:
        await client.call_tool("wan_2_7_edit_video", {"prompt": secret_prompt, "video": VIDEO})
        await client.call_tool("gpt_image_2_edit", FACE_SWAP_ARGS)  # needs_consent
        await client.call_tool("plan", {"request": secret_prompt, "assets": [{"url": VIDEO}]})
    text = (settings.state_dir / "audit.jsonl").read_text()
    lines = [json.loads(line) for line in text.splitlines()]
    assert [(line["source"], line["verdict"]) for line in lines] == [
        ("tool:wan_2_7_edit_video", "allow"), ("tool:gpt_image_2_edit", "needs_consent"), ("plan", "allow")]
    assert "zebra" not in text and emulator.token not in text
    assert lines[0]["request_sha256"] == lines[2]["request_sha256"]
