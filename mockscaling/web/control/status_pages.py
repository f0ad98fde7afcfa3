"""Control plane: status-page records and their component overrides (/_mock/status-pages)."""

from __future__ import annotations

from typing import Any

from ...domain.models import StatusPage
from ...schemas.frontend import OverrideBody, StatusPageCreateBody, StatusPageUpdateBody
from ..context import current_store
from ..parsing import parse_body
from ..responses import data
from . import control


CREATE_PAGE = StatusPageCreateBody()
UPDATE_PAGE = StatusPageUpdateBody()
OVERRIDE = OverrideBody()


def status_page_record(page: StatusPage) -> dict[str, Any]:
    """A status page as the control plane shows it (staff view: includes unpublished pages and overrides)."""
    return {
        "id": page.id, "orgId": page.org_id, "slug": page.slug, "name": page.name, "published": page.published,
        "componentIds": list(page.component_ids), "overrides": dict(page.overrides),
    }


@control.get("/status-pages")
def list_status_pages():
    """Every status page of every organization."""
    return data([status_page_record(page) for page in current_store().list_status_pages()])


@control.post("/status-pages")
def create_status_page():
    """Add a status page: orgId, slug, name, published (default true), componentIds (ids or names)."""
    body = parse_body(CREATE_PAGE)
    page = current_store().create_status_page(
        body["org_id"], body["slug"], body["name"], published=body["published"], component_ids=body["component_ids"]
    )
    return data(status_page_record(page), 201)


@control.get("/status-pages/<slug>")
def get_status_page(slug: str):
    """One status page record."""
    return data(status_page_record(current_store().get_status_page(slug)))


@control.patch("/status-pages/<slug>")
def update_status_page(slug: str):
    """Change slug, name, published or componentIds."""
    body = parse_body(UPDATE_PAGE)
    return data(status_page_record(current_store().update_status_page(slug, **body)))


@control.put("/status-pages/<slug>/overrides")
def set_component_override(slug: str):
    """Set a component's manual status (`{"componentId", "status"}`); `"status": null` clears it."""
    body = parse_body(OVERRIDE)
    page = current_store().set_component_override(slug, body["component_id"], body["status"])
    return data(status_page_record(page))


@control.delete("/status-pages/<slug>/overrides/<component>")
def clear_component_override(slug: str, component: str):
    """Clear a component's manual status (component by id or name)."""
    return data(status_page_record(current_store().set_component_override(slug, component, None)))
