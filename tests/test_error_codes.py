"""Every error code of contract §1, §2 and the component endpoints, provoked over both transports."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from .support import (
    ADA,
    API_COMPONENT,
    BOB,
    DATABASE_COMPONENT,
    DEFAULT_POLICY,
    GIL,
    GLOBEX_KEY,
    MEMBER_KEY,
    STATUSES,
    WEB_COMPONENT,
    ApiClient,
    Reply,
    assert_error,
)

UNKNOWN = str(uuid.UUID(int=12345, version=4))
AUTH = ("not_authorized_error", 401)
REQ = "invalid_request_error"
VAL = "validation_error"


def _resolved(api: ApiClient, **body) -> dict:
    incident = api.new_incident(**body)
    for status in STATUSES[1:]:
        assert api.move(incident["id"], status).status == 200
    return incident


def _incident_path(api: ApiClient, suffix: str = "") -> str:
    return f"/incidents/{api.new_incident()['id']}{suffix}"


def _update(api: ApiClient, key=None, **body) -> tuple[str, str]:
    incident = api.new_incident()
    kw = {} if key is None else {"key": key}
    reply = api.post(f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "x", **body}, **kw)
    assert reply.status == 201, reply.text
    return incident["id"], reply.data["id"]


def _redact_late(api: ApiClient, store) -> Reply:
    incident_id, update_id = _update(api, key=MEMBER_KEY)
    store.set_clock(advance=301)
    return api.post(f"/incidents/{incident_id}/updates/{update_id}/redact", key=MEMBER_KEY)


def _redact_others(api: ApiClient, store) -> Reply:
    incident_id, update_id = _update(api)  # posted by Ada
    return api.post(f"/incidents/{incident_id}/updates/{update_id}/redact", key=MEMBER_KEY)


def _globex_component(api: ApiClient) -> str:
    reply = api.post("/components", json={"name": "Globex thing"}, key=GLOBEX_KEY)
    assert reply.status == 201, reply.text
    return reply.data["id"]


def _create(**body) -> Callable[[ApiClient, object], Reply]:
    return lambda api, store: api.post("/incidents", json={"title": "t", "severity": "low", **body})


def _create_owned(**body) -> Callable[[ApiClient, object], Reply]:
    return _create(ownerId=BOB, **body)


# (name, send(api, store) -> Reply, status, type, code)
CASES: list[tuple[str, Callable[[ApiClient, object], Reply], int, str, str]] = [
    # ---- auth ----
    ("no header", lambda api, s: api.get("/incidents", key=None), 401, AUTH[0], "missing_authorization_header"),
    ("basic scheme", lambda api, s: api.get("/incidents", key=None, headers={"Authorization": "Basic eDp5"}), 401, AUTH[0], "missing_authorization_header"),
    ("bearer without space", lambda api, s: api.get("/incidents", key=None, headers={"Authorization": "Bearer" + "a" * 41}), 401, AUTH[0], "missing_authorization_header"),
    ("lowercase bearer", lambda api, s: api.get("/incidents", key=None, headers={"Authorization": "bearer scl_live_" + "a" * 32}), 401, AUTH[0], "missing_authorization_header"),
    ("empty header", lambda api, s: api.get("/incidents", key=None, headers={"Authorization": ""}), 401, AUTH[0], "missing_authorization_header"),
    ("no header on /api", lambda api, s: api.get("/api/incidents", key=None), 401, AUTH[0], "missing_authorization_header"),
    ("no header on a write", lambda api, s: api.post("/incidents", key=None, json={}), 401, AUTH[0], "missing_authorization_header"),
    ("unknown key", lambda api, s: api.get("/incidents", key="scl_live_" + "z" * 32), 401, AUTH[0], "invalid_api_key"),
    ("empty key", lambda api, s: api.get("/incidents", key=""), 401, AUTH[0], "missing_authorization_header"),
    ("blank key", lambda api, s: api.get("/incidents", key=None, headers={"Authorization": "Bearer  \t"}), 401, AUTH[0], "missing_authorization_header"),
    ("key of wrong shape", lambda api, s: api.get("/incidents", key="hello"), 401, AUTH[0], "invalid_api_key"),
    # ---- 404 / 405 ----
    ("unknown incident", lambda api, s: api.get(f"/incidents/{UNKNOWN}"), 404, REQ, "not_found"),
    ("other org's incident", lambda api, s: api.get(_incident_path(api), key=GLOBEX_KEY), 404, REQ, "not_found"),
    ("other org's incident status", lambda api, s: api.patch(_incident_path(api, "/status"), json={"status": "identified"}, key=GLOBEX_KEY), 404, REQ, "not_found"),
    ("unknown route", lambda api, s: api.get("/v1/nothing-here"), 404, REQ, "not_found"),
    ("unknown route under /api", lambda api, s: api.get("/api/incidents/x/y/z"), 404, REQ, "not_found"),
    ("unknown top-level route", lambda api, s: api.get("/nothing"), 404, REQ, "not_found"),
    ("unknown update", lambda api, s: api.post(_incident_path(api, f"/updates/{UNKNOWN}/redact")), 404, REQ, "not_found"),
    ("unknown incident updates", lambda api, s: api.get(f"/incidents/{UNKNOWN}/updates"), 404, REQ, "not_found"),
    ("unknown component", lambda api, s: api.get(f"/components/{UNKNOWN}"), 404, REQ, "not_found"),
    ("unknown schedule", _create(ownerScheduleId=UNKNOWN), 404, REQ, "not_found"),
    ("wrong method", lambda api, s: api.delete("/incidents"), 405, REQ, "method_not_allowed"),
    ("wrong method on one", lambda api, s: api.put(f"/incidents/{UNKNOWN}", json={}), 405, REQ, "method_not_allowed"),
    # ---- invalid_json ----
    ("not json", lambda api, s: api.post("/incidents", data="title=x", headers={"Content-Type": "application/json"}), 400, REQ, "invalid_json"),
    ("json array", lambda api, s: api.post("/incidents", json=[]), 400, REQ, "invalid_json"),
    ("empty body", lambda api, s: api.patch(_incident_path(api, "/status"), data=b""), 400, REQ, "invalid_json"),
    # ---- 422 invalid_body ----
    ("title wrong type", _create_owned(title=1), 422, VAL, "invalid_body"),
    ("title missing", lambda api, s: api.post("/incidents", json={"severity": "low", "ownerId": BOB}), 422, VAL, "invalid_body"),
    ("severity missing", lambda api, s: api.post("/incidents", json={"title": "t", "ownerId": BOB}), 422, VAL, "invalid_body"),
    ("severity bad enum", _create_owned(severity="urgent"), 422, VAL, "invalid_body"),
    ("title too long", _create_owned(title="x" * 101), 422, VAL, "invalid_body"),
    ("unknown field", _create_owned(colour="red"), 422, VAL, "invalid_body"),
    ("status missing", lambda api, s: api.patch(_incident_path(api, "/status"), json={}), 422, VAL, "invalid_body"),
    ("status bad enum", lambda api, s: api.patch(_incident_path(api, "/status"), json={"status": "closed"}), 422, VAL, "invalid_body"),
    ("note too long", lambda api, s: api.patch(_incident_path(api, "/status"), json={"status": "identified", "resolutionNote": "n" * 2001}), 422, VAL, "invalid_body"),
    ("visibility missing", lambda api, s: api.post(_incident_path(api, "/updates"), json={"body": "x"}), 422, VAL, "invalid_body"),
    ("visibility bad", lambda api, s: api.post(_incident_path(api, "/updates"), json={"visibility": "secret", "body": "x"}), 422, VAL, "invalid_body"),
    ("statusChange bad", lambda api, s: api.post(_incident_path(api, "/updates"), json={"visibility": "internal", "statusChange": "done"}), 422, VAL, "invalid_body"),
    ("handoff target missing", lambda api, s: api.post(_incident_path(api, "/handoff"), json={}), 422, VAL, "invalid_body"),
    ("componentIds missing", lambda api, s: api.put(_incident_path(api, "/components"), json={}), 422, VAL, "invalid_body"),
    ("componentIds not a list", lambda api, s: api.put(_incident_path(api, "/components"), json={"componentIds": API_COMPONENT}), 422, VAL, "invalid_body"),
    ("component name missing", lambda api, s: api.post("/components", json={}), 422, VAL, "invalid_body"),
    ("component name too long", lambda api, s: api.post("/components", json={"name": "n" * 101}), 422, VAL, "invalid_body"),
    ("component unknown field", lambda api, s: api.patch(f"/components/{API_COMPONENT}", json={"colour": "red"}), 422, VAL, "invalid_body"),
    # ---- 422 invalid_query ----
    ("limit 0", lambda api, s: api.get("/incidents", params={"limit": 0}), 422, VAL, "invalid_query"),
    ("limit 101", lambda api, s: api.get("/incidents", params={"limit": 101}), 422, VAL, "invalid_query"),
    ("limit abc", lambda api, s: api.get("/incidents", params={"limit": "abc"}), 422, VAL, "invalid_query"),
    ("status filter bad", lambda api, s: api.get("/incidents", params={"status": "open"}), 422, VAL, "invalid_query"),
    ("severity filter bad", lambda api, s: api.get("/incidents", params={"severity": "sev1"}), 422, VAL, "invalid_query"),
    ("from bad date", lambda api, s: api.get("/incidents", params={"from": "2026-13-01"}), 422, VAL, "invalid_query"),
    ("to not a date", lambda api, s: api.get("/incidents", params={"to": "yesterday"}), 422, VAL, "invalid_query"),
    ("cursor garbage", lambda api, s: api.get("/incidents", params={"cursor": "!!!not-base64"}), 422, VAL, "invalid_query"),
    ("cursor other json", lambda api, s: api.get("/incidents", params={"cursor": "eyJhIjoxfQ"}), 422, VAL, "invalid_query"),
    ("unknown query parameter", lambda api, s: api.get("/incidents", params={"page": 2}), 422, VAL, "invalid_query"),
    # ---- 422 invalid_path ----
    ("non-uuid incident id", lambda api, s: api.get("/incidents/42"), 422, VAL, "invalid_path"),
    ("non-uuid id on status", lambda api, s: api.patch("/incidents/abc/status", json={"status": "identified"}), 422, VAL, "invalid_path"),
    ("non-uuid update id", lambda api, s: api.post(_incident_path(api, "/updates/xyz/redact")), 422, VAL, "invalid_path"),
    ("non-uuid component id", lambda api, s: api.get("/components/api"), 422, VAL, "invalid_path"),
    # ---- business rules (400) ----
    ("owner missing", _create(), 400, REQ, "owner_required"),
    ("owner null", _create(ownerId=None, ownerScheduleId=None), 400, REQ, "owner_required"),
    ("owner unknown", _create(ownerId="user_nobody"), 400, REQ, "invalid_owner_id"),
    ("owner from other org", _create(ownerId=GIL), 400, REQ, "invalid_owner_id"),
    ("component unknown", _create_owned(componentIds=[UNKNOWN]), 400, REQ, "invalid_component_id"),
    ("component of other org", lambda api, s: _create_owned(componentIds=[_globex_component(api)])(api, s), 400, REQ, "invalid_component_id"),
    ("component twice", _create_owned(componentIds=[API_COMPONENT, API_COMPONENT]), 400, REQ, "duplicate_component_id"),
    ("PUT component unknown", lambda api, s: api.put(_incident_path(api, "/components"), json={"componentIds": ["nope"]}), 400, REQ, "invalid_component_id"),
    ("PUT component twice", lambda api, s: api.put(_incident_path(api, "/components"), json={"componentIds": [WEB_COMPONENT, WEB_COMPONENT]}), 400, REQ, "duplicate_component_id"),
    ("policy unknown", _create_owned(escalationPolicyId=UNKNOWN), 400, REQ, "invalid_escalation_policy_id"),
    ("policy of other org", lambda api, s: api.post("/incidents", key=GLOBEX_KEY, json={"title": "t", "severity": "low", "ownerId": GIL, "escalationPolicyId": DEFAULT_POLICY}), 400, REQ, "invalid_escalation_policy_id"),
    ("skip", lambda api, s: api.patch(_incident_path(api, "/status"), json={"status": "monitoring"}), 400, REQ, "invalid_status_transition"),
    ("repeat", lambda api, s: api.patch(_incident_path(api, "/status"), json={"status": "investigating"}), 400, REQ, "invalid_status_transition"),
    ("move on resolved", lambda api, s: api.move(_resolved(api)["id"], "resolved"), 400, REQ, "invalid_status_transition"),
    ("statusChange skip", lambda api, s: api.post(_incident_path(api, "/updates"), json={"visibility": "internal", "statusChange": "resolved"}), 400, REQ, "invalid_status_transition"),
    ("empty update", lambda api, s: api.post(_incident_path(api, "/updates"), json={"visibility": "internal"}), 400, REQ, "empty_update"),
    ("empty update with nulls", lambda api, s: api.post(_incident_path(api, "/updates"), json={"visibility": "internal", "body": None, "statusChange": None}), 400, REQ, "empty_update"),
    ("public without body", lambda api, s: api.post(f"/incidents/{api.new_incident(componentIds=[API_COMPONENT])['id']}/updates", json={"visibility": "public", "statusChange": "identified"}), 400, REQ, "public_update_requires_body"),
    ("public on Database only", lambda api, s: api.post(f"/incidents/{api.new_incident(componentIds=[DATABASE_COMPONENT])['id']}/updates", json={"visibility": "public", "body": "x"}), 400, REQ, "no_public_surface"),
    ("public without components", lambda api, s: api.post(_incident_path(api, "/updates"), json={"visibility": "public", "body": "x"}), 400, REQ, "no_public_surface"),
    ("update on resolved", lambda api, s: api.post(f"/incidents/{_resolved(api)['id']}/updates", json={"visibility": "internal", "body": "x"}), 400, REQ, "incident_resolved"),
    ("empty update on resolved", lambda api, s: api.post(f"/incidents/{_resolved(api)['id']}/updates", json={"visibility": "public"}), 400, REQ, "incident_resolved"),
    ("handoff on resolved", lambda api, s: api.post(f"/incidents/{_resolved(api)['id']}/handoff", json={"targetUserId": ADA}), 400, REQ, "incident_resolved"),
    ("components on resolved", lambda api, s: api.put(f"/incidents/{_resolved(api)['id']}/components", json={"componentIds": []}), 400, REQ, "incident_resolved"),
    ("handoff to other org", lambda api, s: api.post(_incident_path(api, "/handoff"), json={"targetUserId": GIL}), 400, REQ, "invalid_target_user"),
    ("handoff to nobody", lambda api, s: api.post(_incident_path(api, "/handoff"), json={"targetUserId": "user_nobody"}), 400, REQ, "invalid_target_user"),
    # ---- 403 / 409 ----
    ("redact after 5 minutes", _redact_late, 403, "forbidden_error", "redaction_not_permitted"),
    ("redact someone else's", _redact_others, 403, "forbidden_error", "redaction_not_permitted"),
    ("component name taken", lambda api, s: api.post("/components", json={"name": "API"}), 409, REQ, "name_conflict"),
    ("component renamed onto another", lambda api, s: api.patch(f"/components/{API_COMPONENT}", json={"name": "Database"}), 409, REQ, "name_conflict"),
]

CONTRACT_CODES = {
    "missing_authorization_header", "invalid_api_key", "not_found", "method_not_allowed", "invalid_json",
    "invalid_body", "invalid_query", "invalid_path", "owner_required", "invalid_owner_id", "invalid_component_id",
    "duplicate_component_id", "invalid_escalation_policy_id", "invalid_status_transition", "empty_update",
    "public_update_requires_body", "no_public_surface", "incident_resolved", "redaction_not_permitted",
    "invalid_target_user", "name_conflict",
}


def test_the_table_covers_every_code_of_these_endpoints():
    assert {case[4] for case in CASES} == CONTRACT_CODES


@pytest.mark.parametrize(("name", "send", "status", "type_", "code"), CASES, ids=[case[0] for case in CASES])
def test_error(api, store, name, send, status, type_, code):
    body = assert_error(send(api, store), status, type_, code)
    assert len(body["message"]) < 300


def test_validation_message_names_the_field(api):
    body = assert_error(api.create_incident(title=""), 422, VAL, "invalid_body")
    assert body["message"].startswith("title: ")
    body = assert_error(api.get("/incidents", params={"limit": 0}), 422, VAL, "invalid_query")
    assert body["message"].startswith("limit: ")
    body = assert_error(api.get("/incidents/nope"), 422, VAL, "invalid_path")
    assert body["message"].startswith("id: ")


def test_405_names_the_allowed_methods(api):
    reply = api.delete("/incidents")
    assert_error(reply, 405, REQ, "method_not_allowed")
    assert {"GET", "POST"} <= {m.strip() for m in reply.headers["Allow"].split(",")}


def test_request_ids_are_fresh(api):
    ids = {assert_error(api.get("/incidents", key=None), 401, AUTH[0], "missing_authorization_header")["requestId"]
           for _ in range(3)}
    assert len(ids) == 3


def test_an_admin_is_not_needed_for_these_errors(api):
    """A member key meets the same rule errors as the admin (rules are not role-based here)."""
    incident = api.new_incident()
    assert_error(api.move(incident["id"], "resolved", key=MEMBER_KEY), 400, REQ, "invalid_status_transition")


def test_unexpected_failure_is_a_500_envelope():
    """A bug in a view still answers in the envelope (internal_error / server_error), never an HTML page."""
    from mockscaling import create_app

    from .support import FlaskApiClient

    app = create_app()

    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/_mock/test-broken", "broken", broken)
    body = assert_error(FlaskApiClient(app).get("/_mock/test-broken"), 500, "internal_error", "server_error")
    assert "boom" not in body["message"]
