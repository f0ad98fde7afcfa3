"""Issue 12 §6: one timestamp per change, nothing internal on the public page, protective headers."""

from __future__ import annotations

import pytest

from mockscaling import create_app
from mockscaling.domain.clock import Clock

from ..support import ADA, API_COMPONENT, FlaskApiClient


def test_one_status_change_has_one_instant_even_on_a_running_clock():
    """A running clock (not frozen) used to give the history entry and the update different milliseconds."""
    from datetime import timedelta

    class SteppingClock(Clock):
        """A running clock whose every read is 1 ms later than the last (no real-time race in the test)."""

        ticks = 0

        def now(self):
            self.ticks += 1
            return super().now() + timedelta(milliseconds=self.ticks)

    client = FlaskApiClient(create_app(clock=SteppingClock()))
    incident = client.new_incident(componentIds=[API_COMPONENT])
    moved = client.move(incident["id"], "identified").data
    updates = client.get(f"/incidents/{incident['id']}/updates").data["updates"]
    change = [u for u in updates if u.get("statusChange") == "identified"][0]
    history = client.detail(incident["id"])["statusHistory"]
    assert history[-1]["changedAt"] == change["postedAt"] == moved["updatedAt"], (history[-1], change, moved)


@pytest.mark.parametrize(
    "action",
    ["internal_note", "acknowledge", "handoff"],
)
def test_the_public_page_does_not_move_on_internal_activity(inproc, store, action):
    incident = inproc.new_incident(componentIds=[API_COMPONENT], severity="high")
    before = inproc.get("/status/acme.json", key=None).data if False else inproc.get("/status/acme.json", key=None).body
    store.set_clock(advance=60)
    if action == "internal_note":
        assert inproc.post(f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "db replica lag"}).status == 201
    elif action == "acknowledge":
        assert inproc.post(f"/incidents/{incident['id']}/acknowledge").status == 200
    else:
        assert inproc.post(f"/incidents/{incident['id']}/handoff", json={"targetUserId": ADA}).status == 200
    after = inproc.get("/status/acme.json", key=None).body

    def public(page):
        return [{k: v for k, v in i.items()} for i in page["data"]["activeIncidents"]] if "data" in page else page["activeIncidents"]

    assert public(after) == public(before)


def test_the_public_page_moves_on_public_events(inproc, store):
    incident = inproc.new_incident(componentIds=[API_COMPONENT], severity="high")
    first = inproc.get("/status/acme.json", key=None).body
    store.set_clock(advance=60)
    assert inproc.post(f"/incidents/{incident['id']}/updates", json={"visibility": "public", "body": "Investigating"}).status == 201
    second = inproc.get("/status/acme.json", key=None).body

    def stamps(page):
        page = page.get("data", page)
        return page["activeIncidents"][0]["updatedAt"]

    assert stamps(second) > stamps(first)


@pytest.mark.parametrize("path", ["/v1/incidents", "/_mock/state", "/status/acme", "/status/acme.json", "/openapi.json", "/nope"])
def test_every_response_says_nosniff(api, path):
    reply = api.get(path)
    assert reply.headers.get("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize("path", ["/v1/incidents", "/v1/nope", "/api/incidents", "/_mock/state"])
def test_api_and_control_answers_are_not_cached(inproc, path):
    assert inproc.get(path).headers.get("Cache-Control") == "no-store"


def test_the_status_page_has_a_csp_that_forbids_framing(inproc):
    reply = inproc.get("/status/acme", key=None)
    assert reply.status == 200
    policy = reply.headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'none'" in policy or "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[-1].split(";")[0] if "script-src" in policy else True
    assert reply.headers.get("X-Frame-Options") == "DENY"
