"""Result file names: one safe component, never overwriting an existing file."""

from __future__ import annotations

from pathlib import Path

import pytest

from runcomfy_skills.runcomfy.filenames import publish, safe_filename


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
