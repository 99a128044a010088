"""Start `runcomfy-skills serve --transport http` as a real process and wait until it answers."""

from __future__ import annotations

import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(proc: subprocess.Popen[bytes], port: int, host: str = "127.0.0.1", timeout: float = 30.0) -> None:
    """Return once `host:port` accepts connections; fail if the process exits or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            assert time.monotonic() < deadline and proc.poll() is None, "HTTP server did not start"
            time.sleep(0.2)
