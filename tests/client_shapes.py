"""The JSON shapes Scaling's own client (its Terraform provider's Go client) sends and decodes, written down by hand.

Each shape maps a JSON key to the Python types the Go field accepts: a Go `string` is (str,), a `*string`
is (str, None), a slice is (list,) or (list, None). `decode` checks an answer like Go's json.Unmarshal
into that struct would, and more strictly: every key the client reads must be present with a fitting type,
so a field the client would silently decode as "" or 0 is caught.
"""

from __future__ import annotations

from typing import Any

MAINTENANCE_WINDOW = {"startedAt": (str,), "endsAt": (str, type(None))}
COMPONENT = {
    "id": (str,), "orgId": (str,), "name": (str,), "description": (str, type(None)), "aliases": (list,),
    "operationalStatus": (str,), "maintenanceWindow": (dict, type(None)), "createdAt": (str,), "updatedAt": (str,),
}
COMPONENT_PAGE = {"components": (list,), "nextCursor": (str, type(None))}
CONDITION = {"workingHoursId": (str,), "when": (str,)}
STEP = {
    "id": (str,), "position": (int,), "targetType": (str,), "targetId": (str,), "escalateAfterSeconds": (int,),
    "condition": (dict, type(None)), "createdAt": (str,), "updatedAt": (str,),
}
POLICY_WITH_STEPS = {
    "id": (str,), "orgId": (str,), "name": (str,), "description": (str, type(None)), "createdAt": (str,),
    "updatedAt": (str,), "steps": (list,),
}
WINDOW = {"days": (list,), "start": (str,), "end": (str,)}
WORKING_HOURS = {
    "id": (str,), "orgId": (str,), "name": (str,), "timezone": (str,), "windows": (list,), "createdAt": (str,),
    "updatedAt": (str,),
}
API_ERROR = {"statusCode": (int,), "type": (str,), "code": (str,), "requestId": (str,), "message": (str,)}

NESTED = {
    id(COMPONENT): {"maintenanceWindow": MAINTENANCE_WINDOW},
    id(COMPONENT_PAGE): {"components": COMPONENT},
    id(STEP): {"condition": CONDITION},
    id(POLICY_WITH_STEPS): {"steps": STEP},
    id(WORKING_HOURS): {"windows": WINDOW},
}


def decode(shape: dict[str, tuple[type, ...]], value: Any, where: str = "data") -> Any:
    """Check `value` against a client shape (recursively); returns it for chaining.

    Example::

        component = decode(COMPONENT, reply.data)
    """
    assert isinstance(value, dict), f"{where}: expected an object, got {value!r}"
    for key, types in shape.items():
        assert key in value, f"{where}.{key}: missing (the client would read a zero value)"
        item = value[key]
        # bool is an int in Python but never in Go's decoder.
        assert isinstance(item, types) and not (isinstance(item, bool) and bool not in types), f"{where}.{key}: {item!r} is not {types}"
        inner = NESTED.get(id(shape), {}).get(key)
        if inner is not None and item is not None:
            for index, element in enumerate(item if isinstance(item, list) else [item]):
                decode(inner, element, f"{where}.{key}[{index}]")
    if shape is WINDOW:
        assert all(type(day) is int for day in value["days"]), f"{where}.days: {value['days']!r}"
    return value


def populated(shape: dict[str, tuple[type, ...]], value: dict[str, Any]) -> list[str]:
    """The client fields of a decoded answer that carry no value (null, "" or an empty list), recursively.

    Example::

        assert populated(STEP, decode(STEP, step)) == []
    """
    empty = []
    for key in shape:
        item = value.get(key)
        if item is None or item == "" or item == []:
            empty.append(key)
            continue
        inner = NESTED.get(id(shape), {}).get(key)
        if inner is not None:
            for element in item if isinstance(item, list) else [item]:
                empty += [f"{key}.{name}" for name in populated(inner, element)]
    return empty
