"""The fake's id source: the only place that makes UUIDs; seedable for reproducible ids."""

from __future__ import annotations

import random
import threading
import uuid


class IdSource:
    """Makes resource ids. With a seed the sequence is reproducible and `reset()` replays it.

    Example::

        ids = IdSource(seed=1)
        ids.uuid()          # the same UUID on every run
        ids.prefixed("sh")  # 'sh_' + 24 hex digits
    """

    def __init__(self, seed: int | None = None) -> None:
        self._seed = seed
        self._lock = threading.Lock()
        self._random: random.Random | None = None
        self.reset()

    def reset(self) -> None:
        """Restart the sequence (a seeded source yields the same ids again)."""
        with self._lock:
            self._random = random.Random(self._seed) if self._seed is not None else None

    def _bits(self) -> int:
        with self._lock:
            if self._random is None:
                return uuid.uuid4().int
            return self._random.getrandbits(128)

    def uuid(self) -> str:
        """A version-4 UUID string."""
        return str(uuid.UUID(int=self._bits(), version=4))

    def prefixed(self, prefix: str) -> str:
        """An id such as `sh_0f3a…` for resources whose docs show prefixed ids."""
        return f"{prefix}_{self._bits() >> 32:024x}"

    def request_id(self) -> str:
        """A fresh request id (always random: request ids need not be reproducible)."""
        return str(uuid.uuid4())
