"""Who follows a job: the owner ids the journal's leases name, and whether such an owner still runs.

Split from the journal, which stores the leases: this is only how an owner is named and judged.
"""

from __future__ import annotations

import os
import socket
import uuid

from runcomfy_skills.runcomfy.filenames import pid_alive

_OWN_OWNERS: set[str] = set()  # owner ids made by this process: same pid, other id = a dead predecessor


def new_owner_id() -> str:
    """host:pid:nonce — the pid lets a restarted process reclaim a dead one's jobs at once."""
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    _OWN_OWNERS.add(owner)
    return owner


def owner_alive(owner: str) -> bool:
    """False only when the owner ran on this host and its process is gone; else trust the lease."""
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or parts[0] != socket.gethostname() or not parts[1].isdigit():
        return True
    pid = int(parts[1])
    if pid == os.getpid():  # a restarted container often gets its old pid back
        return owner in _OWN_OWNERS
    return pid_alive(pid)
