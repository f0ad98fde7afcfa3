"""`mockscaling verify` against the fake over a real socket: all rules pass, a broken rule is named, remote hosts refused."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mockscaling import chosen, create_app, get_store
from mockscaling.cli import main
from mockscaling.models import STATUSES
from mockscaling.server import ThreadedServer
from mockscaling.store import Store
from mockscaling.verify import is_loopback
from mockscaling.verify.rules import RULES

from .support import ADMIN_KEY


class SkippingStore(Store):
    """A deliberately broken fake: a status move may skip ahead (investigating -> monitoring is allowed)."""

    def _transition(self, principal, incident, status, note):
        target = STATUSES.index(status)
        if target > STATUSES.index(incident.status) + 1:
            incident.status = STATUSES[target - 1]  # pretend we were one step before, so the move "is legal"
        return super()._transition(principal, incident, status, note)


def _verify(url: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["verify", "--base-url", url, "--api-key", ADMIN_KEY, *extra])
    return result.exit_code, result.output


def test_every_rule_passes_against_the_fake():
    app = create_app()
    with ThreadedServer(app) as server:
        code, output = _verify(server.url)
    assert code == 0, output
    for name, _ in RULES:
        assert f"PASS  {name}\n" in output
    assert "FAIL" not in output
    assert f"{len(RULES)} passed, 0 failed" in output
    # It cleaned up: every incident it made is resolved and recognisable by its title.
    incidents = get_store(app).incidents.values()
    assert incidents and all(item.status == "resolved" for item in incidents)
    assert all(item.title.startswith(chosen.VERIFY_TITLE_PREFIX) for item in incidents)


def test_a_broken_rule_fails_and_is_named():
    with ThreadedServer(create_app(store=SkippingStore())) as server:
        code, output = _verify(server.url)
    assert code != 0
    assert "FAIL  lifecycle.skip_rejected: expected 400 invalid_status_transition, got 200" in output
    assert "PASS  lifecycle.backward_rejected" in output  # only the broken rule fails
    assert "1 failed: lifecycle.skip_rejected" in output


def test_only_selected_rules_run():
    with ThreadedServer(create_app()) as server:
        code, output = _verify(server.url, "--rule", "auth.invalid_key", "--owner-id", "user_bob")
    assert code == 0, output
    assert output.splitlines()[0] == "PASS  auth.invalid_key"
    assert "1 passed, 0 failed" in output


def test_unknown_rule_is_a_usage_error():
    code, output = _verify("http://127.0.0.1:9", "--rule", "no.such.rule")
    assert code == 2 and "unknown rule(s): no.such.rule" in output


def test_non_loopback_host_is_refused_without_the_flag():
    code, output = _verify("https://api.scaling.cloud")
    assert code == 2
    assert "--i-understand-this-writes" in output
    assert "PASS" not in output and "FAIL" not in output  # nothing was sent


def test_non_loopback_host_is_attempted_with_the_flag():
    # 0.0.0.0 is not a loopback address, but on Linux connecting to it reaches this machine, and port 1 is
    # closed: the flag lets the run start, which then fails fast (connection refused) instead of being refused.
    code, output = _verify("http://0.0.0.0:1", "--i-understand-this-writes", "--owner-id", "user_bob", "--rule", "auth.invalid_key")
    assert code == 1
    assert "FAIL  auth.invalid_key: unexpected answer: ConnectionError" in output
    assert "--i-understand-this-writes" not in output


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
