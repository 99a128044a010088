"""The package as users install it: `python -m build`, a non-editable install into a fresh virtual
environment run from a folder outside the checkout, and `uvx --from <wheel>`.

Slow (a build and an install), so marked `smoke`: CI runs them; `-m "not smoke"` skips them.
The fresh environments are made with uv (from PyPI, in the test extra) because it installs in
seconds where pip takes more than a minute on a shared machine; both install the same wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest
from mcp import Client, StdioServerParameters

from runcomfy_skills import __version__
from tests.paths import REPO

pytestmark = pytest.mark.smoke
VIDEO = "https://cdn.example.com/clips/street.mp4"
UV = shutil.which("uv", path=sysconfig.get_path("scripts")) or shutil.which("uv")


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The user's environment without anything that points at this checkout or its virtualenv."""
    scripts = sysconfig.get_path("scripts")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("RUNCOMFY", "PYTHON", "VIRTUAL_ENV", "UV_PROJECT", "PYTEST"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and Path(p) != Path(scripts))
    env.update({"HOME": str(home), "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
                "RUNCOMFY_OUTPUT_DIR": str(home / "out"), **extra})
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--installer", "uv", "--outdir", str(out), str(REPO)], check=True, capture_output=True,
                   timeout=600)
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    [found] = dist.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert UV, "uv is missing: install the test extra (pip install -e '.[test]')"
    root = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([UV, "venv", "--quiet", "--python", sys.executable, str(root)], check=True, timeout=120)
    subprocess.run([UV, "pip", "install", "--quiet", "--python", str(root / "bin" / "python"), str(wheel)], check=True,
                   timeout=600)
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A working folder outside the checkout, with a home of its own."""
    (tmp_path / "work").mkdir()
    return tmp_path


def _cli(venv: Path, outside: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(venv / "bin" / "runcomfy-skills"), *args], cwd=outside / "work", env=clean_env(outside),
                          capture_output=True, text=True, timeout=180)


def test_sdist_and_wheel_hold_what_belongs(dist: Path, wheel: Path) -> None:
    [sdist] = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    assert {"README.md", "pyproject.toml", "manifest.json", "skills/face-swap/SKILL.md",
            "server/runcomfy_skills/cli.py", "tests/conftest.py"} <= names
    assert not {n for n in names if n.startswith(("bench/", ".ci/", ".venv/", ".git/")) or "__pycache__" in n}
    with zipfile.ZipFile(wheel) as archive:
        members = set(archive.namelist())
    assert {"runcomfy_skills/skills/face-swap/SKILL.md", "runcomfy_skills/skills/video-inpainting/SKILL.md",
            "runcomfy_skills/mcp/app.py"} <= members
    assert all(m.startswith(("runcomfy_skills/", f"runcomfy_skills-{__version__}.dist-info/")) for m in members)


def test_installed_package_lists_the_routes_from_outside_the_checkout(venv: Path, outside: Path) -> None:
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import runcomfy_skills; print(runcomfy_skills.__file__)"],
                           cwd=outside / "work", env=clean_env(outside), capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(venv)  # the installed copy, not the checkout
    proc = _cli(venv, outside, "routes")
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 8
    assert _cli(venv, outside, "--version").stdout.strip() == f"runcomfy-skills {__version__}"


def test_installed_package_completes_a_sandbox_run(venv: Path, outside: Path) -> None:
    body = '{"prompt": "Remove the watermark in the bottom-right corner.", "video": "%s"}' % VIDEO
    proc = _cli(venv, outside, "run", "wan-ai/wan-2-7/edit-video", "--sandbox", "--input", body, "--output-dir", "out")
    assert proc.returncode == 0, proc.stderr
    assert [p.suffix for p in (outside / "work" / "out").iterdir()] == [".mp4"]


def test_the_wheel_ships_the_concept_lexicon_compiled_and_current(wheel: Path, venv: Path, outside: Path) -> None:
    """Built by the wheel's build hook from the very concept files in the wheel: the installed server opens
    it instead of compiling some 57,000 terms (a stale or missing file would give None here)."""
    with zipfile.ZipFile(wheel) as archive:
        assert "runcomfy_skills/understanding/compiled_lexicon.json" in archive.namelist()
    probe = ("from runcomfy_skills.understanding import compiled, lexicon\n"
             "assert compiled.load() is not None, 'the shipped tables are not current'\n"
             "print(sorted(lexicon().read('quita el logo del video').concepts))")
    proc = subprocess.run([str(venv / "bin" / "python"), "-c", probe], cwd=outside / "work", env=clean_env(outside),
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "remove" in proc.stdout


@pytest.mark.anyio
async def test_installed_server_answers_over_stdio(venv: Path, outside: Path) -> None:
    params = StdioServerParameters(command=str(venv / "bin" / "runcomfy-skills"), args=["serve", "--sandbox"],
                                   env=clean_env(outside), cwd=str(outside / "work"))
    async with Client(params, mode="legacy") as client:
        info = client.server_info  # from the initialize answer
        tools = (await client.list_tools()).tools
    assert info is not None and (info.name, info.version) == ("runcomfy-skills", __version__)
    assert len(tools) == 15


def test_a_broken_skill_document_in_the_installed_package_names_file_and_line(venv: Path, outside: Path) -> None:
    [doc] = venv.glob("lib/python*/site-packages/runcomfy_skills/skills/face-swap/SKILL.md")
    original = doc.read_text()
    lines = original.splitlines()
    line = next(i for i, text in enumerate(lines) if text.strip() == "```yaml routing") + 1
    lines[line] = "tool: [this is not: valid"  # the first line inside the first route's routing block
    try:
        doc.write_text("\n".join(lines) + "\n")
        proc = _cli(venv, outside, "routes")
    finally:
        doc.write_text(original)
    assert proc.returncode == 65
    assert f"{doc}:{line}" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.anyio
async def test_uvx_runs_the_wheel_as_an_mcp_server(wheel: Path, outside: Path) -> None:
    assert UV, "uv is missing: install the test extra (pip install -e '.[test]')"
    cache = subprocess.run([UV, "cache", "dir"], capture_output=True, text=True, check=True).stdout.strip()
    params = StdioServerParameters(command=UV, args=["tool", "run", "--from", str(wheel), "runcomfy-skills", "serve",
                                                     "--sandbox"],
                                   env=clean_env(outside, UV_CACHE_DIR=cache), cwd=str(outside / "work"))
    async with Client(params, mode="legacy") as client:  # an initialize handshake, as older clients do
        tools = (await client.list_tools()).tools
        plan = await client.call_tool("plan", {"request": "Replace the sky with a sunset.", "assets": [{"url": VIDEO}]})
    assert len(tools) == 15 and plan.structured_content["route"] == "wan-ai/wan-2-7/edit-video"
