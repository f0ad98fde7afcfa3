"""mockscaling: an in-memory fake of the Scaling incident-management API."""

from .app import create_app, get_store
from .clock import Clock
from .ids import IdSource
from .store import Principal, Store

__version__ = "0.1.0"

__all__ = ["Clock", "IdSource", "Principal", "Store", "__version__", "create_app", "get_store"]
