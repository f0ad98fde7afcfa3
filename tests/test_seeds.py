"""Seeds (issue 13): format 2 with incidents, validation by the API's schemas, state dumps, scenarios."""

from __future__ import annotations

import copy
import json

import pytest

from mockscaling.worlds.seed import BUILTIN_SEEDS, SeedError, seed_document
from mockscaling.worlds.seed_schema import validate_seed
from mockscaling.harness.testing import MockScaling

DEFAULT = seed_document("default")


def with_change(change):
    document = copy.deepcopy(DEFAULT)
    change(document)
    return document


ACME = 0


@pytest.mark.parametrize("change, message", [
    (lambda d: d["organizations"][ACME]["statusPages"][0]["components"].append("Databse"),
     "organizations[0] 'Acme Inc' > statusPages[0] 'Acme Inc status' > components: Unknown component 'Databse' (known: 'API', 'Database', 'Web app'"),
    (lambda d: d["organizations"][ACME]["members"][1].update(role="member"),
     "organizations[0] 'Acme Inc' > members[1] 'user_bob' > role: Must be one of: org:admin, org:member."),
    (lambda d: d["organizations"][ACME]["schedules"][0].update(timezone="Europe/Berln"),
     "schedules[0] 'Primary on-call' > timezone: Must be an IANA time-zone name"),
    (lambda d: d.clear() or d.update(foo=1), "foo: Unknown field."),
    (lambda d: d["organizations"][ACME]["components"][0].update(colour="red"), "components[0] 'API' > colour: Unknown field."),
    (lambda d: d["organizations"][ACME]["schedules"][0]["layers"][0].update(handoffTime="25:00"),
     "layers[0] 'Weekly' > handoffTime: Must be a time HH:MM (24 hours)."),
    (lambda d: d["organizations"][ACME]["escalationPolicies"][0]["layers"][0]["target"].update(schedule="Nope"),
     "escalationPolicies[0] 'Default' > layers[0] > target: Unknown schedule 'Nope'"),
    (lambda d: d["organizations"][ACME]["schedules"][0]["layers"][0]["participantIds"].append("user_zed"),
     "layers[0] 'Weekly' > participantIds: Unknown member 'user_zed'"),
    (lambda d: d["organizations"][ACME].update(incidents=[{"title": "t", "severity": "low", "owner": "user_bob", "createdAt": "now"}]),
     "incidents: Incidents need seed format version 2"),
    (lambda d: d.update(version=3), "version: Must be one of: 1, 2."),
    (lambda d: d["organizations"].append(copy.deepcopy(d["organizations"][ACME])), "organizations[2] 'Acme Inc' > id: Another organization"),
])
def test_bad_seeds_are_refused_in_one_line(change, message, tmp_path):
    path = tmp_path / "my-seed.json"
    path.write_text(json.dumps(with_change(change)), "utf-8")
    with pytest.raises(SeedError) as caught:
        MockScaling.create(seed=str(path))
    text = str(caught.value)
    assert "\n" not in text and text.startswith(f"seed {path}: ")
    assert message in text


def test_version_1_still_loads_and_version_2_adds_incidents():
    v2 = with_change(lambda d: d.update(version=2) or d["organizations"][ACME].update(incidents=[
        {"title": "Old outage", "severity": "critical", "owner": "user_bob", "components": ["API"], "createdAt": "2026-04-01T10:00:00Z",
         "history": [{"status": "identified", "at": "2026-04-01T10:05:00Z"}, {"status": "monitoring", "at": "2026-04-01T11:00:00Z"},
                     {"status": "resolved", "at": "2026-04-01T12:00:00Z", "resolutionNote": "Rolled back", "by": "user_ada"}],
         "updates": [{"visibility": "public", "body": "Looking into it", "postedAt": "2026-04-01T10:01:00Z", "postedBy": "user_cy"}]},
        {"title": "Now", "severity": "low", "ownerSchedule": "Primary on-call", "createdAt": "now-1h", "createdBy": "user_bob",
         "acknowledgedAt": "now-30m", "acknowledgedBy": "user_cy"},
    ]))
    fake = MockScaling.create(seed=v2, now="2026-04-07T10:00:00Z")
    assert len(MockScaling.create(seed="default").store.incidents) == 0
    old, new = sorted(fake.store.incidents.values(), key=lambda i: i.sequential_id)
    detail = fake.client().get(f"/v1/incidents/{old.id}").json["data"]
    assert [(h["status"], h["changedAt"]) for h in detail["statusHistory"]] == [
        ("investigating", "2026-04-01T10:00:00.000Z"), ("identified", "2026-04-01T10:05:00.000Z"),
        ("monitoring", "2026-04-01T11:00:00.000Z"), ("resolved", "2026-04-01T12:00:00.000Z")]
    assert detail["statusHistory"][-1]["resolutionNote"] == "Rolled back"
    updates = fake.client().get(f"/v1/incidents/{old.id}/updates").json["data"]["updates"]
    assert [(u["postedBy"]["id"], u["body"]) for u in updates][0] == ("user_cy", "Looking into it")
    assert new.created_by == "user_bob" and new.acknowledged_by == "user_cy"
    # Relative times are read against the clock the store had when the seed loaded; the clock is put back.
    assert not fake.store.clock.frozen or fake.clock.now().isoformat() == "2026-04-07T10:00:00+00:00"


def test_a_history_the_rules_refuse_is_an_error():
    bad = with_change(lambda d: d.update(version=2) or d["organizations"][ACME].update(incidents=[
        {"title": "Skips", "severity": "low", "owner": "user_bob", "createdAt": "now-1h",
         "history": [{"status": "monitoring", "at": "now-30m"}]}]))
    with pytest.raises(SeedError, match=r"incidents\[0\] 'Skips': the rules refuse it \(invalid_status_transition"):
        MockScaling.create(seed=bad)


def test_a_state_dump_given_as_a_seed_loads_as_a_state():
    source = MockScaling.create()
    source.given.incident(status="identified", components=["API"])
    copy_of_it = MockScaling.create(seed=source.state())
    assert copy_of_it.state()["incidents"] == source.state()["incidents"] != []


def test_extends_appends_to_the_base_organizations():
    document = {"extends": "default", "organizations": [{"id": "org_acme", "components": [{"name": "Search"}]},
                                                        {"id": "org_new", "name": "New"}]}
    fake = MockScaling.create(seed=document)
    names = [c.name for c in fake.store.components.values() if c.org_id == "org_acme"]
    assert "Search" in names and "API" in names
    assert {o["id"] for o in fake.state()["organizations"]} == {"org_acme", "org_globex", "org_new"}


@pytest.mark.parametrize("name", ["major-outage", "quiet-week", "follow-the-sun"])
def test_shipped_scenarios_load(name):
    fake = MockScaling.create(seed=name)
    assert fake.admin_key and fake.client().get("/v1/incidents").status_code == 200


def test_scenario_contents():
    outage = MockScaling.create(seed="major-outage")
    assert outage.client().get("/status/acme.json").json["status"] == "major_outage"
    quiet = MockScaling.create(seed="quiet-week")
    incidents = quiet.client().get("/v1/incidents", query_string={"limit": 100}).json["data"]["incidents"]
    ages = [(quiet.clock.now() - quiet.store.incidents[i["id"]].created_at).days for i in incidents]
    assert all(i["status"] == "resolved" for i in incidents) and min(ages) >= 7 and max(ages) <= 90
    sun = MockScaling.create(seed="follow-the-sun")
    assert [s["timezone"] for s in sun.client().get("/v1/oncall/schedules").json["data"]] == [
        "Asia/Tokyo", "Europe/Berlin", "America/New_York"]


def test_busy_org_has_500_incidents():
    from mockscaling.worlds.scenarios import generated_seed

    document = generated_seed("busy-org")
    assert document == generated_seed("busy-org")  # the same on every run
    incidents = document["organizations"][0]["incidents"]
    assert len(incidents) == 500 and sum("history" not in i for i in incidents) == 12


def test_the_seed_example_in_the_docs_loads():
    import re
    from pathlib import Path

    page = (Path(__file__).parent.parent / "docs" / "seeds.md").read_text("utf-8")
    (example,) = re.findall(r"```json\n(.*?)```", page, re.DOTALL)
    fake = MockScaling.create(seed=json.loads(example))
    (incident,) = fake.store.incidents.values()
    assert incident.status == "identified" and incident.title == "Checkout is slow"
    # The error example quoted on the page is the one the validator gives.
    line = re.search(r"`(seed my-seed\.json: .*?)`", page).group(1)
    broken = with_change(lambda d: d["organizations"][ACME]["schedules"][0].update(timezone="Europe/Berln"))
    with pytest.raises(SeedError) as caught:
        MockScaling.create(seed=broken)
    assert str(caught.value).replace("(document)", "my-seed.json") == line


@pytest.mark.parametrize("name", BUILTIN_SEEDS)
def test_every_shipped_seed_is_valid(name):
    # Loading a shipped seed skips validation (start-up would import every schema for it): this is its check.
    validate_seed(seed_document(name), name)
    assert seed_document(name).get("organizations") or name == "empty"
