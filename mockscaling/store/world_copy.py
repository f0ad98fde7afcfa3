"""A seed's world, built once and entered by every reset: the tables are shared and copied record by record on write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain.record import FrozenRecord
from .tables import ChangeLog, RecordTable


@dataclass(frozen=True, repr=False, eq=False)  # FrozenRecord's ==, repr() and hash: none generated (domain/record.py)
class World(FrozenRecord):
    """What a reset store holds, frozen: nobody writes to these tables once the world is taken.

    `built_at` is the clock's reading when the seed was loaded (relative seed times are read against it).
    """

    tables: dict[str, RecordTable]
    pages: tuple[Any, ...]
    ids: tuple[Any, int, int]
    timer: tuple[tuple[datetime, int, str], ...]
    built_at: datetime

    def tables_for(self, changes: ChangeLog) -> dict[str, RecordTable]:
        """A store's own tables over the world's records (see `RecordTable.clone`).

        Example::

            for attr, table in world.tables_for(store._changes).items():
                setattr(store, attr, table)
        """
        return {attr: table.clone(changes) for attr, table in self.tables.items()}
