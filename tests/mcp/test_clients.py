"""Per-client fairness: one HTTP client's calls in progress are capped; others and stdio are not held back."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import anyio
import pytest
from mcp.server import ServerRequestContext

from runcomfy_skills.errors import SkillError
from runcomfy_skills.mcp.clients import PRINCIPAL_KEY, CallSlots, principal_of
from tests.mcp.test_http import RESTYLE, TOKENS, client, http_server, tokens_file

pytestmark = pytest.mark.anyio


def context(scope: dict[str, Any] | None) -> ServerRequestContext[Any]:
    """The SDK's request context as its HTTP transport builds it: the request carries the ASGI scope."""
    request = SimpleNamespace(scope=scope) if scope is not None else None
    return ServerRequestContext(session=None, lifespan_context={}, protocol_version="2025-11-25",  # type: ignore[arg-type]
                                method="tools/call", request=request)


ALICE = context({PRINCIPAL_KEY: "alice", "headers": []})
BOB = context({PRINCIPAL_KEY: "bob", "headers": []})


def test_a_client_over_its_cap_is_refused_75_while_others_go_on() -> None:
    slots = CallSlots(limit=1)
    with slots.slot(ALICE):
        with pytest.raises(SkillError) as caught, slots.slot(ALICE):
            pass
        with slots.slot(BOB):
            pass
    assert caught.value.code == 75
    with slots.slot(ALICE):  # released
        pass


def test_unauthenticated_http_sessions_are_counted_apart() -> None:
    slots = CallSlots(limit=1)
    one = context({"headers": [(b"mcp-session-id", b"s1")], "client": ("127.0.0.1", 1)})
    two = context({"headers": [(b"mcp-session-id", b"s2")], "client": ("127.0.0.1", 2)})
    with slots.slot(one), slots.slot(two):
        with pytest.raises(SkillError), slots.slot(one):
            pass


def test_stdio_and_in_memory_calls_have_no_cap_and_no_principal() -> None:
    slots = CallSlots(limit=1)
    local = context(None)
    with slots.slot(local), slots.slot(local):
        pass
    assert principal_of(local) is None and principal_of(ALICE) == "alice"


async def test_over_http_a_busy_client_is_refused_and_another_is_served(tmp_path, emulator) -> None:
    emulator.run_seconds = 4.0  # alice's first call holds her only slot this long
    env = {"RUNCOMFY_TOKEN": emulator.token, "RUNCOMFY_API_BASE": emulator.base_url,
           "RUNCOMFY_DOWNLOAD_ORIGINS": emulator.origin, "RUNCOMFY_MAX_CALLS_PER_CLIENT": "1",
           "RUNCOMFY_HTTP_TOKENS_FILE": str(tokens_file(tmp_path))}
    results: dict[str, Any] = {}
    try:
        with http_server(tmp_path, sandbox=False, **env) as url:
            async with client(url, TOKENS["alice"]) as alice, client(url, TOKENS["bob"]) as bob:
                async with anyio.create_task_group() as group:
                    async def long_call() -> None:
                        results["long"] = await alice.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 30})
                    group.start_soon(long_call)
                    with anyio.fail_after(30):
                        while not any(m == "POST" and p.startswith("/v1/models/") for m, p in emulator.requests_log):
                            await anyio.sleep(0.05)  # alice's job is submitted: her slot is taken
                    results["second"] = await alice.call_tool("jobs_list", {})
                    results["bob"] = await bob.call_tool("jobs_list", {})
    finally:
        emulator.run_seconds = 0.25
    assert results["second"].is_error and results["second"].structured_content["error"]["code"] == 75
    assert not results["bob"].is_error and not results["long"].is_error
