"""HTTP for more than one user, on the real server process: bearer tokens, jobs owned by their
client, Host/Origin checks on any bind address, and no bind beyond loopback without tokens."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from runcomfy_skills.mcp.http import StaticTokens, allowed_hosts, check_bind
from runcomfy_skills.errors import SkillError
from runcomfy_skills.settings import Settings
from tests.helpers.http_server import free_port, wait_for_port
from tests.paths import REPO

pytestmark = pytest.mark.anyio

VIDEO = "https://cdn.example.com/clips/street.mp4"
TOKENS = {"alice": "alice-token-0123456789abcdef", "bob": "bob-token-fedcba9876543210"}
RESTYLE = {"prompt": "Film noir look.", "video_url": VIDEO}


def tokens_file(folder: Path, tokens: dict[str, str] = TOKENS) -> Path:
    path = folder / "http-tokens"
    lines = [f"{name}:{hashlib.sha256(token.encode()).hexdigest()}" for name, token in tokens.items()]
    path.write_text("# operator-issued tokens\n" + "\n".join(lines) + "\n")
    path.chmod(0o600)
    return path


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNCOMFY")}
    env.update({"HOME": str(tmp_path), "RUNCOMFY_OUTPUT_DIR": str(tmp_path / "out"),
                "RUNCOMFY_SKILLS_STATE_DIR": str(tmp_path / "state"), **extra})
    return env


@contextmanager
def http_server(tmp_path: Path, *args: str, sandbox: bool = True, **env: str) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "runcomfy_skills", "serve", "--transport", "http", "--port",
                             str(port), *(["--sandbox"] if sandbox else []), *args], cwd=REPO, env=_env(tmp_path, **env),
                            stderr=subprocess.DEVNULL)
    try:
        wait_for_port(proc, port)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        proc.wait(timeout=15)


@pytest.fixture(scope="module")
def authed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("http-auth")
    with http_server(tmp_path, RUNCOMFY_HTTP_TOKENS_FILE=str(tokens_file(tmp_path)),
                     RUNCOMFY_MAX_JOBS_PER_CLIENT="2") as url:
        yield url


def client(url: str, token: str | None) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client(streamable_http_client(url, http_client=httpx2.AsyncClient(headers=headers, timeout=60)))


HEADERS = {"content-type": "application/json", "accept": "application/json, text/event-stream"}
INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", "Basic YWxpY2U6eA==", "Bearer"],
                         ids=["none", "wrong", "basic", "empty"])
def test_without_a_valid_token_http_answers_401_with_a_bearer_challenge(authed: str, authorization) -> None:
    headers = {**HEADERS, **({"authorization": authorization} if authorization else {})}
    response = httpx2.post(authed, json=INITIALIZE, headers=headers, timeout=30)
    assert response.status_code == 401
    challenge = response.headers["www-authenticate"]
    assert challenge.startswith("Bearer ") and "resource_metadata=" in challenge
    assert ('error="invalid_token"' in challenge) == (authorization == "Bearer wrong-token")


def test_the_protected_resource_metadata_names_the_resource(authed: str) -> None:
    origin = authed.removesuffix("/mcp")
    challenge = httpx2.post(authed, json=INITIALIZE, headers=HEADERS, timeout=30).headers["www-authenticate"]
    metadata_url = challenge.split('resource_metadata="', 1)[1].split('"', 1)[0]
    assert metadata_url == f"{origin}/.well-known/oauth-protected-resource/mcp"
    metadata = httpx2.get(metadata_url, timeout=30).json()
    assert metadata["resource"] == authed and metadata["bearer_methods_supported"] == ["header"]


async def test_each_client_sees_lists_and_cancels_only_its_own_jobs(authed: str) -> None:
    async with client(authed, TOKENS["alice"]) as alice:
        started = await alice.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})
        job_id = started.structured_content["job_id"]
        assert (await alice.call_tool("job_status", {"job_id": job_id})).structured_content["job_id"] == job_id
    async with client(authed, TOKENS["bob"]) as bob:
        listed = (await bob.call_tool("jobs_list", {})).structured_content
        seen = {name: await bob.call_tool(name, {"job_id": job_id}) for name in ("job_status", "job_result", "job_cancel")}
        mine = await bob.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})
        bobs = (await bob.call_tool("jobs_list", {})).structured_content
    assert job_id not in {j["job_id"] for j in listed["jobs"]} and "warnings" not in listed
    for name, result in seen.items():
        error = result.structured_content["error"]
        assert result.is_error and error["code"] == 64 and "No job with id" in error["message"], name
    assert [j["job_id"] for j in bobs["jobs"]] == [mine.structured_content["job_id"]]
    async with client(authed, TOKENS["alice"]) as alice:
        collected = await alice.call_tool("job_result", {"job_id": job_id, "wait_seconds": 20})
    assert not collected.is_error and collected.structured_content["files"], collected.content


async def test_a_client_over_its_running_jobs_cap_gets_75_and_nothing_is_submitted(tmp_path: Path) -> None:
    tokens = {"carol": "carol-token-0123456789abcdef", "dave": "dave-token-0123456789abcdef"}
    with http_server(tmp_path, RUNCOMFY_HTTP_TOKENS_FILE=str(tokens_file(tmp_path, tokens)),
                     RUNCOMFY_MAX_JOBS_PER_CLIENT="2") as url:
        async with client(url, tokens["carol"]) as carol:
            for _ in range(2):
                assert not (await carol.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})).is_error
            refused = await carol.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})
            listed = (await carol.call_tool("jobs_list", {})).structured_content
        async with client(url, tokens["dave"]) as dave:  # another client is not held back by carol's jobs
            other = await dave.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})
    assert refused.is_error and refused.structured_content["error"]["code"] == 75
    assert listed["count"] == 2  # the refused call journaled nothing, so nothing was sent
    assert not other.is_error


async def test_a_session_cannot_be_used_with_another_clients_token(authed: str) -> None:
    opened = httpx2.post(authed, json=INITIALIZE, headers={**HEADERS, "authorization": f"Bearer {TOKENS['alice']}"},
                        timeout=30)
    session = opened.headers["mcp-session-id"]
    list_tools = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
    stolen = httpx2.post(authed, json=list_tools, timeout=30, headers={
        **HEADERS, "authorization": f"Bearer {TOKENS['bob']}", "mcp-session-id": session,
        "mcp-protocol-version": "2025-11-25"})
    assert stolen.status_code == 404


@pytest.mark.parametrize(
    ("headers", "status"),
    [({"host": "evil.example"}, 421), ({"origin": "https://evil.example"}, 403),
     ({"host": "localhost:1"}, 401), ({"origin": "http://localhost:5173"}, 401)],
    ids=["foreign_host", "foreign_origin", "loopback_host", "loopback_origin"],
)
def test_host_and_origin_are_checked_before_the_token(authed: str, headers: dict[str, str], status: int) -> None:
    response = httpx2.post(authed, json=INITIALIZE, headers={**HEADERS, **headers}, timeout=30)
    assert response.status_code == status


# ---- binding ------------------------------------------------------------------------------------


def test_binding_beyond_loopback_without_tokens_exits_64_before_listening(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.run([sys.executable, "-m", "runcomfy_skills", "serve", "--transport", "http", "--host",
                           "0.0.0.0", "--port", str(port), "--sandbox"], cwd=REPO, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 64 and "RUNCOMFY_HTTP_TOKENS_FILE" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_wildcard_bind_needs_the_allowed_host_names(tmp_path: Path) -> None:
    settings = Settings(state_dir=tmp_path, output_root=tmp_path, http_tokens_file=tokens_file(tmp_path))
    with pytest.raises(SkillError) as caught:
        check_bind(settings, "0.0.0.0")
    assert caught.value.code == 64 and caught.value.where == "RUNCOMFY_HTTP_ALLOWED_HOSTS"
    allowed = settings.model_copy(update={"http_allowed_hosts": ("mcp.example.com",)})
    assert check_bind(allowed, "0.0.0.0") is not None
    assert {"mcp.example.com", "mcp.example.com:*", "localhost:*"} <= set(allowed_hosts(allowed, "0.0.0.0"))


async def test_beyond_loopback_with_tokens_the_checks_stay_on(tmp_path: Path) -> None:
    """Bound to every address: the token is still required, and a foreign Host is still refused."""
    port = free_port()
    env = _env(tmp_path, RUNCOMFY_HTTP_TOKENS_FILE=str(tokens_file(tmp_path)),
               RUNCOMFY_HTTP_ALLOWED_HOSTS="mcp.example.com")
    proc = subprocess.Popen([sys.executable, "-m", "runcomfy_skills", "serve", "--transport", "http", "--host",
                             "0.0.0.0", "--port", str(port), "--sandbox"], cwd=REPO, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        wait_for_port(proc, port)
        anonymous = httpx2.post(url, json=INITIALIZE, headers=HEADERS, timeout=30)
        foreign = httpx2.post(url, json=INITIALIZE, timeout=30, headers={
            **HEADERS, "host": "evil.example", "authorization": f"Bearer {TOKENS['alice']}"})
        named = httpx2.post(url, json=INITIALIZE, timeout=30, headers={
            **HEADERS, "host": f"mcp.example.com:{port}", "authorization": f"Bearer {TOKENS['alice']}"})
        async with client(url, TOKENS["alice"]) as alice:
            plan = await alice.call_tool("plan", {"request": "Replace the sky.", "assets": [{"url": VIDEO}]})
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert (anonymous.status_code, foreign.status_code, named.status_code) == (401, 421, 200)
    assert plan.structured_content["route"] == "wan-ai/wan-2-7/edit-video"


# ---- the tokens file ----------------------------------------------------------------------------


def test_tokens_are_matched_by_their_sha256(tmp_path: Path) -> None:
    tokens = StaticTokens.load(tokens_file(tmp_path))
    assert [tokens.principal(TOKENS[n]) for n in ("alice", "bob")] == ["alice", "bob"]
    assert tokens.principal("alice") is None and tokens.principal("") is None


@pytest.mark.parametrize(
    ("text", "mode", "words"),
    [("alice:nothex\n", 0o600, "line 1"), ("# only a comment\n", 0o600, "lists no token"),
     (f"alice:{'a' * 64}\nbob:{'a' * 64}\n", 0o600, "line 2"), (f"alice:{'a' * 64}\n", 0o622, "only its owner"),
     ("secret-token-value-that-must-not-echo\n", 0o600, "line 1")],
    ids=["bad_digest", "empty", "duplicate", "writable_by_others", "a_bare_token"],
)
def test_a_bad_tokens_file_is_a_usage_error_that_never_echoes_a_line(tmp_path: Path, text: str, mode: int,
                                                                     words: str) -> None:
    path = tmp_path / "tokens"
    path.write_text(text)
    path.chmod(mode)
    with pytest.raises(SkillError) as caught:
        StaticTokens.load(path)
    assert caught.value.code == 64 and words in caught.value.message
    assert "secret-token-value" not in caught.value.describe()
