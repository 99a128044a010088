"""The floor for cold start: the SDK's low-level server serving given tool definitions, nothing else.

    python bench/bare_server.py TOOLS.json      (MCP over stdio; TOOLS.json is a tools/list result)

It imports only the SDK (never runcomfy_skills), lists the tools and answers every call with an
empty text, so `bench_coldstart.py` can compare our start-up with the SDK's own.
"""

from __future__ import annotations

import json
import sys

import anyio
from mcp.server import Server
from mcp.server.stdio import stdio_server
from mcp.types import CallToolResult, ListToolsResult, TextContent, Tool


def main() -> None:
    tools = [Tool.model_validate(t) for t in json.loads(open(sys.argv[1]).read())["tools"]]

    async def list_tools(ctx, params) -> ListToolsResult:  # noqa: ANN001 - the SDK's handler shape
        return ListToolsResult(tools=tools)

    async def call_tool(ctx, params) -> CallToolResult:  # noqa: ANN001
        return CallToolResult(content=[TextContent(type="text", text="")])

    server = Server("bare", on_list_tools=list_tools, on_call_tool=call_tool)

    async def run() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(run)


if __name__ == "__main__":
    main()
