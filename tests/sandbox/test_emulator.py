"""The emulator and its media: real bytes, upstream-shaped JSON, faults that switch off."""

from __future__ import annotations

import signal
import struct
import subprocess
import sys
import time
import zlib

import httpx2  # the SDK's own HTTP client (installed with mcp), as an outside caller
import pytest
from pydantic import ValidationError

from runcomfy_skills.sandbox import media
from runcomfy_skills.sandbox.emulator import Emulator, Fault

from tests.paths import REPO


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, payload) of every chunk, checking each CRC on the way."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, payload = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + payload), f"bad CRC in {kind!r}"
        chunks.append((kind, payload))
        pos += 12 + length
    return chunks


def _boxes(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, payload) of each ISO-BMFF box at this level; sizes must tile the data exactly."""
    boxes, pos = [], 0
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        assert size >= 8 and pos + size <= len(data), f"box {kind!r} overruns"
        boxes.append((kind, data[pos + 8 : pos + size]))
        pos += size
    assert pos == len(data)
    return boxes


def _auth(emulator) -> dict[str, str]:
    return {"Authorization": f"Bearer {emulator.token}"}


# ---------------------------------------------------------------------------------------- media


def test_png_is_valid_signature_ihdr_idat_iend_with_correct_crcs():
    chunks = _png_chunks(media.png(width=5, height=3, seed=9))
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (width, height, depth, colour) == (5, 3, 8, 2)
    assert len(zlib.decompress(chunks[1][1])) == height * (1 + 3 * width)


def test_png_content_depends_on_the_seed_deterministically():
    assert media.png(seed=1) == media.png(seed=1) != media.png(seed=2)


def test_mp4_is_ftyp_moov_mdat_with_a_movie_header():
    data = media.mp4(duration_ms=2500)
    boxes = _boxes(data)
    assert [kind for kind, _ in boxes] == [b"ftyp", b"moov", b"mdat"]
    assert boxes[0][1][:4] == b"isom"
    [(kind, mvhd)] = _boxes(boxes[1][1])
    timescale, duration = struct.unpack(">II", mvhd[12:20])
    assert kind == b"mvhd" and (timescale, duration) == (1000, 2500)


def test_blob_yields_exactly_the_requested_bytes_in_bounded_chunks():
    chunks = list(media.blob(3 * media.BLOB_CHUNK + 7))
    assert sum(map(len, chunks)) == 3 * media.BLOB_CHUNK + 7
    assert max(map(len, chunks)) == media.BLOB_CHUNK and len(chunks[-1]) == 7


# ------------------------------------------------------------------------------------ HTTP API


def test_result_files_are_served_with_type_and_length(emulator):
    video = httpx2.get(f"{emulator.origin}/files/r1/result.mp4")
    image = httpx2.get(f"{emulator.origin}/files/r1/image-0.png")
    assert (video.headers["content-type"], video.content) == ("video/mp4", media.mp4())
    assert image.headers["content-type"] == "image/png" and int(image.headers["content-length"]) == len(image.content)
    _png_chunks(image.content)


def test_blob_is_served_with_its_declared_length(emulator):
    response = httpx2.get(f"{emulator.origin}/files/blob/1048583.bin")
    assert int(response.headers["content-length"]) == len(response.content) == 1048583


def test_api_calls_without_the_token_get_401_with_an_error_code(emulator):
    response = httpx2.get(f"{emulator.base_url}/models/decart/lucy-edit/restyle")
    assert response.status_code == 401 and response.json()["error_code"] == 401001


def test_catalog_lists_every_route_and_includes_schemas_on_request(emulator, catalog):
    plain = httpx2.get(f"{emulator.base_url}/models", headers=_auth(emulator)).json()
    full = httpx2.get(f"{emulator.base_url}/models?include_schema=true&limit=2&offset=1", headers=_auth(emulator)).json()
    assert [m["model_id"] for m in plain["models"]] == [r.model_id for r in catalog.routes]
    assert all("input_schema" not in m for m in plain["models"])
    assert (full["total"], len(full["models"])) == (len(catalog.routes), 2)
    assert full["models"][0]["model_id"] == catalog.routes[1].model_id and "input_schema" in full["models"][0]


def test_get_and_post_on_a_model_path_reach_catalog_and_submit(emulator):
    url = f"{emulator.base_url}/models/google/nano-banana-2/edit"
    entry = httpx2.get(url, headers=_auth(emulator)).json()
    body = {"prompt": "p", "image_urls": ["https://x.example/a.png"]}
    submitted = httpx2.post(url, json=body, headers=_auth(emulator))
    assert entry["model_id"] == "google/nano-banana-2/edit" and entry["required_inputs"] == ["prompt", "image_urls"]
    assert submitted.status_code == 200 and "request_id" in submitted.json()


def test_catalog_schema_uses_the_upstream_dialect(emulator):
    url = f"{emulator.base_url}/models/wan-ai/wan-2-7/edit-video"
    properties = httpx2.get(url, headers=_auth(emulator)).json()["input_schema"]["properties"]
    assert properties["video"]["format"] == "video_uri" and "x-asset-kind" not in properties["video"]


def test_invalid_body_is_422_naming_each_field(emulator):
    url = f"{emulator.base_url}/models/openai/gpt-image-2/edit"
    response = httpx2.post(url, json={"prompt": "p", "images": "not-a-list", "colour": "red"}, headers=_auth(emulator))
    body = response.json()
    assert (response.status_code, body["error_code"]) == (422, 422001)
    assert sorted(d["loc"][-1] for d in body["detail"]) == ["colour", "images"]
    assert emulator.submits()[-1]["accepted"] is False


def test_unknown_model_submit_is_404(emulator):
    response = httpx2.post(f"{emulator.base_url}/models/acme/nothing", json={}, headers=_auth(emulator))
    assert response.status_code == 404 and response.json()["error_code"] == 400001


def test_image_routes_return_one_image_url_per_requested_image(catalog):
    body = {"prompt": "p", "image_urls": ["https://x.example/a.png", "https://x.example/b.png"], "number_of_images": 3}
    with Emulator(catalog, queue_seconds=0, run_seconds=0) as emulator:
        url = f"{emulator.base_url}/models/google/nano-banana-2/edit"
        rid = httpx2.post(url, json=body, headers=_auth(emulator)).json()["request_id"]
        result = httpx2.get(f"{emulator.base_url}/requests/{rid}/result", headers=_auth(emulator)).json()
    assert result["status"] == "completed"
    assert result["output"] == {"images": [f"{emulator.origin}/files/{rid}/image-{i}.png" for i in range(3)]}


def test_queue_position_counts_down_as_earlier_jobs_leave_the_queue(catalog):
    body = {"prompt": "p", "video_url": "https://x.example/a.mp4"}
    # One connection and 0.4 s margins on each side: the timeline holds on a loaded machine too.
    with Emulator(catalog, queue_seconds=1.2, run_seconds=2) as emulator, httpx2.Client(headers=_auth(emulator)) as http:
        url = f"{emulator.base_url}/models/decart/lucy-edit/restyle"
        first = http.post(url, json=body).json()["request_id"]
        time.sleep(0.6)
        second = http.post(url, json=body).json()["request_id"]
        status = f"{emulator.base_url}/requests/{second}/status"
        before = http.get(status).json()
        time.sleep(0.8)
        after = http.get(status).json()
        earlier = http.get(f"{emulator.base_url}/requests/{first}/status").json()
    assert (before["status"], before["queue_position"]) == ("in_queue", 2)
    assert (after["status"], after["queue_position"]) == ("in_queue", 1)
    assert earlier["status"] == "in_progress" and "queue_position" not in earlier


# --------------------------------------------------------------------------------------- faults


def test_a_fault_applies_its_number_of_times_then_clears(emulator):
    emulator.inject(Fault(kind="server_error", endpoint="files", times=2, status=502))
    codes = [httpx2.get(f"{emulator.origin}/files/r/a.png").status_code for _ in range(3)]
    assert codes == [502, 502, 200]


def test_a_fault_targets_only_its_endpoint(emulator):
    emulator.inject(Fault(kind="unauthorized", endpoint="status"))
    assert httpx2.get(f"{emulator.origin}/files/r/a.png").status_code == 200
    assert httpx2.get(f"{emulator.base_url}/requests/nope/status", headers=_auth(emulator)).status_code == 401


def test_rate_limit_fault_sends_retry_after(emulator):
    emulator.inject(Fault(kind="rate_limit", retry_after=0.2))
    response = httpx2.get(f"{emulator.origin}/files/r/a.png")
    assert (response.status_code, response.headers["retry-after"]) == (429, "0.2")


def test_fault_kinds_bound_to_one_endpoint_refuse_another():
    with pytest.raises(ValidationError, match="only to the 'submit' endpoint"):
        Fault(kind="drop_submit", endpoint="status")
    assert Fault(kind="truncated").endpoint == "files" and Fault(kind="slow").endpoint == "any"


def test_clear_faults_switches_everything_off(emulator):
    emulator.inject(Fault(kind="server_error", times=None))
    emulator.clear_faults()
    assert httpx2.get(f"{emulator.origin}/files/r/a.png").status_code == 200


# ---------------------------------------------------------------------------------- standalone


def test_standalone_emulator_reports_its_url_and_stops_on_sigterm():
    process = subprocess.Popen(
        [sys.executable, "-m", "runcomfy_skills.sandbox", "--port", "0", "--token", "standalone-token"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline().strip()
        assert line.startswith("listening http://127.0.0.1:") and line.endswith("/v1")
        base = line.split(" ", 1)[1]
        response = httpx2.get(f"{base}/models", headers={"Authorization": "Bearer standalone-token"})
        assert response.status_code == 200
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        process.kill()
        process.wait()
