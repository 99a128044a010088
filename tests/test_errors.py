"""Errors say what, where and how to fix it, and never carry the token."""

from __future__ import annotations

from runcomfy_skills.errors import ExitCode, SkillError, redact, register_secret


def test_describe_joins_message_location_and_hint() -> None:
    err = SkillError(ExitCode.DATA, "Field is wrong.", where="video", hint="Use a URL.")
    assert err.describe() == "Field is wrong. (at video) Use a URL."
    assert err.to_dict()["code"] == 65 and err.to_dict()["kind"] == "data"


def test_registered_secret_is_blanked_everywhere() -> None:
    register_secret("s3cr3t-token-value")
    err = SkillError(ExitCode.NOPERM, "rejected s3cr3t-token-value", hint="token s3cr3t-token-value")
    assert "s3cr3t" not in err.describe() and "s3cr3t" not in str(err.to_dict())


def test_bearer_headers_are_blanked_even_when_unregistered() -> None:
    assert redact("Authorization: Bearer abcdefghijklmnop1234") == "Authorization: Bearer ***"
