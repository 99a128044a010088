"""Shared fixtures. Helpers add fixtures below; never rewrite another's."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_EVAL = REPO.parent / "shared" / "eval"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def catalog():
    from server.catalog import load_catalog

    return load_catalog(REPO / "skills")


# ---- RunComfy emulator (server/sandbox.py): one loopback server per session, reset per test ----

EMULATOR_TOKEN = "emulator-test-token-7f3a9c"


@pytest.fixture(scope="session")
def _emulator_server(catalog):
    from server.sandbox import Emulator

    with Emulator(catalog, token=EMULATOR_TOKEN, queue_seconds=0.15, run_seconds=0.25) as emulator:
        yield emulator


@pytest.fixture
def emulator(_emulator_server):
    """The shared emulator with no faults and an empty request log (jobs from earlier tests remain)."""
    _emulator_server.reset()
    yield _emulator_server
    _emulator_server.clear_faults()


@pytest.fixture
async def emulator_client(emulator):
    """A RunComfyClient on the emulator with fast polling and a short request timeout."""
    from server.runcomfy import RunComfyClient

    async with RunComfyClient(
        emulator.token,
        emulator.base_url,
        download_origins=(emulator.origin,),
        poll_initial=0.05,
        poll_max=0.1,
        request_timeout=1.0,
    ) as client:
        yield client
