"""The lazily loaded views (web/lazy_views.py): the route table is fresh, the app's routes are those the view
modules declare, and a first answer imports only the module of its view."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from flask import Blueprint, Flask

from mockscaling import create_app
from mockscaling.web.api import VIEW_MODULES, api
from mockscaling.web.control import CONTROL_MODULES, control
from mockscaling.web.converters import IdExceptConverter
from mockscaling.web.lazy_views import TABLE_PATH, LazyView, Route, current_table, load_views, resolve
from mockscaling.web.route_table import API_ROUTES
from mockscaling.web.spec import doc_of

ROOT = Path(__file__).resolve().parents[1]
LAZY = ((api, VIEW_MODULES, ("/v1", "/api")), (control, CONTROL_MODULES, ("/_mock",)))


def _rules(app: Flask) -> list[tuple[str, str, tuple[str, ...]]]:
    """The rules of the lazily loaded blueprints, in the url_map's order."""
    names = {"v1", "api_alias", "mock"}
    return [(rule.rule, rule.endpoint, tuple(sorted(rule.methods or ())))
            for rule in app.url_map.iter_rules() if rule.endpoint.split(".", 1)[0] in names]


def _eager_app() -> Flask:
    """An app whose rules are added the classic way, from the view functions the modules declare."""
    app = Flask("eager")
    app.url_map.converters["id_except"] = IdExceptConverter
    for blueprint, modules, prefixes in LAZY:
        plain = Blueprint(blueprint.name, __name__)
        for module in modules:
            for route in (route for route in blueprint.declared.values() if route.module == module):
                plain.add_url_rule(route.rule, route.endpoint, blueprint.views[route.endpoint], methods=list(route.methods))
        for index, prefix in enumerate(prefixes):
            app.register_blueprint(plain, url_prefix=prefix, **({"name": "api_alias"} if index else {}))
    return app


def test_the_route_table_is_what_the_view_modules_declare():
    assert TABLE_PATH.read_text() == current_table(), "the route table is stale: run `python -m mockscaling.web.lazy_views`"


def test_the_app_has_the_rules_and_views_of_a_classic_registration():
    current_table()  # every view module imported
    lazy, eager = create_app(mcp=False), _eager_app()
    assert _rules(lazy) == _rules(eager)
    assert len(_rules(lazy)) > 100
    load_views(lazy)
    endpoints = [endpoint for _, endpoint, _ in _rules(lazy)]
    assert {e: lazy.view_functions[e] for e in endpoints} == {e: eager.view_functions[e] for e in endpoints}


def test_a_view_takes_the_place_of_its_stand_in_on_first_call():
    app = create_app(mcp=False)
    assert isinstance(app.view_functions["v1.get_component"], LazyView)
    reply = app.test_client().get("/v1/components", headers={"Authorization": "Bearer scl_live_" + "a" * 32})
    assert reply.status_code == 200
    assert app.view_functions["v1.list_components"] is api.views["list_components"]
    assert isinstance(app.view_functions["v1.get_component"], LazyView)  # not called yet
    assert doc_of(app.view_functions["v1.get_component"]) is doc_of(api.views["get_component"]) is not None


def test_a_view_the_table_names_but_no_module_declares_is_a_clear_error():
    stale = LazyView(api, Route("incidents", "/incidents/gone", "list_gone_incidents", ("GET",)))
    with pytest.raises(RuntimeError, match="python -m mockscaling.web.lazy_views"):
        stale.load()
    assert resolve(len) is len


def test_a_route_option_the_table_cannot_carry_is_refused():
    with pytest.raises(TypeError, match="strict_slashes"):
        api.get("/incidents/other", strict_slashes=False)


def test_a_first_answer_imports_only_the_module_of_its_view():
    code = textwrap.dedent("""
        import sys
        from mockscaling import create_app
        reply = create_app().test_client().get('/v1/incidents', headers={'Authorization': 'Bearer scl_live_' + 'a' * 32})
        assert reply.status_code == 200, reply.data
        print(sorted(m for m in sys.modules if m.startswith(('mockscaling.web.views.', 'mockscaling.web.control.'))))
    """)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert out.strip() == "['mockscaling.web.views.incidents']"


def test_a_view_module_imported_again_replaces_its_views_and_adds_no_route():
    # pytester drops the modules a run imported: the next use imports the module again.
    table = current_table()
    route = next(Route._make(row) for row in API_ROUTES if row[0] == "working_hours")
    first = LazyView(api, route).load()
    sys.modules.pop("mockscaling.web.views.working_hours")
    again = LazyView(api, route).load()
    assert again is not first and again.__globals__ is vars(sys.modules["mockscaling.web.views.working_hours"])
    assert current_table() == table


def test_one_endpoint_for_views_of_two_modules_is_refused():
    def list_incidents(): ...

    with pytest.raises(AssertionError, match="declared in both incidents and"):
        api.get("/incidents/again")(list_incidents)
