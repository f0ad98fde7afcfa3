"""JSON merge-patch for every PATCH body (contract §6.1.6): absent = unchanged, null clears, null on a non-nullable field = 422.

Two halves, used together by every PATCH endpoint (components, policy layers, working hours, ...):

- `patch_schema(CreateBody, nullable={...})` builds the PATCH body schema from the create schema: the same
  fields and rules, none required, no defaults (so an absent field stays absent from the parsed body),
  and `null` allowed only on the nullable ones (marshmallow answers "Field may not be null." otherwise,
  which the parser turns into 422 invalid_body).
- `apply_patch(record, changes, nullable={...})` is the store side: it sets exactly the given attributes,
  `None` included, and refuses `None` on a non-nullable attribute (a Python caller gets the same 422).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from marshmallow import Schema, missing

from .. import chosen
from ..domain import errors
from .common import StrictSchema


def patch_schema(create: type[Schema], *, nullable: Iterable[str], name: str | None = None,
                 doc: str | None = None, base: type[Schema] = StrictSchema) -> type[Schema]:
    """A PATCH body schema with `create`'s fields, all optional, `null` allowed only on `nullable` (attribute names).

    Example::

        UpdateComponentBody = patch_schema(CreateComponentBody, nullable={"description", "group_label"})
        UpdateComponentBody().load({"description": None})   # {'description': None}
        UpdateComponentBody().load({})                        # {}
    """
    nullable = frozenset(nullable)
    declared = create._declared_fields  # noqa: SLF001 (marshmallow's public way to read a class's fields)
    unknown = nullable - set(declared)
    if unknown:
        raise TypeError(f"patch_schema: {sorted(unknown)} are not fields of {create.__name__}")
    fields_: dict[str, Any] = {}
    for attribute, field in declared.items():
        patched = copy.deepcopy(field)
        patched.required = False
        patched.load_default = missing
        patched.allow_none = attribute in nullable
        fields_[attribute] = patched
    class_name = name or f"Patch{create.__name__}"
    attrs = {**fields_, "__doc__": doc or f"PATCH body for {create.__name__}: absent = unchanged, null clears a nullable field."}
    return type(class_name, (base,), attrs)


def check_patch(changes: Mapping[str, Any], *, nullable: Iterable[str]) -> None:
    """422 invalid_body when `changes` sets None on an attribute outside `nullable` (the store's own guard).

    Example::

        check_patch({"position": None}, nullable=())   # raises ValidationFailed("position: Field may not be null.")
    """
    allowed = frozenset(nullable)
    for attribute, value in changes.items():
        if value is None and attribute not in allowed:
            head, *rest = attribute.split("_")
            name = head + "".join(part.title() for part in rest)
            raise errors.ValidationFailed(f"{name}: Field may not be null.", code=chosen.VALIDATION_CODE_BODY)


def apply_patch(record: Any, changes: Mapping[str, Any], *, nullable: Iterable[str],
                convert: Mapping[str, Callable[[Any], Any]] | None = None) -> None:
    """Set each given attribute of `record` (None clears it); 422 for None on an attribute outside `nullable`.

    Example::

        apply_patch(component, {"description": None, "aliases": ["db"]},
                    nullable={"description", "group_label"}, convert={"aliases": list})
    """
    check_patch(changes, nullable=nullable)
    for attribute, value in changes.items():
        if value is not None and convert and attribute in convert:
            value = convert[attribute](value)
        setattr(record, attribute, value)
