"""Issue 12 §4: idle connections cannot lock clients out, and latency faults never starve /_mock."""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest
import requests

from mockscaling import chosen, create_app, get_store
from mockscaling.web.server import ThreadedServer

from ..support import ADMIN_KEY

pytestmark = pytest.mark.socket


def test_serve_defaults_outgrow_waitress_lockout_defaults():
    """waitress alone: 100 connections, 120 s idle timeout; about 98 idle sockets locked every client out."""
    assert chosen.SERVE_CONNECTION_LIMIT >= 500
    assert chosen.SERVE_IDLE_TIMEOUT <= 30
    assert chosen.SERVE_CLEANUP_INTERVAL <= chosen.SERVE_IDLE_TIMEOUT


def test_many_idle_connections_do_not_lock_out_a_new_client():
    idle = []
    with ThreadedServer(create_app()) as server:
        try:
            for _ in range(150):  # more than waitress's default limit of 100
                idle.append(socket.create_connection((server.host, server.port), timeout=5))
            reply = requests.get(server.url + "/v1/incidents", headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=5)
            assert reply.status_code == 200
        finally:
            for sock in idle:
                sock.close()


def test_idle_connections_are_closed_after_the_idle_timeout():
    with ThreadedServer(create_app(), idle_timeout=1, cleanup_interval=1) as server:
        sock = socket.create_connection((server.host, server.port), timeout=10)
        try:
            assert sock.recv(1) == b""  # the server hung up on the idle connection (recv would time out otherwise)
        finally:
            sock.close()


def test_latency_faults_holding_every_worker_do_not_delay_the_control_plane():
    app = create_app()
    get_store(app).add_fault("/v1/*", latency_ms=3000)
    finished: list[str] = []
    with ThreadedServer(app, threads=2) as server:

        def slow_call() -> None:
            requests.get(server.url + "/v1/incidents", headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=30)
            finished.append("api")

        callers = [threading.Thread(target=slow_call) for _ in range(4)]  # twice the worker count
        for caller in callers:
            caller.start()
        time.sleep(0.3)  # let them take every API worker
        reply = requests.delete(server.url + "/_mock/faults", timeout=30)
        finished.append("control")
        for caller in callers:
            caller.join()
    assert reply.status_code in (200, 204)
    assert finished[0] == "control", finished  # answered while every API worker was still asleep


@pytest.mark.parametrize("path", ["/v1/incidents", "/_mock/reset"])
def test_a_queued_request_is_logged_at_debug_not_as_a_warning(caplog, path):
    """waitress warns "Task queue depth is N" whenever a request waits for a worker: the fake's pools (API and
    control) log it at DEBUG on `mockscaling.server`, and leave waitress's own logger to other servers."""
    from types import SimpleNamespace

    from mockscaling.web.server import ControlFirstDispatcher

    dispatcher = ControlFirstDispatcher(threads=1, control_threads=1)
    dispatcher.set_thread_count(0)  # no worker: every task queues
    dispatcher.control.set_thread_count(0)
    try:
        with caplog.at_level(logging.DEBUG):
            dispatcher.add_task(SimpleNamespace(requests=[SimpleNamespace(path=path)], cancel=lambda: None))
    finally:
        dispatcher.shutdown(timeout=1)
    queued = [record for record in caplog.records if "Task queue depth" in record.getMessage()]
    assert [(record.name, record.levelno) for record in queued] == [("mockscaling.server", logging.DEBUG)]
