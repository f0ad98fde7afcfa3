"""Team and user rules (contract §3 Team, §6.1.1, §6.1.4): admin-only endpoints, invitations, own role, users."""

from __future__ import annotations

from ..client import Client, check
from ..registry import RuleSkipped, rule

MEMBER_FIELDS = {"id", "email", "firstName", "lastName", "imageUrl", "role", "joinedAt"}


@rule("users.list", "[client] §3 GET /v1/users", read_only=True)
def users(client: Client) -> None:
    """GET /users: {"users": [{id, email, firstName, lastName}]} with at least the key's own user."""
    listed = client.read("/users")["users"]
    check(bool(listed), "no users")
    check(all(set(user) == {"id", "email", "firstName", "lastName"} for user in listed), f"user fields {listed[:1]}")


@rule("team.list", "[docs] §3 Team (admin)", read_only=True, needs=("admin",))
def team_list(client: Client) -> None:
    """GET /team/members: members with their fields, and invitations."""
    client.need("admin")
    team = client.read("/team/members")
    check(set(team) == {"members", "invitations"}, f"keys {sorted(team)}")
    check(all(set(member) == MEMBER_FIELDS for member in team["members"]), f"member fields {team['members'][:1]}")
    check(all(m["role"] in ("org:admin", "org:member") for m in team["members"]), "a role outside org:admin|org:member")


@rule("team.member_key_refused", "[docs] §3 Team (member key: 401 not_authorized)", read_only=True, needs=("member_key",))
def member_refused(client: Client) -> None:
    """A member key on GET /team/members: 401 not_authorized (type not_authorized_error)."""
    client.need("member_key")
    client.error(client.request("GET", "/team/members", key=client.member_key), 401, "not_authorized", "not_authorized_error")


@rule("team.invite_and_revoke", "[docs] §3 Team (invite, revoke)", needs=("admin",))
def invite_and_revoke(client: Client) -> None:
    """Invite: 201 pending orginv_…; it is listed; revoking answers 204."""
    client.need("admin")
    invitation = client.post("/team/members/invite", {"emailAddress": f"verify-{client.token}@example.com",
                                                      "role": "org:member"}, 201)
    client.deletions.append(f"/team/members/invitations/{invitation['id']}")
    check(invitation["id"].startswith("orginv_") and invitation["status"] == "pending", f"invitation {invitation}")
    listed = {item["id"] for item in client.read("/team/members")["invitations"]}
    check(invitation["id"] in listed, "the invitation is not listed")
    revoked = client.request("DELETE", f"/team/members/invitations/{invitation['id']}")
    check(revoked.status_code == 204, f"revoke answered {revoked.status_code}")


@rule("team.cannot_change_own_role", "[docs] §3 Team, §6.1.1")
def own_role(client: Client) -> None:
    """An admin changing their own role: 400 cannot_change_own_role."""
    client.need("admin")
    if client.me is None:
        raise RuleSkipped("the key's own user id is unknown")
    response = client.request("PATCH", f"/team/members/{client.me}/role", json={"role": "org:member"})
    client.error(response, 400, "cannot_change_own_role", "invalid_request_error")


@rule("team.role_enum", "[docs] §3 Team (role)", needs=("admin",))
def role_enum(client: Client) -> None:
    """A role outside org:admin|org:member: refused with 4xx and nothing changes."""
    client.need("admin")
    other = next((u["id"] for u in client.read("/users")["users"] if u["id"] != client.me), None)
    if other is None:
        raise RuleSkipped("needs a second member")
    response = client.request("PATCH", f"/team/members/{other}/role", json={"role": "owner"})
    check(response.status_code in (400, 422), f"role owner answered {response.status_code}")
    client.error(response, response.status_code, None)


@rule("team.cannot_remove_self", "[docs] §6.1.1 Team (admins cannot remove themselves; code chosen)", needs=("admin",))
def remove_self(client: Client) -> None:
    """An admin removing themselves: 400 cannot_remove_self."""
    client.need("admin")
    if client.me is None:
        raise RuleSkipped("the key's own user id is unknown")
    client.error(client.request("DELETE", f"/team/members/{client.me}"), 400, "cannot_remove_self", "invalid_request_error")


@rule("team.invite_validation", "[docs] §6.1.4 Team invite validation (400 invalid_request_error)", needs=("admin",))
def invite_validation(client: Client) -> None:
    """A bad emailAddress or role on invite: 400, type and code invalid_request_error."""
    client.need("admin")
    for body in ({"emailAddress": "not-an-email"}, {"emailAddress": f"v-{client.token}@example.com", "role": "owner"}, {}):
        response = client.request("POST", "/team/members/invite", json=body)
        if response.status_code == 201:  # broken server: revoke what it created
            client.deletions.append(f"/team/members/invitations/{response.json()['data']['id']}")
        client.error(response, 400, "invalid_request_error", "invalid_request_error")
