"""Provenance sidecars: next to the file, complete, atomic, and without the request text or token."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.models import Consent
from runcomfy_skills.policy.provenance import (
    DISCLOSURE_NOTE,
    ProvenanceRecord,
    sidecar_path,
    unlabeled_copies,
    write_sidecar,
)

PROMPT = "Put the face from image 2 on the astronaut; my token is sk-live-abcdef123456"
YES = {"identity_rights": True, "media_rights": True, "synthetic_media_allowed": True}


def _record(**overrides) -> ProvenanceRecord:
    fields = dict(
        model_id="openai/gpt-image-2/edit",
        request_id="req-123",
        skill="face-swap",
        tool="face_swap",
        consent=YES,
        request_text=PROMPT,
        elicited=True,
    )
    return ProvenanceRecord.for_output(**{**fields, **overrides})


def test_the_sidecar_sits_next_to_the_file_and_records_how_it_was_made(tmp_path):
    media = tmp_path / "out.png"
    media.write_bytes(b"\x89PNG fake image bytes")
    path = write_sidecar(media, _record())
    assert path == tmp_path / "out.png.provenance.json" == sidecar_path(media)
    doc = json.loads(path.read_text())
    assert doc["label"] == "synthetic media" and doc["disclosure"] == DISCLOSURE_NOTE
    assert (doc["file"], doc["model_id"], doc["request_id"]) == ("out.png", "openai/gpt-image-2/edit", "req-123")
    assert (doc["skill"], doc["tool"], doc["consent_source"]) == ("face-swap", "face_swap", "elicitation")
    assert doc["consent"] == YES
    assert doc["sha256"] == hashlib.sha256(media.read_bytes()).hexdigest()
    assert datetime.fromisoformat(doc["created_at"].replace("Z", "+00:00")).tzinfo == timezone.utc


def test_the_request_text_is_kept_only_as_a_hash(tmp_path):
    media = tmp_path / "out.png"
    media.write_bytes(b"x")
    raw = write_sidecar(media, _record()).read_text()
    assert "astronaut" not in raw and "sk-live" not in raw
    assert json.loads(raw)["request_sha256"] == hashlib.sha256(PROMPT.encode()).hexdigest()


def test_a_record_cannot_carry_extra_fields_such_as_a_token():
    with pytest.raises(ValidationError):
        ProvenanceRecord(model_id="m", request_id="r", consent=Consent(), token="sk-live-abcdef123456")  # type: ignore[call-arg]


def test_a_known_file_hash_is_used_as_given(tmp_path):
    media = tmp_path / "clip.mp4"
    media.write_bytes(b"video")
    known = hashlib.sha256(b"video").hexdigest()
    assert json.loads(write_sidecar(media, _record(sha256=known)).read_text())["sha256"] == known


def test_consent_given_in_the_tool_input_is_recorded_as_such(tmp_path):
    media = tmp_path / "clip.mp4"
    media.write_bytes(b"video")
    doc = json.loads(write_sidecar(media, _record(elicited=False, consent=Consent(**YES))).read_text())
    assert doc["consent_source"] == "tool_input"


def test_rewriting_replaces_the_sidecar_whole_and_leaves_no_temporary_files(tmp_path):
    media = tmp_path / "out.png"
    media.write_bytes(b"first")
    write_sidecar(media, _record(request_id="one"))
    media.write_bytes(b"second")
    write_sidecar(media, _record(request_id="two"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.png", "out.png.provenance.json"]
    doc = json.loads(sidecar_path(media).read_text())
    assert doc["request_id"] == "two" and doc["sha256"] == hashlib.sha256(b"second").hexdigest()


def test_a_missing_output_file_is_a_clear_error_and_writes_nothing(tmp_path):
    with pytest.raises(SkillError) as err:
        write_sidecar(tmp_path / "gone.png", _record())
    assert err.value.code == ExitCode.DATA and "missing" in err.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_half_written_sidecar(tmp_path):
    media = tmp_path / "out.png"
    media.write_bytes(b"x")
    sidecar_path(media).mkdir()  # something in the way: the rename must fail
    with pytest.raises(SkillError) as err:
        write_sidecar(media, _record())
    assert "provenance sidecar" in err.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.png", "out.png.provenance.json"]
    assert sidecar_path(media).is_dir()


def test_unlabeled_copies_are_same_bytes_without_a_sidecar_from_before_this_process(tmp_path) -> None:
    import os
    import time

    since = datetime(2020, 1, 1, tzinfo=timezone.utc)
    new = tmp_path / "image-1.png"
    for name, data in (("image.png", b"same"), ("labeled.png", b"same"), ("other.png", b"diff"), ("image-1.png", b"same")):
        (tmp_path / name).write_bytes(data)
    sidecar_path(tmp_path / "labeled.png").write_text("{}")
    started = time.time() + 10  # every file above predates "this process"
    digest = hashlib.sha256(b"same").hexdigest()
    assert unlabeled_copies(new, digest, since, before=started) == [tmp_path / "image.png"]
    os.utime(tmp_path / "image.png", (started + 1, started + 1))  # written by this process: never taken
    assert unlabeled_copies(new, digest, since, before=started) == []
