"""What the emulator's file host serves: result media, large blobs for benchmarks, and broken files.

No token is needed (like a CDN's signed URLs): the client must never send one here.
"""

from __future__ import annotations

import zlib
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from runcomfy_skills.sandbox import media
from runcomfy_skills.sandbox.faults import FOREIGN_URL, Fault, TruncatedResponse, error_response


async def file_response(request: Request, fault: Fault | None) -> Response:
    """A result file: a small real PNG or MP4 named by the URL, a large blob, or the fault's odd answer."""
    rid, name = request.path_params["request_id"], request.path_params["name"]
    if fault is not None and fault.kind == "redirect_foreign":
        return Response(status_code=302, headers={"Location": FOREIGN_URL})
    if fault is not None and fault.kind == "redirect_local":
        return Response(status_code=302, headers={"Location": str(request.url)})
    if fault is not None and fault.kind == "oversize":
        return _blob(request, fault.size, declare=not fault.chunked)
    if rid == "blob":
        size = name.removesuffix(".bin")
        if not size.isdigit():
            return error_response(404, 404001, "ResourceNotFound", "Use /files/blob/<bytes>.bin")
        return _blob(request, int(size), declare=True)
    if name.lower().endswith(".mp4"):
        content, kind = media.mp4(), "video/mp4"
    else:
        content, kind = media.png(seed=zlib.crc32(request.url.path.encode()) & 0xFF), "image/png"
    if fault is not None and fault.kind == "truncated":
        return TruncatedResponse(content, kind)
    return Response(content, media_type=kind)


def _blob(request: Request, n_bytes: int, *, declare: bool) -> Response:
    async def chunks() -> Any:
        # Stop once the client has gone: the server would otherwise go on producing a "1 TiB"
        # body into a closed socket, starving the next test's requests on the same event loop.
        for chunk in media.blob(n_bytes):
            if await request.is_disconnected():
                return
            yield chunk

    headers = {"Content-Length": str(n_bytes)} if declare else {}
    return StreamingResponse(chunks(), media_type="application/octet-stream", headers=headers)
