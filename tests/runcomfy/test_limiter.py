"""The request limiter: requests in flight, requests per second, and a 429 pausing them all."""

from __future__ import annotations

import anyio
import pytest

from runcomfy_skills.runcomfy.client import RunComfyClient
from runcomfy_skills.runcomfy.limiter import RequestLimiter
from runcomfy_skills.sandbox.emulator import Fault

pytestmark = pytest.mark.anyio

LUCY = "decart/lucy-edit/restyle"
LUCY_BODY = {"prompt": "make it a watercolour", "video_url": "https://cdn.example.com/in.mp4"}


async def test_no_more_requests_are_in_flight_than_the_limit() -> None:
    limiter, inside, most = RequestLimiter(max_in_flight=3, per_second=1000), 0, 0

    async def request() -> None:
        nonlocal inside, most
        async with limiter.slot():
            inside += 1
            most = max(most, inside)
            await anyio.sleep(0.02)
            inside -= 1

    async with anyio.create_task_group() as tg:
        for _ in range(12):
            tg.start_soon(request)
    assert most == 3


async def test_requests_start_no_faster_than_the_rate() -> None:
    limiter, starts = RequestLimiter(max_in_flight=10, per_second=20), []

    async def request() -> None:
        async with limiter.slot():
            starts.append(anyio.current_time())

    async with anyio.create_task_group() as tg:
        for _ in range(6):
            tg.start_soon(request)
    # The k-th request starts k intervals after the first at the earliest (a late wake-up may not be made up).
    assert len(starts) == 6 and all(t - starts[0] >= k * 0.05 - 0.001 for k, t in enumerate(starts))


async def test_a_pause_holds_requests_that_were_already_waiting_their_turn() -> None:
    limiter = RequestLimiter(max_in_flight=10, per_second=10)
    async with limiter.slot():
        began = anyio.current_time()
    started: list[float] = []

    async def request() -> None:
        async with limiter.slot():
            started.append(anyio.current_time())

    async with anyio.create_task_group() as tg:
        tg.start_soon(request)  # its turn is 0.1 s away
        await anyio.sleep(0.01)
        limiter.pause(0.3)
    assert started[0] - began >= 0.3


@pytest.mark.parametrize("value", [(0, 1.0), (1, 0.0)])
def test_a_limit_of_nothing_is_refused(value: tuple[int, float]) -> None:
    with pytest.raises(ValueError):
        RequestLimiter(*value)


async def test_a_429_holds_every_other_request_for_its_retry_after(emulator) -> None:
    """One job's status poll is rate limited; another job's submit, sent meanwhile, waits out the hint too."""
    limiter = RequestLimiter(max_in_flight=8, per_second=1000)
    async with RunComfyClient(emulator.token, emulator.base_url, limiter=limiter) as client:
        receipt = await client.submit(LUCY, LUCY_BODY)
        emulator.inject(Fault(kind="rate_limit", endpoint="status", retry_after=0.5))
        async with anyio.create_task_group() as tg:
            tg.start_soon(client.status, receipt.request_id)
            while not (polls := [r.at for r in emulator.timeline() if r.path.endswith("/status")]):
                await anyio.sleep(0.005)
            await anyio.sleep(0.05)  # the 429 has reached the client
            await client.submit(LUCY, LUCY_BODY)
    second_submit = [r.at for r in emulator.timeline() if r.path == f"/v1/models/{LUCY}"][-1]
    assert second_submit - polls[0] >= 0.5 * 0.95
