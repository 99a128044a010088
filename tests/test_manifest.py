"""manifest.json is an MCP Bundle manifest whose tools and version are the server's own."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from mcp import Client

from runcomfy_skills import __version__
from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.mcp.tools import build_tools
from runcomfy_skills.settings import Settings

from tests.paths import REPO


def _manifest() -> dict:
    return json.loads((REPO / "manifest.json").read_text())


def test_manifest_tools_equal_the_catalog_tools(catalog) -> None:
    assert [t["name"] for t in _manifest()["tools"]] == [t.name for t in build_tools(catalog)]


def test_manifest_token_is_an_optional_sensitive_setting_passed_by_env() -> None:
    manifest = _manifest()
    token = manifest["user_config"]["runcomfy_token"]
    assert token["sensitive"] is True and token["type"] == "string"
    # A host skips a bundle whose required setting is missing; without a token the server still
    # plans and answers paid calls with 77, so the token is optional and defaults to empty (= unset).
    assert token["required"] is False and token["default"] == ""
    assert manifest["server"]["mcp_config"]["env"]["RUNCOMFY_TOKEN"] == "${user_config.runcomfy_token}"


def test_manifest_lets_uv_install_the_server_from_pyproject() -> None:
    server = _manifest()["server"]
    assert server["type"] == "uv"
    assert (REPO / server["entry_point"]).is_file()
    config = server["mcp_config"]
    assert [config["command"], *config["args"]] == ["uv", "run", "--directory", "${__dirname}", "runcomfy-skills", "serve"]


@pytest.mark.anyio
async def test_one_version_for_the_package_the_cli_the_server_and_the_bundle(catalog, tmp_path) -> None:
    cli = subprocess.run([sys.executable, "-m", "runcomfy_skills", "--version"], cwd=REPO, capture_output=True,
                         text=True, check=True)
    settings = Settings(state_dir=tmp_path / "state", output_root=tmp_path / "out")
    async with Client(create_server(settings, catalog), mode="legacy") as client:
        server_info = client.server_info
    assert cli.stdout.strip() == f"runcomfy-skills {__version__}"
    assert server_info is not None and server_info.version == __version__
    assert _manifest()["version"] == __version__
