"""What a tool result or the CLI shows of a job: the structured view and a short line for people."""

from __future__ import annotations

from typing import Any

from runcomfy_skills.jobs.records import JobRecord


def job_view(record: JobRecord) -> dict[str, Any]:
    """What a tool result or the CLI shows of a job: ids, state, files with their checksums."""
    view: dict[str, Any] = {
        "job_id": record.job_id,
        "request_id": record.request_id,
        "state": record.state,
        "model_id": record.model_id,
        "skill": record.skill,
        "queue_position": record.queue_position,
        "files": [
            f.model_dump(mode="json") for f in record.files
        ],
        "sidecars": [str(p) for p in record.extra_paths],
        "output_urls": list(record.output_urls),
        "not_cancellable": record.not_cancellable,
    }
    if record.error:
        view["error"] = record.error.model_dump(mode="json")
    return view


def summarize(view: dict[str, Any]) -> str:
    """A short readable line for people; the structured content carries the detail."""
    state, job = view["state"], view["job_id"]
    head = f"Job {job} ({view['model_id']}, request {view.get('request_id') or 'not assigned'}): {state}."
    if view["files"]:
        files = "; ".join(f"{f['path']} ({f['size']} bytes, sha256 {f['sha256'][:12]}…)" for f in view["files"])
        head += f" Files: {files}."
    elif state in ("in_queue", "in_progress", "submitting"):
        head += f" Still running: call job_result with job_id {job!r} to collect the files when it finishes."
    if view.get("not_cancellable"):
        head += " It could no longer be cancelled upstream: it will finish and be billed; its files are kept."
    if view.get("error"):
        head += f" Error: {view['error'].get('message', view['error'])}"
    if view.get("disclosure"):
        head += f" {view['disclosure']}"
    if view.get("sandbox"):
        head += f" {view['sandbox']}"
    for warning in view.get("warnings", []):
        head += f" Warning: {warning}"
    return head
