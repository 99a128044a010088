"""Safe downloads of result files: allowlisted hosts, bounded size, atomic files, no token.

Result links are public or pre-signed CDN URLs, so no credentials are ever sent. Every URL, and
every redirect hop, must pass `urls.download_url_problem`. Bytes stream in chunks through a
SHA-256 into a hidden temp file beside the destination; only a complete, fsynced file is renamed
to its final, never-overwriting name, and the temp file is removed on any failure, so a partial
download never looks like a result.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import mimetypes
import os
import re
import secrets
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urljoin, urlsplit

import anyio
import httpcore
import httpx
from pydantic import BaseModel

from .errors import ExitCode, SkillError, redact
from .urls import download_url_problem

log = logging.getLogger(__name__)

MAX_REDIRECTS = 5
READ_SIZE = 1024 * 1024
BATCH_BYTES = 2 * 1024 * 1024
_UNSAFE_CHARS = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_MAX_NAME = 120


class DownloadedFile(BaseModel):
    """One saved result file: where it is, where it came from, and what it holds."""

    path: Path
    url: str
    size: int
    sha256: str
    media_type: str


class _LargeReadStream(httpcore.AsyncNetworkStream):
    """Asks the socket for up to READ_SIZE bytes where httpcore asks for 64 KiB."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max(max_bytes, READ_SIZE), timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        return _LargeReadStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _LargeReadBackend(httpcore.AsyncNetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        return _LargeReadStream(await self._inner.connect_tcp(*args, **kwargs))

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        return _LargeReadStream(await self._inner.connect_unix_socket(*args, **kwargs))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def fast_transport() -> httpx.AsyncHTTPTransport:
    """An HTTP/1.1 transport reading 1 MiB at a time: large files download about twice as fast.

    httpcore offers no knob for its 64 KiB reads, but it takes a network backend; the pool is
    rebuilt with one (its other settings are httpx's defaults). Should httpx rename the pool
    attribute, downloads still work, only slower.
    """
    transport = httpx.AsyncHTTPTransport()
    transport._pool = httpcore.AsyncConnectionPool(  # noqa: SLF001 - see the docstring
        ssl_context=httpx.create_ssl_context(),
        max_connections=100,
        max_keepalive_connections=20,
        keepalive_expiry=5.0,
        network_backend=_LargeReadBackend(),
    )
    return transport


def safe_filename(url: str, media_type: str | None = None) -> str:
    """One safe path component from the URL's last segment; `output` when nothing usable is left.

    Percent-decoded separators (`..%2F..%2Fetc%2Fpasswd`) count as separators, so only the last
    part survives; unsafe characters become `_`; dot runs collapse so no `..` remains; leading
    dots go (no hidden files). A name without an extension gets one from the media type.
    """
    segment = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = re.split(r"[/\\]", segment)[-1]
    name = _UNSAFE_CHARS.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name).strip(" .")
    if name.split(".", 1)[0].lower() in _WINDOWS_RESERVED:
        name = f"_{name}"
    stem, ext = os.path.splitext(name)
    if len(name) > _MAX_NAME:
        ext = ext[:16]
        name = stem[: _MAX_NAME - len(ext)] + ext
    name = name or "output"
    if not ext and media_type and media_type != "application/octet-stream":
        name += mimetypes.guess_extension(media_type) or ""
    return name


def _fail(code: ExitCode, url: str, what: str, hint: str) -> SkillError:
    return SkillError(code, redact(f"Download of {url} failed: {what}."), hint=hint, details={"url": redact(url)})


_RETRY_HINT = "Nothing was saved; fetch the job result again to retry (result links stay valid for a while)."


def _too_big(url: str, what: str) -> SkillError:
    hint = "Raise the download cap if you expect files this large, or fetch the URL yourself."
    return _fail(ExitCode.DATA, url, what, hint)


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


def _reserve_final(output_dir: Path, name: str) -> Path:
    """Claim `name`, or `stem-1.ext`, `stem-2.ext`, … by exclusive creation, never overwriting."""
    stem, ext = os.path.splitext(name)
    for n in itertools.count():
        candidate = output_dir / (name if n == 0 else f"{stem}-{n}{ext}")
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            continue
        return candidate
    raise AssertionError("unreachable")


async def _open_following_redirects(
    http: httpx.AsyncClient, url: str, extra_origins: tuple[str, ...]
) -> httpx.Response:
    """GET `url` as a stream, following up to MAX_REDIRECTS hops, each checked against the allowlist."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        if problem := download_url_problem(current, extra_origins):
            where = "" if current == url else f" (redirected to {current})"
            raise _fail(
                ExitCode.DATA,
                url,
                f"refused to fetch{where}: the URL {problem}",
                "Result files are fetched only from RunComfy hosts (*.runcomfy.net, *.runcomfy.com) or an "
                "origin the operator allowed; open the link yourself if you trust it.",
            )
        request = http.build_request("GET", current, headers={"Accept-Encoding": "identity"})
        response = await http.send(request, stream=True, follow_redirects=False)
        if not response.has_redirect_location:
            return response
        await response.aclose()
        current = urljoin(current, response.headers["location"])
    raise _fail(ExitCode.DATA, url, f"more than {MAX_REDIRECTS} redirects", "The file host is misbehaving; try later.")


def _absorb(out: BinaryIO, digest: Any, batch: list[bytes]) -> None:
    start = out.tell()
    for chunk in batch:
        digest.update(chunk)
        out.write(chunk)
    if hasattr(os, "posix_fadvise"):
        # Start write-back of this batch now (and keep it out of the page cache), so the final
        # fsync has little left to wait for.
        out.flush()
        os.posix_fadvise(out.fileno(), start, out.tell() - start, os.POSIX_FADV_DONTNEED)


async def _receive_into(response: httpx.Response, out: BinaryIO, url: str, max_bytes: int) -> tuple[int, str]:
    """Stream the body into `out`: (size, sha256). Memory stays at a few batches whatever the size.

    The event loop receives while a worker thread hashes and writes the previous batch (both
    release the GIL), so hashing and disk writes overlap the network instead of following it.
    """
    digest, size = hashlib.sha256(), 0
    send, receive = anyio.create_memory_object_stream[list[bytes]](1)

    async def absorb() -> None:
        async with receive:
            async for batch in receive:
                await anyio.to_thread.run_sync(_absorb, out, digest, batch)

    try:
        async with anyio.create_task_group() as group:
            group.start_soon(absorb)
            async with send:
                batch: list[bytes] = []
                pending = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise _too_big(url, f"the file grew past the {max_bytes}-byte cap")
                    batch.append(chunk)
                    pending += len(chunk)
                    if pending >= BATCH_BYTES:
                        await send.send(batch)
                        batch, pending = [], 0
                if batch:
                    await send.send(batch)
    except BaseExceptionGroup as errors:  # anyio groups even a single failure; raise the failure itself
        first: BaseException = errors
        while isinstance(first, BaseExceptionGroup):
            first = first.exceptions[0]
        raise first from None
    return size, digest.hexdigest()


async def download_file(
    http: httpx.AsyncClient,
    url: str,
    output_dir: Path,
    *,
    extra_origins: tuple[str, ...] = (),
    max_bytes: int = 2 * 1024**3,
) -> DownloadedFile:
    """Fetch one URL into `output_dir`; raise SkillError (naming the URL) and leave no file on failure."""
    temp: Path | None = None
    try:
        response = await _open_following_redirects(http, url, extra_origins)
        try:
            if response.status_code != 200:
                raise _status_error(url, response.status_code)
            declared = response.headers.get("content-length")
            expected = int(declared) if declared and declared.isdigit() else None
            if expected is not None and expected > max_bytes:
                raise _too_big(url, f"the file is {expected} bytes, over the {max_bytes}-byte cap")
            media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            name = safe_filename(url, media_type or None)
            media_type = media_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
            temp = output_dir / f".{name}.part-{secrets.token_hex(6)}"
            with open(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666), "wb") as out:
                size, sha256 = await _receive_into(response, out, url, max_bytes)
                encoded = response.headers.get("content-encoding", "identity") != "identity"
                if expected is not None and not encoded and size != expected:
                    raise _fail(ExitCode.TEMPFAIL, url, f"got {size} of {expected} bytes", _RETRY_HINT)
                out.flush()
                await anyio.to_thread.run_sync(os.fsync, out.fileno())
        finally:
            await response.aclose()
        final = _reserve_final(output_dir, name)
        os.replace(temp, final)
        temp = None
        return DownloadedFile(path=final, url=url, size=size, sha256=sha256, media_type=media_type)
    except httpx.TransportError as exc:
        raise _fail(ExitCode.TEMPFAIL, url, f"the connection broke ({type(exc).__name__})", _RETRY_HINT) from None
    except OSError as exc:
        raise _fail(
            ExitCode.DATA, url, f"cannot write into {output_dir} ({exc.strerror})", "Check the output directory."
        ) from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


async def download_files(
    http: httpx.AsyncClient,
    urls: list[str],
    output_dir: Path,
    *,
    extra_origins: tuple[str, ...] = (),
    max_bytes: int = 2 * 1024**3,
    max_parallel: int = 4,
) -> list[DownloadedFile]:
    """Fetch every URL (at most `max_parallel` at once), in the order given.

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
    gate = anyio.Semaphore(max(1, max_parallel))
    saved: list[DownloadedFile | None] = [None] * len(urls)
    failures: list[SkillError | None] = [None] * len(urls)

    async def fetch(i: int, url: str) -> None:
        async with gate:
            try:
                saved[i] = await download_file(http, url, output_dir, extra_origins=extra_origins, max_bytes=max_bytes)
            except SkillError as exc:
                log.warning("%s", exc.describe())
                failures[i] = exc

    async with anyio.create_task_group() as group:
        for i, url in enumerate(urls):
            group.start_soon(fetch, i, url)
    done = [f for f in saved if f is not None]
    if first := next((e for e in failures if e is not None), None):
        first.details["saved"] = [str(f.path) for f in done]
        first.details["failed"] = sum(e is not None for e in failures)
        raise first
    return done
