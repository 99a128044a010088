"""Result file names: one safe component, never overwriting an existing file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runcomfy_skills.errors import register_secret
from runcomfy_skills.runcomfy.filenames import (
    STALE_AFTER,
    clean_stale_temps,
    name_budget,
    part_name,
    publish,
    safe_filename,
)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://files.runcomfy.net/out/result.mp4", "result.mp4"),
        ("https://files.runcomfy.net/x/..%2F..%2Fetc%2Fpasswd", "passwd"),
        ("https://files.runcomfy.net/x/..%5C..%5Cwin.ini", "win.ini"),
        ("https://files.runcomfy.net/a/b/../../x", "x"),
        ("https://files.runcomfy.net/x/%2E%2E", "output"),
        ("https://files.runcomfy.net/x/", "output"),
        ("https://files.runcomfy.net/x/.bashrc", "bashrc"),
        ("https://files.runcomfy.net/x/a..b....png", "a.b.png"),
        ("https://files.runcomfy.net/x/a%3Ab%2Ac%3F%22%3C%3E%7C.png", "a_b_c_____.png"),
        ("https://files.runcomfy.net/x/ctl%00%0A%1Fname.png", "ctl___name.png"),
        ("https://files.runcomfy.net/x/CON.png", "_CON.png"),
        ("https://files.runcomfy.net/x/out.png?sig=a/b&x=../../y", "out.png"),
    ],
)
def test_file_names_are_one_safe_component(url, name):
    assert safe_filename(url) == name


def test_long_names_are_cut_keeping_the_extension():
    name = safe_filename("https://files.runcomfy.net/x/" + "a" * 500 + ".mp4")
    assert len(name) <= 120 and name.endswith(".mp4")


def test_a_name_without_extension_gets_one_from_the_media_type():
    assert safe_filename("https://files.runcomfy.net/x/", "image/png") == "output.png"
    assert safe_filename("https://files.runcomfy.net/x/clip", "video/mp4") == "clip.mp4"


def test_publish_never_overwrites_and_numbers_the_next_free_name(tmp_path: Path) -> None:
    (tmp_path / "out.png").write_bytes(b"old")
    (tmp_path / "out-1.png").write_bytes(b"older")
    temp = tmp_path / ".out.png.part"
    temp.write_bytes(b"new")
    final = publish(temp, tmp_path, "out.png")
    assert final == tmp_path / "out-2.png" and final.read_bytes() == b"new"
    assert (tmp_path / "out.png").read_bytes() == b"old" and not temp.exists()


# ---- names that fit (with their sidecar), carry no secret, and temp files a start-up can clear ----



def test_multibyte_names_are_cut_to_a_byte_budget_that_leaves_room_for_the_sidecar(tmp_path: Path) -> None:
    budget = name_budget(tmp_path)
    name = safe_filename("https://files.runcomfy.net/x/" + "ü" * 300 + ".png", max_bytes=budget)
    assert name.endswith(".png") and len(name.encode()) <= budget
    (tmp_path / name).write_bytes(b"x")  # the file, its temp name and its sidecar all fit
    (tmp_path / (name + ".provenance.json")).write_bytes(b"{}")
    (tmp_path / part_name(name)).write_bytes(b"")


def test_a_secret_in_a_result_url_never_reaches_the_file_name() -> None:
    register_secret("canary-Secret-0042")
    assert "canary" not in safe_filename("https://files.runcomfy.net/x/canary-Secret-0042.png")


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_start_up_clears_parts_of_dead_processes_and_old_temps_only(tmp_path: Path) -> None:
    dead = tmp_path / f".clip.mp4.part-{_dead_pid()}-0123456789ab"
    live = tmp_path / f".clip.mp4.part-{os.getpid()}-0123456789ab"
    legacy_fresh, legacy_old = tmp_path / ".a.png.part-0123456789ab", tmp_path / ".b.png.part-0123456789ab"
    sidecar_old = tmp_path / ".a.png.provenance.json.0123abcd.tmp"
    result, lookalike = tmp_path / "clip.mp4", tmp_path / ".notes.part-x"
    for path in (dead, live, legacy_fresh, legacy_old, sidecar_old, result, lookalike):
        path.write_bytes(b"data")
    old = time.time() - STALE_AFTER - 60
    for path in (legacy_old, sidecar_old, result, lookalike):
        os.utime(path, (old, old))
    removed = clean_stale_temps([tmp_path, tmp_path / "missing"])
    assert set(removed) == {dead, legacy_old, sidecar_old}
    assert all(p.exists() for p in (live, legacy_fresh, result, lookalike))
