"""The fake's clock: the only place that reads the real time; freezable and advanceable."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


def utc_now() -> datetime:
    """The real current time, UTC, truncated to milliseconds (the wire precision)."""
    return truncate_ms(datetime.now(UTC))


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
