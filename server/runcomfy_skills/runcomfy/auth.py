"""Where the RunComfy API token comes from, as the RunComfy CLI stores it.

`RUNCOMFY_TOKEN` wins; otherwise `token.json` in the CLI's config directory. A token file another
user owns, can read or could swap (a writable folder, a symlink) is refused rather than used, and
every token found is registered with `errors.redact` so it can never show up in a message.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from time import time

from runcomfy_skills.errors import ExitCode, SkillError, register_secret

SIGN_IN_HINT = (
    "Set RUNCOMFY_TOKEN to an API token from https://www.runcomfy.com/profile, or sign in with "
    "`runcomfy login` (the RunComfy CLI), or try the offline emulator with --sandbox."
)


def _config_dir(env: Mapping[str, str]) -> Path:
    if env.get("RUNCOMFY_CONFIG_DIR"):
        return Path(env["RUNCOMFY_CONFIG_DIR"])
    if env.get("XDG_CONFIG_HOME"):
        return Path(env["XDG_CONFIG_HOME"]) / "runcomfy"
    return Path(env.get("HOME") or Path.home()) / ".config" / "runcomfy"


def _refuse(path: Path, message: str, fix: str) -> SkillError:
    return SkillError(ExitCode.NOPERM, f"{message}, so it is not used.", where=str(path), hint=f"{fix}, then try again.")


def _check_trusted(path: Path, st: os.stat_result) -> None:
    """The token file must be a regular file of this user, 0600, in a folder only they (or root) can change."""
    if os.name == "nt":
        return
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(path, "The token file is not a regular file", f"Replace {path} with the file itself")
    if st.st_uid != os.getuid():
        raise _refuse(path, f"The token file belongs to another user (uid {st.st_uid})",
                      f"Run `chown {os.getuid()} {path}` (or sign in again as yourself)")
    if stat.S_IMODE(st.st_mode) & 0o077:
        raise _refuse(path, "The token file can be read or changed by other users", f"Run `chmod 600 {path}`")
    folder = path.parent
    folder_st = folder.stat()
    if folder_st.st_uid not in (os.getuid(), 0):
        raise _refuse(path, f"The token file's folder {folder} belongs to another user (uid {folder_st.st_uid})",
                      f"Keep the token in a folder of your own (run `chown {os.getuid()} {folder}`)")
    if folder_st.st_mode & 0o022:
        raise _refuse(path, f"Other users can write in the token file's folder {folder}",
                      f"Run `chmod go-w {folder}`")


def _read_token_file(path: Path) -> object:
    """The token file's JSON, opened without following a symlink and checked on the open file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise SkillError(ExitCode.NOPERM, "Not signed in to RunComfy: no API token found.", hint=SIGN_IN_HINT) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse(path, "The token file is a symlink", f"Replace {path} with the file itself") from None
        raise SkillError(ExitCode.NOPERM, f"Cannot read the token file ({exc.strerror}).", where=str(path),
                         hint=SIGN_IN_HINT) from None
    with open(fd, encoding="utf-8") as handle:
        _check_trusted(path, os.fstat(handle.fileno()))
        try:
            return json.loads(handle.read(64 * 1024))
        except (OSError, ValueError) as exc:
            message = f"Cannot read the token file ({type(exc).__name__})."
            raise SkillError(ExitCode.NOPERM, message, where=str(path), hint=SIGN_IN_HINT) from None


def load_token(env: Mapping[str, str] = os.environ, config_dir: Path | None = None) -> str:
    """The API token: `RUNCOMFY_TOKEN` wins, else `<config dir>/token.json` as the RunComfy CLI writes it.

    The config dir is `RUNCOMFY_CONFIG_DIR`, else `$XDG_CONFIG_HOME/runcomfy`, else
    `~/.config/runcomfy`. A token file that is not the user's own, mode 0600, in a folder others
    cannot write, is refused (77) with the command that fixes it.
    """
    token = (env.get("RUNCOMFY_TOKEN") or "").strip()
    if token:
        register_secret(token)
        return token
    path = (config_dir or _config_dir(env)) / "token.json"
    data = _read_token_file(path)
    token = str(data.get("access_token") or "").strip() if isinstance(data, dict) else ""
    if not token:
        raise SkillError(ExitCode.NOPERM, "The token file holds no access_token.", where=str(path), hint=SIGN_IN_HINT)
    register_secret(token)
    expires = data.get("expires_at")
    if isinstance(expires, (int, float)) and expires < time():
        raise SkillError(ExitCode.NOPERM, "The saved RunComfy token has expired.", where=str(path), hint=SIGN_IN_HINT)
    return token
