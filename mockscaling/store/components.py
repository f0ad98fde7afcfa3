"""Component catalog rules: CRUD with unique names, the paginated list, operational status and maintenance."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from .. import chosen
from ..domain import errors
from ..domain.models import COMPONENT_STATUSES, Component, MaintenanceWindow
from ..schemas.patch import apply_patch, check_patch
from ..domain.timefmt import format_time, parse_datetime
from .base import Principal, StoreBase, locked, mutating
from .status_pages import worst_status
from .tables import first_matches

# The fields PATCH /v1/components/{id} may change, and those null clears (merge-patch, §6.1.6).
UPDATABLE_FIELDS = frozenset({"name", "description", "group_label", "aliases"})
NULLABLE_FIELDS = frozenset({"description", "group_label"})


def encode_component_cursor(component: Component) -> str:
    """An opaque cursor pointing just below `component` in newest-first order."""
    key = [component.sequence, format_time(component.created_at), component.id]
    raw = json.dumps({chosen.CURSOR_FIELD: key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_component_cursor(cursor: str) -> tuple[int, datetime, str]:
    """The order key a cursor points below; 422 invalid_query when it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        sequence, created_at, component_id = json.loads(raw)[chosen.CURSOR_FIELD]
        if type(sequence) is not int or not isinstance(component_id, str):
            raise TypeError("bad cursor")
        return sequence, parse_datetime(created_at), component_id
    except (binascii.Error, ValueError, TypeError, KeyError, IndexError, RecursionError, AttributeError) as exc:
        raise errors.ValidationFailed("cursor: Not a valid cursor.", code=chosen.VALIDATION_CODE_QUERY) from exc


class ComponentRules(StoreBase):
    """Components of contract §3 and §6.2."""

    _next_component_sequence: int | None = None

    def _clear_hooks(self) -> list[Any]:
        def forget_sequence() -> None:
            self._next_component_sequence = None  # recomputed from the records on the next create

        return [*super()._clear_hooks(), forget_sequence]

    def _take_component_sequence(self) -> int:
        if self._next_component_sequence is None:
            # dict.values: a plain read, so a tracked mutation (state file) does not count every component as touched.
            self._next_component_sequence = max((c.sequence for c in dict.values(self.components)), default=0) + 1
        sequence = self._next_component_sequence
        self._next_component_sequence += 1
        return sequence

    def _check_component_name(self, org_id: str, name: str, except_id: str | None = None) -> None:
        self._check_unique_name(self._of_org(self.components, org_id), name, "A component", except_id)

    # ---- operational status (one derivation, also used by the status pages) ------------------------
    def _incident_statuses(self, org_id: str) -> dict[str, str]:
        """Component id -> the worst status its open incidents give it (§4 mapping).

        Read from the index of open incidents per (component, severity) (store/facets.py): the cost is the
        number of tagged components, not of incidents.
        """
        found: dict[str, list[str]] = {}
        for component_id, severity in self.incidents.open_facets(org_id):
            found.setdefault(component_id, []).append(chosen.SEVERITY_COMPONENT_STATUS[severity])
        return {component_id: worst_status(statuses) for component_id, statuses in found.items()}

    @staticmethod
    def _active_window(component: Component, now: datetime) -> MaintenanceWindow | None:
        window = component.maintenance_window
        if window is None or window.started_at > now or (window.ends_at is not None and window.ends_at <= now):
            return None
        return window

    def _operational_status(self, component: Component, now: datetime, incident_statuses: dict[str, str] | None = None) -> str:
        """Maintenance window, else manual status, else open incidents, else operational (chosen/)."""
        if self._active_window(component, now) is not None:
            return "maintenance"
        if component.manual_status is not None:
            return component.manual_status
        statuses = incident_statuses if incident_statuses is not None else self._incident_statuses(component.org_id)
        return statuses.get(component.id, "operational")

    @locked
    def component_view(self, component: Component) -> dict[str, Any]:
        """The derived fields of a component right now: `operational_status` and the active `maintenance_window`.

        Example::

            store.component_view(component)["operational_status"]   # 'operational'
        """
        return self._component_view(component)

    def _component_view(self, component: Component, incident_statuses: dict[str, str] | None = None) -> dict[str, Any]:
        now = self.now()
        return {
            "operational_status": self._operational_status(component, now, incident_statuses),
            "maintenance_window": self._active_window(component, now),
        }

    # ---- the API ---------------------------------------------------------------------------------
    @locked
    def list_components(
        self, principal: Principal, limit: int = 20, cursor: str | None = None
    ) -> tuple[list[tuple[Component, dict[str, Any]]], str | None]:
        """A page of (component, derived view) pairs, newest first, and the next page's cursor (None on the last).

        Example::

            rows, next_cursor = store.list_components(principal, limit=100)
        """
        before = decode_component_cursor(cursor) if cursor is not None else None
        # The organization's components sorted by creation (store/tables.py): a bisection and the page.
        page, more = first_matches(self.components.newest_below(principal.org_id, before), limit)
        statuses = self._incident_statuses(principal.org_id)
        next_cursor = encode_component_cursor(page[-1]) if more else None
        return [(component, self._component_view(component, statuses)) for component in page], next_cursor

    @locked
    def get_component(self, principal: Principal, component_id: str) -> Component:
        """One component, or 404."""
        return self._in_org(self.components, component_id, principal, "Component")

    @mutating
    def create_component(
        self,
        principal: Principal,
        name: str,
        description: str | None = None,
        group_label: str | None = None,
        aliases: list[str] | None = None,
        component_id: str | None = None,
    ) -> Component:
        """Add a component; names are unique in the organization (409 name_conflict).

        Example::

            store.create_component(principal, name="Search")
        """
        self._check_component_name(principal.org_id, name)
        if component_id is not None and component_id in self.components:
            # A given id must be new: reusing one would overwrite a component, possibly another organization's.
            raise errors.NameConflict(f"A component with id {component_id!r} already exists.")
        now = self.now()
        component = Component(
            id=component_id or self.ids.uuid(),
            org_id=principal.org_id,
            name=name,
            description=description,
            group_label=group_label,
            aliases=list(aliases or []),
            created_at=now,
            updated_at=now,
            sequence=self._take_component_sequence(),
        )
        self.components[component.id] = component
        return component

    @mutating
    def update_component(self, principal: Principal, component_id: str, **changes: Any) -> Component:
        """Change the given fields of a component (PATCH: absent keeps, None clears description/group_label).

        Example::

            store.update_component(principal, component.id, description=None, aliases=["search"])
        """
        unknown = set(changes) - UPDATABLE_FIELDS
        if unknown:  # only the PATCH body's fields; never org_id, id or timestamps
            raise TypeError(f"update_component() got unexpected fields {sorted(unknown)}")
        check_patch(changes, nullable=NULLABLE_FIELDS)
        component = self._in_org(self.components, component_id, principal, "Component")
        if "name" in changes:
            self._check_component_name(principal.org_id, changes["name"], except_id=component.id)
        apply_patch(component, changes, nullable=NULLABLE_FIELDS, convert={"aliases": list})
        component.updated_at = self.now()
        return component

    @mutating
    def delete_component(self, principal: Principal, component_id: str) -> None:
        """Remove a component and untag it from incidents (touching their updatedAt) and status pages."""
        component = self._in_org(self.components, component_id, principal, "Component")
        self._check_component_unintegrated(component.org_id, component.id)  # 409 in_use (store/integrations.py)
        del self.components[component.id]
        now = self.now()
        # The component's own index list, not a walk of the organization (a list first: untagging edits it).
        for tagged in self.incidents.tagging(component.org_id, component.id):
            incident = self.incidents[tagged.id]  # touched: a state file saves it
            with self.incidents.changing(incident):
                incident.component_ids = [c for c in incident.component_ids if c != component.id]
            incident.updated_at = now  # §2: updatedAt changes on every mutation of the incident
        for page in self.status_pages.of_org(component.org_id):
            if component.id in page.component_ids:
                page.component_ids = [c for c in page.component_ids if c != component.id]
            page.overrides.pop(component.id, None)

    # ---- control plane (no API key: component by id, any organization) -----------------------------
    def _any_component(self, component_id: str) -> Component:
        component = self.components.get(component_id)
        if component is None:
            raise errors.NotFound("Component not found.")
        return component

    @mutating
    def set_component_status(self, component_id: str, status: str | None) -> Component:
        """Set (or with None clear) a component's manual status; an active maintenance window still wins.

        Example::

            store.set_component_status(component.id, "degraded")
        """
        component = self._any_component(component_id)
        if status is not None and status not in COMPONENT_STATUSES:
            raise errors.ValidationFailed(f"status: Must be one of: {', '.join(COMPONENT_STATUSES)}.")
        component.manual_status = status
        return component

    @mutating
    def set_maintenance_window(
        self, component_id: str, started_at: datetime | None = None, ends_at: datetime | None = None
    ) -> Component:
        """Put a component in maintenance from `started_at` (default now) until `ends_at` (None: open-ended).

        Example::

            store.set_maintenance_window(component.id, ends_at=store.now() + timedelta(hours=1))
        """
        component = self._any_component(component_id)
        start = started_at if started_at is not None else self.now()
        if ends_at is not None and ends_at <= start:
            raise errors.ValidationFailed("endsAt: Must be later than startedAt.")
        component.maintenance_window = MaintenanceWindow(started_at=start, ends_at=ends_at)
        return component

    @mutating
    def clear_maintenance_window(self, component_id: str) -> Component:
        """End a component's maintenance window (no-op when it has none).

        Example::

            store.clear_maintenance_window(component.id)
        """
        component = self._any_component(component_id)
        component.maintenance_window = None
        return component
