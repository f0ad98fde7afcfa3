"""Example downstream tests for `fake.given` and for the store's own methods.

Not collected by this suite: tests/test_plugin_toolkit.py runs this file with pytester as a downstream
project would, and docs/pytest.md quotes it.
"""

import pytest

from mockscaling.store import Principal


def test_given_incident(mockscaling):
    incident = mockscaling.given.incident(status="monitoring", severity="high", title="Checkout is slow",
                                          owner="user_bob", components=["API"],
                                          updates=[{"visibility": "public", "body": "We are looking into it"}])
    assert incident["status"] == "monitoring"
    # Walked one step at a time by the real rules: every status is in the history.
    assert [h["status"] for h in incident["statusHistory"]] == ["investigating", "identified", "monitoring"]
    assert incident == mockscaling.client().get(f"/v1/incidents/{incident['id']}").json["data"]
    assert len(mockscaling.calls) == 1  # given itself is not a call your client made


def test_given_schedule_policy_and_component(mockscaling):
    mockscaling.given.schedule("Night shift", participants=["user_cy", "user_bob"], rotation="daily",
                               timezone="America/New_York")
    policy = mockscaling.given.policy("Checkout", layers=[{"schedule": "Night shift", "ackTimeoutMinutes": 5},
                                                          {"users": ["user_ada"]}])
    search = mockscaling.given.component("Search", group_label="Product")
    incident = mockscaling.given.incident(policy="Checkout", components=["Search"], as_user="user_bob")
    assert incident["escalationPolicyId"] == policy["id"]
    assert incident["affectedComponents"] == [{"id": search["id"], "name": "Search"}]
    assert incident["createdBy"] == "user_bob"


def test_given_refuses_what_the_api_refuses(mockscaling):
    with pytest.raises(ValueError, match="422 invalid_body: timezone"):
        mockscaling.given.schedule("Typo", timezone="Europe/Berln")


def test_store_methods_take_a_principal(mockscaling):
    # A principal is who is calling: the organization, user and role an API key stands for.
    bob = Principal(org_id="org_acme", user_id="user_bob", role="org:member")
    incident = mockscaling.store.create_incident(bob, title="Disk full", severity="low", owner_id="user_bob")
    mockscaling.store.update_incident_status(bob, incident.id, status="identified")
    assert mockscaling.store.get_incident(bob, incident.id).status == "identified"
    # The principal behind an Authorization header value:
    assert mockscaling.store.authenticate(f"Bearer {mockscaling.member_key}") == bob
