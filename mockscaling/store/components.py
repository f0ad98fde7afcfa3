"""Component catalog rules: CRUD with unique names per organization."""

from __future__ import annotations

from typing import Any

from .. import errors
from ..models import Component
from ..schemas.patch import apply_patch
from .base import Principal, StoreBase, locked, mutating

# The fields PATCH /v1/components/{id} may change, and those null clears (merge-patch, §6.1.6).
UPDATABLE_FIELDS = frozenset({"name", "description", "group_label", "aliases"})
NULLABLE_FIELDS = frozenset({"description", "group_label"})


class ComponentRules(StoreBase):
    """Components of contract §3."""

    def _check_component_name(self, org_id: str, name: str, except_id: str | None = None) -> None:
        self._check_unique_name(self._of_org(self.components, org_id), name, "A component", except_id)

    @locked
    def list_components(self, principal: Principal) -> list[Component]:
        """The organization's components, oldest first."""
        return self._of_org(self.components, principal.org_id)

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
        )
        self.components[component.id] = component
        return component

    @mutating
    def update_component(self, principal: Principal, component_id: str, **changes: Any) -> Component:
        """Change the given fields of a component (merge-patch: None clears description or group_label)."""
        unknown = set(changes) - UPDATABLE_FIELDS
        if unknown:  # only the PATCH body's fields; never org_id, id or timestamps
            raise TypeError(f"update_component() got unexpected fields {sorted(unknown)}")
        component = self._in_org(self.components, component_id, principal, "Component")
        if changes.get("name") is not None:
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
        for incident in self.incidents.scan(component.org_id):
            if component.id in incident.component_ids:
                incident = self.incidents[incident.id]  # touched: a state file saves it
                incident.component_ids = [c for c in incident.component_ids if c != component.id]
                incident.updated_at = now  # §2: updatedAt changes on every mutation of the incident
        for page in self.status_pages.of_org(component.org_id):
            if component.id in page.component_ids:
                page.component_ids = [c for c in page.component_ids if c != component.id]
            page.overrides.pop(component.id, None)
