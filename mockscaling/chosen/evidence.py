"""The evidence of every x-scaling-source tag: a docs quote, a client name or a chosen name (see provenance.py).

Keys: operations as "METHOD /v1/path"; fields by schema name (the OpenAPI name: response schemas without
"Out", request and query schemas by class name) then wire name; error codes; headers; security schemes.
tests/test_provenance_evidence.py checks every docs quote against fixtures/docs/quotes.json, every client
name against fixtures/client/names.json and every chosen name against mockscaling/chosen/.
"""

from __future__ import annotations

from .provenance import client, client_fields, decided, docs, quoting

OPERATIONS: dict[str, dict[str, str]] = {}
FIELDS: dict[str, dict[str, dict[str, str]]] = {}
ERRORS: dict[str, dict[str, str]] = {}
HEADERS: dict[str, dict[str, str]] = {}
SECURITY: dict[str, dict[str, str]] = {}
