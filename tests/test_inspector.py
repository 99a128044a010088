"""The MCP Inspector's CLI lists our tools with the README's own command, on the Node.js the
machine has (20 in CI), and finds no schema-portability problem in them.

The Inspector declares no elicitation and speaks 2025-11-25: a minimal client. Marked `smoke`;
skipped only when `npx` or the README's virtualenv (made by the README's commands and CI) is missing.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess

import pytest

from tests.paths import REPO

README = (REPO / "README.md").read_text()
COMMAND = re.search(r"^npx -y @modelcontextprotocol/inspector@[\d.]+ --cli .*--method tools/list$", README, re.M)

pytestmark = [
    pytest.mark.smoke,
    pytest.mark.skipif(shutil.which("npx") is None, reason="npx (Node.js) is needed to run the MCP Inspector"),
    pytest.mark.skipif(not (REPO / ".venv" / "bin" / "runcomfy-skills").exists(),
                       reason="the README's command runs .venv/bin/runcomfy-skills; make it with the README's commands"),
]


def test_readme_inspector_command_lists_15_tools_without_portability_warnings(tmp_path) -> None:
    assert COMMAND, "the README no longer gives the Inspector command"
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNCOMFY")}
    env.update({"HOME": str(tmp_path), "RUNCOMFY_OUTPUT_DIR": str(tmp_path / "out"),
                "npm_config_cache": os.environ.get("npm_config_cache", os.path.expanduser("~/.npm"))})
    proc = subprocess.run(shlex.split(COMMAND.group(0)), cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    tools = json.loads(proc.stdout)["tools"]
    assert len(tools) == 15
    assert "Schema portability" not in proc.stderr, proc.stderr  # printed only when it finds something
