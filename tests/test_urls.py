"""URL rules are checked on the parsed host, never by string matching."""

from __future__ import annotations

import pytest

from runcomfy_skills.urls import asset_url_problem, download_url_problem


@pytest.mark.parametrize(
    "url",
    [
        "https://playgrounds-storage-public.runcomfy.net/tools/7063/out.webp",
        "https://serverless-api-storage.runcomfy.net/a/b.mp4?sig=1",
        "https://files.runcomfy.com/x.png",
        "https://FILES.RunComfy.net./x.png",
    ],
)
def test_runcomfy_https_hosts_may_be_downloaded(url: str) -> None:
    assert download_url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://127.0.0.1\\@cdn.runcomfy.net/x", "backslash"),
        ("https://cdn.runcomfy.net@evil.example/x", "credentials"),
        ("https://runcomfy.net.evil.example/x", "not a RunComfy"),
        ("https://evilruncomfy.net/x", "not a RunComfy"),
        ("https://runcomfy.net/x", "not a RunComfy"),
        ("https://93.184.216.34/x.png", "IP address"),
        ("https://[::1]/x.png", "IP address"),
        ("http://files.runcomfy.net/x.png", "http"),
        ("ftp://files.runcomfy.net/x.png", "ftp"),
    ],
)
def test_foreign_or_disguised_download_hosts_are_refused(url: str, why: str) -> None:
    problem = download_url_problem(url)
    assert problem is not None and why in problem


def test_operator_origin_is_allowed_exactly_and_only_that_origin() -> None:
    origins = ("http://127.0.0.1:8123",)
    assert download_url_problem("http://127.0.0.1:8123/files/a.png", origins) is None
    assert download_url_problem("http://127.0.0.1:8124/files/a.png", origins) is not None
    assert download_url_problem("http://127.0.0.1:8123/files/a.png") is not None


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://10.0.0.5/a.jpg", "http"),
        ("file:///etc/passwd", "file"),
        ("data:image/png;base64,AAAA", "data"),
        ("https://10.0.0.5/a.jpg", "IP address"),
        ("https://169.254.169.254/latest/meta-data", "IP address"),
        ("https://2130706433/a.jpg", "127.0.0.1"),
        ("https://localhost/a.jpg", "internal"),
        ("https://metadata.google.internal/x", "internal"),
        ("https://nas.local/a.jpg", "internal"),
        ("https://intranet/a.jpg", "internal"),
        ("https://user:pw@cdn.example.com/a.jpg", "credentials"),
        ("https://[fd00::1]/a.jpg", "IP address"),
    ],
)
def test_non_public_asset_urls_are_refused_with_a_reason(url: str, why: str) -> None:
    problem = asset_url_problem(url)
    assert problem is not None and why in problem


def test_public_https_asset_url_passes() -> None:
    assert asset_url_problem("https://cdn.example.com/clips/take-3.mp4?token=abc") is None
