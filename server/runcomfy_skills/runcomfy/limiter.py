"""One limit on the requests this process sends to the Model API, shared by every job.

Why: a batch of thousands of jobs must not become a storm against RunComfy, and on our side an
unbounded crowd of requests makes every layer below (connection pool, sockets, the event loop)
slower per request than the crowd is worth. Two numbers bound it: requests in flight at once, and
requests started per second (evenly spaced, no burst). A 429 pauses every request of the process,
not only the one that got it, for its `Retry-After` (or one second when the answer gave none).
File downloads do not pass here: they go to file hosts, not to the API.
"""

from __future__ import annotations

from types import TracebackType

import anyio

DEFAULT_MAX_IN_FLIGHT = 32
DEFAULT_PER_SECOND = 25.0
DEFAULT_PAUSE = 1.0  # after a 429 that names no Retry-After


class RequestLimiter:
    """`async with limiter.slot():` around each API request; `limiter.pause(s)` after a 429."""

    def __init__(self, max_in_flight: int = DEFAULT_MAX_IN_FLIGHT, per_second: float = DEFAULT_PER_SECOND) -> None:
        if max_in_flight < 1 or per_second <= 0:
            raise ValueError("a request limit needs at least one request in flight and a positive rate")
        self.max_in_flight = max_in_flight
        self.per_second = per_second
        # fast_acquire: a free slot is taken without a trip round the event loop (a cancel scope and a
        # wake-up per request at thousands of jobs); the request itself yields soon enough.
        self._slots = anyio.Semaphore(max_in_flight, fast_acquire=True)
        self._interval = 1.0 / per_second
        self._next_start = 0.0  # the loop clock time at which the next request may start
        self._paused_until = 0.0

    def slot(self) -> RequestLimiter:
        """`async with limiter.slot():` waits for a free slot and for this request's turn in the
        rate, then holds the slot (the limiter is its own context manager: no generator per request)."""
        return self

    async def __aenter__(self) -> None:
        await self._slots.acquire()
        try:
            await self._turn()
        except BaseException:
            self._slots.release()
            raise

    async def __aexit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        self._slots.release()

    async def _turn(self) -> None:
        while True:
            now = anyio.current_time()
            start = max(now, self._next_start, self._paused_until)
            self._next_start = start + self._interval  # reserved before sleeping: callers queue in order
            if start <= now:
                return
            await anyio.sleep(start - now)
            if self._paused_until <= anyio.current_time():
                return  # no 429 arrived while we waited: our reserved turn has come

    def pause(self, seconds: float | None) -> None:
        """RunComfy asked us to slow down: hold every request until `seconds` from now."""
        wait = DEFAULT_PAUSE if seconds is None else max(0.0, seconds)
        self._paused_until = max(self._paused_until, anyio.current_time() + wait)
