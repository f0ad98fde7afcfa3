"""Every x-scaling-source tag carries evidence that checks out against fixtures/ and mockscaling/chosen/."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mockscaling.chosen import evidence
from mockscaling.chosen.provenance import EVIDENCE_EXTENSION, EXTENSION, error_evidence, go_field
from mockscaling.domain import errors
from mockscaling.tools.cli import main
from mockscaling.tools.provenance_audit import QUOTES, audit, chosen_names, load_evidence_files
from mockscaling.web.openapi import build_spec

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def spec(session_app):
    return build_spec(session_app)


def test_the_audit_finds_every_tag_tagged_and_verifiable(spec):
    result = audit(spec, ROOT)
    assert not result.untagged and not result.unverifiable, result.report()
    # Guards the walk: operations, parameters, properties, codes, the header and the security scheme.
    assert result.counts["docs"] >= 250 and result.counts["client"] >= 100 and result.counts["chosen"] >= 200


def test_audit_command_prints_counts_and_zero_problems():
    reply = CliRunner().invoke(main, ["chosen", "--audit", "--root", str(ROOT)])
    assert reply.exit_code == 0, reply.output
    lines = reply.output.splitlines()
    assert lines[3:5] == ["untagged: 0", "unverifiable: 0"] and all(line.split(": ")[1].isdigit() for line in lines[:3])


def _first(spec, predicate):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if predicate(method, path, operation):
                return operation
    raise AssertionError("nothing matched")


def _problems(document) -> list[str]:
    result = audit(document, ROOT)
    return result.untagged + result.unverifiable


def test_a_missing_tag_is_reported(spec):
    broken = copy.deepcopy(spec)
    del broken["components"]["schemas"]["Incident"]["properties"]["title"][EXTENSION]
    del broken["paths"]["/v1/incidents"]["get"]["parameters"][0][EXTENSION]
    problems = _problems(broken)
    assert "schema Incident.title" in problems and "GET /v1/incidents query parameter limit" in problems


def test_a_quote_that_is_not_recorded_or_does_not_name_the_field_is_reported(spec):
    broken = copy.deepcopy(spec)
    title = broken["components"]["schemas"]["Incident"]["properties"]["title"][EVIDENCE_EXTENSION]
    title["quote"] = '"title": "Not what the page says",'
    severity = broken["components"]["schemas"]["Incident"]["properties"]["severity"][EVIDENCE_EXTENSION]
    severity["quote"] = '"title": "Payment service elevated error rate",'  # recorded, but about another field
    problems = "\n".join(_problems(broken))
    assert "Incident.title: quote not recorded" in problems and "Incident.severity: the quote does not name 'severity'" in problems


def test_an_unknown_client_name_or_chosen_name_is_reported(spec):
    broken = copy.deepcopy(spec)
    broken["components"]["schemas"]["Component"]["properties"]["aliases"][EVIDENCE_EXTENSION]["member"] = "Nicknames"
    operation = broken["paths"]["/v1/incidents/{incidentId}/handoff"]["post"]
    operation[EVIDENCE_EXTENSION] = {"chosen": "NO_SUCH_DECISION"}
    problems = "\n".join(_problems(broken))
    assert "Component.aliases: client name not recorded" in problems
    assert "POST /v1/incidents/{incidentId}/handoff: no constant or entry 'NO_SUCH_DECISION'" in problems


def test_evidence_of_another_source_than_the_tag_is_reported(spec):
    broken = copy.deepcopy(spec)
    broken["components"]["schemas"]["PolicyLayer"]["properties"]["condition"][EXTENSION] = "docs"
    broken["paths"]["/v1/incidents"]["post"].pop(EVIDENCE_EXTENSION)
    problems = "\n".join(_problems(broken))
    assert "PolicyLayer.condition: tagged docs but its evidence is chosen" in problems
    assert "POST /v1/incidents: no x-scaling-evidence" in problems


def test_the_evidence_files_hold_only_sentences_and_names():
    quotes, names = load_evidence_files(ROOT)
    assert all(url.startswith("https://docs.scaling.cloud/") for url in quotes)
    assert all(0 < len(quote) <= 250 for sentences in quotes.values() for quote in sentences)  # sentences, not pages
    assert all(set(row) <= {"file", "type", "member", "json"} and row["file"].startswith("internal/client/")
               and row["file"].endswith(".go") for row in names)
    assert json.loads((ROOT / QUOTES).read_text("utf-8"))["pages"]  # the file the issue names


def test_every_evidence_entry_is_used(spec):
    """A registry entry nothing in the document uses would drift unseen."""
    operations = {f"{method.upper()} {path}" for path, ops in spec["paths"].items() for method in ops}
    assert set(evidence.OPERATIONS) == operations
    codes = {item["code"] for ops in spec["paths"].values() for op in ops.values()
             for response in op["responses"].values() for item in response.get("x-scaling-errors", [])}
    per_operation = {key for key in evidence.ERRORS if " " in key}
    assert {key.rsplit(" ", 1)[0] for key in per_operation} <= operations
    assert codes <= set(evidence.ERRORS) and {key.rsplit(" ", 1)[1] for key in per_operation} <= codes


def test_error_classes_agree_with_their_code_evidence():
    for cls in errors.all_error_classes():
        found = error_evidence(cls.code)
        if found is not None:
            assert found["source"] == cls.source, f"{cls.__name__}: class says {cls.source}, evidence {found}"


@pytest.mark.parametrize(("where", "source"), [
    # The tags the review found wrong (issue: 14 of 50 sampled).
    (("PolicyLayer", "condition"), "chosen"),
    (("RotationLayer", "id"), "client"),
    (("RotationLayer", "scheduleId"), "client"),
    (("RotationLayer", "createdAt"), "client"),
    (("RotationLayer", "updatedAt"), "client"),
    (("Component", "groupLabel"), "docs"),
    (("PolicyDetail", "layers"), "chosen"),
])
def test_fixed_field_tags(spec, where, source):
    schema, prop = where
    assert spec["components"]["schemas"][schema]["properties"][prop][EXTENSION] == source


@pytest.mark.parametrize(("method", "path", "code", "source"), [
    ("put", "/v1/incidents/{incidentId}/components", "incident_resolved", "chosen"),
    ("post", "/v1/incidents/{incidentId}/handoff", "incident_resolved", "chosen"),
    ("post", "/v1/incidents/{incidentId}/updates", "incident_resolved", "docs"),
    ("post", "/v1/team/members/invite", "name_conflict", "chosen"),
    ("post", "/v1/oncall/schedules", "name_conflict", "docs"),
    ("post", "/v1/escalation/policies", "invalid_target", "chosen"),
    ("post", "/v1/escalation/policies/{policyId}/layers", "invalid_target", "docs"),
    ("post", "/v1/oncall/schedules/{scheduleId}/layers", "invalid_participant", "chosen"),
    ("post", "/v1/incidents/{incidentId}/handoff", "invalid_target_user", "chosen"),
])
def test_fixed_code_tags(spec, method, path, code, source):
    listed = [item for response in spec["paths"][path][method]["responses"].values()
              for item in response.get("x-scaling-errors", []) if item["code"] == code]
    assert listed and listed[0][EXTENSION] == source


def test_request_fields_query_parameters_and_headers_are_tagged(spec):
    schemas = spec["components"]["schemas"]
    assert schemas["LayerOrderBody"]["properties"]["layerIds"][EXTENSION] == "chosen"
    assert schemas["CreateIncidentBody"]["properties"]["ownerScheduleId"][EXTENSION] == "docs"
    assert schemas["StepBody"]["properties"]["escalateAfterSeconds"][EXTENSION] == "client"
    resolve = spec["paths"]["/v1/oncall/schedules/{scheduleId}/resolve"]["get"]
    at = next(item for item in resolve["parameters"] if item["name"] == "at")
    assert at[EXTENSION] == "chosen" and at[EVIDENCE_EXTENSION] == {"chosen": "Resolve answer"}
    assert spec["components"]["headers"]["X-Request-Id"][EXTENSION] == "chosen"
    assert spec["components"]["securitySchemes"]["bearerAuth"][EXTENSION] == "docs"


def test_chosen_names_are_constants_and_titles():
    names = chosen_names()
    assert {"REQUEST_ID_HEADER", "Resolve answer", "401 codes"} <= names and "Nonsense" not in names


@pytest.mark.parametrize(("json_name", "go"), [
    ("id", "ID"), ("orgId", "OrgID"), ("participantIds", "ParticipantIDs"), ("isDefault", "IsDefault"), ("days", "Days")])
def test_go_field_follows_the_client_convention(json_name, go):
    assert go_field(json_name) == go


def _contract_rows() -> list[tuple[str, str]]:
    page = (ROOT / "docs" / "contract.md").read_text("utf-8")
    table = page.split("| served as (chosen) | what the docs say | page |", 1)[1].split("\n\n", 1)[0]
    rows = [line.split(" | ") for line in table.strip().splitlines()[1:]]
    return [(row[0].lstrip("| "), row[1]) for row in rows]


def test_the_contract_page_says_what_the_tags_say(spec):
    """docs/contract.md's table of documented behaviours under chosen names: every name is tagged chosen,
    every quote is recorded for a docs page."""
    import re

    rows = _contract_rows()
    assert len(rows) >= 6
    chosen_props = {prop for schema in spec["components"]["schemas"].values()
                    for prop, body in schema.get("properties", {}).items() if body[EXTENSION] == "chosen"}
    operations = {f"{method.upper()} {path}": op for path, ops in spec["paths"].items() for method, op in ops.items()}
    chosen_params = {item["name"] for op in operations.values() for item in op.get("parameters", [])
                     if item["in"] == "query" and item[EXTENSION] == "chosen"}
    quotes, _ = load_evidence_files(ROOT)
    recorded = {quote for sentences in quotes.values() for quote in sentences}
    for served, said in rows:
        names = re.findall(r"`([^`]+)`", served)
        assert names, served
        for name in names:
            if re.fullmatch(r"(GET|POST|PUT|PATCH|DELETE) /v1/\S+", name):
                assert operations[name][EXTENSION] == "chosen", name
            elif name.startswith("?"):  # a query parameter
                assert name.strip("?=") in chosen_params, f"{name} is not a chosen query parameter"
            else:
                assert re.fullmatch(r"[a-zA-Z]+", name) and name in chosen_props, f"{name} is not a chosen field"
        quote = re.fullmatch(r'"(.+)"', said)
        assert said == "nothing" or (quote and quote.group(1) in recorded), said
