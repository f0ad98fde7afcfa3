"""What the live console at `/` shows: every organization's incidents by status, the journals, faults, the clock."""

from __future__ import annotations

from typing import Any

from .. import chosen
from ..domain.models import STATUSES, Incident
from .base import StoreBase, locked


class ConsoleRules(StoreBase):
    """A read-only snapshot for mockscaling's own console (not part of Scaling's API)."""

    @locked
    def console_view(self) -> dict[str, Any]:
        """Organizations with their newest incidents per status, the latest requests and pages, faults, clock.

        Each list is capped (chosen.CONSOLE_*), so the console stays cheap on a big store: the incident walk
        reads each organization newest first and stops once every status has its share.

        Example::

            view = store.console_view()
            [org["name"] for org in view["organizations"]]
        """
        organizations = []
        for org in self.organizations.values():
            by_status: dict[str, list[Incident]] = {status: [] for status in STATUSES}
            for incident in self.incidents.newest_first(org.id):
                bucket = by_status[incident.status]
                if len(bucket) < chosen.CONSOLE_INCIDENTS_PER_STATUS:
                    bucket.append(incident)
                elif all(len(found) >= chosen.CONSOLE_INCIDENTS_PER_STATUS for found in by_status.values()):
                    break
            organizations.append({"org": org, "incidents": by_status})
        return {
            "now": self.now(),
            "frozen": self.clock.frozen,
            "organizations": organizations,
            "requests": self.recent_requests(chosen.CONSOLE_JOURNAL_ROWS),
            "pages": list(reversed(self.pages[-chosen.CONSOLE_JOURNAL_ROWS:])),
            "faults": list(self.faults),
        }

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
