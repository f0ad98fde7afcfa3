"""`mockscaling snapshot --anonymize`: no original name, email or text survives; shape, ids and counts stay."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from click.testing import CliRunner

from mockscaling import create_app
from mockscaling.tools.cli import main
from mockscaling.tools.snapshot.anonymize import Anonymizer, anonymize
from mockscaling.web.server import ThreadedServer

from .snapshot_support import ADMIN, busy_source, every_get

KEY = ADMIN["Authorization"].split()[1]
# Where the originals sit: (record list, field) pairs of free text and names.
TEXT_FIELDS = {
    "members": ("email", "firstName", "lastName"),
    "components": ("name", "description", "groupLabel", "aliases"),
    "schedules": ("name", "description"),
    "workingHours": ("name",),
    "escalationPolicies": ("name", "description"),
    "routingPolicies": ("name", "description"),
    "inboundIntegrations": ("name",),
    "statusPages": ("name", "slug"),
    "incidents": ("title", "description"),
}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The same busy source snapshotted plainly and with --anonymize."""
    folder = tmp_path_factory.mktemp("anonymize")
    source = busy_source()
    with ThreadedServer(source) as server:
        for name, extra in (("plain.json", []), ("anonymous.json", ["--anonymize"])):
            result = CliRunner().invoke(main, ["snapshot", "--from", server.url, "--api-key", KEY, "-o",
                                               str(folder / name), "--incidents", "1000", "--status-page", "acme", *extra])
            assert result.exit_code == 0, result.output
    return {"plain": json.loads((folder / "plain.json").read_text()), "text": (folder / "anonymous.json").read_text(),
            "anonymous": json.loads((folder / "anonymous.json").read_text()), "path": folder / "anonymous.json",
            "source": source}


def originals(document: dict[str, Any]) -> set[str]:
    """Every name, email and piece of free text of a (plain) snapshot."""
    found: set[str] = set()
    org = document["organizations"][0]
    for key, fields in TEXT_FIELDS.items():
        for record in org[key]:
            for field in fields:
                value = record.get(field)
                found.update(value if isinstance(value, list) else [value] if value else [])
    for schedule in org["schedules"]:
        found.update(layer["name"] for layer in schedule["layers"])
    for incident in org["incidents"]:
        found.update(u["body"] for u in incident["updates"] if u["body"])
        found.update(h["resolutionNote"] for h in incident["statusHistory"] if h["resolutionNote"])
    for integration in org["inboundIntegrations"]:
        found.update(m["value"] for s in integration["selectors"] for m in s["matchers"])
    return found


def strings(value: Any) -> list[str]:
    """Every string value in a JSON document."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return [value] if isinstance(value, str) else []


def ids_of(value: Any) -> list[str]:
    """Every `id` value in a JSON document."""
    if isinstance(value, dict):
        own = [value["id"]] if isinstance(value.get("id"), str) else []
        return own + [text for item in value.values() for text in ids_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in ids_of(item)]
    return []


def shape(value: Any) -> Any:
    """The document with every string replaced by its length (text) or kept (ids, times, enums: equal anyway)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items() if key not in ("apiKey", "description", "imageUrl")}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return len(value) if isinstance(value, str) else value


def test_no_original_name_email_or_text_survives(both):
    texts = originals(both["plain"])
    assert len(texts) > 150  # titles, bodies, names, notes, emails (busy-org repeats its titles)
    # Every string value of the file (keys such as isDefault aside) but the ids, which are kept (documented):
    # the fake's own ids spell names (org_acme, user_ada); Scaling's are opaque.
    ids = set(ids_of(both["plain"]))
    values = "\n".join(text for text in strings(both["anonymous"]) if text not in ids)
    long_ones = [text for text in texts if len(text) >= 4]
    # As whole words: a fake word may happen to start like a short original ("Admini…" is not "Admin").
    assert [text for text in long_ones if re.search(rf"(?<!\w){re.escape(text)}(?!\w)", values)] == []
    anonymous_values = set(originals(both["anonymous"]))
    assert texts.isdisjoint(anonymous_values)  # the short ones too, field by field
    assert "acme.test" not in both["text"]


def test_structure_lengths_ids_and_counts_are_kept(both):
    assert shape(both["anonymous"]) == shape(both["plain"])
    plain_org, anonymous_org = both["plain"]["organizations"][0], both["anonymous"]["organizations"][0]
    for key in TEXT_FIELDS:
        assert [r.get("id") for r in anonymous_org[key]] == [r.get("id") for r in plain_org[key]]


def test_the_anonymized_seed_serves_the_same_gets(both):
    copy_app = create_app(seed=str(both["path"]))
    admin = next(m["apiKey"] for m in both["anonymous"]["organizations"][0]["members"] if m.get("apiKey") and m["role"] == "org:admin")
    expected = every_get(both["source"], ADMIN)
    actual = every_get(copy_app, {"Authorization": f"Bearer {admin}"})
    assert actual.keys() == expected.keys()
    assert len(actual["/incidents?"]) == len(expected["/incidents?"])


def test_the_same_input_gives_the_same_output(both):
    again = anonymize(copy.deepcopy(both["plain"]))["organizations"]
    before = copy.deepcopy(both["anonymous"]["organizations"])
    for org in again + before:
        for member in org["members"]:
            member.pop("apiKey", None)  # fresh in every run
    assert again == before
    assert Anonymizer().text("text", "Checkout is slow") == Anonymizer().text("text", "Checkout is slow")
    assert len(Anonymizer().text("text", "Checkout is slow")) == len("Checkout is slow")


def test_names_stay_unique_in_their_scope():
    fake = Anonymizer()
    names = [fake.name("component", "API", "org/components") for _ in range(50)]
    assert len({name.lower() for name in names}) == 50
    assert {len(name) for name in names} == {3}
