"""mockscaling: an in-memory fake of the Scaling incident-management API."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Imported on first use (PEP 562): the pytest plugin imports `mockscaling.harness.pytest_plugin` in every test
# run of a project that installed mockscaling, and should not pay for Flask there unless a fixture is used.
_LAZY = {
    "create_app": ".app", "get_store": ".app", "Clock": ".domain.clock", "IdSource": ".domain.ids", "Principal": ".store",
    "Store": ".worlds.world", "mock": ".harness.testing", "MockScaling": ".harness.testing",
    "ConnectionDropped": ".web.network_faults",
}

if TYPE_CHECKING:
    from .app import create_app, get_store
    from .domain.clock import Clock
    from .domain.ids import IdSource
    from .store import Principal
    from .worlds.world import Store
    from .harness.testing import MockScaling, mock
    from .web.network_faults import ConnectionDropped


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from .state.codec import gc_paused

        # The first public name imports most of the package (and Flask's, marshmallow's modules) with the
        # collector paused: the import makes some 14,000 objects that live as long as the process (classes,
        # functions, schemas), which every young collection meanwhile walked again: about 5 ms of CPU of a
        # fresh process's first answer (docs/performance.md, start-up). gc_paused then moves them to the
        # oldest generation, where later young collections do not walk them.
        with gc_paused():
            value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Clock", "ConnectionDropped", "IdSource", "MockScaling", "Principal", "Store", "__version__", "create_app", "get_store",
    "mock",
]
