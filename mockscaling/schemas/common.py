"""Shared schema pieces: strict base schema, field helpers and the error-message flattener."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from .. import chosen

LENGTH_ERROR = "Must be between {min} and {max} characters."


class StrictSchema(Schema):
    """Rejects unknown fields (a [chosen] strictness) and keeps field order."""

    class Meta:
        unknown = RAISE if chosen.REJECT_UNKNOWN_FIELDS else "exclude"
        ordered = True


def text(data_key: str, *, max_length: int, min_length: int = 1, required: bool = False, **kwargs: Any) -> fields.String:
    """A string field with a length rule; optional fields accept null as "not given"."""
    length = validate.Length(min=min_length, max=max_length, error=LENGTH_ERROR)
    if required:
        return fields.String(data_key=data_key, required=True, validate=length, **kwargs)
    return fields.String(data_key=data_key, allow_none=True, load_default=None, validate=length, **kwargs)


def one_of(data_key: str, choices: Iterable[str], *, required: bool = False, **kwargs: Any) -> fields.String:
    """An enum field (a string from `choices`)."""
    rule = validate.OneOf(list(choices), error="Must be one of: {choices}.")
    if required:
        return fields.String(data_key=data_key, required=True, validate=rule, **kwargs)
    return fields.String(data_key=data_key, allow_none=True, load_default=None, validate=rule, **kwargs)


class BoundedList(fields.List):
    """A list with at most `max_items` items, measured before any item is validated; it reports only its
    first bad item (marshmallow's List builds one error per item, which made one request cost gigabytes).

    Example::

        aliases = BoundedList(fields.String(), max_items=chosen.MAX_ALIASES, data_key="aliases")
    """

    def __init__(self, cls_or_instance: Any, *, max_items: int = chosen.MAX_LIST_ITEMS, **kwargs: Any) -> None:
        # The Length validator only documents the cap (apispec turns it into maxItems); _deserialize enforces it.
        rules = kwargs.pop("validate", None)
        rules = [rules] if callable(rules) else list(rules or [])
        rules.append(validate.Length(max=max_items, error=f"At most {max_items} items."))
        super().__init__(cls_or_instance, validate=rules, **kwargs)
        self.max_items = max_items

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[Any]:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        if len(value) > self.max_items:
            raise ValidationError(f"At most {self.max_items} items.")
        result = []
        for index, item in enumerate(value):
            try:
                result.append(self.inner.deserialize(item, **kwargs))
            except ValidationError as error:
                raise ValidationError({index: error.messages}) from error
        return result


def id_list(data_key: str, *, required: bool = False, max_items: int = chosen.MAX_LIST_ITEMS, **kwargs: Any) -> fields.List:
    """A list of resource ids (at most `max_items`)."""
    item = fields.String(validate=validate.Length(min=1, max=255, error=LENGTH_ERROR))
    if required:
        return BoundedList(item, max_items=max_items, data_key=data_key, required=True, **kwargs)
    return BoundedList(item, max_items=max_items, data_key=data_key, allow_none=True, load_default=None, **kwargs)


class JsonNumber(fields.Float):
    """A JSON number (integer or fraction), never a string like "5" or a boolean.

    Example::

        advance = JsonNumber(validate=validate.Range(min=0))
    """

    def _validated(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid")
        return super()._validated(value)


_QUERY_INTEGER = re.compile(chosen.QUERY_INTEGER_PATTERN)


class QueryInteger(fields.Integer):
    """An integer query parameter written in ASCII digits only (no sign, "_", spaces or other scripts' digits).

    Example::

        limit = QueryInteger(load_default=20, validate=validate.Range(min=1, max=100))
    """

    def _validated(self, value: Any) -> Any:
        if isinstance(value, str) and not _QUERY_INTEGER.fullmatch(value):
            raise self.make_error("invalid")
        return super()._validated(value)


def every_error(messages: Any, prefix: str = "") -> list[str]:
    """`field: message` for every offending field of a marshmallow error dict (what `first_error` picks from).

    Example::

        every_error({"title": ["Missing data for required field."], "severity": ["Must be one of: low, high."]})
        # ['title: Missing data for required field.', 'severity: Must be one of: low, high.']
    """
    if isinstance(messages, Mapping):
        lines = []
        for key, value in messages.items():
            name = prefix if key == "_schema" else (f"{prefix}.{key}" if prefix else str(key))
            lines.extend(every_error(value, name))
        return lines or [f"{prefix}: Invalid value." if prefix else "Invalid value."]
    if isinstance(messages, list | tuple) and messages:
        if all(isinstance(item, str) for item in messages):
            return [f"{prefix}: {item}" if prefix else str(item) for item in messages]
        return [line for item in messages for line in every_error(item, prefix)]
    return [f"{prefix}: {messages}" if prefix else str(messages)]


def first_error(messages: Any, prefix: str = "") -> str:
    """`field: message` for the first offending field of a marshmallow error dict.

    Example::

        first_error({"title": ["Must be between 1 and 100 characters."]})
        # 'title: Must be between 1 and 100 characters.'
    """
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = prefix if key == "_schema" else (f"{prefix}.{key}" if prefix else str(key))
            return first_error(value, name)
        return f"{prefix}: Invalid value." if prefix else "Invalid value."
    if isinstance(messages, list | tuple) and messages:
        if all(isinstance(item, str) for item in messages):
            return f"{prefix}: {messages[0]}" if prefix else str(messages[0])
        return first_error(messages[0], prefix)
    return f"{prefix}: {messages}" if prefix else str(messages)
