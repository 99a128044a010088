"""Safe downloads of result files: allowlisted hosts, bounded size, atomic files, no token.

Result links are public or pre-signed CDN URLs, so no credentials are ever sent (the request has
no Authorization header at all). Every URL, and every redirect hop, must pass
`urls.check_download_url`. Bytes go into a hidden temp file beside the destination; only a
complete file gets its final, never-overwriting name, and the temp file is removed on any
failure or cancellation, so a partial download never looks like a result.

Transfer: each file has a worker thread speaking HTTP/1.1 through the stdlib `http.client`, the
project's one HTTP stack (see `transport.py`; httpx/h11 copied every body byte about three times
and reached a third of curl's rate). It reads the body with `readinto` into 4 MiB buffers, and two
more threads hash (SHA-256) and write each filled buffer (`sink.py`, into blocks reserved for the
declared size), so receiving, hashing and writing overlap (all three release the GIL) and memory
stays at three buffers (12 MiB) whatever the size. The
buffer size matters more than the thread layout: side by side on 2 cores next to the emulator
(512 MiB, 6 interleaved rounds, load 4.4), 1 MiB buffers spent 1.35-1.96 s of CPU and ran at
0.55-0.69x curl's rate, 2 MiB 0.82-0.90 s and 0.91x, 4 MiB 0.61-0.84 s and 1.08-1.39x; with 4 MiB,
three threads beat hashing on the receiving thread and hashing on the writing thread in CPU.

Durability: no fsync. The final name appears only for a whole file, so a crashed process leaves
no partial result; after a power loss a file may be short, and the job journal (`jobs.py`)
re-checks size and SHA-256 of saved files on every collect and fetches again what is missing or
changed. An fsync would cost more than that repair: on ext4 here it capped a 1 GiB download at
the disk's ~360 MB/s, and an fsync of just the directory still flushed the data (0.7 s per GiB).
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import logging
import mimetypes
import os
import socket
import threading
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urljoin, urlsplit

import anyio
from pydantic import BaseModel

from runcomfy_skills.errors import ExitCode, SkillError, redact
from runcomfy_skills.runcomfy.filenames import name_budget, part_name, publish, safe_filename
from runcomfy_skills.runcomfy.sink import BUFFER_SIZE, Pipeline, reserve
from runcomfy_skills.runcomfy.transport import USER_AGENT, tls_context
from runcomfy_skills.urls import UrlCheck, check_download_url

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 120.0
_REDIRECTS = {301, 302, 303, 307, 308}
_ASCII_PRINTABLE = "".join(map(chr, range(0x21, 0x7F)))


class DownloadedFile(BaseModel):
    """One saved result file: where it is, where it came from, and what it holds."""

    path: Path
    url: str
    size: int
    sha256: str
    media_type: str


def _fail(code: ExitCode, url: str, what: str, hint: str) -> SkillError:
    return SkillError(code, redact(f"Download of {url} failed: {what}."), hint=hint, details={"url": redact(url)})


_RETRY_HINT = "Nothing was saved; fetch the job result again to retry (result links stay valid for a while)."


def _too_big(url: str, what: str) -> SkillError:
    hint = "Raise the download cap if you expect files this large, or fetch the URL yourself."
    return _fail(ExitCode.DATA, url, what, hint)


def _broken(url: str, exc: BaseException) -> SkillError:
    if isinstance(exc, TimeoutError):
        return _fail(ExitCode.TEMPFAIL, url, "the file host did not answer in time", _RETRY_HINT)
    return _fail(ExitCode.TEMPFAIL, url, f"the connection to the file host failed ({type(exc).__name__})", _RETRY_HINT)


def _status_error(url: str, status: int) -> SkillError:
    if status in (408, 429):
        return _fail(ExitCode.TEMPFAIL, url, f"the file host answered HTTP {status} (busy)", _RETRY_HINT)
    if status >= 500:
        return _fail(ExitCode.UNAVAILABLE, url, f"the file host answered HTTP {status}", _RETRY_HINT)
    return _fail(
        ExitCode.DATA,
        url,
        f"the file host answered HTTP {status}",
        "The link may have expired or is not public; fetch the job result again for fresh links.",
    )


class ByteBudget:
    """The bytes one job may still download, shared by its parallel transfers (thread-safe)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._spent = 0
        self._lock = threading.Lock()

    @property
    def remaining(self) -> int:
        return self.limit - self._spent

    def spend(self, n: int) -> bool:
        """Count `n` more bytes; False once the job is past its cap."""
        with self._lock:
            self._spent += n
            return self._spent <= self.limit

    def refund(self, n: int) -> None:
        """Give back the bytes of a file that was not kept."""
        with self._lock:
            self._spent -= n


class _Stopped(Exception):
    """The awaiting task was cancelled; the worker unwinds and removes what it wrote."""


class _Transfer:
    """One download, run on a worker thread; `abort()` (any thread) stops it within one read."""

    def __init__(
        self, url: str, output_dir: Path, extra_origins: tuple[str, ...], max_bytes: int, read_timeout: float,
        budget: ByteBudget | None = None,
    ) -> None:
        self.url, self.output_dir, self.extra_origins = url, output_dir, extra_origins
        self.max_bytes, self.read_timeout, self.budget = max_bytes, read_timeout, budget
        self._spent = 0  # bytes taken from the budget, given back unless the file is kept
        self._lock = threading.Lock()
        self._stopped = False
        self._connection: http.client.HTTPConnection | None = None
        self._owned: Path | None = None  # the temp file being written, then the final file
        self._done = threading.Event()

    # -- worker side ----------------------------------------------------------------------

    def run(self) -> DownloadedFile:
        try:
            return self._fetch()
        finally:
            self._hang_up()
            self._done.set()

    def _hang_up(self) -> None:
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _fetch(self) -> DownloadedFile:
        response = self._open()
        url = self.url
        if response.status != 200:
            raise _status_error(url, response.status)
        if response.getheader("content-encoding", "identity").strip().lower() != "identity":
            hint = "The file host ignored `Accept-Encoding: identity`; fetch the URL yourself."
            raise _fail(ExitCode.DATA, url, "the file host sent it compressed though asked not to", hint)
        declared = response.getheader("content-length")
        expected = int(declared) if declared and declared.isdigit() else None
        if expected is not None and expected > self.max_bytes:
            raise _too_big(url, f"the file is {expected} bytes, over the {self.max_bytes}-byte cap")
        if expected is not None and self.budget is not None and expected > self.budget.remaining:
            raise _too_big(url, f"the file is {expected} bytes, over what is left of the job's "
                                f"{self.budget.limit}-byte cap")
        media_type = (response.getheader("content-type") or "").split(";")[0].strip().lower()
        name = safe_filename(url, media_type or None, max_bytes=name_budget(self.output_dir))
        media_type = media_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        temp = self.output_dir / part_name(name)
        try:
            with self._lock:
                self._check_stop()
                fd = os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
                self._owned = temp
            with open(fd, "wb") as out:
                small = expected is not None and expected <= BUFFER_SIZE
                if expected is not None and not small:
                    reserve(fd, expected)
                size, sha256 = self._receive_small(response, out) if small else self._receive(response, out)
            if expected is not None and size != expected:
                raise _fail(ExitCode.TEMPFAIL, url, f"got {size} of {expected} bytes", _RETRY_HINT)
            with self._lock:
                self._check_stop()
                final = publish(temp, self.output_dir, name)
                self._owned = final
        except OSError as exc:
            what = f"cannot write into {self.output_dir} ({exc.strerror})"
            full = exc.errno in (errno.ENOSPC, errno.EDQUOT)
            hint = "Free space in the output folder, then collect the job again." if full else "Check the output directory."
            raise _fail(ExitCode.TEMPFAIL if full else ExitCode.DATA, url, what, hint) from None
        finally:
            if self._owned == temp and self.budget is not None:
                self.budget.refund(self._spent)  # not kept: its bytes do not count against the job
            if self._owned == temp:
                temp.unlink(missing_ok=True)
                self._owned = None
        return DownloadedFile(path=final, url=url, size=size, sha256=sha256, media_type=media_type)

    def _check_stop(self) -> None:
        if self._stopped:
            raise _Stopped

    def _open(self) -> http.client.HTTPResponse:
        """GET the URL, following up to MAX_REDIRECTS hops, each checked against the allowlist."""
        current = self.url
        for _ in range(MAX_REDIRECTS + 1):
            check = check_download_url(current, self.extra_origins)
            problem = check.problem
            if problem is None and check.scheme not in ("http", "https"):
                problem = f"uses {check.scheme}: scheme; only http(s) can be fetched"
            if problem:
                where = "" if current == self.url else f" (redirected to {current})"
                raise _fail(
                    ExitCode.DATA,
                    self.url,
                    f"refused to fetch{where}: the URL {problem}",
                    "Result files are fetched only from RunComfy hosts (*.runcomfy.net, *.runcomfy.com) or an "
                    "origin the operator allowed; open the link yourself if you trust it.",
                )
            response = self._request(check)
            location = response.getheader("location")
            if response.status not in _REDIRECTS or not location:
                return response
            self._hang_up()
            try:
                current = urljoin(current, location)
            except ValueError:  # a Location no URL parser accepts: refused below like any bad hop
                current = location
        raise _fail(
            ExitCode.DATA, self.url, f"more than {MAX_REDIRECTS} redirects", "The file host is misbehaving; try later."
        )

    def _request(self, check: UrlCheck) -> http.client.HTTPResponse:
        """One GET on a new connection: headers read, body not.

        The connection is registered (for `abort`) only once connected: a connect cannot be
        interrupted, so a cancelled worker still connecting is not waited for; it sees the stop
        flag right after and sends nothing.
        """
        # Connect to the host as the URL policy normalised it, so what was checked is what is reached.
        host, port, parts = check.host, check.port, urlsplit(check.url)
        if check.scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                host, port, timeout=CONNECT_TIMEOUT, context=tls_context()
            )
        else:
            connection = http.client.HTTPConnection(host, port, timeout=CONNECT_TIMEOUT)
        target = quote(parts.path or "/", safe=_ASCII_PRINTABLE)
        if parts.query:
            target += "?" + quote(parts.query, safe=_ASCII_PRINTABLE)
        try:
            connection.connect()
            assert connection.sock is not None
            connection.sock.settimeout(self.read_timeout)
            with self._lock:
                self._check_stop()
                self._connection = connection
            connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
            return connection.getresponse()
        except _Stopped:
            connection.close()
            raise
        except (OSError, UnicodeError, http.client.HTTPException) as exc:  # UnicodeError: a host IDNA rejects
            connection.close()
            self._check_stop()
            raise _broken(self.url, exc) from None

    def _receive(self, response: http.client.HTTPResponse, out: BinaryIO) -> tuple[int, str]:
        """Read the body through the pipeline: (size, sha256). Stops past the cap or on abort."""
        pipeline, size = Pipeline(out), 0
        try:
            while True:
                self._check_stop()
                view = pipeline.buffer()
                try:
                    n = response.readinto(view)
                except (OSError, http.client.HTTPException) as exc:
                    self._check_stop()
                    raise _broken(self.url, exc) from None
                if not n:
                    break
                size += n
                self._count(size, n)
                pipeline.put(view[:n])
            self._check_stop()
        finally:
            pipeline.close()
        return size, pipeline.digest.hexdigest()

    def _receive_small(self, response: http.client.HTTPResponse, out: BinaryIO) -> tuple[int, str]:
        """A body declared at most one buffer long (most results): read, hash and write it on this
        thread, without the pipeline's two threads, which would cost more than the work."""
        self._check_stop()
        try:
            data = response.read()  # exactly Content-Length bytes, or IncompleteRead
        except (OSError, http.client.HTTPException) as exc:
            self._check_stop()
            raise _broken(self.url, exc) from None
        self._count(len(data), len(data))
        out.write(data)
        return len(data), hashlib.sha256(data).hexdigest()

    def _count(self, size: int, n: int) -> None:
        """`n` more bytes received, `size` in all: stop past the file's or the job's cap."""
        if size > self.max_bytes:
            raise _too_big(self.url, f"the file grew past the {self.max_bytes}-byte cap")
        if self.budget is not None:
            self._spent += n
            if not self.budget.spend(n):
                raise _too_big(self.url, f"the job's files grew past its {self.budget.limit}-byte cap")

    # -- caller side ------------------------------------------------------------------------

    def abort(self) -> bool:
        """Ask the worker to stop and shut its socket, so a blocked read returns at once.

        True when the worker is on a connection or holds a file: it stops within one read, and
        the caller should wait for that. False when it is still connecting (see `_request`).
        """
        with self._lock:
            self._stopped = True
            connection, busy = self._connection, self._connection is not None or self._owned is not None
        sock = connection.sock if connection is not None else None
        if sock is not None:
            try:
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass  # closed meanwhile: nothing left to interrupt
        return busy

    async def cancel(self) -> None:
        """Abort, wait for a busy worker to finish, and remove a file it completed too late."""
        if self.abort():
            while not self._done.is_set():
                await anyio.sleep(0.005)
            if self._owned is not None:
                self._owned.unlink(missing_ok=True)


async def download_file(
    url: str,
    output_dir: Path,
    *,
    extra_origins: tuple[str, ...] = (),
    max_bytes: int = 2 * 1024**3,
    read_timeout: float = READ_TIMEOUT,
    limiter: anyio.CapacityLimiter | None = None,
    budget: ByteBudget | None = None,
) -> DownloadedFile:
    """Fetch one URL into `output_dir`; raise SkillError (naming the URL) and leave no file on failure.

    If the awaiting task is cancelled, the cancellation goes on only once the worker has stopped
    and its file is gone, so no transfer keeps writing behind the caller's back.
    """
    transfer = _Transfer(url, output_dir, extra_origins, max_bytes, read_timeout, budget)
    try:
        return await anyio.to_thread.run_sync(transfer.run, abandon_on_cancel=True, limiter=limiter)
    except anyio.get_cancelled_exc_class():
        with anyio.CancelScope(shield=True):
            await transfer.cancel()
        raise


async def download_files(
    urls: list[str],
    output_dir: Path,
    *,
    extra_origins: tuple[str, ...] = (),
    max_bytes: int = 2 * 1024**3,
    max_parallel: int = 4,
    read_timeout: float = READ_TIMEOUT,
    budget: ByteBudget | None = None,
) -> list[DownloadedFile]:
    """Fetch every URL (at most `max_parallel` at once, on threads of their own), in the order given.

    Every file is attempted; if any fails, the first failure (in URL order) is raised and its
    details list the files that were saved, so nothing fetched is forgotten.
    """
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SkillError(
            ExitCode.DATA,
            f"Cannot use {output_dir} as the output directory ({exc.strerror or type(exc).__name__}).",
            where=str(output_dir),
            hint="Pass a directory you can write to.",
        ) from None
    # A limiter of our own: long transfers never take the threads other work gets from anyio.
    limiter = anyio.CapacityLimiter(max(1, max_parallel))
    saved: list[DownloadedFile | None] = [None] * len(urls)
    failures: list[SkillError | None] = [None] * len(urls)

    async def fetch(i: int, url: str) -> None:
        try:
            saved[i] = await download_file(
                url, output_dir, extra_origins=extra_origins, max_bytes=max_bytes, read_timeout=read_timeout,
                limiter=limiter, budget=budget,
            )
        except SkillError as exc:
            log.warning("%s", exc.describe())
            failures[i] = exc

    if len(urls) == 1:  # most results: no task group (a task and a cancel scope per file at thousands of jobs)
        await fetch(0, urls[0])
    else:
        async with anyio.create_task_group() as group:
            for i, url in enumerate(urls):
                group.start_soon(fetch, i, url)
    done = [f for f in saved if f is not None]
    if first := next((e for e in failures if e is not None), None):
        first.details["saved"] = [str(f.path) for f in done]
        first.details["failed"] = sum(e is not None for e in failures)
        raise first
    return done
