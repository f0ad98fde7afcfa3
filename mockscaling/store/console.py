"""What the live console at `/` shows: every organization's incidents by status, the journals, faults, the clock."""

from __future__ import annotations

from itertools import islice
from typing import Any

from .. import chosen
from ..domain.models import STATUSES, Incident
from .base import Principal, StoreBase, locked


class ConsoleRules(StoreBase):
    """A read-only snapshot for mockscaling's own console (not part of Scaling's API)."""

    @locked
    def console_view(self) -> dict[str, Any]:
        """Organizations with their newest incidents per status, the latest requests and pages, faults, clock.

        Each list is capped (chosen.CONSOLE_*), so the console stays cheap on a big store: each column reads
        the head of its status's index list and counts the rest without reading it.

        Example::

            view = store.console_view()
            [org["name"] for org in view["organizations"]]
        """
        organizations = []
        shown = list(islice(dict.values(self.organizations), chosen.CONSOLE_ORGANIZATIONS))
        for org in shown:
            # Each column is the head of the status's index list and its length: the page's size and cost
            # stay the same however many incidents the organization holds.
            by_status = {
                status: list(islice(self.incidents.newest_in(org.id, ("status", status)), chosen.CONSOLE_INCIDENTS_PER_STATUS))
                for status in STATUSES
            }
            counts = {status: self.incidents.count(org.id, ("status", status)) for status in STATUSES}
            organizations.append({"org": org, "incidents": by_status, "counts": counts})
        return {
            "now": self.now(),
            "frozen": self.clock.frozen,
            "organizations": organizations,
            "more_organizations": len(self.organizations) - len(shown),
            "requests": self.recent_requests(chosen.CONSOLE_JOURNAL_ROWS),
            "pages": list(reversed(self.pages[-chosen.CONSOLE_JOURNAL_ROWS:])),
            "faults": list(self.faults),
        }

    @locked
    def peek_incidents(self, org_id: str, **query: Any) -> tuple[list[Incident], str | None]:
        """Any organization's list of incidents, without an API key (the console's "N more" links), or 404.

        Takes the query of `list_incidents` (limit, cursor, status, severity, from_date, to_date).

        Example::

            page, next_cursor = store.peek_incidents("org_acme", status="resolved", limit=100)
        """
        from ..domain import errors

        if org_id not in self.organizations:
            raise errors.NotFound("Organization not found.")
        return self.list_incidents(Principal(org_id=org_id, user_id="", role=""), **query)

    @locked
    def peek_incident(self, incident_id: str) -> Incident:
        """Any organization's incident, without an API key (the console's JSON links), or 404.

        Example::

            store.peek_incident(incident_id).title
        """
        from ..domain import errors

        incident = self.incidents.get(incident_id)
        if incident is None:
            raise errors.NotFound("Incident not found.")
        return incident
