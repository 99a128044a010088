"""`serve` start-up hygiene, on the real process: one stderr banner that says what is served,
only JSON-RPC on stdout, and a sandbox that leaves no state folder behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.http_server import free_port, wait_for_port
from tests.paths import REPO

VIDEO = "https://cdn.example.com/clips/street.mp4"
STATE_GLOB = "runcomfy-sandbox-state-*"


def _env(tmp_path: Path) -> dict[str, str]:
    """A clean environment with a temp folder of its own, so leftovers are counted for this test only."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNCOMFY")}
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env.update({"HOME": str(tmp_path), "TMPDIR": str(tmp_path / "tmp"), "RUNCOMFY_OUTPUT_DIR": str(tmp_path / "out"),
                "XDG_STATE_HOME": str(tmp_path / "state")})
    return env


def _serve(tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "runcomfy_skills", "serve", *args], cwd=REPO, env=_env(tmp_path),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _rpc(proc: subprocess.Popen[bytes], message: dict) -> None:
    assert proc.stdin is not None
    proc.stdin.write((json.dumps(message) + "\n").encode())
    proc.stdin.flush()


def _answer(proc: subprocess.Popen[bytes], request_id: int) -> dict:
    assert proc.stdout is not None
    while True:
        message = json.loads(proc.stdout.readline())
        if message.get("id") == request_id:
            return message


def _initialize(proc: subprocess.Popen[bytes]) -> dict:
    _rpc(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "hygiene-test", "version": "1"}}})
    answer = _answer(proc, 1)
    _rpc(proc, {"jsonrpc": "2.0", "method": "notifications/initialized"})
    return answer


def test_stdio_sandbox_writes_only_json_rpc_to_stdout_one_banner_and_leaves_no_state(tmp_path: Path) -> None:
    proc = _serve(tmp_path, "--sandbox")
    _initialize(proc)
    _rpc(proc, {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "wan_2_7_edit_video", "arguments": {"prompt": "Remove the logo.", "video": VIDEO},
        "_meta": {"progressToken": "p1"}}})
    result = _answer(proc, 2)["result"]
    assert list((tmp_path / "tmp").glob(STATE_GLOB)), "the sandbox keeps its journal in a state folder of its own"
    stdout, stderr = proc.communicate(timeout=30)  # stdin closes: the server ends
    assert proc.returncode == 0, stderr.decode()
    for line in stdout.decode().splitlines():  # what was left after the answers we read
        assert json.loads(line)["jsonrpc"] == "2.0"
    [banner] = [line for line in stderr.decode().splitlines() if line.startswith("runcomfy-skills ")]
    sandbox_out = tmp_path / "out" / "sandbox"
    assert "MCP over stdio" in banner and "sandbox" in banner and f"outputs: {sandbox_out}" in banner
    assert "(removed on exit)" in banner
    [file] = result["structuredContent"]["files"]
    assert Path(file["path"]).parent == sandbox_out
    assert "Sandbox" in result["content"][0]["text"] and str(sandbox_out) in result["content"][0]["text"]
    assert not list((tmp_path / "tmp").glob(STATE_GLOB))


def test_a_sandbox_server_stopped_by_sigterm_leaves_no_state_folder(tmp_path: Path) -> None:
    proc = _serve(tmp_path, "--sandbox")
    _initialize(proc)
    _rpc(proc, {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "jobs_list", "arguments": {}}})
    _answer(proc, 2)  # the pipeline (and its state folder) opens once a client speaks; a tool call waits for it
    assert list((tmp_path / "tmp").glob(STATE_GLOB))
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=30)
    assert not list((tmp_path / "tmp").glob(STATE_GLOB))


def test_a_sandbox_run_leaves_no_state_folder(tmp_path: Path) -> None:
    body = json.dumps({"prompt": "Remove the logo.", "video": VIDEO})
    proc = subprocess.run([sys.executable, "-m", "runcomfy_skills", "run", "wan-ai/wan-2-7/edit-video", "--sandbox",
                           "--input", body, "--output-dir", str(tmp_path / "run-out")], cwd=REPO, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["files"]
    assert not list((tmp_path / "tmp").glob(STATE_GLOB))



def test_http_banner_gives_the_url_live_mode_and_folders(tmp_path: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "runcomfy_skills", "serve", "--transport", "http", "--port",
                             str(port)], cwd=REPO, env=_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        banner = proc.stderr.readline().decode()
        wait_for_port(proc, port)
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
    assert f"MCP over http at http://127.0.0.1:{port}/mcp" in banner
    assert "live (https://model-api.runcomfy.net/v1, not signed in" in banner
    assert f"outputs: {tmp_path / 'out'} " in banner and f"state: {tmp_path / 'state' / 'runcomfy-skills'}" in banner
