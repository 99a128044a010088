"""Wheel build hook: the wheel ships the concept lexicon compiled (see runcomfy_skills/understanding/compiled.py).

Runs `runcomfy_skills.understanding.compiled.main` on the package source being built, in a process of its
own, and places the file it writes beside the concept files in the wheel. An editable install has no
such file; it compiles the lexicon on first use and keeps the tables in the source folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TARGET = "runcomfy_skills/understanding/compiled_lexicon.json"


class CompiledLexiconHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._folder = tempfile.mkdtemp(prefix="runcomfy-lexicon-")
        out = Path(self._folder) / "compiled_lexicon.json"
        env = {**os.environ, "PYTHONPATH": str(Path(self.root) / "server")}
        compile_into = "import sys; from runcomfy_skills.understanding.compiled import main; sys.exit(main(sys.argv[1:]))"
        subprocess.run([sys.executable, "-c", compile_into, str(out)], check=True, env=env)
        build_data["force_include"][str(out)] = TARGET

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if getattr(self, "_folder", None):
            shutil.rmtree(self._folder, ignore_errors=True)
