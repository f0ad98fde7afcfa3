"""The HTTP layer: Flask blueprints that parse, call one store method and serialise."""
