"""Audit log of the consent gate: one JSON line per verdict in `<state_dir>/audit.jsonl`.

A line says when, where from, which route and skill, the verdict and its rule ids, and a sha256 of
the request text: never the text, never the token. Each line is written with a single `write` on a
descriptor opened with O_APPEND, so concurrent writers (the MCP server and a CLI run) never
interleave inside a line.
"""

from __future__ import annotations

import errno
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from runcomfy_skills.errors import ExitCode, SkillError, redact
from runcomfy_skills.policy.gate import Verdict, request_sha256

AUDIT_FILE = "audit.jsonl"


class AuditLog:
    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / AUDIT_FILE

    def _open(self) -> int:
        """The log opened for appending; its folder is made only when missing (not checked on every line)."""
        try:
            return os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except FileNotFoundError:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            return os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def record(self, verdict: Verdict, *, route: str | None, skill: str | None, text: str, source: str) -> None:
        """Append one line for this verdict; a log that cannot be written is an error, not a silent skip."""
        entry = {
            "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "source": source,
            "route": route,
            "skill": skill,
            "verdict": verdict.verdict,
            "rule_ids": list(verdict.rule_ids),
            "request_sha256": request_sha256(text),
        }
        line = (redact(json.dumps(entry, ensure_ascii=False, separators=(",", ":"))) + "\n").encode("utf-8")
        try:
            fd = self._open()
            try:
                written = os.write(fd, line)
                while written < len(line):  # a regular file takes it in one go; finish a short write anyway
                    written += os.write(fd, line[written:])
            finally:
                os.close(fd)
        except OSError as exc:
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            raise SkillError(
                ExitCode.TEMPFAIL if full else ExitCode.USAGE,
                f"Cannot write the audit log: {exc.strerror or exc}; nothing was submitted.",
                where=str(self.path),
                hint="Free space in the state folder, then try again." if full else
                "Make the state directory writable, or point the server at another one.",
            ) from None
