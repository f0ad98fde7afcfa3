"""Tables filed by a value of their records (store/tables.py GroupedTable): MCP tokens by client, status pages by
slug, members by e-mail. Each index always equals a walk of its table, and the lookups that use it walk nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import Store
from mockscaling.domain import errors
from mockscaling.store.grouped_tables import GroupedTable, MemberTable, SlugTable, TokenTable
from mockscaling.store.tables import ChangeLog
from mockscaling.worlds.persistence import StateFile

from .hardening.test_refused_writes import Disk

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


def brute_force(table: GroupedTable) -> dict[str, list[str]]:
    """group value -> its records' keys in insertion order, by walking every record."""
    found: dict[str, list[str]] = {}
    for key, record in dict.items(table):
        value = table.group_of(record)
        if value is not None:
            found.setdefault(value, []).append(key)
    return found


def assert_groups_match(store: Store) -> None:
    """Every grouped table's index equals a walk of its records."""
    for table in (store.mcp_tokens, store.status_pages, store.members):
        assert isinstance(table, GroupedTable)
        assert {value: keys for value, keys in table._groups.items()} == {
            value: dict.fromkeys(keys) for value, keys in brute_force(table).items()}
        for value, keys in brute_force(table).items():
            assert table.keys_in_group(value) == keys


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
            assert client_id not in brute_force(store.mcp_tokens)
        elif kind == "reload":
            store.load_state(store.dump_state())
        expected = brute_force(store.mcp_tokens)
        for client_id in {*clients, *expected}:
            assert store.mcp_tokens.keys_in_group(client_id) == expected.get(client_id, [])
        assert_groups_match(store)


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
    assert twin.keys_in_group(access.client_id) == [refresh.token]
    assert world.keys_in_group(access.client_id) == [access.token, refresh.token]


@pytest.mark.parametrize("reset_between", [False, True])
def test_reset_forgets_the_index_with_the_tokens(reset_between):
    store = Store()
    access, _ = store.issue_mcp_tokens("user_bob")
    if reset_between:
        store.reset()
        assert store.mcp_tokens.keys_in_group(access.client_id) == []
        with pytest.raises(errors.NotFound):
            store.revoke_mcp_connection(access.client_id)
    else:
        store.revoke_mcp_connection(access.client_id)
        assert store.mcp_tokens.keys_in_group(access.client_id) == []


SLUGS = st.sampled_from(["acme", "ops", "status", "other"])
PAGE_STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("create"), st.sampled_from(["org_acme", "org_globex"]), SLUGS),
        st.tuples(st.just("rename"), SLUGS, SLUGS),
        st.tuples(st.just("tenant"), st.just(None)),
        st.tuples(st.just("remove_member"), st.sampled_from(["user_bob", "user_cy"])),
        st.tuples(st.just("reload"), st.just(None)),
        st.tuples(st.just("reset"), st.just(None)),
    ),
    max_size=20,
)


@settings(max_examples=80, deadline=None)
@given(steps=PAGE_STEPS)
def test_pages_by_slug_and_members_by_email_equal_a_walk(steps):
    store = Store()
    for step in steps:
        kind = step[0]
        if kind == "create":
            try:
                store.create_status_page(step[1], step[2], "A page")
            except errors.NameConflict:
                assert step[2] in {page.slug for page in dict.values(store.status_pages)}
        elif kind == "rename":
            try:
                store.update_status_page(step[1], new_slug=step[2])
            except errors.NotFound:
                assert step[1] not in {page.slug for page in dict.values(store.status_pages)}
            except errors.NameConflict:
                assert step[2] != step[1] and step[2] in {page.slug for page in dict.values(store.status_pages)}
        elif kind == "tenant":
            store.create_tenant(name="T")
        elif kind == "remove_member":
            admin = store.authenticate("Bearer " + "scl_live_" + "a" * 32)
            try:
                store.remove_member(admin, step[1])
            except errors.NotFound:
                pass  # removed before
        elif kind == "reload":
            store.load_state(store.dump_state())
        else:
            store.reset()
        assert_groups_match(store)
        for page in dict.values(store.status_pages):
            assert store.get_status_page(page.slug).id == page.id


def test_a_renamed_page_is_found_by_its_new_slug_only_and_keeps_its_place():
    store = Store()
    store.create_status_page("org_acme", "second", "Second")
    order = list(store.status_pages.of_org("org_acme"))
    renamed = store.update_status_page("acme", new_slug="renamed")
    assert store.get_status_page("renamed") is renamed
    with pytest.raises(errors.NotFound):
        store.get_status_page("acme")
    assert [page.id for page in store.status_pages.of_org("org_acme")] == [page.id for page in order]


def test_a_refused_rename_keeps_the_old_slug_findable(tmp_path):
    store = Store()
    state = StateFile(tmp_path / "state.sqlite")
    state.attach(store)
    disk = Disk(state)
    disk.full = True
    with pytest.raises(errors.ServiceUnavailable):
        store.update_status_page("acme", new_slug="renamed")
    disk.full = False
    assert store.get_status_page("acme").slug == "acme"
    with pytest.raises(errors.NotFound):
        store.get_status_page("renamed")
    assert_groups_match(store)
    state.close()


def test_sign_in_by_email_reads_the_members_filed_under_it(monkeypatch):
    store = Store()
    document = store.dump_state()
    twin = {**document["members"][1], "id": "user_bob_globex", "org_id": "org_globex", "email": "Bob@Acme.test"}
    store.load_state({**document, "members": [*document["members"], twin]})  # bob's address in a second org

    def no_walk(*args, **kwargs):
        raise AssertionError("sign-in walked the members")

    monkeypatch.setattr(MemberTable, "values", no_walk)
    monkeypatch.setattr(MemberTable, "items", no_walk)
    assert store.mcp_sign_in(" GIL@globex.test ").user_id == "user_gil"
    with pytest.raises(errors.OrgSelectionRequired):
        store.mcp_sign_in("bob@acme.test")
    with pytest.raises(errors.NotFound):
        store.mcp_sign_in("nobody@acme.test")
    assert store.members.keys_in_group("bob@acme.test") == ["user_bob", "user_bob_globex"]


def test_each_grouped_table_is_the_stores():
    store = Store()
    assert (type(store.mcp_tokens), type(store.status_pages), type(store.members)) == (TokenTable, SlugTable, MemberTable)
