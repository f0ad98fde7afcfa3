"""Every mistake a new user makes first is answered with the fix: the messages, quoted."""

from __future__ import annotations

import socket

import pytest
from click.testing import CliRunner

from mockscaling import create_app
from mockscaling.tools.cli import main
from mockscaling.tools.proxy import ValidatingProxy
from mockscaling.worlds.seed import SeedError

from .support import ADMIN_KEY, Reply, assert_error

KNOWN = "The built-in seeds are default, empty, major-outage, quiet-week, follow-the-sun, busy-org"


def _free_port() -> int:
    with socket.socket() as probe:  # bound then closed: nothing listens there afterwards
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(app, path: str, **headers: str) -> Reply:
    answer = app.test_client().get(path, headers={"Authorization": f"Bearer {ADMIN_KEY}", **headers})
    return Reply(answer.status_code, answer.headers, answer.get_json(silent=True), answer.get_data(as_text=True))


# ---- seeds and scenarios -------------------------------------------------------------------------
@pytest.mark.parametrize("typed,meant", [("major_outage", "major-outage"), ("Default", "default"), ("quiet_week", "quiet-week"),
                                         ("busyorg", "busy-org"), ("follow-the-son", "follow-the-sun")])
def test_a_seed_name_slip_names_the_nearest_seed_and_every_known_one(typed, meant):
    with pytest.raises(SeedError) as caught:
        create_app(seed=typed)
    assert str(caught.value) == (f'unknown seed "{typed}": did you mean "{meant}"? {KNOWN}; '
                                 "anything else is read as the path of a seed JSON file.")


def test_a_name_like_nothing_lists_the_seeds_and_a_missing_file_says_why():
    with pytest.raises(SeedError, match=rf'^unknown seed "nothing-like-it"\. {KNOWN};'):
        create_app(seed="nothing-like-it")
    with pytest.raises(SeedError, match=rf"^cannot read seed file no/such\.json \(No such file or directory\)\. {KNOWN};"):
        create_app(seed="no/such.json")


def test_serve_with_a_seed_slip_is_one_line():
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--seed", "major_outage"])
    assert result.exit_code == 1
    assert result.output == f'Error: unknown seed "major_outage": did you mean "major-outage"? {KNOWN}; ' \
                            "anything else is read as the path of a seed JSON file.\n"


def test_a_marker_seed_slip_fails_the_test_with_the_fix(pytester):
    pytester.makepyfile("""
        import pytest

        @pytest.mark.mockscaling(seed="major_outage")
        def test_x(mockscaling):
            pass
    """)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(['*unknown seed "major_outage": did you mean "major-outage"?*'])


# ---- paths ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("path,message", [
    ("/v1/incident", "No route for /v1/incident: did you mean /v1/incidents?"),
    ("/v1/team/member", "No route for /v1/team/member: did you mean /v1/team/members?"),
    ("/v1/escalation/policy", "No route for /v1/escalation/policy: did you mean /v1/escalation/policies?"),
    ("/v1/oncall/schedule/abc/resolv", "No route for /v1/oncall/schedule/abc/resolv: did you mean /v1/oncall/schedules/abc/resolve?"),
    ("/incidents", "No route for /incidents: did you mean /v1/incidents? Scaling's API lives under /v1."),
    ("/v1", "No route for /v1: the resources are /v1/components, /v1/escalation/policies, /v1/incidents, "
            "/v1/integrations/inbound, /v1/oncall/schedules, /v1/routing/policies, /v1/team/members, /v1/users, /v1/working-hours."),
    ("/docs", "No route for /docs: the API is described by /openapi.json (OpenAPI 3.1; `mockscaling openapi --format yaml` "
              "prints it as YAML), and the console at / shows the fake's data and every request it answered."),
    ("/swagger.json", "No route for /swagger.json: the API is described by /openapi.json*"),
    ("/v1/nothing-here", "The requested resource was not found."),
])
def test_an_unknown_path_is_answered_with_the_fix(app, path, message):
    body = assert_error(_get(app, path), 404, "invalid_request_error", "not_found")
    if message.endswith("*"):
        assert body["message"].startswith(message[:-1])
    else:
        assert body["message"] == message


# ---- Prefer: code= and ?__code= -------------------------------------------------------------------
@pytest.mark.parametrize("method,path,asked,status", [
    ("GET", "/incidents", "Prefer: code=200", 200),
    ("POST", "/incidents", "Prefer: code=201", 201),
    ("GET", "/incidents?limit=1&__code=200", None, 200),
    ("GET", "/components?__code=503", None, 503),
    ("GET", "/components?__code=429", None, 429),
])
def test_a_code_the_request_gives_is_answered(api, method, path, asked, status):
    headers = dict([asked.split(": ")]) if asked else {}
    body = {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"} if method == "POST" else None
    reply = api.request(method, path, headers=headers, **({"json": body} if body else {}))
    assert reply.status == status, reply.text


@pytest.mark.parametrize("method,path,asked,message", [
    ("POST", "/incidents", {"Prefer": "code=200"},
     "code=200 cannot be given here: POST /v1/incidents answers 201 when it succeeds; ask for code=201, "
     "or for an error status (401, 403, 429, 500, 502, 503, 504)."),
    ("GET", "/incidents?__code=204", {},
     "code=204 cannot be given here: GET /v1/incidents answers 200 when it succeeds; ask for code=200, "
     "or for an error status (401, 403, 429, 500, 502, 503, 504)."),
    ("GET", "/incidents?__code=abc", {}, "__code=abc must be a three-digit status, e.g. 503."),
    ("GET", "/incidents?__code=418", {}, "code=418 is not one of 401, 403, 429, 500, 502, 503, 504 (or the operation's own 2xx)."),
])
def test_a_code_the_request_cannot_give_is_refused_saying_what_it_gives(api, method, path, asked, message):
    before = len(api.get("/incidents").data["incidents"])
    body = {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"}
    reply = api.request(method, path, headers=asked, **({"json": body} if method == "POST" else {}))
    assert assert_error(reply, 400, "invalid_request_error", "unsupported_prefer_code")["message"] == message
    assert len(api.get("/incidents").data["incidents"]) == before  # a refused write changes nothing


# ---- verify and proxy: one line for a server that is not there -----------------------------------
def test_verify_against_nothing_is_one_line_naming_the_url_and_the_cause():
    url = f"http://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(main, ["verify", "--base-url", url, "--api-key", ADMIN_KEY])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot reach {url}: connection refused (is the server running on that port?)\n"


def test_verify_against_an_unknown_host_says_it_does_not_resolve():
    result = CliRunner().invoke(main, ["verify", "--base-url", "http://no-such-host.invalid:5050", "--api-key", ADMIN_KEY,
                                       "--read-only"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach http://no-such-host.invalid:5050: the host name does not resolve")
    assert result.output.count("\n") == 1


def test_the_proxy_answers_502_with_one_line_when_the_upstream_is_not_there():
    url = f"http://127.0.0.1:{_free_port()}"
    lines: list[str] = []
    proxy = ValidatingProxy(url, echo=lines.append)
    from werkzeug.test import Client

    answer = Client(proxy).get("/v1/incidents")
    proxy.close()
    assert answer.status_code == 502
    body = answer.get_json()  # in the error envelope, like every answer of the proxy's own
    assert (body["statusCode"], body["code"]) == (502, "bad_gateway") and len(body["requestId"]) == 36
    assert body["message"] == f"mockscaling proxy: cannot reach {url}: connection refused (is the server running on that port?)"
    assert lines == [f"GET /v1/incidents -> 502, cannot reach {url}: connection refused (is the server running on that port?)"]


def test_the_proxy_on_a_taken_port_or_a_bad_upstream_is_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["proxy", "--upstream", "http://127.0.0.1:5050", "--port", str(port)])
    assert result.exit_code == 1
    assert result.output == f"Error: cannot listen on 127.0.0.1 port {port}: Address already in use\n"
    result = CliRunner().invoke(main, ["proxy", "--upstream", "127.0.0.1:5050"])
    assert result.exit_code == 2
    assert "--upstream must be an http(s) URL such as https://api.scaling.cloud, not '127.0.0.1:5050'" in result.output


def test_a_huge_unknown_path_gets_its_404_at_once(app):
    body = assert_error(_get(app, "/v1/" + "incident" * 50_000), 404, "invalid_request_error", "not_found")
    assert body["message"] == "The requested resource was not found."


def test_a_server_gone_mid_run_fails_each_rule_with_one_line():
    from mockscaling.tools.verify.client import Client
    from mockscaling.tools.verify.rules import RULES
    from mockscaling.tools.verify.runner import run_rule

    url = f"http://127.0.0.1:{_free_port()}"
    result = run_rule(Client(url, ADMIN_KEY, owner_id="user_bob"), next(rule for rule in RULES if rule.read_only))
    assert (result.outcome, result.reason) == ("failed", f"cannot reach {url}: connection refused (is the server running on that port?)")
