"""`mockscaling proxy` in front of a second fake with a deliberately broken rule and shape: every violation is
reported, and nothing else."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
import requests

from mockscaling import create_app
from mockscaling.domain.models import STATUSES
from mockscaling.tools.proxy import ValidatingProxy, mask_key
from mockscaling.web.server import ThreadedServer
from mockscaling import Store

from .support import ADMIN_KEY, BOB

HEADERS = {"Authorization": f"Bearer {ADMIN_KEY}"}
MISSING = "00000000-0000-4000-8000-000000000000"


class SkippingStore(Store):
    """The broken rule: a status move may skip ahead."""

    def _transition(self, principal, incident, status, note):
        target = STATUSES.index(status)
        if target > STATUSES.index(incident.status) + 1:
            incident.status = STATUSES[target - 1]
        return super()._transition(principal, incident, status, note)


class BrokenShapes:
    """WSGI middleware with the broken shapes: GET one incident drops the milliseconds of createdAt, and a 404
    error loses its requestId."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers)
            return lambda data: None

        body = b"".join(self.app(environ, capture))
        status = captured["status"]
        if environ["REQUEST_METHOD"] == "GET" and status.startswith(("200", "404")) and re.fullmatch(
                r"/v1/incidents/[^/]+", environ["PATH_INFO"]):
            document = json.loads(body)
            if status.startswith("200"):
                document["data"]["createdAt"] = re.sub(r"\.\d{3}Z$", "Z", document["data"]["createdAt"])
            else:
                del document["requestId"]
            body = json.dumps(document).encode()
        headers = [(k, v) for k, v in captured["headers"] if k.lower() != "content-length"]
        start_response(status, headers + [("Content-Length", str(len(body)))])
        return [body]


def _session(proxy_url: str) -> list[str]:
    """A client's session through the proxy; returns the incident id it created."""
    created = requests.post(f"{proxy_url}/v1/incidents", headers=HEADERS,
                            json={"title": "Through the proxy", "severity": "high", "ownerId": BOB}).json()["data"]
    incident = created["id"]
    requests.patch(f"{proxy_url}/v1/incidents/{incident}/status", headers=HEADERS, json={"status": "monitoring"})
    requests.get(f"{proxy_url}/v1/incidents/{incident}", headers=HEADERS)
    requests.get(f"{proxy_url}/v1/incidents/{MISSING}", headers=HEADERS)
    requests.post(f"{proxy_url}/v1/incidents", headers=HEADERS, json={"title": "", "severity": "low", "ownerId": BOB})
    requests.get(f"{proxy_url}/v1/users", headers=HEADERS)
    requests.get(f"{proxy_url}/api/incidents", headers=HEADERS, params={"limit": 2})
    return [incident]


def _run(upstream_app, tmp_path):
    lines: list[str] = []
    with ThreadedServer(upstream_app) as upstream:
        proxy = ValidatingProxy(upstream.url, echo=lines.append, record_path=str(tmp_path / "exchanges.jsonl"))
        with ThreadedServer(proxy) as front:
            _session(front.url)
        proxy.write_reports(json_path=str(tmp_path / "proxy.json"), junit_path=str(tmp_path / "proxy.xml"))
        proxy.close()
    return lines


def _violations(lines: list[str]) -> list[tuple[str, str]]:
    return [(line.split("  VIOLATION ")[0], line.split("  VIOLATION ")[1]) for line in lines if "  VIOLATION " in line]


def test_every_violation_of_a_broken_fake_is_reported_and_nothing_else(tmp_path):
    lines = _run(BrokenShapes(create_app(store=SkippingStore())), tmp_path)
    assert len(lines) == 7
    found = _violations(lines)
    assert [head.split(" -> ")[0].split(" ")[0] for head, _ in found] == ["PATCH", "GET", "GET", "POST"]
    reasons = [reason for _, reason in found]
    assert reasons[0] == "status rule: investigating -> monitoring was accepted (only the next status is legal)"
    assert reasons[1].startswith("response body at data/createdAt: ") and "does not match" in reasons[1]
    assert reasons[2] == ("error envelope: expected exactly ['code', 'message', 'requestId', 'statusCode', 'type'], "
                          "got ['code', 'message', 'statusCode', 'type']")
    assert reasons[3] == "request body: title: Must be between 1 and 100 characters."
    assert lines[0].endswith("-> 201  ok") and lines[-1] == "GET /api/incidents -> 200  ok"


def test_a_correct_fake_only_shows_the_clients_own_mistakes(tmp_path):
    lines = _run(create_app(), tmp_path)
    assert [reason for _, reason in _violations(lines)] == [
        "client sent an illegal transition (investigating -> monitoring; only the next status is legal); "
        "server refused it correctly (400 invalid_status_transition)",
        "request body: title: Must be between 1 and 100 characters."]
    assert re.fullmatch(r"PATCH /v1/incidents/[\w-]+/status -> 400  VIOLATION client sent an illegal transition.*", lines[1])
    assert lines[3].endswith("-> 404  ok")


def test_every_violation_in_a_body_is_reported(tmp_path):
    lines: list[str] = []
    with ThreadedServer(create_app()) as upstream:
        proxy = ValidatingProxy(upstream.url, echo=lines.append)
        with ThreadedServer(proxy) as front:
            requests.post(f"{front.url}/v1/incidents", headers=HEADERS, json={"title": "", "severity": "urgent", "ownerId": 7})
            incident = requests.post(f"{front.url}/v1/incidents", headers=HEADERS,
                                     json={"title": "Resolved", "severity": "low", "ownerId": BOB}).json()["data"]["id"]
            for status in ("identified", "monitoring", "resolved"):
                requests.patch(f"{front.url}/v1/incidents/{incident}/status", headers=HEADERS, json={"status": status})
            requests.post(f"{front.url}/v1/incidents/{incident}/updates", headers=HEADERS,
                          json={"visibility": "public", "body": "After the end"})
        proxy.close()
    reasons = _violations(lines)[0][1].split("; ")
    assert sorted(reasons) == ["request body: ownerId: Not a valid string.", "request body: severity: Must be one of: "
                               "critical, high, medium, low.", "request body: title: Must be between 1 and 100 characters."]
    assert _violations(lines)[1][1] == ("client sent create_update on a resolved incident; "
                                        "server refused it correctly (400 incident_resolved)")


def test_reports_and_recording(tmp_path):
    _run(BrokenShapes(create_app(store=SkippingStore())), tmp_path)
    report = json.loads((tmp_path / "proxy.json").read_text())
    assert (report["exchanges"], report["withViolations"], report["violations"]) == (7, 4, 4)
    assert [finding["operation"] for finding in report["findings"]] == [
        "update_incident_status", "get_incident", "get_incident", "create_incident"]
    suite = ET.parse(tmp_path / "proxy.xml").getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("7", "4")
    recorded = [json.loads(line) for line in (tmp_path / "exchanges.jsonl").read_text().splitlines()]
    assert len(recorded) == 7
    assert ADMIN_KEY not in (tmp_path / "exchanges.jsonl").read_text()
    assert recorded[0]["requestHeaders"]["authorization"] == "Bearer scl_live_…aaaa"
    assert recorded[0]["status"] == 201 and recorded[0]["responseBody"]["data"]["title"] == "Through the proxy"


def test_an_unknown_route_and_a_missing_key_are_request_violations(tmp_path):
    lines: list[str] = []
    with ThreadedServer(create_app()) as upstream:
        proxy = ValidatingProxy(upstream.url, echo=lines.append)
        with ThreadedServer(proxy) as front:
            requests.get(f"{front.url}/v1/nothing-here", headers=HEADERS)
            requests.get(f"{front.url}/v1/incidents")
            requests.get(f"{front.url}/status/acme.json")  # not the API: forwarded, not judged
    assert lines[0] == "GET /v1/nothing-here -> 404  VIOLATION request: GET /v1/nothing-here is not an operation of the contract"
    assert lines[1] == "GET /v1/incidents -> 401  VIOLATION request: no `Authorization: Bearer <key>` header"
    assert lines[2] == "GET /status/acme.json -> 200  ok"


@pytest.mark.parametrize(("value", "masked"), [
    ("Bearer scl_live_" + "a" * 32, "Bearer scl_live_…aaaa"), ("Bearer short", "Bearer …"), ("Basic dXNlcjpwYXNzd29yZA==", "Basic …ZA=="),
])
def test_mask_key(value, masked):
    assert mask_key(value) == masked


@pytest.mark.socket
def test_the_cli_forwards_and_writes_its_reports_at_exit(tmp_path):
    with ThreadedServer(create_app()) as upstream:
        command = [sys.executable, "-m", "mockscaling", "proxy", "--upstream", upstream.url, "--port", "0",
                   "--json", str(tmp_path / "p.json"), "--junit-xml", str(tmp_path / "p.xml"), "--record", str(tmp_path / "r.jsonl")]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            banner = process.stdout.readline()
            port = re.search(r"http://127\.0\.0\.1:(\d+)", banner).group(1)
            answer = requests.get(f"http://127.0.0.1:{port}/v1/users", headers=HEADERS, timeout=10)
            assert answer.status_code == 200 and answer.json()["data"]["users"]
        finally:
            process.send_signal(signal.SIGTERM)
            output = process.communicate(timeout=30)[0]
    assert "GET /v1/users -> 200  ok" in output
    assert "1 exchanges, 0 with violations" in output
    assert json.loads((tmp_path / "p.json").read_text())["exchanges"] == 1
    assert (tmp_path / "p.xml").exists() and len((tmp_path / "r.jsonl").read_text().splitlines()) == 1


def test_every_violation_in_an_answer_is_reported():
    from mockscaling.tools.proxy.checks import Contract, Exchange

    exchange = Exchange(method="GET", path="/v1/incidents", query={}, headers={"authorization": "Bearer x"}, body=None,
                        status=200, response_headers={}, response_body={"data": {"incidents": [{"id": n} for n in range(5)]}})
    Contract().check(exchange)
    places = {violation.split(":")[0] for violation in exchange.violations}
    assert {f"response body at data/incidents/{n}/id" for n in range(5)} <= places  # each item's id is not a string
    assert {f"response body at data/incidents/{n}" for n in range(5)} <= places  # and lacks its required fields
