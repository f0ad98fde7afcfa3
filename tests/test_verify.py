"""`mockscaling verify` against the fake over a real socket: every rule passes, broken rules are named, setup is diagnosed."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from mockscaling import chosen, create_app, get_store
from mockscaling.tools.cli import main
from mockscaling.domain.models import STATUSES
from mockscaling.web.server import ThreadedServer
from mockscaling import Store
from mockscaling.tools.verify import is_loopback
from mockscaling.tools.verify.rules import RULES

from .support import ADMIN_KEY, MEMBER_KEY

OTHER_ORG_KEY = "scl_live_" + "g" * 32
FAMILIES = {"auth", "errors", "bodies", "wire", "tenancy", "incidents", "list", "lifecycle", "updates", "acknowledge",
            "handoff", "incident_components", "components", "schedules", "layers", "resolve", "policies",
            "policy_layers", "team", "users", "status_page", "routing", "integrations", "working_hours", "steps"}


class SkippingStore(Store):
    """A deliberately broken fake: a status move may skip ahead (investigating -> monitoring is allowed)."""

    def _transition(self, principal, incident, status, note):
        target = STATUSES.index(status)
        if target > STATUSES.index(incident.status) + 1:
            incident.status = STATUSES[target - 1]  # pretend we were one step before, so the move "is legal"
        return super()._transition(principal, incident, status, note)


def _verify(url: str, *extra: str, key: str = ADMIN_KEY) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", "--base-url", url, "--api-key", key, *extra])
    return result.exit_code, result.output


def _everything(url: str) -> list[str]:
    return ["--member-key", MEMBER_KEY, "--other-key", OTHER_ORG_KEY, "--status-url", f"{url}/status/acme"]


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """One whole run against a fresh fake (with every optional key), shared by the assertions below."""
    reports = tmp_path_factory.mktemp("verify")
    app = create_app()
    store = get_store(app)
    before = {name: len(getattr(store, name)) for name in ("components", "schedules", "policies", "routing_policies", "working_hours")}
    before["selectors"] = [item.selectors for item in store.integrations.values()]
    with ThreadedServer(app) as server:
        code, output = _verify(server.url, *_everything(server.url), "--json", str(reports / "verify.json"),
                               "--junit-xml", str(reports / "verify.xml"))
    return {"code": code, "output": output, "store": store, "before": before,
            "json": json.loads((reports / "verify.json").read_text()), "junit": ET.parse(reports / "verify.xml")}


def test_the_suite_covers_the_whole_contract_with_a_source_per_rule():
    assert len(RULES) >= 80
    assert {rule.family for rule in RULES} == FAMILIES
    assert len({rule.name for rule in RULES}) == len(RULES)
    for rule in RULES:
        assert re.match(r"^\[(docs|seed|client|chosen)\] §\d", rule.source), rule
        assert rule.doc, f"{rule.name} has no docstring"


def test_every_rule_passes_against_the_fake(full_run):
    output = full_run["output"]
    assert full_run["code"] == 0, output
    for rule in RULES:
        assert f"PASS  {rule.name}\n" in output
    assert "FAIL" not in output and "SKIP" not in output
    assert f"{len(RULES)} passed, 0 failed, 0 skipped" in output


def test_the_run_removes_what_it_created(full_run):
    store = full_run["store"]
    assert "left behind" not in full_run["output"]
    assert re.search(r"cleanup: resolved (\d+) of \1 incidents and deleted (\d+) of \2 resources", full_run["output"])
    incidents = store.incidents.values()
    assert incidents and all(item.status == "resolved" for item in incidents)  # incidents cannot be deleted, only resolved
    assert all(item.title.startswith(chosen.VERIFY_TITLE_PREFIX) for item in incidents)
    after = {name: len(getattr(store, name)) for name in full_run["before"] if name != "selectors"}
    assert {**after, "selectors": [item.selectors for item in store.integrations.values()]} == full_run["before"]
    assert not [i for i in store.invitations.values() if i.status == "pending"]


def test_json_and_junit_reports(full_run):
    report = full_run["json"]
    assert report["summary"] == {"passed": len(RULES), "failed": 0, "skipped": 0}
    assert report["readOnly"] is False and report["cleanup"].startswith("cleanup: ")
    by_name = {entry["name"]: entry for entry in report["rules"]}
    assert by_name["lifecycle.skip_rejected"] == {**by_name["lifecycle.skip_rejected"], "outcome": "passed",
                                                  "source": "[seed] §2 PATCH status", "family": "lifecycle"}
    suite = full_run["junit"].getroot().find("testsuite")
    assert int(suite.get("tests")) == len(RULES)
    assert int(suite.get("failures")) == report["summary"]["failed"]
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {rule.name for rule in RULES}
    assert cases["auth.invalid_key"].get("classname") == "verify.auth"
    assert cases["auth.invalid_key"].find("failure") is None


def test_a_broken_rule_fails_and_is_named(tmp_path):
    # The families that touch status moves (the whole suite is exercised by the tests above).
    names = [rule.name for rule in RULES if rule.family in ("lifecycle", "updates", "acknowledge", "handoff")]
    with ThreadedServer(create_app(store=SkippingStore())) as server:
        code, output = _verify(server.url, "--junit-xml", str(tmp_path / "junit.xml"), *[f"--rule={n}" for n in names])
    assert code == 1
    assert "FAIL  lifecycle.skip_rejected: expected 400 invalid_status_transition, got 200" in output
    assert "PASS  lifecycle.backward_rejected" in output and "PASS  lifecycle.one_step" in output
    assert set(re.findall(r"^FAIL  ([\w.]+):", output, flags=re.M)) == {"lifecycle.skip_rejected"}
    assert f"{len(names) - 1} passed, 1 failed, 0 skipped: lifecycle.skip_rejected" in output
    failures = [case.get("name") for case in ET.parse(tmp_path / "junit.xml").iter("testcase") if case.find("failure") is not None]
    assert failures == ["lifecycle.skip_rejected"]


def test_read_only_sends_nothing_but_get_requests(tmp_path):
    app = create_app()
    store = get_store(app)
    with ThreadedServer(app) as server:
        store.clear_requests()
        code, output = _verify(server.url, "--read-only", *_everything(server.url), "--json", str(tmp_path / "r.json"))
    assert code == 0, output
    journal = store.list_requests()
    assert journal and {entry["method"] for entry in journal} == {"GET"}
    assert not store.incidents  # nothing was created
    read_only = [rule.name for rule in RULES if rule.read_only]
    assert len(read_only) >= 20
    assert f"{len(read_only)} passed, 0 failed, 0 skipped" in output
    assert json.loads((tmp_path / "r.json").read_text())["readOnly"] is True


def test_rules_that_need_what_the_run_lacks_are_skipped_with_the_reason():
    with ThreadedServer(create_app()) as server:
        code, output = _verify(server.url, "--read-only", key=MEMBER_KEY)
    assert code == 0, output
    assert "SKIP  team.list: needs an admin key" in output
    assert "SKIP  team.member_key_refused: needs --member-key" in output
    assert "SKIP  status_page.json: needs --status-url" in output


def test_a_refused_key_is_diagnosed_by_name():
    with ThreadedServer(create_app()) as server:
        code, output = _verify(server.url, key="scl_live_" + "z" * 32)
    assert code == 1
    assert "the key was refused: 401 invalid_api_key" in output
    assert "PASS" not in output


@pytest.mark.parametrize("suffix", ["/v1", "/v1/"])
def test_a_base_url_ending_in_v1_is_diagnosed(suffix):
    code, output = _verify("http://127.0.0.1:9" + suffix)
    assert code == 1
    assert "drop /v1 from --base-url" in output and "http://127.0.0.1:9)" in output


def test_an_unreachable_server_is_diagnosed():
    code, output = _verify("http://127.0.0.1:1", "--read-only")
    assert code == 1 and "cannot reach http://127.0.0.1:1: connection refused (is the server running on that port?)" in output


def test_only_selected_rules_run():
    with ThreadedServer(create_app()) as server:
        code, output = _verify(server.url, "--rule", "auth.invalid_key", "--owner-id", "user_bob")
    assert code == 0, output
    assert output.splitlines()[0] == "PASS  auth.invalid_key"
    assert "1 passed, 0 failed, 0 skipped" in output


def test_unknown_rule_is_a_usage_error():
    code, output = _verify("http://127.0.0.1:9", "--rule", "no.such.rule")
    assert code == 2 and "unknown rule(s): no.such.rule" in output


def test_non_loopback_host_is_refused_without_the_flag():
    code, output = _verify("https://api.scaling.cloud")
    assert code == 2
    assert "--i-understand-this-writes" in output and "--read-only" in output
    assert "PASS" not in output and "FAIL" not in output  # nothing was sent


def test_non_loopback_host_is_attempted_with_the_flag_or_read_only():
    # 0.0.0.0 is not a loopback address, but on Linux connecting to it reaches this machine, and port 1 is
    # closed: the flag (or --read-only) lets the run start, which then fails fast at the setup probe.
    for flag in ("--i-understand-this-writes", "--read-only"):
        code, output = _verify("http://0.0.0.0:1", flag)
        assert code == 1 and "cannot reach http://0.0.0.0:1" in output, output


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:5050", True),
        ("http://localhost:5050", True),
        ("http://[::1]:5050", True),
        ("http://127.8.9.10", True),
        ("https://api.scaling.cloud", False),
        ("http://10.0.0.5:5050", False),
        ("http://localhost.example.com", False),
    ],
)
def test_is_loopback(url, expected):
    assert is_loopback(url) is expected
