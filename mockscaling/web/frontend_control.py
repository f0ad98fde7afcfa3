"""Control-plane endpoints for frontend work: status pages, their overrides, and fault plans (/_mock)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..models import StatusPage
from ..schemas.frontend import FaultBody, OverrideBody, StatusPageCreateBody, StatusPageUpdateBody
from .context import current_store
from .parsing import parse_body
from .responses import data

frontend_control = Blueprint("mock_frontend", __name__)

CREATE_PAGE = StatusPageCreateBody()
UPDATE_PAGE = StatusPageUpdateBody()
OVERRIDE = OverrideBody()
FAULT = FaultBody()


def status_page_record(page: StatusPage) -> dict[str, Any]:
    """A status page as the control plane shows it (staff view: includes unpublished pages and overrides)."""
    return {
        "id": page.id, "orgId": page.org_id, "slug": page.slug, "name": page.name, "published": page.published,
        "componentIds": list(page.component_ids), "overrides": dict(page.overrides),
    }


# ---- status pages --------------------------------------------------------------------------------
@frontend_control.get("/status-pages")
def list_status_pages():
    """Every status page of every organization."""
    return data([status_page_record(page) for page in current_store().list_status_pages()])


@frontend_control.post("/status-pages")
def create_status_page():
    """Add a status page: orgId, slug, name, published (default true), componentIds (ids or names)."""
    body = parse_body(CREATE_PAGE)
    published = True if body["published"] is None else body["published"]
    page = current_store().create_status_page(
        body["org_id"], body["slug"], body["name"], published=published, component_ids=body["component_ids"]
    )
    return data(status_page_record(page), 201)


@frontend_control.get("/status-pages/<slug>")
def get_status_page(slug: str):
    """One status page record."""
    return data(status_page_record(current_store().get_status_page(slug)))


@frontend_control.patch("/status-pages/<slug>")
def update_status_page(slug: str):
    """Change slug, name, published or componentIds."""
    body = parse_body(UPDATE_PAGE)
    return data(status_page_record(current_store().update_status_page(slug, **body)))


@frontend_control.put("/status-pages/<slug>/overrides")
def set_component_override(slug: str):
    """Set a component's manual status (`{"componentId", "status"}`); `"status": null` clears it."""
    body = parse_body(OVERRIDE)
    page = current_store().set_component_override(slug, body["component_id"], body["status"])
    return data(status_page_record(page))


@frontend_control.delete("/status-pages/<slug>/overrides/<component>")
def clear_component_override(slug: str, component: str):
    """Clear a component's manual status (component by id or name)."""
    return data(status_page_record(current_store().set_component_override(slug, component, None)))


# ---- faults --------------------------------------------------------------------------------------
@frontend_control.post("/faults")
def add_fault():
    """Add a fault plan (see FaultBody); answers the plan with its id."""
    body = parse_body(FAULT)
    plan = current_store().add_fault(
        body["path"], method=body["method"] or "*", status=body["status"], retry_after=body["retry_after"],
        latency_ms=body["latency_ms"] or 0, count=body["count"], probability=body["probability"],
        seed=body["seed"], message=body["message"],
    )
    return data(plan.as_dict(), 201)


@frontend_control.get("/faults")
def list_faults():
    """Every fault plan, with how often it fired and how many firings remain."""
    return data([plan.as_dict() for plan in current_store().list_faults()])


@frontend_control.delete("/faults")
def clear_faults():
    """Remove every fault plan."""
    return data({"cleared": current_store().clear_faults()})


@frontend_control.delete("/faults/<fault_id>")
def remove_fault(fault_id: str):
    """Remove one fault plan."""
    current_store().remove_fault(fault_id)
    return data({"removed": fault_id})
