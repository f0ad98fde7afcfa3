"""State files (`serve --state-file`): round trip, atomic writes, clear start-up errors, and a kill -9 crash test."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
import requests
from click.testing import CliRunner

from mockscaling import cli
from mockscaling.persistence import StateFile, StateFileError
from mockscaling.server import free_port
from mockscaling.store import Store

from .support import ADMIN_KEY, API_COMPONENT, BOB

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


def ada(store: Store):
    return store.authenticate("Bearer " + ADMIN_KEY)


def test_round_trip_through_the_file(tmp_path):
    path = tmp_path / "state.json"
    first = Store()
    assert StateFile(path).attach(first) is False  # no file yet: created from the seed
    incident = first.create_incident(ada(first), title="Saved", severity="low", owner_id=BOB, component_ids=[API_COMPONENT])
    first.update_incident_status(ada(first), incident.id, "identified", resolution_note="kept")
    first.set_component_override("acme", "API", "maintenance")
    second = Store()
    assert StateFile(path).attach(second) is True
    assert second.dump_state() == first.dump_state()
    assert second.status_page_view("acme")["components"][0]["status"] == "maintenance"


def test_every_change_is_written_through_fsync_and_rename(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    store = Store()
    state = StateFile(path)
    state.attach(store)
    synced, replaced = [], []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (replaced.append((str(a), str(b))), real_replace(a, b))[1])
    store.create_component(ada(store), name="Search")
    assert len(synced) == 2  # the temporary file, then the directory holding the rename
    assert replaced == [(str(state.temp_path), str(path))] and state.temp_path.parent == path.parent
    assert not state.temp_path.exists()
    assert "Search" in {c["name"] for c in json.loads(path.read_text())["components"]}


def test_a_failed_write_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    store = Store()
    StateFile(path).attach(store)
    before = path.read_bytes()

    def crash(*args):
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.create_component(ada(store), name="Lost")
    assert path.read_bytes() == before
    Store(seed=None).load_state(json.loads(before))  # still a complete, loadable document


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"version": 1, "incidents": [', "is not valid JSON (line 1, column"),
        ('{"version": 99}', "does not fit this mockscaling"),
        ('[1, 2]', "does not fit this mockscaling"),
        ('{"version": 1, "incidents": [{"bogus": true}]}', "does not fit this mockscaling"),
        ('{"version": 1, "organizations": [{"id": "org_\\ud800", "name": "x"}]}', "lone UTF-16 surrogate"),
    ],
)
def test_a_bad_file_is_a_clear_one_line_error_at_start(tmp_path, monkeypatch, content, expected):
    path = tmp_path / "state.json"
    path.write_text(content)
    monkeypatch.setattr("mockscaling.server.run_bound", lambda *a, **kw: pytest.fail("must not serve"))
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--state-file", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: state file ") and expected in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert path.read_text() == content  # a bad file is never overwritten
    with pytest.raises(StateFileError):
        StateFile(path).load_into(Store())


def test_serve_creates_a_missing_file(tmp_path, monkeypatch):
    path = tmp_path / "new.json"
    monkeypatch.setattr("mockscaling.server.run_bound", lambda *a, **kw: None)
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--state-file", str(path)])
    assert result.exit_code == 0, result.output
    assert "created from the seed" in result.output
    Store(seed=None).load_state(json.loads(path.read_text()))


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
    state_file = tmp_path / "state.json"
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

    document = json.loads(state_file.read_text())  # complete JSON, whatever the moment of the kill
    restored = Store(seed=None)
    restored.load_state(document)
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
