"""OpenAPI `links` between operations, so stateful tools (schemathesis) can walk a resource's lifecycle.

A link says "the id in this response is the path parameter of that operation". They are derived from the
document itself, so a new endpoint gets its links without an edit here:

- an *item path* is a path ending in a parameter (`/v1/incidents/{incidentId}`); its *family* is every
  schema that the POST on its collection, or any operation on the item itself, answers with in `data`
  (Incident, IncidentDetail);
- an operation answering a family's schema links to every operation at or under that item path
  (get, status, updates, acknowledge, handoff, components…), filling the item's parameter from
  `$response.body#/data/id` and any parent parameter from a field of the same name in the response
  (`data.incidentId` of an Update) or from the request's own path.
"""

from __future__ import annotations

from typing import Any

METHODS = ("get", "put", "post", "patch", "delete")


def _data_ref(operation: dict[str, Any]) -> tuple[str, str] | None:
    """(status, schema name) of a 2xx answer whose `data` is a single `$ref` object, else None."""
    for status, response in operation.get("responses", {}).items():
        if not status.startswith("2"):
            continue
        schema = response.get("content", {}).get("application/json", {}).get("schema", {})
        data = schema.get("properties", {}).get("data", {})
        if "$ref" in data:
            return status, data["$ref"].rsplit("/", 1)[-1]
    return None


def _parameters(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def _item_paths(paths: dict[str, Any]) -> set[str]:
    """Every path prefix that ends in a parameter, listed or not (`…/updates/{updateId}` only has `/redact`)."""
    items = set()
    for path in paths:
        parts = path.split("/")
        items.update("/".join(parts[: n + 1]) for n, part in enumerate(parts) if part.startswith("{"))
    return items


def _families(paths: dict[str, Any]) -> dict[str, set[str]]:
    """Item path -> the schema names that represent that resource."""
    families: dict[str, set[str]] = {}
    for path in _item_paths(paths):
        collection = path.rsplit("/", 1)[0]
        members = families.setdefault(path, set())
        answered = [paths.get(path, {}).get(method, {}) for method in METHODS]
        answered.append(paths.get(collection, {}).get("post", {}))
        for operation in answered:
            found = _data_ref(operation)
            if found is not None:
                members.add(found[1])
    return families


def add_links(document: dict[str, Any]) -> int:
    """Add `links` to the 2xx responses of `document` (in place); the number of links added.

    Example::

        add_links(spec)
        spec["paths"]["/v1/incidents"]["post"]["responses"]["201"]["links"]["update_incident_status"]
        # {'operationId': 'update_incident_status', 'parameters': {'incidentId': '$response.body#/data/id'}}
    """
    paths = document.get("paths", {})
    schemas = document.get("components", {}).get("schemas", {})
    families = _families(paths)
    added = 0
    for source_path, item in paths.items():
        for method, operation in item.items():
            found = _data_ref(operation)
            if found is None:
                continue
            status, schema_name = found
            fields = set(schemas.get(schema_name, {}).get("properties", {}))
            links: dict[str, Any] = {}
            for item_path, family in families.items():
                if schema_name not in family:
                    continue
                own = _parameters(item_path)[-1]
                for target_path, target_item in paths.items():
                    if target_path != item_path and not target_path.startswith(item_path + "/"):
                        continue
                    parameters = _fill(_parameters(target_path), own, fields, _parameters(source_path))
                    if parameters is None:
                        continue
                    for target_method, target in target_item.items():
                        if target_method in METHODS and "operationId" in target:
                            links[target["operationId"]] = {"operationId": target["operationId"], "parameters": parameters}
            if links:
                operation["responses"][status]["links"] = dict(sorted(links.items()))
                added += len(links)
    return added


def _fill(needed: list[str], own: str, fields: set[str], source_parameters: list[str]) -> dict[str, str] | None:
    """Runtime expressions for every parameter of a target path, or None when one cannot be filled."""
    filled = {}
    for name in needed:
        if name == own:
            filled[name] = "$response.body#/data/id"
        elif name in fields:
            filled[name] = f"$response.body#/data/{name}"
        elif name in source_parameters:
            filled[name] = f"$request.path.{name}"
        else:
            return None
    return filled
