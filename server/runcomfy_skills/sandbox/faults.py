"""Faults the emulator can inject, and the odd HTTP answers they need.

Tests switch a fault on, the emulator misbehaves the way a real API or CDN can (rate limits,
outages, dropped connections, truncated or oversized files, hostile redirects), and the test
checks the client's reaction over real HTTP.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.responses import JSONResponse, Response
from starlette.types import Receive, Scope, Send

Endpoint = Literal["submit", "status", "result", "cancel", "models", "files", "any"]
FaultKind = Literal[
    "rate_limit",
    "server_error",
    "unauthorized",
    "slow",
    "error_body",
    "job_failed",
    "drop_submit",
    "oversize",
    "truncated",
    "redirect_foreign",
    "redirect_local",
    "echo_token",
    "bad_request_id",
    "many_results",
    "long_names",
]
EchoPlace = Literal["error_code", "job_error", "request_id", "result_url"]
_ONLY_ON: dict[str, Endpoint] = {
    "job_failed": "submit",
    "drop_submit": "submit",
    "oversize": "files",
    "truncated": "files",
    "redirect_foreign": "files",
    "redirect_local": "files",
    "bad_request_id": "submit",
    "many_results": "submit",
    "long_names": "submit",
}
FOREIGN_URL = "https://evil.example/x.png"


class Fault(BaseModel):
    """One misbehaviour, applied to the next `times` requests on `endpoint` (None = until cleared).

    Kinds:
    - `rate_limit`: 429 with `Retry-After: <retry_after>` (fractions allowed, for fast tests).
    - `server_error`: HTTP `status` (5xx) with an `error_code` body.
    - `unauthorized`: 401 with `error_code` 401001, whatever the token.
    - `slow`: wait `delay` seconds, then answer normally (a submit still creates its job).
    - `error_body`: HTTP 200 whose body is `{"error_code": <error_code>, "error_message": ...}`.
    - `job_failed` (submit): the job is accepted, then ends `failed` with `error` set.
    - `drop_submit` (submit): the job is recorded, then the connection closes with no response.
    - `oversize` (files): a body of `size` bytes; `chunked` streams it without Content-Length
      (HTTP/1.1 cannot send more than a declared length, so "more than declared" means this).
    - `truncated` (files): declares the full file, sends half, closes the connection.
    - `redirect_foreign` (files): 302 to https://evil.example/x.png.
    - `redirect_local` (files): 302 back to the same emulator URL (served normally once spent).

    A hostile upstream (any endpoint for `echo_token`; the others mark the job a submit creates):
    - `echo_token`: sends back the bearer token it received, `echo_in` one place: a 200 error body's
      `error_code` and message (`error_code`, any endpoint), or, on submit, the failed job's error
      message (`job_error`), the request id (`request_id`), the result URLs' path and query (`result_url`).
    - `bad_request_id` (submit): answers with `request_id` = `text` (a path, a huge or empty id).
    - `many_results` (submit): the job's output lists `count` files.
    - `long_names` (submit): its result file name is `count` characters long (multi-byte ones).
    """

    model_config = ConfigDict(extra="forbid")

    kind: FaultKind
    endpoint: Endpoint | None = None
    times: int | None = Field(default=1, ge=1)
    retry_after: float = Field(default=1.0, ge=0)
    status: int = Field(default=503, ge=500, le=599)
    delay: float = Field(default=1.0, ge=0)
    error_code: int = 500001
    size: int = Field(default=64 * 1024 * 1024, ge=1)
    chunked: bool = False
    echo_in: EchoPlace = "error_code"
    text: str = "../../../etc/passwd"
    count: int = Field(default=60, ge=1, le=100_000)

    @model_validator(mode="after")
    def _fit_endpoint(self) -> Fault:
        natural = _ONLY_ON.get(self.kind)
        if self.kind == "echo_token" and self.echo_in != "error_code":
            natural = "submit"
        if self.endpoint is None:
            self.endpoint = natural or "any"
        elif natural and self.endpoint != natural:
            raise ValueError(f"fault {self.kind!r} applies only to the {natural!r} endpoint")
        return self


def error_response(
    status: int, code: int | str, message: str, detail: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """An upstream-shaped error: `{"error_code", "error_message", "detail"}`."""
    body = {"error_code": code, "error_message": message, **({"detail": detail} if detail is not None else {})}
    return JSONResponse(body, status_code=status, headers=headers)


def http_fault_response(fault: Fault, token: str = "") -> Response | None:
    """The answer that replaces the real one for faults that are plain HTTP errors; None otherwise."""
    if fault.kind == "echo_token" and fault.echo_in == "error_code":
        return error_response(200, f"400{token}", f"Rejected token {token}", [{"loc": ["body", token], "msg": token}])
    if fault.kind == "rate_limit":
        hint = f"{fault.retry_after:g}"
        return error_response(429, 429001, "Too Many Requests", f"Retry after {hint} s.", {"Retry-After": hint})
    if fault.kind == "server_error":
        return error_response(fault.status, 500001, "Internal Error", "Injected server error.")
    if fault.kind == "unauthorized":
        return error_response(401, 401001, "Unauthorized", "Token rejected.")
    if fault.kind == "error_body":
        return error_response(200, fault.error_code, "Injected error in a 200 body", "Injected.")
    return None


class IntentionalBreak(Exception):
    """Raised on purpose so uvicorn closes the connection mid-response; kept out of the logs."""


class QuietBreaks(logging.Filter):
    """Drops uvicorn's "Exception in ASGI application" records for breaks we caused on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], IntentionalBreak))


class DroppedResponse(Response):
    """No response at all: h11 refuses an invalid header before writing a byte, so uvicorn just closes.

    Relies on the emulator running uvicorn's h11 protocol (it pins `http="h11"`).
    """

    def __init__(self) -> None:
        super().__init__()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await send({"type": "http.response.start", "status": 200, "headers": [(b"bad header", b"x")]})
        except Exception:  # noqa: BLE001 - the refusal is the point
            pass
        raise IntentionalBreak("connection dropped on purpose")


class TruncatedResponse(Response):
    """Declares the whole body, sends the first half, then breaks the connection."""

    def __init__(self, body: bytes, media_type: str) -> None:
        super().__init__(body, media_type=media_type)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        await send({"type": "http.response.body", "body": self.body[: len(self.body) // 2], "more_body": True})
        raise IntentionalBreak("body truncated on purpose")
