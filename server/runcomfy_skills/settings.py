"""Operator settings, read once from the environment (never from a tool call).

Everything a tool call may choose (output subfolder, how long to wait) is bounded by these.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import string
import tempfile
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from runcomfy_skills.errors import ExitCode, SkillError, redact, register_secret
from runcomfy_skills.runcomfy.limiter import DEFAULT_MAX_IN_FLIGHT, DEFAULT_PER_SECOND, RequestLimiter
from runcomfy_skills.urls import ENV_ALLOWED_API_HOSTS, api_base_problem

DEFAULT_API_BASE = "https://model-api.runcomfy.net/v1"


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    # `~` and `${HOME}` are expanded: an MCP bundle host may pass a default such as "${HOME}/x" as is.
    value = env.get(name, "").strip()
    return Path(string.Template(value).safe_substitute(env)).expanduser() if value else default


def _float(env: Mapping[str, str], name: str, default: float, *, positive: bool = False) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise SkillError(ExitCode.USAGE, f"{name}={value!r} is not a number.", hint=f"Set {name} to seconds, e.g. 50.") from None
    if number < 0 or (positive and number == 0) or number != number:
        least = "more than 0" if positive else "0 or more"
        raise SkillError(ExitCode.USAGE, f"{name}={value[:40]!r} is out of range.", hint=f"Set {name} to {least}.")
    return number


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit() and int(value) > 0):
        raise SkillError(ExitCode.USAGE, f"{name}={value[:40]!r} is not a positive whole number.",
                         hint=f"Set {name} to a number such as {default}, or unset it.")
    return int(value)


def _list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in env.get(name, "").split(",") if item.strip())


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
    ephemeral_state: bool = False  # a sandbox's own state folder: removed when the process is done with it
    output_root: Path
    default_wait_seconds: float = 50.0  # under the ~60 s at which many clients cut a tool call
    max_wait_seconds: float = 600.0
    download_origins: tuple[str, ...] = ()  # extra download origins the operator allows (the emulator)
    allowed_api_hosts: tuple[str, ...] = ()  # hosts besides RunComfy's that may receive the token (https only)
    max_files_per_job: int = 20  # result files saved per job; more are named in the job's error
    max_bytes_per_job: int = 8 * 1024**3  # bytes downloaded per job, all files together
    max_jobs_per_client: int = 8  # jobs one authenticated HTTP client may have running at once
    max_calls_per_client: int = 8  # tool calls one client (or session) may have in progress at once
    http_tokens_file: Path | None = None  # `principal:sha256(token)` lines; set = HTTP needs a bearer token
    http_allowed_hosts: tuple[str, ...] = ()  # Host header values HTTP accepts besides loopback names
    http_allowed_origins: tuple[str, ...] = ()  # Origin header values HTTP accepts besides loopback
    http_public_url: str | None = None  # the URL clients use for /mcp, when a proxy sits in front
    second_opinion_seconds: float = 20.0  # how long a tool call waits for the client's model (MCP sampling)
    poll_initial: float = 1.0  # first status poll delay; backs off to poll_max (Retry-After wins)
    poll_max: float = 10.0
    max_requests_in_flight: int = DEFAULT_MAX_IN_FLIGHT  # API requests at once, all jobs together
    max_requests_per_second: float = DEFAULT_PER_SECOND  # API requests started per second (a 429 pauses all)
    catalog_refresh_seconds: float = 3600.0  # how old RunComfy's catalog may get before a refresh; 0 = tables only
    sandbox_catalog: Path | None = None  # a catalog file the emulator serves instead of our tables

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
        origins = _list(env, "RUNCOMFY_DOWNLOAD_ORIGINS")
        allowed_hosts = _list(env, ENV_ALLOWED_API_HOSTS)
        tokens_file = env.get("RUNCOMFY_HTTP_TOKENS_FILE", "").strip()
        return cls(
            api_base=_api_base(env, allowed_hosts),
            allowed_api_hosts=allowed_hosts,
            sandbox=sandbox,
            state_dir=_path(env, "RUNCOMFY_SKILLS_STATE_DIR", state_default),
            ephemeral_state=ephemeral,
            output_root=output_root,
            default_wait_seconds=_float(env, "RUNCOMFY_WAIT_SECONDS", 50.0),
            max_wait_seconds=_float(env, "RUNCOMFY_MAX_WAIT_SECONDS", 600.0),
            second_opinion_seconds=_float(env, "RUNCOMFY_SECOND_OPINION_SECONDS", 20.0),
            download_origins=origins,
            max_files_per_job=_int(env, "RUNCOMFY_MAX_FILES_PER_JOB", 20),
            max_bytes_per_job=_int(env, "RUNCOMFY_MAX_BYTES_PER_JOB", 8 * 1024**3),
            max_requests_in_flight=_int(env, "RUNCOMFY_MAX_REQUESTS_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT),
            max_requests_per_second=_float(env, "RUNCOMFY_MAX_REQUESTS_PER_SECOND", DEFAULT_PER_SECOND, positive=True),
            catalog_refresh_seconds=_float(env, "RUNCOMFY_CATALOG_REFRESH_SECONDS", 3600.0),
            sandbox_catalog=_path(env, "RUNCOMFY_SANDBOX_CATALOG", Path()) if env.get("RUNCOMFY_SANDBOX_CATALOG", "").strip() else None,
            max_jobs_per_client=_int(env, "RUNCOMFY_MAX_JOBS_PER_CLIENT", 8),
            max_calls_per_client=_int(env, "RUNCOMFY_MAX_CALLS_PER_CLIENT", 8),
            http_tokens_file=_path(env, "RUNCOMFY_HTTP_TOKENS_FILE", Path()) if tokens_file else None,
            http_allowed_hosts=_list(env, "RUNCOMFY_HTTP_ALLOWED_HOSTS"),
            http_allowed_origins=_list(env, "RUNCOMFY_HTTP_ALLOWED_ORIGINS"),
            http_public_url=env.get("RUNCOMFY_HTTP_PUBLIC_URL", "").strip().rstrip("/") or None,
        )

    def output_dir_for_tool(self, requested: str | None) -> Path:
        """A tool may pick a subfolder of the operator's output root, never a path outside it, also
        after symlinks are resolved. Returns the resolved folder (not created yet)."""
        hint = f"Files go under {self.output_root}; the operator can move that with RUNCOMFY_OUTPUT_DIR."
        root = _resolved(self.output_root, "RUNCOMFY_OUTPUT_DIR")
        if not requested:
            return root
        if not requested.isprintable() or len(requested) > 1024:
            raise SkillError(ExitCode.USAGE, "output_dir must be a short folder name without control characters.",
                             where="output_dir", hint=hint)
        rel = Path(requested)
        if rel.is_absolute() or ".." in rel.parts:
            raise SkillError(ExitCode.USAGE, f"output_dir {requested[:200]!r} must be a relative subfolder without '..'.",
                             where="output_dir", hint=hint)
        target = _resolved(root / rel, "output_dir")
        if not target.is_relative_to(root):
            raise SkillError(ExitCode.USAGE,
                             f"output_dir {requested[:200]!r} leads outside the output folder (through a symlink).",
                             where="output_dir", hint=hint)
        return target

    def request_limiter(self) -> RequestLimiter:
        """The one limit on API requests of this process (every job and the catalog share it)."""
        return RequestLimiter(self.max_requests_in_flight, self.max_requests_per_second)

    def wait_for_tool(self, requested: float | None) -> float:
        return min(self.default_wait_seconds if requested is None else max(requested, 0.0), self.max_wait_seconds)


def _resolved(path: Path, where: str) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # a symlink loop, a NUL byte
        raise SkillError(ExitCode.USAGE, f"Cannot resolve the folder {str(path)[:200]!r} ({exc}).", where=where,
                         hint="Name an ordinary folder.") from None


def prepare_output_dir(path: Path, where: str = "output_dir") -> Path:
    """Resolve, create and try writing `path` before anything is submitted, so a folder that cannot
    be used (a file, too long a name, read-only, full) is found before the job is paid for.

    A name the redactor would change (it holds the token, or looks like a credential) is refused:
    it must not become a folder, and the journal, which stores only redacted text, would send the
    files elsewhere."""
    folder = _resolved(Path(path), where)
    if redact(str(folder)) != str(folder):
        raise SkillError(ExitCode.USAGE, "The output folder's name holds the API token or something shaped like a "
                         "credential; nothing was submitted.", where=where, hint="Name another folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".runcomfy-probe-{secrets.token_hex(6)}"
        os.close(os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        probe.unlink()
    except OSError as exc:
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
        reason = {errno.EEXIST: "a file of that name exists", errno.ENOTDIR: "part of the path is a file",
                  errno.ENAMETOOLONG: "the name is too long for the file system"}.get(exc.errno or 0, exc.strerror)
        raise SkillError(
            ExitCode.TEMPFAIL if full else ExitCode.DATA,
            f"Cannot save files in {str(folder)[:300]} ({reason or type(exc).__name__}); nothing was submitted.",
            where=where,
            hint="Free space there, then try again." if full else "Name a folder that can be created and written to.",
        ) from None
    return folder


@contextmanager
def state_scope(settings: Settings) -> Iterator[None]:
    """Use the settings' state folder; a sandbox's own (ephemeral) one is removed afterwards."""
    try:
        yield
    finally:
        if settings.ephemeral_state:
            shutil.rmtree(settings.state_dir, ignore_errors=True)
