"""One error taxonomy for the CLI and the MCP tools.

Every failure that can reach a person or an agent is a `SkillError` carrying an exit code from
`ExitCode`. The CLI exits with that code; a tool returns an error result naming it. The message
says what was wrong, `hint` says how to fix it, `where` points at the offending field or file.
No message ever holds a traceback or the API token (see `redact`).
"""

from __future__ import annotations

import logging
import re
import threading
from enum import IntEnum
from typing import Any
from urllib.parse import quote, quote_plus


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
            "where": redact(self.where),
            "hint": redact(self.hint),
            **({"details": redact_data(self.details)} if self.details else {}),
        }

    def __str__(self) -> str:
        return self.describe()


# -- the one redactor ----------------------------------------------------------------------------
# Every string that leaves the process (tool results, logs, journal rows, audit lines, sidecars,
# file names) passes `redact`: it knows every secret registered (the token, userinfo of the API
# base) in the spellings an echo may use, and blanks anything shaped like a bearer credential.

_SECRET_PATTERNS = [
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,}"),
    re.compile(r"(?i)(\"?(?:access_token|token|authorization)\"?\s*[:=]\s*\"?)[^\s\",]{8,}"),
]
MASK = "***"
_known_secrets: tuple[str, ...] = ()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Remember a secret (and its URL-encoded spellings) so `redact` blanks it wherever it turns up."""
    global _known_secrets
    if not value or len(value) < 4:
        return
    forms = {value, quote(value, safe=""), quote_plus(value), quote(value)}
    with _lock:
        _known_secrets = tuple(sorted(set(_known_secrets) | forms, key=len, reverse=True))
    _install_log_redaction()


def redact(text: str) -> str:
    for secret in _known_secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    lowered = text.lower()
    if "bearer" in lowered or "token" in lowered or "authorization" in lowered:  # each pattern needs one of them
        for pattern in _SECRET_PATTERNS:
            text = pattern.sub(lambda m: m.group(1) + MASK, text)
    return text


def contains_secret(text: str) -> bool:
    """True when `text` holds a registered secret: such an upstream value is refused, not stored."""
    return any(secret in text for secret in _known_secrets)


def redact_data(value: Any) -> Any:
    """`redact` applied to every string (keys included) inside JSON-like data."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_data(k): redact_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_data(v) for v in value]
    return value


class _RedactedRecord(logging.LogRecord):
    """A log record whose message and traceback text are redacted, whatever handler prints it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.exc_info and not self.exc_text:
            self.exc_text = redact(logging.Formatter().formatException(self.exc_info))
        if self.stack_info:
            self.stack_info = redact(self.stack_info)

    def getMessage(self) -> str:  # noqa: N802 - logging's name
        return redact(super().getMessage())


def _install_log_redaction() -> None:
    if logging.getLogRecordFactory() is not _RedactedRecord:
        logging.setLogRecordFactory(_RedactedRecord)
