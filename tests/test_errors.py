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


def test_log_lines_and_their_tracebacks_never_carry_a_registered_secret(capsys) -> None:
    import logging
    import sys

    register_secret("log-canary-77aa99")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test-redaction")
    logger.addHandler(handler)
    try:
        logger.error("submitted as request %s", "log-canary-77aa99")
        try:
            raise ValueError("upstream said log-canary-77aa99")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    err = capsys.readouterr().err
    assert "log-canary" not in err and "request ***" in err and "ValueError: upstream said ***" in err


def test_url_encoded_echoes_and_nested_details_are_redacted() -> None:
    from runcomfy_skills.errors import redact_data

    register_secret("tok/with+chars=")
    assert redact("https://x/tok%2Fwith%2Bchars%3D.png") == "https://x/***.png"
    assert redact_data({"a": ["tok/with+chars="], "tok/with+chars=": 1}) == {"a": ["***"], "***": 1}
    err = SkillError(ExitCode.DATA, "x", where="tok/with+chars=", details={"deep": {"v": "tok/with+chars="}})
    assert "tok/with" not in str(err.to_dict())
