"""A first end-to-end pass through the founding guide, on both transports."""

from .support import ADA, BOB, assert_error


def test_founding_guide_flow(api):
    incident = api.new_incident(title="Checkout is down", severity="critical", ownerId=BOB)
    assert incident["status"] == "investigating"
    assert incident["createdBy"] == ADA
    for status in ["identified", "monitoring"]:
        reply = api.move(incident["id"], status)
        assert reply.status == 200 and reply.data["status"] == status
    reply = api.patch(f"/api/incidents/{incident['id']}/status", json={"status": "resolved", "resolutionNote": "Rolled back"})
    assert reply.status == 200 and reply.data["status"] == "resolved"
    history = api.detail(incident["id"])["statusHistory"]
    assert [entry["status"] for entry in history] == ["investigating", "identified", "monitoring", "resolved"]
    assert history[-1]["resolutionNote"] == "Rolled back"


def test_unknown_route_is_json_404(api):
    assert_error(api.get("/v1/nothing-here"), 404, "invalid_request_error", "not_found")
