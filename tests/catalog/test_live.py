"""The live catalog over real HTTP to the emulator: fetched, stored with its time, reused, refreshed, ignored when broken."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from runcomfy_skills.catalog.live import LiveCatalog
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.sandbox.models import upstream_schema

pytestmark = pytest.mark.anyio
WAN = "wan-ai/wan-2-7/edit-video"
ANIMATE, ANIMATE_V2V = "community/wan-2-2-animate/api", "community/wan-2-2-animate/video-to-video"


def _live(catalog, client, tmp_path: Path, *, fetch: bool = True, refresh: float = 3600) -> LiveCatalog:
    return LiveCatalog(catalog, fetch=client.get_model if fetch else None, cache_file=tmp_path / "catalog.json",
                       refresh_seconds=refresh, origin="http://emulator")


def _catalog_gets(emulator) -> list[str]:
    return [path for method, path in emulator.requests_log if method == "GET" and path.startswith("/v1/models/")]


def _renamed_wan(catalog) -> dict:
    schema = upstream_schema(catalog.route(WAN).input_schema)
    schema["properties"]["video_url"] = schema["properties"].pop("video")
    schema["required"] = ["prompt", "video_url"]
    return {"input_schema": schema}


async def test_without_a_fetcher_the_tables_stand_and_nothing_claims_a_check(catalog, emulator, emulator_client,
                                                                             tmp_path) -> None:
    (tmp_path / "catalog.json").write_text("{}")
    live = _live(catalog, emulator_client, tmp_path, fetch=False)
    await live.run()
    assert live.current == catalog and live.settled.is_set()
    assert {r.schema_source for r in live.current.routes} == {"table"}
    assert _catalog_gets(emulator) == []


async def test_a_refresh_binds_every_route_and_stores_it_with_its_fetch_time(catalog, emulator, emulator_client,
                                                                             tmp_path) -> None:
    emulator.models.serve({WAN: _renamed_wan(catalog)})
    live = _live(catalog, emulator_client, tmp_path)
    assert not live.settled.is_set()  # nothing stored yet: the first refresh is due
    assert await live.refresh() is True
    route = live.current.route(WAN)
    assert route.wire == {"video": "video_url"} and route.schema_source.startswith("live (fetched at 20")
    stored = json.loads((tmp_path / "catalog.json").read_text())
    assert stored["routes"][WAN]["model_id"] == WAN and stored["routes"][WAN]["fetched_at"]
    assert emulator.token not in (tmp_path / "catalog.json").read_text()


async def test_a_stored_catalog_is_used_at_once_and_not_fetched_again_while_fresh(catalog, emulator, emulator_client,
                                                                                  tmp_path) -> None:
    emulator.models.serve({WAN: _renamed_wan(catalog)})
    await _live(catalog, emulator_client, tmp_path).refresh()
    emulator.reset()
    again = _live(catalog, emulator_client, tmp_path)
    assert again.settled.is_set() and again.current.route(WAN).wire == {"video": "video_url"}
    assert _catalog_gets(emulator) == []


async def test_an_unknown_documented_id_settles_on_the_fallback(catalog, emulator, emulator_client, tmp_path) -> None:
    entry = {"input_schema": upstream_schema(catalog.route(ANIMATE).input_schema)}
    emulator.models.serve({ANIMATE: None, ANIMATE_V2V: entry})
    live = _live(catalog, emulator_client, tmp_path)
    await live.refresh()
    route = live.current.route("wan_2_2_animate")
    assert route.model_id == ANIMATE_V2V and route.problem is None
    gets = _catalog_gets(emulator)
    assert gets.index(f"/v1/models/{ANIMATE}") < gets.index(f"/v1/models/{ANIMATE_V2V}")  # documented id first


async def test_a_route_no_id_of_which_is_known_gets_a_problem(catalog, emulator, emulator_client, tmp_path) -> None:
    emulator.models.serve({WAN: None})
    live = _live(catalog, emulator_client, tmp_path)
    await live.refresh()
    assert WAN in live.current.route(WAN).problem


async def test_an_answer_that_is_not_a_schema_is_ignored_with_a_warning(catalog, emulator, emulator_client, tmp_path,
                                                                        caplog) -> None:
    emulator.models.serve({WAN: {"input_schema": {"properties": {"prompt": {"type": "tensor"}}}}})
    live = _live(catalog, emulator_client, tmp_path)
    with caplog.at_level(logging.WARNING):
        await live.refresh()
    assert live.current.route(WAN) == catalog.route(WAN)  # the table stands, and says so
    assert any("not a usable schema" in r.getMessage() and WAN in r.getMessage() for r in caplog.records)


async def test_listeners_hear_of_a_change_and_only_of_a_change(catalog, emulator, emulator_client, tmp_path) -> None:
    heard = []

    async def listener(current) -> None:
        heard.append(current.route(WAN).wire)

    live = _live(catalog, emulator_client, tmp_path)
    live.on_change(listener)
    assert await live.refresh() is False  # the catalog says what the tables say: nothing a client sees changed
    emulator.models.serve({WAN: _renamed_wan(catalog)})
    assert await live.refresh() is True
    assert await live.refresh() is False
    assert heard == [{"video": "video_url"}]


async def test_a_rejected_token_stops_refreshing_and_leaves_the_tables(catalog, emulator, tmp_path, caplog) -> None:
    from runcomfy_skills.runcomfy.client import RunComfyClient

    async with RunComfyClient("wrong-token-1234", emulator.base_url) as client:
        live = _live(catalog, client, tmp_path)
        with pytest.raises(SkillError) as info:
            await live.refresh()
        assert info.value.code == ExitCode.NOPERM
        with caplog.at_level(logging.WARNING):
            await live.run()  # returns: no point asking again with the same token
    assert live.current.route(WAN) == catalog.route(WAN) and live.settled.is_set()
    assert "wrong-token-1234" not in caplog.text


async def test_a_damaged_stored_catalog_is_ignored_with_a_warning(catalog, emulator_client, tmp_path, caplog) -> None:
    (tmp_path / "catalog.json").write_text('{"version": 1, "origin": "http://emulator", "routes": {"x": 3}}')
    with caplog.at_level(logging.WARNING):
        live = _live(catalog, emulator_client, tmp_path)
    assert live.current == catalog and "ignoring the stored catalog" in caplog.text
