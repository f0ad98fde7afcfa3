"""Scenario seeds made by code when first loaded, rather than shipped as big files: `busy-org`.

The description below is compact; the seed it expands to is an ordinary format-2 seed (validated and
replayed through the rules like any other), the same on every run (a fixed random seed).
"""

from __future__ import annotations

import random
from typing import Any

from .. import chosen

# busy-org: the default seed's Acme with BUSY_ORG_INCIDENTS incidents over the last 180 days; the newest
# few are still open, the others resolved, severities and components drawn with fixed weights.
BUSY_ORG = {
    "incidents": chosen.BUSY_ORG_INCIDENTS,
    "days": 180,
    "open": 12,
    "owners": ["user_bob", "user_cy", "user_ada"],
    "components": [["API"], ["Database"], ["Web app"], ["API", "Database"], ["API", "Web app"], []],
    "severities": {"low": 40, "medium": 35, "high": 20, "critical": 5},
    "subjects": ["Checkout", "Login", "Search", "Webhooks", "Exports", "Billing", "Notifications", "Reports"],
    "symptoms": ["errors", "is slow", "times out", "returns stale data", "is unavailable", "drops events"],
}


def _busy_org() -> dict[str, Any]:
    draw = random.Random(chosen.BUSY_ORG_RANDOM_SEED)
    spec = BUSY_ORG
    severities, weights = zip(*spec["severities"].items(), strict=True)
    minutes_back = spec["days"] * 24 * 60
    incidents = []
    count = spec["incidents"]
    for n in range(count):
        # Oldest first, evenly spread with some jitter; each minute offset is unique so the order is stable.
        age = minutes_back - (n * minutes_back) // count - draw.randrange(0, max(1, minutes_back // count // 2))
        age = max(age, count - n)
        incident: dict[str, Any] = {
            "title": f"{draw.choice(spec['subjects'])} {draw.choice(spec['symptoms'])}",
            "severity": draw.choices(severities, weights)[0],
            "owner": draw.choice(spec["owners"]),
            "components": draw.choice(spec["components"]),
            "createdAt": f"now-{age}m",
        }
        if n < count - spec["open"]:
            steps = sorted(draw.sample(range(1, min(age, 600)), 3)) if age > 3 else [1, 1, 1]
            incident["history"] = [
                {"status": status, "at": f"now-{max(age - step, 0)}m"}
                for status, step in zip(("identified", "monitoring", "resolved"), steps, strict=True)
            ]
        incidents.append(incident)
    return {
        "version": 2,
        "description": "The default seed with 500 incidents over the last 180 days (the newest 12 open).",
        "extends": "default",
        "organizations": [{"id": "org_acme", "incidents": incidents}],
    }


GENERATORS = {"busy-org": _busy_org}


def generated_seed(name: str) -> dict[str, Any]:
    """The seed document of a generated scenario.

    Example::

        assert len(generated_seed("busy-org")["organizations"][0]["incidents"]) == 500
    """
    return GENERATORS[name]()
