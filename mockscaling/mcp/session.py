"""In-process MCP sessions for tests: the SDK's own client talking to the fake's MCP server without a socket."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from mcp import Client

from ..worlds.world import Store
from .server import build_server


@asynccontextmanager
async def in_process_client(store: Store, user_id: str) -> AsyncIterator[Client]:
    """An initialized SDK client signed in as `user_id` (a fresh connection with its own token), no socket.

    Example::

        async with in_process_client(store, "user_bob") as client:
            result = await client.call_tool("list_incidents", {"status": "investigating"})
    """
    access, _ = store.issue_mcp_tokens(user_id)
    async with Client(build_server(store, token_source=lambda ctx: access.token)) as client:
        yield client
