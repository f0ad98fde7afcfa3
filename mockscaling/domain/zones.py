"""IANA time zones by name, with `zoneinfo` imported on first use.

Why not at the top of the rotation and working-hours modules: importing `zoneinfo` reads the platform's
configuration (`sysconfig`), a cost every fresh process paid before its first answer although only
schedules, overrides and working hours ever need a zone (docs/performance.md, start-up).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


def zone_named(name: str) -> ZoneInfo:
    """The zone named `name` (zoneinfo keeps one object per name); ZoneInfoNotFoundError for an unknown name.

    Example::

        zone_named("Europe/Berlin")   # ZoneInfo(key='Europe/Berlin')
    """
    from zoneinfo import ZoneInfo  # first use (module docstring)

    return ZoneInfo(name)


@cache
def known_timezones() -> frozenset[str]:
    """Every IANA zone name zoneinfo can load here (the tzdata package ships them where the OS has none).

    Example::

        "Europe/Berlin" in known_timezones()   # True
    """
    from zoneinfo import available_timezones  # first use (module docstring)

    return frozenset(available_timezones())
