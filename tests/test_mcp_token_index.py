"""MCP tokens filed by client (store/tables.py TokenTable): the index always equals a walk of the tokens, and
revoking a connection drops exactly its client's tokens, in every organization, without walking the others."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import Store
from mockscaling.domain import errors
from mockscaling.store.tables import ChangeLog, TokenTable

USERS = ["user_ada", "user_bob", "user_gil"]  # Acme, Acme, Globex: a client can be re-issued across organizations

STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("issue"), st.sampled_from(USERS), st.integers(0, 3)),  # client: a new one, or one of the first
        st.tuples(st.just("rotate"), st.integers(0, 20)),
        st.tuples(st.just("revoke_token"), st.integers(0, 20)),
        st.tuples(st.just("revoke_connection"), st.integers(0, 3)),
        st.tuples(st.just("reload"), st.just(0)),
    ),
    max_size=30,
)


def brute_force(store: Store) -> dict[str, list[str]]:
    """client id -> its token keys in insertion order, by walking every token."""
    found: dict[str, list[str]] = {}
    for key, token in dict.items(store.mcp_tokens):
        found.setdefault(token.client_id, []).append(key)
    return found


@settings(max_examples=80, deadline=None)
@given(steps=STEPS)
def test_the_client_index_equals_a_walk_of_the_tokens(steps):
    store = Store()
    clients: list[str] = []
    for step in steps:
        kind, arg = step[0], step[1]
        tokens = list(dict.keys(store.mcp_tokens))
        if kind == "issue":
            client_id = clients[step[2]] if step[2] < len(clients) else None
            access, _ = store.issue_mcp_tokens(arg, client_id)
            if access.client_id not in clients:
                clients.append(access.client_id)
        elif kind == "rotate" and tokens:
            try:
                store.rotate_mcp_refresh_token(tokens[arg % len(tokens)])
            except errors.InvalidApiKey:
                pass  # an access token, or its client revoked: refused, nothing changes
        elif kind == "revoke_token" and tokens:
            store.revoke_mcp_token(tokens[arg % len(tokens)])
        elif kind == "revoke_connection" and clients:
            client_id = clients[arg % len(clients)]
            try:
                store.revoke_mcp_connection(client_id)
            except errors.NotFound:
                continue  # already revoked
            assert client_id not in brute_force(store)
        elif kind == "reload":
            store.load_state(store.dump_state())
        expected = brute_force(store)
        for client_id in {*clients, *expected}:
            assert store.mcp_tokens.keys_of_client(client_id) == expected.get(client_id, [])


def test_revoking_a_connection_drops_its_tokens_in_every_organization_and_walks_no_other_token(monkeypatch):
    store = Store()
    first, _ = store.issue_mcp_tokens("user_bob")
    moved, _ = store.issue_mcp_tokens("user_gil", first.client_id)  # the same client, now for Globex
    other, _ = store.issue_mcp_tokens("user_ada")

    def no_walk(*args, **kwargs):
        raise AssertionError("revoking a connection walked the token table")

    monkeypatch.setattr(TokenTable, "values", no_walk)
    monkeypatch.setattr(TokenTable, "items", no_walk)
    monkeypatch.setattr(TokenTable, "scan", no_walk)
    store.revoke_mcp_connection(first.client_id)
    monkeypatch.undo()
    assert {token.client_id for token in store.mcp_tokens.values()} == {other.client_id}
    assert first.token not in store.mcp_tokens and moved.token not in store.mcp_tokens
    assert store.mcp_token(other.token) is not None


def test_a_copy_of_the_table_keeps_its_own_client_index():
    store = Store()
    access, refresh = store.issue_mcp_tokens("user_bob")
    world = TokenTable("mcp_tokens", ChangeLog(), dict.items(store.mcp_tokens))  # a seed world's table
    twin = world.clone(ChangeLog())
    del twin[access.token]
    assert twin.keys_of_client(access.client_id) == [refresh.token]
    assert world.keys_of_client(access.client_id) == [access.token, refresh.token]


@pytest.mark.parametrize("reset_between", [False, True])
def test_reset_forgets_the_index_with_the_tokens(reset_between):
    store = Store()
    access, _ = store.issue_mcp_tokens("user_bob")
    if reset_between:
        store.reset()
        assert store.mcp_tokens.keys_of_client(access.client_id) == []
        with pytest.raises(errors.NotFound):
            store.revoke_mcp_connection(access.client_id)
    else:
        store.revoke_mcp_connection(access.client_id)
        assert store.mcp_tokens.keys_of_client(access.client_id) == []
