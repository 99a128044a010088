"""Transport-level limits: every message gets an answer, and no message is unboundedly large.

The SDK's stdio reader turns a line it cannot parse (not JSON, or nested deeper than its parser's
limit of 200 levels) into an exception that the server drops without a word, so the client waits
forever. `AnsweringReadStream` answers such a line with a JSON-RPC parse error carrying the
request's id where it can be read. Over HTTP, `BodyLimit` refuses a body above
`MAX_MESSAGE_BYTES` (413) before it is parsed. What fits goes on to `call_tool`, which bounds the
arguments themselves (`runcomfy_skills.bounds`).
"""

from __future__ import annotations

import json
import logging
import re
from types import TracebackType
from typing import Any

from mcp.shared.message import SessionMessage
from mcp.types import INVALID_REQUEST, PARSE_ERROR, ErrorData, JSONRPCError
from pydantic import ValidationError

from runcomfy_skills.bounds import MAX_MESSAGE_BYTES, excerpt

log = logging.getLogger(__name__)

_ID = re.compile(r'"id"\s*:\s*(-?\d{1,15}|"(?:[^"\\]|\\.){0,200}")')
_EDGE = 2048  # where an id is looked for: the start and the end of a message


def request_id(raw: str | bytes) -> int | str | None:
    """The id of a message that could not be parsed, when it can be read at its start or end."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    found = _ID.search(text[:_EDGE]) or _ID.search(text[-_EDGE:])
    if found is None:
        return None
    try:
        value = json.loads(found.group(1))
    except ValueError:
        return None
    return value if isinstance(value, (int, str)) else None


def parse_error(raw: str | bytes | None, reason: str, code: int = PARSE_ERROR) -> JSONRPCError:
    return JSONRPCError(jsonrpc="2.0", id=request_id(raw) if raw else None,
                        error=ErrorData(code=code, message=f"{reason} (the message was not read)."))


def _raw_line(exc: Exception) -> str | None:
    """The line the SDK failed on: pydantic keeps it as the error's input."""
    if isinstance(exc, ValidationError) and exc.errors():
        raw = exc.errors()[0].get("input")
        return raw if isinstance(raw, str) else None
    return None


class AnsweringReadStream:
    """The SDK's read stream, with each unparsable line answered on `write` instead of dropped."""

    def __init__(self, inner: Any, write: Any) -> None:
        self._inner = inner
        self._write = write

    @property
    def last_context(self) -> Any:
        return getattr(self._inner, "last_context", None)

    async def _answer(self, exc: Exception) -> None:
        raw = _raw_line(exc)
        reason = ("Parse error: not JSON-RPC, or nested more than 200 levels deep" if raw is not None
                  else f"Parse error: {type(exc).__name__}")
        error = parse_error(raw, reason)
        log.warning("answered an unreadable message (id %s, %s) with a parse error",
                    excerpt(error.id), f"{len(raw):,} characters" if raw else "no text")
        await self._write.send(SessionMessage(error))

    async def receive(self) -> Any:
        while isinstance(item := await self._inner.receive(), Exception):
            await self._answer(item)
        return item

    async def __anext__(self) -> Any:
        while isinstance(item := await self._inner.__anext__(), Exception):
            await self._answer(item)
        return item

    def __aiter__(self) -> AnsweringReadStream:
        return self

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def __aenter__(self) -> AnsweringReadStream:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()


class BodyLimit:
    """ASGI middleware: a request body above `limit` bytes gets 413 and a JSON-RPC error, unread."""

    def __init__(self, app: Any, limit: int = MAX_MESSAGE_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send, b"")
            return
        body = bytearray()
        more = True
        while more:  # read it all (bounded), then hand the app a replay of it
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self._refuse(send, bytes(body[:_EDGE]))
                return
        replayed = False

        async def replay() -> dict[str, Any]:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Any, head: bytes) -> None:
        error = parse_error(head, f"Request too large: at most {self.limit:,} bytes per message", INVALID_REQUEST)
        payload = error.model_dump_json(by_alias=True, exclude_unset=True).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]})
        await send({"type": "http.response.body", "body": payload})
