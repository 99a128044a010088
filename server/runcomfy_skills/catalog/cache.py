"""The parsed catalog kept on disk, so a server start reads one JSON file instead of parsing markdown,
YAML and JSON Schemas (and importing the libraries that do it) before it can answer `tools/list`.

The cache is keyed by the package version and the full text of every skill document, so an
edited SKILL.md or an upgrade is parsed afresh; a missing, stale or unreadable cache is simply
rebuilt. Writing it is best effort: a read-only folder only costs the parse.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pydantic import ValidationError

from runcomfy_skills import __version__
from runcomfy_skills.catalog.skill_docs import Catalog, catalog_of, skill_documents

CACHE_NAME = "catalog-cache.json"


def load_catalog_cached(cache_dir: Path, skills_dir: Path | str | None = None) -> Catalog:
    """`load_catalog`, from `cache_dir/catalog-cache.json` when that was made from the same documents."""
    documents = skill_documents(skills_dir)
    digest = hashlib.sha256(__version__.encode())
    for path, text in documents:
        digest.update(f"\0{path}\0{len(text)}\0".encode() + text.encode())
    key = digest.hexdigest()
    cache = Path(cache_dir) / CACHE_NAME
    try:
        stored_key, _, body = cache.read_bytes().partition(b"\n")
        if stored_key.decode() == key:
            return Catalog.model_validate_json(body)
    except (OSError, UnicodeError, ValueError, ValidationError):
        pass  # absent, damaged or from older code: parse the documents
    catalog = catalog_of(documents)
    try:
        cache.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temp = cache.with_name(f"{CACHE_NAME}.{os.getpid()}")
        temp.write_bytes(key.encode() + b"\n" + catalog.model_dump_json().encode())
        os.replace(temp, cache)
    except OSError:
        pass
    return catalog
