"""The load shortcut (schemas/fast_load.py) accepts exactly what marshmallow accepts, and loads it alike."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import INCLUDE, Schema, ValidationError, fields, pre_load, validate, validates

import mockscaling.schemas as schemas_package
from mockscaling.schemas.common import StrictSchema, id_list, one_of, text
from mockscaling.schemas.fast_load import plain_loader


def _request_schemas() -> list[Schema]:
    """An instance of every schema class of mockscaling/schemas that has fields to load."""
    found = []
    for module_info in pkgutil.iter_modules(schemas_package.__path__):
        module = importlib.import_module(f"{schemas_package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if inspect.isclass(value) and issubclass(value, Schema) and value.__module__ == module.__name__:
                schema = value()
                if schema.load_fields:
                    found.append(schema)
    return found


SCHEMAS = _request_schemas()
COVERED = [schema for schema in SCHEMAS if plain_loader(schema) is not None]


def _rules(schema: Schema) -> tuple[set[int], set[str]]:
    sizes, choices = {0, 1, 2}, set()
    for field in schema.load_fields.values():
        for rule in [*field.validators, *getattr(getattr(field, "inner", None), "validators", [])]:
            if isinstance(rule, validate.Length):
                sizes |= {bound + step for bound in (rule.min, rule.max) if bound is not None for step in (-1, 0, 1) if bound + step >= 0}
            if isinstance(rule, validate.OneOf):
                choices |= {choice for choice in rule.choices if isinstance(choice, str)}
    return sizes, choices


def _documents(schema: Schema) -> st.SearchStrategy[dict]:
    """Bodies for `schema`: its keys (some left out) and a stranger, with values at and around every rule's edge."""
    sizes, choices = _rules(schema)
    texts = st.sampled_from(sorted(sizes)).map(lambda n: "é" * n) | st.text(max_size=4)
    if choices:
        texts |= st.sampled_from(sorted(choices))
    scalars = texts | st.none() | st.integers() | st.booleans() | st.floats(allow_nan=False)
    values = scalars | st.lists(scalars, max_size=3) | st.sampled_from([0, 1000, 1001]).map(lambda n: ["id"] * n) \
        | st.dictionaries(st.text(max_size=2), st.integers(), max_size=2)
    keys = [field.data_key or name for name, field in schema.load_fields.items()]
    return st.fixed_dictionaries({}, optional={**{key: values for key in keys}, "stranger": values})


def _marshmallow(schema: Schema, document: dict):
    try:
        return schema.load(document)
    except ValidationError:
        return None


@pytest.mark.parametrize("schema", COVERED, ids=lambda schema: type(schema).__name__)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_shortcut_agrees_with_marshmallow(schema, data):
    document = data.draw(_documents(schema))
    loaded = plain_loader(schema)(document)
    assert loaded == _marshmallow(schema, document)  # None where marshmallow refuses, its result where it accepts
    if loaded is not None:
        assert list(loaded) == list(schema.load(document))  # the same field order


def test_the_incident_body_takes_the_shortcut():
    from mockscaling.schemas.incidents import CreateIncidentBody

    schema = CreateIncidentBody()
    body = {"title": "Down", "severity": "high", "ownerId": "user_bob", "componentIds": ["c1"]}
    assert plain_loader(schema)(body) == schema.load(body)
    assert plain_loader(schema)({**body, "severity": "urgent"}) is None  # marshmallow words the refusal


class WithHook(StrictSchema):
    name = text("name", max_length=5)

    @validates("name")
    def no_bob(self, value, **kwargs):
        if value == "bob":
            raise ValidationError("no bob")


class WithPreLoad(StrictSchema):
    name = text("name", max_length=5)

    @pre_load
    def trim(self, data, **kwargs):
        return data


class Included(Schema):
    class Meta:
        unknown = INCLUDE

    name = fields.String()


@pytest.mark.parametrize("schema", [
    WithHook(), WithPreLoad(), Included(),
    Schema.from_dict({"mail": fields.Email()})(),                          # a String subclass with its own rules
    Schema.from_dict({"n": fields.Integer()})(),                           # another field type
    Schema.from_dict({"s": fields.String(validate=validate.Regexp("a"))})(),  # another validator
    Schema.from_dict({"s": fields.String(load_default=list)})(),           # a default made per load
    Schema.from_dict({"s": fields.String(attribute="a.b")})(),             # a nested attribute
], ids=lambda schema: type(schema).__name__)
def test_schemas_beyond_the_shortcut_go_to_marshmallow(schema):
    assert plain_loader(schema) is None


def test_helpers_the_request_schemas_use_are_covered():
    schema = Schema.from_dict({"a": text("a", max_length=3), "b": one_of("b", ["x"]), "c": id_list("c", max_items=2)})()
    loader = plain_loader(schema)
    assert loader is not None
    assert loader({"a": "abc", "b": "x", "c": ["1", "2"]}) == {"a": "abc", "b": "x", "c": ["1", "2"]}
    assert loader({"c": ["1", "2", "3"]}) is None and loader({"a": ""}) is None and loader({"b": "y"}) is None


def test_the_cache_stays_bounded_for_schemas_made_per_call():
    from mockscaling.schemas import fast_load

    for _ in range(fast_load._MOST_LOADERS * 2 + 5):
        assert plain_loader(Schema.from_dict({"a": text("a", max_length=3)})()) is not None
    assert len(fast_load._LOADERS) <= fast_load._MOST_LOADERS
