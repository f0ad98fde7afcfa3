"""Control plane: the request journal and the notification journal (/_mock/requests, /_mock/pages)."""

from __future__ import annotations

from ...schemas.journal import JournalQuery
from ...schemas.policies import PagesQuery
from .. import present_oncall
from ..context import current_store
from ..parsing import parse_query
from ..responses import data
from . import control

JOURNAL = JournalQuery()


@control.get("/requests")
def list_requests():
    """The request journal, oldest first: `{"data": {"requests": [...]}}`; `?limit=N` keeps the last N."""
    query = parse_query(JOURNAL)
    return data({"requests": current_store().list_requests(limit=query["limit"])})


PAGES = PagesQuery()


@control.get("/pages")
def list_pages():
    """The notification journal, oldest first: `{"data": {"pages": [...]}}`; `?incidentId=` / `?orgId=` filter it."""
    query = parse_query(PAGES)
    return data({"pages": [present_oncall.page(p) for p in current_store().list_pages(**query)]})
