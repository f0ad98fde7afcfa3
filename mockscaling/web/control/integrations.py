"""Control plane: inbound integrations and the alerts they receive (/_mock/integrations, contract §6.2)."""

from __future__ import annotations

from ...schemas.routing import AlertBody, IntegrationCreateBody
from .. import present_routing
from ..context import current_store
from ..parsing import parse_body, path_uuid
from ..responses import data
from . import control

CREATE_INTEGRATION = IntegrationCreateBody()
ALERT = AlertBody()


@control.get("/integrations")
def list_all_integrations():
    """Every inbound integration of every organization: `{"data": {"integrations": [...]}}`."""
    return data({"integrations": [present_routing.integration(item) for item in current_store().all_integrations()]})


@control.post("/integrations")
def create_integration():
    """Provision an inbound integration: name, componentId, routingPolicyId (optional), selectors (optional)."""
    body = parse_body(CREATE_INTEGRATION)
    return data(present_routing.integration(current_store().create_integration(**body)), 201)


@control.post("/integrations/<integration_id>/alerts")
def ingest_alert(integration_id: str):
    """Send one alert (severity, title, attributes) and answer what routing did with it."""
    integration_id = path_uuid("id", integration_id)
    body = parse_body(ALERT)
    routed = current_store().ingest_alert(integration_id, **body)
    return data(present_routing.alert_routing(routed))
