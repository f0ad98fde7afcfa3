"""CORS: preflights answered without a key, X-Request-Id exposed; `serve` allows localhost, create_app() nothing."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from mockscaling import chosen, create_app
from mockscaling.tools import cli

from .support import ADMIN_KEY


def preflight(client, path="/v1/incidents", origin="http://localhost:5173", method="POST"):
    return client.options(path, headers={
        "Origin": origin, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type",
    })


def served_app(monkeypatch, *args: str):
    """The app `mockscaling serve ARGS` would serve (the server itself is not started)."""
    captured = {}
    monkeypatch.setattr("mockscaling.web.server.run_bound", lambda server: captured.setdefault("app", server.mockscaling_app))
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", *args])
    assert result.exit_code == 0, result.output
    return captured["app"]


@pytest.fixture(scope="module")
def local_app():
    """An app with the origins `serve` allows by default."""
    return create_app(cors_origins=list(chosen.DEFAULT_CORS_ORIGINS))


@pytest.mark.parametrize("path", ["/v1/incidents", "/api/incidents/016f5e66-e800-7000-8000-000000000001/status",
                                  "/_mock/reset", "/status/acme.json"])
def test_preflight_is_answered_without_an_api_key(local_app, path):
    reply = preflight(local_app.test_client(), path, method="PATCH")
    assert reply.status_code == 200
    assert reply.headers["Access-Control-Allow-Origin"] == "http://localhost:5173"
    methods = {m.strip() for m in reply.headers["Access-Control-Allow-Methods"].split(",")}
    assert {"GET", "POST", "PUT", "PATCH", "DELETE"} <= methods
    headers = {h.strip().lower() for h in reply.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "content-type"} <= headers
    assert "Origin" in reply.headers["Vary"]


def test_actual_responses_expose_the_request_id(local_app):
    client = local_app.test_client()
    reply = client.get("/v1/incidents", headers={"Origin": "http://127.0.0.1:8080", "Authorization": f"Bearer {ADMIN_KEY}"})
    assert reply.status_code == 200
    assert reply.headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8080"
    assert "X-Request-Id" in reply.headers["Access-Control-Expose-Headers"]
    error = client.get("/v1/incidents", headers={"Origin": "http://localhost"})  # errors are readable cross-origin too
    assert error.status_code == 401 and error.headers["Access-Control-Allow-Origin"] == "http://localhost"


@pytest.mark.parametrize("origin", ["http://localhost.evil.test", "https://localhost:3000", "http://example.com",
                                    "http://127.0.0.1.evil.test:80", "http://localhost:3000/extra"])
def test_other_origins_get_no_cors_headers(local_app, origin):
    reply = preflight(local_app.test_client(), origin=origin)
    assert "Access-Control-Allow-Origin" not in reply.headers


def test_create_app_sends_no_cors_headers_by_default(inproc):
    reply = inproc.request("OPTIONS", "/incidents", key=None, headers={
        "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"})
    assert reply.status == 200  # still no 401 for a preflight
    assert not [name for name in reply.headers.keys() if name.lower().startswith("access-control-")]
    reply = inproc.get("/incidents", headers={"Origin": "http://localhost:3000"})
    assert reply.status == 200 and "Access-Control-Allow-Origin" not in reply.headers


def test_serve_allows_localhost_by_default(monkeypatch):
    client = served_app(monkeypatch).test_client()
    assert preflight(client, origin="http://localhost:3000").headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    assert preflight(client, origin="http://127.0.0.1:5173").headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:5173"
    assert "Access-Control-Allow-Origin" not in preflight(client, origin="http://example.com").headers


def test_cors_origin_option_replaces_the_defaults(monkeypatch):
    client = served_app(monkeypatch, "--cors-origin", "http://app.test", "--cors-origin", "http://other.test:8000").test_client()
    assert preflight(client, origin="http://app.test").headers["Access-Control-Allow-Origin"] == "http://app.test"
    assert preflight(client, origin="http://other.test:8000").headers["Access-Control-Allow-Origin"] == "http://other.test:8000"
    assert "Access-Control-Allow-Origin" not in preflight(client, origin="http://localhost:3000").headers
    anyone = served_app(monkeypatch, "--cors-origin", "*").test_client()
    assert preflight(anyone, origin="https://anything.example").headers["Access-Control-Allow-Origin"] == "*"

