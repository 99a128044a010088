"""`python -m runcomfy_skills.sandbox`: the Model API emulator as a process of its own."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

from runcomfy_skills.sandbox.emulator import Emulator


def main(argv: list[str] | None = None) -> None:
    """`python -m runcomfy_skills.sandbox`: serve until SIGTERM/SIGINT; the one stdout line gives the base URL."""
    parser = argparse.ArgumentParser(prog="python -m runcomfy_skills.sandbox",
                                     description="An offline emulator of the RunComfy Model API on loopback HTTP.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--token", default="sandbox-token", help="bearer token the emulator accepts")
    parser.add_argument("--queue-seconds", type=float, default=1.0)
    parser.add_argument("--run-seconds", type=float, default=3.0)
    parser.add_argument("--catalog", type=Path, help="a catalog file to serve instead of our tables (see README)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    timing = {"queue_seconds": args.queue_seconds, "run_seconds": args.run_seconds}
    with Emulator(token=args.token, host=args.host, port=args.port, catalog_file=args.catalog, **timing) as emulator:
        sys.stdout.write(f"listening {emulator.base_url}\n")
        sys.stdout.flush()
        stop.wait()


if __name__ == "__main__":
    main()
