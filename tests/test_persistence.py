"""State files (`serve --state-file`, SQLite): round trip, per-request commits of the change, failed saves that
change nothing, clear start-up errors, one server per file, JSON import, and a kill -9 crash test."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
import requests
from click.testing import CliRunner

from mockscaling.tools import cli
from mockscaling import create_app, get_store
from mockscaling.worlds.persistence import StateFile, StateFileError
from mockscaling.web.server import free_port
from mockscaling import Store

from .support import ADMIN_KEY, API_COMPONENT, BOB, DEFAULT_POLICY, FlaskApiClient, assert_error

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


def ada(store: Store):
    return store.authenticate("Bearer " + ADMIN_KEY)


def reopened(path) -> Store:
    """A fresh store loaded from the file (the file must not be held by another StateFile)."""
    store = Store(seed=None)
    state = StateFile(path)
    assert state.attach(store) is True
    state.close()
    return store


def test_round_trip_through_the_file(tmp_path):
    path = tmp_path / "state.sqlite"
    first = Store()
    state = StateFile(path)
    assert state.attach(first) is False  # no file yet: created from the seed
    incident = first.create_incident(ada(first), title="Saved", severity="low", owner_id=BOB, component_ids=[API_COMPONENT],
                                     escalation_policy_id=DEFAULT_POLICY)
    first.update_incident_status(ada(first), incident.id, "identified", resolution_note="kept")
    first.set_component_override("acme", "API", "maintenance")
    first.set_clock(advance=3600)  # fires the policy's layers: pages and events are saved too
    first.delete_component(ada(first), first.create_component(ada(first), name="Gone").id)
    state.close()
    second = reopened(path)
    assert second.dump_state() == first.dump_state()
    assert second.status_page_view("acme")["components"][0]["status"] == "maintenance"
    assert [p.layer_position for p in second.pages] == [1, 2]


def test_a_request_commits_only_the_records_it_changed(tmp_path, monkeypatch):
    store = Store()
    state = StateFile(tmp_path / "state.sqlite")
    state.attach(store)
    saved = []
    real_save = state.save_changes
    monkeypatch.setattr(state, "save_changes", lambda changed, start, pages: (saved.append((changed, pages)), real_save(changed, start, pages))[1])
    for n in range(5):
        store.create_component(ada(store), name=f"C{n}")  # reads every component (unique names), changes one
    assert [[(table, record["name"]) for table, _, record in changed] for changed, _ in saved] == [[("components", f"C{n}")] for n in range(5)]
    saved.clear()
    incident = store.create_incident(ada(store), title="x", severity="low", owner_id=BOB, escalation_policy_id=DEFAULT_POLICY)
    ((changed, pages),) = saved
    assert sorted(table for table, _, _ in changed) == ["incidents", "organizations"]  # the next sequentialId
    assert [page["incident_id"] for page in pages] == [incident.id]
    saved.clear()
    store.get_incident(ada(store), incident.id)
    store.list_incidents(ada(store))
    assert saved == []  # reads commit nothing
    state.close()


def fill_the_disk(state: StateFile) -> None:
    """Make every later write fail with SQLITE_FULL ("database or disk is full"), like a full disk."""
    (pages,) = state.connection.execute("PRAGMA page_count").fetchone()
    state.connection.execute(f"PRAGMA max_page_count = {pages}")


def test_a_failed_save_changes_nothing_and_answers_503(tmp_path):
    app = create_app()
    store = get_store(app)
    state = StateFile(tmp_path / "state.sqlite")
    state.attach(store)
    api = FlaskApiClient(app)
    created = api.post("/incidents", json={"title": "before", "severity": "low", "ownerId": BOB}).data
    before = store.dump_state()
    fill_the_disk(state)
    body = "x" * 5000  # larger than the free room in the file's pages
    for _ in range(3):  # a client retrying gets 503 each time, and no duplicate appears
        assert_error(api.post("/incidents", json={"title": "lost", "description": body, "severity": "low", "ownerId": BOB}),
                     503, "internal_error", "service_unavailable")
    assert_error(api.post(f"/incidents/{created['id']}/updates", json={"visibility": "internal", "body": body}),
                 503, "internal_error", "service_unavailable")
    assert store.dump_state() == before  # nothing changed in memory either
    assert api.get("/incidents").data["incidents"] == [created]
    assert api.get(f"/incidents/{created['id']}").status == 200  # reads still work
    state.connection.execute("PRAGMA max_page_count = 1073741823")  # the disk has room again
    assert api.post("/incidents", json={"title": "after", "severity": "low", "ownerId": BOB}).data["sequentialId"] == 2
    state.close()
    assert reopened(tmp_path / "state.sqlite").dump_state() == store.dump_state()


def test_escalation_steps_whose_save_fails_are_undone_and_fire_again(tmp_path, monkeypatch):
    store = Store()
    state = StateFile(tmp_path / "state.sqlite")
    state.attach(store)
    incident = store.create_incident(ada(store), title="x", severity="high", owner_id=BOB, escalation_policy_id=DEFAULT_POLICY)
    store.clock.advance(20 * 60)  # layer 2 is due; it fires at the next store call
    before = store.dump_state()

    def broken(*args):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(state, "save_changes", broken)
    store.get_incident(ada(store), incident.id)  # a read is served all the same, without the unsaved steps
    assert store.dump_state() == before and len(store.pages) == 1
    monkeypatch.undo()
    store.create_component(ada(store), name="next write")  # the next write fires them, and saves them
    fired = store.get_incident(ada(store), incident.id)
    assert [e.data.get("layerPosition") for e in fired.events if e.type == "incident_paged"] == [1, 2]
    state.close()
    assert reopened(tmp_path / "state.sqlite").dump_state() == store.dump_state()


def test_reset_and_state_load_replace_the_file(tmp_path):
    app = create_app()
    store = get_store(app)
    state = StateFile(tmp_path / "state.sqlite")
    state.attach(store)
    client = app.test_client()
    client.post("/v1/incidents", json={"title": "t", "severity": "low", "ownerId": BOB}, headers=AUTH)
    document = client.get("/_mock/state").get_json()["data"]
    client.post("/_mock/reset")
    assert store.incidents == {}
    assert client.post("/_mock/state", json=document).status_code < 300, document
    state.close()
    assert reopened(tmp_path / "state.sqlite").dump_state() == store.dump_state() == document


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"version": 1, "incidents": []}', "--import-state state.sqlite"),
        (b"garbage that is no database", "is not a mockscaling SQLite state file; fix or delete it"),
    ],
)
def test_a_bad_file_is_a_clear_one_line_error_at_start(tmp_path, monkeypatch, content, expected):
    path = tmp_path / "state.sqlite"
    path.write_bytes(content)
    monkeypatch.setattr("mockscaling.web.server.run_bound", lambda *a, **kw: pytest.fail("must not serve"))
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--state-file", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: state file ") and expected in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert path.read_bytes() == content  # a bad file is never overwritten
    with pytest.raises(StateFileError):
        StateFile(path).attach(Store())


def test_a_state_that_does_not_fit_is_a_clear_error(tmp_path):
    path = tmp_path / "state.sqlite"
    state = StateFile(path)
    state.attach(Store())
    state.connection.execute("UPDATE records SET body = '{\"bogus\": true}' WHERE collection = 'members'")
    state.close()
    with pytest.raises(StateFileError, match="does not fit this mockscaling"):
        StateFile(path).attach(Store())


def test_a_second_server_on_the_same_file_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "state.sqlite"
    running = StateFile(path)
    running.attach(Store())
    monkeypatch.setattr("mockscaling.web.server.run_bound", lambda *a, **kw: pytest.fail("must not serve"))
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--state-file", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: state file {path} is in use by another mockscaling server; stop it or pick another file"]
    running.close()
    served = []
    monkeypatch.setattr("mockscaling.web.server.run_bound", lambda *a, **kw: served.append(a))
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--state-file", str(path)])
    assert result.exit_code == 0 and len(served) == 1  # free again once the first server closed it


def test_serve_creates_a_missing_file(tmp_path, monkeypatch):
    path = tmp_path / "new.sqlite"
    monkeypatch.setattr("mockscaling.web.server.run_bound", lambda *a, **kw: None)
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--state-file", str(path)])
    assert result.exit_code == 0, result.output
    assert "created from the seed" in result.output
    restored, seeded = reopened(path), Store()
    for collection in ("organizations", "members", "api_keys"):
        assert getattr(restored, collection).keys() == getattr(seeded, collection).keys()
    assert sorted(c.name for c in restored.components.values()) == sorted(c.name for c in seeded.components.values())


def test_an_old_json_state_file_is_imported(tmp_path, monkeypatch):
    old = Store()
    old.create_incident(ada(old), title="From JSON", severity="low", owner_id=BOB)
    json_file = tmp_path / "old-state.json"
    json_file.write_text(json.dumps(old.dump_state()))
    path = tmp_path / "state.sqlite"
    monkeypatch.setattr("mockscaling.web.server.run_bound", lambda *a, **kw: None)
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--state-file", str(path), "--import-state", str(json_file)])
    assert result.exit_code == 0, result.output
    assert f"imported from {json_file}" in result.output
    assert reopened(path).dump_state() == old.dump_state()
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--import-state", str(json_file)])
    assert result.exit_code == 2 and "--import-state needs --state-file" in result.output


def start_server(state_file, port, log):
    """`python -m mockscaling serve --state-file F --port P` as a subprocess, once it answers."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockscaling", "serve", "--state-file", str(state_file), "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/_mock/clock", timeout=1).status_code == 200:
                return process
        except requests.ConnectionError:
            time.sleep(0.05)
        if process.poll() is not None:
            break
    process.kill()
    pytest.fail(f"server did not start: {log.name}")


def test_kill_9_mid_burst_keeps_every_acknowledged_write(tmp_path):
    state_file = tmp_path / "state.sqlite"
    base = f"http://127.0.0.1:{(port := free_port())}"
    acknowledged: list[tuple[str, str]] = []  # (incident id, status it was acknowledged in)
    stop = threading.Event()

    def burst() -> None:
        session = requests.Session()
        for i in range(2000):  # bounded; the kill ends it long before
            if stop.is_set():
                return
            try:
                reply = session.post(base + "/v1/incidents", headers=AUTH, timeout=5,
                                     json={"title": f"burst {i}", "severity": "low", "ownerId": BOB})
                if reply.status_code != 201:
                    return
                incident_id = reply.json()["data"]["id"]
                acknowledged.append((incident_id, "investigating"))
                moved = session.patch(f"{base}/v1/incidents/{incident_id}/status", headers=AUTH, timeout=5,
                                      json={"status": "identified"})
                if moved.status_code == 200:
                    acknowledged.append((incident_id, "identified"))
            except requests.RequestException:
                return

    with open(tmp_path / "server.log", "wb") as log:
        server = start_server(state_file, port, log)
        worker = threading.Thread(target=burst)
        worker.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 60 and time.monotonic() < deadline and worker.is_alive():
            time.sleep(0.005)
        os.kill(server.pid, signal.SIGKILL)  # mid-burst: requests are still in flight
        server.wait(timeout=10)
        stop.set()
        worker.join(timeout=10)
    assert len(acknowledged) >= 60, "the burst did not get going"

    restored = reopened(state_file)  # a consistent database, whatever the moment of the kill
    statuses = {incident.id: incident.status for incident in restored.incidents.values()}
    for incident_id, status in acknowledged:
        assert incident_id in statuses
        if status == "identified":
            assert statuses[incident_id] == "identified"

    with open(tmp_path / "server2.log", "wb") as log:
        server = start_server(state_file, port, log)
        try:
            last_id = acknowledged[-1][0]
            assert requests.get(f"{base}/v1/incidents/{last_id}", headers=AUTH, timeout=5).status_code == 200
        finally:
            server.terminate()
            server.wait(timeout=10)
