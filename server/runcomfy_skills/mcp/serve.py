"""`runcomfy-skills serve`: one stderr banner that says what is served, then stdio or HTTP.

In stdio mode stdout carries JSON-RPC and nothing else. A stop by signal (SIGTERM, SIGHUP) ends
the server the same way a closed stdin does, so the pipeline closes and a sandbox's state folder
is removed.
"""

from __future__ import annotations

import signal
import sys
from typing import Literal

import anyio
from mcp.server import Server

from runcomfy_skills import __version__
from runcomfy_skills.catalog.skill_docs import Catalog
from runcomfy_skills.errors import SkillError
from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.mcp.guard import AnsweringReadStream
from runcomfy_skills.runcomfy.auth import load_token
from runcomfy_skills.settings import Settings

Transport = Literal["stdio", "http"]


def _mode(settings: Settings) -> str:
    if settings.sandbox:
        return "sandbox (the built-in Model API emulator on loopback: no token, no network, test media)"
    try:
        load_token()
        signed_in = "signed in"
    except SkillError:
        signed_in = "not signed in: paid calls answer 77 until RUNCOMFY_TOKEN is set"
    return f"live ({settings.api_base}, {signed_in})"


def banner(settings: Settings, transport: Transport, url: str | None = None) -> str:
    """One line for the operator: transport (and URL), live or sandbox, where files and state go."""
    state = f"{settings.state_dir}" + (" (removed on exit)" if settings.ephemeral_state else "")
    where = f" at {url}" if url else ""
    return (f"runcomfy-skills {__version__}: MCP over {transport}{where} | {_mode(settings)} | "
            f"outputs: {settings.output_root} | state: {state}")


async def _until_signalled(scope: anyio.CancelScope) -> None:
    with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGHUP) as signals:
        async for _ in signals:
            scope.cancel()
            return


async def _stdio(server: Server[dict]) -> None:
    from mcp.server.stdio import stdio_server

    async with anyio.create_task_group() as group:
        if sys.platform != "win32":
            group.start_soon(_until_signalled, group.cancel_scope)
        async with stdio_server() as (read, write):
            await server.run(AnsweringReadStream(read, write), write, server.create_initialization_options())
        group.cancel_scope.cancel()


def serve(settings: Settings, catalog: Catalog, transport: Transport, host: str, port: int) -> None:
    server = create_server(settings, catalog)
    if transport == "http":
        import uvicorn

        from runcomfy_skills.mcp.http import host_form, http_app

        app = http_app(server, settings, host)  # refuses (64) an unsafe bind before anything listens
        auth = "bearer tokens" if settings.http_tokens_file else "no authentication (loopback only)"
        print(banner(settings, transport, f"http://{host_form(host)}:{port}/mcp ({auth})"), file=sys.stderr, flush=True)
        uvicorn.run(app, host=host.strip("[]"), port=port, log_level="warning")
        return
    print(banner(settings, transport), file=sys.stderr, flush=True)
    anyio.run(_stdio, server)
