"""The server side of `plan`: what one call costs us, apart from the SDK and the transport.

    python bench/bench_plan.py [--rounds 5]

Two figures, over the held-out routing requests (and `../shared/eval/route_dev.jsonl` if present):

- server side: the work the `plan` tool does per call, on the warmed-up pipeline, in the same
  order as the handler (arguments checked against the tool schema, the second-opinion question,
  the plan: routing, policy, audit line). p50 and p99 per call; target p99 ≤ 1 ms.
- through the SDK: `plan` round trips over an in-memory MCP client, side by side (interleaved)
  with a trivial tool of the SDK's bare server (`bench/bare_server.py`'s), as the floor.

Exits 1 if any call failed, 2 if the target was missed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import anyio

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.machine import machine_line  # noqa: E402
from runcomfy_skills.catalog.schema_table import require_valid  # noqa: E402
from runcomfy_skills.catalog.skill_docs import load_catalog  # noqa: E402
from runcomfy_skills.models import Asset  # noqa: E402
from runcomfy_skills.settings import Settings  # noqa: E402

CASE_FILES = [REPO.parent / "shared/eval/route_dev.jsonl", REPO / "tests/data/route_heldout.jsonl"]


def load_cases() -> list[dict]:
    cases = []
    for path in CASE_FILES:
        if path.exists():
            cases += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [{"request": c["request"], "assets": c["assets"]} for c in cases]


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


async def server_side(settings: Settings, cases: list[dict], rounds: int) -> list[float]:
    """Per-call time of the plan tool's own steps (the handler's order), on a warmed-up pipeline."""
    from runcomfy_skills.mcp.tools import build_tools
    from runcomfy_skills.pipeline import Plan, open_pipeline

    catalog = load_catalog()
    schema = next(t.input_schema for t in build_tools(catalog) if t.name == "plan")
    times = []
    async with open_pipeline(settings, catalog) as pipeline:
        pipeline.warm_up()
        for _ in range(rounds):
            for case in cases:
                started = time.perf_counter()
                require_valid(schema, case, subject="the arguments of plan")
                assets = [Asset.model_validate(a) for a in case["assets"]]
                plan = pipeline.plan_or_question(case["request"], assets, None, skill=None, source="plan")
                if not isinstance(plan, Plan):  # a question for the client's model: here it has none
                    pipeline.plan(case["request"], assets, None, skill=None, source="plan")
                times.append(time.perf_counter() - started)
    return times


async def round_trips(settings: Settings, cases: list[dict], rounds: int) -> tuple[list[float], list[float], int]:
    """plan through our server and a trivial call through the bare one, alternating; and the errors."""
    from mcp import Client
    from mcp.server import Server
    from mcp.types import CallToolResult, ListToolsResult, TextContent, Tool

    from runcomfy_skills.mcp.app import create_server

    async def list_tools(ctx, params) -> ListToolsResult:  # noqa: ANN001 - the SDK's handler shape
        return ListToolsResult(tools=[Tool(name="noop", input_schema={"type": "object"})])

    async def call_tool(ctx, params) -> CallToolResult:  # noqa: ANN001
        return CallToolResult(content=[TextContent(type="text", text="")])

    bare = Server("bare", on_list_tools=list_tools, on_call_tool=call_tool)
    ours_times, bare_times, errors = [], [], 0
    async with Client(create_server(settings, load_catalog())) as ours, Client(bare) as floor:
        await ours.list_tools()
        await ours.call_tool("plan", cases[0])  # waits for the pipeline, then lets the warm-up finish
        await anyio.sleep(2)
        for _ in range(rounds):
            for case in cases:
                started = time.perf_counter()
                result = await ours.call_tool("plan", case)
                ours_times.append(time.perf_counter() - started)
                errors += bool(result.is_error)
                started = time.perf_counter()
                await floor.call_tool("noop", {})
                bare_times.append(time.perf_counter() - started)
    return ours_times, bare_times, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    cases = load_cases()
    with tempfile.TemporaryDirectory(prefix="bench-plan-") as tmp:
        settings = Settings(state_dir=Path(tmp) / "state", output_root=Path(tmp) / "out")
        own = anyio.run(server_side, settings, cases, args.rounds)
        ours, floor, errors = anyio.run(round_trips, settings, cases, args.rounds)
    print(machine_line())
    print(f"{len(cases)} requests x {args.rounds} rounds")
    p50, p99 = median(own) * 1e3, quantile(own, 0.99) * 1e3
    print(f"server side of plan      p50 {p50:.3f} ms   p99 {p99:.3f} ms   target p99 <= 1 ms")
    print(f"plan through the SDK     p50 {median(ours) * 1e3:.3f} ms   p99 {quantile(ours, 0.99) * 1e3:.3f} ms")
    print(f"trivial call, bare SDK   p50 {median(floor) * 1e3:.3f} ms   p99 {quantile(floor, 0.99) * 1e3:.3f} ms   "
          f"ratio of medians {median(ours) / median(floor):.2f}  [{machine_line()}]")
    if errors:
        print(f"{errors} plan call(s) answered an error: no figures from a run with errors")
        sys.exit(1)
    if p99 > 1.0:
        print("TARGET MISSED: server side of plan p99 over 1 ms")
        sys.exit(2)


if __name__ == "__main__":
    main()
