"""Control plane: the request journal and the notification journal (/_mock/requests, /_mock/pages)."""

from __future__ import annotations

from ...schemas.journal import JournalQuery
from ...schemas.policies import PagesQuery
from ..context import current_store
from ..parsing import parse_query
from ..responses import data
from . import control

JOURNAL = JournalQuery()


@control.get("/requests")
def list_requests():
    """The request journal, oldest first: `{"data": {"requests": [...]}}`; `?limit=N` keeps the last N,
    `?include=control` lists /_mock requests too."""
    query = parse_query(JOURNAL)
    requests = current_store().list_requests(limit=query["limit"], include_control=query["include"] == "control")
    return data({"requests": requests})


PAGES = PagesQuery()


@control.get("/pages")
def list_pages():
    """The notification journal, oldest first: `{"data": {"pages": [...]}}`; `?incidentId=` / `?orgId=` filter it."""
    query = parse_query(PAGES)
    return data({"pages": current_store().list_pages(**query)})
