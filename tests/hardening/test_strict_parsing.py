"""Issue 12 §5: strict parsing of numbers, ids, the Authorization header and paths (no 308 redirects)."""

from __future__ import annotations

import pytest

from ..support import ADMIN_KEY, API_COMPONENT, assert_error


@pytest.mark.parametrize("limit", ["5_0", "+5", "\u0665", "\uff15", " 5", "5 ", "0x5", "5.0", "1e1"])
def test_integer_query_parameters_take_ascii_digits_only(inproc, limit):
    reply = inproc.get("/incidents", params={"limit": limit})
    assert_error(reply, 422, "validation_error", "invalid_query")


def test_plain_ascii_digits_still_work(inproc):
    assert inproc.get("/incidents", params={"limit": "5"}).status == 200
    assert inproc.get("/_mock/requests", key=None, params={"limit": "5"}).status == 200


@pytest.mark.parametrize("limit", ["5_0", "+5", "\u0665"])
def test_the_journal_limit_takes_ascii_digits_only(inproc, limit):
    reply = inproc.get("/_mock/requests", key=None, params={"limit": limit})
    assert_error(reply, 422, "validation_error", "invalid_query")


@pytest.mark.parametrize("body", [{"advance": "5"}, {"advance": True}, {"advance": "1e3"}])
def test_clock_numbers_must_be_json_numbers(inproc, body):
    reply = inproc.post("/_mock/clock", key=None, json=body)
    assert_error(reply, 422, "validation_error", "invalid_body")


def test_clock_numbers_that_are_json_numbers_work(inproc):
    assert inproc.post("/_mock/clock", key=None, json={"advance": 5}).status == 200
    assert inproc.post("/_mock/clock", key=None, json={"advance": 0.5}).status == 200


def test_fault_probability_must_be_a_json_number(inproc):
    reply = inproc.post("/_mock/faults", key=None, json={"path": "/v1/x", "status": 503, "probability": "0.5"})
    assert_error(reply, 422, "validation_error", "invalid_body")


@pytest.mark.parametrize(
    "spelling",
    [
        "urn:uuid:" + API_COMPONENT,
        API_COMPONENT.replace("-", ""),
        "{" + API_COMPONENT + "}",
        API_COMPONENT.upper(),
    ],
    ids=["urn", "no-dashes", "braces", "upper-case"],
)
def test_ids_are_accepted_only_in_canonical_text(inproc, spelling):
    assert inproc.get(f"/components/{API_COMPONENT}").status == 200
    reply = inproc.get(f"/components/{spelling}")
    assert_error(reply, 422, "validation_error", "invalid_path")


@pytest.mark.parametrize("header", [f"Bearer  {ADMIN_KEY}", f"Bearer\t{ADMIN_KEY}", f"Bearer {ADMIN_KEY} x"])
def test_bearer_takes_exactly_one_space_and_the_key(api, header):
    reply = api.get("/incidents", key=None, headers={"Authorization": header})
    assert reply.status == 401, reply.text
    assert reply.body["type"] == "not_authorized_error"


def test_bearer_with_one_space_works(inproc):
    assert inproc.get("/incidents", key=None, headers={"Authorization": f"Bearer {ADMIN_KEY}"}).status == 200


@pytest.mark.parametrize(
    "path",
    ["/v1//incidents", "//v1/incidents", "/v1/incidents/", "/_mock//state", "/status//acme", "/v1/components//"],
)
def test_no_path_is_answered_with_a_redirect(api, path):
    reply = api.get(path)
    assert reply.status == 404, (reply.status, reply.headers.get("Location"))
    assert_error(reply, 404, "invalid_request_error", "not_found")
