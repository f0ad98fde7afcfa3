"""Unicode checks for parsed JSON: a lone UTF-16 surrogate can be parsed but never encoded again."""

from __future__ import annotations

from typing import Any


def has_lone_surrogate(document: Any) -> bool:
    """True when any string (key or value) of a parsed JSON document cannot be encoded as UTF-8.

    `json.loads('"\\ud800"')` succeeds, but the string breaks every later UTF-8 encoding (the HTML status
    page, a state file), so request bodies and seed files holding one are refused (chosen.REJECT_LONE_SURROGATES).

    Example::

        has_lone_surrogate(json.loads('{"title": "\\\\ud800"}'))   # True
    """
    # Iterative, as the document may be nested as deeply as the JSON parser allows.
    pending = [document]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
