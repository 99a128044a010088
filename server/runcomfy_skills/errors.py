"""One error taxonomy for the CLI and the MCP tools.

Every failure that can reach a person or an agent is a `SkillError` carrying an exit code from
`ExitCode`. The CLI exits with that code; a tool returns an error result naming it. The message
says what was wrong, `hint` says how to fix it, `where` points at the offending field or file.
No message ever holds a traceback or the API token (see `redact`).
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """sysexits-style codes, shared with the RunComfy CLI the skills were written for."""

    OK = 0
    FAILED = 1  # the job itself failed or was cancelled upstream
    USAGE = 64  # bad arguments: unknown route, malformed command line or JSON
    DATA = 65  # bad input: schema mismatch (local or upstream 400/422), unknown model id on submit
    UNAVAILABLE = 69  # upstream 5xx or unreachable
    POLICY = 70  # refused by the consent gate / safety policy (needs_consent, refuse, reject_input)
    TEMPFAIL = 75  # retryable: timeout, 408, 429 after retries, outcome unknown
    NOPERM = 77  # not signed in, token rejected


class SkillError(Exception):
    """A failure with a code, a plain message, where it happened and how to fix it."""

    def __init__(
        self,
        code: ExitCode,
        message: str,
        *,
        hint: str = "",
        where: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = ExitCode(code)
        self.message = message
        self.hint = hint
        self.where = where
        self.details = details or {}

    def describe(self) -> str:
        """The one-paragraph text a person reads: what, where, and how to fix it."""
        parts = [self.message]
        if self.where:
            parts.append(f"(at {self.where})")
        text = " ".join(parts)
        if self.hint:
            text += f" {self.hint}"
        return redact(text)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": int(self.code),
            "kind": self.code.name.lower(),
            "message": redact(self.message),
            "where": self.where,
            "hint": redact(self.hint),
            **({"details": self.details} if self.details else {}),
        }

    def __str__(self) -> str:
        return self.describe()


# Anything that looks like a bearer credential is blanked before text leaves the process.
_SECRET_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"(?i)(\"?(?:access_token|token|authorization)\"?\s*[:=]\s*\"?)[^\s\",]{8,}"),
]
_known_secrets: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret so `redact` blanks it wherever it turns up."""
    if value and len(value) >= 4:
        _known_secrets.add(value)


def redact(text: str) -> str:
    for secret in _known_secrets:
        text = text.replace(secret, "***")
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + "***", text)
    return text
