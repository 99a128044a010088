"""kill -9 at every step of a job, then a restart: the job is collected (or, killed before any
answer to its submit, reported as unknown and never sent twice), nothing half-written stays, and a
face-swap output is never left without its label.

The CLI runs the job in a child process that SIGKILLs itself at a named step
(`tests/helpers/kill_at.py`); `runcomfy-skills result JOB` is the restart.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import REPO

KILL_AT = str(REPO / "tests" / "helpers" / "kill_at.py")
RESTYLE = ("lucy_edit_restyle", {"prompt": "Film noir look.", "video_url": "https://cdn.example.com/clips/a.mp4"})
FACE_SWAP = ("gpt_image_2_edit", {"prompt": "Replace the face in image 1 with the face from image 2.",
                                  "images": ["https://cdn.example.com/scene.jpg", "https://cdn.example.com/face.jpg"]})
# step → where the process dies (a function's qualified name; `:return` = just after it returned)
STEPS = {
    "submit": ("RunComfyClient.submit", RESTYLE),
    "after_request_id": ("JobRunner._journal_submitted:return", RESTYLE),
    "polling": ("RunComfyClient.status", RESTYLE),
    "mid_download": ("_Transfer._receive_small", RESTYLE),
    "before_sidecar": ("write_sidecar", FACE_SWAP),
}


def _env(emulator, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RUNCOMFY")}
    env.update({"HOME": str(tmp_path), "RUNCOMFY_SKILLS_STATE_DIR": str(tmp_path / "state"),
                "RUNCOMFY_TOKEN": emulator.token, "RUNCOMFY_API_BASE": emulator.base_url,
                "RUNCOMFY_DOWNLOAD_ORIGINS": emulator.origin, "PYTHONPATH": str(REPO / "server")})
    return env


def _cli(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "runcomfy_skills", *argv], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("step", list(STEPS))
def test_a_job_killed_at_this_step_is_collected_after_a_restart(emulator, tmp_path: Path, step: str) -> None:
    target, (tool, body) = STEPS[step]
    env, out = _env(emulator, tmp_path), tmp_path / "out"
    killed = subprocess.run([sys.executable, KILL_AT, target, "--", "run", tool, "--input", json.dumps(body),
                             "--output-dir", str(out), "--consent", "all", "--wait", "60"],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert killed.returncode == -9, f"the child was not killed at {target}: {killed.stderr[-500:]}"
    left = sorted(os.listdir(out)) if out.exists() else []
    if step == "mid_download":
        assert any(".part-" in name for name in left), left  # it did die with a half-written file

    [job] = json.loads(_cli(env, "jobs").stdout)["jobs"]
    restarted = _cli(env, "result", job["job_id"], "--wait", "60")
    view = json.loads(restarted.stdout)
    submits = emulator.submits()
    if step == "submit":  # no answer to the submit was ever seen: unknown, said so, never sent again
        assert restarted.returncode == 75 and view["state"] == "unknown", restarted.stderr
        assert "not sent again" in view["error"]["message"] and len(submits) <= 1
        return
    assert restarted.returncode == 0, restarted.stderr
    assert view["state"] == "completed" and view["files"] and len(submits) == 1
    for file in view["files"]:
        assert hashlib.sha256(Path(file["path"]).read_bytes()).hexdigest() == file["sha256"]
    names = sorted(os.listdir(out))
    assert not [n for n in names if n.startswith(".")], names  # no .part or temp file stays
    outputs = [n for n in names if not n.endswith(".provenance.json")]
    assert len(outputs) == len(view["files"]), names  # no second copy of an output stays behind
    if tool == FACE_SWAP[0]:
        assert all(f"{n}.provenance.json" in names for n in outputs), names  # every output keeps its label
