"""Output schemas: what `structuredContent` holds, in the fewest bytes that still say it.

Thirteen tools return a job, so they share one compact job schema naming the keys an agent acts
on; the result carries more (request id, queue position, sidecars, warnings, next steps), allowed
but not spelled out. Nothing is `required`, so an error result (`{"error": {...}}`) fits the same
schema, and a nullable key is left untyped rather than given a `type` array (less portable).
"""

from __future__ import annotations

from typing import Any

_STRING = {"type": "string"}
_ARRAY = {"type": "array"}


def _result(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {**properties, "error": {"type": "object"}}}


JOB_OUTPUT = _result({"job_id": _STRING, "state": _STRING, "files": _ARRAY})
JOBS_OUTPUT = _result({"jobs": _ARRAY, "count": {"type": "integer"}})
PLAN_OUTPUT = _result({
    "decision": {"enum": ["route", "unsupported", "needs_input", "needs_consent", "refuse", "reject_input"]},
    "arguments": {"type": "object"},
})
