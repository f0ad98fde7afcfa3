"""Live mode: a suite written only with `mockscaling_intercept` runs (not skips) under --mockscaling-url."""

from __future__ import annotations

from pathlib import Path

import requests

from mockscaling import create_app
from mockscaling.harness.intercept import relay_to
from mockscaling.harness.live import LiveScaling
from mockscaling.web.server import ThreadedServer

SUITE = (Path(__file__).parent / "downstream" / "example_live_intercept.py").read_text("utf-8")
KEY = "scl_live_" + "a" * 32


def test_the_intercept_suite_runs_on_the_fake_and_against_a_live_server(pytester):
    pytester.makepyfile(test_downstream=SUITE)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=6)
    staging = create_app()  # a second fake, reached only over HTTP: it stands in for a staging Scaling
    with ThreadedServer(staging) as server:
        result = pytester.runpytest("-p", "no:randomly", "-rs", "--mockscaling-url", server.url, "--mockscaling-key", KEY)
    result.assert_outcomes(passed=5, skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED*needs the fake's store, which only the fake has*"])
    titles = sorted(i.title for i in staging.extensions["mockscaling"].incidents.values())
    assert titles == ["Checked in the store", "Checkout is down", "Live via httpx", "Live via requests", "Next to responses"]


def test_calls_to_the_real_scaling_go_through_untouched():
    before = (requests.Session.send, requests.Session.request)
    with LiveScaling("https://api.scaling.cloud", KEY, skip=lambda reason: None).intercept():
        assert (requests.Session.send, requests.Session.request) == before  # nothing patched
    with relay_to("http://127.0.0.1:9"):
        assert requests.Session.send is not before[0]


def test_an_unreachable_live_server_is_the_clients_connection_error():
    with relay_to("http://127.0.0.1:9"):
        try:
            requests.get("https://api.scaling.cloud/v1/incidents", timeout=5)
        except requests.ConnectionError as error:
            assert "127.0.0.1:9" in str(error)
        else:
            raise AssertionError("no ConnectionError")
