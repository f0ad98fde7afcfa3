"""The fake's id source: the only place that makes ids (time-ordered UUIDv7 and ULIDs from the fake clock)."""

from __future__ import annotations

import random
import secrets
import threading
from collections.abc import Callable
from typing import Any
from datetime import UTC, datetime
from typing import Any

from .clock import utc_now

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Every two-digit Crockford string, by the 10-bit value it writes.
_DIGIT_PAIRS = tuple(first + second for first in CROCKFORD for second in CROCKFORD)
_RANDOM_BITS = 74  # a UUIDv7 has 48 bits of milliseconds, 4 of version, 2 of variant and 74 of randomness
_MAX_TAIL = (1 << _RANDOM_BITS) - 1
# Version 4 and the RFC 4122 variant, as uuid.UUID(int=..., version=4) sets them (request ids).
_V4_CLEAR = ~(0xF000 << 64 | 0xC000 << 48)
_V4_SET = 0x4000 << 64 | 0x8000 << 48
_STEP_BITS = 32  # a new id in the same millisecond adds 1 + up to 2**32 - 1 to the previous tail


def _epoch_ms(moment: datetime) -> int:
    return int(moment.astimezone(UTC).timestamp() * 1000)


def crockford(value: int, length: int) -> str:
    """`value` in `length` Crockford base32 digits (upper case), as ULIDs write it.

    Example::

        crockford(31, 2)   # '0Z'
    """
    value &= (1 << 5 * length) - 1
    head = CROCKFORD[value >> 5 * (length - 1)] if length % 2 else ""
    # Two digits per lookup: 13 lookups for a ULID instead of 26 divisions.
    return head + "".join([_DIGIT_PAIRS[value >> 10 * i & 1023] for i in range(length // 2 - 1, -1, -1)])


def uuid_text(value: int) -> str:
    """The canonical (lower-case, hyphenated) text of a 128-bit UUID value, as `str(uuid.UUID(int=value))`.

    Example::

        uuid_text(0x0196)   # '00000000-0000-0000-0000-000000000196'
    """
    digits = value.to_bytes(16, "big").hex()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


class IdSource:
    """Makes resource ids: UUIDv7 (RFC 9562) whose time is the fake clock's, and ULID-form prefixed ids.

    Randomness comes from one generator seeded once (at construction, and again by `reset()`): with a
    `seed` and the same clock readings the sequence is reproducible. Ids made in the same millisecond,
    or after the clock went back, still sort after the previous one (RFC 9562 §6.2 method 2: the random
    tail grows monotonically), so sorting ids sorts records by creation.

    Example::

        ids = IdSource(seed=1, now=clock.now)
        ids.uuid()          # '0196...-7...' (UUIDv7, the clock's millisecond first)
        ids.prefixed("sh")  # 'sh_01JR...' (26 Crockford base32 digits, ULID form)
    """

    def __init__(self, seed: int | None = None, now: Callable[[], datetime] | None = None) -> None:
        self._seed = seed
        self._now = now
        self._lock = threading.Lock()
        self._requests = random.Random()  # request ids need not be reproducible; seeded once from the OS
        self.reset()

    def bind_clock(self, now: Callable[[], datetime]) -> None:
        """Read the time of new ids from `now` (the store binds its clock here unless one was given)."""
        if self._now is None:
            self._now = now

    def reset(self) -> None:
        """Restart the sequence (a seeded source with the same clock readings yields the same ids again)."""
        with self._lock:
            self._random = random.Random(self._seed)  # seed None: seeded once from the OS, never again per id
            self._last_ms = -1
            self._last_tail = 0
            self._last_instant: tuple[datetime | None, int] = (None, 0)

    @property
    def seed(self) -> int | None:
        """The seed `reset()` restarts the generator from (None: fresh randomness from the OS)."""
        return self._seed

    def position(self) -> tuple[Any, int, int]:
        """Where the sequence stands: hand it to `resume` to go on from here (a reset store's seed world).

        Example::

            mark = ids.position(); ids.uuid(); ids.resume(mark)   # the same uuid again when seeded
        """
        with self._lock:
            return (self._random.getstate() if self._seed is not None else None, self._last_ms, self._last_tail)

    def resume(self, position: tuple[Any, int, int]) -> None:
        """Go on from a `position()`: later ids sort after the ids made before it (an unseeded generator stays fresh)."""
        state, last_ms, last_tail = position
        with self._lock:
            if state is not None:
                self._random.setstate(state)
            self._last_ms, self._last_tail = last_ms, last_tail
            self._last_instant = (None, 0)

    def _next(self, at: datetime | None) -> tuple[int, int]:
        """(milliseconds, 74-bit tail) of the next id, strictly after the previous one."""
        if at is None:
            at = self._now() if self._now is not None else utc_now()
        seen = self._last_instant  # one mutation makes several ids at the same instant: convert it once
        if seen[0] is at:
            ms = seen[1]
        else:
            ms = max(_epoch_ms(at), 0)
            self._last_instant = (at, ms)
        with self._lock:
            if ms > self._last_ms:
                tail = self._random.getrandbits(_RANDOM_BITS - 1)  # room to grow within the millisecond
            else:
                ms = self._last_ms
                tail = self._last_tail + 1 + self._random.getrandbits(_STEP_BITS)
                if tail > _MAX_TAIL:  # the millisecond is exhausted: borrow the next one
                    ms, tail = ms + 1, self._random.getrandbits(_RANDOM_BITS - 1)
            self._last_ms, self._last_tail = ms, tail
            return ms, tail

    def uuid(self, at: datetime | None = None) -> str:
        """A version-7 UUID string: 48 bits of milliseconds (the clock's, or `at`'s), then version, variant, tail."""
        ms, tail = self._next(at)
        rand_a, rand_b = tail >> 62, tail & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b
        return uuid_text(value)

    def ulid(self, at: datetime | None = None) -> str:
        """A ULID: 10 Crockford digits of milliseconds (the clock's, or `at`'s), then 16 of randomness (26 in all)."""
        ms, tail = self._next(at)
        # crockford(ms, 10) + crockford(tail << 6, 16) (74 bits of tail, padded to the 80 of a ULID), spelled
        # out as 13 two-digit lookups over the 130 bits: ids are made on every write.
        v, pairs = (ms & ((1 << 50) - 1)) << 80 | tail << 6, _DIGIT_PAIRS
        return (
            pairs[v >> 120 & 1023] + pairs[v >> 110 & 1023] + pairs[v >> 100 & 1023] + pairs[v >> 90 & 1023]
            + pairs[v >> 80 & 1023] + pairs[v >> 70 & 1023] + pairs[v >> 60 & 1023] + pairs[v >> 50 & 1023]
            + pairs[v >> 40 & 1023] + pairs[v >> 30 & 1023] + pairs[v >> 20 & 1023] + pairs[v >> 10 & 1023]
            + pairs[v & 1023]
        )

    def prefixed(self, prefix: str, at: datetime | None = None) -> str:
        """`prefix_` + a ULID, for the resources whose docs show prefixed ids (`sh_01HX4K…`)."""
        return f"{prefix}_{self.ulid(at)}"

    def request_id(self) -> str:
        """A fresh request id (a version-4 UUID from a generator seeded once; not reproducible)."""
        bits = self._requests.getrandbits(128)  # one C call: atomic under the GIL, so no lock is taken
        return uuid_text(bits & _V4_CLEAR | _V4_SET)


def random_key(prefix: str) -> str:
    """`prefix` + 32 random hex digits: a key nobody can guess (the ids above are predictable by design).

    Example::

        random_key("scl_live_")   # 'scl_live_9f2c…' (41 characters)
    """
    return prefix + secrets.token_hex(16)
