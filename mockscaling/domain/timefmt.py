"""The wire format of instants: ISO 8601 UTC with milliseconds and Z."""

from __future__ import annotations

import functools
from datetime import UTC, datetime


def format_time(moment: datetime) -> str:
    """`2026-04-07T10:00:00.000Z` for an aware datetime.

    Example::

        format_time(datetime(2026, 4, 7, 10, tzinfo=UTC))   # '2026-04-07T10:00:00.000Z'
    """
    return _format_utc(moment if moment.tzinfo is UTC else moment.astimezone(UTC))


@functools.lru_cache(maxsize=4096)
def _format_utc(moment: datetime) -> str:
    # Remembered for the last few thousand instants: one answer writes the same few instants many times
    # (created, updated, each event). Keys are UTC only, where equal datetimes are equal instants.
    # isoformat always writes a four-digit year (strftime's %Y does not on every platform); "+00:00" -> "Z".
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"


def parse_datetime(text: str) -> datetime:
    """Parse an ISO 8601 instant with an offset or Z; naive input is read as UTC. Raises ValueError."""
    if not isinstance(text, str):
        raise ValueError("not a string")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError as exc:  # e.g. 9999-12-31T23:59:59-05:00 lies past datetime.max in UTC
        raise ValueError(f"{text!r} is outside the range of dates") from exc
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
