"""manifest.json is an MCP Bundle manifest whose tool list is the server's tool list."""

from __future__ import annotations

import json

from runcomfy_skills.mcp.tools import build_tools

from tests.paths import REPO


def _manifest() -> dict:
    return json.loads((REPO / "manifest.json").read_text())


def test_manifest_tools_equal_the_catalog_tools(catalog) -> None:
    assert [t["name"] for t in _manifest()["tools"]] == [t.name for t in build_tools(catalog)]


def test_manifest_token_is_a_sensitive_user_setting_passed_by_env() -> None:
    manifest = _manifest()
    token = manifest["user_config"]["runcomfy_token"]
    assert token["sensitive"] is True and token["type"] == "string"
    assert manifest["server"]["mcp_config"]["env"]["RUNCOMFY_TOKEN"] == "${user_config.runcomfy_token}"


def test_manifest_runs_the_python_server_entry_point() -> None:
    server = _manifest()["server"]
    assert server["type"] == "python"
    assert (REPO / server["entry_point"]).is_file()
    assert server["mcp_config"]["args"][-1] == "serve"
