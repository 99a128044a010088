"""Who is calling, and how much one caller may do at once.

Over HTTP the bearer check (`http.py`) puts the authenticated principal in the request's ASGI
scope; jobs are owned by it, and a client sees only its own. Each HTTP client (its principal, else
its MCP session, else its address) has at most `max_calls_per_client` tool calls in progress, so
one client's burst cannot take every worker and wait slot from the others; over stdio and in
memory there is one local client and no cap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mcp.server import ServerRequestContext

from runcomfy_skills.errors import ExitCode, SkillError

PRINCIPAL_KEY = "runcomfy_skills.principal"  # where http.py puts the principal in the ASGI scope


def _scope(ctx: ServerRequestContext[Any]) -> dict[str, Any] | None:
    scope = getattr(ctx.request, "scope", None)
    return scope if isinstance(scope, dict) else None


def principal_of(ctx: ServerRequestContext[Any]) -> str | None:
    """The authenticated client of an HTTP request; None for stdio, in memory and unauthenticated HTTP."""
    scope = _scope(ctx)
    return scope.get(PRINCIPAL_KEY) if scope is not None else None


def _client_key(ctx: ServerRequestContext[Any]) -> str | None:
    scope = _scope(ctx)
    if scope is None:
        return None
    if principal := scope.get(PRINCIPAL_KEY):
        return f"principal:{principal}"
    headers = dict(scope.get("headers") or [])
    if session := headers.get(b"mcp-session-id"):
        return f"session:{session.decode('latin-1')}"
    client = scope.get("client")
    return f"address:{client[0]}" if client else "address:?"


class CallSlots:
    """A cap on the tool calls one HTTP client has in progress; beyond it a call is refused (75)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._busy: Counter[str] = Counter()

    @contextmanager
    def slot(self, ctx: ServerRequestContext[Any]) -> Iterator[None]:
        key = _client_key(ctx)
        if key is None:
            yield
            return
        if self._busy[key] >= self.limit:
            raise SkillError(
                ExitCode.TEMPFAIL,
                f"This client already has {self._busy[key]} calls in progress (at most {self.limit}).",
                hint="Wait for one to return, then call again; long jobs return a job_id to collect later.",
            )
        self._busy[key] += 1
        try:
            yield
        finally:
            self._busy[key] -= 1
            if not self._busy[key]:
                del self._busy[key]
