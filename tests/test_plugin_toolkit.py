"""The test authors' toolkit (issue 13) as a downstream project uses it: calls, assert_called, handles, mock()."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mockscaling.harness.calls import Call, Calls, json_contains, path_matcher

DOWNSTREAM = Path(__file__).parent / "downstream"
CALLS_EXAMPLES = (DOWNSTREAM / "example_calls.py").read_text("utf-8")
GIVEN_EXAMPLES = (DOWNSTREAM / "example_given.py").read_text("utf-8")
SEEDS_EXAMPLES = (DOWNSTREAM / "example_seeds.py").read_text("utf-8")
OTHER_MOCKS_EXAMPLES = (DOWNSTREAM / "example_other_mocks.py").read_text("utf-8")
LIVE_EXAMPLES = (DOWNSTREAM / "example_live.py").read_text("utf-8")


def count_tests(source: str) -> int:
    return source.count("\ndef test_") + source.count("\n    def test_")


def test_calls_examples_pass(pytester):
    pytester.makepyfile(test_calls=CALLS_EXAMPLES)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=count_tests(CALLS_EXAMPLES))


def test_given_examples_pass(pytester):
    pytester.makepyfile(test_given=GIVEN_EXAMPLES)
    pytester.runpytest().assert_outcomes(passed=count_tests(GIVEN_EXAMPLES))


def test_other_mocking_libraries_keep_working(pytester):
    # The matrix: respx, pytest-httpx, responses, requests-mock and aioresponses, each started after
    # mockscaling (the fixture) and before it (mockscaling.mock()), plus the socket fixture next to them.
    pytester.makepyfile(test_other_mocks=OTHER_MOCKS_EXAMPLES)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=count_tests(OTHER_MOCKS_EXAMPLES))


def test_a_user_catch_all_still_sees_its_own_calls_only(pytester):
    # respx with assert_all_mocked=False answers every unmatched call with 200: Scaling calls must not get it.
    pytester.makepyfile(
        """
        import httpx
        import respx

        def test_catch_all(mockscaling_intercept):
            with respx.mock(assert_all_mocked=False) as router:
                assert httpx.get("https://anything.test/").status_code == 200
                listed = httpx.get("https://api.scaling.cloud/v1/incidents", headers=mockscaling_intercept.headers())
                assert listed.json()["data"]["incidents"] == []
                assert router.calls.call_count == 1
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


def test_live_mode_runs_the_suite_against_a_server_and_skips_fake_only_powers(pytester):
    from mockscaling import create_app
    from mockscaling.web.server import ThreadedServer

    pytester.makepyfile(test_live=LIVE_EXAMPLES)
    # Without the option every example runs on the fake.
    pytester.runpytest().assert_outcomes(passed=count_tests(LIVE_EXAMPLES))
    # A served fake stands in for a staging Scaling: the suite reaches it only over HTTP.
    staging = create_app()
    with ThreadedServer(staging) as server:
        result = pytester.runpytest("-rs", "--mockscaling-url", server.url + "/v1", "--mockscaling-key", "scl_live_" + "a" * 32)
    result.assert_outcomes(passed=3, skipped=4)
    result.stdout.fnmatch_lines([
        "SKIPPED*needs the fake clock, which only the fake has (running against http://127.0.0.1:*",
        "SKIPPED*needs given (arranging state), which only the fake has*",
        "SKIPPED*needs a seed ('major-outage'), which only the fake has*",
        "SKIPPED*needs the control plane (/_mock), which only the fake has*",
    ])
    titles = [i.title for i in staging.extensions["mockscaling"].incidents.values()]
    assert titles == ["Checkout is down"]  # created on the server by the live run (GET only through interception)


def test_live_mode_needs_a_key(pytester):
    pytester.makepyfile("def test_x(mockscaling):\n    pass\n")
    result = pytester.runpytest("--mockscaling-url", "http://127.0.0.1:9")
    assert "--mockscaling-url needs --mockscaling-key KEY" in result.stderr.str() + result.stdout.str()


def test_scenario_examples_pass(pytester):
    pytester.makepyfile(test_seeds=SEEDS_EXAMPLES)
    pytester.runpytest().assert_outcomes(passed=count_tests(SEEDS_EXAMPLES))


def test_a_bad_seed_file_is_one_line_naming_the_file(pytester):
    pytester.makefile(".json", seed='{"organizations": [{"id": "org_x", "name": "X", "members": [{"id": "user_x", '
                      '"email": "x@x.test", "role": "member"}]}]}')
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.mockscaling(seed="seed.json")
        def test_x(mockscaling):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*SeedError: seed seed.json: organizations[[]0[]] 'X' > members[[]0[]] 'user_x' > role: Must be one of*"])


def test_assert_called_failure_lists_the_calls_seen(pytester):
    pytester.makepyfile(
        """
        def test_wrong_count(mockscaling):
            client = mockscaling.client()
            client.post("/v1/incidents", json={"title": "One", "severity": "low", "ownerId": "user_bob"})
            client.get("/v1/components")
            mockscaling.assert_called("POST", "/v1/incidents", times=2)

        def test_wrong_body(mockscaling):
            mockscaling.client().post("/v1/incidents", json={"title": "Two", "severity": "low", "ownerId": "user_bob"})
            mockscaling.assert_called("POST", "/v1/incidents", json={"severity": "high"})
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        "*expected POST /v1/incidents 2 times, found 1.*",
        "*Calls the fake answered (2):*",
        '*1. POST /v1/incidents -> 201 {"title": "One", "severity": "low", "ownerId": "user_bob"}*',
        "*2. GET /v1/components -> 200*",
        '*expected POST /v1/incidents with json containing {"severity": "high"} at least once, found 0.*',
    ])


def test_calls_start_empty_in_every_test_and_leave_out_the_control_plane(pytester):
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize("n", [1, 2])
        def test_fresh(mockscaling, n):
            assert len(mockscaling.calls) == 0
            mockscaling.client().post("/_mock/clock", json={"advance": 1})
            mockscaling.client().get("/v1/incidents")
            assert [c.path for c in mockscaling.calls] == ["/v1/incidents"]
            with pytest.raises(AssertionError):
                mockscaling.calls.filter(method="DELETE").last
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_session_server_serves_session_scoped_fixtures(pytester):
    # Before issue 13 a session fixture using mockscaling_server failed with ScopeMismatch.
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def frontend_api(mockscaling_session_server):
            return mockscaling_session_server.api_url
        """
    )
    pytester.makepyfile(
        """
        import requests

        def test_one(frontend_api, mockscaling_session_server):
            tenant = mockscaling_session_server.new_tenant()
            reply = requests.get(frontend_api + "/incidents", headers={"Authorization": "Bearer " + tenant.api_key})
            assert reply.status_code == 200

        def test_not_reset_by_the_function_fixtures(mockscaling, mockscaling_session_server):
            assert mockscaling_session_server.url != getattr(mockscaling, "_url", None)
            assert len(mockscaling_session_server.state()["organizations"]) == 3  # the seed's two + test_one's
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_mock_decorator_in_a_plain_pytest_function(pytester):
    pytester.makepyfile(
        """
        import mockscaling

        @mockscaling.mock(intercept=False, now="2026-04-07T10:00:00Z")
        def test_plain(tmp_path, fake):
            assert tmp_path.exists()  # pytest still injects its own fixtures
            assert fake.clock.now().isoformat() == "2026-04-07T10:00:00+00:00"

        @mockscaling.mock(intercept=False)
        async def scenario(fake):
            return fake.client().get("/v1/incidents").status_code

        def test_async_function():
            import asyncio
            assert asyncio.run(scenario()) == 200
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_the_python_lists_have_the_http_shape(store, api):
    from .support import DEFAULT_POLICY

    assert api.create_incident(escalationPolicyId=DEFAULT_POLICY).status == 201
    api.post("/_mock/faults", key=None, json={"path": "/v1/components", "status": 503, "count": 1})
    assert store.list_pages() == api.get("/_mock/pages", key=None).data["pages"] != []
    assert store.list_faults() == api.get("/_mock/faults", key=None).data != []
    assert store.list_requests() == api.get("/_mock/requests", key=None).data["requests"] != []


def test_path_patterns_and_json_subsets():
    matches = path_matcher("/v1/incidents/{id}/status")
    assert matches("/v1/incidents/abc/status") and not matches("/v1/incidents/a/b/status")
    assert path_matcher("/v1/*")("/v1/incidents/x") and not path_matcher("/v1/incidents")("/v1/incidents/x")
    assert json_contains({"a": {"b": 1, "c": 2}, "d": [1]}, {"a": {"b": 1}, "d": [1]})
    assert not json_contains({"a": {"b": 1}}, {"a": {"b": 2}}) and not json_contains(None, {"a": 1})
    assert not json_contains({"d": [1, 2]}, {"d": [1]})  # lists compare whole


def test_calls_filter_is_case_insensitive_on_method():
    call = Call("POST", "/v1/incidents", {}, {}, "user_ada", {"x": 1}, 201, None, "rid", "t")
    calls = Calls(lambda: [call])
    assert calls.filter(method="post").last is call and len(calls.filter(method="GET")) == 0
    assert calls.assert_called("POST", "/v1/incidents", json={"x": 1})[0] is call


def test_docs_quote_the_tested_classes_and_helpers():
    # test_pytest_plugin checks the quoted `def test_` functions; this covers classes and helpers.
    docs = (Path(__file__).parent.parent / "docs" / "pytest.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", docs, re.DOTALL)
    chunks = [c.rstrip() for b in blocks for c in re.findall(r"^(?:class Test|def open_incident).*?(?=^\S|\Z)", b, re.M | re.S)]
    examples = "\n".join(path.read_text("utf-8") for path in DOWNSTREAM.glob("example_*.py"))
    assert any(chunk.startswith("class TestUnittestStyle") for chunk in chunks)
    for chunk in chunks:
        assert chunk in examples, chunk.splitlines()[0]


def test_given_incident_walks_every_step_through_the_rules():
    from mockscaling import mock

    with mock(intercept=False, now="2026-04-07T10:00:00Z") as fake:
        incident = fake.given.incident(
            status="resolved", components=["API"], resolution_note="Rolled back", acknowledged=True,
            updates=["internal note", {"visibility": "internal", "statusChange": "identified"}],
        )
        changes = [(e["data"]["from"], e["data"]["to"]) for e in incident["events"] if e["type"] == "status_changed"]
        assert changes == [("investigating", "identified"), ("identified", "monitoring"), ("monitoring", "resolved")]
        assert incident["statusHistory"][-1]["resolutionNote"] == "Rolled back"
        assert incident["acknowledgedBy"] == "user_ada"
        updates = fake.client().get(f"/v1/incidents/{incident['id']}/updates").json["data"]["updates"]
        assert [u["statusChange"] for u in updates] == [None, "identified", "monitoring", "resolved"]


def test_given_errors_name_the_step():
    from mockscaling import mock

    # GivenError is a ValueError (matched as such: pytester's in-process runs may re-import mockscaling.harness.given).
    GivenError = ValueError
    with mock(intercept=False, seed="empty") as fake:
        with pytest.raises(GivenError, match="no admin member: pass as_user"):
            fake.given.component("API")
        tenant = fake.new_tenant()
        assert fake.given.component("API", as_user=tenant.user_id)["orgId"] == tenant.org_id
        for call, message in [
            (lambda: fake.given.incident(status="closed", as_user=tenant.user_id), "status must be one of"),
            (lambda: fake.given.incident(components=["Nope"], as_user=tenant.user_id), "no component 'Nope'.*known: 'API'"),
            (lambda: fake.given.incident(owner="user_ghost", as_user=tenant.user_id), "400 invalid_owner_id"),
            (lambda: fake.given.policy("P", layers=[{"team": "x"}], as_user=tenant.user_id), "either 'schedule' or 'users'"),
            (lambda: fake.given.incident(as_user="user_nobody"), "not a member"),
        ]:
            with pytest.raises(GivenError, match=message):
                call()


def test_a_dropped_connection_is_aiohttps_own_error():
    import asyncio

    import aiohttp

    from mockscaling import mock

    with mock() as fake:
        fake.store.add_fault("/v1/*", network="close")

        async def scenario():
            async with aiohttp.ClientSession() as session:
                await session.get("https://api.scaling.cloud/v1/components", headers=fake.headers())

        with pytest.raises(aiohttp.ServerDisconnectedError):
            asyncio.run(scenario())
