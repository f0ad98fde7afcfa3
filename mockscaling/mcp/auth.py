"""OAuth 2.1 for the MCP surface (contract §7.1), on the SDK's authorization-server handlers: this module only
answers their questions from the store (clients, codes, tokens). PKCE, redirects and the metadata documents
are the SDK's."""

from __future__ import annotations

import contextvars
from datetime import datetime
from typing import Any

from mcp.server.auth.provider import (
    AccessToken,
    AuthorizationCode,
    AuthorizationParams,
    AuthorizeError,
    RefreshToken,
    TokenError,
    construct_redirect_uri,
)
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken

from .. import chosen
from ..domain import errors
from ..domain.clock import utc_now
from ..worlds.world import Store

# The `login_hint` of the authorize request in hand (the SDK's handler does not pass it on); set by the mount.
LOGIN_HINT: contextvars.ContextVar[str | None] = contextvars.ContextVar("mockscaling_login_hint", default=None)


def _epoch(store: Store, at: datetime) -> int:
    """A fake-clock instant as the real-time epoch seconds the SDK compares with the wall clock."""
    return int(utc_now().timestamp() + (at - store.now()).total_seconds())


class StoreTokenVerifier:
    """The SDK's TokenVerifier over the store: a live MCP access token, or None (the SDK then answers 401
    with `WWW-Authenticate: Bearer ... resource_metadata=`)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def verify_token(self, token: str) -> AccessToken | None:
        found = self.store.mcp_token(token)
        if found is None:
            return None
        try:
            self.store.authenticate_mcp(token)  # the connection's "last used" is now
        except errors.ScalingError:
            return None  # its member is gone
        # No expires_at: the store judged expiry already, on the fake clock.
        return AccessToken(token=found.token, client_id=found.client_id, scopes=list(found.scopes), subject=found.user_id)


class StoreOAuthProvider(StoreTokenVerifier):
    """The SDK's OAuthAuthorizationServerProvider over the store; sign-in approves at once (no login page)."""

    async def get_client(self, client_id: str) -> OAuthClientInformationFull | None:
        client = self.store.mcp_client(client_id)
        if client is None or "redirect_uris" not in client.metadata:
            return None
        return OAuthClientInformationFull.model_validate(client.metadata)

    async def register_client(self, client_info: OAuthClientInformationFull) -> None:
        self.store.register_mcp_client(client_info.model_dump(mode="json", exclude_none=True), client_id=client_info.client_id)

    async def authorize(self, client: OAuthClientInformationFull, params: AuthorizationParams) -> str:
        try:
            principal = self.store.mcp_sign_in(LOGIN_HINT.get())
        except errors.ScalingError as error:
            raise AuthorizeError("access_denied", error.message) from None
        try:
            code = self.store.create_mcp_code(str(client.client_id), principal, {
                "scopes": params.scopes or [], "code_challenge": params.code_challenge,
                "redirect_uri": str(params.redirect_uri), "redirect_uri_provided_explicitly": params.redirect_uri_provided_explicitly,
                "resource": params.resource,
            })
        except errors.ServiceUnavailable as error:
            # The browser goes back to the client with OAuth's own word for it (chosen.MCP_AUTHORIZE_UNSAVED).
            raise AuthorizeError(chosen.MCP_AUTHORIZE_UNSAVED, error.message) from None
        return construct_redirect_uri(str(params.redirect_uri), code=code, state=params.state)

    async def load_authorization_code(self, client: OAuthClientInformationFull, authorization_code: str) -> AuthorizationCode | None:
        found = self.store.mcp_code(str(client.client_id), authorization_code)
        if found is None:
            return None
        return AuthorizationCode(code=found.code, client_id=found.client_id, expires_at=_epoch(self.store, found.expires_at),
                                 subject=found.user_id, **found.data)

    async def exchange_authorization_code(self, client: OAuthClientInformationFull, authorization_code: AuthorizationCode) -> OAuthToken:
        code = self.store.mcp_code(str(client.client_id), authorization_code.code)
        if code is None:
            raise TokenError("invalid_grant", "authorization code is unknown, used or expired")
        access, refresh = self.store.issue_mcp_tokens(code.user_id, code.client_id, code=code.code, scopes=authorization_code.scopes)
        return self._answer(access.token, refresh.token, access.scopes)

    async def load_refresh_token(self, client: OAuthClientInformationFull, refresh_token: str) -> RefreshToken | None:
        found = self.store.mcp_token(refresh_token, kind="refresh")
        if found is None or found.client_id != client.client_id:
            return None
        return RefreshToken(token=found.token, client_id=found.client_id, scopes=list(found.scopes),
                            expires_at=_epoch(self.store, found.expires_at), subject=found.user_id)

    async def exchange_refresh_token(self, client: OAuthClientInformationFull, refresh_token: RefreshToken, scopes: list[str]) -> OAuthToken:
        try:  # refresh tokens rotate (OAuth 2.1 for public clients): spent and reissued in one write
            access, refresh = self.store.rotate_mcp_refresh_token(refresh_token.token, scopes)
        except errors.InvalidApiKey:
            raise TokenError("invalid_grant", "refresh token is unknown, used or expired") from None
        return self._answer(access.token, refresh.token, access.scopes)

    async def load_access_token(self, token: str) -> AccessToken | None:
        return await self.verify_token(token)

    async def revoke_token(self, token: Any) -> None:
        self.store.revoke_mcp_token(token.token)

    @staticmethod
    def _answer(access: str, refresh: str, scopes: list[str]) -> OAuthToken:
        return OAuthToken(access_token=access, token_type="Bearer", expires_in=chosen.MCP_ACCESS_TOKEN_SECONDS,
                          refresh_token=refresh, scope=" ".join(scopes) or None)
