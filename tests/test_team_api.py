"""Team endpoints and GET /v1/users over HTTP (contract §3): admin-only rules, invitations, roles, removal."""

from __future__ import annotations

import pytest

from .support import ADA, BOB, CY, GIL, GLOBEX_KEY, MEMBER_KEY, PRIMARY_SCHEDULE, assert_error

NOT_FOUND = (404, "invalid_request_error", "not_found")
CONFLICT = (409, "invalid_request_error", "name_conflict")

TEAM_CALLS = [
    ("get", "/team/members", None),
    ("post", "/team/members/invite", {"emailAddress": "dee@acme.test"}),
    ("post", "/team/members/invite", {"emailAddress": "not an email"}),  # 401 wins over 422
    ("patch", f"/team/members/{CY}/role", {"role": "org:admin"}),
    ("patch", "/team/members/user_nobody/role", {"role": "org:admin"}),  # 401 wins over 404
    ("delete", f"/team/members/{CY}", None),
    ("delete", "/team/members/invitations/orginv_missing", None),
]


@pytest.mark.parametrize("method, path, body", TEAM_CALLS)
def test_member_keys_get_401_on_every_team_endpoint(api, method, path, body):
    kwargs = {"json": body} if body is not None else {}
    reply = getattr(api, method)(path, key=MEMBER_KEY, **kwargs)
    assert_error(reply, 401, "not_authorized_error", "not_authorized")


def test_members_list(api):
    body = api.get("/team/members").data
    assert [m["id"] for m in body["members"]] == [ADA, BOB, CY] and body["invitations"] == []
    ada = body["members"][0]
    assert ada == {"id": ADA, "email": "ada@acme.test", "firstName": "Ada", "lastName": "Admin", "imageUrl": None,
                   "role": "org:admin", "joinedAt": "2020-01-01T00:00:00.000Z"}
    assert [m["id"] for m in api.get("/team/members", key=GLOBEX_KEY).data["members"]] == [GIL]


def test_users_for_any_key(api):
    for key in (None, MEMBER_KEY):
        kwargs = {} if key is None else {"key": key}
        users = api.get("/users", **kwargs).data["users"]
        assert users[1] == {"id": BOB, "email": "bob@acme.test", "firstName": "Bob", "lastName": "Member"}
        assert [u["id"] for u in users] == [ADA, BOB, CY]
    assert_error(api.get("/users", key=None), 401, "not_authorized_error", "missing_authorization_header")


def test_invite_and_revoke(api):
    reply = api.post("/team/members/invite", json={"emailAddress": "dee@acme.test", "role": "org:admin"})
    assert reply.status == 201
    invitation = reply.data
    assert invitation["id"].startswith("orginv_") and invitation["status"] == "pending"
    assert invitation["role"] == "org:admin" and invitation["createdAt"] == "2026-04-07T10:00:00.000Z"
    default_role = api.post("/team/members/invite", json={"emailAddress": "eve@acme.test"}).data
    assert default_role["role"] == "org:member"
    assert [i["emailAddress"] for i in api.get("/team/members").data["invitations"]] == ["dee@acme.test", "eve@acme.test"]
    assert api.delete(f"/team/members/invitations/{invitation['id']}").status == 204
    assert [i["id"] for i in api.get("/team/members").data["invitations"]] == [default_role["id"]]
    assert_error(api.delete(f"/team/members/invitations/{invitation['id']}"), *NOT_FOUND)
    assert_error(api.delete(f"/team/members/invitations/{default_role['id']}", key=GLOBEX_KEY), *NOT_FOUND)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"emailAddress": "no-at-sign"},
        {"emailAddress": ("x" * 64 + "@") + ("a" * 63 + ".") * 4 + "test"},  # valid shape, 325 characters
        {"emailAddress": "dee@acme.test", "role": "org:owner"},
        {"emailAddress": "dee@acme.test", "team": "x"},
        {"emailAddress": 7},
    ],
)
def test_invite_validation(api, body):
    # §6.1.4: the invite endpoint's error table gives 400 invalid_request_error, not 422.
    assert_error(api.post("/team/members/invite", json=body), 400, "invalid_request_error", "invalid_request_error")


@pytest.mark.parametrize("email", ["bob@acme.test", "BOB@acme.test"])
def test_inviting_a_member_or_pending_address_conflicts(api, email):
    assert_error(api.post("/team/members/invite", json={"emailAddress": email}), *CONFLICT)
    api.post("/team/members/invite", json={"emailAddress": "dee@acme.test"})
    assert_error(api.post("/team/members/invite", json={"emailAddress": "Dee@acme.test"}), *CONFLICT)


def test_role_changes(api):
    promoted = api.patch(f"/team/members/{BOB}/role", json={"role": "org:admin"}).data
    assert promoted["role"] == "org:admin" and promoted["id"] == BOB
    # Bob's key now passes the admin check; Bob demotes Ada, who is then a member.
    assert api.patch(f"/team/members/{ADA}/role", json={"role": "org:member"}, key=MEMBER_KEY).data["role"] == "org:member"
    assert_error(api.get("/team/members"), 401, "not_authorized_error", "not_authorized")


def test_cannot_change_own_role(api):
    reply = api.patch(f"/team/members/{ADA}/role", json={"role": "org:member"})
    assert_error(reply, 400, "invalid_request_error", "cannot_change_own_role")
    reply = api.patch(f"/team/members/{ADA}/role", json={"role": "org:admin"})
    assert_error(reply, 400, "invalid_request_error", "cannot_change_own_role")


def test_another_admin_can_remove_an_admin(api):
    assert_error(api.delete(f"/team/members/{ADA}"), 400, "invalid_request_error", "cannot_remove_self")
    api.patch(f"/team/members/{BOB}/role", json={"role": "org:admin"})
    assert api.delete(f"/team/members/{ADA}", key=MEMBER_KEY).status == 204  # Bob, now an admin, removes Ada
    assert_error(api.get("/users"), 401, "not_authorized_error", "invalid_api_key")  # Ada's own key is gone


def test_role_and_member_validation(api):
    assert_error(api.patch(f"/team/members/{BOB}/role", json={"role": "boss"}), 422, "validation_error", "invalid_body")
    assert_error(api.patch(f"/team/members/{BOB}/role", json={}), 422, "validation_error", "invalid_body")
    assert_error(api.patch("/team/members/user_nobody/role", json={"role": "org:admin"}), *NOT_FOUND)
    assert_error(api.patch(f"/team/members/{GIL}/role", json={"role": "org:member"}), *NOT_FOUND)
    assert_error(api.delete(f"/team/members/{GIL}"), *NOT_FOUND)


def test_removing_a_member_revokes_keys_and_lets_go(api):
    owned = api.new_incident(ownerId=BOB)
    assert api.get("/users", key=MEMBER_KEY).status == 200
    assert api.delete(f"/team/members/{BOB}").status == 204
    assert_error(api.get("/users", key=MEMBER_KEY), 401, "not_authorized_error", "invalid_api_key")
    assert [m["id"] for m in api.get("/team/members").data["members"]] == [ADA, CY]
    assert api.detail(owned["id"])["ownerId"] is None
    (layer,) = api.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}").data["layers"]
    assert layer["participantIds"] == [CY]
    assert_error(api.create_incident(ownerId=BOB), 400, "invalid_request_error", "invalid_owner_id")
    assert_error(api.delete(f"/team/members/{BOB}"), *NOT_FOUND)
