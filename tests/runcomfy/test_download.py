"""Safe downloads from the emulator's file host over real loopback HTTP."""

from __future__ import annotations

import hashlib
import os
import shutil
import time

import anyio
import pytest

from runcomfy_skills.sandbox import media
from runcomfy_skills.runcomfy.download import MAX_REDIRECTS, download_files
from runcomfy_skills.runcomfy.sink import reserve
from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.runcomfy.client import RunComfyClient
from runcomfy_skills.sandbox.emulator import FOREIGN_URL, Fault

pytestmark = pytest.mark.anyio


def _capped_client(emulator, max_bytes: int) -> RunComfyClient:
    return RunComfyClient(
        emulator.token, emulator.base_url, download_origins=(emulator.origin,), max_download_bytes=max_bytes
    )


def _entries(directory) -> list[str]:
    """Everything in the directory, hidden temp files included."""
    return sorted(os.listdir(directory))


def _receiving(directory) -> bool:
    """A hidden temp file exists and has bytes in it."""
    try:
        return any(e.name.startswith(".") and e.stat().st_size > 0 for e in os.scandir(directory))
    except FileNotFoundError:  # the temp file went between listing and looking
        return False


# ----------------------------------------------------------------------------- saved files


async def test_video_is_saved_with_size_sha256_and_media_type(emulator, emulator_client, tmp_path):
    url = f"{emulator.origin}/files/job1/result.mp4"
    [saved] = await emulator_client.download_outputs([url], tmp_path)
    content = media.mp4()
    assert saved.path == tmp_path / "result.mp4" and saved.path.read_bytes() == content
    assert (saved.url, saved.size, saved.media_type) == (url, len(content), "video/mp4")
    assert saved.sha256 == hashlib.sha256(content).hexdigest()


async def test_a_large_streamed_file_is_hashed_correctly(emulator, emulator_client, tmp_path):
    n_bytes = 5 * 1024 * 1024 + 123
    [saved] = await emulator_client.download_outputs([f"{emulator.origin}/files/blob/{n_bytes}.bin"], tmp_path)
    expected = hashlib.sha256()
    for chunk in media.blob(n_bytes):
        expected.update(chunk)
    assert (saved.size, saved.sha256) == (n_bytes, expected.hexdigest())
    assert saved.media_type == "application/octet-stream" and saved.path.stat().st_size == n_bytes


async def test_no_token_is_sent_to_the_file_host(emulator, emulator_client, tmp_path):
    emulator.inject(Fault(kind="redirect_local"))
    await emulator_client.download_outputs([f"{emulator.origin}/files/job13/result.mp4"], tmp_path)
    file_requests = [r for r in emulator.timeline() if r.path.startswith("/files/")]
    assert len(file_requests) == 2 and not any(r.authorized for r in file_requests)


async def test_traversal_names_land_inside_the_output_dir(emulator, emulator_client, tmp_path):
    out = tmp_path / "out"
    urls = [f"{emulator.origin}/files/job2/..%2F..%2Fetc%2Fpasswd", f"{emulator.origin}/files/job2/a/b/../x.png"]
    files = await emulator_client.download_outputs(urls, out)
    assert [f.path.parent for f in files] == [out, out]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(f.path.name for f in files)


async def test_existing_files_are_never_overwritten(emulator, emulator_client, tmp_path):
    (tmp_path / "result.mp4").write_bytes(b"mine")
    url = f"{emulator.origin}/files/job3/result.mp4"
    first = await emulator_client.download_outputs([url], tmp_path)
    second = await emulator_client.download_outputs([url], tmp_path)
    assert (tmp_path / "result.mp4").read_bytes() == b"mine"
    assert [f.path.name for f in first + second] == ["result-1.mp4", "result-2.mp4"]


async def test_parallel_downloads_with_one_name_get_distinct_files(emulator, emulator_client, tmp_path):
    urls = [f"{emulator.origin}/files/job{i}/image.png" for i in range(6)]
    files = await emulator_client.download_outputs(urls, tmp_path)
    assert len({f.path for f in files}) == 6 and all(f.media_type == "image/png" for f in files)
    assert len(_entries(tmp_path)) == 6


async def test_at_most_max_parallel_files_are_fetched_at_once(emulator, tmp_path):
    emulator.inject(Fault(kind="slow", endpoint="files", delay=0.3, times=None))
    urls = [f"{emulator.origin}/files/job16/{i}.png" for i in range(6)]
    await download_files(urls, tmp_path, extra_origins=(emulator.origin,), max_parallel=2)
    arrivals = sorted(r.at for r in emulator.timeline())
    assert len(arrivals) == 6 and all(later - first >= 0.25 for first, later in zip(arrivals, arrivals[2:]))


def _reserves_blocks(directory) -> bool:
    """The file system under `directory` takes block reservations (ext4, xfs, tmpfs do)."""
    probe = directory / "probe"
    with open(probe, "wb") as out:
        reserve(out.fileno(), 1024 * 1024)
        reserved = os.fstat(out.fileno()).st_blocks * 512 >= 1024 * 1024
    probe.unlink()
    return reserved


def test_reserving_blocks_keeps_the_file_size(tmp_path):
    if not _reserves_blocks(tmp_path):
        pytest.skip("this file system takes no block reservations")
    with open(tmp_path / "f", "wb") as out:
        reserve(out.fileno(), 8 * 1024 * 1024)
        out.write(b"abc")
    stat = (tmp_path / "f").stat()
    assert stat.st_size == 3 and stat.st_blocks * 512 >= 8 * 1024 * 1024


async def test_a_file_larger_than_the_free_space_fails_before_its_body(emulator, tmp_path):
    if not _reserves_blocks(tmp_path):
        pytest.skip("this file system takes no block reservations, so the body would be fetched")
    n_bytes = 2 * shutil.disk_usage(tmp_path).free + 1024**3
    started = time.monotonic()
    async with _capped_client(emulator, 2 * n_bytes) as client:
        with pytest.raises(SkillError, match="cannot write into") as caught:
            await client.download_outputs([f"{emulator.origin}/files/blob/{n_bytes}.bin"], tmp_path)
    assert caught.value.code == ExitCode.TEMPFAIL and "Free space" in (caught.value.hint or "")
    assert _entries(tmp_path) == [] and time.monotonic() - started < 10


# ---------------------------------------------------------------------------- refusals/faults


async def test_oversize_declared_length_is_refused_before_reading(emulator, tmp_path):
    emulator.inject(Fault(kind="oversize", size=10_000_000))
    async with _capped_client(emulator, 4096) as client:
        with pytest.raises(SkillError, match="over the 4096-byte cap") as caught:
            await client.download_outputs([f"{emulator.origin}/files/job4/result.mp4"], tmp_path)
    assert caught.value.code == ExitCode.DATA and caught.value.details["url"].endswith("/result.mp4")
    assert _entries(tmp_path) == []


async def test_oversize_stream_without_length_is_aborted_and_leaves_nothing(emulator, tmp_path):
    emulator.inject(Fault(kind="oversize", size=3_000_000, chunked=True))
    async with _capped_client(emulator, 1_000_000) as client:
        with pytest.raises(SkillError, match="grew past") as caught:
            await client.download_outputs([f"{emulator.origin}/files/job5/result.mp4"], tmp_path)
    assert caught.value.code == ExitCode.DATA
    assert _entries(tmp_path) == []


async def test_truncated_body_is_an_error_and_leaves_no_file(emulator, emulator_client, tmp_path):
    emulator.inject(Fault(kind="truncated"))
    with pytest.raises(SkillError) as caught:
        await emulator_client.download_outputs([f"{emulator.origin}/files/job6/result.mp4"], tmp_path)
    assert caught.value.code == ExitCode.TEMPFAIL and "job6/result.mp4" in caught.value.describe()
    assert _entries(tmp_path) == []


async def test_redirect_to_a_foreign_host_is_refused(emulator, emulator_client, tmp_path):
    emulator.inject(Fault(kind="redirect_foreign"))
    with pytest.raises(SkillError, match="refused") as caught:
        await emulator_client.download_outputs([f"{emulator.origin}/files/job7/result.mp4"], tmp_path)
    assert FOREIGN_URL in caught.value.describe() and caught.value.code == ExitCode.DATA
    assert _entries(tmp_path) == []


async def test_redirect_within_an_allowed_origin_is_followed(emulator, emulator_client, tmp_path):
    emulator.inject(Fault(kind="redirect_local"))
    [saved] = await emulator_client.download_outputs([f"{emulator.origin}/files/job8/result.mp4"], tmp_path)
    assert saved.path.read_bytes() == media.mp4()
    assert [p for _, p in emulator.requests_log] == ["/files/job8/result.mp4"] * 2


async def test_redirect_loops_stop_after_the_hop_limit(emulator, emulator_client, tmp_path):
    emulator.inject(Fault(kind="redirect_local", times=None))
    with pytest.raises(SkillError, match="redirects"):
        await emulator_client.download_outputs([f"{emulator.origin}/files/job9/result.mp4"], tmp_path)
    assert len(emulator.requests_log) == MAX_REDIRECTS + 1 and _entries(tmp_path) == []


async def test_a_url_outside_the_allowlist_is_never_requested(emulator, emulator_client, tmp_path):
    with pytest.raises(SkillError, match="not a RunComfy download host"):
        await emulator_client.download_outputs(["https://evil.example/a.png"], tmp_path)
    with pytest.raises(SkillError, match="refused"):
        await emulator_client.download_outputs([f"http://localhost:{emulator.port}/files/x/a.png"], tmp_path)
    assert emulator.requests_log == []


async def test_file_host_errors_name_the_url_and_leave_no_file(emulator, emulator_client, tmp_path):
    emulator.inject(Fault(kind="server_error", endpoint="files"))
    with pytest.raises(SkillError) as caught:
        await emulator_client.download_outputs([f"{emulator.origin}/files/job10/result.mp4"], tmp_path)
    assert caught.value.code == ExitCode.UNAVAILABLE and "job10/result.mp4" in caught.value.describe()
    assert _entries(tmp_path) == []


async def test_one_failure_still_saves_the_others_and_reports_them(emulator, emulator_client, tmp_path):
    good = f"{emulator.origin}/files/job11/a.png"
    urls = [good, "https://evil.example/b.png", f"{emulator.origin}/files/job11/c.png"]
    with pytest.raises(SkillError) as caught:
        await emulator_client.download_outputs(urls, tmp_path)
    assert "evil.example" in caught.value.describe() and caught.value.details["failed"] == 1
    assert sorted(caught.value.details["saved"]) == [str(tmp_path / "a.png"), str(tmp_path / "c.png")]
    assert _entries(tmp_path) == ["a.png", "c.png"]


async def test_an_output_dir_that_is_a_file_is_a_clear_error(emulator, emulator_client, tmp_path):
    (tmp_path / "taken").write_text("x")
    with pytest.raises(SkillError, match="output directory") as caught:
        await emulator_client.download_outputs([f"{emulator.origin}/files/job12/a.png"], tmp_path / "taken")
    assert caught.value.code == ExitCode.DATA and emulator.requests_log == []


async def test_a_silent_file_host_times_out_and_leaves_no_file(emulator, tmp_path):
    emulator.inject(Fault(kind="slow", endpoint="files", delay=1.5))
    url = f"{emulator.origin}/files/job14/result.mp4"
    with pytest.raises(SkillError, match="did not answer in time") as caught:
        await download_files([url], tmp_path, extra_origins=(emulator.origin,), read_timeout=0.3)
    assert caught.value.code == ExitCode.TEMPFAIL and _entries(tmp_path) == []


# ------------------------------------------------------------------------------ cancellation


async def test_cancelling_mid_transfer_stops_at_once_and_leaves_no_file(emulator, emulator_client, tmp_path):
    url = f"{emulator.origin}/files/blob/{2 * 1024**3}.bin"  # seconds of transfer, even on loopback
    cancelled_at: list[float] = []

    async def cancel_once_receiving(scope: anyio.CancelScope) -> None:
        while not _receiving(tmp_path):
            await anyio.sleep(0.005)
        cancelled_at.append(time.monotonic())
        scope.cancel()

    with anyio.CancelScope() as scope:
        async with anyio.create_task_group() as group:
            group.start_soon(cancel_once_receiving, scope)
            await emulator_client.download_outputs([url], tmp_path)
    assert scope.cancelled_caught and time.monotonic() - cancelled_at[0] < 1.0
    assert _entries(tmp_path) == []
    await anyio.sleep(0.2)
    assert _entries(tmp_path) == []  # nothing kept writing after the caller moved on


async def test_cancelling_while_the_host_is_silent_returns_at_once(emulator, emulator_client, tmp_path):
    emulator.inject(Fault(kind="slow", endpoint="files", delay=5.0))
    started = time.monotonic()
    with anyio.move_on_after(0.3) as scope:
        await emulator_client.download_outputs([f"{emulator.origin}/files/job15/result.mp4"], tmp_path)
    assert scope.cancelled_caught and time.monotonic() - started < 2.0  # not the 5 s the host stays silent
    assert _entries(tmp_path) == []
