"""The README's promises are checked against the code they describe."""

from __future__ import annotations

import re

from tests.paths import REPO

README = (REPO / "README.md").read_text()


def test_readme_routes_table_matches_the_catalog(catalog) -> None:
    table = README.split("<!-- routes:start -->", 1)[1].split("<!-- routes:end -->", 1)[0]
    rows = re.findall(r"^\| ([\w-]+) \| `([^`]+)` \| `([^`]+)` \|\s*(yes|)\s*\|$", table, re.M)
    expected = [(r.skill, r.model_id, r.tool, "yes" if r.is_default else "") for r in catalog.routes]
    assert rows == expected


def test_ci_runs_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text()
    assert "pip install -e '.[test]'" in README and "python -m pytest" in README
    assert "pip install --quiet -e '.[test]'" in ci and "python -m pytest" in ci


def test_readme_documents_every_exit_code() -> None:
    from runcomfy_skills.errors import ExitCode

    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", README, re.M), f"exit code {int(code)} is not in the README"


def test_readme_documents_every_setting_the_code_reads() -> None:
    names = set()
    for path in (REPO / "server" / "runcomfy_skills").rglob("*.py"):
        names |= set(re.findall(r'"(RUNCOMFY_[A-Z_]+)"', path.read_text()))
    assert names, "no settings found: the pattern no longer matches the code"
    missing = sorted(n for n in names if f"`{n}" not in README)
    assert missing == []
