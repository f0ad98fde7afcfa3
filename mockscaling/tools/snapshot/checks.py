"""Is an answer in the contract? The proxy's Contract (routes and OpenAPI response schemas), one validator per operation."""

from __future__ import annotations

import threading
from typing import Any

import jsonschema
from werkzeug.exceptions import HTTPException

from ..proxy.checks import Contract


class BodyCheck:
    """Validates a 200 answer of a GET against the OpenAPI schema of its operation.

    The proxy checks each exchange with a fresh validator; a snapshot sends thousands of GETs, so the
    validators are built once per operation here.

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
                self._validators[name] = None if media is None else jsonschema.Draft202012Validator(
                    {**media["schema"], "components": self.contract.document["components"]},
                    format_checker=jsonschema.FormatChecker(),
                )
            return self._validators[name]

    def problem(self, path: str, body: Any) -> str | None:
        """The first way `body` (a 200 answer of GET /v1<path>) breaks the contract, or None."""
        validator = self._validator(path)
        if validator is None:
            return None
        error = next(iter(sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))), None)
        if error is None:
            return None
        where = "/".join(str(part) for part in error.absolute_path) or "(body)"
        return f"at {where}: {error.message[:160]}"
