"""The SDK's low-level MCP server over one store: tools/list and tools/call, errors as contract §7.2 says."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

import mcp_types as types
from marshmallow import ValidationError
from mcp.server.lowlevel import Server
from mcp.shared.exceptions import MCPError

from .. import __version__, chosen
from ..domain import errors
from ..schemas.common import first_error
from ..web.errors import envelope_body
from ..worlds.world import Store
from ..schemas.responses import ErrorOut
from .json_schemas import answer_or_error, json_schema
from .tools import TOOLS

# Who is calling: the bearer token of the request in hand (ctx -> token), so one server serves every caller.
TokenSource = Callable[[Any], "str | None"]


@cache
def tool_list() -> list[types.Tool]:
    """The ten tools as tools/list declares them (input and output schemas made once)."""
    return [
        types.Tool(
            name=tool.name, description=tool.description, input_schema=json_schema(tool.args),
            output_schema=answer_or_error(tool.answer, ErrorOut),
            annotations=types.ToolAnnotations(read_only_hint=tool.read_only, destructive_hint=False),
        )
        for tool in TOOLS.values()
    ]


def request_token(ctx: Any) -> str | None:
    """The bearer token the SDK's auth middleware accepted for this HTTP request (None in-process)."""
    request = getattr(ctx, "request", None)
    user = request.scope.get("user") if request is not None else None
    access = getattr(user, "access_token", None)
    return getattr(access, "token", None)


class ToolCaller:
    """Runs one tools/call against the store: authenticate, validate, fault plans, the tool, the journal."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.schemas = {name: tool.args() for name, tool in TOOLS.items()}

    def call(self, token: str | None, name: str, arguments: dict[str, Any] | None, over_http: bool = False) -> types.CallToolResult:
        """The answer to one tool call; MCPError(-32602) for an unknown tool or arguments the schema refuses.
        `over_http`: the mount already applied the plans that fail the HTTP request (only isError plans are
        left); in-process every plan answers a tool error."""
        store = self.store
        request_id = store.ids.request_id()
        tool = TOOLS.get(name)
        if tool is None:
            raise MCPError(chosen.MCP_INVALID_PARAMS, f"Unknown tool: {name}")
        arguments = {} if arguments is None else arguments
        try:
            principal = store.authenticate_mcp(token)
        except errors.ScalingError as error:
            return self._refused(name, arguments, error, request_id, None)
        try:
            args = self.schemas[name].load(arguments)
        except ValidationError as error:
            message = first_error(error.messages)
            self._record(name, arguments, 422, request_id, principal, {"code": chosen.MCP_INVALID_PARAMS, "message": message})
            raise MCPError(chosen.MCP_INVALID_PARAMS, message) from None
        try:
            plan = store.take_tool_fault(name, principal.org_id, http=False if over_http else None) if store.faults else None
            if plan is not None:
                error = plan.error()
                if error is not None:
                    raise error
            with store.consistent():
                answer = tool.run(store, principal, args)
        except errors.ScalingError as error:
            return self._refused(name, arguments, error, request_id, principal)
        text = json.dumps(answer, ensure_ascii=False)
        self._record(name, arguments, 200, request_id, principal, text)
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)], structured_content=answer)

    def _refused(self, name: str, arguments: Any, error: errors.ScalingError, request_id: str, principal: Any) -> types.CallToolResult:
        body = envelope_body(error, request_id)
        text = json.dumps(body, ensure_ascii=False)
        self._record(name, arguments, error.status, request_id, principal, text)
        return types.CallToolResult(content=[types.TextContent(type="text", text=text)], structured_content=body, is_error=True)

    def _record(self, name: str, arguments: Any, status: int, request_id: str, principal: Any, answer: Any) -> None:
        self.store.record_request(
            chosen.MCP_JOURNAL_METHOD, f"{chosen.MCP_PATH}/tools/{name}", status, request_id,
            principal.user_id if principal is not None else None, org_id=principal.org_id if principal is not None else None,
            body=json.dumps(arguments, ensure_ascii=False).encode(),
            response=(answer if isinstance(answer, str) else json.dumps(answer)).encode(),
        )


def build_server(store: Store, token_source: TokenSource = request_token) -> Server[Any]:
    """An MCP server (the SDK's low-level `Server`) answering the ten tools from `store`.

    Example::

        server = build_server(store, token_source=lambda ctx: access_token)   # in-process, one caller
        async with mcp.Client(server) as client:
            await client.call_tool("list_incidents", {})
    """
    caller = ToolCaller(store)

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tool_list())

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        # The store is in memory and fast: called on the event loop directly (no thread hop per call).
        return caller.call(token_source(ctx), params.name, params.arguments, over_http=getattr(ctx, "request", None) is not None)

    return Server(chosen.MCP_SERVER_NAME, version=__version__, on_list_tools=list_tools, on_call_tool=call_tool)
