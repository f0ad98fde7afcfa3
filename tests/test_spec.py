"""`@documented` (web/spec.py): a response schema named by a view is imported when first read, never to answer."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mockscaling import create_app
from mockscaling.schemas import responses
from mockscaling.schemas.responses import ResponseSchema
from mockscaling.web.lazy_views import load_views
from mockscaling.web.spec import documented, doc_of, response_schema

ROOT = Path(__file__).resolve().parents[1]


def _docs():
    app = create_app(mcp=False)
    load_views(app)
    return {endpoint: doc for endpoint, view in app.view_functions.items() if (doc := doc_of(view)) is not None}


def test_every_named_response_is_a_response_schema_of_its_module():
    named = {endpoint: doc.declared_response for endpoint, doc in _docs().items() if isinstance(doc.declared_response, str)}
    assert named["v1.list_incidents"] == "responses.IncidentPageOut" and len(set(named.values())) > 20
    for endpoint, name in named.items():
        schema = response_schema(name)
        assert isinstance(schema, type) and issubclass(schema, ResponseSchema), (endpoint, name)
        assert schema.__module__ == f"mockscaling.schemas.{name.rpartition('.')[0]}", (endpoint, name)


def test_a_named_response_reads_as_the_schema_and_a_given_one_as_itself():
    def view() -> None: ...

    by_name = documented(response="responses.IncidentOut", source="docs")(view)
    assert doc_of(by_name).response is responses.IncidentOut
    given = documented(response=responses.UpdateOut, source="docs")(lambda: None)
    assert doc_of(given).response is responses.UpdateOut
    assert doc_of(documented(status=204, source="docs")(lambda: None)).response is None


@pytest.mark.parametrize("name", ["IncidentOut", ".IncidentOut", "responses.", ""])
def test_a_response_name_without_its_module_is_refused(name):
    with pytest.raises(ValueError, match="<module>.<class>"):
        documented(response=name, source="docs")


def test_a_name_that_does_not_exist_fails_when_read():
    doc = doc_of(documented(response="responses.NoSuchOut", source="docs")(lambda: None))
    with pytest.raises(AttributeError, match="NoSuchOut"):
        _ = doc.response


def test_a_first_answer_builds_no_response_schema():
    code = textwrap.dedent("""
        import sys
        from mockscaling import create_app
        reply = create_app().test_client().get('/v1/incidents', headers={'Authorization': 'Bearer scl_live_' + 'a' * 32})
        assert reply.status_code == 200, reply.data
        print(sorted(m for m in sys.modules if m.startswith('mockscaling.schemas.responses')))
    """)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout
    assert out.strip() == "[]"
