"""No system call for ids under the store lock: ids come from a generator seeded once, times from the fake clock."""

from __future__ import annotations

import os
import uuid

from mockscaling import create_app

from .support import ADMIN_KEY, BOB, DEFAULT_POLICY

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


def test_requests_that_make_ids_never_read_the_os_random_source(monkeypatch):
    app = create_app()  # built before the patch: seeding the generators once may read the OS source
    client = app.test_client()

    def forbidden(*args, **kwargs):
        raise AssertionError("os.urandom/uuid4 called while serving a request")

    monkeypatch.setattr(os, "urandom", forbidden)
    monkeypatch.setattr(uuid, "uuid4", forbidden)
    created = client.post("/v1/incidents", json={"title": "t", "severity": "high", "ownerId": BOB,
                                                 "escalationPolicyId": DEFAULT_POLICY}, headers=AUTH)
    assert created.status_code == 201, created.get_data(as_text=True)
    incident_id = created.get_json()["data"]["id"]
    assert client.patch(f"/v1/incidents/{incident_id}/status", json={"status": "identified"}, headers=AUTH).status_code == 200
    assert client.post(f"/v1/incidents/{incident_id}/updates", json={"visibility": "internal", "body": "b"}, headers=AUTH).status_code == 201
    assert client.post("/_mock/tenants", json={}).status_code == 201
    assert client.get("/v1/incidents", headers=AUTH).headers["X-Request-Id"]
