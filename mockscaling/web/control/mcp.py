"""Control plane: MCP tokens without the browser dance, and the connections list with revoke (/_mock/mcp)."""

from __future__ import annotations

from ...schemas.mcp import McpTokenBody
from ..context import current_store
from ..parsing import parse_body
from ..responses import data, no_content
from . import control

TOKEN = McpTokenBody()


@control.post("/mcp/tokens")
def create_mcp_token():
    """An MCP access token (and its refresh token) for `userId`, as a new connection of the control plane's client."""
    body = parse_body(TOKEN)
    access, refresh = current_store().issue_mcp_tokens(body["user_id"])
    return data({"accessToken": access.token, "refreshToken": refresh.token, "clientId": access.client_id,
                 "userId": access.user_id, "orgId": access.org_id}, 201)


@control.get("/mcp/connections")
def list_mcp_connections():
    """Every connected MCP client: name, organization, user, first connected, last used."""
    return data({"connections": current_store().list_mcp_connections()})


@control.delete("/mcp/connections/<client_id>")
def revoke_mcp_connection(client_id: str):
    """Revoke a client: its next tool call is 401."""
    current_store().revoke_mcp_connection(client_id)
    return no_content()
