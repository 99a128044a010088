"""HTTP/1.1 to the Model API on the stdlib `http.client`, one blocking request per worker thread.

Why not httpx: measured side by side against the emulator in its own process (3,000 status reads,
64 in flight, 2 cores), httpx spent 4.2-5.4 ms of our CPU per request and the SDK's fork httpx2
1.4-1.9 ms, where `http.client` on worker threads spent 0.38-0.55 ms and finished 4-10x sooner.
Downloads already use `http.client` (see `download.py`), so this is the project's one HTTP stack;
`mcp` keeps its own httpx2 for its transports, which we do not touch.

Connections are kept alive and reused, newest first. One idle for long, or one the server has
closed (it reads as ready with nothing to say), is dropped before use, so a request is never sent
into a connection already gone; what fails after sending is reported as `sent`, for the submit's
"never twice" rule. `close()` shuts every socket, idle or busy, so no thread stays blocked on a
read after the client is closed.
"""

from __future__ import annotations

import http.client
import json
import select
import socket
import ssl
import threading
import time
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import certifi

USER_AGENT = "runcomfy-skills/0.1"
MAX_IDLE_SECONDS = 4.0  # under the usual 5 s keep-alive of servers, so we never race their close


@cache
def tls_context() -> ssl.SSLContext:
    """Certificate checks against certifi's roots; built on first use, not at start-up (~30 ms)."""
    return ssl.create_default_context(cafile=certifi.where())


class TransportError(Exception):
    """No answer. `sent`: the request may have reached the server; `timeout`: it was a time-out."""

    def __init__(self, reason: str, *, sent: bool, timeout: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.sent, self.timeout = reason, sent, timeout


class Answer:
    """A whole response: status, lower-cased headers, body decoded as JSON when it is JSON, else text."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: dict[str, str], body: Any) -> None:
        self.status, self.headers, self.body = status, headers, body


class Transport:
    """Requests to one origin over a pool of kept-alive connections; every method is thread-safe."""

    def __init__(self, base_url: str, *, connect_timeout: float, read_timeout: float) -> None:
        parts = urlsplit(base_url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._connect_timeout, self._read_timeout = connect_timeout, read_timeout
        self._idle: list[tuple[float, http.client.HTTPConnection]] = []
        self._busy: set[http.client.HTTPConnection] = set()
        self._lock = threading.Lock()
        self._closed = False

    def request(self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None) -> Answer:
        """Send one request and read the whole answer (blocking; run it on a worker thread)."""
        payload = None if body is None else json.dumps(body).encode()
        sent_headers = {"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": "identity",
                        **(headers or {})}
        if payload is not None:
            sent_headers["Content-Type"] = "application/json"
        connection = self._take()
        keep = False
        try:
            try:
                if connection.sock is None:
                    connection.connect()
                    assert connection.sock is not None
                    connection.sock.settimeout(self._read_timeout)
            except (OSError, UnicodeError, http.client.HTTPException) as exc:
                raise TransportError(_reason(exc), sent=False, timeout=isinstance(exc, TimeoutError)) from None
            try:
                connection.request(method, self._prefix + path, body=payload, headers=sent_headers)
                response = connection.getresponse()
                raw = response.read()
            except (OSError, http.client.HTTPException) as exc:
                raise TransportError(_reason(exc), sent=True, timeout=isinstance(exc, TimeoutError)) from None
            keep = not response.will_close
            answer_headers = {k.lower(): v for k, v in response.getheaders()}
            return Answer(response.status, answer_headers, _decode(raw, answer_headers.get("content-type", "")))
        finally:
            self._give_back(connection, keep)

    def close(self) -> None:
        """Close idle connections and cut busy ones, so their threads return at once."""
        with self._lock:
            self._closed = True
            idle, busy = [c for _, c in self._idle], list(self._busy)
            self._idle.clear()
        for connection in idle:
            connection.close()
        for connection in busy:
            sock = connection.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass  # already closed

    # -- the pool ---------------------------------------------------------------------------------

    def _take(self) -> http.client.HTTPConnection:
        now = time.monotonic()
        with self._lock:
            if self._closed:
                raise TransportError("the client is closed", sent=False)
            while self._idle:
                since, connection = self._idle.pop()
                if now - since < MAX_IDLE_SECONDS and not _dropped(connection):
                    break
                connection.close()
            else:
                connection = self._new()
            self._busy.add(connection)
        return connection

    def _give_back(self, connection: http.client.HTTPConnection, keep: bool) -> None:
        with self._lock:
            self._busy.discard(connection)
            if keep and not self._closed and connection.sock is not None:
                self._idle.append((time.monotonic(), connection))
                return
        connection.close()

    def _new(self) -> http.client.HTTPConnection:
        if self._https:
            return http.client.HTTPSConnection(self._host, self._port, timeout=self._connect_timeout,
                                               context=tls_context())
        return http.client.HTTPConnection(self._host, self._port, timeout=self._connect_timeout)


def _dropped(connection: http.client.HTTPConnection) -> bool:
    """An idle kept-alive socket that reads as ready has been closed by the server (or sent junk)."""
    sock = connection.sock
    if sock is None:
        return True
    try:
        if hasattr(select, "poll"):  # poll, not select: a busy process has descriptors past select's 1024
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            return bool(poller.poll(0))
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


def _decode(raw: bytes, content_type: str) -> Any:
    text = raw.decode("utf-8", "replace")
    if "json" in content_type or text[:1] in ("{", "["):
        try:
            return json.loads(text)
        except ValueError:
            pass
    return text


def _reason(exc: BaseException) -> str:
    return "TimeoutError" if isinstance(exc, TimeoutError) else type(exc).__name__
