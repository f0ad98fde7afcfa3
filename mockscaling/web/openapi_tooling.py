"""What API tools need from the OpenAPI document beyond the contract: servers, tags, descriptions, examples, links.

Spectral's `spectral:oas` ruleset, Prism and schemathesis' stateful phase read these. The builder
(`openapi.py`) states the contract; this module only adds to its output, so the two stay separate.
"""

from __future__ import annotations

import re
from typing import Any

from .openapi_examples import add_examples
from .openapi_links import add_links

SERVERS = [
    {"url": "https://api.scaling.cloud", "description": "Scaling itself (paths carry their /v1 prefix)."},
    {"url": "http://127.0.0.1:5050", "description": "The local fake: `mockscaling serve` (default port)."},
]

# Tag = the path segment after /v1 (see openapi.py); a family without an entry gets a generic description.
TAG_DESCRIPTIONS = {
    "incidents": "Incidents: create, list, move through investigating → identified → monitoring → resolved, "
                 "post and redact updates, acknowledge, hand off, set affected components.",
    "components": "The organization's component catalog (what incidents affect and status pages show).",
    "oncall": "On-call schedules, their rotation layers, and who is on call at a given instant.",
    "escalation": "Escalation policies: who is paged, in which order, after how long without acknowledgement.",
    "team": "Members and invitations of the organization; admin keys only.",
    "users": "Everyone in the organization, readable with any key.",
    "working-hours": "Working-hours sets that escalation steps can be conditioned on.",
    "routing": "Routing policies: what an inbound alert of each severity becomes.",
    "integrations": "Inbound integrations (provisioned out of band) and their routing selectors.",
}

CONTACT = {"name": "mockscaling", "email": "maintainers@mockscaling.invalid"}
LICENSE = {"name": "MIT", "identifier": "MIT"}


def _tag_description(tag: str) -> str:
    return TAG_DESCRIPTIONS.get(tag, f"Operations under /v1/{tag}.")


def _operation_description(operation: dict[str, Any]) -> str:
    """The summary, what success looks like, and the error codes by status, in a few sentences."""
    parts = [operation.get("summary", "").rstrip(".") + "."]
    responses = operation.get("responses", {})
    for status, response in responses.items():
        if status.startswith("2"):
            schema = response.get("content", {}).get("application/json", {}).get("schema", {})
            data = schema.get("properties", {}).get("data", {})
            if "$ref" in data:
                parts.append(f"Success: {status} with `{{\"data\": {data['$ref'].rsplit('/', 1)[-1]}}}`.")
            elif data.get("type") == "array":
                parts.append(f"Success: {status} with `{{\"data\": [...]}}`.")
            else:
                parts.append(f"Success: {status}, no body." if not schema else f"Success: {status}.")
    errors = []
    for status, response in responses.items():
        if not status.startswith("2"):
            codes = re.findall(r"`([a-z_]+)`", response.get("description", ""))
            errors.append(f"{status} ({', '.join(codes)})" if codes else status)
    if errors:
        parts.append("Errors, in the error envelope: " + "; ".join(errors) + ".")
    if "admin" in parts[0].lower() or any("not_authorized`" in r.get("description", "") for r in responses.values()):
        parts.append("Team endpoints need an admin key; a member key gets 401 `not_authorized`.")
    return " ".join(parts)


def add_tooling(document: dict[str, Any]) -> dict[str, Any]:
    """Add servers, contact/license, tag descriptions, operation descriptions, examples and links (in place).

    Example::

        document = add_tooling(_Builder(app).build())
        document["servers"][0]["url"]   # 'https://api.scaling.cloud'
    """
    document["servers"] = SERVERS
    document["info"].setdefault("contact", CONTACT)
    document["info"].setdefault("license", LICENSE)
    used: list[str] = []
    for item in document.get("paths", {}).values():
        for operation in item.values():
            operation.setdefault("description", _operation_description(operation))
            used += [tag for tag in operation.get("tags", []) if tag not in used]
    document["tags"] = [{"name": tag, "description": _tag_description(tag)} for tag in sorted(used)]
    add_examples(document)
    add_links(document)
    ordered = {key: document[key] for key in ("openapi", "info", "servers", "tags") if key in document}
    return {**ordered, **document}
