"""Warnings the agent should act on reach the client as notifications/message, in both protocol eras."""

from __future__ import annotations

from pathlib import Path

import anyio
import pytest
from mcp import Client
from mcp.types import LoggingMessageNotificationParams

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.sandbox.faults import Fault
from runcomfy_skills.settings import Settings

pytestmark = pytest.mark.anyio
VIDEO = "https://cdn.example.com/clips/street.mp4"
RESTYLE = {"prompt": "Film noir look.", "video_url": VIDEO}


@pytest.fixture
def server(emulator, catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("RUNCOMFY_TOKEN", emulator.token)
    settings = Settings(api_base=emulator.base_url, state_dir=tmp_path / "state", output_root=tmp_path / "out",
                        download_origins=(emulator.origin,), poll_initial=0.05, poll_max=0.1)
    return create_server(settings, catalog)


class Notices:
    def __init__(self) -> None:
        self.items: list[LoggingMessageNotificationParams] = []

    async def __call__(self, params: LoggingMessageNotificationParams) -> None:
        self.items.append(params)

    def texts(self, level: str = "warning") -> list[str]:
        return [str(n.data) for n in self.items if n.level == level]


async def test_legacy_client_hears_of_a_job_left_running_and_set_level_silences_it(server) -> None:
    notices = Notices()
    async with Client(server, mode="legacy", logging_callback=notices) as client:
        first = await client.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})
        job_id = first.structured_content["job_id"]
        await client.set_logging_level("error")
        await client.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})
    [text] = notices.texts()
    assert job_id in text and "still" in text and "job_result" in text
    assert len(notices.items) == 1  # the second call ran at level error: no warning went out


@pytest.mark.parametrize("level", [None, "warning"])
async def test_modern_client_hears_notices_only_on_requests_that_opt_in(server, level: str | None) -> None:
    notices = Notices()
    async with Client(server, logging_callback=notices, log_level=level) as client:
        result = await client.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})
        assert client.protocol_version == "2026-07-28" and not result.is_error
    assert len(notices.texts()) == (1 if level else 0)


async def test_a_job_that_cannot_be_cancelled_says_it_will_be_billed_without_the_token(server, emulator) -> None:
    notices = Notices()
    emulator.run_seconds = 3.0
    try:
        async with Client(server, mode="legacy", logging_callback=notices) as client:
            job_id = (await client.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})).structured_content[
                "job_id"]
            with anyio.fail_after(10):
                while (await client.call_tool("job_status", {"job_id": job_id})).structured_content[
                        "state"] != "in_progress":
                    await anyio.sleep(0.05)
            cancelled = await client.call_tool("job_cancel", {"job_id": job_id})
    finally:
        emulator.run_seconds = 0.25
    assert cancelled.structured_content["not_cancellable"] is True
    billed = [t for t in notices.texts() if job_id in t and "billed" in t]
    assert billed, notices.items
    assert all(emulator.token not in str(n.data) for n in notices.items)


async def test_a_cancelled_call_still_tells_the_client_its_running_job_will_be_billed(server, emulator) -> None:
    notices = Notices()
    running = anyio.Event()

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        if message and message.startswith("running"):
            running.set()

    emulator.run_seconds = 3.0
    try:
        async with Client(server, mode="legacy", logging_callback=notices) as client:
            async with anyio.create_task_group() as group:
                async def call() -> None:
                    await client.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 30},
                                           progress_callback=on_progress)

                group.start_soon(call)
                with anyio.fail_after(10):
                    await running.wait()
                group.cancel_scope.cancel()  # the client gives up: notifications/cancelled
            with anyio.fail_after(10):
                while not any("billed" in t for t in notices.texts()):
                    await anyio.sleep(0.05)
    finally:
        emulator.run_seconds = 0.25
    assert any("could not be cancelled" in t for t in notices.texts())


async def test_a_download_refused_after_the_call_returned_still_reaches_a_legacy_client(server, emulator) -> None:
    notices = Notices()
    emulator.inject(Fault(kind="redirect_foreign"))  # the job's result file will redirect off the CDN
    async with Client(server, mode="legacy", logging_callback=notices) as client:
        job_id = (await client.call_tool("lucy_edit_restyle", {**RESTYLE, "wait_seconds": 0})).structured_content[
            "job_id"]
        [during_call] = notices.items  # the call itself said only that the job is still running
        with anyio.fail_after(10):
            while len(notices.items) == 1:  # no tool call is open now: what comes is a late notice
                await anyio.sleep(0.05)
    assert "still" in str(during_call.data)
    late = notices.items[1:]
    assert any("redirect" in str(n.data).lower() for n in late), late
    assert all(emulator.token not in str(n.data) for n in notices.items)
