"""`fake.given`: arrange state in one line, through the API's own parsing and rules, no HTTP needed.

Every step goes through the same view function a client's request would reach (the route's marshmallow
schema, then the store method of the same name), so what `given` builds is reachable by the real rules:
an incident in `monitoring` walked investigating → identified → monitoring, one step at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from flask import request

from ..domain import errors
from ..store import Principal
from ..web.context import set_principal

if TYPE_CHECKING:
    from .testing import MockScaling

STATUSES = ("investigating", "identified", "monitoring", "resolved")


class GivenError(ValueError):
    """An arrangement the API refused (the message names the step and the API's error)."""


class Given:
    """One-line arrangements on a fake; each returns the record exactly as the API's GET answers it.

    Example::

        incident = fake.given.incident(status="monitoring", severity="high", owner="user_bob", components=["API"])
        assert incident["status"] == "monitoring" and len(incident["statusHistory"]) == 3
    """

    def __init__(self, fake: MockScaling) -> None:
        self._fake = fake

    # ---- plumbing --------------------------------------------------------------------------------
    def _principal(self, as_user: str | None) -> Principal:
        store = self._fake.store
        user_id = as_user
        if user_id is None:
            admins = [uid for uid, user in self._fake.users.items() if user["role"] == "org:admin"]
            if not admins:
                raise GivenError("the seed has no admin member: pass as_user=<user id> (e.g. a tenant's user_id)")
            user_id = admins[0]
        member = store.members.get(user_id)
        if member is None:
            raise GivenError(f"as_user={user_id!r} is not a member of any organization")
        return Principal(org_id=member.org_id, user_id=member.id, role=member.role)

    def _call(self, principal: Principal, method: str, path: str, body: Any = None) -> Any:
        """Run the API view of `method /v1<path>` as `principal` (no auth header, journal or faults) and
        return its `data`."""
        app = self._fake.app
        options = {"json": body} if body is not None else {}
        with app.test_request_context("/v1" + path, method=method, **options):
            set_principal(principal)
            if request.routing_exception is not None:
                raise GivenError(f"{method} /v1{path}: no such route")
            try:
                view = app.view_functions[request.url_rule.endpoint]
                response = app.make_response(view(**request.view_args))
            except errors.ScalingError as exc:
                raise GivenError(f"{method} /v1{path} answered {exc.status} {exc.code}: {exc.message}") from exc
        return response.get_json()["data"] if response.status_code != 204 else None

    def _id_by_name(self, collection: Mapping[str, Any], principal: Principal, ref: str, what: str) -> str:
        records = [r for r in collection.values() if r.org_id == principal.org_id]
        for record in records:
            if ref in (record.id, record.name):
                return record.id
        names = ", ".join(repr(r.name) for r in records) or "none"
        raise GivenError(f"no {what} {ref!r} in {principal.org_id} (known: {names})")

    # ---- arrangements ----------------------------------------------------------------------------
    def incident(
        self, status: str = "investigating", severity: str = "high", title: str = "Given incident", *,
        owner: str | None = None, owner_schedule: str | None = None, components: Iterable[str] = (),
        updates: Iterable[str | Mapping[str, Any]] = (), description: str | None = None, policy: str | None = None,
        acknowledged: bool = False, resolution_note: str | None = None, as_user: str | None = None,
    ) -> dict[str, Any]:
        """An incident in `status`, created and walked one step at a time as `as_user` (the seed's admin
        by default); returns it exactly as `GET /v1/incidents/{id}` answers.

        `owner` is a user id (default: `as_user`, unless `owner_schedule` names a schedule);
        `components`, `owner_schedule` and `policy` take names or ids. `updates` are posted in order
        while the incident is open: a string is an internal update's body, a dict is the API's update
        body (`{"body", "visibility", "statusChange"}`; a status change counts as a step of the walk).
        `resolution_note` goes with the last step.

        Example::

            incident = fake.given.incident(status="resolved", components=["API"], resolution_note="Rolled back",
                                           updates=[{"visibility": "public", "body": "We are on it"}])
        """
        if status not in STATUSES:
            raise GivenError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        store = self._fake.store
        principal = self._principal(as_user)
        body: dict[str, Any] = {"title": title, "severity": severity}
        if description is not None:
            body["description"] = description
        if owner_schedule is not None:
            body["ownerScheduleId"] = self._id_by_name(store.schedules, principal, owner_schedule, "schedule")
        if owner is not None or owner_schedule is None:
            body["ownerId"] = owner if owner is not None else principal.user_id
        if components:
            body["componentIds"] = [self._id_by_name(store.components, principal, c, "component") for c in components]
        if policy is not None:
            body["escalationPolicyId"] = self._id_by_name(store.policies, principal, policy, "escalation policy")
        incident = self._call(principal, "POST", "/incidents", body)
        incident_id = incident["id"]
        current = STATUSES.index(incident["status"])
        target = STATUSES.index(status)
        for update in updates:
            sent = {"visibility": "internal", "body": update} if isinstance(update, str) else dict(update)
            if "statusChange" in sent and sent["statusChange"] in STATUSES:
                if STATUSES.index(sent["statusChange"]) > target:
                    raise GivenError(f"update {sent!r} moves the incident past status={status!r}")
                current = STATUSES.index(sent["statusChange"])
            self._call(principal, "POST", f"/incidents/{incident_id}/updates", sent)
        if acknowledged:
            self._call(principal, "POST", f"/incidents/{incident_id}/acknowledge")
        for step in range(current + 1, target + 1):
            move: dict[str, Any] = {"status": STATUSES[step]}
            if step == target and resolution_note is not None:
                move["resolutionNote"] = resolution_note
            self._call(principal, "PATCH", f"/incidents/{incident_id}/status", move)
        return self._call(principal, "GET", f"/incidents/{incident_id}")

    def component(
        self, name: str, *, description: str | None = None, group_label: str | None = None,
        aliases: Iterable[str] | None = None, as_user: str | None = None,
    ) -> dict[str, Any]:
        """A component, created through `POST /v1/components`; returns `GET /v1/components/{id}`'s answer.

        Example::

            search = fake.given.component("Search", group_label="Product")
        """
        principal = self._principal(as_user)
        body: dict[str, Any] = {"name": name}
        for key, value in (("description", description), ("groupLabel", group_label)):
            if value is not None:
                body[key] = value
        if aliases is not None:
            body["aliases"] = list(aliases)
        created = self._call(principal, "POST", "/components", body)
        return self._call(principal, "GET", f"/components/{created['id']}")

    def schedule(
        self, name: str, *, participants: Iterable[str] = ("user_bob",), timezone: str = "UTC",
        rotation: str = "weekly", handoff_time: str = "09:00", effective_from: str = "2020-01-06T09:00:00.000Z",
        description: str | None = None, as_user: str | None = None,
    ) -> dict[str, Any]:
        """A schedule with one rotation layer ("Rotation") of `participants`, created through the API;
        returns `GET /v1/oncall/schedules/{id}`'s answer (with `layers`).

        Example::

            night = fake.given.schedule("Night shift", participants=["user_cy", "user_bob"], rotation="daily",
                                        timezone="America/New_York")
        """
        principal = self._principal(as_user)
        body: dict[str, Any] = {"name": name, "timezone": timezone}
        if description is not None:
            body["description"] = description
        created = self._call(principal, "POST", "/oncall/schedules", body)
        schedule_id = created["id"]
        length = {"daily": 1, "weekly": 7}.get(rotation, 1)
        layer = {
            "name": "Rotation", "rotationType": rotation, "rotationLengthDays": length, "handoffTime": handoff_time,
            "effectiveFrom": effective_from, "participantIds": list(participants),
        }
        self._call(principal, "POST", f"/oncall/schedules/{schedule_id}/layers", layer)
        return self._call(principal, "GET", f"/oncall/schedules/{schedule_id}")

    def policy(
        self, name: str, *, layers: Iterable[Mapping[str, Any]] = ({"schedule": "Primary on-call"},),
        description: str | None = None, as_user: str | None = None,
    ) -> dict[str, Any]:
        """An escalation policy whose layers page, in order, `{"schedule": name or id}` or
        `{"users": [user ids]}`, each after `"ackTimeoutMinutes"` (default 15); created through the API,
        returns `GET /v1/escalation/policies/{id}`'s answer.

        Example::

            policy = fake.given.policy("Checkout", layers=[{"schedule": "Primary on-call", "ackTimeoutMinutes": 5},
                                                           {"users": ["user_ada"]}])
        """
        store = self._fake.store
        principal = self._principal(as_user)
        body: dict[str, Any] = {"name": name}
        if description is not None:
            body["description"] = description
        created = self._call(principal, "POST", "/escalation/policies", body)
        policy_id = created["id"]
        for position, layer in enumerate(layers, start=1):
            unknown = set(layer) - {"schedule", "users", "ackTimeoutMinutes"}
            if unknown or ("schedule" in layer) == ("users" in layer):
                raise GivenError(f"layer {dict(layer)!r}: give either 'schedule' or 'users' (and 'ackTimeoutMinutes')")
            if "schedule" in layer:
                target = {"type": "schedule", "scheduleId": self._id_by_name(store.schedules, principal, layer["schedule"], "schedule")}
            else:
                target = {"type": "users", "userIds": list(layer["users"])}
            sent = {"position": position, "ackTimeoutMinutes": layer.get("ackTimeoutMinutes", 15), "target": target}
            self._call(principal, "POST", f"/escalation/policies/{policy_id}/layers", sent)
        return self._call(principal, "GET", f"/escalation/policies/{policy_id}")
