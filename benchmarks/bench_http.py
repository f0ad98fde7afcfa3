"""Request costs against a bare Flask route (in-process and live), and POST with a SQLite state file."""

from __future__ import annotations

import contextlib
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from flask import Flask, jsonify, request

from mockscaling import get_store
from mockscaling.worlds.persistence import StateFile
from mockscaling.web.server import ThreadedServer

from .support import AUTH, BOB, alternate, fill, frozen_app, quick, round_ratio

BODY = {"title": "Benchmark", "severity": "low", "ownerId": BOB}
CLIENTS, REQUESTS_PER_CLIENT, ROUNDS = 16, 25, 5
ROUNDS_INPROCESS, ROUND_REQUESTS = 21, 200


def bare_app() -> Flask:
    """The yardstick: a bare Flask route that parses the JSON body and answers it in an envelope."""
    app = Flask("bare")

    @app.post("/v1/incidents")
    def create():
        return jsonify(data=request.get_json()), 201

    @app.get("/v1/incidents")
    def listing():
        return jsonify(data={"incidents": [], "nextCursor": None})

    @app.get("/v1/incidents/<incident_id>")
    def one(incident_id):
        return jsonify(data={"id": incident_id})

    return app


# ---- in-process ------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["bare", "fake"])
def test_inprocess_post(benchmark, figures, which):
    """In-process POST /v1/incidents, timed by pytest-benchmark (the table); the target is checked below."""
    client = (bare_app() if which == "bare" else frozen_app()).test_client()
    assert client.post("/v1/incidents", json=BODY, headers=AUTH).status_code == 201
    benchmark(client.post, "/v1/incidents", json=BODY, headers=AUTH)
    figures.record(f"inprocess post {which}", benchmark)


# request -> (method, path for the fake, the limit); the bare route answers the same method and path.
INPROCESS = {"POST": ("POST", "/v1/incidents", 1.3), "GET by id": ("GET", None, 1.2), "GET list": ("GET", "/v1/incidents", 1.2)}


@pytest.mark.parametrize("request_kind", list(INPROCESS))
def test_inprocess_ratio(figures, request_kind):
    """In-process POST / GET by id / GET list against a bare Flask route through the same test client.

    The two are timed in alternating rounds (CPU time of this process, 200 requests a round) and the
    median of the per-round ratios is the figure: timed one after the other, a shared machine's drift
    between them moved the ratio by up to 0.4.
    """
    method, path, limit = INPROCESS[request_kind]
    fake_app = frozen_app()
    clients = {"bare": bare_app().test_client(), "fake": fake_app.test_client()}
    if path is None:
        path = "/v1/incidents/" + clients["fake"].post("/v1/incidents", json=BODY, headers=AUTH).json["data"]["id"]
    # GET list: the seed's Acme has no incident, so both answer an empty page (like with like).
    calls = {name: (lambda c=client: c.open(path, method=method, json=BODY if method == "POST" else None, headers=AUTH))
             for name, client in clients.items()}
    seconds = alternate(calls, ROUNDS_INPROCESS, ROUND_REQUESTS // 4)
    per_request = {name: statistics.median(values) * 1e6 for name, values in seconds.items()}
    figures.absolute(
        f"In-process {request_kind}: fake / bare Flask route", round_ratio(seconds, "fake", "bare"), limit, "x",
        f"median of {ROUNDS_INPROCESS} alternating rounds (CPU); {per_request['fake']:.0f} us / {per_request['bare']:.0f} us",
    )


@pytest.mark.parametrize("setting", ["memory 10000", "file 100", "file 10000"])
def test_post_with_state_file(benchmark, figures, tmp_path, setting):
    """POST with a state file: at 10,000 incidents at most 2x at 100, and at most 5x the in-memory POST."""
    kind, count = setting.split()
    app = frozen_app()
    store = get_store(app)
    state = None
    if kind == "file":
        state = StateFile(tmp_path / "state.sqlite")
        state.attach(store)
    fill(store, int(count))
    client = app.test_client()
    try:
        benchmark(client.post, "/v1/incidents", json=BODY, headers=AUTH)
    finally:
        if state is not None:
            state.close()
    figures.record(f"post {setting}", benchmark)
    figures.ratio("POST with state file: 10,000 / 100 incidents", "post file 10000", "post file 100", 2.0)
    figures.ratio("POST with state file / in memory (10,000 incidents)", "post file 10000", "post memory 10000", 5.0)


# ---- live, over loopback ---------------------------------------------------------------------------

def burst(url: str, method: str, sessions: list[requests.Session]) -> float:
    """Seconds for CLIENTS keep-alive clients to send REQUESTS_PER_CLIENT requests each, all at once."""
    barrier = threading.Barrier(CLIENTS + 1)

    def client(session: requests.Session) -> None:
        barrier.wait()
        for _ in range(REQUESTS_PER_CLIENT):
            reply = session.request(method, url, json=BODY if method == "POST" else None, headers=AUTH, timeout=30)
            assert reply.status_code in (200, 201), reply.text

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(client, session) for session in sessions]
        barrier.wait()
        start = time.perf_counter()
        for future in futures:
            future.result()
        return time.perf_counter() - start


def ab_command() -> str | None:
    """ApacheBench (`ab`, Debian's apache2-utils): $AB or `ab` on the PATH; None when absent."""
    return os.environ.get("AB") or shutil.which("ab")


AB_REQUESTS = 2000  # per round: about a second at the rates seen here


def ab_seconds(url: str, method: str) -> float:
    """Seconds per request while `ab` keeps CLIENTS keep-alive clients busy against `url` (AB_REQUESTS in all).

    The load runs in its own process: clients in this interpreter would share the fake's lock on it (the GIL)
    with the server they measure, which a server in another process (Prism) never does.
    """
    command = [ab_command(), "-q", "-k", "-c", str(CLIENTS), "-n", str(AB_REQUESTS), "-H", f"Authorization: {AUTH['Authorization']}"]
    with tempfile.TemporaryDirectory() as folder:
        if method == "POST":
            body = Path(folder) / "body.json"
            body.write_text(json.dumps(BODY), "utf-8")
            command += ["-p", str(body), "-T", "application/json"]
        report = subprocess.run([*command, url], capture_output=True, text=True, check=True, timeout=300).stdout
    # ab counts an answer whose length differs from the first as failed: every POST's sequentialId grows.
    failed = re.search(r"Failed requests:\s+(\d+)(?:\s+\(Connect: (\d+), Receive: (\d+), Length: \d+, Exceptions: (\d+)\))?", report)
    assert failed is not None and "Non-2xx responses" not in report, report
    assert failed.group(1) == "0" or failed.group(2, 3, 4) == ("0", "0", "0"), report
    return 1 / float(re.search(r"Requests per second:\s+([\d.]+)", report).group(1))


def load_seconds(url: str, method: str, sessions: list[requests.Session]) -> float:
    """Seconds per request under 16 keep-alive clients: from `ab` when installed, else from `burst` (clients in
    this interpreter: both servers of a comparison pay for them, but a Python server pays most)."""
    if ab_command() is not None:
        return ab_seconds(url, method)
    return burst(url, method, sessions) / (CLIENTS * REQUESTS_PER_CLIENT)


LIVE = {"POST": "POST", "GET list": "GET", "GET by id": "GET"}


@pytest.mark.skipif(quick(), reason="live rounds are left out of the quick mode")
@pytest.mark.parametrize("kind", list(LIVE))
def test_live_throughput(figures, kind):
    """Under 16 concurrent keep-alive clients (`ab` when installed): POST, GET list and GET by id at least 0.7x
    the throughput of a bare Flask route on the same waitress settings (median of alternating rounds)."""
    method = LIVE[kind]
    ratios = []
    fake_app = frozen_app()
    path = "/v1/incidents"
    if kind == "GET by id":
        path += "/" + fake_app.test_client().post(path, json=BODY, headers=AUTH).json["data"]["id"]
    with ThreadedServer(bare_app()) as bare, ThreadedServer(fake_app) as fake:
        sessions = {name: [requests.Session() for _ in range(CLIENTS)] for name in ("bare", "fake")}
        for name, server in (("bare", bare), ("fake", fake)):  # warm-up: connections open, code paths hot
            load_seconds(server.url + path, method, sessions[name])
        for _ in range(ROUNDS):
            bare_seconds = load_seconds(bare.url + path, method, sessions["bare"])
            fake_seconds = load_seconds(fake.url + path, method, sessions["fake"])
            ratios.append(bare_seconds / fake_seconds)  # throughput of the fake / throughput of bare Flask
        for group in sessions.values():
            for session in group:
                session.close()
    generator = "ab" if ab_command() is not None else "clients in this process"
    figures.at_least(f"Live {kind}, 16 clients: fake / bare Flask throughput", statistics.median(ratios), 0.7, "x",
                     f"median round ({generator}); rounds " + " ".join(f"{r:.2f}" for r in ratios))


def prism_command() -> list[str] | None:
    """How to start Prism: $PRISM (the path of a `prism` executable) or `prism` on the PATH; None when absent."""
    found = os.environ.get("PRISM") or shutil.which("prism")
    return [found] if found else None


@contextlib.contextmanager
def prism_server(document: dict) -> Iterator[str]:
    """`prism mock` of `document` (static examples, silent) on a free loopback port; yields its base URL."""
    command = prism_command()
    assert command is not None
    with tempfile.TemporaryDirectory() as folder:
        spec = Path(folder) / "openapi.json"
        spec.write_text(json.dumps(document), "utf-8")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        process = subprocess.Popen([*command, "mock", str(spec), "-p", str(port), "-h", "127.0.0.1", "-v", "silent"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(300):  # up to 30 s to start
                try:
                    requests.get(url + "/v1/incidents", headers=AUTH, timeout=1)
                    break
                except requests.ConnectionError:
                    time.sleep(0.1)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=10)


# Prism's rounds spread from 0.5x to 2x on the shared 2-core machine (ab, Prism and the fake on two cores):
# the median needs more of them than the other live rounds.
PRISM_ROUNDS = 9
PRISM_FORMS = {"list of 20": "/v1/incidents", "limit=1": "/v1/incidents?limit=1", "by id": None}


@pytest.mark.skipif(quick() or prism_command() is None or ab_command() is None,
                    reason="needs Prism (npm @stoplight/prism-cli; $PRISM or on the PATH) and ab (apache2-utils; $AB or on the PATH)")
@pytest.mark.parametrize("form", list(PRISM_FORMS))
def test_live_against_prism(figures, form):
    """Under 16 clients (`ab`, in its own process, as Prism is) the fake serves a list of 20, `?limit=1` and GET
    by id at least as fast as Prism's static mock of the fake's own /openapi.json, in alternating rounds."""
    fake_app = frozen_app()
    client = fake_app.test_client()
    made = [client.post("/v1/incidents", json=BODY, headers=AUTH).json["data"] for _ in range(20)]
    path = PRISM_FORMS[form] or f"/v1/incidents/{made[-1]['id']}"
    ratios = []
    with ThreadedServer(fake_app) as fake, prism_server(client.get("/openapi.json").json) as prism:
        for url in (prism, fake.url):  # warm-up
            ab_seconds(url + path, "GET")
        for _ in range(PRISM_ROUNDS):
            prism_seconds = ab_seconds(prism + path, "GET")
            fake_seconds = ab_seconds(fake.url + path, "GET")
            ratios.append(prism_seconds / fake_seconds)
    figures.at_least(f"Live {form}, 16 clients: fake / Prism throughput", statistics.median(ratios), 1.0, "x",
                     "median round; rounds " + " ".join(f"{r:.2f}" for r in ratios))


@pytest.mark.skipif(quick(), reason="builds a store of 100,000 incidents")
def test_post_with_a_big_state_file(figures, tmp_path):
    """POST with a state file at 100,000 incidents costs at most 2x the same at 100 (alternating rounds, CPU)."""
    clients, files = {}, []
    for count in (100, 100_000):
        app = frozen_app()
        store = get_store(app)
        fill(store, count)
        state = StateFile(tmp_path / f"state-{count}.sqlite")
        state.attach(store)  # writes the whole store once, then saves each change
        files.append(state)
        clients[str(count)] = app.test_client()
    try:
        seconds = alternate({name: (lambda c=client: c.post("/v1/incidents", json=BODY, headers=AUTH)) for name, client in clients.items()},
                            rounds=7, per_round=40)
    finally:
        for state in files:
            state.close()
    per = {name: statistics.median(values) * 1e6 for name, values in seconds.items()}
    figures.absolute("POST with state file: 100,000 / 100 incidents", round_ratio(seconds, "100000", "100"), 2.0, "x",
                     f"median of 7 alternating rounds (CPU); {per['100000']:.0f} us / {per['100']:.0f} us")


FIRST_ANSWER = {
    "fake": "from mockscaling import create_app\n"
            "reply = create_app().test_client().get('/v1/incidents', headers={'Authorization': 'Bearer scl_live_' + 'a' * 32})\n"
            "assert reply.status_code == 200\n",
    "bare": "from flask import Flask, jsonify\n"
            "app = Flask('bare')\n"
            "app.get('/v1/incidents')(lambda: jsonify(data={'incidents': [], 'nextCursor': None}))\n"
            "assert app.test_client().get('/v1/incidents').status_code == 200\n",
}


STARTUP_ROUNDS = 9  # a round's ratio moves by 0.2 and more on a shared machine: the median needs several


@pytest.mark.skipif(quick(), reason="starts fresh interpreters")
def test_import_and_first_answer(figures):
    """A fresh interpreter importing mockscaling, making the app and answering one request costs at most 1.5x
    the same with a bare Flask app (CPU time of the child processes, alternating rounds)."""

    def child_cpu(code: str, write_bytecode: bool = False) -> float:
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        if not write_bytecode:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        # getrusage counts in microseconds; os.times counts children in clock ticks (10 ms here, about 4% of
        # a first answer), which alone moved a round's ratio by up to 0.1.
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    # Compiled files written (as `pip install` writes them; Flask's are), disk caches warm. With
    # PYTHONDONTWRITEBYTECODE set in the caller's environment, every timed child compiled the fake's source again.
    child_cpu(FIRST_ANSWER["fake"], write_bytecode=True)
    seconds: dict[str, list[float]] = {"fake": [], "bare": []}
    for _ in range(STARTUP_ROUNDS):
        for name, code in FIRST_ANSWER.items():
            seconds[name].append(child_cpu(code))
    per = {name: statistics.median(values) * 1e3 for name, values in seconds.items()}
    figures.absolute("Import + first app + first answer: fake / bare Flask", round_ratio(seconds, "fake", "bare"), 1.5, "x",
                     f"median of {STARTUP_ROUNDS} alternating rounds (child CPU); {per['fake']:.0f} ms / {per['bare']:.0f} ms")
