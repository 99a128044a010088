"""Cold start over stdio: ours against the SDK's bare low-level server serving the same tools.

    python bench/bench_coldstart.py [--rounds 9]

Each round starts, side by side and in alternating order, `runcomfy-skills serve` (live, a token
set, an empty state folder), `runcomfy-skills serve --sandbox`, and `bench/bare_server.py` with our
own tools/list. A raw JSON-RPC client times: process start → `initialize` answered → `tools/list`
answered (the cold start); then, after `--think` seconds (the turn a client's model takes before its
first call: 1 s by default), the first `plan` call and a second one (ours only); then stdin is
closed and the time until the process has exited (shutdown). Medians over the rounds; targets:
cold start ≤ 1.15× the bare server, first plan ≤ 5 ms. Exits 1 if any round had an error (a
missing answer, an error answer, different tools), 2 if a target was missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.machine import machine_line  # noqa: E402

PLAN = {"request": "Remove the watermark in the bottom-right corner of this clip",
        "assets": [{"url": "https://cdn.example.com/clip.mp4"}]}


class Session:
    """One server process spoken to with newline-delimited JSON-RPC on its stdin/stdout."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env)
        self._next = 0

    def call(self, method: str, params: dict) -> dict:
        self._next += 1
        self._send({"jsonrpc": "2.0", "id": self._next, "method": method, "params": params})
        assert self.process.stdout is not None
        while line := self.process.stdout.readline():
            message = json.loads(line)
            if message.get("id") == self._next:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
        raise RuntimeError(f"{method}: the server closed its output without answering")

    def notify(self, method: str) -> None:
        self._send({"jsonrpc": "2.0", "method": method})

    def _send(self, message: dict) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode() + b"\n")
        self.process.stdin.flush()

    def shutdown(self) -> float:
        assert self.process.stdin is not None
        started = time.perf_counter()
        self.process.stdin.close()
        self.process.wait(timeout=30)
        return time.perf_counter() - started


def measure(command: list[str], env: dict[str, str], *, plan: bool, think: float = 0.0) -> dict[str, float | list]:
    session = Session(command, env)
    try:
        session.call("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                                    "clientInfo": {"name": "bench", "version": "0"}})
        session.notify("notifications/initialized")
        tools = session.call("tools/list", {})["tools"]
        figures: dict[str, float | list] = {"start": time.perf_counter() - session.started, "tools": tools}
        if plan:
            time.sleep(think)  # the client's model reads the tools before its first call
            for key in ("first plan", "second plan"):
                began = time.perf_counter()
                result = session.call("tools/call", {"name": "plan", "arguments": PLAN})
                figures[key] = time.perf_counter() - began
                if result.get("isError"):
                    raise RuntimeError(f"plan answered an error: {result['content'][0]['text'][:300]}")
        figures["shutdown"] = session.shutdown()
        if session.process.returncode != 0:
            raise RuntimeError(f"{command[-1]} exited {session.process.returncode}")
        return figures
    finally:
        if session.process.poll() is None:
            session.process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--think", type=float, default=1.0,
                        help="seconds between tools/list and the first plan (a model's turn; the warm-up runs then)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-coldstart-") as tmp:
        env = {**os.environ, "RUNCOMFY_TOKEN": "bench-token-not-sent-anywhere",
               "RUNCOMFY_SKILLS_STATE_DIR": f"{tmp}/state", "RUNCOMFY_OUTPUT_DIR": f"{tmp}/out"}
        ours = [sys.executable, "-m", "runcomfy_skills", "serve"]
        tools_file = Path(tmp) / "tools.json"
        tools = measure(ours, env, plan=False)["tools"]  # also warms the disk cache for everyone
        tools_file.write_text(json.dumps({"tools": tools}))
        candidates = {
            "bare SDK server": ([sys.executable, str(REPO / "bench" / "bare_server.py"), str(tools_file)], False),
            "ours": (ours, True),
            "ours --sandbox": ([*ours, "--sandbox"], True),
        }
        runs: dict[str, list[dict]] = {name: [] for name in candidates}
        errors: list[str] = []
        for round_ in range(args.rounds):
            order = list(candidates) if round_ % 2 == 0 else list(reversed(candidates))
            for name in order:
                command, plan = candidates[name]
                try:
                    figures = measure(command, env, plan=plan, think=args.think)
                    if figures["tools"] != tools:
                        errors.append(f"{name}: tools/list differs from ours")
                    runs[name].append(figures)
                except (RuntimeError, subprocess.TimeoutExpired, OSError) as exc:
                    errors.append(f"{name}, round {round_ + 1}: {exc}")

    print(machine_line())
    if errors:
        print(f"{len(errors)} error(s); no figures from a run with errors:")
        for line in errors[:10]:
            print("  " + line)
        sys.exit(1)
    floor = median(r["start"] for r in runs["bare SDK server"])
    floor_stop = median(r["shutdown"] for r in runs["bare SDK server"])
    missed = []
    print(f"{len(tools)} tools, {len(json.dumps({'tools': tools}))} bytes of tools/list; medians of {args.rounds} rounds;"
          f" first plan {args.think:g} s after tools/list")
    print(f"{'':18} {'to tools/list':>14} {'ratio':>6} {'first plan':>11} {'second plan':>12} {'shutdown':>9} {'ratio':>6}")
    for name, figures in runs.items():
        start, stop = median(r["start"] for r in figures), median(r["shutdown"] for r in figures)
        plans = [median(r[k] for r in figures) * 1e3 if "first plan" in figures[0] else None
                 for k in ("first plan", "second plan")]
        shown = [f"{p:8.1f} ms" if p is not None else f"{'-':>11}" for p in plans]
        print(f"{name:18} {start * 1e3:11.0f} ms {start / floor:6.2f} {shown[0]:>11} {shown[1]:>12} "
              f"{stop * 1e3:6.0f} ms {stop / floor_stop:6.2f}")
        if name == "ours" and start / floor > 1.15:
            missed.append(f"cold start {start / floor:.2f}x the bare server (target <= 1.15)")
        if name == "ours" and plans[0] is not None and plans[0] > 5:
            missed.append(f"first plan {plans[0]:.1f} ms (target <= 5 ms)")
    print(f"[{machine_line()}]")
    for line in missed:
        print(f"TARGET MISSED: {line}")
    sys.exit(2 if missed else 0)


if __name__ == "__main__":
    main()
