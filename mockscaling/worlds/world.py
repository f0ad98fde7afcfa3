"""`Store` with its world: the store of store/ that starts from a seed and goes back to it on every reset."""

from __future__ import annotations

from typing import Any

from ..domain.clock import Clock
from ..domain.ids import IdSource
from ..store import Store as BareStore
from .seed import load_seed


class Store(BareStore):
    """All of Scaling's state and rules, filled from a seed (the public `mockscaling.Store`).

    The bare store below (mockscaling/store/) knows no seed format; this one hands it the seed loader, so
    `reset()` goes back to the same world.

    Example::

        store = Store()                      # the default seed
        empty = Store(seed=None)             # no organizations at all
        ada = store.authenticate("Bearer scl_live_" + "a" * 32)
        store.create_incident(ada, title="API down", severity="high", owner_id="user_bob")
    """

    def __init__(self, clock: Clock | None = None, ids: IdSource | None = None, seed: Any = "default") -> None:
        super().__init__(clock, ids, seed=seed, seeder=load_seed)
