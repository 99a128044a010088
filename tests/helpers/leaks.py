"""Where a secret turns up in what the process wrote: file names, file bytes, captured text.

Shared by the security tests: point it at every folder the server writes (state, outputs) and
every text it emitted (tool results, logs), with a canary token, and expect nothing back.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, quote_plus


def spellings(secret: str) -> set[bytes]:
    """The secret as it could be stored: plain, URL-encoded, JSON-escaped (same bytes for tokens)."""
    return {s.encode() for s in {secret, quote(secret, safe=""), quote_plus(secret)}}


def leaks(secret: str, roots: Iterable[Path], texts: Iterable[str] = ()) -> list[str]:
    """Every place (path, or text number) where the secret appears; empty when none."""
    forms = spellings(secret)
    found = []
    for root in roots:
        if not root.exists():
            continue
        for path in [root, *root.rglob("*")]:
            if any(form.decode() in path.name for form in forms):
                found.append(f"file name {path}")
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                if any(form in data for form in forms):
                    found.append(f"contents of {path}")
    for i, text in enumerate(texts):
        if any(form.decode() in text for form in forms):
            found.append(f"text #{i}: {text[:200]!r}")
    return found
