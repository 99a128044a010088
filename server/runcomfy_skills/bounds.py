"""Limits on what one request may carry, checked before any work is done on it.

Routing and the policy read every word of a request, so their time grows with its size; one
session must not be able to stall the others with a megabyte of text or a deeply nested value.
The schemas advertise the limits that matter to an agent (`MAX_REQUEST_CHARS`, `MAX_ASSETS`, the
skill documents' own prompt limits); `check_bounds` enforces the rest for every caller (MCP
tools, raw JSON-RPC that skipped client-side validation, the CLI) in time linear in what it reads
and never more than `MAX_NODES` values. Errors quote at most a short excerpt (`excerpt`).
"""

from __future__ import annotations

from typing import Any

from runcomfy_skills.errors import ExitCode, SkillError

MAX_REQUEST_CHARS = 4000  # a request in plain words (routing reads all of it)
MAX_ASSETS = 20  # asset URLs in one request (the largest route takes 20 images)
MAX_ROLE_CHARS = 64  # an asset's role, e.g. identity, scene, reference_video
MAX_STRING_CHARS = 32_000  # any other string: the longest prompt a route's schema allows
MAX_KEY_CHARS = 128  # an object key
MAX_ITEMS = 100  # any array
MAX_KEYS = 64  # any object
MAX_DEPTH = 8  # objects and arrays inside one another (real arguments use 3)
MAX_NODES = 5000  # values in one call, all levels together
MAX_TOTAL_CHARS = 256 * 1024  # characters of all strings and keys in one call
MAX_MESSAGE_BYTES = 1024 * 1024  # one JSON-RPC message (HTTP body) or CLI input; a real call is a few KB
EXCERPT_CHARS = 60


def excerpt(value: Any, limit: int = EXCERPT_CHARS) -> str:
    """A short quotable form of what was sent: its start, and its size when it was cut."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= limit:
        return repr(text) if isinstance(value, str) else text
    shown = text[:limit]
    return (repr(shown) if isinstance(value, str) else shown) + f"… ({len(text):,} characters)"


def _too_big(what: str, where: str, hint: str) -> SkillError:
    return SkillError(ExitCode.DATA, f"Input too large: {what}.", where=where or "(top level)", hint=hint)


def check_bounds(value: Any, where: str = "") -> None:
    """Raise a data error (65) at the first place `value` breaks a limit above; cost is bounded."""
    total = nodes = 0
    stack: list[tuple[Any, str, int]] = [(value, where, 0)]
    while stack:
        node, path, depth = stack.pop()
        nodes += 1
        if nodes > MAX_NODES:
            raise _too_big(f"more than {MAX_NODES} values in all", where, "Send fewer, smaller values.")
        if isinstance(node, str):
            total += len(node)
            if len(node) > MAX_STRING_CHARS:
                raise _too_big(f"a text of {len(node):,} characters (at most {MAX_STRING_CHARS:,})", path,
                               "Shorten it.")
        elif isinstance(node, (dict, list, tuple)):
            if depth >= MAX_DEPTH:
                raise _too_big(f"values nested more than {MAX_DEPTH} levels deep", path,
                               "Send the tool's arguments as its inputSchema describes them.")
            if isinstance(node, dict):
                if len(node) > MAX_KEYS:
                    raise _too_big(f"an object with {len(node):,} keys (at most {MAX_KEYS})", path,
                                   "Send only the fields the tool takes.")
                for key, item in node.items():
                    key = str(key)
                    total += len(key)
                    if len(key) > MAX_KEY_CHARS:
                        raise _too_big(f"a key of {len(key):,} characters ({excerpt(key)})", path,
                                       "Send only the fields the tool takes.")
                    stack.append((item, f"{path}.{key}" if path else key, depth + 1))
            else:
                if len(node) > MAX_ITEMS:
                    raise _too_big(f"a list of {len(node):,} items (at most {MAX_ITEMS})", path, "Send fewer items.")
                stack.extend((item, f"{path}[{i}]", depth + 1) for i, item in enumerate(node))
        if total > MAX_TOTAL_CHARS:
            raise _too_big(f"more than {MAX_TOTAL_CHARS:,} characters in all", where, "Send less text.")


def check_request(text: str, assets: int = 0) -> None:
    """A request in plain words and its asset count, bounded before it is routed."""
    if len(text) > MAX_REQUEST_CHARS:
        raise _too_big(f"the request is {len(text):,} characters (at most {MAX_REQUEST_CHARS:,})", "request",
                       "Say what you want in a few sentences; put long prompts in a route tool's prompt field.")
    if assets > MAX_ASSETS:
        raise _too_big(f"{assets} assets (at most {MAX_ASSETS})", "assets", "Send fewer files per request.")
