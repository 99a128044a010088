"""The pipeline opened after the server is up, so `initialize` and `tools/list` are answered at the
SDK's own pace.

Opening the pipeline imports routing, policy, jobs and the HTTP client, opens the journal and
resumes unfinished jobs (and under `--sandbox` starts the emulator): work a client waits for if it
happens before the first answer. Here it starts when the first request arrives (or after
`OPEN_AFTER` seconds, so jobs left running are resumed even if no client speaks), with the imports
on a worker thread; then the first decision's one-off costs are paid on a thread too (`warm_up`).
A tool call that comes sooner waits for the pipeline; a pipeline that cannot open answers every
tool call with its error instead of ending the server.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import anyio

from runcomfy_skills.catalog.skill_docs import Catalog
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.settings import Settings

if TYPE_CHECKING:
    from runcomfy_skills.pipeline import Pipeline

log = logging.getLogger(__name__)

OPEN_AFTER = 1.0


class PipelineSlot:
    """`await slot.get()` → the open pipeline; `slot.touch()` on any request starts the opening."""

    def __init__(self, settings: Settings, catalog: Catalog, context: dict[str, Any],
                 on_open: Callable[[Pipeline], Awaitable[None]] | None = None) -> None:
        self.settings, self.catalog, self.context = settings, catalog, context
        self._on_open = on_open  # told of the pipeline before any tool call gets it
        self._asked = anyio.Event()
        self._ready = anyio.Event()
        self._closing = anyio.Event()
        self._pipeline: Pipeline | None = None
        self._error: SkillError | None = None

    def touch(self) -> None:
        self._asked.set()

    async def get(self) -> Pipeline:
        self._asked.set()
        await self._ready.wait()
        if self._pipeline is None:
            raise self._error or SkillError(ExitCode.FAILED, "The server could not start its pipeline.",
                                            hint="See the server log (stderr).")
        return self._pipeline

    def close(self) -> None:
        self._closing.set()
        self._asked.set()  # a server stopped before its pipeline opened does not open it just to close it

    async def run(self) -> None:
        """Open the pipeline, keep it open until `close()`, then close it (the lifespan's task)."""
        with anyio.move_on_after(OPEN_AFTER):
            await self._asked.wait()
        if self._closing.is_set():
            self._ready.set()
            return
        try:
            # The modules a tool call needs, imported off the event loop.
            await anyio.to_thread.run_sync(importlib.import_module, "runcomfy_skills.mcp.handlers")
            from runcomfy_skills.mcp.sampling import SecondOpinions
            from runcomfy_skills.pipeline import open_pipeline

            self.context["second_opinions"] = SecondOpinions()
            async with open_pipeline(self.settings, self.catalog) as pipeline:
                self._pipeline = pipeline
                if self._on_open is not None:
                    await self._on_open(pipeline)
                self._ready.set()
                # A daemon thread, never awaited: a server asked to stop does not wait for its warm-up.
                threading.Thread(target=_warm_up, args=(pipeline,), name="warm-up", daemon=True).start()
                await self._closing.wait()
        except SkillError as exc:  # an unusable state folder, say: tool calls say so and how to fix it
            log.error("%s", exc.describe())
            self._error = exc
        finally:
            self._ready.set()


def _warm_up(pipeline: Pipeline) -> None:
    try:
        pipeline.warm_up()
    except Exception:  # only speed is lost: the first call pays what the warm-up would have
        log.exception("warming up the pipeline failed")
        return
    # The compiled lexicon, cue index and catalog now live as long as the server: moved out of the
    # collector's sight, a full collection no longer walks them (a pause of tens of ms in some call).
    gc.freeze()
