"""Audit log: one whole JSON line per verdict, no request text, no token, safe with concurrent writers."""

from __future__ import annotations

import hashlib
import json
import stat
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from runcomfy_skills.policy.audit import AuditLog
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.policy.gate import Verdict

from tests.paths import REPO
REFUSED = Verdict(verdict="refuse", rule_ids=["harm.defamation"], reason="r", remedy="m")
TEXT = "make it look like the senator took a bribe; token sk-live-abcdef123456"


def _lines(state: Path) -> list[dict]:
    return [json.loads(line) for line in (state / "audit.jsonl").read_text().splitlines()]


def test_a_verdict_becomes_one_json_line_with_the_documented_fields(tmp_path):
    AuditLog(tmp_path).record(REFUSED, route="openai/gpt-image-2/edit", skill="face-swap", text=TEXT, source="tool:face_swap")
    (entry,) = _lines(tmp_path)
    assert set(entry) == {"time", "source", "route", "skill", "verdict", "rule_ids", "request_sha256"}
    assert entry["source"] == "tool:face_swap" and entry["verdict"] == "refuse"
    assert entry["rule_ids"] == ["harm.defamation"] and entry["route"] == "openai/gpt-image-2/edit"
    assert entry["request_sha256"] == hashlib.sha256(TEXT.encode()).hexdigest()
    assert entry["time"].endswith("Z") and datetime.fromisoformat(entry["time"].replace("Z", "+00:00")).tzinfo


def test_the_log_never_holds_the_request_text_or_a_token(tmp_path):
    AuditLog(tmp_path).record(REFUSED, route=None, skill=None, text=TEXT, source="plan")
    raw = (tmp_path / "audit.jsonl").read_text()
    assert "senator" not in raw and "sk-live" not in raw


def test_records_are_appended_not_overwritten(tmp_path):
    log = AuditLog(tmp_path)
    for source in ("plan", "cli:run", "tool:face_swap"):
        log.record(REFUSED, route=None, skill=None, text="x", source=source)
    assert [e["source"] for e in _lines(tmp_path)] == ["plan", "cli:run", "tool:face_swap"]


def test_the_state_directory_is_created_private(tmp_path):
    state = tmp_path / "deep" / "state"
    AuditLog(state).record(REFUSED, route=None, skill=None, text="x", source="plan")
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE((state / "audit.jsonl").stat().st_mode) & 0o077 == 0


def test_an_unwritable_log_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    with pytest.raises(SkillError) as err:
        AuditLog(blocker).record(REFUSED, route=None, skill=None, text="x", source="plan")
    assert err.value.code == ExitCode.USAGE and "audit log" in err.value.message and str(blocker) in err.value.where


_WRITER = """
import sys, time
from pathlib import Path
from runcomfy_skills.policy.audit import AuditLog
from runcomfy_skills.policy.gate import Verdict
v = Verdict(verdict="needs_consent", rule_ids=["consent.media_rights"] * 40, reason="r", remedy="m")
log = AuditLog(Path(sys.argv[1]))
time.sleep(max(0.0, float(sys.argv[4]) - time.time()))  # all writers start together
for i in range(int(sys.argv[2])):
    log.record(v, route="r" * 300, skill=sys.argv[3], text=str(i), source="cli:run")
"""


def test_concurrent_processes_and_threads_only_ever_append_whole_lines(tmp_path):
    per_writer = 400
    start = time.time() + 2.0
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), str(per_writer), f"proc{n}", str(start)], cwd=REPO)
        for n in range(6)
    ]
    log = AuditLog(tmp_path)

    def write(name: str) -> None:
        time.sleep(max(0.0, start - time.time()))
        for i in range(per_writer):
            log.record(REFUSED, route="t" * 300, skill=name, text=str(i), source="plan")

    threads = [threading.Thread(target=write, args=(f"thread{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(p.wait(timeout=60) == 0 for p in procs)
    entries = _lines(tmp_path)  # json.loads fails on any torn or interleaved line
    counts = {name: sum(e["skill"] == name for e in entries) for name in {e["skill"] for e in entries}}
    assert len(entries) == 10 * per_writer and set(counts.values()) == {per_writer}
