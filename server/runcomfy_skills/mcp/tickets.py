"""Consent tickets: only an answer to an elicitation this server asked counts as the human's.

On the 2026-07-28 protocol the server asks for consent by returning an `InputRequiredResult`,
and the client retries the call with the answer in `input_responses`. A client could send such
an "answer" on its very first call, with no question ever shown to a person. So every question
carries a random, single-use ticket in `request_state`, bound to the exact call it was asked
for (tool and arguments) and valid for a while; an answer counts only when it returns its ticket.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections import OrderedDict
from typing import Any

PREFIX = "consent-ticket:"


def binding(tool: str, arguments: dict[str, Any] | None) -> str:
    """What a ticket is bound to: this tool with exactly these arguments."""
    canonical = json.dumps([tool, arguments or {}], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


class ConsentTickets:
    """Tickets issued and not yet redeemed; bounded, expiring, safe to share between sessions."""

    def __init__(self, ttl_seconds: float = 900.0, capacity: int = 4096) -> None:
        self.ttl = ttl_seconds
        self.capacity = capacity
        self._issued: OrderedDict[str, tuple[str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def issue(self, bound_to: str) -> str:
        """A new ticket for one question; the oldest are dropped beyond `capacity`."""
        nonce = secrets.token_urlsafe(24)
        with self._lock:
            self._issued[nonce] = (bound_to, time.monotonic() + self.ttl)
            while len(self._issued) > self.capacity:
                self._issued.popitem(last=False)
        return PREFIX + nonce

    def redeem(self, request_state: str | None, bound_to: str) -> bool:
        """True once for a live ticket this server issued for this very call; it is spent either way."""
        if not request_state or not request_state.startswith(PREFIX):
            return False
        with self._lock:
            entry = self._issued.pop(request_state.removeprefix(PREFIX), None)
        return entry is not None and entry[0] == bound_to and entry[1] >= time.monotonic()
