"""Operator settings, read once from the environment (never from a tool call).

Everything a tool call may choose (output subfolder, how long to wait) is bounded by these.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from runcomfy_skills.errors import ExitCode, SkillError, register_secret
from runcomfy_skills.urls import ENV_ALLOWED_API_HOSTS, api_base_problem

DEFAULT_API_BASE = "https://model-api.runcomfy.net/v1"


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    value = env.get(name, "").strip()
    return Path(value).expanduser() if value else default


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise SkillError(ExitCode.USAGE, f"{name}={value!r} is not a number.", hint=f"Set {name} to seconds, e.g. 50.") from None
    if number < 0:
        raise SkillError(ExitCode.USAGE, f"{name} must not be negative.", hint=f"Set {name} to 0 or more seconds.")
    return number


def _api_base(env: Mapping[str, str], allowed: tuple[str, ...]) -> str:
    """RUNCOMFY_API_BASE, refused (64) unless the token may go there: https on a RunComfy host, loopback
    (the emulator), or a host in RUNCOMFY_ALLOWED_API_HOSTS. A password in it is never echoed."""
    base = env.get("RUNCOMFY_API_BASE", "").strip() or DEFAULT_API_BASE
    netloc = base.partition("://")[2].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    shown = base.split("?", 1)[0][:200]
    if "@" in netloc:
        userinfo = netloc.rpartition("@")[0]
        for secret in (userinfo, userinfo.partition(":")[2]):
            register_secret(secret)
        shown = shown.replace(userinfo + "@", "***@", 1)
    if problem := api_base_problem(base, allowed):
        raise SkillError(
            ExitCode.USAGE,
            f"RUNCOMFY_API_BASE {shown!r} {problem}; nothing was sent.",
            where="RUNCOMFY_API_BASE",
            hint=f"Unset it to use {DEFAULT_API_BASE}, or set it to an https:// URL on *.runcomfy.net / *.runcomfy.com.",
        )
    return base


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    api_base: str = DEFAULT_API_BASE
    sandbox: bool = False
    state_dir: Path
    output_root: Path
    default_wait_seconds: float = 50.0  # under the ~60 s at which many clients cut a tool call
    max_wait_seconds: float = 600.0
    download_origins: tuple[str, ...] = ()  # extra download origins the operator allows (the emulator)
    allowed_api_hosts: tuple[str, ...] = ()  # hosts besides RunComfy's that may receive the token (https only)
    poll_initial: float = 1.0  # first status poll delay; backs off to poll_max (Retry-After wins)
    poll_max: float = 10.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, sandbox: bool = False) -> Settings:
        env = os.environ if env is None else env
        home = Path.home()
        state_default = _path(env, "XDG_STATE_HOME", home / ".local" / "state") / "runcomfy-skills"
        sandbox = sandbox or env.get("RUNCOMFY_SANDBOX", "") == "1"
        if sandbox and not env.get("RUNCOMFY_SKILLS_STATE_DIR", "").strip():
            # The emulator's jobs die with the process: keep their journal apart so a real run never resumes them.
            state_default = Path(tempfile.mkdtemp(prefix="runcomfy-sandbox-state-"))
        origins = tuple(o.strip() for o in env.get("RUNCOMFY_DOWNLOAD_ORIGINS", "").split(",") if o.strip())
        allowed_hosts = tuple(h.strip() for h in env.get(ENV_ALLOWED_API_HOSTS, "").split(",") if h.strip())
        return cls(
            api_base=_api_base(env, allowed_hosts),
            allowed_api_hosts=allowed_hosts,
            sandbox=sandbox,
            state_dir=_path(env, "RUNCOMFY_SKILLS_STATE_DIR", state_default),
            output_root=_path(env, "RUNCOMFY_OUTPUT_DIR", home / "runcomfy-outputs"),
            default_wait_seconds=_float(env, "RUNCOMFY_WAIT_SECONDS", 50.0),
            max_wait_seconds=_float(env, "RUNCOMFY_MAX_WAIT_SECONDS", 600.0),
            download_origins=origins,
        )

    def output_dir_for_tool(self, requested: str | None) -> Path:
        """A tool may pick a subfolder of the operator's output root, never a path outside it."""
        if not requested:
            return self.output_root
        rel = Path(requested)
        if rel.is_absolute() or ".." in rel.parts:
            raise SkillError(
                ExitCode.USAGE,
                f"output_dir {requested!r} must be a relative subfolder without '..'.",
                where="output_dir",
                hint=f"Files go under {self.output_root}; the operator can move that with RUNCOMFY_OUTPUT_DIR.",
            )
        return self.output_root / rel

    def wait_for_tool(self, requested: float | None) -> float:
        return min(self.default_wait_seconds if requested is None else max(requested, 0.0), self.max_wait_seconds)
