"""One large output through our downloader vs `curl`, same URL, same run, to disk.

    python bench/bench_download.py [--size-mib 1024] [--rounds 5]

The emulator (separate process) streams the file from its blob endpoint. Each round runs curl
and our downloader (`RunComfyClient.download_outputs`, which also hashes with SHA-256 and
links the file into place) in a fresh child process, into the same temporary folder; the order
alternates between rounds and `sync` runs before each download, so neither inherits the other's
disk write-back. Memory: the child reads its peak resident set (VmHWM) after a 1 MiB warm-up
download and again after the big one; the difference is what the download itself added (the
warm-up has already paid for imports and the first worker threads). Files are deleted after
each download. Targets: ≥ 0.8× curl's rate, ≤ 32 MB growth.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.emulator_process import EmulatorProcess  # noqa: E402

MIB = 1024 * 1024


def vm_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/self/status")


def _ours(origin: str, url: str, folder: str, answer: mp.Queue) -> None:
    """Child process: warm up, note the peak RSS, download, note it again."""
    import anyio

    from runcomfy_skills.runcomfy.client import RunComfyClient

    async def go() -> tuple[float, int, str, int, int]:
        async with RunComfyClient("unused", download_origins=(origin,)) as client:
            [warm] = await client.download_outputs([f"{origin}/files/blob/{MIB}.bin"], Path(folder))
            warm.path.unlink()
            before = vm_kib("VmHWM")
            started = time.perf_counter()
            [file] = await client.download_outputs([url], Path(folder))
            seconds = time.perf_counter() - started
            after = vm_kib("VmHWM")
            file.path.unlink()
            return seconds, file.size, file.sha256, before, after

    answer.put(anyio.run(go))


def run_ours(origin: str, url: str, folder: Path) -> tuple[float, int, str, int, int]:
    context = mp.get_context("spawn")
    answer = context.Queue()
    child = context.Process(target=_ours, args=(origin, url, str(folder), answer))
    child.start()
    result = answer.get(timeout=900)
    child.join()
    return result


def run_curl(url: str, folder: Path) -> tuple[float, int, str]:
    target = folder / "curl.bin"
    started = time.perf_counter()
    subprocess.run(["curl", "--silent", "--show-error", "--fail", "--output", str(target), url], check=True)
    seconds = time.perf_counter() - started
    digest = hashlib.sha256()
    with open(target, "rb") as handle:
        while chunk := handle.read(4 * MIB):
            digest.update(chunk)
    size = target.stat().st_size
    target.unlink()
    return seconds, size, digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("curl") is None:
        sys.exit("curl is not installed; it is the yardstick of this benchmark")
    size = args.size_mib * MIB

    curl_rates, our_rates, growth = [], [], []
    with EmulatorProcess() as emu, tempfile.TemporaryDirectory(prefix="bench-download-") as tmp:
        url = f"{emu.origin}/files/blob/{size}.bin"
        folder = Path(tmp)
        for round_no in range(1, args.rounds + 1):
            curl_first = round_no % 2 == 1
            for tool in ("curl", "ours") if curl_first else ("ours", "curl"):
                os.sync()
                if tool == "curl":
                    c_seconds, c_size, c_sha = run_curl(url, folder)
                else:
                    o_seconds, o_size, o_sha, before, after = run_ours(emu.origin, url, folder)
            if (c_size, c_sha) != (o_size, o_sha) or o_size != size:
                sys.exit(f"round {round_no}: the files differ (curl {c_size} {c_sha[:12]}, ours {o_size} {o_sha[:12]})")
            curl_rates.append(size / MIB / c_seconds)
            our_rates.append(size / MIB / o_seconds)
            growth.append((after - before) / 1024)
            print(
                f"round {round_no}: curl {curl_rates[-1]:7.1f} MiB/s   ours {our_rates[-1]:7.1f} MiB/s   "
                f"ratio {our_rates[-1] / curl_rates[-1]:.2f}   peak RSS growth {growth[-1]:.1f} MB "
                f"(VmHWM {before / 1024:.1f} -> {after / 1024:.1f} MB, {'curl' if curl_first else 'ours'} first)"
            )
    curl_median, ours_median = statistics.median(curl_rates), statistics.median(our_rates)
    ratios = [ours / curl for ours, curl in zip(our_rates, curl_rates)]
    print(f"file                 {args.size_mib} MiB, sha256 identical for curl and ours")
    print(f"curl (median)        {curl_median:.1f} MiB/s")
    print(f"ours (median)        {ours_median:.1f} MiB/s (hashes as it goes)")
    print(f"ratio                {ours_median / curl_median:.2f} x curl (of the medians)  target >= 0.8")
    print(f"ratio per round      {min(ratios):.2f} to {max(ratios):.2f}, median {statistics.median(ratios):.2f}")
    print(f"peak RSS growth      {max(growth):.1f} MB (worst round)  target <= 32 MB")


if __name__ == "__main__":
    main()
