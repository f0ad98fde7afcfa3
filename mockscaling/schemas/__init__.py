"""Marshmallow schemas: what the fake accepts (request bodies, queries, paths) and what it returns."""
