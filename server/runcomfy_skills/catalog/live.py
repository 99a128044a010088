"""RunComfy's live catalog: fetched with the token, kept in the state folder, refreshed in the background.

Each route's entry comes from `GET /models/{id}` (the documented id first, its fallbacks on a 404),
is stored with its fetch time in `<state>/live-catalog.json`, and bound to the route
(`binding.bind_route`). Reading never waits for the network: `current` is the tables bound to what
is stored; `run()` refreshes when entries are older than the refresh period and tells listeners
when a route changed. An answer that is not a usable schema is ignored with a warning (the table
stands). Without a fetcher (no token, or refreshing switched off) nothing is fetched or read from
the file: the tables stand, and no route claims to have been checked.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import anyio
from pydantic import BaseModel, ValidationError

from runcomfy_skills.catalog.binding import bind_route, unknown_route
from runcomfy_skills.catalog.skill_docs import Catalog, Route
from runcomfy_skills.catalog.upstream import UpstreamSchemaError, strict_schema
from runcomfy_skills.errors import ExitCode, SkillError, redact

log = logging.getLogger(__name__)

Fetch = Callable[[str], Awaitable[dict[str, Any]]]
Listener = Callable[[Catalog], Awaitable[None]]
LIVE_CACHE_NAME = "live-catalog.json"  # in the state folder (apart from the parsed tables' catalog-cache.json)
RETRY_SECONDS = 300.0  # after a failed refresh (network, upstream 5xx), try again this much sooner
_VERSION = 1


class CachedEntry(BaseModel):
    """What the catalog said about one route: the id it knows (None: none of them) and its entry."""

    model_id: str | None
    fetched_at: str
    entry: dict[str, Any] | None = None

    @property
    def source(self) -> str:
        return f"live (fetched at {self.fetched_at})"


async def _never(model_id: str) -> dict[str, Any]:
    raise AssertionError("LiveCatalog.stored never fetches")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def bind(tables: Catalog, entries: dict[str, CachedEntry]) -> Catalog:
    """The tables with every route RunComfy's catalog answered for bound to that answer."""

    def one(route: Route) -> Route:
        cached = entries.get(route.model_id)
        if cached is None:
            return route
        if cached.model_id is None or cached.entry is None:
            return unknown_route(route, cached.source)
        return bind_route(route, cached.model_id, strict_schema(cached.entry), cached.source)

    return Catalog(skills=tuple(s.model_copy(update={"routes": tuple(map(one, s.routes))}) for s in tables.skills))


def fingerprint(catalog: Catalog) -> str:
    """What a change of the live catalog can change (fetch times left out)."""
    keys = {"model_id", "input_schema", "wire", "modes", "problem"}
    return json.dumps([r.model_dump(mode="json", include=keys) for r in catalog.routes], sort_keys=True)


class LiveCatalog:
    """The routes as RunComfy's catalog has them, for the pipeline and (through `on_change`) the MCP layer."""

    def __init__(self, tables: Catalog, *, fetch: Fetch | None, cache_file: Path | None,
                 refresh_seconds: float, origin: str) -> None:
        self.tables = tables
        self._fetch = fetch if refresh_seconds > 0 else None
        self._file = cache_file
        self._refresh = refresh_seconds
        self._origin = origin
        self._entries = self._load() if self._fetch is not None else {}
        self._listeners: list[Listener] = []
        self.current = bind(tables, self._entries)
        self.settled = anyio.Event()  # set once the first refresh has been tried (or none is needed)
        if self._fetch is None or self._due_in() > 0:
            self.settled.set()

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    async def wait_settled(self, timeout: float) -> None:
        """Wait (bounded) for the first refresh, so a first call already uses the live names."""
        with anyio.move_on_after(timeout):
            await self.settled.wait()

    @classmethod
    def stored(cls, tables: Catalog, cache_file: Path, origin: str) -> Catalog:
        """The tables bound to what the state folder holds, without fetching (for `routes`)."""
        return cls(tables, fetch=_never, cache_file=cache_file, refresh_seconds=1.0, origin=origin).current

    # -- the file in the state folder ------------------------------------------------------------

    def _load(self) -> dict[str, CachedEntry]:
        if self._file is None or not self._file.exists():
            return {}
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
            if data.get("version") != _VERSION or data.get("origin") != self._origin:
                return {}
            entries = {k: CachedEntry.model_validate(v) for k, v in data["routes"].items()}
            bind(self.tables, entries)  # a stored answer that no longer binds is as good as none
            return entries
        except (OSError, ValueError, KeyError, AttributeError, ValidationError, UpstreamSchemaError) as exc:
            log.warning("ignoring the stored catalog %s (%s); the skill documents' tables stand until the next "
                        "refresh", self._file, type(exc).__name__)
            return {}

    def _save(self) -> None:
        if self._file is None:
            return
        data = {"version": _VERSION, "origin": self._origin,
                "routes": {k: v.model_dump(mode="json") for k, v in self._entries.items()}}
        temp = self._file.with_name(f".{self._file.name}.{os.getpid()}.tmp")
        try:
            temp.write_text(redact(json.dumps(data, indent=1)), encoding="utf-8")
            os.replace(temp, self._file)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            log.warning("could not store RunComfy's catalog in %s (%s); it is fetched again next time",
                        self._file, exc.strerror)

    # -- refreshing ------------------------------------------------------------------------------

    def _due_in(self) -> float:
        """Seconds until the oldest entry is due (0: now, also when a route has none)."""
        now = _now()
        ages = [(now - datetime.fromisoformat(e.fetched_at)).total_seconds()
                for r in self.tables.routes if (e := self._entries.get(r.model_id)) is not None]
        if len(ages) < len(self.tables.routes):
            return 0.0
        return max(0.0, self._refresh - max(ages))

    async def _fetch_route(self, route: Route) -> CachedEntry | None:
        """The first of the route's ids the catalog knows, with its entry; None when the answer is unusable."""
        assert self._fetch is not None
        at = _now().isoformat()
        for model_id in route.known_ids:
            try:
                entry = await self._fetch(model_id)
            except SkillError as exc:
                if exc.details.get("http_status") == 404:
                    continue
                raise
            try:
                bind_route(route, model_id, strict_schema(entry), "")
            except UpstreamSchemaError as exc:
                log.warning("RunComfy's catalog answer for %s is not a usable schema (%s): ignored, the %s table "
                            "stands", model_id, exc, route.tool)
                return None
            return CachedEntry(model_id=model_id, fetched_at=at, entry=entry)
        return CachedEntry(model_id=None, fetched_at=at)

    async def refresh(self) -> bool:
        """Fetch every route's entry now; True when a route changed. Auth failures raise (77)."""
        fresh: dict[str, CachedEntry | None] = {}
        failures: list[SkillError] = []

        async def one(route: Route) -> None:
            try:
                fresh[route.model_id] = await self._fetch_route(route)
            except SkillError as exc:
                failures.append(exc)

        async with anyio.create_task_group() as group:
            for route in self.tables.routes:
                group.start_soon(one, route)
        if denied := next((f for f in failures if f.code == ExitCode.NOPERM), None):
            raise denied
        for key, entry in fresh.items():
            if entry is None:
                self._entries.pop(key, None)
            else:
                self._entries[key] = entry
        self._save()
        before, self.current = fingerprint(self.current), bind(self.tables, self._entries)
        changed = fingerprint(self.current) != before
        for listener in self._listeners if changed else ():
            await listener(self.current)
        if failures:  # the routes that answered are used; the others keep what they had
            raise failures[0]
        return changed

    async def run(self) -> None:
        """Refresh whenever entries are due, until cancelled; failures are warnings, never fatal."""
        if self._fetch is None:
            return
        while True:
            wait = self._due_in()
            try:
                if wait <= 0:
                    await self.refresh()
                    wait = self._refresh
            except SkillError as exc:
                if exc.code == ExitCode.NOPERM:
                    log.warning("RunComfy refused the token for its catalog; the skill documents' tables stand")
                    return
                log.warning("could not refresh RunComfy's catalog (%s); trying again later", exc.message)
                wait = min(self._refresh, RETRY_SECONDS)
            finally:
                self.settled.set()
            await anyio.sleep(wait)
