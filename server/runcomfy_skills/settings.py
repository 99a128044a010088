"""Operator settings, read once from the environment (never from a tool call).

Everything a tool call may choose (output subfolder, how long to wait) is bounded by these.
"""

from __future__ import annotations

import os
import shutil
import string
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from runcomfy_skills.errors import ExitCode, SkillError

DEFAULT_API_BASE = "https://model-api.runcomfy.net/v1"


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    # `~` and `${HOME}` are expanded: an MCP bundle host may pass a default such as "${HOME}/x" as is.
    value = env.get(name, "").strip()
    return Path(string.Template(value).safe_substitute(env)).expanduser() if value else default


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


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    api_base: str = DEFAULT_API_BASE
    sandbox: bool = False
    state_dir: Path
    ephemeral_state: bool = False  # a sandbox's own state folder: removed when the process is done with it
    output_root: Path
    default_wait_seconds: float = 50.0  # under the ~60 s at which many clients cut a tool call
    max_wait_seconds: float = 600.0
    download_origins: tuple[str, ...] = ()  # extra download origins the operator allows (the emulator)
    poll_initial: float = 1.0  # first status poll delay; backs off to poll_max (Retry-After wins)
    poll_max: float = 10.0

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, sandbox: bool = False) -> Settings:
        env = os.environ if env is None else env
        home = Path.home()
        state_default = _path(env, "XDG_STATE_HOME", home / ".local" / "state") / "runcomfy-skills"
        sandbox = sandbox or env.get("RUNCOMFY_SANDBOX", "") == "1"
        output_root = _path(env, "RUNCOMFY_OUTPUT_DIR", home / "runcomfy-outputs")
        ephemeral = sandbox and not env.get("RUNCOMFY_SKILLS_STATE_DIR", "").strip()
        if ephemeral:
            # The emulator's jobs die with the process: keep their journal apart so a real run never
            # resumes them; `state_scope` removes the folder when the process is done with it.
            state_default = Path(tempfile.gettempdir()) / f"runcomfy-sandbox-state-{uuid.uuid4().hex[:16]}"
        if sandbox:
            output_root = output_root / "sandbox"  # the emulator's test media never mix with real results
        origins = tuple(o.strip() for o in env.get("RUNCOMFY_DOWNLOAD_ORIGINS", "").split(",") if o.strip())
        return cls(
            api_base=env.get("RUNCOMFY_API_BASE", "").strip() or DEFAULT_API_BASE,
            sandbox=sandbox,
            state_dir=_path(env, "RUNCOMFY_SKILLS_STATE_DIR", state_default),
            ephemeral_state=ephemeral,
            output_root=output_root,
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


@contextmanager
def state_scope(settings: Settings) -> Iterator[None]:
    """Use the settings' state folder; a sandbox's own (ephemeral) one is removed afterwards."""
    try:
        yield
    finally:
        if settings.ephemeral_state:
            shutil.rmtree(settings.state_dir, ignore_errors=True)
