"""The Model API client against the emulator over real loopback HTTP."""

from __future__ import annotations

import json
import socket

import anyio
import pytest

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.runcomfy.client import MAX_READ_ATTEMPTS, MAX_SUBMIT_ATTEMPTS, JobStatus, RunComfyClient, SubmitOutcomeUnknown
from runcomfy_skills.sandbox.emulator import Fault

pytestmark = pytest.mark.anyio

LUCY = "decart/lucy-edit/restyle"
LUCY_BODY = {"prompt": "make it a watercolour", "video_url": "https://cdn.example.com/in.mp4"}
KONTEXT = "blackforestlabs/flux-1-kontext/pro/edit"
KONTEXT_BODY = {"prompt": "give her short hair", "image_url": "https://cdn.example.com/in.png"}


def _gaps(emulator, path_end: str) -> list[float]:
    times = [r.at for r in emulator.timeline() if r.path.endswith(path_end)]
    return [b - a for a, b in zip(times, times[1:])]


def _posts(emulator) -> list[str]:
    return [path for method, path in emulator.requests_log if method == "POST" and path.startswith("/v1/models/")]


# ------------------------------------------------------------------------------- happy paths


async def test_submit_returns_a_receipt_with_the_request_links(emulator, emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    assert receipt.request_id and receipt.status_url.endswith(f"/requests/{receipt.request_id}/status")
    assert emulator.submits()[-1] == {
        "model_id": LUCY, "body": LUCY_BODY, "accepted": True, "http_status": 200, "request_id": receipt.request_id
    }


async def test_status_of_a_fresh_job_is_queued_with_a_position(emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    status = await emulator_client.status(receipt.request_id)
    assert (status.state, status.raw_status) == ("in_queue", "in_queue")
    assert status.queue_position is not None and status.queue_position >= 1


async def test_wait_polls_until_completed_reporting_each_status(emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    seen: list[JobStatus] = []

    async def on_status(status: JobStatus) -> None:
        seen.append(status)

    final = await emulator_client.wait(receipt.request_id, timeout=5, on_status=on_status)
    assert final.state == "completed"
    states = [s.state for s in seen]
    assert states[0] == "in_queue" and states[-1] == "completed" and "in_progress" in states


async def test_polls_space_out_to_a_third_of_the_time_waited_so_the_end_is_seen_soon(catalog):
    from runcomfy_skills.sandbox.emulator import Emulator

    with Emulator(catalog, queue_seconds=1.0, run_seconds=1.5) as emu:
        async with RunComfyClient(emu.token, emu.base_url, poll_initial=0.05, poll_max=5.0) as client:
            receipt = await client.submit(LUCY, LUCY_BODY)
            await client.wait(receipt.request_id, timeout=20)
        polls = [r.at for r in emu.timeline() if r.path.endswith("/status")]
    waited = [t - polls[0] for t in polls]
    # each gap is at most a third of the time waited (0.3 s of slack for a busy machine); doubling gaps
    # would reach 1.6 s at 1.6 s waited
    assert all(b - a <= max(0.05, a / 3) + 0.3 for a, b in zip(waited, waited[1:])), waited
    assert len(polls) <= 20


async def test_result_of_a_video_route_lists_the_video_url(emulator, emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    await emulator_client.wait(receipt.request_id, timeout=5)
    result = await emulator_client.result(receipt.request_id)
    assert result.state == "completed" and result.error is None
    assert result.output_urls == [f"{emulator.origin}/files/{receipt.request_id}/result.mp4"]
    assert result.created_at and result.finished_at


async def test_result_before_the_end_reports_the_current_state_without_output(emulator_client):
    receipt = await emulator_client.submit(KONTEXT, KONTEXT_BODY)
    result = await emulator_client.result(receipt.request_id)
    assert result.state == "in_queue" and result.output is None and result.output_urls == []


async def test_cancel_while_queued_cancels(emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    outcome = await emulator_client.cancel(receipt.request_id)
    assert (outcome.cancelled, outcome.outcome, outcome.state) == (True, "cancelled", "cancelled")
    assert (await emulator_client.status(receipt.request_id)).state == "cancelled"


async def test_cancel_while_running_is_not_cancellable_and_the_job_completes(emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    while (await emulator_client.status(receipt.request_id)).state == "in_queue":
        await anyio.sleep(0.02)
    outcome = await emulator_client.cancel(receipt.request_id)
    assert (outcome.cancelled, outcome.outcome) == (False, "not_cancellable")
    assert (await emulator_client.wait(receipt.request_id, timeout=5)).state == "completed"


async def test_get_model_returns_the_catalog_entry_with_its_input_schema(emulator_client):
    entry = await emulator_client.get_model(KONTEXT)
    assert entry["model_id"] == KONTEXT
    assert entry["input_schema"]["properties"]["image_url"]["format"] == "image_uri"


async def test_downloads_never_carry_the_token_but_api_calls_do(emulator, emulator_client, tmp_path):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    await emulator_client.wait(receipt.request_id, timeout=5)
    result = await emulator_client.result(receipt.request_id)
    files = await emulator_client.download_outputs(result.output_urls, tmp_path)
    assert [f.path.name for f in files] == ["result.mp4"]
    log = emulator.timeline()
    assert all(r.authorized for r in log if r.path.startswith("/v1/"))
    assert [r.authorized for r in log if r.path.startswith("/files/")] == [False]


# --------------------------------------------------------------------------- upstream errors


async def test_schema_mismatch_names_the_offending_field(emulator_client):
    with pytest.raises(SkillError) as caught:
        await emulator_client.submit(LUCY, {"prompt": "no clip given"})
    assert caught.value.code == ExitCode.DATA
    assert caught.value.where == "video_url" and "video_url" in caught.value.describe()


async def test_unknown_model_id_on_submit_is_a_data_error(emulator_client):
    with pytest.raises(SkillError, match="Unknown model id") as caught:
        await emulator_client.submit("nobody/no-such-model", {"prompt": "x"})
    assert caught.value.code == ExitCode.DATA


async def test_unknown_request_id_is_a_data_error(emulator_client):
    with pytest.raises(SkillError, match="request id") as caught:
        await emulator_client.status("0123456789abcdef")
    assert caught.value.code == ExitCode.DATA and caught.value.details["http_status"] == 404


async def test_rejected_token_is_noperm_with_sign_in_hint_and_no_token_in_the_text(emulator):
    token = "wrong-token-5d5d5d5d"
    async with RunComfyClient(token, emulator.base_url, poll_initial=0.01) as client:
        with pytest.raises(SkillError) as caught:
            await client.status("0123456789abcdef")
    error = caught.value
    assert error.code == ExitCode.NOPERM and "RUNCOMFY_TOKEN" in error.hint
    assert token not in error.describe() and token not in json.dumps(error.to_dict())


async def test_api_redirects_are_not_followed(emulator):
    emulator.inject(Fault(kind="redirect_local"))
    async with RunComfyClient(emulator.token, f"{emulator.origin}/files/api") as client:
        with pytest.raises(SkillError, match="redirected") as caught:
            await client.status("0123456789abcdef")
    assert caught.value.code == ExitCode.UNAVAILABLE
    assert emulator.requests_log == [("GET", "/files/api/requests/0123456789abcdef/status")]


async def test_insufficient_credit_is_a_data_error_saying_so(emulator, emulator_client):
    emulator.inject(Fault(kind="error_body", endpoint="submit", error_code=402001))
    with pytest.raises(SkillError, match="credit") as caught:
        await emulator_client.submit(LUCY, LUCY_BODY)
    assert caught.value.code == ExitCode.DATA


async def test_injected_401_is_noperm_without_retrying(emulator, emulator_client):
    emulator.inject(Fault(kind="unauthorized", endpoint="submit"))
    with pytest.raises(SkillError) as caught:
        await emulator_client.submit(LUCY, LUCY_BODY)
    assert caught.value.code == ExitCode.NOPERM
    assert emulator.token not in caught.value.describe()
    assert len(_posts(emulator)) == 1


async def test_error_code_in_a_200_body_is_an_error_by_its_leading_digits(emulator, emulator_client):
    emulator.inject(Fault(kind="error_body", endpoint="submit", error_code=422001))
    with pytest.raises(SkillError) as caught:
        await emulator_client.submit(LUCY, LUCY_BODY)
    assert caught.value.code == ExitCode.DATA and caught.value.details["error_code"] == 422001


async def test_server_error_on_reads_is_retried_then_unavailable(emulator, emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    emulator.inject(Fault(kind="server_error", endpoint="status", times=None))
    with pytest.raises(SkillError) as caught:
        await emulator_client.status(receipt.request_id)
    assert caught.value.code == ExitCode.UNAVAILABLE
    assert sum(p.endswith("/status") for _, p in emulator.requests_log) == MAX_READ_ATTEMPTS


async def test_a_single_server_error_on_a_read_is_retried_transparently(emulator, emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    emulator.inject(Fault(kind="server_error", endpoint="result", status=502))
    assert (await emulator_client.result(receipt.request_id)).request_id == receipt.request_id
    assert sum(p.endswith("/result") for _, p in emulator.requests_log) == 2


async def test_server_error_on_submit_is_unavailable_and_never_resubmitted(emulator, emulator_client):
    emulator.inject(Fault(kind="server_error", endpoint="submit", times=None))
    with pytest.raises(SkillError) as caught:
        await emulator_client.submit(LUCY, LUCY_BODY)
    assert caught.value.code == ExitCode.UNAVAILABLE and not isinstance(caught.value, SubmitOutcomeUnknown)
    assert len(_posts(emulator)) == 1


async def test_gateway_timeout_on_submit_is_an_unknown_outcome_sent_once(emulator, emulator_client):
    emulator.inject(Fault(kind="server_error", endpoint="submit", status=504))
    with pytest.raises(SubmitOutcomeUnknown):
        await emulator_client.submit(LUCY, LUCY_BODY)
    assert len(_posts(emulator)) == 1


async def test_rate_limited_read_waits_at_least_retry_after(emulator, emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    emulator.inject(Fault(kind="rate_limit", endpoint="status", retry_after=0.3))
    await emulator_client.status(receipt.request_id)
    gaps = _gaps(emulator, "/status")
    assert len(gaps) == 1 and gaps[0] >= 0.3


async def test_wait_never_polls_sooner_than_retry_after(emulator, emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    emulator.inject(Fault(kind="rate_limit", endpoint="status", retry_after=0.25, times=2))
    assert (await emulator_client.wait(receipt.request_id, timeout=5)).state == "completed"
    gaps = _gaps(emulator, "/status")
    assert gaps[0] >= 0.25 and gaps[1] >= 0.25


async def test_rate_limited_submit_is_retried_after_the_hint_and_accepted_once(emulator, emulator_client):
    emulator.inject(Fault(kind="rate_limit", endpoint="submit", retry_after=0.2))
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    assert len(_posts(emulator)) == 2 and _gaps(emulator, LUCY)[0] >= 0.2
    assert [s["request_id"] for s in emulator.submits()] == [receipt.request_id]


async def test_persistent_rate_limit_on_submit_is_tempfail_after_bounded_attempts(emulator, emulator_client):
    emulator.inject(Fault(kind="rate_limit", endpoint="submit", retry_after=0.05, times=None))
    with pytest.raises(SkillError) as caught:
        await emulator_client.submit(LUCY, LUCY_BODY)
    assert caught.value.code == ExitCode.TEMPFAIL and not isinstance(caught.value, SubmitOutcomeUnknown)
    assert len(_posts(emulator)) == MAX_SUBMIT_ATTEMPTS and emulator.submits() == []


async def test_dropped_submit_response_is_an_unknown_outcome_sent_once(emulator, emulator_client):
    emulator.inject(Fault(kind="drop_submit"))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        await emulator_client.submit(LUCY, LUCY_BODY)
    assert caught.value.code == ExitCode.TEMPFAIL and "may be billed" in caught.value.describe()
    assert len(_posts(emulator)) == 1 and [s["accepted"] for s in emulator.submits()] == [True]


async def test_submit_answer_slower_than_the_timeout_is_an_unknown_outcome_sent_once(emulator):
    emulator.inject(Fault(kind="slow", endpoint="submit", delay=0.6))
    async with RunComfyClient(emulator.token, emulator.base_url, request_timeout=0.25) as client:
        with pytest.raises(SubmitOutcomeUnknown):
            await client.submit(LUCY, LUCY_BODY)
    assert len(_posts(emulator)) == 1


async def test_submit_that_cannot_connect_is_unavailable_not_unknown():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with RunComfyClient("tok-123456", f"http://127.0.0.1:{port}/v1") as client:
        with pytest.raises(SkillError) as caught:
            await client.submit(LUCY, LUCY_BODY)
    assert caught.value.code == ExitCode.UNAVAILABLE and not isinstance(caught.value, SubmitOutcomeUnknown)


async def test_slow_status_past_the_wait_deadline_is_tempfail_and_the_job_runs_on(emulator, emulator_client):
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    emulator.inject(Fault(kind="slow", endpoint="status", delay=0.6))
    with pytest.raises(SkillError) as caught:
        await emulator_client.wait(receipt.request_id, timeout=0.3)
    assert caught.value.code == ExitCode.TEMPFAIL
    assert caught.value.details["request_id"] == receipt.request_id
    assert (await emulator_client.wait(receipt.request_id, timeout=5)).state == "completed"


async def test_failed_job_ends_failed_with_its_error(emulator, emulator_client):
    emulator.inject(Fault(kind="job_failed"))
    receipt = await emulator_client.submit(LUCY, LUCY_BODY)
    assert (await emulator_client.wait(receipt.request_id, timeout=5)).state == "failed"
    result = await emulator_client.result(receipt.request_id)
    assert result.state == "failed" and result.error and result.output_urls == []
