"""The pytest plugin as a downstream project uses it: pytester runs small projects that only install mockscaling."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

DOWNSTREAM = Path(__file__).parent / "downstream"
FIXTURE_EXAMPLES = (DOWNSTREAM / "example_fixtures.py").read_text("utf-8")
INTERCEPT_EXAMPLES = (DOWNSTREAM / "example_intercept.py").read_text("utf-8")


def count_tests(source: str) -> int:
    return source.count("\ndef test_")


def test_plugin_is_registered_by_the_entry_point_only():
    plugins = {ep.name: ep.value for ep in entry_points(group="pytest11")}
    assert plugins.get("mockscaling") == "mockscaling.harness.pytest_plugin"
    conftest = (Path(__file__).parent / "conftest.py").read_text("utf-8")
    assert "mockscaling.harness.pytest_plugin" not in conftest


def test_loading_the_plugin_does_not_import_flask():
    # Every pytest run of a project that installed mockscaling loads the plugin; Flask waits for a fixture.
    code = "import sys, mockscaling.harness.pytest_plugin; assert 'flask' not in sys.modules, 'flask imported'"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).returncode == 0

def test_fixtures_and_marker_are_documented(pytester):
    fixtures = pytester.runpytest("--fixtures").stdout.str()
    for name in ("mockscaling", "mockscaling_server", "mockscaling_intercept", "mockscaling_seed", "mockscaling_session_server",
                 "mockscaling_mcp"):
        assert re.search(rf"^{name}( \[[a-z ]+\])? -- .*pytest_plugin\.py", fixtures, re.MULTILINE), name
    assert "A fresh, seeded fake Scaling for this test" in fixtures
    markers = pytester.runpytest("--markers").stdout.str()
    assert "@pytest.mark.mockscaling(seed=None, now=None, documented_only=False, mcp_user=None)" in markers


def test_fixture_examples_pass(pytester):
    pytester.makepyfile(test_fixtures=FIXTURE_EXAMPLES)
    result = pytester.runpytest("--strict-markers", "-p", "no:randomly")
    result.assert_outcomes(passed=count_tests(FIXTURE_EXAMPLES))


def test_interception_examples_pass(pytester):
    pytester.makepyfile(test_intercept=INTERCEPT_EXAMPLES)
    result = pytester.runpytest()
    result.assert_outcomes(passed=count_tests(INTERCEPT_EXAMPLES))


def test_leaks_would_be_caught(pytester):
    # Without the fixture's reset, the second test would see the first one's incident.
    pytester.makepyfile(
        """
        from mockscaling.harness.testing import MockScaling
        SHARED = MockScaling.create()

        def test_one():
            SHARED.client().post("/v1/incidents", json={"title": "t", "severity": "low", "ownerId": "user_bob"})

        def test_two():
            assert SHARED.client().get("/v1/incidents").json["data"]["incidents"] == []
        """
    )
    pytester.runpytest().assert_outcomes(passed=1, failed=1)


def test_seed_override_fixture_and_marker_precedence(pytester):
    seed = {
        "organizations": [
            {"id": "org_initech", "name": "Initech", "members": [
                {"id": "user_pete", "email": "pete@initech.test", "firstName": "Pete", "lastName": "Gibbons",
                 "role": "org:admin", "apiKey": "scl_live_" + "p" * 32}]}
        ]
    }
    pytester.makefile(".json", seed=json.dumps(seed))
    pytester.makeconftest(
        """
        from pathlib import Path
        import pytest

        @pytest.fixture
        def mockscaling_seed():
            return str(Path(__file__).parent / "seed.json")
        """
    )
    pytester.makepyfile(
        """
        import pytest

        def test_suite_seed(mockscaling):
            assert mockscaling.admin_key == "scl_live_" + "p" * 32
            assert list(mockscaling.users) == ["user_pete"]
            assert mockscaling.client().get("/v1/incidents").status_code == 200

        @pytest.mark.mockscaling(seed="default", now="2030-01-01T00:00:00+02:00")
        def test_marker_wins(mockscaling):
            assert mockscaling.admin_key == "scl_live_" + "a" * 32
            assert mockscaling.clock.frozen
            assert mockscaling.clock.now().isoformat() == "2029-12-31T22:00:00+00:00"

        @pytest.mark.mockscaling(sede="empty")
        def test_typo_in_marker(mockscaling):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(["*unknown option 'sede'; valid keys: seed, now*"])


def test_runs_in_parallel_with_xdist(pytester):
    pytester.makepyfile(test_fixtures=FIXTURE_EXAMPLES, test_intercept=INTERCEPT_EXAMPLES)
    # The ordering-dependent leak checks still pass: each xdist worker has its own pool and servers.
    result = pytester.runpytest_subprocess("-p", "xdist", "-n", "2")
    result.assert_outcomes(passed=count_tests(FIXTURE_EXAMPLES) + count_tests(INTERCEPT_EXAMPLES))
    result.stdout.fnmatch_lines(["*2 workers*"])


@pytest.mark.parametrize("marker", ['mockscaling("empty")', 'mockscaling(now="not a time")'])
def test_bad_marker_arguments_are_errors(pytester, marker):
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.{marker}
        def test_x(mockscaling):
            pass
        """
    )
    pytester.runpytest().assert_outcomes(errors=1)


def quoted_tests(markdown):
    """Every `def test_...` function quoted in a markdown text's python blocks."""
    blocks = re.findall(r"```python\n(.*?)```", markdown, re.DOTALL)
    return [chunk.rstrip() for block in blocks for chunk in re.findall(r"^def test_.*?(?=^\S|\Z)", block, re.MULTILINE | re.DOTALL)]


def test_readme_examples_are_the_tested_ones():
    # The README shows one short example, docs/pytest.md the rest: all must be the downstream tests, verbatim.
    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text("utf-8")
    section = readme.split("## In your tests", 1)[1].split("\n## ", 1)[0]
    in_readme, in_docs = quoted_tests(section), quoted_tests((root / "docs" / "pytest.md").read_text("utf-8"))
    assert len(in_readme) >= 1 and len(in_docs) >= 8
    every_example = "\n".join(path.read_text("utf-8") for path in DOWNSTREAM.glob("example_*.py"))
    for test in in_readme + in_docs:
        assert test in every_example, test.splitlines()[0]


def test_the_server_fixture_leaves_no_threads_behind(pytester):
    # A keep-alive connection is left open on purpose: stopping must close it, not wait for the client.
    import threading

    before = {thread.ident for thread in threading.enumerate()}
    pytester.makepyfile(
        """
        import requests

        SESSION = requests.Session()

        def test_over_http(mockscaling_server):
            assert SESSION.get(mockscaling_server.url + "/_mock/clock", timeout=5).status_code == 200
        """
    )
    pytester.runpytest_inprocess("-p", "no:randomly").assert_outcomes(passed=1)
    left = [t.name for t in threading.enumerate() if t.ident not in before and t.is_alive()]
    assert left == []
