"""The app factory: an independent Flask app around its own store."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import Any

from flask import Flask

from . import chosen
from .domain.clock import Clock
from .domain.ids import IdSource
from .worlds.world import Store
from .web.api import api
from .web.documented_only import CONFIG_KEY as DOCUMENTED_ONLY_KEY
from .web.console import console
from .web.context import EXTENSION_KEY
from .web.control import control
from .web.cors import install_cors
from .web.errors import register_error_handlers
from .web.guard import install_guard
from .web.flask_parts import LazyBuildRule, NoSessions, ScalingJSONProvider
from .web.hooks import install_faults, install_journal
from .web.openapi_route import register_openapi
from .web.security import install_standard_headers
from .web.status_pages import status_pages


class ScalingFlask(Flask):
    """Flask, with every view run under the store lock so a response is built from one consistent state.

    The view parses, calls one store method and serialises while holding the lock: a concurrent write
    cannot land between the store call and the serialisation (no torn answers). The request hooks and
    the error envelope run outside it.
    """

    json_provider_class = ScalingJSONProvider
    session_interface = NoSessions()
    url_rule_class = LazyBuildRule

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync_functions: dict[Callable[..., Any], Callable[..., Any]] = {}

    def dispatch_request(self) -> Any:
        with self.extensions[EXTENSION_KEY].consistent():
            return super().dispatch_request()

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        # Flask asks this of every hook and view on every request, and each answer inspects the function
        # (is it a coroutine?); the answer never changes, so it is worked out once per function.
        try:
            return self._sync_functions[func]
        except KeyError:
            return self._sync_functions.setdefault(func, super().ensure_sync(func))
        except TypeError:  # an unhashable callable: ask Flask every time
            return super().ensure_sync(func)


def create_app(
    store: Store | None = None,
    *,
    seed: Any = "default",
    clock: Clock | None = None,
    ids: IdSource | None = None,
    config: dict[str, Any] | None = None,
    cors_origins: Any = None,
    documented_only: bool = False,
    cors_headers: Any = (),
    mcp: bool = True,
) -> Flask:
    """A new fake Scaling: a Flask app with its own store (two apps never share state).

    Example::

        app = create_app()                       # default seed, real-time clock
        app = create_app(seed="empty", clock=Clock(frozen_at=datetime(2026, 4, 7, tzinfo=UTC)))
        store = get_store(app)
        app = create_app(cors_origins=["http://localhost:3000"])   # CORS for that origin ("*" for any)
        app = create_app(documented_only=True)   # chosen paths answer 404, chosen fields are left out
        app = create_app(cors_origins="*", cors_headers=["sentry-trace", "baggage"])  # more request headers
        app = create_app(mcp=False)              # no MCP surface at /mcp (it needs the `mcp` extra anyway)
    """
    app = ScalingFlask("mockscaling", template_folder="web/templates")
    app.config["MAX_CONTENT_LENGTH"] = chosen.MAX_BODY_BYTES  # a `config` given below may change it
    app.config["MOCKSCALING_MAX_STATE_BYTES"] = chosen.MAX_STATE_BODY_BYTES  # POST /_mock/state only
    app.config.update(config or {})
    app.config.setdefault(DOCUMENTED_ONLY_KEY, documented_only)  # web/documented_only.py
    # Paths are matched as sent: werkzeug would answer "/v1//incidents" with a bare 308 (chosen/).
    app.url_map.merge_slashes = False
    app.extensions[EXTENSION_KEY] = store if store is not None else Store(clock=clock, ids=ids, seed=seed)

    app.config.setdefault("MOCKSCALING_CORS_ORIGINS", cors_origins)  # the guard reads the CORS settings
    install_standard_headers(app)  # first: the request id exists before any hook, fault or error runs
    install_guard(app)  # off unless config MOCKSCALING_GUARD (serve) or MOCKSCALING_CONTROL_TOKEN is set
    install_faults(app)
    install_cors(app, cors_origins, cors_headers)  # cors_origins: None (no CORS headers), "*", or origins/regexes
    install_journal(app)

    register_error_handlers(app)
    app.register_blueprint(api, url_prefix="/v1")
    app.register_blueprint(api, url_prefix="/api", name="api_alias")
    app.register_blueprint(control, url_prefix="/_mock")
    app.register_blueprint(status_pages)  # /status/<slug>, /status/<slug>.json
    register_openapi(app)  # GET /openapi.json
    app.register_blueprint(console)  # GET /: the live console
    app.config["MOCKSCALING_MCP"] = mcp and _install_mcp(app)  # last: in front of everything above
    return app


def _install_mcp(app: Flask) -> bool:
    """Serve the MCP surface at /mcp in front of the app; False when the `mcp` extra is not installed."""
    if importlib.util.find_spec("mcp") is None or importlib.util.find_spec("a2wsgi") is None:
        return False
    from .mcp.mount import install_mcp

    install_mcp(app, app.extensions[EXTENSION_KEY])
    return True


def get_store(app: Flask) -> Store:
    """The store behind an app made by `create_app`.

    Example::

        get_store(app).set_clock(advance=60)
    """
    return app.extensions[EXTENSION_KEY]
