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
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Clock", "ConnectionDropped", "IdSource", "MockScaling", "Principal", "Store", "__version__", "create_app", "get_store",
    "mock",
]
