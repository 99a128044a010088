"""The lexicon's tables shipped compiled (`compiled_lexicon.json` beside the concept files), so a server
opens its lexicon in a fraction of the time compiling some 57,000 terms takes.

The file is plain JSON (no pickle: nothing in it is code), made by the wheel's build hook
(`server/hatch_build.py` calls `main`) and, in a
source checkout, on the first start after a change. Its first line is a fingerprint of everything the
tables are made from: the concept files, this package's code and the Unicode tables of the running
Python. Tables whose fingerprint differs are never used; the lexicon is then compiled from the files.
The YAML files stay the one source of truth.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import tempfile
import unicodedata
from pathlib import Path

from runcomfy_skills.understanding.matchers import Tables

log = logging.getLogger(__name__)

FORMAT = 1
HERE = Path(__file__).resolve().parent
SHIPPED = HERE / "compiled_lexicon.json"


def fingerprint(folder: Path = HERE) -> str:
    """A hash of what the tables are made from: every concept file and table, the package's code (how
    terms are folded and compiled), the Unicode version (how text is folded) and the file format."""
    digest = hashlib.sha256(f"format {FORMAT}; unicode {unicodedata.unidata_version}\n".encode())
    sources = [p for pattern in ("*.py", "concepts/*.yaml", "tables/*") for p in folder.glob(pattern)]
    for path in sorted(sources, key=lambda p: p.relative_to(folder).as_posix()):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(folder).as_posix()} {len(data)}\n".encode())
        digest.update(data)
    return digest.hexdigest()


def load(path: Path = SHIPPED) -> Tables | None:
    """The tables in `path` if they were made from the files as they are now, else None."""
    try:
        with path.open("rb") as file:
            header = json.loads(file.readline())
            if header != {"format": FORMAT, "fingerprint": fingerprint()}:
                log.info("%s is out of date: the concept lexicon is compiled from its files", path.name)
                return None
            tables: Tables = json.loads(file.read())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:  # unreadable or damaged: compiling is always possible
        log.warning("%s cannot be read (%s): the concept lexicon is compiled from its files", path, exc)
        return None
    return tables


def save(tables: Tables, path: Path = SHIPPED) -> bool:
    """Write the tables with the current fingerprint, whole or not at all (a new file moved into place).
    False where the package cannot be written to (an installed package owned by someone else)."""
    header = json.dumps({"format": FORMAT, "fingerprint": fingerprint()})
    body = json.dumps(tables, ensure_ascii=False, separators=(",", ":"))
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".compiled_lexicon.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(f"{header}\n{body}")
            os.chmod(temporary, 0o644)  # readable like the package's other files (mkstemp makes it private)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError as exc:
        log.debug("the compiled lexicon is not kept (%s)", exc)
        return False
    return True


def main(argv: list[str]) -> int:
    """Compile the shipped concept files into the file argv[0] (default: beside them); the build hook's
    entry point."""
    from runcomfy_skills.understanding.concept_files import compile_tables, load_files

    target = Path(argv[0]) if argv else SHIPPED
    if not save(compile_tables(load_files()), target):
        print(f"cannot write {target}", file=sys.stderr)
        return 1
    return 0
