"""The job journal at 100,000 jobs against an empty one: open (start-up), list, status, resume scan.

    python bench/bench_journal.py [--jobs 100000] [--rounds 7]

Two journals side by side in one run: one holding the 200 newest jobs (every state among them), one
holding those same 200 behind `--jobs` older, settled ones, so both return the same rows and only
the size differs. Each operation runs on both, alternating,
`--rounds` times; the medians and their ratio are printed. Target: every ratio ≤ 2 (flat).
The large journal is filled through SQL in one transaction from records the journal itself made,
so filling takes seconds, not the minutes one commit per job would.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import machine_line  # noqa: E402
from runcomfy_skills.jobs.journal import DB_NAME, JobJournal  # noqa: E402

RECENT = 200  # jobs in both journals, every state among them, so both lists return full pages
STATES = ["submitting", "in_queue", "in_progress", "completed", "failed", "cancelled", "unknown"]
SETTLED = ["completed"] * 80 + ["failed"] * 12 + ["cancelled"] * 7 + ["unknown"]


def fill(state_dir: Path, jobs: int) -> tuple[str, str]:
    """A journal of `jobs` jobs: the RECENT newest cycle through every state, the older ones are settled
    (as in a long-used journal); returns the job id and request id of one old job (or the newest)."""
    journal = JobJournal(state_dir)
    template = journal.create(model_id="decart/lucy-edit/restyle", body={"prompt": "make it noir",
                              "video_url": "https://cdn.example.com/clip.mp4"}, output_dir=state_dir / "out")
    journal.close()
    rng = random.Random(7)
    rows = []
    for i in range(1, jobs):
        recent = i >= jobs - RECENT
        state = STATES[i % len(STATES)] if recent else rng.choice(SETTLED)
        record = template.model_copy(update={"job_id": f"j{i:011d}", "request_id": f"req-{i:08d}", "state": state,
                                             "downloaded": state == "completed" and (not recent or i % 2 == 0)})
        created = f"2026-01-01T00:00:00.{i:06d}+00:00"
        principal = "alice" if recent else f"client-{rng.randrange(10)}"  # ten HTTP clients shared the old ones
        rows.append((record.job_id, record.request_id, state, int(record.downloaded), created, created,
                     record.model_dump_json(), principal))
    db = sqlite3.connect(state_dir / DB_NAME)
    with db:
        db.executemany("INSERT INTO jobs (job_id, request_id, state, downloaded, created_at, updated_at, record,"
                       " principal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.close()
    pick = max(1, jobs // 2 if jobs > 2 * RECENT else jobs - RECENT // 2)
    return f"j{pick:011d}", f"req-{pick:08d}"


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-journal-") as tmp:
        small_dir, big_dir = Path(tmp) / "small", Path(tmp) / "big"
        started = time.perf_counter()
        ids = {"small": fill(small_dir, RECENT + 1), "big": fill(big_dir, args.jobs)}
        print(f"filled {args.jobs} jobs in {time.perf_counter() - started:.1f} s "
              f"({(big_dir / DB_NAME).stat().st_size / 1e6:.0f} MB)")
        folders = {"small": small_dir, "big": big_dir}
        times: dict[tuple[str, str], list[float]] = {}
        startup = "start-up (open + resume scan + output folders)"
        for folder in folders.values():
            _start(folder)  # the first open after filling from outside checks the whole file, as it should
        for round_ in range(args.rounds):  # alone: another open connection would make each start check in full
            for side in (("small", "big") if round_ % 2 == 0 else ("big", "small")):
                times.setdefault((startup, side), []).append(timed(lambda: _start(folders[side])))
        journals = {"small": JobJournal(small_dir), "big": JobJournal(big_dir)}

        def operations(name: str) -> dict[str, Callable[[], object]]:
            journal, (job_id, request_id) = journals[name], ids[name]
            return {
                "jobs_list, no filter": lambda: journal.list(limit=20),
                "jobs_list, state=completed": lambda: journal.list(states=["completed"], limit=20),
                "jobs_list, state=in_queue": lambda: journal.list(states=["in_queue"], limit=20),
                "jobs_list, state=cancelled,failed": lambda: journal.list(states=["cancelled", "failed"], limit=20),
                "jobs_list, one client": lambda: journal.list(principal="alice", limit=20),
                "jobs_list, one client, state=completed": lambda: journal.list(states=["completed"], principal="alice",
                                                                               limit=20),
                "job_status by job id": lambda: journal.get(job_id),
                "job_status by request id": lambda: journal.get(request_id),
                "resume scan (unsettled)": journal.unsettled,
            }

        names = list(operations("small"))
        for round_ in range(args.rounds):
            for name in names:
                for side in (("small", "big") if round_ % 2 == 0 else ("big", "small")):
                    times.setdefault((name, side), []).append(timed(operations(side)[name]))
        for journal in journals.values():
            journal.close()

    print(machine_line())
    print(f"{'operation':50} {f'{RECENT} jobs':>10} {args.jobs:>8} jobs {'ratio':>7}   target <= 2.0")
    worst = 0.0
    for name in [startup, *names]:
        small, big = median(times[(name, "small")]), median(times[(name, "big")])
        worst = max(worst, big / small)
        print(f"{name:50} {small * 1e3:8.2f} ms {big * 1e3:10.2f} ms {big / small:7.2f}")
    print(f"worst ratio {worst:.2f}  [{machine_line()}]")


def _start(folder: Path) -> None:
    """What the server does with its journal at start-up: open it, find unsettled jobs and output folders."""
    journal = JobJournal(folder)
    journal.unsettled()
    journal.output_dirs()
    journal.close()


if __name__ == "__main__":
    main()
