"""Reading the Model API's JSON: status spellings, output URLs, Retry-After."""

from __future__ import annotations

from email.utils import formatdate
from time import time

import pytest

from runcomfy_skills.errors import ExitCode, SkillError
from runcomfy_skills.runcomfy.wire import collect_output_urls, detail_fields, parse_state, retry_after_seconds, status_of_body


@pytest.mark.parametrize(
    ("raw", "state"),
    [
        ("in_queue", "in_queue"), ("QUEUED", "in_queue"), ("in_progress", "in_progress"), ("Running", "in_progress"),
        ("completed", "completed"), ("SUCCEEDED", "completed"), ("failed", "failed"), ("error", "failed"),
        ("cancelled", "cancelled"), ("Canceled", "cancelled"),
    ],
)
def test_status_strings_are_read_tolerantly(raw, state):
    assert parse_state(raw) == state


def test_unknown_status_is_an_upstream_error():
    with pytest.raises(SkillError) as caught:
        parse_state("exploded")
    assert caught.value.code == ExitCode.UNAVAILABLE


def test_output_urls_are_every_http_string_in_output_in_order_without_duplicates():
    output = {
        "video": "https://cdn.runcomfy.net/a.mp4",
        "extra": {"thumbs": ["https://cdn.runcomfy.net/t1.png", "not a url", "http://cdn.runcomfy.net/t2.png"]},
        "again": "https://cdn.runcomfy.net/a.mp4",
        "count": 3,
    }
    assert collect_output_urls(output) == [
        "https://cdn.runcomfy.net/a.mp4",
        "https://cdn.runcomfy.net/t1.png",
        "http://cdn.runcomfy.net/t2.png",
    ]


def test_retry_after_accepts_integers_fractions_and_http_dates():
    assert retry_after_seconds("2") == 2.0
    assert retry_after_seconds("0.2") == 0.2
    assert 8 <= retry_after_seconds(formatdate(time() + 10, usegmt=True)) <= 10
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_an_error_code_in_a_body_stands_for_its_leading_three_digits():
    assert status_of_body({"error_code": 422001, "error_message": "Validation Error"}) == 422
    assert status_of_body({"error_code": "401001"}) == 401
    assert status_of_body({"error_code": "oops"}) == 500
    assert status_of_body({"request_id": "r1"}) is None


def test_validation_detail_names_each_field_and_its_problem():
    body = {"detail": [{"loc": ["body", "video"], "msg": "Field required"}, {"loc": ["body", "images", 2]}, "junk"]}
    assert detail_fields(body) == ["video: Field required", "images.2"]
