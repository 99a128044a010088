"""The URL corpus (`tests/data/url_corpus.jsonl`) through the whole MCP server: every URL the policy
must refuse is refused by `plan` with its rule and by a paid tool before any submit; every URL it
allows is planned. (`tests/test_urls.py` checks the same rows against `urls.py` alone.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from mcp import Client

from runcomfy_skills.mcp.app import create_server
from runcomfy_skills.settings import Settings
from tests.helpers.fuzz import CORPUS

pytestmark = pytest.mark.anyio

SCENE = "https://cdn.example.com/scene.jpg"


@pytest.fixture
def settings(emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("RUNCOMFY_TOKEN", emulator.token)
    return Settings(api_base=emulator.base_url, state_dir=tmp_path / "state", output_root=tmp_path / "out",
                    download_origins=(emulator.origin,), default_wait_seconds=0, poll_initial=0.05, poll_max=0.1)


async def test_every_corpus_url_gets_the_same_verdict_through_the_server(settings, catalog, emulator) -> None:
    wrong: list[str] = []
    async with Client(create_server(settings, catalog)) as client:
        for row in CORPUS:
            url, rule = row["url"], row["asset"]
            plan = await client.call_tool("plan", {"request": "Restyle this clip as film noir.",
                                                   "assets": [{"url": url, "kind": "video"}]})
            data = plan.structured_content
            refused = data.get("decision") == "reject_input" or (plan.is_error and data["error"]["code"] == 65)
            if rule is not None and not (refused and (plan.is_error or rule in data["rule_ids"])):
                wrong.append(f"not refused as {rule}: {url[:80]!r} -> {str(data)[:200]}")
            if rule is None and refused:
                wrong.append(f"refused though allowed: {url[:80]!r} -> {str(data)[:200]}")
            if rule is not None:
                paid = await client.call_tool("lucy_edit_restyle", {"prompt": "Film noir look.", "video_url": url})
                if not (paid.is_error and paid.structured_content["error"]["code"] in (65, 70)):
                    wrong.append(f"paid call not refused: {url[:80]!r}")
    assert wrong == []
    assert emulator.submits() == []
