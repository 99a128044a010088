"""The MCP bundle as a host runs it: `mcpb validate`, `mcpb pack`, unpack into an empty folder, and
start the manifest's `mcp_config` command there, its `${…}` variables filled in the way mcpb does,
in an environment where the project is not installed (uv builds it from the unpacked
pyproject.toml). Marked `smoke` (slow); skipped only when Node.js's `npx` is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters

from tests.paths import REPO
from tests.test_package import UV, clean_env

pytestmark = [pytest.mark.smoke,
              pytest.mark.skipif(shutil.which("npx") is None, reason="npx (Node.js) is needed to run @anthropic-ai/mcpb")]
MCPB = ["npx", "-y", "@anthropic-ai/mcpb@2.1.2"]
RUNS = {"manifest.json", "pyproject.toml", "README.md", "server", "skills"}  # the bundle holds only what runs
VIDEO = "https://cdn.example.com/clips/street.mp4"


def substitute(value: Any, variables: dict[str, str]) -> Any:
    """mcpb's variable replacement: each known `${name}` in every string, in the variables' order."""
    if isinstance(value, str):
        for name, replacement in variables.items():
            value = value.replace("${" + name + "}", replacement)
        return value
    if isinstance(value, list):
        return [substitute(v, variables) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, variables) for k, v in value.items()}
    return value


def _mcpb(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MCPB, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("bundle")
    validated = _mcpb("validate", str(REPO / "manifest.json"), cwd=work)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    packed = _mcpb("pack", str(REPO), str(work / "runcomfy-skills.mcpb"), cwd=work)
    assert packed.returncode == 0, packed.stdout + packed.stderr
    target = work / "unpacked"
    target.mkdir()
    with zipfile.ZipFile(work / "runcomfy-skills.mcpb") as archive:
        archive.extractall(target)
    return target


def test_the_bundle_holds_only_what_runs(unpacked: Path) -> None:
    assert {p.name for p in unpacked.iterdir()} == RUNS
    files = [p.relative_to(unpacked) for p in unpacked.rglob("*") if p.is_file()]
    assert not [f for f in files if "__pycache__" in f.parts or f.suffix == ".pyc"]
    assert Path("skills/face-swap/SKILL.md") in files and Path("server/runcomfy_skills/mcp/app.py") in files


@pytest.mark.anyio
async def test_the_manifest_command_serves_tools_and_asks_for_a_token_on_paid_calls(unpacked: Path,
                                                                                   tmp_path: Path) -> None:
    assert UV, "uv is missing: install the test extra (pip install -e '.[test]')"
    manifest = json.loads((unpacked / "manifest.json").read_text())
    home = tmp_path / "home"
    home.mkdir()
    bin_dir = tmp_path / "bin"  # uv alone on the path: nothing of this checkout's virtualenv
    bin_dir.mkdir()
    (bin_dir / "uv").symlink_to(UV)
    cache = subprocess.run([UV, "cache", "dir"], capture_output=True, text=True, check=True).stdout.strip()
    base = clean_env(home, UV_CACHE_DIR=cache)
    base["PATH"] = os.pathsep.join([str(bin_dir), base["PATH"]])
    assert subprocess.run(["python3", "-c", "import runcomfy_skills"], env=base, cwd=tmp_path,
                          capture_output=True).returncode != 0, "the project must not be installed here"

    # Variables in mcpb's order: the bundle's folder and system folders first, then user settings
    # (their defaults, as a user who set nothing, so no token).
    variables = {"__dirname": str(unpacked), "HOME": str(home)}
    variables.update({f"user_config.{k}": str(v.get("default", "")) for k, v in manifest["user_config"].items()})
    config = substitute(manifest["server"]["mcp_config"], variables)
    assert not re.search(r"\$\{(?!HOME\})", json.dumps(config)), config  # every variable was known
    command = shutil.which(config["command"], path=base["PATH"])
    assert command is not None
    params = StdioServerParameters(command=command, args=config["args"], env={**base, **config["env"]},
                                   cwd=str(tmp_path))
    async with Client(params, mode="legacy") as client:
        tools = {t.name for t in (await client.list_tools()).tools}
        plan = await client.call_tool("plan", {"request": "Remove the logo.", "assets": [{"url": VIDEO}]})
        paid = await client.call_tool("wan_2_7_edit_video", {"prompt": "Remove the logo.", "video": VIDEO})
    assert tools == {t["name"] for t in manifest["tools"]}
    assert plan.structured_content["route"] == "wan-ai/wan-2-7/edit-video"
    assert paid.is_error and paid.structured_content["error"]["code"] == 77
