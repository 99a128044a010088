"""Operator settings come from the environment and bound what a tool call may choose."""

from __future__ import annotations

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


def test_folders_expand_home_as_a_bundle_host_may_pass_it(tmp_path: Path) -> None:
    settings = Settings.from_env({"HOME": str(tmp_path), "RUNCOMFY_OUTPUT_DIR": "${HOME}/runcomfy-outputs"})
    assert settings.output_root == tmp_path / "runcomfy-outputs"


def test_sandbox_files_go_to_a_folder_of_their_own(tmp_path: Path) -> None:
    settings = Settings.from_env({"RUNCOMFY_OUTPUT_DIR": str(tmp_path / "out")}, sandbox=True)
    assert settings.output_root == tmp_path / "out" / "sandbox" and settings.ephemeral_state
