"""An empty query string loads to the schema's defaults, cached once: every caller gets its own copy."""

from __future__ import annotations

from datetime import date, datetime

from marshmallow import Schema, fields

from mockscaling.schemas.incidents import ListIncidentsQuery
from mockscaling.web.parsing import _immutable, parse_query


class ListDefault(Schema):
    """A schema whose default is a mutable value: the cache must hand out deep copies."""

    tags = fields.Raw(load_default=["a", ["b"]])
    limit = fields.Integer(load_default=20)


def _parse(app, schema, query=""):
    # A path no route matches: parse_query validates with the schema it is given (no declared one).
    with app.test_request_context("/nowhere" + (f"?{query}" if query else "")):
        return parse_query(schema)


def test_a_caller_changing_the_defaults_changes_nobody_elses(app):
    schema = ListIncidentsQuery()
    first = _parse(app, schema)
    assert first == {"limit": 20, "cursor": None, "status": None, "severity": None, "from_date": None, "to_date": None}
    first["limit"] = 99
    first["status"] = "resolved"
    del first["cursor"]
    assert _parse(app, schema) == schema.load({})  # the cache still holds the defaults
    assert _parse(app, schema) is not _parse(app, schema)


def test_mutable_defaults_are_copied_deeply(app):
    schema = ListDefault()
    first = _parse(app, schema)
    first["tags"][1].append("changed")
    first["tags"].append("c")
    assert _parse(app, schema) == {"tags": ["a", ["b"]], "limit": 20}


def test_an_empty_query_string_and_no_query_string_load_alike(app):
    schema = ListIncidentsQuery()
    assert _parse(app, schema, "&") == _parse(app, schema) == schema.load({})
    assert _parse(app, schema, "limit=5")["limit"] == 5


def test_what_counts_as_immutable():
    for value in (None, True, 3, 2.5, "x", b"x", date(2026, 4, 7), datetime(2026, 4, 7), ("a", (1, None)), frozenset({1})):
        assert _immutable(value), value
    for value in ([], {}, {"a": 1}, ("a", []), set(), bytearray(b"x")):
        assert not _immutable(value), value
