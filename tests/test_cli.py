"""The command line, run as a real subprocess: the commands and exit codes the README documents."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import DATA, REPO

VIDEO = "https://cdn.example.com/clip.mp4"
WAN_BODY = json.dumps({"prompt": "Remove the watermark in the bottom-right corner.", "video": VIDEO})


def cli(*args: str, env: dict[str, str] | None = None, home: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("RUNCOMFY")}
    base.update({"HOME": str(home), "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config")})
    base.update(env or {})
    return subprocess.run([sys.executable, "-m", "runcomfy_skills", *args], cwd=REPO, env=base, capture_output=True,
                          text=True, timeout=120)


def test_run_in_the_sandbox_writes_the_file_and_exits_0(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = cli("run", "wan-ai/wan-2-7/edit-video", "--input", WAN_BODY, "--output-dir", str(out), "--sandbox",
               home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    view = json.loads(proc.stdout)
    [file] = view["files"]
    assert Path(file["path"]).parent == out
    assert hashlib.sha256(Path(file["path"]).read_bytes()).hexdigest() == file["sha256"]
    assert sorted(p.name for p in out.iterdir()) == [Path(file["path"]).name]  # no temporary leftovers


def test_malformed_json_exits_65_and_says_where(tmp_path: Path) -> None:
    proc = cli("run", "wan-ai/wan-2-7/edit-video", "--input", "{prompt: oops", "--sandbox", home=tmp_path)
    assert proc.returncode == 65
    assert "not valid JSON" in proc.stderr and "--input" in proc.stderr and "Traceback" not in proc.stderr


def test_schema_mismatch_exits_65_naming_the_field(tmp_path: Path) -> None:
    body = json.dumps({"prompt": "Remove the logo.", "video": VIDEO, "duration": 42})
    proc = cli("run", "wan-ai/wan-2-7/edit-video", "--input", body, "--sandbox", home=tmp_path)
    assert proc.returncode == 65 and "duration" in proc.stderr


def test_unknown_route_exits_64_listing_routes(tmp_path: Path) -> None:
    proc = cli("run", "acme/nothing", "--input", WAN_BODY, "--sandbox", home=tmp_path)
    assert proc.returncode == 64 and "runcomfy-skills routes" in proc.stderr


def test_bad_command_line_exits_64(tmp_path: Path) -> None:
    proc = cli("run", "wan-ai/wan-2-7/edit-video", home=tmp_path)
    assert proc.returncode == 64 and "--help" in proc.stderr


def test_no_token_and_no_sandbox_exits_77_saying_how_to_sign_in(tmp_path: Path) -> None:
    proc = cli("run", "wan-ai/wan-2-7/edit-video", "--input", WAN_BODY, home=tmp_path)
    assert proc.returncode == 77
    assert "RUNCOMFY_TOKEN" in proc.stderr and "--sandbox" in proc.stderr


def test_world_readable_token_file_is_refused_with_77(tmp_path: Path) -> None:
    token_file = tmp_path / "config" / "runcomfy" / "token.json"
    token_file.parent.mkdir(parents=True)
    token_file.write_text(json.dumps({"access_token": "tok-0123456789abcdefghij"}))
    token_file.chmod(0o644)
    proc = cli("run", "wan-ai/wan-2-7/edit-video", "--input", WAN_BODY, home=tmp_path)
    assert proc.returncode == 77 and "chmod 600" in proc.stderr
    assert "tok-0123456789abcdefghij" not in proc.stderr + proc.stdout


def test_face_swap_without_consent_exits_70_and_submits_nothing(tmp_path: Path) -> None:
    body = json.dumps({"prompt": "Replace the face in image 1 with the face from image 2.",
                       "images": ["https://cdn.example.com/a.jpg", "https://cdn.example.com/b.jpg"]})
    proc = cli("run", "openai/gpt-image-2/edit", "--input", body, "--sandbox", home=tmp_path)
    assert proc.returncode == 70 and "needs_consent" in proc.stderr


def test_face_swap_with_consent_writes_outputs_and_sidecars(tmp_path: Path) -> None:
    body = json.dumps({"prompt": "Replace the face in image 1 with the face from image 2.",
                       "images": ["https://cdn.example.com/a.jpg", "https://cdn.example.com/b.jpg"]})
    proc = cli("run", "openai/gpt-image-2/edit", "--input", body, "--consent", "all", "--sandbox",
               "--output-dir", str(tmp_path / "o"), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    view = json.loads(proc.stdout)
    assert view["files"] and all(Path(p).is_file() for p in view["sidecars"])


def test_required_second_opinion_refuses_a_face_swap_on_the_command_line(tmp_path: Path) -> None:
    body = json.dumps({"prompt": "Replace the face in image 1 with the face from image 2.",
                       "images": ["https://cdn.example.com/a.jpg", "https://cdn.example.com/b.jpg"]})
    proc = cli("run", "openai/gpt-image-2/edit", "--input", body, "--consent", "all", "--sandbox",
               "--output-dir", str(tmp_path / "o"), env={"RUNCOMFY_POLICY_REQUIRE_SECOND_OPINION": "1"}, home=tmp_path)
    assert proc.returncode == 70 and "RUNCOMFY_POLICY_REQUIRE_SECOND_OPINION" in proc.stderr
    assert "command line has none" in proc.stderr and not (tmp_path / "o").exists()


def test_plan_prints_the_route_and_why(tmp_path: Path) -> None:
    proc = cli("plan", "Replace the sky with a sunset.", "--asset", VIDEO, "--json", home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    plan = json.loads(proc.stdout)
    assert plan["route"] == "wan-ai/wan-2-7/edit-video" and plan["reasons"]


def test_plan_asset_role_after_equals_sign(tmp_path: Path) -> None:
    proc = cli("plan", "Put this face on the person in the photo.", "--asset", "https://cdn.example.com/s.jpg=scene",
               "--asset", "https://cdn.example.com/f.jpg=identity", "--json", home=tmp_path)
    plan = json.loads(proc.stdout)
    assert plan["skill"] == "face-swap" and plan["arguments"]["images"][0] == "https://cdn.example.com/s.jpg"


def test_routes_lists_every_route(tmp_path: Path, catalog) -> None:
    proc = cli("routes", "--json", home=tmp_path)
    assert [r["model_id"] for r in json.loads(proc.stdout)] == [r.model_id for r in catalog.routes]


def test_help_explains_commands_sign_in_and_exit_codes(tmp_path: Path) -> None:
    proc = cli("--help", home=tmp_path)
    assert proc.returncode == 0
    for text in ("run", "serve", "plan", "routes", "RUNCOMFY_TOKEN", "exit codes", "--sandbox"):
        assert text in proc.stdout


@pytest.mark.parametrize("command", ["status", "result", "cancel"])
def test_unknown_job_id_is_a_clear_error(tmp_path: Path, command: str) -> None:
    proc = cli(command, "nope123", "--sandbox", home=tmp_path)
    assert proc.returncode in (64, 65) and "nope123" in proc.stderr and "Traceback" not in proc.stderr


def test_an_unusable_state_folder_exits_64_naming_the_setting(tmp_path: Path) -> None:
    state = tmp_path / "state-is-a-file"
    state.write_text("not a folder")  # the journal cannot be created here
    proc = cli("run", "wan-ai/wan-2-7/edit-video", "--input", WAN_BODY, "--sandbox", home=tmp_path,
               env={"RUNCOMFY_SKILLS_STATE_DIR": str(state)})
    assert proc.returncode == 64 and "Traceback" not in proc.stderr
    assert str(state) in proc.stderr and "RUNCOMFY_SKILLS_STATE_DIR" in proc.stderr


@pytest.mark.parametrize(
    "base", ["https://me:hunter2-secret@model-api.runcomfy.net/v1", "http://model-api.runcomfy.net/v1",
             "https://collector.evil.example/v1"],
)
def test_a_base_the_token_may_not_go_to_exits_64_before_anything_is_sent(tmp_path: Path, base: str) -> None:
    proc = cli("run", "wan-ai/wan-2-7/edit-video", "--input", WAN_BODY, "--output-dir", str(tmp_path / "out"),
               env={"RUNCOMFY_TOKEN": "tok-should-never-leave-42", "RUNCOMFY_API_BASE": base}, home=tmp_path)
    assert proc.returncode == 64, proc.stderr
    assert "RUNCOMFY_API_BASE" in proc.stderr and "Traceback" not in proc.stderr
    assert "hunter2-secret" not in proc.stderr + proc.stdout and "tok-should-never" not in proc.stderr + proc.stdout
    assert not (tmp_path / "out").exists()


def test_output_dir_that_is_a_file_exits_65_and_submits_nothing(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file")
    proc = cli("run", "wan-ai/wan-2-7/edit-video", "--input", WAN_BODY, "--output-dir", str(tmp_path / "taken"),
               "--sandbox", home=tmp_path)
    assert proc.returncode == 65 and "nothing was submitted" in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    ("body", "words"),
    [("[" * 5000 + "]" * 5000, "nests too deeply"), ('{"prompt": ' + "[" * 50 + "]" * 50 + "}", "nested more than"),
     ('{"prompt": "' + "x" * 1_100_000 + '"}', "larger than")],
    ids=["deeper_than_python", "deep", "oversized"],
)
def test_an_input_file_too_deep_or_too_large_exits_65_without_echoing_it(tmp_path: Path, body: str, words: str) -> None:
    (tmp_path / "body.json").write_text(body)
    proc = cli("run", "lucy_edit_restyle", "--input-file", str(tmp_path / "body.json"), "--sandbox", home=tmp_path)
    assert proc.returncode == 65 and words in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr) < 1000


def test_plan_with_a_request_over_the_limit_exits_65(tmp_path: Path) -> None:
    proc = cli("plan", "remove the logo " * 1000, home=tmp_path)
    assert proc.returncode == 65 and "at most 4,000" in proc.stderr and len(proc.stderr) < 1000


SEED_EXAMPLES = [json.loads(line) for line in (DATA / "seed_examples.jsonl").read_text().splitlines() if line.strip()]


@pytest.mark.parametrize("example", SEED_EXAMPLES, ids=[e["model"] for e in SEED_EXAMPLES])
def test_every_example_call_of_the_seed_skills_runs_unchanged_in_the_sandbox(tmp_path: Path, example: dict) -> None:
    consent = ["--consent", "all"] if example["skill"] == "face-swap" else []  # the gate's question, not the body
    proc = cli("run", example["model"], "--input", json.dumps(example["input"]), *consent, "--sandbox",
               "--output-dir", str(tmp_path / "out"), home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    view = json.loads(proc.stdout)
    assert view["state"] == "completed" and view["files"]


def test_the_seed_examples_cover_every_route_they_name(catalog) -> None:
    assert {e["model"] for e in SEED_EXAMPLES} <= {r.model_id for r in catalog.routes}
    assert len({e["model"] for e in SEED_EXAMPLES}) == len(SEED_EXAMPLES) == 6


def test_the_sandbox_serves_a_catalog_file_and_run_follows_it(tmp_path: Path) -> None:
    env = {"RUNCOMFY_SANDBOX_CATALOG": str(DATA / "live_catalog.json")}
    [wan] = [e for e in SEED_EXAMPLES if e["model"] == "wan-ai/wan-2-7/edit-video"]
    proc = cli("run", wan["model"], "--input", json.dumps(wan["input"]), "--sandbox", "--output-dir",
               str(tmp_path / "out"), env=env, home=tmp_path)
    assert proc.returncode == 0, proc.stderr
    [kling] = [e for e in SEED_EXAMPLES if e["model"] == "kling/kling-2-6/motion-control-pro"]
    proc = cli("run", kling["model"], "--input", json.dumps(kling["input"]), "--consent", "all", "--sandbox",
               env=env, home=tmp_path)
    assert proc.returncode == 65
    assert "no field for `image_url`" in proc.stderr and "subject" in proc.stderr and "catalog-diff" in proc.stderr


def test_routes_says_where_each_schema_comes_from_and_claims_no_check_without_a_token(tmp_path: Path) -> None:
    live = json.loads((DATA / "live_catalog.json").read_text())["models"]["wan-ai/wan-2-7/edit-video"]
    stored = {"version": 1, "origin": "https://model-api.runcomfy.net/v1", "routes": {
        "wan-ai/wan-2-7/edit-video": {"model_id": "wan-ai/wan-2-7/edit-video",
                                      "fetched_at": "2026-11-24T09:00:00+00:00", "entry": live}}}
    state = tmp_path / "state" / "runcomfy-skills"
    state.mkdir(parents=True)
    (state / "live-catalog.json").write_text(json.dumps(stored))
    rows = {r["tool"]: r for r in json.loads(cli("routes", "--json", env={"RUNCOMFY_TOKEN": "tok-12345678"},
                                                 home=tmp_path).stdout)}
    assert rows["wan_2_7_edit_video"]["schema"] == "live (fetched at 2026-11-24T09:00:00+00:00)"
    assert rows["lucy_edit_restyle"]["schema"] == "table"
    without_token = json.loads(cli("routes", "--json", home=tmp_path).stdout)
    assert {r["schema"] for r in without_token} == {"table"}


@pytest.fixture(scope="module")
def differing_catalog(catalog):
    from runcomfy_skills.sandbox.emulator import Emulator

    with Emulator(catalog, catalog_file=DATA / "live_catalog.json", token="diff-token-8a2c41") as emulator:
        yield emulator


def _diff_env(emulator, skills: Path) -> dict[str, str]:
    return {"RUNCOMFY_API_BASE": emulator.base_url, "RUNCOMFY_TOKEN": emulator.token, "RUNCOMFY_SKILLS_DIR": str(skills)}


def test_catalog_diff_json_names_each_change_for_scripts(tmp_path: Path, differing_catalog) -> None:
    proc = cli("catalog-diff", "--json", env=_diff_env(differing_catalog, REPO / "skills"), home=tmp_path)
    assert proc.returncode == 65, proc.stderr
    routes = {r["tool"]: r for r in json.loads(proc.stdout)}
    assert {"change": "renamed", "field": "video", "live_field": "video_url"}.items() <= \
        routes["wan_2_7_edit_video"]["changes"][0].items()
    assert routes["wan_2_2_animate"]["found_id"] == "community/wan-2-2-animate/video-to-video"
    assert routes["seedream_4_0_edit_sequential"]["found"] is False
    assert routes["gpt_image_2_edit"]["differences"] == []
    assert differing_catalog.token not in proc.stdout + proc.stderr


def test_catalog_diff_write_updates_the_tables_as_a_reviewable_data_only_diff(tmp_path: Path, differing_catalog) -> None:
    import shutil

    from runcomfy_skills.catalog.skill_docs import load_catalog

    skills = tmp_path / "skills"
    shutil.copytree(REPO / "skills", skills)
    before = {p.parent.name: set(p.read_text().splitlines()) for p in skills.glob("*/SKILL.md")}
    proc = cli("catalog-diff", "--write", env=_diff_env(differing_catalog, skills), home=tmp_path)
    assert proc.returncode == 65 and "updated" in proc.stderr, proc.stderr
    written = load_catalog(skills)
    wan = written.route("wan_2_7_edit_video")
    assert "video_url" in wan.input_schema["properties"] and wan.input_schema["properties"]["video_url"]["x-aliases"] == ["video"]
    assert written.route("wan_2_2_animate").model_id == "community/wan-2-2-animate/video-to-video"
    assert "guidance" in written.route("nano_banana_2_edit").input_schema["properties"]
    assert "style_strength" in written.route("lucy_edit_restyle").input_schema["required"]
    changed = [line for p in skills.glob("*/SKILL.md") for line in p.read_text().splitlines()
               if line not in before[p.parent.name]]
    assert changed and [line for line in changed if not line.startswith(
        ("|", "Model id:", "Fallback model id:", "  - field:", "      - field:"))] == []
    again = cli("catalog-diff", "--json", env=_diff_env(differing_catalog, skills), home=tmp_path)
    left = {r["tool"]: r["differences"] for r in json.loads(again.stdout) if r["differences"]}
    assert left == {  # what a person must decide: a field gone, a mode the catalog does not offer, an unknown id
        "kling_2_6_motion_control_pro": ["`image_url`: in our table but missing upstream"],
        "wan_2_2_animate": ["`audio_url`: in our table but missing upstream"],
        "seedream_4_0_edit_sequential": ["model id bytedance/seedream-4-0/edit-sequential not found upstream"]}
