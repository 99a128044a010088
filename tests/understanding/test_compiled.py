"""The lexicon shipped compiled (understanding/compiled.py): the same lexicon as the concept files compiled,
and never used once it no longer matches them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runcomfy_skills.understanding import compiled, lexicon
from runcomfy_skills.understanding.concept_files import compile_tables, load_files
from runcomfy_skills.understanding.lexicon import Lexicon
from tests.paths import REPO

TEXTS = [json.loads(line)["request"] for name in ("route_cases.jsonl", "gate_cases.jsonl")
         for line in (REPO / "tests" / "data" / "dev" / name).read_text(encoding="utf-8").splitlines()[::7]
         if line.strip()]


@pytest.fixture(scope="module")
def tables() -> dict:
    return compile_tables(load_files())


def test_the_tables_written_and_read_back_make_the_same_lexicon(tables: dict, tmp_path: Path) -> None:
    path = tmp_path / "compiled_lexicon.json"
    assert compiled.save(tables, path)
    loaded = compiled.load(path)
    assert loaded == json.loads(json.dumps(tables))
    fresh, shipped = Lexicon.from_tables(tables), Lexicon.from_tables(loaded)
    assert set(shipped.concepts) == set(fresh.concepts) == set(lexicon().concepts)
    for text in TEXTS:
        expected = fresh.read(text)
        got = shipped.read(text)
        assert (got.hits, got.languages) == (expected.hits, expected.languages), text


def test_tables_made_from_other_files_or_code_are_not_used(tables: dict, tmp_path: Path) -> None:
    path = tmp_path / "compiled_lexicon.json"
    compiled.save(tables, path)
    header, body = path.read_text(encoding="utf-8").split("\n", 1)
    stale = json.dumps({**json.loads(header), "fingerprint": "0" * 64})
    path.write_text(f"{stale}\n{body}", encoding="utf-8")
    assert compiled.load(path) is None


def test_a_damaged_or_missing_file_is_compiled_around(tables: dict, tmp_path: Path) -> None:
    path = tmp_path / "compiled_lexicon.json"
    compiled.save(tables, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: len(text) // 2], encoding="utf-8")  # cut short, as by a full disk
    assert compiled.load(path) is None
    assert compiled.load(tmp_path / "absent.json") is None


def test_the_fingerprint_follows_every_concept_file(tmp_path: Path) -> None:
    """One changed word in any concept file gives another fingerprint (a copy of the package's folder)."""
    folder = tmp_path / "understanding"
    for source in [*compiled.HERE.glob("*.py"), *compiled.HERE.glob("concepts/*.yaml"), *compiled.HERE.glob("tables/*")]:
        target = folder / source.relative_to(compiled.HERE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    assert compiled.fingerprint(folder) == compiled.fingerprint()
    concept = sorted(folder.glob("concepts/*.yaml"))[-1]
    concept.write_text(concept.read_text(encoding="utf-8").replace("a", "b", 1), encoding="utf-8")
    assert compiled.fingerprint(folder) != compiled.fingerprint()
