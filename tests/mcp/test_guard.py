"""Transport limits on the real server process: raw JSON-RPC that no client validated still gets a
prompt, clean answer with a code (stdio and HTTP), and the server keeps serving afterwards."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from runcomfy_skills.bounds import MAX_MESSAGE_BYTES
from runcomfy_skills.mcp.guard import request_id
from tests.helpers.http_server import free_port, wait_for_port
from tests.paths import REPO

VIDEO = "https://cdn.example.com/clips/street.mp4"
ANSWER_WITHIN = 30.0  # seconds: a generous bound for "promptly" on a loaded machine, not a measurement


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNCOMFY")}
    env.update({"HOME": str(tmp_path), "RUNCOMFY_OUTPUT_DIR": str(tmp_path / "out"),
                "XDG_STATE_HOME": str(tmp_path / "state")})
    return env


class RawStdio:
    """A server process spoken to line by line, without any client-side validation."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc

    def send(self, line: str | dict) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(((line if isinstance(line, str) else json.dumps(line)) + "\n").encode())
        self.proc.stdin.flush()

    def answer(self, rid: int | str | None) -> dict:
        assert self.proc.stdout is not None
        deadline = time.monotonic() + ANSWER_WITHIN
        while True:
            ready, _, _ = select.select([self.proc.stdout], [], [], max(deadline - time.monotonic(), 0))
            assert ready, f"no answer to request {rid!r} within {ANSWER_WITHIN} s"
            message = json.loads(self.proc.stdout.readline())
            if "id" in message and message["id"] == rid:
                return message

    def call(self, rid: int, name: str, arguments: dict) -> dict:
        self.send({"jsonrpc": "2.0", "id": rid, "method": "tools/call", "params": {"name": name, "arguments": arguments}})
        return self.answer(rid)


@pytest.fixture(scope="module")
def stdio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RawStdio]:
    tmp_path = tmp_path_factory.mktemp("guard")
    proc = subprocess.Popen([sys.executable, "-m", "runcomfy_skills", "serve", "--sandbox"], cwd=REPO,
                            env=_env(tmp_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    raw = RawStdio(proc)
    raw.send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}})
    raw.answer(0)
    raw.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    yield raw
    proc.kill()
    proc.wait()


def _error_of(answer: dict) -> dict:
    result = answer["result"]
    assert result["isError"], result
    return result["structuredContent"]["error"]


def test_a_call_nested_deeper_than_the_parser_allows_gets_a_parse_error_with_its_id(stdio: RawStdio) -> None:
    depth = 250
    stdio.send('{"jsonrpc":"2.0","id":"deep-1","method":"tools/call","params":{"name":"plan","arguments":'
               '{"request":"x","assets":' + "[" * depth + "]" * depth + "}}}")
    answer = stdio.answer("deep-1")
    assert answer["error"]["code"] == -32700 and "200 levels" in answer["error"]["message"]
    # and the session goes on
    assert stdio.call(2, "jobs_list", {})["result"]["structuredContent"]["count"] == 0


def test_a_call_nested_within_the_parser_limit_is_a_tool_error_65(stdio: RawStdio) -> None:
    depth = 150
    stdio.send('{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"plan","arguments":'
               '{"request":"x","assets":' + "[" * depth + "]" * depth + "}}}")
    error = _error_of(stdio.answer(3))
    assert error["code"] == 65 and "nested" in error["message"] and len(json.dumps(error)) < 1000


def test_a_20_mb_request_is_a_tool_error_65_that_does_not_echo_it(stdio: RawStdio) -> None:
    answer = stdio.call(4, "plan", {"request": "remove the logo " * 1_250_000})
    error = _error_of(answer)
    assert error["code"] == 65 and error["where"] == "request"
    assert len(json.dumps(answer)) < 2000


def test_a_nul_byte_in_output_dir_is_a_tool_error_64(stdio: RawStdio) -> None:
    error = _error_of(stdio.call(5, "lucy_edit_restyle", {"prompt": "Noir.", "video_url": VIDEO, "output_dir": "a\x00b"}))
    assert error["code"] == 64 and error["where"] == "output_dir"


def test_a_line_that_is_not_json_gets_a_parse_error(stdio: RawStdio) -> None:
    stdio.send('{"jsonrpc": "2.0", "id": 6, "method": "tools/call", "params": {oops')
    assert stdio.answer(6)["error"]["code"] == -32700


@pytest.mark.parametrize(
    ("raw", "expected"),
    [('{"jsonrpc":"2.0","id":7,"method":"x"', 7), ('{"id":"a\\"b","params":[[[', 'a"b'),
     ('{"method":"x","params":{}' + " " * 5000 + ',"id":9}', 9), ('[[[[', None)],
)
def test_request_id_is_read_from_the_start_or_the_end_of_a_broken_message(raw: str, expected) -> None:
    assert request_id(raw) == expected


# ---- HTTP -------------------------------------------------------------------------------------



@pytest.fixture(scope="module")
def http_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp_path = tmp_path_factory.mktemp("guard-http")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "runcomfy_skills", "serve", "--transport", "http", "--port",
                             str(port), "--sandbox"], cwd=REPO, env=_env(tmp_path), stderr=subprocess.DEVNULL)
    wait_for_port(proc, port)
    yield f"http://127.0.0.1:{port}/mcp"
    proc.terminate()
    proc.wait(timeout=10)


HEADERS = {"content-type": "application/json", "accept": "application/json, text/event-stream"}


@pytest.mark.parametrize("chunked", [False, True], ids=["content_length", "chunked"])
def test_an_http_body_over_the_limit_is_refused_with_413_unread(http_url: str, chunked: bool) -> None:
    body = ('{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"plan","arguments":{"request":"'
            + "x" * (MAX_MESSAGE_BYTES + 10) + '"}}}').encode()
    content = (body[i:i + 65536] for i in range(0, len(body), 65536)) if chunked else body
    response = httpx2.post(http_url, content=content, headers=HEADERS, timeout=ANSWER_WITHIN)
    assert response.status_code == 413
    error = response.json()
    assert error["error"]["code"] == -32600 and "too large" in error["error"]["message"]
    assert error["id"] == (11 if chunked else None)  # a streamed body is read up to the limit, so its id is known


def test_an_http_message_nested_too_deep_is_a_parse_error(http_url: str) -> None:
    depth = 250
    body = ('{"jsonrpc":"2.0","id":12,"method":"initialize","params":' + "[" * depth + "]" * depth + "}")
    response = httpx2.post(http_url, content=body, headers=HEADERS, timeout=ANSWER_WITHIN)
    assert response.status_code == 400 and response.json()["error"]["code"] == -32700
