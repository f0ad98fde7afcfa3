"""Views imported on their first use: a blueprint's rules come up front from its route table, each view module
(and the schemas it declares) is imported the first time one of its views is needed (Flask's "lazily loading
views" pattern). A fresh process answering its first request imports one view module instead of all of them.

The view modules keep their `@api.get("/incidents")` lines: on a `LazyBlueprint` they declare the view (and
the route, for the table's freshness test) instead of adding a rule. `route_table.py` is generated from those
lines: `python -m mockscaling.web.lazy_views` rewrites it, tests/test_route_table.py checks it is fresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import Any, NamedTuple

from flask import Blueprint, Flask, current_app, request

TABLE_PATH = Path(__file__).with_name("route_table.py")


class Route(NamedTuple):
    """One rule of a lazily loaded blueprint: the module of its view (under the blueprint's package), the rule,
    the endpoint (the view's name) and the methods."""

    module: str
    rule: str
    endpoint: str
    methods: tuple[str, ...]


class LazyBlueprint(Blueprint):
    """A blueprint whose rules come from a route table and whose views are imported on first use.

    Example::

        api = LazyBlueprint("v1", __name__, package="mockscaling.web.views")
        api.add_routes(API_ROUTES)          # the rules, each served by a LazyView
        @api.get("/incidents")              # in mockscaling/web/views/incidents.py: declares the view
        def list_incidents(): ...
    """

    def __init__(self, name: str, import_name: str, *, package: str) -> None:
        super().__init__(name, import_name)
        self.package = package
        # By endpoint, in declaration order: a module imported again (pytester drops the modules a run
        # imported) replaces its entries rather than adding to them.
        self.views: dict[str, Callable[..., Any]] = {}
        self.declared: dict[str, Route] = {}  # what the route table must say

    def add_routes(self, routes: Iterable[tuple[str, str, str, tuple[str, ...]]]) -> None:
        """Add the table's rules; each is served by a `LazyView` until its module is imported."""
        for route in map(Route._make, routes):
            self.add_url_rule(route.rule, route.endpoint, LazyView(self, route), methods=list(route.methods))

    def route(self, rule: str, **options: Any) -> Callable[[Any], Any]:
        """Declare the view of `rule` (its rule is in the route table already): `@api.route("/x", methods=["GET"])`."""
        methods = tuple(options.pop("methods", ("GET",)))
        endpoint = options.pop("endpoint", None)
        if options:  # the table carries no other rule option
            raise TypeError(f"{self.name}: the route table cannot carry {sorted(options)} for {rule}")

        def declare(view: Callable[..., Any]) -> Callable[..., Any]:
            name = endpoint or view.__name__
            route = Route(view.__module__.removeprefix(self.package + "."), rule, name, methods)
            if self.declared.get(name, route).module != route.module:  # Flask refuses one endpoint for two views
                raise AssertionError(f"{self.name}.{name} is declared in both {self.declared[name].module} and {route.module}")
            self.views[name], self.declared[name] = view, route
            return view

        return declare

    # Flask's shortcuts are setup methods, refused once the blueprint is registered (views load after that).
    def get(self, rule: str, **options: Any) -> Callable[[Any], Any]:
        return self.route(rule, methods=["GET"], **options)

    def post(self, rule: str, **options: Any) -> Callable[[Any], Any]:
        return self.route(rule, methods=["POST"], **options)

    def put(self, rule: str, **options: Any) -> Callable[[Any], Any]:
        return self.route(rule, methods=["PUT"], **options)

    def patch(self, rule: str, **options: Any) -> Callable[[Any], Any]:
        return self.route(rule, methods=["PATCH"], **options)

    def delete(self, rule: str, **options: Any) -> Callable[[Any], Any]:
        return self.route(rule, methods=["DELETE"], **options)


class LazyView:
    """Stands in `app.view_functions` for a view whose module is not imported yet; called, it imports the
    module, puts the view in its place and runs it. `doc_of` and `load_views` resolve it the same way."""

    __slots__ = ("blueprint", "route")

    def __init__(self, blueprint: LazyBlueprint, route: Route) -> None:
        self.blueprint, self.route = blueprint, route

    def __repr__(self) -> str:
        return f"<LazyView {self.blueprint.package}.{self.route.module}.{self.route.endpoint}>"

    def load(self) -> Callable[..., Any]:
        """The view function, importing its module if it is not imported (once per process: the import lock).

        Not kept here: a module dropped from sys.modules (as pytester does) is imported again, and the view
        then comes from that import, with the schemas it imported."""
        import_module(f"{self.blueprint.package}.{self.route.module}")
        view = self.blueprint.views.get(self.route.endpoint)
        if view is None or self.blueprint.declared.get(self.route.endpoint) != self.route:
            raise RuntimeError(f"{self!r} is not declared as the route table says: run `python -m mockscaling.web.lazy_views`")
        return view

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        view = self.load()
        view_functions = current_app.view_functions
        if view_functions.get(request.endpoint) is self:  # later requests call the view itself
            view_functions[request.endpoint] = view
        return view(*args, **kwargs)


def resolve(view: Any) -> Any:
    """The view function itself for a `LazyView` (importing its module), anything else unchanged."""
    return view.load() if isinstance(view, LazyView) else view


def load_views(app: Flask) -> None:
    """Import every view of `app` and put each in place of its `LazyView` (for what reads all views: the
    OpenAPI document, the proxy)."""
    for endpoint, view in list(app.view_functions.items()):
        if isinstance(view, LazyView):
            app.view_functions[endpoint] = view.load()


def table_source(blueprints: dict[str, LazyBlueprint], modules: dict[str, Iterable[str]]) -> str:
    """The text of route_table.py: each blueprint's routes as its modules declare them (modules in order)."""
    for name, blueprint in blueprints.items():
        for module in modules[name]:
            import_module(f"{blueprint.package}.{module}")
    lines = ['"""The rules of the lazily loaded blueprints and the module of each view (generated from the view',
             'modules\' `@api.get(...)` lines by `python -m mockscaling.web.lazy_views`; do not edit)."""', ""]
    for name, blueprint in blueprints.items():
        lines.append(f"{name} = (")
        for module in modules[name]:
            lines += [f"    {tuple(route)!r}," for route in blueprint.declared.values() if route.module == module]
        lines += [")", ""]
    return "\n".join(lines)


def current_table() -> str:
    """route_table.py as the view modules declare it now (see `table_source`)."""
    from .api import VIEW_MODULES, api
    from .control import CONTROL_MODULES, control

    return table_source({"API_ROUTES": api, "CONTROL_ROUTES": control},
                        {"API_ROUTES": VIEW_MODULES, "CONTROL_ROUTES": CONTROL_MODULES})


if __name__ == "__main__":
    TABLE_PATH.write_text(current_table())
    print(f"wrote {TABLE_PATH}")
