"""Async client for the RunComfy Model API (queue endpoints + catalog). Knows nothing of MCP.

Four calls make a job: submit → status (poll) → result → download; cancel stops a queued one.
Every failure becomes a `SkillError` with a sysexits code, the upstream message, and no token:

| upstream answer                        | code        |
|----------------------------------------|-------------|
| 401 / 403                              | NOPERM      |
| 400 / 422 (schema mismatch), 402       | DATA        |
| 404 on submit (unknown model id)       | DATA        |
| 404 on status/result/cancel            | DATA        |
| 408 / 429 (after bounded retries)      | TEMPFAIL    |
| 5xx, cannot connect                    | UNAVAILABLE |
| submit sent but no answer, or a 504    | TEMPFAIL (`SubmitOutcomeUnknown`) |

An HTTP 200 whose body carries `error_code` is an error too; its first three digits stand in for
the status. Every request waits its turn in one `RequestLimiter` (requests in flight and per
second; a 429 pauses them all). Reads (status, result, catalog) and cancel are retried with
backoff, honouring `Retry-After`; a submit is never repeated once it may have reached the server, because no
idempotency key exists and a second submit is a second bill.
"""

from __future__ import annotations

import logging
import math
import random
import re
from collections.abc import Awaitable, Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any, Literal

import anyio

from runcomfy_skills.runcomfy.download import ByteBudget, DownloadedFile, download_files
from runcomfy_skills.errors import ExitCode, SkillError, contains_secret, redact, register_secret
from runcomfy_skills.runcomfy.auth import SIGN_IN_HINT, load_token
from runcomfy_skills.runcomfy.limiter import RequestLimiter
from runcomfy_skills.runcomfy.transport import Transport, TransportError
from runcomfy_skills.runcomfy.workers import Workers
from runcomfy_skills.urls import api_base_problem
from runcomfy_skills.runcomfy.wire import (
    TERMINAL,
    CancelOutcome,
    JobResult,
    JobState,
    JobStatus,
    SubmitReceipt,
    collect_output_urls,
    detail_fields,
    known_state,
    parse_state,
    retry_after_seconds,
    status_of_body,
    text_or_none,
    upstream_message,
)

__all__ = [
    "DEFAULT_API_BASE",
    "ByteBudget",
    "CancelOutcome",
    "DownloadedFile",
    "JobResult",
    "JobState",
    "JobStatus",
    "RunComfyClient",
    "SubmitOutcomeUnknown",
    "SubmitReceipt",
    "collect_output_urls",
    "load_token",
    "parse_state",
]

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://model-api.runcomfy.net/v1"
MAX_READ_ATTEMPTS = 4
MAX_SUBMIT_ATTEMPTS = 3
MAX_RETRY_AFTER = 120.0
_MODEL_ID = re.compile(r"^[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+$")
# Upstream ids are checked before we store, print or put them in a path: a strict shape, no secret inside.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$")
_OUTCOMES = frozenset({"cancelled", "canceled", "not_cancellable", "in_queue", "in_progress", "completed", "failed",
                       "unknown"})
_ERROR_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


def valid_request_id(value: Any) -> bool:
    return isinstance(value, str) and bool(_REQUEST_ID.match(value)) and not contains_secret(value)


class SubmitOutcomeUnknown(SkillError):
    """The submit may have reached RunComfy, but no answer came back: never resubmit blindly."""

    def __init__(self, model_id: str, reason: str) -> None:
        super().__init__(
            ExitCode.TEMPFAIL,
            f"Submitting to {model_id} got no definite answer ({reason}); the job may have been accepted "
            "and may be billed.",
            hint="Check your recent requests in the RunComfy dashboard (https://www.runcomfy.com) before "
            "submitting again, so the same job is not paid for twice.",
            details={"model_id": model_id, "outcome": "unknown"},
        )


# -------------------------------------------------------------------------------------- client

NotFound = Literal["model", "request"]
_NOT_FOUND: dict[str, tuple[str, str]] = {
    "model": (
        "Unknown model id",
        "Check the route's model id; `runcomfy-skills catalog-diff` compares the routes with RunComfy's catalog.",
    ),
    "request": ("Unknown or expired request id", "Check the id; RunComfy keeps results only for a limited time."),
}


class _Answer:
    """A decoded API response: effective status, JSON body, Retry-After hint, redirect target."""

    __slots__ = ("status", "body", "retry_after", "location")

    def __init__(self, status: int, body: Any, retry_after: float | None, location: str | None) -> None:
        self.status, self.body, self.retry_after, self.location = status, body, retry_after, location


class RunComfyClient:
    """One client, one connection pool. The bearer token goes only to the API base, never to file hosts."""

    def __init__(
        self,
        token: str,
        api_base: str = DEFAULT_API_BASE,
        *,
        allowed_api_hosts: tuple[str, ...] = (),
        download_origins: tuple[str, ...] = (),
        max_download_bytes: int = 2 * 1024**3,
        poll_initial: float = 1.0,
        poll_max: float = 10.0,
        request_timeout: float = 60.0,
        max_parallel_downloads: int = 4,
        limiter: RequestLimiter | None = None,
    ) -> None:
        register_secret(token)
        if problem := api_base_problem(api_base, allowed_api_hosts):  # the token goes only to RunComfy
            raise SkillError(ExitCode.USAGE, redact(f"The API base {api_base.split('?')[0][:200]!r} {problem}; "
                                                    "nothing was sent."), where="RUNCOMFY_API_BASE")
        self._auth = {"Authorization": f"Bearer {token}"}
        self.api_base = api_base.rstrip("/")
        self.download_origins = download_origins
        self.max_download_bytes = max_download_bytes
        self.poll_initial = poll_initial
        self.poll_max = max(poll_max, poll_initial)
        self.max_parallel_downloads = max_parallel_downloads
        self.limiter = limiter or RequestLimiter()
        self._transport = Transport(self.api_base, connect_timeout=min(10.0, request_timeout),
                                    read_timeout=request_timeout)
        # Threads of our own (one per request in flight): API calls never wait behind downloads or file work.
        self._workers = Workers(self.limiter.max_in_flight, "runcomfy-api")

    async def __aenter__(self) -> RunComfyClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        self._transport.close()
        self._workers.close()

    # -- plumbing ---------------------------------------------------------------------------

    def _backoff(self, attempt: int) -> float:
        base = min(self.poll_max, self.poll_initial * 2**attempt)
        return base * random.uniform(0.8, 1.0)

    async def _send(self, method: str, path: str, body: dict | None = None) -> _Answer:
        """One request through the limiter, on a worker thread. A cancelled caller does not wait for
        the thread: it finishes (or is cut by `aclose`) on its own and its answer is dropped."""
        async with self.limiter.slot():
            response = await self._workers.run(self._transport.request, method, path, body, self._auth)
        status, payload = response.status, response.body
        if status < 300 and (body_status := status_of_body(payload)) is not None:
            status = body_status
        retry_after = retry_after_seconds(response.headers.get("retry-after"))
        if status == 429:
            self.limiter.pause(min(retry_after, MAX_RETRY_AFTER) if retry_after is not None else None)
        return _Answer(status, payload, retry_after, response.headers.get("location"))

    def _error(self, answer: _Answer, what: str, *, missing: NotFound = "request") -> SkillError:
        status, body = answer.status, answer.body
        upstream = redact(upstream_message(body, f"HTTP {status}"))
        details: dict[str, Any] = {"http_status": status}
        code = body.get("error_code") if isinstance(body, dict) else None
        if code is not None and _ERROR_CODE.match(str(code)) and not contains_secret(str(code)):
            details["error_code"] = code
        if answer.retry_after is not None:
            details["retry_after"] = answer.retry_after
        if 300 <= status < 400:
            message = f"RunComfy redirected {what} to {answer.location or 'elsewhere'}; not followed, to keep the token"
            return SkillError(ExitCode.UNAVAILABLE, redact(message), hint="Check RUNCOMFY_API_BASE.", details=details)
        if status in (401, 403):
            message = f"RunComfy refused the token for {what}: {upstream}"
            return SkillError(ExitCode.NOPERM, message, hint=SIGN_IN_HINT, details=details)
        if status == 402:
            return SkillError(
                ExitCode.DATA,
                f"RunComfy needs more credit for {what}: {upstream}",
                hint="Top up your balance at https://www.runcomfy.com, then submit again.",
                details=details,
            )
        if status == 404:
            message, fix = _NOT_FOUND[missing]
            return SkillError(ExitCode.DATA, f"{message} for {what}: {upstream}", hint=fix, details=details)
        if status in (408, 429):
            message = f"RunComfy is busy ({status}) for {what}: {upstream}"
            return SkillError(ExitCode.TEMPFAIL, message, hint="Retry in a moment.", details=details)
        if status >= 500:
            message = f"RunComfy is unavailable ({status}) for {what}: {upstream}"
            return SkillError(ExitCode.UNAVAILABLE, message, hint="Try again later.", details=details)
        fields = detail_fields(body)
        where = "; ".join(fields)
        return SkillError(
            ExitCode.DATA,
            f"RunComfy rejected the input for {what}: {upstream}" + (f" ({redact(where)})" if where else ""),
            where=redact(fields[0].split(":")[0]) if fields else "",
            hint="Fix the named field to match the route's input schema (see its SKILL.md table).",
            details=details,
        )

    async def _read(self, method: str, path: str, what: str, missing: NotFound = "request") -> _Answer:
        """A retried call for reads and cancel: 408/429/5xx and network errors back off, then fail."""
        for attempt in range(MAX_READ_ATTEMPTS):
            last = attempt == MAX_READ_ATTEMPTS - 1
            try:
                answer = await self._send(method, path)
            except TransportError as exc:
                if last:
                    code = ExitCode.TEMPFAIL if exc.timeout else ExitCode.UNAVAILABLE
                    raise SkillError(
                        code,
                        f"Cannot reach RunComfy at {self.api_base} for {what} ({exc.reason}).",
                        hint="Check the network and RUNCOMFY_API_BASE, then retry.",
                    ) from None
                await anyio.sleep(self._backoff(attempt))
                continue
            if answer.status < 300:
                return answer
            retryable = answer.status in (408, 429) or answer.status >= 500
            hint = answer.retry_after
            if not retryable or last or (hint is not None and hint > MAX_RETRY_AFTER):
                raise self._error(answer, what, missing=missing)
            delay = max(hint or 0.0, self._backoff(attempt))
            log.info("RunComfy answered %s for %s; retrying in %.2f s", answer.status, what, delay)
            await anyio.sleep(delay)
        raise AssertionError("unreachable")

    @staticmethod
    def _request_path(request_id: str, action: str) -> str:
        if not valid_request_id(request_id):
            raise SkillError(ExitCode.USAGE, redact(f"{request_id[:80]!r} is not a request id."), where="request_id")
        return f"/requests/{request_id}/{action}"

    @staticmethod
    def _body(answer: _Answer, what: str) -> dict[str, Any]:
        if not isinstance(answer.body, dict):
            message = f"RunComfy sent a non-JSON answer for {what}."
            raise SkillError(ExitCode.UNAVAILABLE, message, hint="Try again later.")
        return answer.body

    # -- queue endpoints --------------------------------------------------------------------

    async def submit(self, model_id: str, body: dict) -> SubmitReceipt:
        """POST /models/{model_id}. Never repeated once it may have reached the server.

        A 404 means the model id is unknown to RunComfy (ExitCode.DATA: the route's data is
        wrong, not the command line). A 429 is a definite "not accepted" and is retried a few
        times honouring Retry-After; other 5xx answers are definite too (UNAVAILABLE). A read
        timeout, a dropped connection or a gateway's 504 raises `SubmitOutcomeUnknown`.
        """
        if not _MODEL_ID.match(model_id) or any(p in (".", "..") for p in model_id.split("/")):
            raise SkillError(ExitCode.USAGE, f"{model_id!r} is not a model id (owner/model/...).", where="model_id")
        what = f"submit to {model_id}"
        for attempt in range(MAX_SUBMIT_ATTEMPTS):
            try:
                answer = await self._send("POST", f"/models/{model_id}", body)
            except TransportError as exc:
                if exc.sent:
                    raise SubmitOutcomeUnknown(model_id, exc.reason) from None
                raise SkillError(
                    ExitCode.UNAVAILABLE,
                    f"Cannot reach RunComfy at {self.api_base} ({exc.reason}); nothing was submitted.",
                    hint="Check the network and RUNCOMFY_API_BASE, then retry.",
                ) from None
            if answer.status < 300:
                receipt = answer.body if isinstance(answer.body, dict) else {}
                request_id = receipt.get("request_id")
                if not valid_request_id(request_id):
                    raise SubmitOutcomeUnknown(model_id, "the answer carried no usable request id")
                links = {k: text_or_none(receipt.get(k)) for k in ("status_url", "result_url", "cancel_url")}
                return SubmitReceipt(request_id=request_id, **links)
            if answer.status == 504:  # a gateway gave up waiting: the API behind it may have taken the job
                raise SubmitOutcomeUnknown(model_id, "HTTP 504 from a gateway")
            hint = answer.retry_after
            if answer.status != 429 or attempt == MAX_SUBMIT_ATTEMPTS - 1 or (hint or 0) > MAX_RETRY_AFTER:
                raise self._error(answer, what, missing="model")
            await anyio.sleep(max(hint or 0.0, self._backoff(attempt)))
        raise AssertionError("unreachable")

    async def status(self, request_id: str) -> JobStatus:
        """GET /requests/{id}/status, read tolerantly (queued/running/succeeded/canceled … any case)."""
        what = f"request {request_id}"
        body = self._body(await self._read("GET", self._request_path(request_id, "status"), what), what)
        position = body.get("queue_position")
        return JobStatus(
            request_id=request_id,  # ours, never the echo: upstream text is not trusted into our records
            state=parse_state(body.get("status")),
            queue_position=position if isinstance(position, int) else None,
            raw_status=redact(str(body.get("status"))[:40]),
        )

    async def result(self, request_id: str) -> JobResult:
        """GET /requests/{id}/result; before the end it reports the current state with no output."""
        what = f"request {request_id}"
        body = self._body(await self._read("GET", self._request_path(request_id, "result"), what), what)
        raw = body.get("status")
        if raw is None:
            raw = "failed" if body.get("error") else "completed" if body.get("output") is not None else raw
        output = body.get("output")
        return JobResult(
            request_id=request_id,
            state=parse_state(raw),
            output=output,
            output_urls=collect_output_urls(output),
            error=body.get("error"),
            created_at=text_or_none(body.get("created_at")),
            finished_at=text_or_none(body.get("finished_at")),
        )

    async def cancel(self, request_id: str) -> CancelOutcome:
        """POST /requests/{id}/cancel. Only queued jobs stop; `not_cancellable` means it runs on and is billed."""
        what = f"cancel of request {request_id}"
        body = self._body(await self._read("POST", self._request_path(request_id, "cancel"), what), what)
        raw = body.get("status")
        state = known_state(raw)
        outcome = str(body.get("outcome") or state or "unknown").lower()
        outcome = outcome if outcome in _OUTCOMES else "unknown"
        cancelled = outcome in ("cancelled", "canceled")
        return CancelOutcome(request_id=request_id, cancelled=cancelled, outcome=outcome, state=state)

    async def wait(
        self,
        request_id: str,
        *,
        timeout: float,
        on_status: Callable[[JobStatus], Awaitable[None]] | None = None,
        first_poll: float = 0.0,
    ) -> JobStatus:
        """Poll until the job ends; TEMPFAIL after `timeout` s (the job keeps running upstream).

        The delay between polls is a third of the time waited so far, from poll_initial up to
        poll_max (with jitter): few polls for a long job, and an end is seen at most a third late
        (doubling delays could see it twice as late). A rate-limited poll waits at least its
        Retry-After before asking again. `first_poll` delays the first one (a job just submitted
        is known to be queued: asking at once is a request per job spent on no news).
        """
        last: JobStatus | None = None
        started = anyio.current_time()
        with anyio.move_on_after(timeout) if timeout < math.inf else nullcontext():  # a scope per job costs memory
            if first_poll > 0:
                await anyio.sleep(first_poll)
            while True:
                last = await self.status(request_id)
                if on_status is not None:
                    await on_status(last)
                if last.state in TERMINAL:
                    return last
                waited = anyio.current_time() - started
                await anyio.sleep(min(self.poll_max, max(self.poll_initial, waited / 3)) * random.uniform(0.8, 1.0))
        state = last.state if last else "unknown"
        raise SkillError(
            ExitCode.TEMPFAIL,
            f"Request {request_id} is still {state} after {timeout:g} s; it keeps running on RunComfy.",
            hint="Check it again later (job_status / job_result); cancel it if you no longer need it.",
            details={"request_id": request_id, "state": state},
        )

    # -- catalog and files ------------------------------------------------------------------

    async def get_model(self, model_id: str) -> dict:
        """GET /models/{model_id} (catalog API): the live input_schema, required_inputs, price."""
        if not _MODEL_ID.match(model_id):
            raise SkillError(ExitCode.USAGE, f"{model_id!r} is not a model id (owner/model/...).", where="model_id")
        what = f"catalog entry {model_id}"
        return self._body(await self._read("GET", f"/models/{model_id}", what, missing="model"), what)

    async def download_outputs(
        self, urls: list[str], output_dir: Path, budget: ByteBudget | None = None
    ) -> list[DownloadedFile]:
        """Save result files (no token sent; allowlisted hosts only); see `download.download_files`."""
        return await download_files(
            urls,
            Path(output_dir),
            extra_origins=self.download_origins,
            max_bytes=self.max_download_bytes,
            max_parallel=self.max_parallel_downloads,
            budget=budget,
        )
