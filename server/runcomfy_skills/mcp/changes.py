"""`notifications/tools/list_changed` when RunComfy's live catalog changes what a tool takes.

Two protocol revisions, two channels: a 2025-11-25 connection gets the notification on its session
(each is remembered when its handshake completes), a 2026-07-28 client through the
`subscriptions/listen` stream it opened. The server declares `tools.listChanged` for both.
"""

from __future__ import annotations

import logging
from typing import Any

from mcp.server import Server, ServerRequestContext
from mcp.server.lowlevel.server import NotificationOptions
from mcp.server.models import InitializationOptions
from mcp.server.session import ServerSession
from mcp.server.subscriptions import InMemorySubscriptionBus, ListenHandler, ToolsListChanged
from mcp.types import NotificationParams

log = logging.getLogger(__name__)
MAX_SESSIONS = 256  # the most recent handshakes remembered (an HTTP server may see many short ones)


class ChangingToolsServer(Server[dict[str, Any]]):
    """The SDK's low-level server, declaring that its tool list can change (`tools.listChanged`)."""

    def create_initialization_options(self, notification_options: NotificationOptions | None = None,
                                      *args: Any, **kwargs: Any) -> InitializationOptions:
        options = notification_options or NotificationOptions(tools_changed=True)
        return super().create_initialization_options(options, *args, **kwargs)


class ToolListChanges:
    """Remembers who to tell, and tells them; a connection that has gone away is forgotten."""

    def __init__(self) -> None:
        self._bus = InMemorySubscriptionBus()
        self.listen = ListenHandler(self._bus)  # serves `subscriptions/listen` (2026-07-28)
        self._sessions: list[ServerSession] = []

    async def on_initialized(self, ctx: ServerRequestContext[Any], params: NotificationParams) -> None:
        self._sessions = [*self._sessions[-(MAX_SESSIONS - 1):], ctx.session]

    def install(self, server: Server[dict[str, Any]]) -> None:
        server.add_notification_handler("notifications/initialized", NotificationParams, self.on_initialized)

    async def announce(self) -> None:
        await self._bus.publish(ToolsListChanged())
        for session in list(self._sessions):
            try:
                await session.send_tool_list_changed()
            except Exception:  # noqa: BLE001 - a closed connection; its client will list tools when it returns
                log.debug("forgetting a closed session", exc_info=True)
                self._sessions.remove(session)
