"""Query schema of GET /_mock/requests (the request journal)."""

from __future__ import annotations

from marshmallow import fields, validate

from .. import chosen
from .common import QueryInteger, StrictSchema


class JournalQuery(StrictSchema):
    """`?limit=N`: only the N most recent entries (1..JOURNAL_SIZE); absent = the whole journal.
    `?include=control`: /_mock requests too (left out by default)."""

    limit = QueryInteger(
        load_default=None,
        validate=validate.Range(min=1, max=chosen.JOURNAL_SIZE, error="Must be between {min} and {max}."),
    )
    include = fields.String(load_default=None, validate=validate.OneOf(["control"]))
