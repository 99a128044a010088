"""Output schemas, for the two tools whose structured result is not a job.

The thirteen tools that run, follow or collect a job all return the same job view (job_id, state,
files, summary, error; the server instructions describe it once). Repeating its schema thirteen
times cost more of the tool list than the route guidance did, so they declare none and keep their
`structuredContent`. Nothing here is `required`, so an error result (`{"error": {...}}`) fits too,
and a nullable key is left untyped rather than given a `type` array (less portable).
"""

from __future__ import annotations

from typing import Any


def _result(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": {**properties, "error": {"type": "object"}}}


JOBS_OUTPUT = _result({"jobs": {"type": "array"}, "count": {"type": "integer"}})
PLAN_OUTPUT = _result({
    "decision": {"enum": ["route", "unsupported", "needs_input", "needs_consent", "refuse", "reject_input"]},
    "arguments": {"type": "object"},
})
