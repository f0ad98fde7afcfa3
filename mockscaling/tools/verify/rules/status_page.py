"""Public status page rules (contract §4), run when `--status-url` names a published page."""

from __future__ import annotations

import requests

from ..client import Client, check
from ..registry import rule

COMPONENT_STATUSES = {"operational", "degraded", "partial_outage", "major_outage", "maintenance"}


def _json(client: Client) -> dict:
    client.need("status_url")
    response = requests.get(f"{client.status_url}.json", timeout=client.timeout)
    check(response.status_code == 200, f"GET {client.status_url}.json answered {response.status_code}")
    return response.json()


@rule("status_page.json", "[docs] §4 Status pages (JSON chosen)", read_only=True, needs=("status_url",))
def page_json(client: Client) -> None:
    """GET <page>.json without a key: 200; the banner and every component status are from the five values."""
    page = _json(client)
    check(page.get("status") in COMPONENT_STATUSES, f"banner {page.get('status')!r}")
    check(all(c.get("status") in COMPONENT_STATUSES for c in page.get("components", [])), "a component status outside the five")


@rule("status_page.open_incident_shows", "[docs] §4 Status pages (component status from open incidents)",
      needs=("status_url",))
def open_incident_shows(client: Client) -> None:
    """A critical incident on a selected component makes it major_outage and lists the incident; resolving clears it."""
    component = next(iter(_json(client).get("components", [])), None)
    check(component is not None, "the page selects no component")
    incident = client.new_incident("status page outage", severity="critical", componentIds=[component["id"]])
    page = _json(client)
    shown = {c["id"]: c["status"] for c in page["components"]}
    check(shown.get(component["id"]) == "major_outage", f"component status {shown.get(component['id'])}")
    check(incident["id"] in str(page.get("activeIncidents")), "the open incident is not listed")
    for status in ("identified", "monitoring", "resolved"):
        client.ok(client.move(incident["id"], status))
    check(incident["id"] not in str(_json(client).get("activeIncidents")), "a resolved incident is still active")


@rule("status_page.html", "[docs] §4 Status pages", read_only=True, needs=("status_url",))
def page_html(client: Client) -> None:
    """GET <page> without a key: 200 HTML."""
    client.need("status_url")
    response = requests.get(client.status_url or "", timeout=client.timeout)
    check(response.status_code == 200 and "html" in response.headers.get("Content-Type", ""),
          f"GET {client.status_url} answered {response.status_code} {response.headers.get('Content-Type')}")


@rule("status_page.unknown_slug", "[docs] §4 Status pages (unknown slug)", read_only=True, needs=("status_url",))
def unknown_slug(client: Client) -> None:
    """An unknown slug: 404."""
    client.need("status_url")
    base = (client.status_url or "").rsplit("/", 1)[0]
    response = requests.get(f"{base}/mockscaling-verify-no-such-page.json", timeout=client.timeout)
    check(response.status_code == 404, f"an unknown slug answered {response.status_code}")


@rule("status_page.no_staff_fields", "[docs] §4 Status pages (never shown)", needs=("status_url",))
def no_staff_fields(client: Client) -> None:
    """A resolution note and an internal update body never appear on the page."""
    client.need("status_url")
    component = next(iter(_json(client).get("components", [])), None)
    check(component is not None, "the page selects no component")
    incident = client.new_incident("status page privacy", componentIds=[component["id"]])
    client.post(f"/incidents/{incident['id']}/updates", {"visibility": "internal", "body": f"internal {client.token}"}, 201)
    client.ok(client.move(incident["id"], "identified", resolutionNote=f"note {client.token}"))
    page = _json(client)
    check(incident["id"] in str(page.get("activeIncidents")), "the incident is not on the page, so the check would prove nothing")
    check(client.token not in str(page), "the page shows a resolution note or an internal body")
