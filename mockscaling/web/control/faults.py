"""Control plane: fault plans that make the API misbehave on demand (/_mock/faults)."""

from __future__ import annotations

from ...schemas.frontend import FaultBody
from ..context import current_store
from ..parsing import parse_body
from ..responses import data
from . import control

FAULT = FaultBody()


@control.post("/faults")
def add_fault():
    """Add a fault plan (see FaultBody); answers the plan with its id."""
    body = parse_body(FAULT)
    plan = current_store().add_fault(
        body["path"] or "*", method=body["method"] or "*", status=body["status"], retry_after=body["retry_after"],
        latency_ms=body["latency_ms"] or 0, count=body["count"], probability=body["probability"],
        seed=body["seed"], message=body["message"], network=body["network"], org_id=body["org_id"],
        api_key=body["api_key"], tool=body["tool"], is_error=body["is_error"],
    )
    return data(plan.as_dict(), 201)


@control.get("/faults")
def list_faults():
    """Every fault plan, with how often it fired and how many firings remain."""
    return data(current_store().list_faults())


@control.delete("/faults")
def clear_faults():
    """Remove every fault plan."""
    return data({"cleared": current_store().clear_faults()})


@control.delete("/faults/<fault_id>")
def remove_fault(fault_id: str):
    """Remove one fault plan."""
    current_store().remove_fault(fault_id)
    return data({"removed": fault_id})
