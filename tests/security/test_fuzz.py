"""A seeded fuzz run over every tool (≥ 10,000 inputs): 0 internal errors, 0 hangs, 0 leaks of the
canary token in any answer, log line, file or file name. `bench/bench_fuzz.py` runs a bigger one."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.mcp.tools import build_tools
from runcomfy_skills.sandbox.emulator import Emulator
from runcomfy_skills.settings import Settings
from tests.helpers.fuzz import run_fuzz, written_leaks

pytestmark = pytest.mark.anyio

SEED = int(os.environ.get("FUZZ_SEED", "20261123"))
CALLS = 10_000
CANARY = "canary-Tok3n-5d8e1f0a9b7c"


async def test_ten_thousand_fuzzed_calls_over_every_tool(catalog, tmp_path: Path, caplog, monkeypatch) -> None:
    caplog.set_level(logging.INFO)
    with Emulator(catalog, token=CANARY, queue_seconds=0.02, run_seconds=0.02) as emulator:
        monkeypatch.setenv("RUNCOMFY_TOKEN", CANARY)
        settings = Settings(api_base=emulator.base_url, state_dir=tmp_path / "state", output_root=tmp_path / "out",
                            download_origins=(emulator.origin,), default_wait_seconds=0, poll_initial=0.02,
                            poll_max=0.05)
        tools = build_tools(catalog)
        tally = await run_fuzz(create_server(settings, catalog), tools, seed=SEED, calls=CALLS, canary=CANARY)
        submitted = len(emulator.submits())
    print(f"\nfuzz seed {SEED}: {tally.line()}; {submitted} jobs reached the emulator")
    assert tally.calls == CALLS
    assert tally.internal_errors == [] and tally.hangs == [] and tally.leaks == []
    assert written_leaks(CANARY, [settings.state_dir, settings.output_root], [caplog.text]) == []
    assert {name for name in tally.outcomes} >= {"ok", "error 64", "error 65", "error 70"}  # it reached every layer
