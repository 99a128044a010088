"""Thousands of jobs through one process against the emulator in its own process.

    python bench/bench_jobs.py [--jobs 5000] [--queue-seconds 5] [--run-seconds 10]
                               [--in-flight 64] [--per-second 1000] [--pin]
    python bench/bench_jobs.py --sequential 50000 [--streams 4]

Concurrent (default): every job starts at once through the real runner (journaled submit, one
watcher per job polling on the client's schedule, result, download to disk, sha256 checked after).
It prints the wall time against the target `1.5 × (queue + run seconds) + submit spread` (the time
from the first job started to the last submit answered: the request limit spreads the submits),
peak RSS (VmHWM; target ≤ 200 MB), what the emulator saw (requests by kind, the highest request
rate in any one second, the CPU it spent on the same cores) and errors. Lost or duplicated submits
(a job with no accepted submit, a request id seen twice, more submits than jobs) count as errors, and
so does a result or file fetched twice (a failure retried behind the run's back).

`--pin` gives the emulator a core of its own and this process the others (CPU affinity), as a
remote API would not share our cores; without it both share every core.

Sequential (`--sequential N`): N jobs one after another on each of `--streams` streams, with the
emulator answering at once; the resident set is sampled every tenth of the way. Target: flat (the
last sample within 10 MB of the one after the first tenth), i.e. nothing kept per finished job.

Exit status 1 on any error, lost or duplicated submit, or missed target: no figure from a bad run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.emulator_process import EmulatorProcess  # noqa: E402
from bench.machine import machine_line, vm_kib  # noqa: E402
from runcomfy_skills.jobs.journal import JobJournal  # noqa: E402
from runcomfy_skills.jobs.records import JobRecord  # noqa: E402
from runcomfy_skills.jobs.runner import JobRunner  # noqa: E402
from runcomfy_skills.runcomfy.client import RunComfyClient  # noqa: E402
from runcomfy_skills.runcomfy.limiter import RequestLimiter  # noqa: E402

MODEL = "decart/lucy-edit/restyle"
BODY = {"prompt": "make it film noir", "video_url": "https://example.com/clip.mp4"}


def intact(record: JobRecord) -> bool:
    return (
        record.state == "completed"
        and record.downloaded
        and bool(record.files)
        and all(hashlib.sha256(Path(f.path).read_bytes()).hexdigest() == f.sha256 for f in record.files)
    )


class Run:
    def __init__(self, emu: EmulatorProcess, work: Path, limiter: RequestLimiter, *, poll_initial: float = 1.0) -> None:
        self.emu, self.work, self.limiter, self.poll_initial = emu, work, limiter, poll_initial
        self.records: list[JobRecord] = []  # read back from the journal after the run (not held meanwhile)
        self.job_ids: list[str] = []
        self.errors: list[str] = []
        self.samples: list[tuple[int, int]] = []  # (jobs finished, RSS KiB)
        self.request_ids: Counter[str | None] = Counter()  # every job's request id, kept past clean-ups
        self.finished = 0

    async def one(self, runner: JobRunner, i: int) -> None:
        try:
            record = await runner.run(MODEL, BODY, output_dir=self.work / "out" / str(i % 100), wait_seconds=3600)
            self.job_ids.append(record.job_id)  # only the id: a server holds no record after answering
            self.request_ids[record.request_id] += 1
        except Exception as exc:  # counted and shown, never hidden
            self.errors.append(f"job {i}: {exc}")

    async def concurrent(self, jobs: int) -> float:
        async with self._runner() as runner:
            started = time.perf_counter()
            async with anyio.create_task_group() as tg:
                for i in range(jobs):
                    tg.start_soon(self.one, runner, i)
            return time.perf_counter() - started

    async def sequential(self, jobs: int, streams: int) -> float:
        step = max(1, jobs // 10)
        async with self._runner() as runner:

            async def stream(first: int) -> None:
                for i in range(first, jobs, streams):
                    await self.one(runner, i)
                    self.finished += 1
                    done = self.finished
                    if done % step == 0:
                        self.samples.append((done, vm_kib("VmRSS")))
                    if done % 1000 == 0:  # keep the disk as it was: one file per job adds up
                        self.check(clean_up=True)

            started = time.perf_counter()
            async with anyio.create_task_group() as tg:
                for first in range(streams):
                    tg.start_soon(stream, first)
            return time.perf_counter() - started

    def check(self, *, clean_up: bool = False) -> None:
        """Read the finished jobs back from the journal: files intact (then, if asked, deleted)."""
        journal = JobJournal(self.work / "state")
        try:
            records = [journal.get(job_id) for job_id in self.job_ids]
        finally:
            journal.close()
        self.errors += [f"job {r.job_id}: {r.state}, files not intact" for r in records if not intact(r)]
        if clean_up:
            for f in (f for r in records for f in r.files):
                Path(f.path).unlink(missing_ok=True)
        else:
            self.records = records
        self.job_ids.clear()

    def _runner(self):  # noqa: ANN202 - an async context manager yielding a running JobRunner
        from contextlib import asynccontextmanager

        @asynccontextmanager
        async def running():
            async with RunComfyClient(self.emu.token, self.emu.base_url, download_origins=(self.emu.origin,),
                                      poll_initial=self.poll_initial, limiter=self.limiter) as client:
                journal = JobJournal(self.work / "state")
                try:
                    async with JobRunner(client, journal).running() as runner:
                        yield runner
                finally:
                    journal.close()

        return running()


def request_problems(request_ids: Counter[str | None], log: list[tuple[str, str]], jobs: int) -> list[str]:
    """Lost or duplicated submits (one accepted submit per job, each request id held by one job), and
    results or files fetched more than once: on a healthy emulator that is a failure retried behind
    the bench's back (the job's error is cleared once the retry succeeds), so it is counted here."""
    posts = sum(1 for m, p in log if m == "POST" and p.startswith("/v1/models/"))
    problems = [f"{posts} submits reached the emulator for {jobs} jobs"] if posts != jobs else []
    problems += [f"request {rid} is held by {n} jobs" for rid, n in request_ids.items() if n > 1]
    fetched = Counter(p for m, p in log if m == "GET" and (p.endswith("/result") or p.startswith("/files/")))
    problems += [f"{path} fetched {n} times" for path, n in sorted(fetched.items()) if n > 1]
    return problems


def peak_rate(times: list[float]) -> int:
    per_second = Counter(int(t) for t in times)
    return max(per_second.values(), default=0)


def pin_apart() -> frozenset[int]:
    """Keep this process (every thread it starts later) off the last core; return that core for the emulator."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        sys.exit("--pin needs at least two cores")
    os.sched_setaffinity(0, cores[:-1])
    return frozenset(cores[-1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--queue-seconds", type=float, default=5.0)
    parser.add_argument("--run-seconds", type=float, default=10.0)
    parser.add_argument("--in-flight", type=int, default=64, help="RUNCOMFY_MAX_REQUESTS_IN_FLIGHT for the run")
    parser.add_argument("--per-second", type=float, default=1000.0, help="RUNCOMFY_MAX_REQUESTS_PER_SECOND")
    parser.add_argument("--sequential", type=int, default=0, metavar="N", help="N jobs one after another instead")
    parser.add_argument("--streams", type=int, default=4)
    parser.add_argument("--pin", action="store_true", help="the emulator on a core of its own, we on the others")
    args = parser.parse_args()
    emulator_cpus = pin_apart() if args.pin else None

    limiter = RequestLimiter(args.in_flight, args.per_second)
    sequential = args.sequential > 0
    queue, run_s = (0.0, 0.0) if sequential else (args.queue_seconds, args.run_seconds)
    jobs = args.sequential or args.jobs
    with EmulatorProcess(queue_seconds=queue, run_seconds=run_s, cpus=emulator_cpus) as emu:
        baseline = vm_kib("VmRSS")
        with tempfile.TemporaryDirectory(prefix="bench-jobs-") as tmp:
            run = Run(emu, Path(tmp), limiter, poll_initial=0.05 if sequential else 1.0)
            if sequential:
                wall = anyio.run(run.sequential, jobs, args.streams)
            else:
                wall = anyio.run(run.concurrent, jobs)
            run.check()
        timeline = emu.timeline()
        emulator_cpu = emu.cpu_seconds()
    log = [(m, p) for _, m, p in timeline]
    peak = vm_kib("VmHWM")
    kinds = Counter("submit" if m == "POST" and p.startswith("/v1/models/") else p.rsplit("/", 1)[-1]
                    if p.startswith("/v1/") else "file" for m, p in log)
    print(machine_line() + (f"; pinned: the emulator on core {min(emulator_cpus)}, this process on core(s) "
                            f"{','.join(map(str, sorted(os.sched_getaffinity(0))))}" if emulator_cpus else ""))
    print(f"jobs                 {jobs} {'sequential on %d streams' % args.streams if sequential else 'at once'} "
          f"(emulator: {queue:g} s queued + {run_s:g} s running; limit {args.in_flight} in flight, "
          f"{args.per_second:g}/s)")
    print(f"requests             {len(log)}: " + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
          + f"; peak {peak_rate([t for t, _, _ in timeline])}/s")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    print(f"our CPU              {cpu:.1f} s in all, {cpu / jobs * 1000:.1f} ms per job (the emulator's not counted: "
          f"it spent {emulator_cpu:.1f} s {'on its own core' if emulator_cpus else 'on the same cores'})")
    print(f"peak RSS             {peak / 1024:.1f} MB (after imports: {baseline / 1024:.1f} MB)  target <= 200 MB")
    missed = []
    run.errors += request_problems(run.request_ids, log, jobs)
    if sequential:
        print(f"wall time            {wall:.1f} s ({jobs / wall:.0f} jobs/s)")
        print("RSS by jobs done     " + ", ".join(f"{n}: {kib / 1024:.1f} MB" for n, kib in run.samples))
        if len(run.samples) >= 2 and run.samples[-1][1] - run.samples[0][1] > 10 * 1024:
            missed.append("resident set grew by more than 10 MB after the first tenth")
    else:
        submitted = [r.submitted_at.timestamp() for r in run.records if r.submitted_at]
        created = [r.created_at.timestamp() for r in run.records]
        spread = max(submitted) - min(created) if submitted else float("nan")
        target = 1.5 * (queue + run_s) + spread
        print(f"submit spread        {spread:.2f} s (first job started -> last submit answered)")
        done = [r for r in run.records if r.submitted_at and r.finished_at and r.downloaded_at]
        late = sorted((r.finished_at - r.submitted_at).total_seconds() - queue - run_s for r in done)
        saving = sorted((r.downloaded_at - r.finished_at).total_seconds() for r in done)
        if done:
            print(f"end seen late by     median {late[len(late) // 2]:.2f} s, p95 {late[int(len(late) * 0.95)]:.2f} s; "
                  f"end seen -> files saved median {saving[len(saving) // 2]:.2f} s, p95 "
                  f"{saving[int(len(saving) * 0.95)]:.2f} s")
        print(f"wall time            {wall:.2f} s; target <= 1.5 x {queue + run_s:g} s + spread = {target:.2f} s; "
              f"ratio {wall / target:.2f}  [{machine_line()}]")
        if wall > target:
            missed.append("wall time over target")
    if peak > 200 * 1024:
        missed.append("peak RSS over 200 MB")
    print(f"errors               {len(run.errors)}")
    for line in run.errors[:10]:
        print("  " + line)
    for line in missed:
        print(f"TARGET MISSED: {line}")
    sys.exit(1 if run.errors else 2 if missed else 0)


if __name__ == "__main__":
    main()
