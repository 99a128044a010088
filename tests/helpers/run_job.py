"""Submit one job through the runner and wait on it, for tests that kill this process mid-wait.

Usage: run_job.py STATE_DIR API_BASE DOWNLOAD_ORIGIN OUTPUT_DIR MODEL_ID BODY_JSON
Prints `submitted <job_id>` once the request id is journaled, then waits (until killed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))  # run as a script from a checkout

from runcomfy_skills.jobs.runner import JobRunner  # noqa: E402
from runcomfy_skills.jobs.journal import JobJournal  # noqa: E402
from runcomfy_skills.runcomfy.client import RunComfyClient  # noqa: E402


async def main(state_dir: str, api_base: str, origin: str, output_dir: str, model_id: str, body: str) -> None:
    async with RunComfyClient(
        "sandbox-token", api_base, download_origins=(origin,), poll_initial=0.1, poll_max=0.2
    ) as client:
        runner = JobRunner(client, JobJournal(Path(state_dir)))
        async with runner.running():
            record = await runner.submit(model_id, json.loads(body), output_dir=Path(output_dir))
            print("submitted", record.job_id, flush=True)
            await runner.wait(record.job_id, wait_seconds=3600)


if __name__ == "__main__":
    anyio.run(main, *sys.argv[1:7])
