"""Value checks of a decoded state document: enums and ranges the store's rules rely on (else a later 500)."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from .. import chosen
from ..domain.models import COMPONENT_STATUSES, CONDITION_WHENS, ROLES, ROTATION_TYPES, SEVERITIES, STATUSES, VISIBILITIES
from ..domain.zones import known_timezones

# The same limits the request schemas enforce (schemas/oncall.py, schemas/policies.py).
POLICY_TARGET_TYPES = ("schedule", "users")


class StateValueError(ValueError):
    """A decoded state document holds a value no request could have produced."""


def _expect(ok: bool, what: str, value: Any) -> None:
    if not ok:
        raise StateValueError(f"{what} {value!r} is not allowed")


def _one_of(value: Any, allowed: tuple[str, ...] | frozenset[str], what: str) -> None:
    _expect(value in allowed, what, value)


def _within(value: Any, low: int, high: int, what: str) -> None:
    _expect(isinstance(value, int) and low <= value <= high, what, value)


def _instants(value: Any, path: str) -> Iterator[tuple[str, datetime]]:
    """Every datetime in a decoded record tree, with where it sits (`schedules[0].layers[1].effective_from`)."""
    if isinstance(value, datetime):
        yield path, value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _instants(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _instants(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _instants(item, f"{path}.{key}")


def _may_hold_instants(hint: Any) -> bool:
    """False for a declared type that cannot hold a datetime (str, int, list[str], ...): decoded records
    hold what their fields declare (state_codec builds them from these hints)."""
    if hint in (str, int, float, bool, type(None)):
        return False
    arguments = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if arguments and origin is not typing.Literal:
        return any(_may_hold_instants(argument) for argument in arguments)
    return origin is not typing.Literal  # datetime, a record class, Any, a bare list or dict: look inside


def _walked_fields(cls: type) -> tuple[str, ...]:
    """The fields of a dataclass type that may hold a datetime, () for any other type (once per type)."""
    names = _WALKED_FIELDS.get(cls)
    if names is None:
        if dataclasses.is_dataclass(cls):
            hints = typing.get_type_hints(cls)
            names = tuple(f.name for f in dataclasses.fields(cls) if _may_hold_instants(hints.get(f.name, Any)))
        else:
            names = ()
        _WALKED_FIELDS[cls] = names
    return names


_WALKED_FIELDS: dict[type, tuple[str, ...]] = {}


def _all_within(records: list[Any], low: datetime, high: datetime) -> bool:
    """True when every datetime in the record trees lies in [low, high); no paths are built (a state
    document holds hundreds of thousands of values, and the path is only needed to name a bad one)."""
    stack = list(records)
    pop, extend = stack.pop, stack.extend
    while stack:
        value = pop()
        kind = type(value)
        if kind is str or value is None or kind is int or kind is bool:
            continue  # most values: nothing inside
        if isinstance(value, datetime):
            if not low <= value < high:
                return False
        elif isinstance(value, list | tuple):
            extend(value)
        elif isinstance(value, dict):
            extend(value.values())
        else:
            names = _walked_fields(kind)
            if names:
                extend([getattr(value, name) for name in names])
    return True


def check_instants(loaded: dict[str, list[Any]]) -> None:
    """Raise StateValueError for the first instant outside chosen.INSTANT_RANGE, the range API input must
    lie in (issue 12: a rotation layer starting in year 1 loaded, then every request answered 500 once an
    escalation step came due), or a rotation layer that ends before it starts.

    Example::

        check_instants({"schedules": [schedule], "incidents": [incident]})
    """
    low, high = chosen.INSTANT_RANGE
    for name, records in loaded.items():
        if _all_within(records, low, high):
            continue
        for index, record in enumerate(records):  # there is a bad one: walk again to name it
            for path, moment in _instants(record, f"{name}[{index}]"):
                if not low <= moment < high:
                    raise StateValueError(f"{path} {moment.isoformat()} is not between {low.year} and {high.year}")
    check_windows(loaded)


def check_windows(loaded: dict[str, list[Any]]) -> None:
    """The part of check_instants after the range: rotation layers and schedule overrides that end before
    they start, overrides out of order (for a document whose instants are known to lie in the range).

    Example::

        check_windows({"schedules": [schedule]})
    """
    for schedule in loaded.get("schedules", []):
        for layer in schedule.layers:
            _expect(layer.effective_until is None or layer.effective_until > layer.effective_from,
                    "rotation layer window ending at", layer.effective_until)
        previous_end = None
        for override in schedule.overrides:  # sorted, non-overlapping: rotation.active_override bisects them
            _expect(override.ends_at > override.starts_at, "schedule override window ending at", override.ends_at)
            _expect(previous_end is None or override.starts_at >= previous_end,
                    "schedule override (unsorted or overlapping) starting at", override.starts_at)
            previous_end = override.ends_at


def check_values(loaded: dict[str, list[Any]]) -> None:
    """Raise StateValueError for the first value outside what the API accepts.

    `loaded` maps the state document's collection names to decoded records (see store/base.py).

    Example::

        check_values({"schedules": [schedule], "members": [], ...})
    """
    for member in loaded.get("members", []):
        _one_of(member.role, ROLES, "member role")
    for invitation in loaded.get("invitations", []):
        _one_of(invitation.role, ROLES, "invitation role")
    for page in loaded.get("statusPages", []):
        for status in page.overrides.values():
            _one_of(status, COMPONENT_STATUSES, "component override")
    zones = known_timezones()
    for schedule in loaded.get("schedules", []):
        _one_of(schedule.timezone, zones, "schedule timezone")
        for layer in schedule.layers:
            _one_of(layer.rotation_type, ROTATION_TYPES, "rotation type")
            _within(layer.rotation_length_days, 1, chosen.MAX_ROTATION_LENGTH_DAYS, "rotation length")
    for policy in loaded.get("escalationPolicies", []):
        for layer in policy.layers:
            _within(layer.escalate_after_seconds, 60, chosen.MAX_ESCALATE_AFTER_SECONDS, "escalateAfterSeconds")
            _one_of(layer.target_type, POLICY_TARGET_TYPES, "escalation target type")
            if layer.condition is not None:
                _one_of(layer.condition.when, CONDITION_WHENS, "step condition")
    for component in loaded.get("components", []):
        if component.manual_status is not None:
            _one_of(component.manual_status, COMPONENT_STATUSES, "component manual status")
    for hours in loaded.get("workingHours", []):
        _one_of(hours.timezone, zones, "working-hours timezone")
        _expect(bool(hours.windows), "working-hours windows", hours.windows)
        for window in hours.windows:
            _expect(bool(window.days) and all(type(d) is int and 1 <= d <= 7 for d in window.days), "window days", window.days)
    for incident in loaded.get("incidents", []):
        _one_of(incident.severity, SEVERITIES, "incident severity")
        _one_of(incident.status, STATUSES, "incident status")
        for entry in incident.status_history:
            _one_of(entry.status, STATUSES, "status history status")
        for update in incident.updates:
            _one_of(update.visibility, VISIBILITIES, "update visibility")
            if update.status_change is not None:
                _one_of(update.status_change, STATUSES, "update status change")
