"""The catalog cache: a start reads what the documents said last time, and never a stale copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from runcomfy_skills.catalog.cache import CACHE_NAME, load_catalog_cached
from runcomfy_skills.catalog.skill_docs import load_catalog

from tests.paths import REPO


def _skills(tmp_path: Path) -> Path:
    target = tmp_path / "skills"
    shutil.copytree(REPO / "skills", target)
    return target


def test_a_cached_catalog_equals_the_parsed_one(tmp_path):
    skills = _skills(tmp_path)
    first = load_catalog_cached(tmp_path / "state", skills)
    assert (tmp_path / "state" / CACHE_NAME).is_file()
    assert load_catalog_cached(tmp_path / "state", skills) == first == load_catalog(skills)


def test_an_edited_document_is_parsed_afresh(tmp_path):
    skills = _skills(tmp_path)
    load_catalog_cached(tmp_path / "state", skills)
    doc = next(skills.glob("*/SKILL.md"))
    doc.write_text(doc.read_text(encoding="utf-8").replace("\n## ", "\n\nAn added line.\n\n## ", 1), encoding="utf-8")
    skill = next(s for s in load_catalog_cached(tmp_path / "state", skills).skills if s.path == doc)
    assert "An added line." in skill.text


def test_a_damaged_cache_is_rebuilt(tmp_path):
    skills = _skills(tmp_path)
    load_catalog_cached(tmp_path / "state", skills)
    cache = tmp_path / "state" / CACHE_NAME
    key = cache.read_bytes().partition(b"\n")[0]
    cache.write_bytes(key + b"\n{not json")
    assert load_catalog_cached(tmp_path / "state", skills) == load_catalog(skills)
    assert cache.read_bytes() != key + b"\n{not json"


def test_an_unwritable_cache_folder_only_costs_the_parse(tmp_path):
    skills = _skills(tmp_path)
    (tmp_path / "state").write_text("a file where the folder should be")
    assert load_catalog_cached(tmp_path / "state", skills) == load_catalog(skills)
