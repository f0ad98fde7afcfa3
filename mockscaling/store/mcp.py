"""MCP state (contract §7): OAuth clients, codes and tokens, connections, and idempotency records."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from .. import chosen
from ..domain import errors
from ..domain.models import Incident, McpClient, McpCode, McpToken
from ..domain.timefmt import format_time
from .base import Principal, StoreBase, _principal, locked, mutating
from .grouped_tables import TokenTable


class McpRules(StoreBase):
    """Who may call the MCP surface, and what its write tools already answered.

    Clients, codes and tokens are records of the state dump (so a state file keeps connections across
    restarts); reset clears them. The answers kept for idempotency keys are not in the dump.
    """

    mcp_clients: dict[str, McpClient]
    mcp_tokens: TokenTable
    mcp_codes: dict[str, McpCode]

    def _clear_hooks(self) -> list[Callable[[], None]]:
        return [*super()._clear_hooks(), self._clear_mcp]

    def _clear_mcp(self) -> None:
        # The clients, codes and tokens are store tables (store/base.py COLLECTIONS); the answers kept for
        # idempotency keys are server state, like the journal. (org, tool, key) -> (fingerprint, answer, at); expiry walks `_idempotency_order` from its oldest end.
        self._idempotency: dict[tuple[str, str, str], tuple[Any, Any, datetime]] = {}
        self._idempotency_order: deque[tuple[datetime, tuple[str, str, str]]] = deque()
        # client id -> last use not yet in the state file (chosen/mcp.py, "Last use"): saved with the next write.
        self._mcp_last_used: dict[str, datetime] = {}

    def _before_save(self) -> None:
        super()._before_save()
        for client_id, at in self._mcp_last_used.items():
            if client_id in self.mcp_clients:
                self.mcp_clients[client_id].last_used_at = at  # tracked: saved with this write, undone with it

    def _after_save(self) -> None:
        super()._after_save()
        if self._mcp_last_used:
            self._mcp_last_used = {}

    def _secret(self, prefix: str) -> str:
        return prefix + self.ids.uuid().replace("-", "")

    # ---- clients and sign-in ---------------------------------------------------------------------
    @mutating
    def register_mcp_client(self, metadata: dict[str, Any], client_id: str | None = None) -> McpClient:
        """Register an OAuth client (dynamic registration); returns it with its new id.

        Example::

            client = store.register_mcp_client({"client_name": "Claude", "redirect_uris": ["http://x/cb"]})
        """
        client_id = client_id or self.ids.prefixed("mcpc")
        client = McpClient(client_id=client_id, client_name=metadata.get("client_name"), metadata=dict(metadata),
                           registered_at=self.now())
        self.mcp_clients[client_id] = client
        return client

    @locked
    def mcp_client(self, client_id: str) -> McpClient | None:
        """A registered client by id (None when unknown or revoked)."""
        client = self.mcp_clients.get(client_id)
        return client if client is not None and not client.revoked else None

    @locked
    def mcp_sign_in(self, login_hint: str | None) -> Principal:
        """Who an MCP sign-in approves: the member named by `login_hint` (user id or email), else the first
        admin of the first organization. 404 when the hint names nobody; 403 org_selection_required for a
        user (an email) of more than one organization.

        Example::

            store.mcp_sign_in("bob@acme.test").user_id   # 'user_bob'
        """
        if login_hint:
            member = self.members.get(login_hint)
            if member is None:  # an email: the members filed under it (store/grouped_tables.py)
                found = [self.members.peek(key) for key in self.members.keys_in_group(login_hint.strip().lower())]
                if len({m.org_id for m in found}) > 1:
                    raise errors.OrgSelectionRequired()
                member = found[0] if found else None
            if member is None:
                raise errors.NotFound("login_hint: no such user.")
        else:
            member = next((m for m in self.members.values() if m.role == "org:admin"), None)
            if member is None:
                raise errors.NotFound("No organization has an admin to sign in as.")
        return _principal(member.org_id, member.id, member.role)

    @mutating
    def create_mcp_code(self, client_id: str, principal: Principal, data: dict[str, Any]) -> str:
        """A one-time authorization code for `client_id` acting as `principal`."""
        code = self._secret("mcp_code_")
        # Absent rather than null (an unnamed `resource`): the state codec takes no null for a free-form value,
        # and a code that cannot be read back could neither be undone nor loaded from a state file.
        kept = {name: value for name, value in data.items() if value is not None}
        self.mcp_codes[code] = McpCode(code, client_id, principal.user_id, principal.org_id,
                                       self.now() + timedelta(seconds=chosen.MCP_CODE_SECONDS), kept)
        return code

    @locked
    def mcp_code(self, client_id: str, code: str) -> McpCode | None:
        """The unexpired code `code` of `client_id` (None otherwise)."""
        found = self.mcp_codes.get(code)
        if found is None or found.client_id != client_id or found.expires_at <= self.now():
            return None
        return found

    # ---- tokens ----------------------------------------------------------------------------------
    @mutating
    def issue_mcp_tokens(
        self, user_id: str, client_id: str | None = None, code: str | None = None, scopes: list[str] | None = None,
    ) -> tuple[McpToken, McpToken]:
        """A fresh (access, refresh) token pair for `client_id` (a control-plane client when None) acting as
        `user_id`; with `code`, that authorization code is used up. 404 for an unknown user.

        Example::

            access, refresh = store.issue_mcp_tokens("user_bob")
        """
        member = self.members.get(user_id) if isinstance(user_id, str) else None
        if member is None:
            raise errors.NotFound("userId: no such user.")
        if code is not None:
            self.mcp_codes.pop(code, None)
        now = self.now()
        if client_id is None:
            client = self.register_mcp_client({"client_name": chosen.MCP_CONTROL_CLIENT_NAME})
        else:
            client = self.mcp_clients[client_id]
        # A new record, not an edit in place: the table files a client under its organization (set here
        # first), and a refused save can only put the old record back where the index expects it.
        client = replace(client, org_id=member.org_id, user_id=member.id, revoked=False,
                         first_connected_at=client.first_connected_at or now)
        self.mcp_clients[client.client_id] = client
        pair = []
        for kind, prefix, seconds in (("access", chosen.MCP_ACCESS_TOKEN_PREFIX, chosen.MCP_ACCESS_TOKEN_SECONDS),
                                      ("refresh", chosen.MCP_REFRESH_TOKEN_PREFIX, chosen.MCP_REFRESH_TOKEN_SECONDS)):
            token = McpToken(self._secret(prefix), kind, client.client_id, member.id, member.org_id,
                             now + timedelta(seconds=seconds), list(scopes or []))
            self.mcp_tokens[token.token] = token
            pair.append(token)
        return pair[0], pair[1]

    @locked
    def mcp_token(self, token: str, kind: str = "access") -> McpToken | None:
        """The live token `token` of this kind: known, unexpired, its client not revoked (None otherwise)."""
        found = self.mcp_tokens.get(token) if isinstance(token, str) else None
        if found is None or found.kind != kind or found.expires_at <= self.now():
            return None
        client = self.mcp_clients.get(found.client_id)
        if client is None or client.revoked:
            return None
        return found

    @locked
    def authenticate_mcp(self, token: str | None) -> Principal:
        """The principal behind an MCP access token (and the connection's last use is now), or 401.

        A read, never refused by a full disk: with a state file the last-use stamp waits in memory and is
        saved with the next write (chosen/mcp.py, "Last use of a connection").

        Example::

            principal = store.authenticate_mcp(access.token)
        """
        found = self.mcp_token(token or "")
        member = self.members.get(found.user_id) if found is not None else None
        if found is None or member is None or member.org_id != found.org_id:
            raise errors.InvalidApiKey("The MCP access token is unknown, expired or revoked.")
        if self._sink is None:
            self.mcp_clients[found.client_id].last_used_at = self.now()  # nothing to save: straight to the record
        else:
            self._mcp_last_used[found.client_id] = self.now()
        return _principal(member.org_id, member.id, member.role)

    @mutating
    def rotate_mcp_refresh_token(self, refresh_token: str, scopes: list[str] | None = None) -> tuple[McpToken, McpToken]:
        """Spend a live refresh token and issue a fresh (access, refresh) pair, as one write (a refused save
        keeps the old refresh token usable). 401 when the token is not a live refresh token.

        Example::

            access, refresh = store.rotate_mcp_refresh_token(refresh.token)
        """
        found = self.mcp_token(refresh_token, kind="refresh")
        if found is None:
            raise errors.InvalidApiKey("The MCP refresh token is unknown, used, expired or revoked.")
        del self.mcp_tokens[found.token]
        return self.issue_mcp_tokens(found.user_id, found.client_id, scopes=scopes or found.scopes)

    @mutating
    def revoke_mcp_token(self, token: str) -> None:
        """Forget one token (OAuth revocation); unknown tokens are ignored, as RFC 7009 asks."""
        self.mcp_tokens.pop(token, None)

    # ---- connections -----------------------------------------------------------------------------
    @locked
    def list_mcp_connections(self) -> list[dict[str, Any]]:
        """Every client that holds or held a token and is not revoked, first connected first (GET
        /_mock/mcp/connections)."""
        return [
            {"clientId": c.client_id, "clientName": c.client_name, "orgId": c.org_id, "userId": c.user_id,
             "firstConnectedAt": format_time(c.first_connected_at),
             "lastUsedAt": format_time(last) if (last := self._mcp_last_used.get(c.client_id, c.last_used_at)) else None}
            for c in sorted(self.mcp_clients.values(), key=lambda c: c.first_connected_at or c.registered_at)
            if c.first_connected_at is not None and not c.revoked
        ]

    @mutating
    def revoke_mcp_connection(self, client_id: str) -> None:
        """Invalidate a client's access at once: its tokens answer 401 from now on. 404 when unknown."""
        client = self.mcp_clients.get(client_id)
        if client is None or client.revoked or client.first_connected_at is None:
            raise errors.NotFound("MCP connection not found.")
        client.revoked = True
        for key in self.mcp_tokens.keys_in_group(client_id):  # its own tokens only, not every organization's
            del self.mcp_tokens[key]

    # ---- what the tools read ---------------------------------------------------------------------
    @locked
    def incident_by_number(self, principal: Principal, sequential_id: int) -> Incident:
        """The caller's incident with this per-organization `sequentialId`, or 404 (another organization's
        number is not found, never a leak).

        Example::

            store.incident_by_number(principal, 1).title
        """
        found = self.incidents.by_sequence(principal.org_id, sequential_id)
        if found is None:
            raise errors.NotFound("Incident not found.")
        # By id again: the sequence index may hold a seed world's shared record, the table hands out this store's own.
        return self.incidents[found.id]

    @locked
    def idempotent(self, principal: Principal, scope: str, key: str | None, fingerprint: Any,
                   run: Callable[[], Any]) -> Any:
        """`run()`'s answer, or, for a `key` already answered in `scope` within the idempotency window,
        that first answer again (nothing runs). The same key with another `fingerprint` is 409
        idempotency_key_reused. A `run()` that raises keeps nothing. Without a key, just `run()`.

        Example::

            answer = store.idempotent(principal, "create_incident", "k1", args, lambda: make(args))
        """
        if key is None:
            return run()
        now = self.now()
        horizon = now - timedelta(seconds=chosen.MCP_IDEMPOTENCY_SECONDS)
        order, records = self._idempotency_order, self._idempotency
        while order and order[0][0] <= horizon:
            at, stale = order.popleft()
            if stale in records and records[stale][2] == at:
                del records[stale]
        slot = (principal.org_id, scope, key)
        known = records.get(slot)
        if known is not None and known[2] > horizon:
            if known[0] != fingerprint:
                raise errors.IdempotencyKeyReused()
            return known[1]
        answer = run()
        records[slot] = (fingerprint, answer, now)
        order.append((now, slot))
        return answer
