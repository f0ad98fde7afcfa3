"""Wire rules (contract §1): auth, the error envelope, request ids, unknown routes, bodies, the /api alias, tenancy."""

from __future__ import annotations

import re

from ..client import Client, check
from ..registry import RuleSkipped, error_rule, rule

# A well-formed UUID that no server will have issued (the nil-like version-4 id).
MISSING_ID = "00000000-0000-4000-8000-000000000000"
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@rule("auth.missing_header", "[docs] §1 Auth errors", read_only=True)
def missing_header(client: Client) -> None:
    """No Authorization header: 401 missing_authorization_header."""
    client.error(client.request("GET", "/incidents", key=None), 401, "missing_authorization_header", "not_authorized_error")


@rule("auth.invalid_key", "[docs] §1 Auth errors", read_only=True)
def invalid_key(client: Client) -> None:
    """An unknown key: 401 invalid_api_key."""
    client.error(client.request("GET", "/incidents", key="scl_live_" + "0" * 32), 401, "invalid_api_key", "not_authorized_error")


@rule("auth.not_bearer", "[docs] §1 Auth errors", read_only=True)
def not_bearer(client: Client) -> None:
    """An Authorization header that does not start with `Bearer `: 401 missing_authorization_header."""
    response = client.session.get(f"{client.base_url}/v1/incidents", headers={"Authorization": f"Basic {client.api_key}"},
                                  timeout=client.timeout)
    client.error(response, 401, "missing_authorization_header", "not_authorized_error")


@rule("errors.envelope", "[docs] §1 Error envelope", read_only=True)
def error_envelope(client: Client) -> None:
    """A missing incident: 404 not_found in the envelope; the X-Request-Id header (if sent) equals requestId."""
    response = client.request("GET", f"/incidents/{MISSING_ID}")
    body = client.error(response, 404, "not_found", "invalid_request_error")
    header = response.headers.get("X-Request-Id")
    check(header is None or header == body["requestId"], f"X-Request-Id {header} differs from requestId {body['requestId']}")


@rule("errors.request_id_header", "[docs] §1 requestId (header name chosen)", read_only=True)
def request_id_header(client: Client) -> None:
    """Every answer, success or error, carries a fresh UUID in X-Request-Id."""
    seen = []
    for key in (True, None):
        header = client.request("GET", "/users", key=key).headers.get("X-Request-Id", "")
        check(bool(UUID.match(header.lower())), f"X-Request-Id is {header!r}, not a UUID")
        seen.append(header)
    check(seen[0] != seen[1], "two requests got the same X-Request-Id")


error_rule("errors.unknown_route", "[chosen] §1 Unknown route", "GET", "/no-such-resource", None, 404, "not_found",
           doc="An unknown /v1 route: 404 not_found in the envelope.")
error_rule("errors.method_not_allowed", "[chosen] §1 Wrong method", "DELETE", "/incidents", None, 405,
           "method_not_allowed", doc="DELETE on the incidents collection: 405 method_not_allowed in the envelope.")
error_rule("bodies.invalid_json", "[chosen] §1 Bodies", "POST", "/incidents", b'{"title": ', 400, "invalid_json",
           "invalid_request_error", doc="A body that is not JSON: 400 invalid_json.")
error_rule("bodies.not_an_object", "[chosen] §1 Bodies", "POST", "/incidents", b"[1, 2]", 400, "invalid_json",
           "invalid_request_error", doc="A JSON array where an object is expected: 400 invalid_json.")
error_rule("bodies.unknown_field", "[chosen] §1 Bodies (unknown fields)", "POST", "/incidents",
           {"title": "[mockscaling verify] unknown field", "severity": "low", "ownerId": "user_x", "colour": "red"},
           422, "invalid_body", "validation_error", doc="An unknown body field: 422 invalid_body.")


@rule("wire.api_alias", "[seed] §1 Paths (/api alias)", read_only=True)
def api_alias(client: Client) -> None:
    """The same routes answer under /api: GET /api/incidents is a page like GET /v1/incidents."""
    response = client.session.get(f"{client.base_url}/api/incidents", params={"limit": 1},
                                  headers={"Authorization": f"Bearer {client.api_key}"}, timeout=client.timeout)
    data = client.ok(response)
    check(set(data) == {"incidents", "nextCursor"}, f"/api/incidents answered {sorted(data)}")


@rule("wire.formats", "[docs] §1 Timestamps and ids")
def formats(client: Client) -> None:
    """Timestamps are ISO 8601 UTC with milliseconds and Z; incident ids are UUIDs; history ids start with sh_."""
    incident = client.get(client.new_incident("wire formats")["id"])
    for name in ("createdAt", "updatedAt"):
        check(bool(TIMESTAMP.match(incident[name])), f"{name} is {incident[name]!r}")
    check(bool(UUID.match(incident["id"])), f"id {incident['id']!r} is not a UUID")
    entry = incident["statusHistory"][0]
    check(entry["id"].startswith("sh_") and bool(TIMESTAMP.match(entry["changedAt"])), f"statusHistory entry {entry}")


@rule("tenancy.other_org_is_not_found", "[docs] §1 Tenancy", needs=("other_key",))
def other_org(client: Client) -> None:
    """Another organization's incident is indistinguishable from a missing one: 404 not_found."""
    client.need("other_key")
    incident = client.new_incident("tenancy")
    client.error(client.request("GET", f"/incidents/{incident['id']}", key=client.other_key), 404, "not_found")
    page = client.ok(client.request("GET", "/incidents", key=client.other_key, params={"limit": 100}))
    check(incident["id"] not in {item["id"] for item in page["incidents"]}, "another organization lists the incident")


def first_item(client: Client, path: str, key: str | None = None) -> dict:
    """The first element of a list endpoint (array, or the single list inside `data`), or RuleSkipped."""
    data = client.read(path)
    items = data if isinstance(data, list) else next((v for v in data.values() if isinstance(v, list)), [])
    if not items:
        raise RuleSkipped(f"GET /v1{path} is empty: nothing to read")
    return items[0]
