"""One large output through our downloader vs `curl`, same URL, same run, to disk.

    python bench/bench_download.py [--size-mib 1024] [--rounds 5] [--busy N]

The emulator (separate process) streams the file from its blob endpoint. Each round runs curl
(then `sha256sum` on its file, timed apart) and our downloader (`RunComfyClient.download_outputs`,
which hashes with SHA-256 as it receives and links the file into place) in a fresh child process,
into the same temporary folder; the order alternates between rounds and `sync` runs before each
download, so neither inherits the other's disk write-back. Two ratios: our rate against curl's
rate (target ≥ 0.8: we hash, curl does not), and our whole child process (start to exit, imports
included) against curl followed by `sha256sum` (target ≥ 1.0, i.e. no slower). `--busy N` keeps
N processes spinning on the CPU meanwhile, to see how the figures move when the cores are busy. Memory: the child reads its peak resident set (VmHWM) after a 1 MiB warm-up
download and again after the big one; the difference is what the download itself added (the
warm-up has already paid for imports and the first worker threads). Files are deleted after
each download. Target: ≤ 32 MB growth. Exit 1 if a download failed or the files differ, 2 if a
target was missed.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.emulator_process import EmulatorProcess  # noqa: E402
from bench.machine import machine_line, vm_kib  # noqa: E402

MIB = 1024 * 1024


class Usage(NamedTuple):
    """What a download cost its process: CPU seconds, minor page faults, and how often the kernel took the CPU
    away from it (involuntary switches: other work wanted the same core). Tells a slow round's cause apart."""

    cpu: float
    system: float
    faults: int
    preempted: int

    @classmethod
    def since(cls, before: resource.struct_rusage, after: resource.struct_rusage) -> Usage:
        system = after.ru_stime - before.ru_stime
        return cls(after.ru_utime - before.ru_utime + system, system, after.ru_minflt - before.ru_minflt,
                   after.ru_nivcsw - before.ru_nivcsw)

    def __str__(self) -> str:
        return f"CPU {self.cpu:.2f} s (sys {self.system:.2f}), {self.faults} faults, {self.preempted} preempted"


def _ours(origin: str, url: str, folder: str, conn: Connection) -> None:
    """Child process: warm up, say ready, wait for the go, note the peak RSS, download, note it again."""
    import anyio

    from runcomfy_skills.runcomfy.client import RunComfyClient

    async def go() -> tuple[float, int, str, int, int, tuple[float, float, int, int]]:
        async with RunComfyClient("unused", download_origins=(origin,)) as client:
            [warm] = await client.download_outputs([f"{origin}/files/blob/{MIB}.bin"], Path(folder))
            warm.path.unlink()
            conn.send("ready")
            conn.recv()
            before, used = vm_kib("VmHWM"), resource.getrusage(resource.RUSAGE_SELF)
            started = time.perf_counter()
            [file] = await client.download_outputs([url], Path(folder))
            seconds = time.perf_counter() - started
            after, usage = vm_kib("VmHWM"), Usage.since(used, resource.getrusage(resource.RUSAGE_SELF))
            file.path.unlink()
            return seconds, file.size, file.sha256, before, after, tuple(usage)  # a plain tuple crosses the pipe

    conn.send(anyio.run(go))


def settle(folder: Path, size: int) -> None:
    """Give the next download the same start as every other: `sync`, then `size` bytes written and
    deleted just before it, so it writes into memory freed a moment ago (see "Fairness" in
    bench/README.md: on this VM, memory left free for a second or two goes back to the host, and
    whoever writes into it next pays a host fault per page)."""
    primer, chunk = folder / "primer.bin", bytes(4 * MIB)
    with open(primer, "wb") as out:
        for _ in range(0, size, len(chunk)):
            out.write(chunk)
    primer.unlink()
    os.sync()


def run_ours(origin: str, url: str, folder: Path, size: int) -> tuple[float, int, str, int, int, Usage, float]:
    """Our download in a fresh process: (seconds, size, sha256, VmHWM before/after, its usage, whole process
    seconds).

    The child starts and warms up first; `sync` runs and the download begins only when it is
    ready, as curl's does right after its `sync` (see "Fairness" in bench/README.md). The whole
    process time leaves out that wait.
    """
    parent, child_end = mp.get_context("spawn").Pipe()
    child = mp.get_context("spawn").Process(target=_ours, args=(origin, url, str(folder), child_end))
    started = time.perf_counter()
    child.start()
    if not parent.poll(300) or parent.recv() != "ready":
        raise RuntimeError("our download process did not get ready")
    starting = time.perf_counter() - started
    settle(folder, size)
    started = time.perf_counter()
    parent.send("go")
    if not parent.poll(900):
        raise RuntimeError("our download process did not answer")
    result = parent.recv()
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(f"our download process exited {child.exitcode}")
    *measured, usage = result
    return (*measured, Usage(*usage), starting + time.perf_counter() - started)


def run_curl(url: str, folder: Path) -> tuple[float, int, str, float, Usage]:
    """curl to a file, then `sha256sum` on it: (curl seconds, size, sha256, sha256sum seconds, curl's usage)."""
    target = folder / "curl.bin"
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(["curl", "--silent", "--show-error", "--fail", "--output", str(target), url], check=True)
    seconds = time.perf_counter() - started
    usage = Usage.since(used, resource.getrusage(resource.RUSAGE_CHILDREN))
    started = time.perf_counter()
    digest = subprocess.run(["sha256sum", str(target)], check=True, capture_output=True, text=True).stdout.split()[0]
    hashing = time.perf_counter() - started
    size = target.stat().st_size
    target.unlink()
    return seconds, size, digest, hashing, usage


def spin() -> None:
    while True:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--busy", type=int, default=0, help="processes spinning on the CPU during the rounds")
    args = parser.parse_args()
    for tool in ("curl", "sha256sum"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed; it is the yardstick of this benchmark")
    size = args.size_mib * MIB

    curl_rates, our_rates, growth, whole = [], [], [], []  # whole: (ours, curl + sha256sum) seconds
    spinners = [mp.get_context("spawn").Process(target=spin, daemon=True) for _ in range(args.busy)]
    with EmulatorProcess() as emu, tempfile.TemporaryDirectory(prefix="bench-download-") as tmp:
        for spinner in spinners:
            spinner.start()
        url = f"{emu.origin}/files/blob/{size}.bin"
        folder = Path(tmp)
        try:
            for round_no in range(1, args.rounds + 1):
                curl_first = round_no % 2 == 1
                for tool in ("curl", "ours") if curl_first else ("ours", "curl"):
                    if tool == "curl":
                        settle(folder, size)
                        serving = emu.cpu_seconds()
                        c_seconds, c_size, c_sha, c_hash, c_usage = run_curl(url, folder)
                        c_serving = emu.cpu_seconds() - serving
                    else:
                        serving = emu.cpu_seconds()
                        ours = run_ours(emu.origin, url, folder, size)
                        o_seconds, o_size, o_sha, before, after, o_usage, o_whole = ours
                        o_serving = emu.cpu_seconds() - serving
                if (c_size, c_sha) != (o_size, o_sha) or o_size != size:
                    sys.exit(f"round {round_no}: the files differ (curl {c_size} {c_sha[:12]}, ours {o_size} "
                             f"{o_sha[:12]}); no figures from a run with errors")
                curl_rates.append(size / MIB / c_seconds)
                our_rates.append(size / MIB / o_seconds)
                growth.append((after - before) / 1024)
                whole.append((o_whole, c_seconds + c_hash))
                print(f"round {round_no}: curl {curl_rates[-1]:7.1f} MiB/s   ours {our_rates[-1]:7.1f} MiB/s   "
                      f"ratio {our_rates[-1] / curl_rates[-1]:.2f}   whole process {o_whole:.2f} s vs curl + "
                      f"sha256sum {c_seconds + c_hash:.2f} s   RSS growth {growth[-1]:.1f} MB "
                      f"({'curl' if curl_first else 'ours'} first)")
                print(f"         curl: {c_usage}, emulator {c_serving:.2f} s;  ours: {o_usage}, emulator "
                      f"{o_serving:.2f} s")
        except (subprocess.CalledProcessError, RuntimeError, OSError) as exc:
            sys.exit(f"a download failed ({exc}); no figures from a run with errors")
        finally:
            for spinner in spinners:
                spinner.kill()
    curl_median, ours_median = statistics.median(curl_rates), statistics.median(our_rates)
    ratios = [ours / curl for ours, curl in zip(our_rates, curl_rates)]
    ours_whole, pair_whole = statistics.median(o for o, _ in whole), statistics.median(c for _, c in whole)
    machine = f"[{machine_line()}{f', {args.busy} spinning' if args.busy else ''}]"
    print(f"file                 {args.size_mib} MiB, sha256 identical for curl and ours")
    print(f"curl (median)        {curl_median:.1f} MiB/s")
    print(f"ours (median)        {ours_median:.1f} MiB/s (hashes as it goes)")
    print(f"rate ratio           {ours_median / curl_median:.2f} x curl (of the medians; per round "
          f"{min(ratios):.2f}-{max(ratios):.2f})  target >= 0.8  {machine}")
    print(f"whole process        ours {ours_whole:.2f} s, curl + sha256sum {pair_whole:.2f} s: "
          f"{pair_whole / ours_whole:.2f} x as fast  target >= 1.0  {machine}")
    print(f"peak RSS growth      {max(growth):.1f} MB (worst round)  target <= 32 MB")
    missed = [m for m, bad in (("rate under 0.8x curl", ours_median / curl_median < 0.8),
                               ("slower than curl + sha256sum", pair_whole / ours_whole < 1.0),
                               ("RSS growth over 32 MB", max(growth) > 32)) if bad]
    for line in missed:
        print(f"TARGET MISSED: {line}")
    sys.exit(2 if missed else 0)


if __name__ == "__main__":
    main()
