"""`Store` with its world: the store of store/ that starts from a seed and goes back to it on every reset."""

from __future__ import annotations

import threading
from typing import Any

from .. import chosen
from ..domain.clock import Clock
from ..domain.ids import IdSource
from ..store import Store as BareStore
from ..store.world_copy import World
from .seed import load_seed

# Each seed's world, loaded once per process: (seed, id seed, reset instant) -> (the seed object, its world).
_WORLDS: dict[tuple[Any, ...], tuple[Any, World]] = {}
_WORLDS_LOCK = threading.Lock()


class Store(BareStore):
    """All of Scaling's state and rules, filled from a seed (the public `mockscaling.Store`).

    The bare store below (mockscaling/store/) knows no seed format; this one hands it the seed loader, so
    `reset()` goes back to the same world. The world of a seed is loaded once per process and shared by
    every store and every reset; a store copies a record only before changing it (chosen.SEED_WORLD_REUSE).

    Example::

        store = Store()                      # the default seed
        empty = Store(seed=None)             # no organizations at all
        ada = store.authenticate("Bearer scl_live_" + "a" * 32)
        store.create_incident(ada, title="API down", severity="high", owner_id="user_bob")
    """

    def __init__(self, clock: Clock | None = None, ids: IdSource | None = None, seed: Any = "default") -> None:
        super().__init__(clock, ids, seed=seed, seeder=load_seed)

    def _world(self) -> World:
        seed = self.seed
        # A dict seed is known by its identity (the caller's document, kept alive by the cache entry).
        key = (seed if isinstance(seed, str) else ("document", id(seed)), self.ids.seed, self.clock.reset_instant)
        with _WORLDS_LOCK:
            entry = _WORLDS.get(key)
        if entry is not None and entry[0] is seed:
            world = entry[1]
            running = self.clock.reset_instant is None
            if not running or abs(self.clock.now() - world.built_at) <= chosen.SEED_WORLD_REUSE:
                return world
        world = super()._world()
        with _WORLDS_LOCK:
            if len(_WORLDS) >= chosen.SEED_WORLDS_KEPT:
                _WORLDS.clear()
            _WORLDS[key] = (seed, world)
        return world
