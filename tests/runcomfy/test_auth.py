"""Where the token comes from: environment first, then the RunComfy CLI's token file."""

from __future__ import annotations

import json
import os
from time import time

import pytest

from runcomfy_skills.errors import ExitCode, SkillError, redact
from runcomfy_skills.runcomfy.auth import load_token


def _token_file(directory, token="file-token-abcdef", mode=0o600, **extra):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "token.json"
    path.write_text(json.dumps({"access_token": token, **extra}))
    path.chmod(mode)
    return path


def test_env_token_wins_over_the_token_file_and_is_trimmed(tmp_path):
    _token_file(tmp_path / "cfg")
    env = {"RUNCOMFY_TOKEN": "  env-token-123456 \n", "RUNCOMFY_CONFIG_DIR": str(tmp_path / "cfg")}
    assert load_token(env) == "env-token-123456"


def test_blank_env_token_falls_back_to_the_token_file(tmp_path):
    _token_file(tmp_path / "cfg")
    assert load_token({"RUNCOMFY_TOKEN": "   ", "RUNCOMFY_CONFIG_DIR": str(tmp_path / "cfg")}) == "file-token-abcdef"


def test_config_dir_precedence_is_runcomfy_dir_then_xdg_then_home(tmp_path):
    _token_file(tmp_path / "rc", token="from-runcomfy-dir")
    _token_file(tmp_path / "xdg" / "runcomfy", token="from-xdg-config")
    _token_file(tmp_path / "home" / ".config" / "runcomfy", token="from-home-config")
    home = {"HOME": str(tmp_path / "home")}
    xdg = {**home, "XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    assert load_token({**xdg, "RUNCOMFY_CONFIG_DIR": str(tmp_path / "rc")}) == "from-runcomfy-dir"
    assert load_token(xdg) == "from-xdg-config"
    assert load_token(home) == "from-home-config"


def test_missing_token_says_how_to_sign_in(tmp_path):
    with pytest.raises(SkillError) as caught:
        load_token({}, config_dir=tmp_path)
    assert caught.value.code == ExitCode.NOPERM
    text = caught.value.describe()
    assert "RUNCOMFY_TOKEN" in text and "runcomfy login" in text and "--sandbox" in text


def test_token_file_readable_by_others_is_refused_with_chmod_advice(tmp_path):
    path = _token_file(tmp_path, mode=0o644)
    with pytest.raises(SkillError) as caught:
        load_token({}, config_dir=tmp_path)
    assert caught.value.code == ExitCode.NOPERM
    assert f"chmod 600 {path}" in caught.value.describe()


def test_expired_token_file_asks_to_sign_in_again(tmp_path):
    _token_file(tmp_path, expires_at=int(time()) - 60)
    with pytest.raises(SkillError, match="expired") as caught:
        load_token({}, config_dir=tmp_path)
    assert caught.value.code == ExitCode.NOPERM


def test_loaded_token_is_redacted_everywhere(tmp_path):
    _token_file(tmp_path, token="very-secret-token-xyz")
    token = load_token({}, config_dir=tmp_path)
    assert redact(f"oops {token} leaked") == "oops *** leaked"


# ---- a token file someone else could have written or swapped is never used ----------------------



def _refused(config_dir) -> SkillError:
    with pytest.raises(SkillError) as caught:
        load_token({}, config_dir=config_dir)
    assert caught.value.code == ExitCode.NOPERM and "file-token-abcdef" not in caught.value.describe()
    return caught.value


@pytest.mark.skipif(os.getuid() != 0, reason="giving a file to another user needs root")
def test_a_token_file_owned_by_another_user_is_refused_with_chown_advice(tmp_path):
    path = _token_file(tmp_path / "cfg")
    os.chown(path, 65534, 65534)
    err = _refused(tmp_path / "cfg")
    assert "another user (uid 65534)" in err.message and f"chown {os.getuid()} {path}" in err.hint


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_a_token_file_in_another_users_folder_is_refused(tmp_path):
    _token_file(tmp_path / "cfg")
    os.chown(tmp_path / "cfg", 65534, 65534)
    assert "belongs to another user" in _refused(tmp_path / "cfg").message


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o1777])
def test_a_token_file_in_a_folder_others_can_write_is_refused(tmp_path, mode):
    _token_file(tmp_path / "cfg")
    (tmp_path / "cfg").chmod(mode)
    err = _refused(tmp_path / "cfg")
    assert "Other users can write" in err.message and "chmod go-w" in err.hint


def test_a_symlinked_token_file_is_refused(tmp_path):
    real = _token_file(tmp_path / "elsewhere")
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "token.json").symlink_to(real)
    assert "symlink" in _refused(tmp_path / "cfg").message


def test_a_token_file_writable_by_the_group_is_refused(tmp_path):
    _token_file(tmp_path, mode=0o620)
    assert "chmod 600" in _refused(tmp_path).hint
