"""MCP tool definitions derived from the catalog: names, schemas, descriptions and hints.

A route tool's input schema is the route's generated schema plus our options (where to save,
how long to wait, and the consent attestations for skills that need them); nothing else.
"""

from __future__ import annotations

import copy
from typing import Any

from mcp.types import Tool, ToolAnnotations

from runcomfy_skills.catalog.skill_docs import Catalog, Route, Skill
from runcomfy_skills.models import Asset, Consent

CONSENT_KEY = "consent"
OPTION_KEYS = frozenset({"output_dir", "wait_seconds", CONSENT_KEY})
JOB_TOOLS = ("job_status", "job_result", "job_cancel", "jobs_list")

_PAID = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True)
_READ = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

OPTIONS: dict[str, Any] = {
    "output_dir": {
        "type": "string",
        "description": "Subfolder of the operator's output folder to save files in (relative, no '..').",
    },
    "wait_seconds": {
        "type": "number",
        "minimum": 0,
        "description": "How long to wait for the job before returning its job_id (0 = return at once). "
        "Default 50 s; the operator sets the maximum.",
    },
}
CONSENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Face swap only: the three attestations. A client that supports elicitation asks its user instead.",
    "properties": {
        name: {"type": "boolean", "description": field.description}
        for name, field in Consent.model_fields.items()
    },
    "required": list(Consent.model_fields),
    "additionalProperties": False,
}
ASSETS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "description": "The media for the request, in the order you would mention them.",
    "items": {
        "type": "object",
        "properties": {
            name: ({"type": "string", "description": field.description} if name != "kind" else
                   {"type": "string", "enum": ["image", "video", "audio"], "description": field.description})
            for name, field in Asset.model_fields.items()
        },
        "required": ["url"],
        "additionalProperties": False,
    },
}

_FILE = {
    "type": "object",
    "properties": {k: {"type": t} for k, t in
                   {"path": "string", "size": "integer", "sha256": "string", "media_type": "string", "url": "string"}.items()},
    "required": ["path", "size", "sha256", "media_type"],
}
JOB_OUTPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "job_id": {"type": "string"},
        "request_id": {"type": ["string", "null"]},
        "state": {"type": "string"},
        "model_id": {"type": "string"},
        "files": {"type": "array", "items": _FILE},
        "output_urls": {"type": "array", "items": {"type": "string"}},
        "summary": {"type": "string"},
    },
    "required": ["job_id", "state", "model_id", "files", "output_urls"],
}
PLAN_OUTPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "decision": {"enum": ["route", "unsupported", "needs_input", "needs_consent", "refuse", "reject_input"]},
        "skill": {"type": ["string", "null"]},
        "route": {"type": ["string", "null"]},
        "tool": {"type": ["string", "null"]},
        "confidence": {"type": "number"},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "alternatives": {"type": "array"},
        "missing": {"type": "array", "items": {"type": "string"}},
        "arguments": {"type": "object"},
        "redirect": {"type": ["string", "null"]},
        "redirect_id": {"type": ["string", "null"]},
        "mode": {"type": ["string", "null"]},
        "rule_ids": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["decision", "skill", "route", "tool", "confidence", "reasons", "alternatives", "missing",
                 "arguments", "redirect", "rule_ids"],
}


ERROR_OUTPUT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {"code": {"type": "integer"}, "kind": {"type": "string"}, "message": {"type": "string"},
                           "where": {"type": "string"}, "hint": {"type": "string"}},
            "required": ["code", "kind", "message"],
        }
    },
    "required": ["error"],
}


def with_error(schema: dict[str, Any]) -> dict[str, Any]:
    """A tool's output is its result or, on an error result, `{"error": ...}`; strict clients check both."""
    return {"type": "object", "anyOf": [schema, ERROR_OUTPUT]}


def resource_uri(skill_name: str) -> str:
    return f"skill://{skill_name}/SKILL.md"


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def route_input_schema(route: Route, skill: Skill) -> dict[str, Any]:
    schema = copy.deepcopy(route.input_schema)
    clash = OPTION_KEYS & set(schema["properties"])
    if clash:
        raise ValueError(f"{route.source}: field(s) {sorted(clash)} clash with this server's own options")
    schema["properties"].update(copy.deepcopy(OPTIONS))
    if skill.consent_required:
        schema["properties"][CONSENT_KEY] = copy.deepcopy(CONSENT_SCHEMA)
    return schema


def _route_tool(route: Route, skill: Skill) -> Tool:
    return Tool(
        name=route.tool,
        title=route.title,
        description=route.description,
        input_schema=route_input_schema(route, skill),
        output_schema=with_error(JOB_OUTPUT),
        annotations=_PAID.model_copy(update={"title": route.title}),
    )


def _skill_tool(skill: Skill) -> Tool:
    routes = "; ".join(f"{r.title} (`{r.tool}`)" for r in skill.routes)
    props: dict[str, Any] = {
        "request": {"type": "string", "minLength": 1, "description": "What you want, in plain words."},
        "assets": ASSETS_SCHEMA,
        **OPTIONS,
    }
    if skill.consent_required:
        props[CONSENT_KEY] = CONSENT_SCHEMA
    return Tool(
        name=skill.tool,
        title=skill.name.replace("-", " ").capitalize(),
        description=f"{skill.description}\n\nPicks the best route for the request and runs it. Routes: {routes}.",
        input_schema=_object(copy.deepcopy(props), ["request", "assets"]),
        output_schema=with_error(JOB_OUTPUT),
        annotations=_PAID,
    )


def build_tools(catalog: Catalog) -> list[Tool]:
    tools = [_route_tool(r, catalog.skill(r.skill)) for r in catalog.routes]
    tools += [_skill_tool(s) for s in catalog.skills]
    job_id = {"job_id": {"type": "string", "description": "The job_id (or RunComfy request_id) of a job."}}
    tools += [
        Tool(
            name="plan",
            title="Plan a request",
            description="Pick the skill and route for a request in plain words, explain why, check the consent gate, "
            "and prepare the arguments. Costs nothing and submits nothing.",
            input_schema=_object(
                {
                    "request": {"type": "string", "minLength": 1, "description": "What you want, in plain words."},
                    "assets": ASSETS_SCHEMA,
                    CONSENT_KEY: CONSENT_SCHEMA,
                    "skill": {"type": "string", "enum": [s.name for s in catalog.skills],
                              "description": "Restrict the choice to one skill."},
                },
                ["request"],
            ),
            output_schema=with_error(PLAN_OUTPUT),
            annotations=_READ.model_copy(update={"title": "Plan a request"}),
        ),
        Tool(
            name="job_status",
            title="Job status",
            description="State of a job from the local journal (survives restarts): queue position, files, errors.",
            input_schema=_object(copy.deepcopy(job_id), ["job_id"]),
            output_schema=with_error(JOB_OUTPUT),
            annotations=_READ,
        ),
        Tool(
            name="job_result",
            title="Collect a job's files",
            description="Wait (bounded) for a job and download its outputs; a finished job returns the files already "
            "on disk without downloading again.",
            input_schema=_object({**copy.deepcopy(job_id), "wait_seconds": OPTIONS["wait_seconds"]}, ["job_id"]),
            output_schema=with_error(JOB_OUTPUT),
            annotations=ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True,
                                        open_world_hint=True),
        ),
        Tool(
            name="job_cancel",
            title="Cancel a job",
            description="Cancel a job upstream. Only queued jobs can be cancelled; a running one finishes, is billed, "
            "and its files are still collected.",
            input_schema=_object(copy.deepcopy(job_id), ["job_id"]),
            output_schema=with_error(JOB_OUTPUT),
            annotations=ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True,
                                        open_world_hint=True),
        ),
        Tool(
            name="jobs_list",
            title="List jobs",
            description="Recent jobs from the local journal, newest first.",
            input_schema=_object(
                {
                    "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 20},
                    "state": {"type": "string", "description": "Only jobs in this state (e.g. in_progress, completed)."},
                },
                [],
            ),
            output_schema=with_error({"type": "object", "required": ["jobs", "count"],
                                      "properties": {"jobs": {"type": "array"}, "count": {"type": "integer"}}}),
            annotations=_READ,
        ),
    ]
    return tools
