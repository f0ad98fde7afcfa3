"""The verify suite's HTTP side: a small `requests` client and the assertions every rule shares."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

import requests

from ... import chosen
from .registry import RuleSkipped

ERROR_FIELDS = {"statusCode", "type", "code", "requestId", "message"}
STATUSES = ("investigating", "identified", "monitoring", "resolved")  # the contract's lifecycle, in order


class RuleFailed(AssertionError):
    """A rule of the contract is broken; the message says how."""


def check(condition: bool, reason: str) -> None:
    """Fail the current rule with `reason` unless `condition` holds."""
    if not condition:
        raise RuleFailed(reason)


def _describe(response: requests.Response) -> str:
    return f"{response.status_code} {response.text[:200]}"


@dataclass
class Client:
    """Talks to the server under test with the given API key; remembers everything it created, to remove it.

    Example::

        client = Client("http://127.0.0.1:5050", "scl_live_" + "a" * 32)
        incident = client.new_incident("pagination")
    """

    base_url: str
    api_key: str
    owner_id: str | None = None
    timeout: float = 10.0
    created: list[str] = field(default_factory=list)
    session: requests.Session = field(default_factory=requests.Session)
    member_key: str | None = None  # a plain member's key of the same organization (team rules)
    other_key: str | None = None  # a key of another organization (tenancy rules)
    status_url: str | None = None  # a published status page, e.g. http://127.0.0.1:5050/status/acme
    me: str | None = None  # the user id of api_key (learnt from an incident's createdBy)
    is_admin: bool = False
    deletions: list[str] = field(default_factory=list)  # paths to DELETE at the end, in creation order
    token: str = field(default_factory=lambda: secrets.token_hex(4))  # keeps names unique across runs

    def request(self, method: str, path: str, *, json: Any = None, key: str | None | bool = True,
                params: dict[str, Any] | None = None) -> requests.Response:
        """`method path` under /v1; `key=None` sends no Authorization header, a string sends that key."""
        headers = {}
        if key is True:
            headers["Authorization"] = f"Bearer {self.api_key}"
        elif isinstance(key, str):
            headers["Authorization"] = f"Bearer {key}"
        return self.session.request(method, f"{self.base_url}/v1{path}", json=json, headers=headers, params=params,
                                    timeout=self.timeout)

    def raw(self, method: str, path: str, data: bytes) -> requests.Response:
        """`method path` with a raw (possibly broken) JSON body."""
        headers = {"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"}
        return self.session.request(method, f"{self.base_url}/v1{path}", data=data, headers=headers, timeout=self.timeout)

    def need(self, what: str) -> None:
        """Skip the rule unless the run has `what` (admin, member_key, other_key, status_url)."""
        have = {"admin": self.is_admin, "member_key": self.member_key, "other_key": self.other_key,
                "status_url": self.status_url}
        if not have[what]:
            reasons = {"admin": "needs an admin key", "member_key": "needs --member-key", "other_key": "needs --other-key",
                       "status_url": "needs --status-url"}
            raise RuleSkipped(reasons[what])

    def name(self, purpose: str, limit: int = 100) -> str:
        """A unique, recognisable name for something the suite creates."""
        return f"{chosen.VERIFY_TITLE_PREFIX} {purpose} {self.token}"[-limit:]

    def create(self, collection: str, body: dict[str, Any], status: int = 201) -> dict[str, Any]:
        """POST `collection`; the created resource is deleted (DELETE collection/id) at the end of the run."""
        created = self.ok(self.request("POST", collection, json=body), status)
        self.deletions.append(f"{collection}/{created['id']}")
        return created

    def new_component(self, purpose: str, **extra: Any) -> dict[str, Any]:
        """A component the suite owns."""
        return self.create("/components", {"name": self.name(purpose), **extra})

    def new_schedule(self, purpose: str, participants: list[str] | None = None, **layer: Any) -> dict[str, Any]:
        """A schedule (Europe/Berlin) with one weekly layer of `participants` (default: the suite's owner) from 2020."""
        schedule = self.create("/oncall/schedules", {"name": self.name(purpose, 255), "timezone": "Europe/Berlin"})
        body = {"name": "Weekly", "rotationType": "weekly", "rotationLengthDays": 7, "handoffTime": "09:00",
                "effectiveFrom": "2020-01-06T08:00:00.000Z", "participantIds": participants or [self.owner_id]}
        body.update(layer)
        schedule["layer"] = self.ok(self.request("POST", f"/oncall/schedules/{schedule['id']}/layers", json=body), 201)
        return schedule

    def new_policy(self, purpose: str, **extra: Any) -> dict[str, Any]:
        """An escalation policy the suite owns (no layers)."""
        return self.create("/escalation/policies", {"name": self.name(purpose, 255), **extra})

    def ok(self, response: requests.Response, status: int = 200) -> Any:
        """The `data` of a success envelope with `status`, or RuleFailed."""
        check(response.status_code == status, f"expected {status}, got {_describe(response)}")
        body = response.json()
        check(isinstance(body, dict) and "data" in body, f"no {{\"data\": ...}} envelope: {response.text[:200]}")
        return body["data"]

    def error(self, response: requests.Response, status: int, code: str | None, type_: str | None = None) -> dict[str, Any]:
        """Check the error envelope (fields, statusCode, code unless None, UUID requestId); RuleFailed otherwise."""
        check(response.status_code == status, f"expected {status} {code or ''}, got {_describe(response)}".replace("  ", " "))
        try:
            body = response.json()
        except ValueError as exc:
            raise RuleFailed(f"error body is not JSON: {response.text[:200]}") from exc
        check(isinstance(body, dict) and set(body) == ERROR_FIELDS,
              f"error envelope must have exactly {sorted(ERROR_FIELDS)}, got {sorted(body) if isinstance(body, dict) else body}")
        check(body["statusCode"] == status, f"statusCode {body['statusCode']} differs from HTTP status {status}")
        check(code is None or body["code"] == code, f"expected code {code}, got {body['code']}")
        if type_ is not None:
            check(body["type"] == type_, f"expected type {type_}, got {body['type']}")
        check(isinstance(body["message"], str) and bool(body["message"]), "message must be a non-empty string")
        try:
            uuid.UUID(str(body["requestId"]))
        except ValueError as exc:
            raise RuleFailed(f"requestId is not a UUID: {body['requestId']!r}") from exc
        return body

    # ---- incidents the suite owns ----
    def new_incident(self, purpose: str, **extra: Any) -> dict[str, Any]:
        """Create an incident titled `[mockscaling verify] <purpose>`; it is resolved at the end of the run."""
        body = {"title": f"{chosen.VERIFY_TITLE_PREFIX} {purpose}"[:100], "severity": "low", "ownerId": self.owner_id}
        body.update(extra)
        incident = self.ok(self.request("POST", "/incidents", json=body), 201)
        self.created.append(incident["id"])
        self.me = self.me or incident.get("createdBy")  # the key's own user (team rules need it)
        return incident

    def post(self, path: str, body: Any = None, status: int = 200) -> Any:
        """POST and return `data` (RuleFailed unless `status`)."""
        return self.ok(self.request("POST", path, json=body), status)

    def read(self, path: str, **params: Any) -> Any:
        """GET and return `data` (RuleFailed unless 200)."""
        return self.ok(self.request("GET", path, params=params or None))

    def get(self, incident_id: str) -> dict[str, Any]:
        """GET one incident (with statusHistory and events)."""
        return self.ok(self.request("GET", f"/incidents/{incident_id}"))

    def move(self, incident_id: str, status: str, **extra: Any) -> requests.Response:
        """PATCH /status."""
        return self.request("PATCH", f"/incidents/{incident_id}/status", json={"status": status, **extra})

    def resolve_all(self) -> list[str]:
        """Walk every incident this run created forward to resolved; the ids that could not be resolved."""
        stuck = []
        for incident_id in self.created:
            try:
                status = self.get(incident_id)["status"]
                for following in STATUSES[STATUSES.index(status) + 1:]:
                    self.ok(self.move(incident_id, following))
            except (RuleFailed, requests.RequestException, ValueError, KeyError):
                stuck.append(incident_id)
        return stuck

    def delete_all(self) -> list[str]:
        """DELETE everything this run created, newest first; the paths that could not be deleted."""
        left = []
        for path in reversed(self.deletions):
            try:
                status = self.request("DELETE", path).status_code
            except requests.RequestException:
                status = 0
            if status not in (204, 404):  # 404: a rule already deleted it
                left.append(path)
        return left
