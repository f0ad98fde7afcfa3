"""Test helpers: the seeded values and one API client interface over two transports (in-process, socket)."""

from __future__ import annotations

import json as jsonlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

ADMIN_KEY = "scl_live_" + "a" * 32
MEMBER_KEY = "scl_live_" + "b" * 32
GLOBEX_KEY = "scl_live_" + "g" * 32
ADA, BOB, CY, GIL = "user_ada", "user_bob", "user_cy", "user_gil"
API_COMPONENT = "016f5e66-e800-7000-8000-000000000001"
DATABASE_COMPONENT = "016f5e66-e800-7000-8000-000000000002"
WEB_COMPONENT = "016f5e66-e800-7000-8000-000000000003"
PRIMARY_SCHEDULE = "016f5e66-e800-7100-8000-000000000001"
DEFAULT_POLICY = "016f5e66-e800-7200-8000-000000000001"
STATUSES = ["investigating", "identified", "monitoring", "resolved"]  # the tests' own copy of the lifecycle
_DEFAULT = object()


@dataclass
class Reply:
    """What a transport returns: status, headers and the parsed JSON body (None when empty)."""

    status: int
    headers: Any
    body: Any
    text: str

    @property
    def data(self) -> Any:
        """The `data` member of a success envelope."""
        assert isinstance(self.body, dict) and "data" in self.body, f"no data in {self.status} {self.text[:300]}"
        return self.body["data"]


def _parse(text: str) -> Any:
    try:
        return jsonlib.loads(text) if text else None
    except ValueError:
        return None


class ApiClient:
    """Sends requests with `Authorization: Bearer <key>` (admin by default; key=None sends none)."""

    prefix = "/v1"

    def request(self, method: str, path: str, *, key: Any = _DEFAULT, json: Any = _DEFAULT, data: Any = None,
                headers: dict[str, str] | None = None, params: dict[str, Any] | None = None) -> Reply:
        sent = dict(headers or {})
        key = ADMIN_KEY if key is _DEFAULT else key
        if key is not None:
            sent.setdefault("Authorization", f"Bearer {key}")
        if json is not _DEFAULT:
            data = jsonlib.dumps(json)
            sent.setdefault("Content-Type", "application/json")
        full = path if path.startswith(("/_mock", "/api", "/status", "/openapi")) or path.startswith("/v1") else self.prefix + path
        return self._send(method, full, data, sent, params)

    def _send(self, method: str, path: str, data: Any, headers: dict[str, str], params: dict[str, Any] | None) -> Reply:
        raise NotImplementedError

    def get(self, path: str, **kw: Any) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Reply:
        return self.request("POST", path, **kw)

    def patch(self, path: str, **kw: Any) -> Reply:
        return self.request("PATCH", path, **kw)

    def put(self, path: str, **kw: Any) -> Reply:
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw: Any) -> Reply:
        return self.request("DELETE", path, **kw)

    # ---- shortcuts used across the suite ----
    def create_incident(self, key: Any = _DEFAULT, **body: Any) -> Reply:
        body.setdefault("title", "Checkout is down")
        body.setdefault("severity", "high")
        if "ownerId" not in body and "ownerScheduleId" not in body:
            body["ownerId"] = BOB
        return self.post("/incidents", json=body, key=key)

    def new_incident(self, **body: Any) -> dict[str, Any]:
        reply = self.create_incident(**body)
        assert reply.status == 201, reply.text
        return reply.data

    def move(self, incident_id: str, status: str, key: Any = _DEFAULT, **extra: Any) -> Reply:
        return self.patch(f"/incidents/{incident_id}/status", json={"status": status, **extra}, key=key)

    def detail(self, incident_id: str) -> dict[str, Any]:
        reply = self.get(f"/incidents/{incident_id}")
        assert reply.status == 200, reply.text
        return reply.data


class FlaskApiClient(ApiClient):
    """In-process transport: Flask's test client."""

    transport = "inprocess"

    def __init__(self, app: Any) -> None:
        self._client = app.test_client()

    def _send(self, method, path, data, headers, params):
        response = self._client.open(path, method=method, data=data, headers=headers, query_string=params)
        text = response.get_data(as_text=True)
        return Reply(response.status_code, response.headers, _parse(text), text)


class SocketApiClient(ApiClient):
    """Real-socket transport: `requests` against a server thread."""

    transport = "socket"

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._session = requests.Session()

    def _send(self, method, path, data, headers, params):
        response = self._session.request(method, self.base_url + path, data=data, headers=headers, params=params, timeout=10)
        return Reply(response.status_code, response.headers, _parse(response.text), response.text)


def assert_error(reply: Reply, status: int, type_: str, code: str) -> dict[str, Any]:
    """Check the contract's error envelope, including a UUID requestId equal to the X-Request-Id header."""
    import uuid

    assert reply.status == status, f"expected {status} {code}, got {reply.status}: {reply.text[:300]}"
    body = reply.body
    assert isinstance(body, dict), reply.text
    assert set(body) == {"statusCode", "type", "code", "requestId", "message"}, body
    assert body["statusCode"] == status
    assert body["type"] == type_, body
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"], body
    uuid.UUID(body["requestId"])
    assert reply.headers.get("X-Request-Id") == body["requestId"]
    return body


def node_tool(variable: str, name: str) -> str | None:
    """An npm-installed command: $`variable`, then PATH, then the copy .ci/run installs in .ci/node (None: absent).

    Example::

        node_tool("MOCKSCALING_SPECTRAL", "spectral")
    """
    ci_copy = Path(__file__).resolve().parent.parent / ".ci" / "node" / "node_modules" / ".bin" / name
    for candidate in (os.environ.get(variable), shutil.which(name), str(ci_copy)):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def busy_app() -> Any:
    """A default-seeded app plus an incident under escalation with a public update, and an acknowledged,
    identified one (made through the API).

    Example::

        document = get_store(busy_app()).dump_state()
    """
    from mockscaling import create_app

    app = create_app()
    client = FlaskApiClient(app)
    first = client.new_incident(ownerScheduleId=PRIMARY_SCHEDULE, componentIds=[API_COMPONENT])
    client.post(f"/incidents/{first['id']}/updates", json={"visibility": "public", "body": "Looking"})
    second = client.new_incident(ownerId=BOB, severity="critical", componentIds=[API_COMPONENT])
    client.post(f"/incidents/{second['id']}/acknowledge")
    client.move(second["id"], "identified")
    return app


def leaf_paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path into a JSON value (keys and indexes), a container's after its contents', the root left out.

    Example::

        leaf_paths({"a": [1]})   # [("a", 0), ("a",)]
    """
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in leaf_paths(item, path + (key,))] + ([path] if path else [])
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in leaf_paths(item, path + (index,))] + ([path] if path else [])
    return [path]
