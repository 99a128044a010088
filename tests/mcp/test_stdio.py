"""The real server process over stdio and HTTP: what Claude Desktop, Claude Code or Cursor would start."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters

from tests.helpers.http_server import free_port, wait_for_port
from tests.paths import REPO

pytestmark = pytest.mark.anyio
VIDEO = "https://cdn.example.com/clips/street.mp4"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNCOMFY")}
    env.update({"HOME": str(tmp_path), "RUNCOMFY_OUTPUT_DIR": str(tmp_path / "out"),
                "RUNCOMFY_SKILLS_STATE_DIR": str(tmp_path / "state"), **extra})
    return env


def _stdio(tmp_path: Path, *args: str, **env: str) -> StdioServerParameters:
    return StdioServerParameters(command=sys.executable, args=["-m", "runcomfy_skills", "serve", *args],
                                 env=_env(tmp_path, **env), cwd=str(REPO))


async def test_stdio_sandbox_lists_routes_and_a_video_route_returns_a_file(tmp_path: Path, catalog) -> None:
    async with Client(_stdio(tmp_path, "--sandbox")) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        result = await client.call_tool("wan_2_7_edit_video", {"prompt": "Remove the logo.", "video": VIDEO})
    assert {r.tool for r in catalog.routes} <= set(tools)
    assert {"job_status", "job_result", "job_cancel", "jobs_list", "plan"} <= set(tools)
    assert not result.is_error, result.content
    [file] = result.structured_content["files"]
    assert hashlib.sha256(Path(file["path"]).read_bytes()).hexdigest() == file["sha256"]
    assert Path(file["path"]).is_relative_to(tmp_path / "out")


async def test_killed_server_loses_nothing_the_restarted_one_collects_the_files(tmp_path: Path, emulator) -> None:
    env = {"RUNCOMFY_TOKEN": emulator.token, "RUNCOMFY_API_BASE": emulator.base_url,
           "RUNCOMFY_DOWNLOAD_ORIGINS": emulator.origin}
    emulator.run_seconds = 2.0  # long enough to kill the server while the job is upstream
    try:
        proc = subprocess.Popen([sys.executable, "-m", "runcomfy_skills", "serve"], cwd=REPO, env=_env(tmp_path, **env),
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            job_id = _start_job_over_raw_stdio(proc)
        finally:
            proc.kill()  # SIGKILL: no cleanup, no cancel upstream
            proc.wait()
        assert not any(p.endswith("/cancel") for _, p in emulator.requests_log)
        async with Client(_stdio(tmp_path, **env)) as client:
            # Only the read-only job_status: the restarted server must resume the job by itself.
            with anyio.fail_after(30):
                while not (data := (await client.call_tool("job_status", {"job_id": job_id})).structured_content)[
                        "files"]:
                    await anyio.sleep(0.2)
    finally:
        emulator.run_seconds = 0.25
    assert data["state"] == "completed" and data["files"]
    assert Path(data["files"][0]["path"]).is_file()
    assert len([1 for m, p in emulator.requests_log if m == "POST" and p.startswith("/v1/models/")]) == 1


def _start_job_over_raw_stdio(proc: subprocess.Popen[bytes]) -> str:
    """Speak just enough MCP (2025-11-25) by hand to start a job, so the process can be killed mid-job."""
    import json

    def send(message: dict) -> None:
        assert proc.stdin is not None
        proc.stdin.write((json.dumps(message) + "\n").encode())
        proc.stdin.flush()

    def receive(request_id: int) -> dict:
        assert proc.stdout is not None
        while True:
            message = json.loads(proc.stdout.readline())
            if message.get("id") == request_id:
                return message

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "kill-test", "version": "1"}}})
    receive(1)
    send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    send({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "lucy_edit_restyle", "arguments": {"prompt": "Film noir.", "video_url": VIDEO, "wait_seconds": 0}}})
    result = receive(2)["result"]
    assert result["structuredContent"]["state"] in ("in_queue", "in_progress"), result
    return result["structuredContent"]["job_id"]



async def test_http_transport_serves_the_same_tools(tmp_path: Path, catalog) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "runcomfy_skills", "serve", "--transport", "http", "--port", str(port),
                             "--sandbox"], cwd=REPO, env=_env(tmp_path), stderr=subprocess.DEVNULL)
    try:
        wait_for_port(proc, port)
        async with Client(f"http://127.0.0.1:{port}/mcp") as client:
            tools = {t.name for t in (await client.list_tools()).tools}
            result = await client.call_tool("plan", {"request": "Replace the sky with a sunset.",
                                                     "assets": [{"url": VIDEO}]})
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert {r.tool for r in catalog.routes} <= tools
    assert result.structured_content["route"] == "wan-ai/wan-2-7/edit-video"


async def test_without_a_token_the_server_starts_plans_and_paid_calls_say_how_to_sign_in(tmp_path: Path) -> None:
    params = _stdio(tmp_path, XDG_CONFIG_HOME=str(tmp_path / "no-config"))
    async with Client(params) as client:
        plan = await client.call_tool("plan", {"request": "Remove the logo.", "assets": [{"url": VIDEO}]})
        paid = await client.call_tool("lucy_edit_restyle", {"prompt": "Anime look.", "video_url": VIDEO})
        jobs = await client.call_tool("jobs_list", {})
    assert plan.structured_content["route"] == "wan-ai/wan-2-7/edit-video"
    error = paid.structured_content["error"]
    assert paid.is_error and error["code"] == 77 and "RUNCOMFY_TOKEN" in error["message"] + error["hint"]
    assert jobs.structured_content["count"] == 0  # nothing was journaled, so nothing was submitted
