"""The verify suite's HTTP side: a small `requests` client and the assertions every rule shares."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import requests

from .. import chosen

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
    """Talks to the server under test with the given API key; remembers the incidents it created.

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

    def ok(self, response: requests.Response, status: int = 200) -> Any:
        """The `data` of a success envelope with `status`, or RuleFailed."""
        check(response.status_code == status, f"expected {status}, got {_describe(response)}")
        body = response.json()
        check(isinstance(body, dict) and "data" in body, f"no {{\"data\": ...}} envelope: {response.text[:200]}")
        return body["data"]

    def error(self, response: requests.Response, status: int, code: str, type_: str | None = None) -> dict[str, Any]:
        """Check the error envelope (fields, statusCode, code, UUID requestId); RuleFailed otherwise."""
        check(response.status_code == status, f"expected {status} {code}, got {_describe(response)}")
        try:
            body = response.json()
        except ValueError as exc:
            raise RuleFailed(f"error body is not JSON: {response.text[:200]}") from exc
        check(isinstance(body, dict) and set(body) == ERROR_FIELDS,
              f"error envelope must have exactly {sorted(ERROR_FIELDS)}, got {sorted(body) if isinstance(body, dict) else body}")
        check(body["statusCode"] == status, f"statusCode {body['statusCode']} differs from HTTP status {status}")
        check(body["code"] == code, f"expected code {code}, got {body['code']}")
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
        return incident

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
