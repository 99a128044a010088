"""The skill documents as MCP resources: the full guide behind the tools (when to pick each
route, how to word a prompt, consent), listed with title, type and size so a client can decide
whether to read one."""

from __future__ import annotations

from typing import Any

from mcp.server import ServerRequestContext
from mcp.shared.exceptions import MCPError
from mcp.types import (
    INVALID_PARAMS,
    Annotations,
    ListResourcesResult,
    PaginatedRequestParams,
    ReadResourceRequestParams,
    ReadResourceResult,
    Resource,
    TextResourceContents,
)

from runcomfy_skills.catalog.skill_docs import Catalog, Skill
from runcomfy_skills.mcp.tools import resource_uri

MARKDOWN = "text/markdown"


def skill_resource(skill: Skill) -> Resource:
    return Resource(
        uri=resource_uri(skill.name),
        name=skill.name,
        title=f"{skill.name.replace('-', ' ').capitalize()} skill guide",
        description=skill.summary,
        mime_type=MARKDOWN,
        size=len(skill.text.encode("utf-8")),
        annotations=Annotations(audience=["assistant", "user"]),
    )


class SkillResources:
    def __init__(self, catalog: Catalog) -> None:
        self._skills = {resource_uri(s.name): s for s in catalog.skills}

    async def list(self, ctx: ServerRequestContext[Any], params: PaginatedRequestParams | None) -> ListResourcesResult:
        return ListResourcesResult(resources=[skill_resource(s) for s in self._skills.values()])

    async def read(self, ctx: ServerRequestContext[Any], params: ReadResourceRequestParams) -> ReadResourceResult:
        skill = self._skills.get(params.uri)
        if skill is None:
            raise MCPError(code=INVALID_PARAMS, message=f"Unknown resource {params.uri}; resources/list names them.")
        return ReadResourceResult(contents=[TextResourceContents(uri=params.uri, mime_type=MARKDOWN, text=skill.text)])
