"""Tool results: a readable summary, the structured content, and a link per saved file.

Clients that ignore `structuredContent` still get the essentials in the text; files are handed
back as `resource_link` items (path, type, size), never as payloads in the context.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mcp.types import CallToolResult, ResourceLink, TextContent

from runcomfy_skills.errors import SkillError, redact, redact_data


def file_links(view: dict[str, Any]) -> list[ResourceLink]:
    """One `resource_link` per saved output file of a job view."""
    return [
        ResourceLink(
            type="resource_link",
            uri=Path(f["path"]).resolve().as_uri(),
            name=Path(f["path"]).name,
            mime_type=f.get("media_type") or None,
            size=f.get("size"),
        )
        for f in view.get("files") or []
    ]


def tool_result(data: dict[str, Any], text: str | None = None) -> CallToolResult:
    """A success: the summary (or the given text), file links, and the data as structured content.
    This is the boundary: nothing leaves with a secret in it."""
    data = redact_data(data)
    summary = TextContent(type="text", text=redact(text or data.get("summary") or json.dumps(data, indent=1)))
    return CallToolResult(content=[summary, *file_links(data)], structured_content=data)


def tool_error(err: SkillError) -> CallToolResult:
    """An error the agent can act on: code, what, where and how to fix it; never a traceback."""
    body = err.to_dict()
    text = f"Error {body['code']} ({body['kind']}): {err.describe()}"
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content={"error": body}, is_error=True)
