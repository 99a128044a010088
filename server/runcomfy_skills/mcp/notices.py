"""Warnings the agent should act on reach the client, not only stderr.

While a tool call runs, the records this package logs from that call (at the level the client
asked for, `warning` unless it said otherwise) also go to the calling client as
`notifications/message`: a job that could not be cancelled and will be billed, a job still running
after the wait, a result download that was refused. The operator's stderr gets them as before.
Text passes the redactor, so the token never leaves in a notice.

Levels: on 2025-11-25 a client sets its level for the connection with `logging/setLevel`; on
2026-07-28 each request opts in through `_meta` (the SDK drops what was not asked for).

A job goes on after the call that started it has returned (the server follows it). What it logs
then, a refused download or a retry, still reaches a 2025-11-25 connection as a notice of the
connection (no request to relate it to). A 2026-07-28 request has ended by then and nothing can be
sent on it: those records stay on stderr, and the job's own view (`job_status`) tells the agent.
"""

from __future__ import annotations

import logging
import threading
import warnings
import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, get_args

import anyio
from anyio.abc import TaskGroup
from anyio.streams.memory import MemoryObjectSendStream
from mcp.server import ServerRequestContext
from mcp.shared.exceptions import MCPDeprecationWarning
from mcp.types import LOG_LEVEL_META_KEY, EmptyResult, LoggingLevel, SetLevelRequestParams
from mcp.types.version import is_version_at_least

from runcomfy_skills.errors import redact

PACKAGE_LOGGER = "runcomfy_skills"
DEFAULT_LEVEL: LoggingLevel = "warning"
# The client's scale (RFC 5424) on Python's: the three levels above critical act as critical.
_PYTHON_LEVEL = dict(zip(get_args(LoggingLevel), (logging.DEBUG, logging.INFO, 25, logging.WARNING, logging.ERROR,
                                                  logging.CRITICAL, logging.CRITICAL, logging.CRITICAL), strict=True))
_DRAIN_SECONDS = 2.0  # how long a cancelled call may still spend sending what it had to say

Notice = tuple[LoggingLevel, str, str]  # level, logger, text

# Logging is deprecated from 2026-07-28 on, but 2025-11-25 clients use it; we offer it on purpose.
warnings.filterwarnings("ignore", message="The logging capability is deprecated", category=MCPDeprecationWarning)


def client_level(levelno: int) -> LoggingLevel:
    for name in ("critical", "error", "warning", "info"):
        if levelno >= _PYTHON_LEVEL[name]:
            return name  # type: ignore[return-value]
    return "debug"


class ConnectionLevels:
    """The level each 2025-11-25 connection asked for with `logging/setLevel`.

    Keyed by the connection's `initialize` parameters, the one object every request of a
    connection shares; an entry goes when its connection does.
    """

    def __init__(self) -> None:
        self._levels: dict[int, LoggingLevel] = {}

    def level_for(self, ctx: ServerRequestContext[Any]) -> LoggingLevel | None:
        """The level notices go out at for this request; None when the client asked for none."""
        if is_version_at_least(ctx.protocol_version, "2026-07-28"):
            requested = (ctx.meta or {}).get(LOG_LEVEL_META_KEY)
            return requested if requested in _PYTHON_LEVEL else None
        return self._levels.get(id(ctx.session.client_params), DEFAULT_LEVEL)

    async def set_level(self, ctx: ServerRequestContext[Any], params: SetLevelRequestParams) -> EmptyResult:
        key = ctx.session.client_params
        if key is not None and id(key) not in self._levels:
            weakref.finalize(key, self._levels.pop, id(key), None)
        self._levels[id(key)] = params.level
        return EmptyResult()


@dataclass(frozen=True)
class _Outbox:
    send: MemoryObjectSendStream[Notice]
    threshold: int
    thread: int
    late: Callable[[Notice], None] | None  # where records go once the call has returned


_outbox: ContextVar[_Outbox | None] = ContextVar("runcomfy_skills_notice_outbox", default=None)


class _ToClient(logging.Handler):
    """Posts the records of the running tool call into its outbox (event-loop thread only)."""

    def emit(self, record: logging.LogRecord) -> None:
        box = _outbox.get()
        if box is None or record.levelno < box.threshold or threading.get_ident() != box.thread:
            return
        try:
            text = redact(record.getMessage())
        except Exception:  # a record that cannot be formatted is the operator's to read on stderr
            return
        notice: Notice = (client_level(record.levelno), record.name, text)
        try:
            box.send.send_nowait(notice)
        except anyio.WouldBlock:
            pass  # a call that floods its client loses the excess, never blocks
        except (anyio.BrokenResourceError, anyio.ClosedResourceError):
            if box.late is not None:  # the call is over: a task it started is still talking
                box.late(notice)


_HANDLER = _ToClient()


def install() -> None:
    """Attach the forwarding handler to the package logger (once) and let INFO records exist."""
    logger = logging.getLogger(PACKAGE_LOGGER)
    if _HANDLER not in logger.handlers:
        logger.addHandler(_HANDLER)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)


async def _send(ctx: ServerRequestContext[Any], notice: Notice, *, related: bool = True) -> None:
    level, logger, text = notice
    with suppress(Exception):  # best effort: a gone client must not fail the call
        await ctx.session.send_log_message(level, text, logger=logger,
                                           related_request_id=ctx.request_id if related else None)


class LateNotices:
    """Sends what a call's background tasks log after it returned, on the connection (2025-11-25)."""

    def __init__(self, group: TaskGroup) -> None:
        self._group = group

    def sender(self, ctx: ServerRequestContext[Any]) -> Callable[[Notice], None] | None:
        if is_version_at_least(ctx.protocol_version, "2026-07-28"):
            return None  # no open request to carry it; stderr and job_status have it

        def post(notice: Notice) -> None:
            with suppress(RuntimeError):  # the server is shutting down: stderr has it
                self._group.start_soon(lambda: _send(ctx, notice, related=False))
        return post


@asynccontextmanager
async def late_notices() -> AsyncIterator[LateNotices]:
    """A task group that outlives single calls, for notices sent after their call ended."""
    async with anyio.create_task_group() as group:
        yield LateNotices(group)
        group.cancel_scope.cancel()


@asynccontextmanager
async def forwarding(ctx: ServerRequestContext[Any], level: LoggingLevel | None,
                     late: LateNotices | None = None) -> AsyncIterator[None]:
    """Send this call's log records at `level` and above to its client while the body runs.

    The body must turn its errors into results (only cancellation may leave it); what a
    cancelled call had still to say is sent anyway, shielded and bounded in time. Records logged
    later by tasks the call started go through `late`, when given.
    """
    if level is None:
        yield
        return
    send, receive = anyio.create_memory_object_stream[Notice](max_buffer_size=64)
    token = _outbox.set(_Outbox(send, _PYTHON_LEVEL[level], threading.get_ident(),
                                late.sender(ctx) if late else None))

    async def deliver() -> None:
        async for notice in receive:
            await _send(ctx, notice)

    try:
        async with anyio.create_task_group() as group:
            group.start_soon(deliver)
            try:
                yield
            finally:
                _outbox.reset(token)
                send.close()  # deliver() sends what is queued, then ends
    finally:
        with anyio.CancelScope(shield=True), anyio.move_on_after(_DRAIN_SECONDS):
            while True:
                try:
                    await _send(ctx, receive.receive_nowait())
                except (anyio.WouldBlock, anyio.EndOfStream, anyio.ClosedResourceError):
                    break
        receive.close()
