"""What every benchmark prints next to its ratios: the cores it ran on and how busy they were."""

from __future__ import annotations

import os
from pathlib import Path


def machine_line() -> str:
    """`cores 2, load 3.41 2.90 2.75 (1/5/15 min)`: a ratio measured under load is read with that in mind."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    one, five, fifteen = os.getloadavg()
    return f"cores {cores}, load {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min)"


def vm_kib(field: str, pid: int | str = "self") -> int:
    """A `Vm*` figure of a process in KiB (VmHWM = peak resident set, VmRSS = now)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not in /proc/{pid}/status")
