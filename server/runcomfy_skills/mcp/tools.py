"""MCP tool definitions derived from the catalog: names, schemas, descriptions and hints.

An agent pays for `tools/list` in every session, so it stays lean (`tests/mcp/test_tools.py`
guards the budget): descriptions carry only what helps an agent choose and call a tool (notes
for maintainers stay in the skill documents, see `agent_text`), schema annotations meant for
our own code are left out, and the job tools share one compact result schema.

A route tool's input schema is the route's generated schema plus our options (where to save,
how long to wait, and the consent attestations for skills that need them); nothing else.
"""

from __future__ import annotations

import copy
import re
from typing import Any, get_args

from mcp.types import Tool, ToolAnnotations

from runcomfy_skills.bounds import MAX_ASSETS, MAX_REQUEST_CHARS
from runcomfy_skills.catalog.names import accepted_names, canonical_body, wire_body
from runcomfy_skills.catalog.skill_docs import Catalog, Route, Skill
from runcomfy_skills.mcp.outputs import JOBS_OUTPUT, PLAN_OUTPUT
from runcomfy_skills.models import AssetKind, Consent

CONSENT_KEY = "consent"
OPTION_KEYS = frozenset({"output_dir", "wait_seconds", CONSENT_KEY})
JOB_TOOLS = ("job_status", "job_result", "job_cancel", "jobs_list")

# Hints say only what differs from the spec's defaults (not read-only, destructive, not idempotent, open world).
_PAID = ToolAnnotations(destructive_hint=False)
_READ = ToolAnnotations(read_only_hint=True, open_world_hint=False)

# A note for maintainers in a skill document starts with one of these labels: with a colon it runs
# to the end of its paragraph (or table cell), without one it is that sentence ("Unverified name.").
# Either way it never reaches a tool description.
_MAINTAINER_NOTE = re.compile(r"(?:^|(?<=\s))(?:Unverified|Maintainers?|Note for maintainers)(?::.*|\b[^.]*\.)", re.S)

_LEAD = re.compile(r".+?[.!?](?=\s|$)")

# Our own options on every tool that runs a job; the server instructions say what they mean.
OPTIONS: dict[str, Any] = {"output_dir": {"type": "string"}, "wait_seconds": {"type": "number", "minimum": 0}}
# Absent or false attestations count as missing (the gate names them), so none is required.
# What each attestation means is in the server instructions (once, not in every tool's schema).
CONSENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {name: {"type": "boolean"} for name in Consent.model_fields},
}
# The key limits are in the schemas; bounds.py enforces the long tail (nesting, sizes) server-side.
ASSETS_SCHEMA: dict[str, Any] = {
    "type": "array",
    "maxItems": MAX_ASSETS,
    "description": "The media, in the order you would mention them.",
    "items": {
        "type": "object",
        "properties": {
            "url": {"type": "string", "description": "Public https URL."},
            "role": {"type": "string", "description": "e.g. identity, scene, reference, audio, frame."},
            "kind": {"enum": list(get_args(AssetKind))},
        },
        "required": ["url"],
        "additionalProperties": False,
    },
}
REQUEST = {"type": "string", "maxLength": MAX_REQUEST_CHARS, "description": "What you want, in plain words."}
JOB_ID = {"job_id": {"type": "string", "description": "A job_id (or RunComfy request_id)."}}


def checked_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema arguments are checked against: consent is read as data by the gate (anything but a JSON
    `true` is a missing attestation, named in `needs_consent`), so its shape is not a schema error."""
    if CONSENT_KEY not in schema.get("properties", {}):
        return schema
    return {**schema, "properties": {**schema["properties"], CONSENT_KEY: {}}}


def agent_text(text: str, *, lead_only: bool = False) -> str:
    """The parts of a skill document's prose meant for agents, each paragraph on one line.

    `lead_only` keeps each paragraph's first sentence: enough to choose a route; the whole
    guide (prompting, limits) is the skill document, served as a resource.
    """
    paragraphs = [" ".join(_MAINTAINER_NOTE.sub("", p).split()) for p in re.split(r"\n\s*\n", text)]
    if lead_only:
        paragraphs = [_LEAD.match(p).group(0) if _LEAD.match(p) else p for p in paragraphs]
    return "\n".join(p for p in paragraphs if p)


def _for_agents(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a generated schema without our own annotations (`$schema`, `x-…`) or maintainer notes."""
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "$schema" or key.startswith("x-"):
            continue
        if key == "description":
            value = agent_text(value)
            if not value:
                continue
        elif key == "properties":
            value = {name: _for_agents(prop) for name, prop in value.items()}
        elif isinstance(value, dict):
            value = _for_agents(value)
        out[key] = copy.deepcopy(value)
    return out


def resource_uri(skill_name: str) -> str:
    return f"skill://{skill_name}/SKILL.md"


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": copy.deepcopy(properties), "required": required,
            "additionalProperties": False}


def route_input_schema(route: Route, skill: Skill) -> dict[str, Any]:
    """The route's schema under the names RunComfy's catalog gives the fields, plus our options."""
    schema = _for_agents(route.input_schema)
    # a required field with a default is filled in when left out (catalog.bodies.with_defaults)
    schema["required"] = [route.wire.get(k, k) for k in schema["required"] if "default" not in schema["properties"][k]]
    schema["properties"] = {route.wire.get(k, k): v for k, v in schema["properties"].items()}
    clash = OPTION_KEYS & set(accepted_names(route))
    if clash:
        raise ValueError(f"{route.source}: field(s) {sorted(clash)} clash with this server's own options")
    schema["properties"].update(copy.deepcopy(OPTIONS))
    # Every route may put a face into media (a face as a reference image, "replace her face"), so
    # every route takes consent; the gate decides when it is needed.
    schema["properties"][CONSENT_KEY] = copy.deepcopy(CONSENT_SCHEMA)
    return schema


def route_arguments(route: Route, args: dict[str, Any]) -> dict[str, Any]:
    """A route tool's arguments under the names its schema advertises; any alias is accepted (65 when
    two name one field)."""
    body = canonical_body(route, {k: v for k, v in args.items() if k not in OPTION_KEYS})
    return {**wire_body(route, body), **{k: v for k, v in args.items() if k in OPTION_KEYS}}


def _route_description(route: Route) -> str:
    """Which model and skill, and when to pick it: the lead sentence of the route's first paragraph
    meant for agents. The catalog's description opens with the title, which the tool already has."""
    prose = route.description.split("\n\n", 1)[1] if "\n\n" in route.description else ""
    pick = agent_text(prose, lead_only=True).split("\n", 1)[0]
    return f"`{route.model_id}` ({route.skill}). {pick}".rstrip()


def _route_tool(route: Route, skill: Skill) -> Tool:
    return Tool(
        name=route.tool,
        title=route.title,
        description=_route_description(route),
        input_schema=route_input_schema(route, skill),
        annotations=_PAID,
    )


def _skill_tool(skill: Skill) -> Tool:
    routes = ", ".join(f"`{r.tool}`" for r in skill.routes)
    props: dict[str, Any] = {"request": REQUEST, "assets": ASSETS_SCHEMA, **OPTIONS, CONSENT_KEY: CONSENT_SCHEMA}
    return Tool(
        name=skill.tool,
        title=skill.name.replace("-", " ").capitalize(),
        description=f"{skill.summary} Runs the route that fits the request best ({routes}).",
        input_schema=_object(props, ["request", "assets"]),
        annotations=_PAID,
    )


def _job_tools() -> list[Tool]:
    return [
        Tool(
            name="job_status",
            title="Job status",
            description="A job's state from the local journal (survives restarts): queue position, files, error.",
            input_schema=_object(JOB_ID, ["job_id"]),
            annotations=_READ,
        ),
        Tool(
            name="job_result",
            title="Collect a job's files",
            description="Wait (bounded) for a job and download its outputs; files already saved are returned "
            "without downloading again.",
            input_schema=_object({**JOB_ID, "wait_seconds": OPTIONS["wait_seconds"]}, ["job_id"]),
            annotations=ToolAnnotations(destructive_hint=False, idempotent_hint=True),
        ),
        Tool(
            name="job_cancel",
            title="Cancel a job",
            description="Cancel a job upstream. Only queued jobs can be cancelled; a running one finishes, is "
            "billed, and its files are still collected.",
            input_schema=_object(JOB_ID, ["job_id"]),
            annotations=ToolAnnotations(idempotent_hint=True),
        ),
        Tool(
            name="jobs_list",
            title="List jobs",
            description="Recent jobs from the local journal, newest first.",
            input_schema=_object({
                "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 20},
                "state": {"type": "string", "description": "Only jobs in this state, e.g. in_progress."},
            }, []),
            output_schema=JOBS_OUTPUT,
            annotations=_READ,
        ),
    ]


def build_tools(catalog: Catalog) -> list[Tool]:
    tools = [_route_tool(r, catalog.skill(r.skill)) for r in catalog.routes]
    tools += [_skill_tool(s) for s in catalog.skills]
    tools.append(Tool(
        name="plan",
        title="Plan a request",
        description="Pick the skill and route for a request in plain words, say why, check the consent gate and "
        "prepare the arguments. Costs nothing, submits nothing.",
        input_schema=_object({
            "request": REQUEST,
            "assets": ASSETS_SCHEMA,
            CONSENT_KEY: CONSENT_SCHEMA,
            "skill": {"type": "string", "enum": [s.name for s in catalog.skills], "description": "Only this skill."},
        }, ["request"]),
        output_schema=PLAN_OUTPUT,
        annotations=_READ,
    ))
    return tools + _job_tools()
