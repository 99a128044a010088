"""The API transport against small socket servers that misbehave the way real ones can."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from runcomfy_skills.runcomfy.transport import Transport, TransportError

BODY = b'{"ok": true}'
OK = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(BODY), BODY)


@contextmanager
def server(handle: Callable[[socket.socket, int], None]) -> Iterator[tuple[str, list[int]]]:
    """A loopback server calling `handle(conn, n)` for the n-th connection; yields its URL and the count."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted: list[int] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(len(accepted))
            threading.Thread(target=handle, args=(conn, accepted[-1]), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/v1", accepted
    finally:
        listener.close()


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return b""
        data += chunk
    return data


def test_a_kept_alive_connection_serves_the_next_request() -> None:
    def keep_alive(conn: socket.socket, n: int) -> None:
        while read_request(conn):
            conn.sendall(OK)

    with server(keep_alive) as (url, accepted):
        transport = Transport(url, connect_timeout=2, read_timeout=2)
        answers = [transport.request("GET", "/requests/r/status").body for _ in range(3)]
        transport.close()
    assert answers == [{"ok": True}] * 3 and len(accepted) == 1


def test_a_connection_the_server_closed_while_idle_is_never_sent_into() -> None:
    """A submit sent into a dead kept-alive connection would have an unknown outcome; it must get a fresh one."""
    def answer_once_then_close(conn: socket.socket, n: int) -> None:
        read_request(conn)
        conn.sendall(OK)  # says keep-alive (HTTP/1.1, no Connection: close) ...
        conn.close()  # ... and closes anyway, as a server whose keep-alive timer ran out does

    with server(answer_once_then_close) as (url, accepted):
        transport = Transport(url, connect_timeout=2, read_timeout=2)
        transport.request("GET", "/a")
        time.sleep(0.05)
        assert transport.request("POST", "/models/x/y", {"prompt": "p"}).body == {"ok": True}
        transport.close()
    assert len(accepted) == 2


def test_a_server_that_never_answers_is_a_timeout_after_sending() -> None:
    with server(lambda conn, n: (read_request(conn), time.sleep(2))) as (url, _):
        transport = Transport(url, connect_timeout=2, read_timeout=0.3)
        with pytest.raises(TransportError) as caught:
            transport.request("POST", "/models/x/y", {"prompt": "p"})
    assert caught.value.sent and caught.value.timeout


def test_a_refused_connection_sent_nothing() -> None:
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    transport = Transport(f"http://127.0.0.1:{port}/v1", connect_timeout=2, read_timeout=2)
    with pytest.raises(TransportError) as caught:
        transport.request("POST", "/models/x/y", {"prompt": "p"})
    assert not caught.value.sent and not caught.value.timeout


def test_close_cuts_a_request_waiting_on_a_silent_server_at_once() -> None:
    with server(lambda conn, n: (read_request(conn), time.sleep(5))) as (url, _):
        transport = Transport(url, connect_timeout=2, read_timeout=30)
        failures: list[TransportError] = []

        def call() -> None:
            try:
                transport.request("GET", "/requests/r/status")
            except TransportError as exc:
                failures.append(exc)

        worker = threading.Thread(target=call)
        worker.start()
        time.sleep(0.2)
        transport.close()
        worker.join(timeout=3)
    assert not worker.is_alive() and len(failures) == 1 and failures[0].sent
