"""The fake's clock: the only place that reads the real time; freezable and advanceable."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta


def utc_now() -> datetime:
    """The real current time, UTC, truncated to milliseconds (the wire precision)."""
    return truncate_ms(datetime.now(UTC))


def real_seconds() -> float:
    """Real seconds from an arbitrary start (monotonic), for network deadlines: never the fake clock.

    Example::

        started = real_seconds(); ...; waited = real_seconds() - started
    """
    return time.monotonic()


def truncate_ms(moment: datetime) -> datetime:
    """Drop sub-millisecond digits so stored times equal what the wire shows."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class Clock:
    """Server clock: real time plus an offset, or frozen at an instant.

    Example::

        clock = Clock()
        clock.freeze(datetime(2026, 4, 7, 10, tzinfo=UTC))
        clock.advance(60)
        clock.now()  # 2026-04-07T10:01:00Z
    """

    def __init__(self, frozen_at: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._initial_frozen_at = frozen_at
        self._frozen_at: datetime | None = None
        self._offset = timedelta(0)
        self.reset()

    def reset(self) -> None:
        """Back to the state the clock was built with."""
        with self._lock:
            self._frozen_at = self._initial_frozen_at
            self._offset = timedelta(0)

    @property
    def reset_instant(self) -> datetime | None:
        """The instant `reset()` freezes the clock at (None: a reset clock runs in real time)."""
        return self._initial_frozen_at

    def now(self) -> datetime:
        """The current server time (UTC, millisecond precision)."""
        frozen_at = self._frozen_at  # one attribute read is atomic: a frozen clock needs no lock
        if frozen_at is not None:
            return frozen_at
        with self._lock:  # the real time plus the offset: both read under the lock the setters hold
            if self._frozen_at is not None:
                return self._frozen_at
            return truncate_ms(datetime.now(UTC) + self._offset)

    def now_and_real(self) -> tuple[datetime, datetime]:
        """The server time (as `now()`) and the real time it was read at (not truncated), from one reading:
        the request journal keeps both, for the console's wall-clock tooltips.

        Example::

            server_time, wall_time = clock.now_and_real()
        """
        real = datetime.now(UTC)
        frozen_at = self._frozen_at
        if frozen_at is not None:
            return frozen_at, real
        with self._lock:
            if self._frozen_at is not None:
                return self._frozen_at, real
            return truncate_ms(real + self._offset), real

    def snapshot(self) -> tuple[datetime | None, timedelta]:
        """The clock's setting, to put back with `restore` when a change to it is refused."""
        with self._lock:
            return self._frozen_at, self._offset

    def restore(self, setting: tuple[datetime | None, timedelta]) -> None:
        """Put back a setting from `snapshot`.

        Example::

            setting = clock.snapshot(); clock.advance(60); clock.restore(setting)
        """
        with self._lock:
            self._frozen_at, self._offset = setting

    @property
    def frozen(self) -> bool:
        """True while the clock stands still."""
        return self._frozen_at is not None

    def freeze(self, at: datetime | None = None) -> datetime:
        """Stop the clock at `at` (default: the current server time)."""
        with self._lock:
            if at is None:
                at = self._frozen_at or truncate_ms(datetime.now(UTC) + self._offset)
            self._frozen_at = truncate_ms(at.astimezone(UTC))
            return self._frozen_at

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward by `seconds`, frozen or not."""
        delta = timedelta(seconds=seconds)
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = truncate_ms(self._frozen_at + delta)
                return self._frozen_at
            self._offset += delta
            return truncate_ms(datetime.now(UTC) + self._offset)

    def unfreeze(self) -> datetime:
        """Let the clock run again from where it stood."""
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - datetime.now(UTC)
                self._frozen_at = None
            return truncate_ms(datetime.now(UTC) + self._offset)
