"""Saving a completed job's result files: which links may be fetched, the downloads (bounded per
job and across jobs), companion files, and the journal entries that make a crash lose nothing.

Split from the runner, which decides when a job is followed; this decides how its outputs land.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import anyio

from runcomfy_skills.errors import ExitCode, SkillError, contains_secret
from runcomfy_skills.jobs.journal import JobJournal
from runcomfy_skills.jobs.progress import Watcher
from runcomfy_skills.jobs.records import FileRecord, JobError, JobRecord, utcnow
from runcomfy_skills.runcomfy.client import ByteBudget, DownloadedFile, RunComfyClient
from runcomfy_skills.urls import split_or_none

log = logging.getLogger(__name__)

FilesHook = Callable[[JobRecord, list[DownloadedFile]], list[Path]]
Links = tuple[list[str], SkillError | None]


@dataclass(frozen=True)
class OutputLimits:
    """What one process may download: files at once across all jobs, and files and bytes per job."""

    max_parallel_downloads: int = 32
    max_files_per_job: int = 20
    max_bytes_per_job: int = 8 * 1024**3

class OutputSaver:
    """Downloads the outputs of completed jobs into their output folders and journals them."""

    def __init__(
        self,
        client: RunComfyClient,
        journal: JobJournal,
        *,
        on_files: FilesHook | None = None,
        limits: OutputLimits = OutputLimits(),
    ) -> None:
        self.client = client
        self.journal = journal
        self.on_files = on_files
        self.max_files_per_job = max(1, limits.max_files_per_job)
        self.max_bytes_per_job = max(1, limits.max_bytes_per_job)
        # Bound the files downloading at once across all jobs, whatever their number. Most results are small
        # (one read, no buffers kept); a large file's transfer holds up to 12 MiB, so 32 at once could hold 384 MiB.
        # 16 slots made 5,000 small files wait on each other (files saved 50 s after the end instead of 37 s).
        self._download_slots = anyio.Semaphore(max(1, limits.max_parallel_downloads), fast_acquire=True)

    async def save(
        self, record: JobRecord, watcher: Watcher, links: Links | None = None, *, release: str | None = None
    ) -> JobRecord:
        """Save every output not yet on disk (after a crash, only the rest), fetching the result
        first unless `links` (already journaled with the job's end) are given; returns the job as
        journaled downloaded, with `release`'s lease dropped in that same commit.

        Links that carry a secret are neither fetched nor stored; past the files-per-job cap the
        rest are named in the error, not fetched. Both are the job's error, which stays visible.
        """
        assert record.request_id is not None
        if links is None:
            links = self.allowed_urls((await self.client.result(record.request_id)).output_urls)
            record = self.journal.update(record.job_id, output_urls=links[0])
            watcher.publish(record)
        urls, problem = links
        have = {_file_key(f.url) for f in record.files}
        todo = [u for u in urls if _file_key(u) not in have]
        unjournaled = await self._fetch_all(record, todo)
        files = [*(self.journal.get(record.job_id).files if len(todo) > 1 else record.files), *unjournaled]
        order = {_file_key(u): i for i, u in enumerate(urls)}
        error = None if problem is None else JobError.from_skill_error(problem)
        if not files and error is None:
            error = JobError(code=int(ExitCode.FAILED), message="The job completed but returned no output files.")
        record = self.journal.update(
            record.job_id,
            release=release,
            files=sorted(files, key=lambda f: order.get(_file_key(f.url), len(order))),
            downloaded=True,
            downloaded_at=utcnow(),
            error=error,
        )
        log.info("job %s: %d file(s) saved in %s", record.job_id, len(files), record.output_dir)
        return record

    def allowed_urls(self, urls: list[str]) -> tuple[list[str], SkillError | None]:
        """The result links we may fetch and store, and why any were left out."""
        clean = [u for u in urls if not contains_secret(u)]
        kept = clean[: self.max_files_per_job]
        if len(clean) < len(urls):
            return kept, SkillError(
                ExitCode.DATA,
                f"RunComfy returned {len(urls) - len(clean)} result link(s) carrying the API token; they were neither "
                "fetched nor stored. The API base may be misconfigured or hostile.",
                hint="Check RUNCOMFY_API_BASE; rotate the token if this API was not RunComfy's.",
            )
        if len(clean) > len(kept):
            return kept, SkillError(
                ExitCode.DATA,
                f"RunComfy returned {len(clean)} result files, over the cap of {self.max_files_per_job} per job; "
                f"only the first {len(kept)} were saved.",
                hint="The operator can raise RUNCOMFY_MAX_FILES_PER_JOB if this many outputs are expected.",
            )
        return kept, None

    def _checked_output_dir(self, record: JobRecord) -> Path:
        """The job's output folder, as resolved (symlinks included) when it was submitted; refused if
        a symlink has since been put in its path, so no write lands outside it."""
        folder = Path(record.output_dir)
        if folder.resolve() != folder:
            raise SkillError(
                ExitCode.DATA,
                f"The output folder {folder} now leads elsewhere ({folder.resolve()}); nothing was written there.",
                where=str(folder),
                hint="Remove the symlink (or move the folder back), then collect the job again with job_result.",
            )
        return folder

    async def _fetch_all(self, record: JobRecord, urls: list[str]) -> list[FileRecord]:
        """Download `urls` (bounded per job and across jobs), running the files hook on each file and,
        when there are several, journaling each as it lands, so a crash mid-way loses nothing already
        saved. A lone file is returned instead: the caller journals it in the commit that marks the job
        downloaded, right after (no await between), so it is no less safe and costs one write fewer."""
        job_id = record.job_id
        output_dir = self._checked_output_dir(record)
        budget = ByteBudget(self.max_bytes_per_job - sum(f.size for f in record.files))
        # One file (most results) needs no bound of its own: a semaphore per job is work at thousands of jobs.
        per_job = anyio.Semaphore(max(1, self.client.max_parallel_downloads)) if len(urls) > 1 else nullcontext()
        failures: list[SkillError] = []
        lone: list[FileRecord] = []

        async def fetch(url: str) -> None:
            async with per_job, self._download_slots:
                try:
                    [file] = await self.client.download_outputs([url], output_dir, budget)
                    if self.on_files is not None:
                        self._run_files_hook(self.journal.get(job_id), file)
                except SkillError as exc:
                    failures.append(exc)
                    return
            saved = FileRecord(**file.model_dump(mode="json"))
            if len(urls) == 1:
                lone.append(saved)
            else:
                self.journal.update(job_id, files=[*self.journal.get(job_id).files, saved])

        if len(urls) == 1:
            await fetch(urls[0])
        else:
            async with anyio.create_task_group() as tg:
                for url in urls:
                    tg.start_soon(fetch, url)
        if failures:
            raise failures[0]
        return lone

    def _run_files_hook(self, record: JobRecord, file: DownloadedFile) -> None:
        """Companion files (provenance sidecars). If they cannot be written, the output is removed
        and the job fails visibly: an unlabeled face-swap output is never left as a result; the
        next job_result downloads it again and retries."""
        assert self.on_files is not None
        try:
            extra = self.on_files(record, [file])
        except Exception as exc:
            log.error("job %s: writing the companion file of %s failed: %s", record.job_id, file.path, exc)
            file.path.unlink(missing_ok=True)
            cause = exc if isinstance(exc, SkillError) else SkillError(ExitCode.DATA, str(exc))
            raise SkillError(
                cause.code if cause.code == ExitCode.TEMPFAIL else ExitCode.DATA,
                f"The output {file.path.name} was downloaded, but its provenance sidecar could not be written "
                f"({cause.message}); the file was removed so no unlabeled output is left.",
                where=cause.where or str(file.path.parent),
                hint="Fix the output folder (space, permissions), then call job_result to fetch it again.",
            ) from None
        current = self.journal.get(record.job_id)
        self.journal.update(record.job_id, extra_paths=[*current.extra_paths, *map(str, extra)])

    async def drop_lost_files(self, record: JobRecord) -> JobRecord:
        """Forget saved files that vanished or changed on disk; the job is then followed again so
        they are downloaded anew (a changed file is left where it is, never overwritten)."""
        intact = [f for f in record.files if await anyio.to_thread.run_sync(_sha256_of, Path(f.path)) == f.sha256]
        if len(intact) == len(record.files):
            return record
        log.warning("job %s: %d saved file(s) vanished or changed; downloading again",
                    record.job_id, len(record.files) - len(intact))  # fmt: skip
        return self.journal.update(record.job_id, files=intact, downloaded=False, downloaded_at=None)


def _sha256_of(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def _file_key(url: str) -> str:
    """A result file's identity: its URL without the query (pre-signed links change signatures)."""
    parts = split_or_none(url)  # a malformed link is refused by the download check, not here
    return url if parts is None else f"{parts.scheme}://{parts.netloc}{parts.path}"
