"""The emulator in its own process, so benchmarks measure only our side's memory and CPU.

The parent talks to it through a pipe: it gets the base URL once the server listens, and can ask
for the request log (method, path) at any time.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from types import TracebackType

REPO = Path(__file__).resolve().parents[1]


def _serve(conn: Connection, queue_seconds: float, run_seconds: float, cpus: frozenset[int] | None) -> None:
    if cpus:
        os.sched_setaffinity(0, cpus)
    sys.path.insert(0, str(REPO))
    from runcomfy_skills.sandbox.emulator import Emulator

    with Emulator(queue_seconds=queue_seconds, run_seconds=run_seconds) as emulator:
        conn.send((emulator.base_url, emulator.origin, emulator.token))
        while (command := conn.recv()) != "stop":
            if command == "log":
                conn.send(emulator.requests_log)
            elif command == "timeline":
                conn.send([(r.at, r.method, r.path) for r in emulator.timeline()])
            elif command == "reset":
                emulator.reset()
                conn.send(True)


class EmulatorProcess:
    """`with EmulatorProcess(queue_seconds=1, run_seconds=3) as emu:` → emu.base_url, emu.log().

    `cpus`: the cores the emulator may run on (its own, as a remote API would have), else any."""

    def __init__(self, *, queue_seconds: float = 1.0, run_seconds: float = 3.0,
                 cpus: frozenset[int] | None = None) -> None:
        self._conn, child = mp.get_context("spawn").Pipe()
        self._process = mp.get_context("spawn").Process(
            target=_serve, args=(child, queue_seconds, run_seconds, cpus), daemon=True
        )
        self._child = child
        self.base_url = self.origin = self.token = ""

    def __enter__(self) -> EmulatorProcess:
        self._process.start()
        if not self._conn.poll(30):
            raise RuntimeError("the emulator process did not start within 30 s")
        self.base_url, self.origin, self.token = self._conn.recv()
        return self

    def log(self) -> list[tuple[str, str]]:
        self._conn.send("log")
        return self._conn.recv()

    def timeline(self) -> list[tuple[float, str, str]]:
        """(arrival time, method, path) of every request, times on the emulator's monotonic clock."""
        self._conn.send("timeline")
        return self._conn.recv()

    def cpu_seconds(self) -> float:
        """The CPU the emulator has spent so far: it shares the machine's cores with what is measured."""
        fields = Path(f"/proc/{self._process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def reset(self) -> None:
        self._conn.send("reset")
        self._conn.recv()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._conn.send("stop")
        self._process.join(timeout=15)
        if self._process.is_alive():
            self._process.terminate()
