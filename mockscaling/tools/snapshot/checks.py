"""Is an answer in the contract? The proxy's routes and OpenAPI response schemas, one compiled validator per operation.

jsonschema-rs: a snapshot checks thousands of bodies, at about a hundredth of jsonschema's cost.
"""

from __future__ import annotations

import threading
from typing import Any

import jsonschema_rs
from werkzeug.exceptions import HTTPException

from ..proxy.checks import Contract


class BodyCheck:
    """Validates a 200 answer of a GET against the OpenAPI schema of its operation.

    The proxy checks each exchange with a fresh jsonschema validator; a snapshot sends thousands of GETs, so
    the validators are compiled once per operation here.

    Example::

        BodyCheck().problem("/incidents", {"data": {"incidents": [], "nextCursor": None}})   # None: fine
    """

    def __init__(self) -> None:
        self.contract = Contract()
        self._validators: dict[str, Any] = {}
        self._lock = threading.Lock()

    def _validator(self, path: str) -> Any:
        try:
            endpoint, _ = self.contract.adapter.match(f"/v1{path.split('?')[0]}", method="GET")
        except HTTPException:
            return None
        name = endpoint.split(".", 1)[1]
        with self._lock:
            if name not in self._validators:
                operation = self.contract.operations[name][2]
                media = operation["responses"].get("200", {}).get("content", {}).get("application/json")
                self._validators[name] = None if media is None else jsonschema_rs.validator_for(
                    {**media["schema"], "components": self.contract.document["components"]}, validate_formats=True,
                )
            return self._validators[name]

    def problem(self, path: str, body: Any) -> str | None:
        """The first way `body` (a 200 answer of GET /v1<path>) breaks the contract, or None."""
        validator = self._validator(path)
        if validator is None:
            return None
        if validator.is_valid(body):
            return None
        error = min(validator.iter_errors(body), key=lambda e: [str(part) for part in e.instance_path])
        where = "/".join(str(part) for part in error.instance_path) or "(body)"
        return f"at {where}: {error.message[:160]}"
