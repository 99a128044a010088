"""A bigger seeded fuzz run than CI's (`tests/security/test_fuzz.py`): many seeds, more calls.

Each seed gets a fresh server, state and output folder over the in-process emulator, and runs
`--calls` fuzzed tool calls through real in-memory MCP client sessions (`tests/helpers/fuzz.py`).
It prints, per seed, the calls per second and the outcomes, then the totals; it exits 1 if any
call was an internal error, hung, or let the canary token out (answers, logs, files, file names).
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import machine_line  # noqa: E402
from runcomfy_skills.catalog.skill_docs import load_catalog  # noqa: E402
from runcomfy_skills.mcp.app import create_server  # noqa: E402
from runcomfy_skills.mcp.tools import build_tools  # noqa: E402
from runcomfy_skills.sandbox.emulator import Emulator  # noqa: E402
from runcomfy_skills.settings import Settings  # noqa: E402
from tests.helpers.fuzz import Tally, run_fuzz, written_leaks  # noqa: E402

CANARY = "canary-Tok3n-bench-0c1d2e3f4a5b"


async def one_seed(seed: int, calls: int, workers: int) -> tuple[Tally, list[str], int]:
    catalog = load_catalog()
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    try:
        with tempfile.TemporaryDirectory() as folder, Emulator(catalog, token=CANARY, queue_seconds=0.02,
                                                                run_seconds=0.02) as emulator:
            root = Path(folder)
            os.environ["RUNCOMFY_TOKEN"] = CANARY
            settings = Settings(api_base=emulator.base_url, state_dir=root / "state", output_root=root / "out",
                                download_origins=(emulator.origin,), default_wait_seconds=0, poll_initial=0.02,
                                poll_max=0.05)
            tally = await run_fuzz(create_server(settings, catalog), build_tools(catalog), seed=seed, calls=calls,
                                   canary=CANARY, workers=workers)
            leaked = written_leaks(CANARY, [settings.state_dir, settings.output_root], [log.getvalue()])
            return tally, leaked, len(emulator.submits())
    finally:
        logging.getLogger().removeHandler(handler)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="how many seeds (consecutive from --first-seed)")
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--calls", type=int, default=20_000, help="fuzzed calls per seed")
    parser.add_argument("--workers", type=int, default=8, help="concurrent client sessions")
    args = parser.parse_args()
    print(machine_line())
    total_calls = failures = 0
    started = time.monotonic()
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        tally, leaked, submitted = anyio.run(one_seed, seed, args.calls, args.workers)
        total_calls += tally.calls
        bad = len(tally.internal_errors) + len(tally.hangs) + len(tally.leaks) + len(leaked)
        failures += bad
        print(f"seed {seed}: {tally.line()}; {submitted} jobs submitted; written leaks {len(leaked)}")
        for line in (tally.internal_errors + tally.hangs + tally.leaks + leaked)[:5]:
            print(f"  ! {line[:300]}")
    elapsed = time.monotonic() - started
    print(f"total: {total_calls} calls over {args.seeds} seeds in {elapsed:.1f} s; {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
