"""Where the RunComfy API token comes from, as the RunComfy CLI stores it.

`RUNCOMFY_TOKEN` wins; otherwise `token.json` in the CLI's config directory. A token file other
users can read is refused rather than used, and every token found is registered with
`errors.redact` so it can never show up in a message.
"""

from __future__ import annotations

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


def load_token(env: Mapping[str, str] = os.environ, config_dir: Path | None = None) -> str:
    """The API token: `RUNCOMFY_TOKEN` wins, else `<config dir>/token.json` as the RunComfy CLI writes it.

    The config dir is `RUNCOMFY_CONFIG_DIR`, else `$XDG_CONFIG_HOME/runcomfy`, else
    `~/.config/runcomfy`. A token file others can read is refused rather than used.
    """
    token = (env.get("RUNCOMFY_TOKEN") or "").strip()
    if token:
        register_secret(token)
        return token
    path = (config_dir or _config_dir(env)) / "token.json"
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise SkillError(ExitCode.NOPERM, "Not signed in to RunComfy: no API token found.", hint=SIGN_IN_HINT) from None
    if os.name != "nt" and stat.S_IMODE(mode) & 0o077:
        raise SkillError(
            ExitCode.NOPERM,
            "The token file can be read by other users, so it is not used.",
            where=str(path),
            hint=f"Run `chmod 600 {path}`, then try again.",
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        message = f"Cannot read the token file ({type(exc).__name__})."
        raise SkillError(ExitCode.NOPERM, message, where=str(path), hint=SIGN_IN_HINT) from None
    token = str(data.get("access_token") or "").strip() if isinstance(data, dict) else ""
    if not token:
        raise SkillError(ExitCode.NOPERM, "The token file holds no access_token.", where=str(path), hint=SIGN_IN_HINT)
    register_secret(token)
    expires = data.get("expires_at")
    if isinstance(expires, (int, float)) and expires < time():
        raise SkillError(ExitCode.NOPERM, "The saved RunComfy token has expired.", where=str(path), hint=SIGN_IN_HINT)
    return token
