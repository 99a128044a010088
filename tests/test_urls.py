"""URL rules are checked on the parsed host, never by string matching."""

from __future__ import annotations

import json

import pytest

from runcomfy_skills.urls import MAX_URL_LENGTH, api_base_problem, check_asset_url, check_download_url, inspect_url
from tests.paths import REPO


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
    assert check_download_url(url).ok


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
    problem = check_download_url(url).problem
    assert problem is not None and why in problem


def test_operator_origin_is_allowed_exactly_and_only_that_origin() -> None:
    origins = ("http://127.0.0.1:8123",)
    assert check_download_url("http://127.0.0.1:8123/files/a.png", origins).ok
    assert not check_download_url("http://127.0.0.1:8124/files/a.png", origins).ok
    assert not check_download_url("http://127.0.0.1:8123/files/a.png").ok


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
    problem = check_asset_url(url).problem
    assert problem is not None and why in problem


def test_public_https_asset_url_passes() -> None:
    assert check_asset_url("https://cdn.example.com/clips/take-3.mp4?token=abc").ok


# ---- the corpus: every spelling an attacker tried, and the public links that must still pass ----


CORPUS = [row for row in map(json.loads, (REPO / "tests" / "data" / "url_corpus.jsonl").read_text().splitlines())
          if "url" in row]


def test_the_corpus_is_large_and_covers_every_rule() -> None:
    assert len(CORPUS) >= 100
    rules = {row["asset"] for row in CORPUS}
    assert rules >= {None, "input.scheme", "input.credentials", "input.private_host", "input.malformed_url",
                     "input.port", "input.too_long"}


@pytest.mark.parametrize("row", CORPUS, ids=lambda row: row["url"][:60])
def test_asset_url_corpus(row: dict) -> None:
    check = check_asset_url(row["url"])
    assert check.rule == row["asset"], check.problem
    assert (check.problem is None) == (row["asset"] is None)


@pytest.mark.parametrize("row", CORPUS, ids=lambda row: row["url"][:60])
def test_the_same_policy_refuses_the_same_urls_as_downloads(row: dict) -> None:
    """Downloads add the RunComfy allowlist on top: nothing an asset check refuses is downloadable."""
    if row["asset"] is not None:
        assert check_download_url(row["url"]).problem is not None


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://127.0.0.0x1/", "127.0.0.1"),
        ("https://169.254.169.0xfe/", "169.254.169.254"),
        ("https://0x7f.1/", "127.0.0.1"),
        ("https://017700000001/", "127.0.0.1"),
        ("https://2130706433/", "127.0.0.1"),
        ("https://[::ffff:127.0.0.1]/", "::ffff:7f00:1"),
        ("https://ＦＩＬＥＳ.runcomfy.net/x", "files.runcomfy.net"),
        ("https://bücher.example/", "xn--bcher-kva.example"),
    ],
)
def test_hosts_are_normalised_as_a_whatwg_parser_reads_them(url: str, host: str) -> None:
    assert inspect_url(url).host == host


def test_non_ascii_numerals_are_refused_saying_what_a_fetcher_would_reach() -> None:
    problem = check_asset_url("https://①②⑦.0.0.1/a.png").problem
    assert problem is not None and "127.0.0.1" in problem


def test_operator_ports_are_allowed_and_only_those() -> None:
    assert check_asset_url("https://cdn.example.com:8443/a.png", ports=(8443,)).ok
    assert check_asset_url("https://cdn.example.com:8444/a.png", ports=(8443,)).rule == "input.port"


def test_a_long_url_is_refused_without_echoing_it() -> None:
    check = check_asset_url("https://cdn.example.com/?" + "q" * 100_000)
    assert check.rule == "input.too_long" and len(check.problem or "") < 200 and len(check.url) < 200
    assert check_asset_url("https://cdn.example.com/" + "a" * (MAX_URL_LENGTH - 30)).ok


@pytest.mark.parametrize(
    ("url", "origins"),
    [
        ("http://127.0.0.1:8123/files/a.png", ("http://127.0.0.1:8123",)),
        ("http://127.1:8123/files/a.png", ("http://127.0.0.1:8123",)),  # same origin once normalised
        ("http://[::1]:8123/files/a.png", ("http://[::1]:8123",)),
        ("https://ＦＩＬＥＳ.runcomfy.net/x.png", ()),
    ],
)
def test_downloads_allow_runcomfy_hosts_and_exact_operator_origins(url: str, origins: tuple[str, ...]) -> None:
    assert check_download_url(url, origins).ok


@pytest.mark.parametrize(
    "url",
    ["https://files.runcomfy.net:8443/x.png", "https://files.runcomfy。net/x.png", "https://127.0.0.1:8123/x.png",
     "http://127.0.0.1:8124/x.png", "https://runcomfy.net/x.png", "https://files.runcomfy.net.evil.example/x.png"],
)
def test_downloads_refuse_other_ports_spellings_and_origins(url: str) -> None:
    assert not check_download_url(url, ("http://127.0.0.1:8123",)).ok


@pytest.mark.parametrize(
    ("base", "allowed", "refused"),
    [
        ("https://model-api.runcomfy.net/v1", (), False),
        ("https://api.runcomfy.com/prod/v2", (), False),
        ("http://127.0.0.1:8765/v1", (), False),
        ("http://localhost:8765/v1", (), False),
        ("http://[::1]:8765/v1", (), False),
        ("http://model-api.runcomfy.net/v1", (), True),  # plain http off loopback
        ("https://evil.example/v1", (), True),
        ("https://model-api.runcomfy.net.evil.example/v1", (), True),
        ("https://proxy.example.org/v1", ("proxy.example.org",), False),  # the operator named it
        ("http://proxy.example.org/v1", ("proxy.example.org",), True),  # but never over http
        ("https://user:secret-pw@model-api.runcomfy.net/v1", (), True),
        ("https://10.0.0.7/v1", (), True),
    ],
)
def test_the_token_goes_only_to_runcomfy_loopback_or_an_operator_host(base: str, allowed: tuple, refused: bool) -> None:
    problem = api_base_problem(base, allowed)
    assert (problem is not None) == refused, problem
    assert "secret-pw" not in (problem or "")
