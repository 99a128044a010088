"""Result file names: one safe path component per URL, claimed without ever overwriting.

Kept apart from the transfer (`download.py`) because naming is pure policy about paths, easy to
test on its own, and has nothing to do with sockets. Names are cut to a byte budget that leaves
room, under the file system's name limit, for the temp name, a `-N` and the provenance sidecar;
they pass the redactor, so an upstream that puts the token in a URL never gets it into a name.
Temp files carry the writer's pid, so a start-up can remove those of a process that died.
"""

from __future__ import annotations

import errno
import itertools
import mimetypes
import os
import re
import secrets
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from runcomfy_skills.errors import redact

_UNSAFE_CHARS = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_MAX_NAME = 120  # characters
_MAX_NAME_BYTES = 200  # UTF-8 bytes, under the usual 255-byte limit
_RESERVED_BYTES = 48  # ".<name>.provenance.json.<8 hex>.tmp", ".<name>.part-<pid>-<12 hex>", "-<n>"
_PART = re.compile(r"^\..+\.part-(?:(\d+)-)?[0-9a-f]{12}$")
_SIDECAR_TEMP = re.compile(r"^\..+\.provenance\.json\.[0-9a-f]{8}\.tmp$")
STALE_AFTER = 24 * 3600.0  # a temp file untouched this long is stale whoever wrote it
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS}


def name_budget(folder: Path) -> int:
    """How many UTF-8 bytes a result name may take in `folder` (file systems differ: eCryptfs has 143)."""
    try:
        limit = os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        limit = 255
    return max(16, min(_MAX_NAME_BYTES, limit - _RESERVED_BYTES))


def _cut(name: str, max_bytes: int) -> str:
    """Shorten `name` to `max_chars` characters and `max_bytes` UTF-8 bytes, keeping a short extension."""
    stem, ext = os.path.splitext(name)
    ext = ext[:16]
    if len(name) <= _MAX_NAME and len(name.encode()) <= max_bytes:
        return name
    room = max_bytes - len(ext.encode())
    stem = stem[: _MAX_NAME - len(ext)].encode()[:room].decode("utf-8", errors="ignore")
    return stem + ext


def part_name(name: str) -> str:
    """The hidden temp name a download is written under until it is complete."""
    return f".{name}.part-{os.getpid()}-{secrets.token_hex(6)}"


def safe_filename(url: str, media_type: str | None = None, *, max_bytes: int = _MAX_NAME_BYTES) -> str:
    """One safe path component from the URL's last segment; `output` when nothing usable is left.

    Percent-decoded separators (`..%2F..%2Fetc%2Fpasswd`) count as separators, so only the last
    part survives; unsafe characters become `_`; dot runs collapse so no `..` remains; leading
    dots go (no hidden files). A name without an extension gets one from the media type.
    """
    segment = redact(unquote(urlsplit(url).path.rsplit("/", 1)[-1]))
    name = re.split(r"[/\\]", segment)[-1]
    name = _UNSAFE_CHARS.sub("_", name)
    name = re.sub(r"\.{2,}", ".", name).strip(" .")
    if name.split(".", 1)[0].lower() in _WINDOWS_RESERVED:
        name = f"_{name}"
    name = _cut(name, max_bytes)
    ext = os.path.splitext(name)[1]
    name = name or "output"
    if not ext and media_type and media_type != "application/octet-stream":
        name += mimetypes.guess_extension(media_type) or ""
    return name


def publish(temp: Path, output_dir: Path, name: str) -> Path:
    """Give the finished temp file `name`, or `stem-1.ext`, `stem-2.ext`, …, never overwriting."""
    stem, ext = os.path.splitext(name)
    for n in itertools.count():
        candidate = output_dir / (name if n == 0 else f"{stem}-{n}{ext}")
        if _claim(temp, candidate):
            return candidate
    raise AssertionError("unreachable")


def _claim(temp: Path, candidate: Path) -> bool:
    """Move `temp` to `candidate` unless that name is taken (False).

    A hard link claims a free name atomically, with the whole file behind it at once. Renaming
    onto an exclusively created placeholder does the same where links are not supported (FAT,
    some network shares), but ext4 then writes the whole file back on the spot (0.26 s per GiB
    here), so it is only the fallback.
    """
    try:
        os.link(temp, candidate)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in _NO_LINKS:
            raise
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
        except FileExistsError:
            return False
        os.replace(temp, candidate)
        return True
    temp.unlink()
    return True


def clean_stale_temps(folders: list[Path], *, now: float | None = None) -> list[Path]:
    """Remove hidden temp files that a dead process left (download parts, sidecar temps).

    A part whose writer's pid is gone goes at once; any temp untouched for STALE_AFTER seconds goes
    whoever wrote it (a part from another host, or from before parts carried a pid). Returns what
    was removed. Only our own temp-name shapes are touched, and never a directory or a symlink.
    """
    now = time.time() if now is None else now
    removed = []
    for folder in dict.fromkeys(folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            part, sidecar = _PART.match(entry.name), _SIDECAR_TEMP.match(entry.name)
            if not (part or sidecar) or not entry.is_file(follow_symlinks=False):
                continue
            try:
                old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_AFTER
            except OSError:
                continue
            orphan = part is not None and part.group(1) is not None and not pid_alive(int(part.group(1)))
            if old or orphan:
                try:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
                except OSError:
                    continue
    return removed


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this host (True when we may not ask)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
