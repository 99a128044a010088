"""Small, valid, deterministic media files for the sandbox emulator.

The emulator hands out result URLs like the real API does, so the bytes behind them must be real
media: a PNG a viewer opens and an MP4 whose box structure a parser accepts. Both are built from
first principles (zlib + struct) so no imaging library is needed. `blob` yields a large body in
fixed chunks for download benchmarks without ever holding it in memory.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BLOB_CHUNK = 1024 * 1024
_BLOB_PATTERN = bytes(range(256)) * (BLOB_CHUNK // 256)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 16, height: int = 16, seed: int = 0) -> bytes:
    """An 8-bit RGB PNG with a gradient that depends on `seed` (so files differ by content)."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type 0 (None) for every scanline
        for x in range(width):
            row += bytes(((x * 16 + seed) % 256, (y * 16 + seed * 7) % 256, (seed * 31) % 256))
        rows.append(bytes(row))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # depth 8, colour type RGB
    return (
        PNG_SIGNATURE
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _png_chunk(b"IEND", b"")
    )


def _box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4(duration_ms: int = 1000, payload_bytes: int = 1024) -> bytes:
    """An ISO base-media file: `ftyp`, a `moov` holding a movie header, and an `mdat`."""
    ftyp = _box(b"ftyp", b"isom" + struct.pack(">I", 0x200) + b"isomiso2mp41")
    matrix = struct.pack(">9I", 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000)
    mvhd = _box(
        b"mvhd",
        struct.pack(">B3xIIII", 0, 0, 0, 1000, duration_ms)  # version 0, times, timescale, duration
        + struct.pack(">IH10x", 0x00010000, 0x0100)  # rate 1.0, volume 1.0, reserved
        + matrix
        + bytes(24)  # pre_defined
        + struct.pack(">I", 2),  # next track id
    )
    mdat = _box(b"mdat", (_BLOB_PATTERN * (payload_bytes // len(_BLOB_PATTERN) + 1))[:payload_bytes])
    return ftyp + _box(b"moov", mvhd) + mdat


def blob(n_bytes: int, chunk_size: int = BLOB_CHUNK) -> Iterator[bytes]:
    """`n_bytes` of a repeating byte pattern, in chunks of at most `chunk_size` (≤ 1 MiB)."""
    chunk = _BLOB_PATTERN[: min(chunk_size, BLOB_CHUNK)]
    full, rest = divmod(n_bytes, len(chunk))
    for _ in range(full):
        yield chunk
    if rest:
        yield chunk[:rest]
