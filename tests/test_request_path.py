"""The per-request path made cheap (issue 11): each shortcut answers exactly what the long way did."""

from __future__ import annotations

import json
import uuid
from unittest import mock
from datetime import UTC, datetime, timedelta, timezone

import pytest
from flask import session
from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import create_app, get_store
from mockscaling.state import json_limits
from mockscaling.domain.ids import IdSource, crockford
from mockscaling.state.json_limits import API_BODY_LIMITS, ShapeError, ShapeLimits, check_shape
from mockscaling.domain.timefmt import format_time
from mockscaling.web.network_faults import UNARMED_KEY, NetworkFaults

KEY = {"Authorization": "Bearer scl_live_" + "a" * 32}
BODY = {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"}


# ---- ids: spelled out, the same text as the general formulas ----------------------------------------

@settings(max_examples=300, deadline=None)
@given(ms=st.integers(0, 2**50 - 1), tail=st.integers(0, 2**74 - 1))
def test_ulid_is_crockford_of_the_time_and_the_tail(ms, tail):
    ids = IdSource(seed=1)
    ids._next = lambda at: (ms, tail)  # the ulid is a pure function of (milliseconds, tail)
    assert ids.ulid() == crockford(ms, 10) + crockford(tail << 6, 16)


@settings(max_examples=300, deadline=None)
@given(ms=st.integers(0, 2**48 - 1), tail=st.integers(0, 2**74 - 1))
def test_uuid7_text_is_the_uuid_module_text_of_the_same_value(ms, tail):
    ids = IdSource(seed=1)
    ids._next = lambda at: (ms, tail)
    made = uuid.UUID(ids.uuid())
    assert str(made) == ids.uuid()
    assert (made.version, made.variant) == (7, uuid.RFC_4122)
    assert made.int >> 80 == ms and (made.int >> 64) & 0xFFF == tail >> 62 and made.int & (2**62 - 1) == tail & (2**62 - 1)


def test_request_ids_are_version_4_uuids():
    ids = IdSource()
    made = {uuid.UUID(ids.request_id()) for _ in range(200)}
    assert len(made) == 200 and {(u.version, u.variant) for u in made} == {(4, uuid.RFC_4122)}


# ---- instants: the remembered text is the text of the instant ---------------------------------------

@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)),
       st.integers(-14 * 60, 14 * 60))
def test_format_time_writes_the_utc_instant_whatever_the_zone(moment, offset_minutes):
    zone = timezone(timedelta(minutes=offset_minutes))
    expected = f"{moment.year:04d}" + moment.strftime("-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    assert format_time(moment) == expected
    assert format_time(moment.astimezone(zone)) == expected


# ---- shape caps: the shortcuts never let through what the walk refuses, nor refuse what it lets through --

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=3), inner, max_size=4), max_leaves=12)
SMALL = ShapeLimits(max_depth=2, max_items=3, max_members=3, max_string=8)
DEPTH_ONLY = ShapeLimits(max_depth=2)


@settings(max_examples=500, deadline=None)
@given(document=JSON_VALUES | st.dictionaries(st.text(max_size=4), JSON_VALUES, max_size=5),
       limits=st.sampled_from([SMALL, DEPTH_ONLY, API_BODY_LIMITS]))
def test_the_shortcuts_agree_with_the_walk(document, limits):
    def outcome():
        try:
            check_shape(document, limits)
        except ShapeError as exc:
            return str(exc)
        return None

    with_shortcuts = outcome()
    with mock.patch.object(json_limits, "_flat_object_within", lambda document, limits: False), \
            mock.patch.object(json_limits, "_within_caps", lambda document, limits: False):
        assert outcome() == with_shortcuts  # the same verdict, and the same value named


# ---- answers: orjson for speed, json.dumps for what orjson cannot write ------------------------------

def test_answers_keep_non_ascii_text_and_field_order(inproc):
    reply = inproc.post("/incidents", json={**BODY, "title": "Zahlung fällt aus ☂"})
    assert reply.status == 201
    assert reply.data["title"] == "Zahlung fällt aus ☂"
    assert list(reply.data)[:3] == ["id", "orgId", "sequentialId"]


def test_an_integer_past_64_bits_is_still_answered(app):
    """GET /_mock/requests shows a body with 2**70 in it: orjson refuses that integer, json.dumps writes it."""
    client = app.test_client()
    client.post("/v1/incidents", data=json.dumps({**BODY, "huge": 2**70}), headers={**KEY, "Content-Type": "application/json"})
    reply = client.get("/_mock/requests")
    assert reply.status_code == 200
    assert json.loads(reply.data)["data"]["requests"][-1]["json"]["huge"] == 2**70


# ---- no cookie sessions -----------------------------------------------------------------------------

def test_the_app_keeps_no_sessions():
    app = create_app(seed="empty")
    reply = app.test_client().get("/v1/incidents", headers=KEY)
    assert "Set-Cookie" not in reply.headers
    with app.test_request_context("/"):
        assert dict(session) == {}
        with pytest.raises(RuntimeError):
            session["user"] = "ada"  # read-only: the fake never sets a cookie


# ---- network faults: a request that starts with no plan passes through unwatched ---------------------

def test_network_faults_passes_requests_through_while_no_plan_exists():
    seen = {}

    def inner(environ, start_response):
        seen["unarmed"] = environ.get(UNARMED_KEY)
        seen["start_response"] = start_response
        start_response("200 OK", [])
        return [b"ok"]

    def start_response(status, headers, exc_info=None):
        return None

    assert NetworkFaults(inner, armed=lambda: False)({}, start_response) == [b"ok"]
    assert seen == {"unarmed": True, "start_response": start_response}  # not wrapped
    NetworkFaults(inner, armed=lambda: True)({}, start_response)
    assert seen["unarmed"] is None and seen["start_response"] is not start_response


def test_a_plan_added_while_a_request_runs_waits_for_the_next_request():
    app = create_app()
    store = get_store(app)

    @app.before_request
    def add_plan_mid_request():  # runs after the fault hook has looked: the request started unarmed
        if not store.faults:
            store.add_fault("/v1/incidents", status=503, count=1)

    client = app.test_client()
    assert client.get("/v1/incidents", headers=KEY).status_code == 200
    assert client.get("/v1/incidents", headers=KEY).status_code == 503  # the plan fires on the next one


# ---- standard headers, added below Flask -------------------------------------------------------------

def test_standard_headers_replace_the_answers_own_request_id_and_cache_control_once():
    app = create_app(seed="empty")

    @app.get("/v1/own-headers")
    def own_headers():
        return "x", 200, {"X-Request-Id": "mine", "Cache-Control": "max-age=60", "X-Content-Type-Options": "nosniff"}

    reply = app.test_client().get("/v1/own-headers", headers=KEY)
    assert reply.headers.getlist("X-Request-Id") != ["mine"] and len(reply.headers.getlist("X-Request-Id")) == 1
    assert reply.headers.getlist("Cache-Control") == ["no-store"]
    assert reply.headers.getlist("X-Content-Type-Options") == ["nosniff"]


def test_ascii_only_answers_escape_non_ascii_text(monkeypatch):
    """chosen.ANSWER_ASCII_ONLY on: json.dumps with \\u escapes, the same document once parsed."""
    app = create_app()
    monkeypatch.setattr(app.json, "ensure_ascii", True)
    reply = app.test_client().post("/v1/incidents", json={**BODY, "title": "fällt"}, headers=KEY)
    assert reply.status_code == 201 and b"f\\u00e4llt" in reply.data and reply.get_json()["data"]["title"] == "fällt"
    app.json.ensure_ascii = False
    assert "fällt".encode() in app.test_client().post("/v1/incidents", json={**BODY, "title": "fällt"}, headers=KEY).data


@pytest.mark.parametrize(("path", "no_store"), [
    ("/v1/incidents", True), ("/v1", True), ("/api/incidents", True), ("/_mock/requests", True), ("/_mock", True),
    ("/v1x", False), ("/status/acme", False), ("/openapi.json", False),
])
def test_no_store_covers_the_api_and_control_paths_only(path, no_store):
    reply = create_app().test_client().get(path, headers=KEY)
    assert (reply.headers.get("Cache-Control") == "no-store") is no_store, (path, reply.status_code, reply.headers)
    assert reply.headers["X-Content-Type-Options"] == "nosniff" and reply.headers["X-Request-Id"]


# ---- the in-process server stops even when its wake-up pipe is gone ----------------------------------

def test_threaded_server_stop_survives_a_closed_wake_up_pipe():
    import os
    import time

    import requests

    from mockscaling.web.server import ThreadedServer

    server = ThreadedServer(create_app(seed="empty")).start()
    assert requests.get(server.url + "/openapi.json", timeout=5).status_code == 200
    # What a stray close of that descriptor number does to the server: writing to it fails with EBADF. The
    # number is not really closed (a read-only /dev/null is put there instead): a number freed here would be
    # reused by a later test's open file, and waitress closes its own descriptors on its own schedule.
    read_only = os.open(os.devnull, os.O_RDONLY)
    os.dup2(read_only, server._server.trigger.trigger)
    os.close(read_only)
    started = time.monotonic()
    server.stop()  # no EBADF out of stop(), and no wait for a loop that cannot be woken
    assert time.monotonic() - started < 2


# ---- the journal: what it takes from the environ, without asking werkzeug -----------------------------

@pytest.mark.parametrize("environ", [
    {},  # a GET from the test client: no body announced
    {"CONTENT_LENGTH": ""},
    {"CONTENT_LENGTH": "0"},
    {"CONTENT_LENGTH": "5"},
    {"CONTENT_LENGTH": "5", "wsgi.input_terminated": True},
    {"wsgi.input_terminated": True},  # waitress: the stream ends where the body does
    {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input_terminated": True},
], ids=repr)
def test_the_journal_reads_the_body_get_data_reads(environ):
    from werkzeug.test import EnvironBuilder

    from mockscaling.web.hooks import _request_bytes

    app = create_app(seed="empty")
    built = EnvironBuilder(path="/v1/incidents", method="POST", data=b"hello").get_environ()
    for name in ("CONTENT_LENGTH", "CONTENT_TYPE"):
        built.pop(name, None)
    built.update(environ)
    with app.request_context(built) as context:
        kept = _request_bytes(context.request, context.request.environ)
    with app.request_context({**built, "wsgi.input": __import__("io").BytesIO(b"hello")}) as context:
        assert kept == context.request.get_data()


@settings(max_examples=200, deadline=None)
@given(names=st.lists(st.sampled_from([
    "HTTP_AUTHORIZATION", "HTTP_X_CUSTOM", "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_", "REQUEST_METHOD", "wsgi.input",
    "mockscaling.principal", "werkzeug.request", "SERVER_NAME", "CONTENT_MD5", "HTTPS", "http_lower", "X_OTHER",
]) | st.text(max_size=8), unique=True, max_size=12))
def test_the_journal_keeps_exactly_the_header_keys_in_environ_order(names):
    from mockscaling.web.hooks import HEADER_KEYS, _header_environ

    environ = {name: f"value of {name}" for name in names}
    kept = _header_environ(environ)
    assert list(kept.items()) == [(name, value) for name, value in environ.items() if name.startswith(HEADER_KEYS)]


# ---- answers: orjson's bytes go straight into the response -------------------------------------------

@pytest.mark.parametrize("payload", [
    {"data": {"title": "Zahlung fällt aus ☂", "n": 1, "x": None, "ok": True, "items": [1.5, "a"]}},
    {"data": {"huge": 2**70}},               # orjson refuses: json.dumps writes it
    {"data": {1: "a non-str key"}},           # likewise
    {"data": []},
])
@pytest.mark.parametrize("status", [200, 201, 422])
def test_answer_makes_what_jsonify_makes(payload, status):
    from flask import jsonify

    app = create_app(seed="empty")
    with app.test_request_context("/"):
        made = app.json.answer(payload, status)
        expected = jsonify(**payload)
        assert (made.status_code, made.get_data(), made.mimetype) == (status, expected.get_data(), expected.mimetype)
        assert made.headers["Content-Length"] == str(len(expected.get_data()))


# ---- tables: reads touch only records that need it ---------------------------------------------------

def test_reads_of_a_store_copy_the_worlds_record_once_and_peek_never():
    from mockscaling import Store

    store = Store()
    world = store.members.shared
    assert world is not None  # the default seed's store shares the world's records
    member_id = next(iter(world))
    assert store.members.peek(member_id) is world[member_id]  # peek: the shared record, untouched
    own = store.members.get(member_id)
    assert own is not world[member_id] and own == world[member_id]  # the first get copies
    assert store.members.get(member_id) is own and store.members[member_id] is own  # later reads do not
    assert store.members.peek(member_id) is own


# ---- request bodies: orjson reads them when it reads them as json.loads does -------------------------

def _json_loads_or_error(raw: bytes) -> tuple[str, str]:
    """What json.loads makes of `raw` (repr and type), or the kind of failure json_body turns into invalid_json."""
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError, UnicodeDecodeError):
        return ("refused", "")
    return (repr(value), type(value).__name__)


def _fast_loads_or_error(raw: bytes) -> tuple[str, str]:
    from mockscaling.web.parsing import _loads

    try:
        value = _loads(raw)
    except (ValueError, RecursionError, UnicodeDecodeError):
        return ("refused", "")
    return (repr(value), type(value).__name__)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.integers(-(2**70), 2**70) | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES, st.booleans())
def test_a_json_body_reads_as_json_loads_reads_it(value, ascii_only):
    raw = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    assert _fast_loads_or_error(raw) == _json_loads_or_error(raw)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40) | st.sampled_from([b'{"a": 1}', b"[1, 2.5]", b'"x"']).map(lambda b: b + b"\x00"))
def test_any_body_bytes_read_as_json_loads_reads_them(raw):
    assert _fast_loads_or_error(raw) == _json_loads_or_error(raw)


@pytest.mark.parametrize("raw", [
    b"123456789012345678901234567890", b"18446744073709551616", b"-9223372036854775809", b"[18446744073709551615]",
    b"1E400", b"-1e309", b"NaN", b"[Infinity]", b'"\\ud800"', b'"\xed\xa0\x80"', b"\xef\xbb\xbf{}",
    '{"t": "\u00e9"}'.encode("utf-16"), b"[" * 2000 + b"]" * 2000, b'{"a": 1, "a": 2}', b"-0", b"1e-400", b"",
])
def test_the_cases_orjson_reads_otherwise_go_to_json_loads(raw):
    assert _fast_loads_or_error(raw) == _json_loads_or_error(raw)
