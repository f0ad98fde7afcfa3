"""`mockscaling snapshot` under trouble: retries as Scaling's client does, and one-line errors that write nothing."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner
from flask import Flask

from mockscaling import create_app, get_store
from mockscaling.tools.cli import main
from mockscaling.tools.snapshot.checks import BodyCheck
from mockscaling.tools.snapshot.reader import Reader, SnapshotError
from mockscaling.tools.snapshot.run import Options, take_snapshot
from mockscaling.web.server import ThreadedServer

from .support import ADMIN_KEY, MEMBER_KEY


@pytest.fixture
def live():
    """A fresh default fake on a socket: (store, url)."""
    app = create_app()
    with ThreadedServer(app) as server:
        yield get_store(app), server.url


def run(url: str, output, *extra: str, key: str = ADMIN_KEY):
    """`mockscaling snapshot` through click: (exit code, output)."""
    result = CliRunner().invoke(main, ["snapshot", "--from", url, "--api-key", key, "-o", str(output), *extra])
    return result.exit_code, result.output


def failed(code: int, output: str, *words: str) -> str:
    """Assert a one-line error naming `words`; return it."""
    assert code != 0
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), output
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def sleeping_reader(url: str, key: str = ADMIN_KEY) -> tuple[Reader, list[float]]:
    """A Reader that records its waits instead of sleeping."""
    waits: list[float] = []
    return Reader(url, key, sleep=waits.append, check=BodyCheck()), waits


def test_a_429_is_retried_after_its_retry_after(live, tmp_path):
    store, url = live
    store.add_fault("/v1/components*", method="GET", status=429, retry_after=7, count=2)
    reader, waits = sleeping_reader(url)
    result = take_snapshot(Options(url, ADMIN_KEY, output=str(tmp_path / "s.json")), reader=reader)
    assert waits == [7.0, 7.0]
    assert len(result.converted.document["organizations"][0]["components"]) == 3


def test_a_retry_after_over_a_minute_is_capped_like_the_client_does(live, tmp_path):
    store, url = live
    store.add_fault("/v1/users", method="GET", status=429, retry_after=3600, count=1)
    reader, waits = sleeping_reader(url)
    take_snapshot(Options(url, ADMIN_KEY, output=str(tmp_path / "s.json")), reader=reader)
    assert waits == [60.0]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried_with_a_bounded_backoff(live, tmp_path, status):
    store, url = live
    store.add_fault("/v1/oncall/schedules*", method="GET", status=status, count=3)
    reader, waits = sleeping_reader(url)
    take_snapshot(Options(url, ADMIN_KEY, output=str(tmp_path / "s.json")), reader=reader)
    assert len(waits) == 3
    assert all(0 <= wait <= 2 ** attempt for attempt, wait in enumerate(waits))
    assert (tmp_path / "s.json").exists()


def test_a_server_that_stays_unavailable_is_given_up_on_and_nothing_is_written(live, tmp_path):
    store, url = live
    store.add_fault("/v1/escalation/policies*", method="GET", status=503)
    reader, waits = sleeping_reader(url)
    with pytest.raises(SnapshotError, match="still answered 503 after 3 retries"):
        take_snapshot(Options(url, ADMIN_KEY, output=str(tmp_path / "s.json")), reader=reader)
    assert len(waits) == 3
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_url_is_one_line_and_no_file(tmp_path):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    failed(*run(f"http://127.0.0.1:{port}", tmp_path / "s.json"), "cannot reach", str(port))
    assert list(tmp_path.iterdir()) == []


def test_a_refused_key_is_one_line_and_no_file(live, tmp_path):
    _, url = live
    failed(*run(url, tmp_path / "s.json", key="scl_live_" + "z" * 32), "refused the API key", "invalid_api_key")
    assert list(tmp_path.iterdir()) == []


def test_plain_http_to_a_remote_host_is_refused_before_any_request(tmp_path):
    failed(*run("http://scaling.example.com", tmp_path / "s.json"), "plain http", "https")
    failed(*run("ftp://127.0.0.1", tmp_path / "s.json"), "http(s) URL")


def test_a_body_that_is_not_json_is_one_line_and_no_file(live, tmp_path):
    store, url = live
    store.add_fault("/v1/components*", method="GET", network="malformed_json")
    failed(*run(url, tmp_path / "s.json"), "GET /v1/components", "not JSON")
    assert list(tmp_path.iterdir()) == []


def test_an_html_server_is_not_taken_for_the_api(tmp_path):
    app = Flask("html")
    app.add_url_rule("/<path:anything>", "page", lambda anything: "<html>hello</html>")
    with ThreadedServer(app) as server:
        failed(*run(server.url, tmp_path / "s.json"), "not JSON", "text/html")
    assert list(tmp_path.iterdir()) == []


def fake_answering(path: str, body: dict) -> object:
    """A default fake whose GET `path` answers 200 with `body` instead (a server out of the contract)."""
    fake = create_app()
    inner = fake.wsgi_app

    def answering(environ, start_response):
        if environ["PATH_INFO"] == path:
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(body).encode()]
        return inner(environ, start_response)

    fake.wsgi_app = answering
    return fake


def test_an_out_of_contract_body_is_one_line_and_no_file(tmp_path):
    users = {"data": {"users": [{"id": 5, "email": "x@y.z", "firstName": "X", "lastName": "Y"}]}}  # an id that is a number
    with ThreadedServer(fake_answering("/v1/users", users)) as server:
        failed(*run(server.url, tmp_path / "s.json"), "GET /v1/users", "outside the contract", "data/users/0/id")
    assert list(tmp_path.iterdir()) == []


def test_a_snapshot_over_the_size_limit_is_refused_until_the_limit_is_raised(live, tmp_path):
    _, url = live
    failed(*run(url, tmp_path / "s.json", "--max-bytes", "2000"), "over the limit of 2,000", "--max-bytes")
    assert list(tmp_path.iterdir()) == []
    code, output = run(url, tmp_path / "s.json", "--max-bytes", "2000000")
    assert code == 0, output


def test_a_failed_snapshot_leaves_the_previous_file_as_it_was(live, tmp_path):
    store, url = live
    target = tmp_path / "s.json"
    target.write_text("previous")
    store.add_fault("/v1/working-hours*", method="GET", status=500)
    failed(*run(url, target), "GET /v1/working-hours", "500")
    assert target.read_text() == "previous"
    assert list(tmp_path.iterdir()) == [target]


def test_an_interrupted_run_writes_nothing(live, tmp_path, monkeypatch):
    _, url = live
    from mockscaling.tools.snapshot import run as run_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "capture", interrupted)
    failed(*run(url, tmp_path / "s.json"), "interrupted", "nothing written")
    assert list(tmp_path.iterdir()) == []


def test_a_member_key_snapshots_the_users_and_says_what_it_could_not_see(live, tmp_path):
    _, url = live
    code, output = run(url, tmp_path / "s.json", key=MEMBER_KEY)
    assert code == 0, output
    assert "roles and join dates" in output
    document = json.loads((tmp_path / "s.json").read_text())
    members = document["organizations"][0]["members"]
    assert {m["id"] for m in members} == {"user_ada", "user_bob", "user_cy"}
    assert {m["role"] for m in members} == {"org:member"}
    create_app(seed=str(tmp_path / "s.json"))  # loads


def test_incidents_and_since_bound_what_is_read(live, tmp_path):
    store, url = live
    client_key = {"Authorization": f"Bearer {ADMIN_KEY}"}
    import requests

    for n in range(5):
        requests.post(f"{url}/v1/incidents", json={"title": f"t{n}", "severity": "low", "ownerId": "user_bob"},
                      headers=client_key, timeout=10).raise_for_status()
    code, output = run(url, tmp_path / "two.json", "--incidents", "2")
    assert code == 0, output
    incidents = json.loads((tmp_path / "two.json").read_text())["organizations"][0]["incidents"]
    assert [i["title"] for i in incidents] == ["t3", "t4"]  # the newest two, written oldest first
    assert "older incidents" in output
    code, output = run(url, tmp_path / "none.json", "--since", "2999-01-01")
    assert code == 0, output
    assert json.loads((tmp_path / "none.json").read_text())["organizations"][0]["incidents"] == []
    assert "older incidents" not in output


def test_an_unknown_status_page_is_one_line_and_no_file(live, tmp_path):
    _, url = live
    failed(*run(url, tmp_path / "s.json", "--status-page", "nope"), "status page", "/status/nope.json", "404")
    assert list(tmp_path.iterdir()) == []


def test_progress_counts_the_records_read_per_resource_and_is_silent_off_a_terminal(live, tmp_path):
    from mockscaling.tools.snapshot.run import terminal_progress

    _, url = live
    seen: dict[str, list[int]] = {}
    take_snapshot(Options(url, ADMIN_KEY, output=str(tmp_path / "s.json")),
                  progress=lambda resource, count: seen.setdefault(resource, []).append(count))
    assert seen["components"][-1] == 3 and seen["users"][-1] == 3 and seen["escalation policies"][-1] == 1
    assert seen["incidents"] == [0, 0]  # the default seed has none; reported still
    with terminal_progress(enabled=False) as progress:
        assert progress is None
    code, output = run(url, tmp_path / "t.json")  # click's runner is no terminal: no progress lines
    assert code == 0 and "read" not in output.split("Wrote")[0]


def test_on_a_terminal_progress_shows_each_resource_with_its_count(capsys):
    from mockscaling.tools.snapshot.run import terminal_progress

    with terminal_progress(enabled=True) as progress:
        progress("incidents", 1234)
        progress("components", 7)
    shown = capsys.readouterr().err
    assert "incidents" in shown and "1,234 read" in shown and "components" in shown


def test_a_redirect_is_not_followed_with_the_key(tmp_path):
    from flask import redirect

    app = Flask("moved")
    app.add_url_rule("/<path:anything>", "moved", lambda anything: redirect("https://elsewhere.example/" + anything))
    with ThreadedServer(app) as server:
        failed(*run(server.url, tmp_path / "s.json"), "GET /v1/users answered 302", "elsewhere.example")
    assert list(tmp_path.iterdir()) == []


def test_without_body_checks_a_missing_field_is_still_one_clear_error(tmp_path):
    components = {"data": {"components": [{"id": "c1"}], "nextCursor": None}}  # without their names
    with ThreadedServer(fake_answering("/v1/components", components)) as server:
        with pytest.raises(SnapshotError, match="lacks a field of the contract"):
            take_snapshot(Options(server.url, ADMIN_KEY, output=str(tmp_path / "s.json"), check_bodies=False))
    assert list(tmp_path.iterdir()) == []


def test_a_list_whose_cursor_never_ends_is_one_line_and_no_file(tmp_path):
    endless = {"data": {"components": [], "nextCursor": "again"}}  # always the same cursor
    with ThreadedServer(fake_answering("/v1/components", endless)) as server:
        failed(*run(server.url, tmp_path / "s.json"), "GET /v1/components", "same nextCursor twice")
    assert list(tmp_path.iterdir()) == []


def test_every_cursor_is_followed(live, tmp_path):
    store, url = live
    import requests

    for n in range(230):  # three pages of components at the snapshot's 100 a page
        requests.post(f"{url}/v1/components", json={"name": f"c{n}"}, headers={"Authorization": f"Bearer {ADMIN_KEY}"},
                      timeout=10).raise_for_status()
    code, output = run(url, tmp_path / "s.json")
    assert code == 0, output
    names = [c["name"] for c in json.loads((tmp_path / "s.json").read_text())["organizations"][0]["components"]]
    assert names == ["API", "Database", "Web app", *(f"c{n}" for n in range(230))]  # oldest first, as created
