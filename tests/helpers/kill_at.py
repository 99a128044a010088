"""Run the CLI and SIGKILL this very process at a named step of a job, for kill -9 tests.

Usage: kill_at.py QUALNAME[:return] -- CLI ARGS...

A profile hook (in every thread: the client's HTTP and the downloads run in worker threads) sees
each call into the package; at the first call of the function whose qualified name is QUALNAME
(or, with `:return`, its first return) it sends SIGKILL to its own process. Nothing of ours is
replaced or changed: the step runs for real up to that instant, as a crash there would leave it.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))  # run as a script from a checkout


def install(target: str) -> None:
    name, _, when = target.partition(":")
    event = "return" if when == "return" else "call"

    def hook(frame: Any, what: str, arg: Any) -> None:
        if (what == event and frame.f_code.co_qualname == name
                and frame.f_globals.get("__name__", "").startswith("runcomfy_skills")):
            os.kill(os.getpid(), signal.SIGKILL)

    threading.setprofile(hook)
    sys.setprofile(hook)


if __name__ == "__main__":
    target, separator, *argv = sys.argv[1:]
    assert separator == "--", __doc__
    from runcomfy_skills.cli import main  # imported first: the hook then costs only the run itself

    install(target)
    sys.exit(main(argv))
