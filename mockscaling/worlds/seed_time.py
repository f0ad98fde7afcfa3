"""Seed times: an ISO 8601 instant, or a time relative to the clock when the seed loads (`now-3d2h`)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from ..domain.timefmt import parse_datetime

# "now", or "now-3d", "now-2h30m", "now-90d": a time relative to the server clock when the seed loads.
RELATIVE_TIME = re.compile(r"^now(?:-(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?)?$")


def seed_time(value: str, now: datetime) -> datetime:
    """A seed time: an ISO 8601 instant, or `now` / `now-<N>d<N>h<N>m` relative to `now`.

    Example::

        seed_time("now-2d", now)   # two days before `now`
    """
    match = RELATIVE_TIME.match(value)
    if match is None:
        return parse_datetime(value)
    days, hours, minutes = (int(part or 0) for part in match.groups())
    return now - timedelta(days=days, hours=hours, minutes=minutes)
