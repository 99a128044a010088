"""Result file names: one safe path component per URL, claimed without ever overwriting.

Kept apart from the transfer (`download.py`) because naming is pure policy about paths, easy to
test on its own, and has nothing to do with sockets.
"""

from __future__ import annotations

import errno
import itertools
import mimetypes
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_UNSAFE_CHARS = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]')
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_MAX_NAME = 120
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS}


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
