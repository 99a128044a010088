"""Operator settings come from the environment and bound what a tool call may choose."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.settings import DEFAULT_API_BASE, Settings


def test_defaults_point_at_the_real_api_and_home_folders(tmp_path: Path) -> None:
    settings = Settings.from_env({"XDG_STATE_HOME": str(tmp_path)})
    assert settings.api_base == DEFAULT_API_BASE
    assert settings.state_dir == tmp_path / "runcomfy-skills"
    assert settings.default_wait_seconds == 50.0


def test_environment_overrides_base_url_and_folders(tmp_path: Path) -> None:
    settings = Settings.from_env({
        "RUNCOMFY_API_BASE": "http://127.0.0.1:9/v1",
        "RUNCOMFY_OUTPUT_DIR": str(tmp_path / "out"),
        "RUNCOMFY_SKILLS_STATE_DIR": str(tmp_path / "state"),
        "RUNCOMFY_DOWNLOAD_ORIGINS": "http://127.0.0.1:9, http://127.0.0.1:10",
    })
    assert settings.api_base == "http://127.0.0.1:9/v1"
    assert settings.output_root == tmp_path / "out" and settings.state_dir == tmp_path / "state"
    assert settings.download_origins == ("http://127.0.0.1:9", "http://127.0.0.1:10")


def test_sandbox_keeps_its_journal_apart_from_the_real_one(tmp_path: Path) -> None:
    settings = Settings.from_env({"XDG_STATE_HOME": str(tmp_path)}, sandbox=True)
    assert settings.sandbox and settings.state_dir != tmp_path / "runcomfy-skills"


@pytest.mark.parametrize("requested", ["/etc", "../up", "a/../../b"])
def test_tool_output_dir_cannot_leave_the_output_root(tmp_path: Path, requested: str) -> None:
    settings = Settings.from_env({"RUNCOMFY_OUTPUT_DIR": str(tmp_path)})
    with pytest.raises(SkillError) as info:
        settings.output_dir_for_tool(requested)
    assert info.value.code == ExitCode.USAGE and info.value.where == "output_dir"


def test_tool_output_dir_is_a_subfolder_of_the_root(tmp_path: Path) -> None:
    settings = Settings.from_env({"RUNCOMFY_OUTPUT_DIR": str(tmp_path)})
    assert settings.output_dir_for_tool("clips/today") == tmp_path / "clips" / "today"
    assert settings.output_dir_for_tool(None) == tmp_path


def test_tool_wait_is_capped_by_the_operator_maximum() -> None:
    settings = Settings.from_env({"RUNCOMFY_MAX_WAIT_SECONDS": "30"})
    assert settings.wait_for_tool(None) == 30 and settings.wait_for_tool(5) == 5 and settings.wait_for_tool(-1) == 0


def test_a_non_numeric_wait_setting_is_a_usage_error() -> None:
    with pytest.raises(SkillError) as info:
        Settings.from_env({"RUNCOMFY_WAIT_SECONDS": "soon"})
    assert info.value.code == ExitCode.USAGE and "RUNCOMFY_WAIT_SECONDS" in info.value.message


# ---- the token goes only to RunComfy (issue 9 item 7), and never with a password in the base ----


@pytest.mark.parametrize(
    "base", ["https://evil.example/v1", "http://model-api.runcomfy.net/v1", "https://10.0.0.3/v1",
             "https://runcomfy.net.evil.example/v1", "ftp://model-api.runcomfy.net/v1"],
)
def test_an_api_base_that_is_not_runcomfy_is_a_usage_error(base: str) -> None:
    with pytest.raises(SkillError) as info:
        Settings.from_env({"RUNCOMFY_API_BASE": base})
    assert info.value.code == ExitCode.USAGE and info.value.where == "RUNCOMFY_API_BASE"
    assert "nothing was sent" in info.value.message


def test_an_operator_may_name_another_https_host_and_loopback_is_always_fine() -> None:
    env = {"RUNCOMFY_API_BASE": "https://gateway.example.org/v1", "RUNCOMFY_ALLOWED_API_HOSTS": "gateway.example.org"}
    assert Settings.from_env(env).api_base == "https://gateway.example.org/v1"
    assert Settings.from_env({"RUNCOMFY_API_BASE": "http://127.0.0.1:8080/v1"}).api_base.startswith("http://127")


def test_a_password_in_the_api_base_is_refused_and_never_shown() -> None:
    from runcomfy_skills.errors import redact

    with pytest.raises(SkillError) as info:
        Settings.from_env({"RUNCOMFY_API_BASE": "https://me:hunter2-pass@model-api.runcomfy.net/v1"})
    err = info.value
    assert err.code == ExitCode.USAGE and "hunter2-pass" not in json.dumps(err.to_dict()) + err.describe()
    assert "***@model-api.runcomfy.net" in err.message
    assert redact("echoed hunter2-pass") == "echoed ***"  # any later echo of it is blanked too


def test_the_client_refuses_a_foreign_base_before_sending_anything() -> None:
    from runcomfy_skills.runcomfy.client import RunComfyClient

    with pytest.raises(SkillError) as info:
        RunComfyClient("tok-abcdef123456", "https://evil.example/v1")
    assert info.value.code == ExitCode.USAGE


@pytest.mark.parametrize(("name", "value"), [("RUNCOMFY_MAX_FILES_PER_JOB", "many"), ("RUNCOMFY_MAX_BYTES_PER_JOB", "0"),
                                             ("RUNCOMFY_ALLOWED_PORTS", "https"),
                                             ("RUNCOMFY_MAX_REQUESTS_IN_FLIGHT", "0"),
                                             ("RUNCOMFY_MAX_REQUESTS_PER_SECOND", "0")])
def test_bad_caps_and_ports_are_usage_errors(name: str, value: str) -> None:
    from runcomfy_skills.policy.gate import PolicySettings

    with pytest.raises(SkillError) as info:
        Settings.from_env({name: value})
        PolicySettings.from_env({name: value})
    assert info.value.code == ExitCode.USAGE and name in info.value.message


def test_caps_are_read_from_the_environment() -> None:
    settings = Settings.from_env({"RUNCOMFY_MAX_FILES_PER_JOB": "3", "RUNCOMFY_MAX_BYTES_PER_JOB": "1000"})
    assert (settings.max_files_per_job, settings.max_bytes_per_job) == (3, 1000)


def test_the_request_limit_is_read_from_the_environment() -> None:
    settings = Settings.from_env({"RUNCOMFY_MAX_REQUESTS_IN_FLIGHT": "4", "RUNCOMFY_MAX_REQUESTS_PER_SECOND": "2.5"})
    limiter = settings.request_limiter()
    assert (limiter.max_in_flight, limiter.per_second) == (4, 2.5)


def test_folders_expand_home_as_a_bundle_host_may_pass_it(tmp_path: Path) -> None:
    settings = Settings.from_env({"HOME": str(tmp_path), "RUNCOMFY_OUTPUT_DIR": "${HOME}/runcomfy-outputs"})
    assert settings.output_root == tmp_path / "runcomfy-outputs"


def test_sandbox_files_go_to_a_folder_of_their_own(tmp_path: Path) -> None:
    settings = Settings.from_env({"RUNCOMFY_OUTPUT_DIR": str(tmp_path / "out")}, sandbox=True)
    assert settings.output_root == tmp_path / "out" / "sandbox" and settings.ephemeral_state
