"""The docs' own examples (fixtures/docs/) against the fake: requests accepted, responses shaped like the fake's.

Each fixture holds one example exactly as a docs page shows it (`request`, `response`, or an `errorTableRow`),
its source page, and — kept apart from the example — the `deviations` between the example and the fake,
each explained (docs/contract.md lists them). A difference that is not declared fails; so does a declared
one that no longer exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockscaling.web.openapi import build_spec

from .docs_examples import World, key_paths, load_fixtures, operation_schema, schema_findings, substitute, topmost
from .support import ADMIN_KEY, MEMBER_KEY, assert_error

ROOT_DOCS = Path(__file__).resolve().parent.parent / "docs"
FIXTURES = load_fixtures()
NAMES = [name for name, _ in FIXTURES]
BY_NAME = dict(FIXTURES)
# Which key sends the example (admin unless listed): the 403 example is about another member's update.
KEYS = {"api-incidents-updates-redact-forbidden": MEMBER_KEY}
KINDS = ("onlyInFake", "onlyInExample", "values")


@pytest.fixture(scope="module")
def spec(session_app) -> dict[str, Any]:
    return build_spec(session_app)


def test_at_least_25_examples_each_with_its_docs_page():
    assert len(FIXTURES) >= 25
    for name, document in FIXTURES:
        source = document["source"]
        assert source["url"].startswith("https://docs.scaling.cloud/") and source["title"], name
        assert {"request", "response", "errorTableRow"} & set(document), name
        assert set(document) <= {"source", "request", "response", "errorTableRow", "bodyField", "deviations"}, name


def _send(api, world: World, name: str, document: dict[str, Any], body_override: dict | None = None):
    request = document["request"]
    body = substitute(request.get("body")) if "body" in request else None
    if document.get("bodyField"):  # the page shows one field of the body (a layer target): complete it
        body = {"position": 1, "ackTimeoutMinutes": 5, document["bodyField"]: body}
    if body_override:
        body = {**body, **body_override}
    kwargs: dict[str, Any] = {"params": request.get("query"), "key": KEYS.get(name, ADMIN_KEY)}
    if body is not None:
        kwargs["json"] = body
    return api.request(request["method"], world.path(request["path"]), **kwargs)


@pytest.mark.parametrize("name", [n for n in NAMES if "request" in BY_NAME[n]])
def test_example_request_is_accepted_or_refused_for_the_documented_reason(api, name):
    document = BY_NAME[name]
    reply = _send(api, World(api), name, document)
    refused = document.get("deviations", {}).get("refusedBecause")
    if "errorTableRow" in document:
        row = document["errorTableRow"]
        assert_error(reply, row["status"], reply.body.get("type", ""), row["code"])
    elif refused:
        assert_error(reply, refused["status"], "invalid_request_error", refused["code"])
        assert refused["docs"], name  # the docs sentence that makes the refusal right
    else:
        expected = document["response"]["status"] if "response" in document else None
        assert (reply.status == expected) if expected else 200 <= reply.status < 300, f"{name}: {reply.status} {reply.text[:300]}"


def _fake_reply(inproc, name: str, document: dict[str, Any]):
    """The fake's answer to the example's equivalent request (an error example: an unknown incident)."""
    if "request" not in document:
        return inproc.get("/incidents/00000000-0000-4000-8000-000000000000")
    refused = document.get("deviations", {}).get("refusedBecause")
    return _send(inproc, World(inproc), name, document, refused.get("acceptedWith") if refused else None)


@pytest.mark.parametrize("name", [n for n in NAMES if "response" in BY_NAME[n]])
def test_example_response_matches_the_fake_schema_and_keys(inproc, spec, name):
    document = BY_NAME[name]
    example = document["response"]
    reply = _fake_reply(inproc, name, document)
    assert reply.status == example["status"], reply.text
    if "request" in document:  # the example's path template (placeholders match the fake's {parameters})
        schema = operation_schema(spec, document["request"]["method"], document["request"]["path"], example["status"])
    else:
        schema = {"$ref": "#/components/schemas/Error", "components": spec["components"]}
    declared = document.get("deviations", {})
    found = schema_findings(schema, example["body"])
    assert {kind: sorted(found[kind]) for kind in KINDS} == {kind: sorted(declared.get(kind, [])) for kind in KINDS}, name
    # The keys the fake really answers with, against the example's: the same differences, nothing else.
    fake_keys, example_keys = key_paths(reply.body), key_paths(example["body"])
    assert sorted(topmost(fake_keys - example_keys)) == sorted(declared.get("onlyInFake", [])), name
    assert sorted(topmost(example_keys - fake_keys)) == sorted(declared.get("onlyInExample", [])), name
    if declared:
        assert declared["why"], name


def test_every_deviation_is_explained_in_the_contract_page():
    page = (ROOT_DOCS / "contract.md").read_text("utf-8")
    for name, document in FIXTURES:
        if document.get("deviations"):
            assert f"`{name}`" in page, f"docs/contract.md does not explain the deviations of fixtures/docs/{name}.json"
