"""Starting everything a request needs (sandbox emulator, client, journal, runner), resuming jobs,
and closing it all again; the provenance labels written next to face-swap outputs."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio

from runcomfy_skills.catalog.live import LIVE_CACHE_NAME, LiveCatalog
from runcomfy_skills.catalog.skill_docs import Catalog, load_catalog
from runcomfy_skills.errors import SkillError
from runcomfy_skills.jobs.journal import JobJournal
from runcomfy_skills.jobs.outputs import OutputLimits
from runcomfy_skills.jobs.records import JobRecord
from runcomfy_skills.jobs.runner import JobRunner
from runcomfy_skills.pipeline.core import Pipeline
from runcomfy_skills.policy.audit import AuditLog
from runcomfy_skills.policy.provenance import ProvenanceRecord, unlabeled_copies, write_sidecar
from runcomfy_skills.runcomfy.client import DownloadedFile, RunComfyClient, load_token
from runcomfy_skills.runcomfy.filenames import clean_stale_temps
from runcomfy_skills.settings import Settings, state_scope

log = logging.getLogger(__name__)

_STARTED = time.time()  # files older than this process that it did not write: see _provenance_writer


def _provenance_writer(record: JobRecord, files: list[DownloadedFile]) -> list[Path]:
    """Face-swap outputs get a provenance sidecar next to each file (also after a restart). A copy
    that a killed process saved but never labeled is removed: the same bytes now have their label."""
    if record.provenance is None:
        return []
    since = record.submitted_at or record.created_at
    for f in files:
        for copy in unlabeled_copies(f.path, f.sha256, since, before=_STARTED):
            log.warning("job %s: removing %s, an unlabeled copy of %s left by a stopped process", record.job_id,
                        copy.name, f.path.name)
            copy.unlink(missing_ok=True)
    return [
        write_sidecar(
            f.path,
            ProvenanceRecord.for_output(
                model_id=record.model_id,
                request_id=record.request_id or "",
                skill=record.skill,
                tool=record.tool,
                consent=record.provenance.get("consent") or {},
                request_text=str(record.body.get("prompt", "")),
                sha256=f.sha256,
                elicited=record.provenance.get("elicited"),
                source=record.provenance.get("source"),
            ),
        )
        for f in files
    ]


def _clean_temp_files(settings: Settings, journal: JobJournal) -> None:
    """Start-up: remove download parts and sidecar temps that dead processes left in our folders."""
    folders = [settings.output_root, *journal.output_dirs()]
    if removed := clean_stale_temps(folders):
        log.warning("removed %d unfinished temp file(s) left by a stopped process (e.g. %s)", len(removed), removed[0])


@asynccontextmanager
async def open_pipeline(settings: Settings, catalog: Catalog | None = None) -> AsyncIterator[Pipeline]:
    """Start everything a request needs (sandbox emulator, client, journal, runner) and resume jobs."""
    catalog = catalog or load_catalog()
    with state_scope(settings):
        async with _open_pipeline(settings, catalog) as pipeline:
            yield pipeline


@asynccontextmanager
async def _open_pipeline(settings: Settings, catalog: Catalog) -> AsyncIterator[Pipeline]:
    emulator = None
    if settings.sandbox:
        from runcomfy_skills.sandbox.emulator import (
            Emulator,  # only the sandbox needs the emulator (and its web stack)
        )

        emulator = Emulator(catalog, catalog_file=settings.sandbox_catalog).start()
        settings = settings.model_copy(
            update={
                "api_base": emulator.base_url,
                "download_origins": (*settings.download_origins, emulator.origin),
                "poll_initial": 0.1,
                "poll_max": 0.5,
            }
        )
        token, auth_error = emulator.token, None
    else:
        try:
            token, auth_error = load_token(), None
        except SkillError as err:
            token, auth_error = "", err  # never sent: every call that would send it raises auth_error first
    try:
        async with RunComfyClient(
            token,
            settings.api_base,
            allowed_api_hosts=settings.allowed_api_hosts,
            download_origins=settings.download_origins,
            poll_initial=settings.poll_initial,
            poll_max=settings.poll_max,
            limiter=settings.request_limiter(),
        ) as client:
            journal = JobJournal(settings.state_dir)
            limits = OutputLimits(max_files_per_job=settings.max_files_per_job,
                                  max_bytes_per_job=settings.max_bytes_per_job)
            runner = JobRunner(client, journal, on_files=_provenance_writer, output_limits=limits)
            try:
                _clean_temp_files(settings, journal)
                live = LiveCatalog(catalog, fetch=client.get_model if auth_error is None else None,
                                   cache_file=settings.state_dir / LIVE_CACHE_NAME,
                                   refresh_seconds=settings.catalog_refresh_seconds, origin=settings.api_base)
                async with runner.running(), anyio.create_task_group() as refresher:
                    refresher.start_soon(live.run)  # in the background: nothing waits for the network here
                    try:
                        if auth_error is None:
                            await runner.resume()
                        yield Pipeline(settings, live, runner, AuditLog(settings.state_dir), auth_error=auth_error)
                    finally:
                        refresher.cancel_scope.cancel()
            finally:
                journal.close()  # the last connection folds the WAL back into the file
    finally:
        if emulator is not None:
            emulator.stop()
