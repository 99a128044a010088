"""Worker threads for the client's blocking HTTP calls, with as little event-loop work per call as possible.

Why not `anyio.to_thread.run_sync`: per call it makes a cancel scope, an event, a capacity-limiter
token and a hand-off through a lock-and-condition queue, and wakes the loop once per answer. At
thousands of jobs that was about a fifth of the event loop's CPU (py-spy, 2,000 jobs against the
emulator). Here a call is one future and one put on a C-level queue; answers that finish while the
loop is busy are delivered together, with one wake-up.

A cancelled caller does not wait for its thread: the call runs to its end (or is cut by closing
the transport) and its answer is dropped. The pool starts threads only while every thread is
busy, up to `size` (the client's requests in flight), and never runs more calls at once.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
_Call = tuple[Callable[..., Any], tuple[Any, ...], "asyncio.Future[Any]", asyncio.AbstractEventLoop]


class Workers:
    """`await workers.run(fn, *args)`: fn(*args) on one of at most `size` threads of this pool."""

    def __init__(self, size: int, name: str) -> None:
        self.size, self.name = max(1, size), name
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._unfinished = 0  # calls handed over and not yet done: a thread is started while they outnumber threads
        self._answers: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any, BaseException | None]]] = {}
        self._closed = False

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._lock:
            if self._closed:
                raise RuntimeError(f"{self.name} workers are closed")
            self._unfinished += 1
            grow = self._unfinished > self._threads < self.size
            self._threads += grow
        if grow:
            threading.Thread(target=self._work, name=f"{self.name}-worker", daemon=True).start()
        self._calls.put((fn, args, future, loop))
        return await future  # a cancelled await cancels the future; the answer is then dropped

    def close(self) -> None:
        """Let every thread end after its current call; calls already queued still run first."""
        with self._lock:
            self._closed = True
            threads = self._threads
        for _ in range(threads):
            self._calls.put(None)

    def _work(self) -> None:
        while (call := self._calls.get()) is not None:
            fn, args, future, loop = call
            try:
                answer, error = fn(*args), None
            except BaseException as exc:  # handed to the awaiting task, which raises it
                answer, error = None, exc
            with self._lock:
                self._unfinished -= 1
                pending = self._answers.setdefault(loop, [])
                pending.append((future, answer, error))
                wake = len(pending) == 1  # the loop is already due to collect a non-empty batch
            if wake:
                try:
                    loop.call_soon_threadsafe(self._deliver, loop)
                except RuntimeError:  # the loop has closed: nobody awaits these answers any more
                    with self._lock:
                        self._answers.pop(loop, None)

    def _deliver(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            batch = self._answers.pop(loop, [])
        for future, answer, error in batch:
            if future.done():  # its caller was cancelled
                continue
            if error is None:
                future.set_result(answer)
            else:
                future.set_exception(error)
