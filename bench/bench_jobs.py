"""Many concurrent jobs in one process: wall time, peak memory, status polls per job, errors.

    python bench/bench_jobs.py [--jobs 200] [--queue-seconds 1] [--run-seconds 3]

The emulator runs in a separate process (its memory is not ours). Every job goes through the
real runner: journaled submit, one watcher polling with the client's default backoff (1 s → 10 s),
result, download to disk, files verified. Target: peak RSS ≤ 150 MB, 0 errors.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.emulator_process import EmulatorProcess  # noqa: E402
from runcomfy_skills.jobs.runner import JobRunner  # noqa: E402
from runcomfy_skills.jobs.journal import JobJournal, JobRecord  # noqa: E402
from runcomfy_skills.runcomfy.client import RunComfyClient  # noqa: E402

MODEL = "decart/lucy-edit/restyle"
BODY = {"prompt": "make it film noir", "video_url": "https://example.com/clip.mp4"}


def vm_kib(field: str) -> int:
    """A `Vm*` figure of this process in KiB (VmHWM = peak resident set, VmRSS = now)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def intact(record: JobRecord) -> bool:
    return (
        record.state == "completed"
        and record.downloaded
        and bool(record.files)
        and all(hashlib.sha256(Path(f.path).read_bytes()).hexdigest() == f.sha256 for f in record.files)
    )


async def run_jobs(emu: EmulatorProcess, jobs: int, work: Path) -> tuple[float, list[JobRecord], list[str]]:
    records: list[JobRecord] = []
    errors: list[str] = []
    async with RunComfyClient(emu.token, emu.base_url, download_origins=(emu.origin,)) as client:
        runner = JobRunner(client, JobJournal(work / "state"))
        async with runner.running():

            async def one(i: int) -> None:
                try:
                    records.append(await runner.run(MODEL, BODY, output_dir=work / "out" / str(i), wait_seconds=600))
                except Exception as exc:  # counted and shown, never hidden
                    errors.append(f"job {i}: {exc}")

            started = time.perf_counter()
            async with anyio.create_task_group() as tg:
                for i in range(jobs):
                    tg.start_soon(one, i)
            wall = time.perf_counter() - started
    return wall, records, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--queue-seconds", type=float, default=1.0)
    parser.add_argument("--run-seconds", type=float, default=3.0)
    args = parser.parse_args()

    with EmulatorProcess(queue_seconds=args.queue_seconds, run_seconds=args.run_seconds) as emu:
        baseline = vm_kib("VmRSS")
        with tempfile.TemporaryDirectory(prefix="bench-jobs-") as tmp:
            wall, records, errors = anyio.run(run_jobs, emu, args.jobs, Path(tmp))
            errors += [f"job {r.job_id}: {r.state}, files not intact" for r in records if not intact(r)]
        log = emu.log()
    submits = sum(1 for m, p in log if m == "POST" and p.startswith("/v1/models/"))
    statuses = sum(1 for m, p in log if m == "GET" and p.endswith("/status"))
    results = sum(1 for m, p in log if m == "GET" and p.endswith("/result"))
    files = sum(1 for m, p in log if m == "GET" and p.startswith("/files/"))
    peak = vm_kib("VmHWM")
    done = [r for r in records if r.submitted_at and r.finished_at and r.downloaded_at]
    submit_latency = median([(r.submitted_at - r.created_at).total_seconds() for r in done] or [float("nan")])
    saved_after = median([(r.downloaded_at - r.finished_at).total_seconds() for r in done] or [float("nan")])

    print(
        f"jobs                 {args.jobs} (emulator: {args.queue_seconds:g} s queued + {args.run_seconds:g} s running)"
    )
    print(f"wall time            {wall:.2f} s")
    print(
        f"peak RSS             {peak / 1024:.1f} MB (after imports, before jobs: {baseline / 1024:.1f} MB)  target <= 150 MB"
    )
    print(f"requests             {len(log)}: {submits} submits, {statuses} status, {results} result, {files} file")
    print(f"status polls per job {statuses / max(1, args.jobs):.2f}")
    print(f"median submit answer {submit_latency:.2f} s; median end seen -> files saved {saved_after:.2f} s")
    print(f"errors               {len(errors)}")
    for line in errors[:10]:
        print("  " + line)
    sys.exit(1 if errors or submits != args.jobs else 0)


if __name__ == "__main__":
    main()
