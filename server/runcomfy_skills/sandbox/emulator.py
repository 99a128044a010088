"""An offline emulator of the RunComfy Model API, served over real loopback HTTP.

Same paths and JSON shapes as the real API under `/v1` (queue endpoints + catalog), jobs that
move in_queue → in_progress → completed by elapsed time, result files with real media bytes, and
switchable faults. Tests talk to it instead of mocking the client; users get a sandbox
(`runcomfy-skills --sandbox`) that costs nothing; benchmarks run it standalone
(`python -m runcomfy_skills.sandbox --port N`).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from typing import Any, NamedTuple

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route as HttpRoute
from starlette.types import ASGIApp, Receive, Scope, Send

from runcomfy_skills.catalog.skill_docs import Catalog, load_catalog
from runcomfy_skills.sandbox.faults import (
    FOREIGN_URL,
    DroppedResponse,
    Endpoint,
    Fault,
    QuietBreaks,
    error_response,
    http_fault_response,
)
from runcomfy_skills.sandbox.files import file_response
from runcomfy_skills.sandbox.models import SandboxModels, upstream_schema, validation_detail
from runcomfy_skills.sandbox.queue import EmulatedJob, JobQueue, iso

__all__ = ["FOREIGN_URL", "Emulator", "Fault", "LoggedRequest", "upstream_schema"]
_QUIET = QuietBreaks()
Handler = Callable[[Request, "Fault | None"], Awaitable[Response]]
Endpointed = Callable[[Request], Awaitable[Response]]


class LoggedRequest(NamedTuple):
    at: float  # time.monotonic() on arrival
    method: str
    path: str
    authorized: bool  # carried the emulator's bearer token


@dataclass
class _ActiveFault:
    fault: Fault
    left: int | None


class Emulator:
    """The Model API on 127.0.0.1, in a background thread with its own event loop."""

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        catalog_file: Path | None = None,
        token: str = "sandbox-token",
        queue_seconds: float = 0.2,
        run_seconds: float = 0.4,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.catalog = catalog or load_catalog()
        self.token = token
        self.queue_seconds = queue_seconds
        self.run_seconds = run_seconds
        self.host, self.port = host, port
        self.base_url = self.origin = ""
        self.catalog_file = catalog_file
        self.models = SandboxModels(self.catalog, catalog_file)  # what GET /v1/models/{id} serves
        self._lock = threading.Lock()
        self._queue = JobQueue()
        self._faults: list[_ActiveFault] = []
        self._log: list[LoggedRequest] = []
        self._submits: list[dict[str, Any]] = []
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> Emulator:
        logging.getLogger("uvicorn.error").addFilter(_QUIET)
        config = uvicorn.Config(
            self._app(), host=self.host, port=self.port, http="h11", ws="none", loop="asyncio",
            lifespan="off", log_config=None, access_log=False,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="runcomfy-emulator", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the emulator could not listen on {self.host}:{self.port}")
            time.sleep(0.01)
        self.port = self._server.servers[0].sockets[0].getsockname()[1]
        self.origin = f"http://{self.host}:{self.port}"
        self.base_url = f"{self.origin}/v1"
        return self

    def stop(self) -> None:
        if self._server and self._thread:
            self._server.should_exit = self._server.force_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- inspection and faults ---------------------------------------------------------------

    @property
    def requests_log(self) -> list[tuple[str, str]]:
        """(METHOD, path) of every request received so far (a copy)."""
        with self._lock:
            return [(r.method, r.path) for r in self._log]

    def timeline(self) -> list[LoggedRequest]:
        """Every request with its arrival time and whether it carried the token (a copy)."""
        with self._lock:
            return list(self._log)

    def submits(self) -> list[dict[str, Any]]:
        """Every submit body, accepted or rejected: {model_id, body, accepted, http_status, request_id}."""
        with self._lock:
            return [dict(s) for s in self._submits]

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(_ActiveFault(fault, fault.times))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def reset(self) -> None:
        """Forget faults, the request log, submits and catalog changes (jobs stay): one emulator, many tests."""
        self.models = SandboxModels(self.catalog, self.catalog_file)
        with self._lock:
            self._faults.clear()
            self._log.clear()
            self._submits.clear()

    def _take_fault(self, endpoint: Endpoint) -> Fault | None:
        with self._lock:
            for active in self._faults:
                if active.fault.endpoint in (endpoint, "any"):
                    if active.left is not None:
                        active.left -= 1
                        if active.left == 0:
                            self._faults.remove(active)
                    return active.fault
        return None

    # -- job clock ----------------------------------------------------------------------------

    def _status_body(self, job: EmulatedJob, now: float) -> dict[str, Any]:
        state = JobQueue.state(job, now, self.queue_seconds, self.run_seconds)
        body: dict[str, Any] = {"request_id": job.request_id, "status": state}
        if state == "in_queue":
            body["queue_position"] = self._queue.queued_before(job.submitted, now, self.queue_seconds) + 1
        base = f"{self.base_url}/requests/{job.request_id}"
        return {**body, "status_url": f"{base}/status", "result_url": f"{base}/result"}

    def _output(self, job: EmulatedJob) -> dict[str, Any]:
        files = f"{self.origin}/files/{job.request_id}"
        quirk = job.quirk
        if quirk is not None and quirk.kind == "many_results":
            return {"images": [f"{files}/image-{i}.png" for i in range(quirk.count)]}
        if quirk is not None and quirk.kind == "long_names":
            return {"images": [f"{files}/{quote('ü' * quirk.count)}.png"]}
        if quirk is not None and quirk.kind == "echo_token" and quirk.echo_in == "result_url":
            return {"images": [f"{files}/{quote(job.echo, safe='')}.png?sig={quote(job.echo, safe='')}"]}
        if job.makes_video:
            return {"video": f"{files}/result.mp4"}
        count = job.body.get("number_of_images")
        count = count if isinstance(count, int) and 1 <= count <= 4 else 1
        return {"images": [f"{files}/image-{i}.png" for i in range(count)]}

    # -- HTTP -------------------------------------------------------------------------------

    def _app(self) -> ASGIApp:
        guarded = [
            HttpRoute("/v1/models", self._endpoint("models", self._list_models), methods=["GET"]),
            HttpRoute("/v1/models/{model_id:path}", self._endpoint("submit", self._submit), methods=["POST"]),
            HttpRoute("/v1/models/{model_id:path}", self._endpoint("models", self._get_model), methods=["GET"]),
            HttpRoute("/v1/requests/{request_id}/status", self._endpoint("status", self._status), methods=["GET"]),
            HttpRoute("/v1/requests/{request_id}/result", self._endpoint("result", self._result), methods=["GET"]),
            HttpRoute("/v1/requests/{request_id}/cancel", self._endpoint("cancel", self._cancel), methods=["POST"]),
        ]
        files = self._endpoint("files", file_response, auth=False)
        app = Starlette(routes=[*guarded, HttpRoute("/files/{request_id}/{name:path}", files, methods=["GET"])])
        app.router.redirect_slashes = False  # the real API does not redirect; neither do we

        async def logged(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] == "http":
                headers = dict(scope["headers"])
                entry = LoggedRequest(
                    time.monotonic(), scope["method"], scope["path"],
                    headers.get(b"authorization") == f"Bearer {self.token}".encode(),
                )
                with self._lock:
                    self._log.append(entry)
            await app(scope, receive, send)

        return logged

    def _endpoint(self, endpoint: Endpoint, handler: Handler, *, auth: bool = True) -> Endpointed:
        """Wrap a handler: apply any fault for this endpoint first, then check the token."""

        async def run(request: Request) -> Response:
            fault = self._take_fault(endpoint)
            if fault is not None and fault.kind == "slow":
                await anyio.sleep(fault.delay)
            elif fault is not None and (answer := http_fault_response(fault, _bearer(request))) is not None:
                return answer
            if auth and request.headers.get("authorization") != f"Bearer {self.token}":
                return error_response(401, 401001, "Unauthorized", "Missing or invalid API token.")
            return await handler(request, fault)

        return run

    async def _submit(self, request: Request, fault: Fault | None) -> Response:
        model_id = request.path_params["model_id"]
        try:
            body = await request.json()
        except ValueError:
            body = None
        if (validator := self.models.validator(model_id)) is None:
            answer = error_response(404, 400001, "InvalidResourceIdentifier", f"Model {model_id} not found.")
        elif not isinstance(body, dict):
            answer = error_response(422, 422001, "Validation Error", [{"loc": ["body"], "msg": "Expected an object"}])
        elif detail := validation_detail(validator, body):
            answer = error_response(422, 422001, "Validation Error", detail)
        else:
            kind, echo_in = (fault.kind, fault.echo_in) if fault is not None else ("", "")
            fails = kind == "job_failed" or (kind == "echo_token" and echo_in == "job_error")
            job = EmulatedJob(uuid.uuid4().hex, self.models.makes_video(model_id), body, time.monotonic(), time.time(),
                              fails, quirk=fault, echo=_bearer(request))
            self._record_submit(model_id, body, 200, job)
            if kind == "drop_submit":
                return DroppedResponse()
            answered_id = {"bad_request_id": fault.text if fault else "", "echo_token": job.echo}.get(kind, "")
            if kind != "bad_request_id" and not (kind == "echo_token" and echo_in == "request_id"):
                answered_id = job.request_id
            base = f"{self.base_url}/requests/{answered_id}"
            links = {f"{action}_url": f"{base}/{action}" for action in ("status", "result", "cancel")}
            return JSONResponse({"request_id": answered_id, **links})
        self._record_submit(model_id, body, answer.status_code, None)
        return answer

    def _record_submit(self, model_id: str, body: Any, status: int, job: EmulatedJob | None) -> None:
        with self._lock:
            if job is not None:
                self._queue.add(job)
            entry = {"model_id": model_id, "body": body, "accepted": job is not None, "http_status": status}
            self._submits.append({**entry, "request_id": job.request_id if job else None})

    def _job(self, request: Request) -> EmulatedJob | None:
        with self._lock:
            return self._queue.jobs.get(request.path_params["request_id"])

    @staticmethod
    def _not_found(request: Request) -> Response:
        rid = request.path_params["request_id"]
        return error_response(404, 404001, "ResourceNotFound", f"Request {rid} does not exist or has expired.")

    async def _status(self, request: Request, fault: Fault | None) -> Response:
        if (job := self._job(request)) is None:
            return self._not_found(request)
        with self._lock:
            return JSONResponse(self._status_body(job, time.monotonic()))

    async def _result(self, request: Request, fault: Fault | None) -> Response:
        if (job := self._job(request)) is None:
            return self._not_found(request)
        with self._lock:
            status = self._status_body(job, time.monotonic())
        state = status["status"]
        finished = job.cancelled_wall or job.submitted_wall + self.queue_seconds + self.run_seconds
        failure = {"error_code": 500002, "error_message": "Injected job failure: the model run crashed."}
        if job.quirk is not None and job.quirk.kind == "echo_token":
            failure = {"error_code": f"500{job.echo}", "error_message": f"Model crashed with token {job.echo}"}
        return JSONResponse({
            "request_id": job.request_id,
            "status": state,
            **({"queue_position": status["queue_position"]} if "queue_position" in status else {}),
            "output": self._output(job) if state == "completed" else None,
            "created_at": iso(job.submitted_wall),
            "finished_at": iso(finished) if state in ("completed", "failed", "cancelled") else None,
            "error": failure if state == "failed" else None,
        })

    async def _cancel(self, request: Request, fault: Fault | None) -> Response:
        if (job := self._job(request)) is None:
            return self._not_found(request)
        with self._lock:
            state = JobQueue.state(job, time.monotonic(), self.queue_seconds, self.run_seconds)
            if state == "in_queue":
                self._queue.cancelled(job, time.time())
                state = "cancelled"
        outcome = "cancelled" if state == "cancelled" else "not_cancellable"
        return JSONResponse({"request_id": job.request_id, "status": state, "outcome": outcome})

    def _catalog_entry(self, model_id: str, with_schema: bool) -> dict[str, Any] | None:
        entry = self.models.entry(model_id)
        if entry is None:
            return None
        entry = {**entry, "model_url": f"{self.origin}/models/{model_id}"}
        return entry if with_schema else {k: v for k, v in entry.items() if k != "input_schema"}

    async def _list_models(self, request: Request, fault: Fault | None) -> Response:
        query = request.query_params
        search, category = query.get("search", "").lower(), query.get("category")
        entries = [e for m in self.models.ids() if (e := self._catalog_entry(m, True)) is not None]
        entries = [
            e for e in entries
            if (not search or search in e["model_id"].lower() or search in str(e.get("display_name", "")).lower())
            and (not category or category in e.get("categories", []))
        ]
        try:
            limit, offset = min(500, max(1, int(query.get("limit", 100)))), max(0, int(query.get("offset", 0)))
        except ValueError:
            detail = [{"loc": ["query", "limit"], "msg": "limit and offset must be integers"}]
            return error_response(422, 422001, "Validation Error", detail)
        with_schema = query.get("include_schema", "false").lower() == "true"
        page = [e if with_schema else {k: v for k, v in e.items() if k != "input_schema"}
                for e in entries[offset : offset + limit]]
        return JSONResponse({"models": page, "total": len(entries), "limit": limit, "offset": offset})

    async def _get_model(self, request: Request, fault: Fault | None) -> Response:
        model_id = request.path_params["model_id"]
        if (entry := self._catalog_entry(model_id, True)) is None:
            return error_response(404, 404001, "ResourceNotFound", f"Model {model_id} not found.")
        return JSONResponse(entry)


def _bearer(request: Request) -> str:
    """The token a request carried (what a hostile upstream could send back)."""
    return request.headers.get("authorization", "").removeprefix("Bearer ")
