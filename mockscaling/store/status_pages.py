"""Public status pages (contract §4): page records, admin overrides and the derived public view."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from .. import chosen
from ..domain import errors
from ..domain.models import COMPONENT_STATUSES, Component, Incident, StatusPage, Update
from ..domain.timefmt import format_time
from .base import StoreBase, locked, mutating
from .facets import resolved_at as incident_resolved_at
from .uptime import component_uptime, uptime_window_start

SLUG_PATTERN = re.compile(chosen.STATUS_PAGE_SLUG_PATTERN)


def worst_status(statuses: list[str]) -> str:
    """The banner for component statuses: the worst non-maintenance one; `maintenance` when that is operational
    and some component is in maintenance (§6.1.5).

    Example::

        worst_status(["operational", "maintenance", "degraded"])  # 'degraded'
        worst_status(["operational", "maintenance"])              # 'maintenance'
    """
    rank = chosen.COMPONENT_STATUS_RANK
    counted = [status for status in statuses if status != "maintenance"]
    worst = max(counted, key=rank.__getitem__, default="operational")
    return "maintenance" if worst == "operational" and "maintenance" in statuses else worst


def public_timeline(incident: Incident) -> list[dict[str, Any]]:
    """The incident's updates as a customer sees them, newest first (§4 filtering)."""
    rows = []
    # Updates are appended in posting order, so the list index breaks ties between equal timestamps.
    ordered = sorted(enumerate(incident.updates), key=lambda pair: (pair[1].posted_at, pair[0]), reverse=True)
    for _, update in ordered:
        row = _public_row(update)
        if row is not None:
            rows.append(row)
    return rows


def _public_updated_at(incident: Incident) -> datetime:
    """The latest instant of a public event: creation or a row of the public timeline (issue 12).

    The incident's own updatedAt also moves on internal notes, acknowledgements, hand-offs and tagging,
    which would tell the public page's readers about internal activity.
    """
    shown = [update.posted_at for update in incident.updates if _public_row(update) is not None]
    return max([incident.created_at, *shown])


def _public_row(update: Update) -> dict[str, Any] | None:
    if update.visibility == "public":
        # A redacted public update stays in the timeline, without its body.
        return {"id": update.id, "postedAt": format_time(update.posted_at), "statusChange": update.status_change,
                "body": update.body, "redacted": update.redacted_at is not None}
    if update.status_change is not None:
        # Internal update: only the bare fact that the status changed; never its body (e.g. a resolution
        # note), nor whether it was redacted.
        return {"id": update.id, "postedAt": format_time(update.posted_at), "statusChange": update.status_change,
                "body": None, "redacted": False}
    return None


class StatusPageRules(StoreBase):
    """Status pages of contract §4, managed through the control plane (§5) and the seed."""

    # ---- lookups ---------------------------------------------------------------------------------
    def _page_by_slug(self, slug: str) -> StatusPage:
        for key in self.status_pages.keys_in_group(slug):  # slugs are unique: at most one, and no walk
            return self.status_pages[key]
        raise errors.NotFound("Status page not found.")

    def _org_component(self, org_id: str, ref: str) -> Component:
        """A component of `org_id` by id or by name (the seed format also names components)."""
        component = self.components.get(ref)
        if component is not None and component.org_id == org_id:
            return component
        for component in self.components.of_org(org_id):
            if component.name == ref:
                return component
        raise errors.InvalidComponentId(f"No component {ref!r} in this organization.")

    def _page_component_ids(self, org_id: str, refs: list[str]) -> list[str]:
        ids = [self._org_component(org_id, ref).id for ref in refs]
        if len(set(ids)) != len(ids):
            raise errors.DuplicateComponentId()
        return ids

    def _check_slug(self, slug: str, except_id: str | None = None) -> None:
        if not SLUG_PATTERN.fullmatch(slug):
            raise errors.ValidationFailed(f"slug: Must match {chosen.STATUS_PAGE_SLUG_PATTERN}.")
        if any(key != except_id for key in self.status_pages.keys_in_group(slug)):
            raise errors.NameConflict(f"A status page with slug {slug!r} already exists.")

    # ---- management (control plane) --------------------------------------------------------------
    @locked
    def list_status_pages(self) -> list[StatusPage]:
        """Every status page of every organization, by slug.

        Example::

            [page.slug for page in store.list_status_pages()]  # ['acme']
        """
        return sorted(self.status_pages.values(), key=lambda page: page.slug)

    @locked
    def get_status_page(self, slug: str) -> StatusPage:
        """One status page record (published or not), or 404."""
        return self._page_by_slug(slug)

    @mutating
    def create_status_page(
        self, org_id: str, slug: str, name: str, published: bool | None = True, component_ids: list[str] | None = None
    ) -> StatusPage:
        """Add a status page (published unless `published` is False); `component_ids` may name components by id or name.

        Example::

            store.create_status_page("org_acme", "internal", "Internal", published=False, component_ids=["Database"])
        """
        if org_id not in self.organizations:
            raise errors.NotFound("Organization not found.")
        self._check_slug(slug)
        page = StatusPage(
            id=self.ids.uuid(), org_id=org_id, slug=slug, name=name, published=published is not False,
            component_ids=self._page_component_ids(org_id, list(component_ids or [])),
        )
        self.status_pages[page.id] = page
        return page

    @mutating
    def update_status_page(
        self,
        slug: str,
        *,
        new_slug: str | None = None,
        name: str | None = None,
        published: bool | None = None,
        component_ids: list[str] | None = None,
    ) -> StatusPage:
        """Change the given fields (None = keep); overrides of components no longer shown are dropped.

        Example::

            store.update_status_page("acme", published=False)
        """
        page = self._page_by_slug(slug)
        if new_slug is not None:
            self._check_slug(new_slug, except_id=page.id)
        selected = self._page_component_ids(page.org_id, component_ids) if component_ids is not None else None
        if new_slug is not None:
            # A new record, not an edit in place: the table files pages under their slug (store/grouped_tables.py).
            page = replace(page, slug=new_slug)
            self.status_pages[page.id] = page
        if name is not None:
            page.name = name
        if published is not None:
            page.published = published
        if selected is not None:
            page.component_ids = selected
            page.overrides = {cid: status for cid, status in page.overrides.items() if cid in selected}
        return page

    @mutating
    def set_component_override(self, slug: str, component: str, status: str | None) -> StatusPage:
        """Set (or with None clear) an admin's manual status for a component shown on the page.

        Example::

            store.set_component_override("acme", "API", "maintenance")
            store.set_component_override("acme", "API", None)
        """
        page = self._page_by_slug(slug)
        component_id = self._org_component(page.org_id, component).id
        if component_id not in page.component_ids:
            raise errors.InvalidComponentId("The component is not shown on this status page.")
        if status is None:
            page.overrides.pop(component_id, None)
        elif status not in COMPONENT_STATUSES:
            raise errors.ValidationFailed(f"status: Must be one of: {', '.join(COMPONENT_STATUSES)}.")
        else:
            page.overrides[component_id] = status
        return page

    # ---- the public view -------------------------------------------------------------------------
    def _component_status(self, page: StatusPage, component: Component, now: datetime, incident_statuses: dict[str, str]) -> str:
        """The page's own override, else the component's operationalStatus (the one derivation, store/components.py)."""
        override = page.overrides.get(component.id)
        if override is not None:
            return override
        return self._operational_status(component, now, incident_statuses)  # type: ignore[attr-defined]

    def _public_incident(self, page: StatusPage, incident: Incident) -> dict[str, Any]:
        shown = [cid for cid in incident.component_ids if cid in page.component_ids]
        resolved_at = incident_resolved_at(incident)
        return {
            "id": incident.id,
            "title": incident.title,
            "severity": incident.severity,
            "status": incident.status,
            "createdAt": format_time(incident.created_at),
            "updatedAt": format_time(_public_updated_at(incident)),
            "resolvedAt": format_time(resolved_at) if resolved_at else None,
            "affectedComponents": [{"id": cid, "name": self.components[cid].name} for cid in shown if cid in self.components],
            "timeline": public_timeline(incident),
        }

    @locked
    def status_page_view(self, slug: str) -> dict[str, Any]:
        """What a customer sees on /status/<slug>, as JSON-able data; 404 unless published.

        Example::

            store.status_page_view("acme")["status"]  # 'operational'
        """
        page = self._page_by_slug(slug)
        if not page.published:
            raise errors.NotFound("Status page not found.")
        now = self.now()
        components = []
        incident_statuses = self._incident_statuses(page.org_id)  # type: ignore[attr-defined]
        for component_id in page.component_ids:
            component = self.components.get(component_id)
            if component is None:
                continue
            components.append({
                "id": component.id, "name": component.name, "groupLabel": component.group_label,
                "status": self._component_status(page, component, now, incident_statuses),
            })
        groups: dict[str | None, list[dict[str, Any]]] = {}
        for component in components:
            groups.setdefault(component["groupLabel"], []).append(component)
        # Only the incidents the page shows are read, from the indexes of open and resolved incidents per
        # component (store/facets.py); an uptime bar needs, besides the resolutions inside its window, only
        # the earliest open incident of each severity (the others lie inside its span).
        window_start = uptime_window_start(now)
        for component in components:
            spans = [*self.incidents.earliest_open(page.org_id, component["id"]),
                     *self.incidents.resolved_tagging(page.org_id, [component["id"]], window_start)]
            component["uptime"] = component_uptime(spans, now)
        active = self.incidents.open_tagging(page.org_id, page.component_ids)
        recent = list(self.incidents.resolved_tagging(page.org_id, page.component_ids, now - chosen.STATUS_PAGE_HISTORY))
        return {
            "page": {"slug": page.slug, "name": page.name},
            "status": worst_status([component["status"] for component in components]),
            "generatedAt": format_time(now),
            "components": components,
            "groups": [{"label": label, "components": members} for label, members in groups.items()],
            "activeIncidents": [self._public_incident(page, incident) for incident in active],
            "history": [self._public_incident(page, incident) for incident in recent],
        }
