"""Control plane: isolated tenants for parallel tests sharing one server (/_mock/tenants)."""

from __future__ import annotations

from flask import request

from ...schemas.tenants import TenantBody
from ..context import current_store
from ..parsing import parse_body
from ..responses import data
from . import control

TENANT = TenantBody()


@control.post("/tenants")
def create_tenant():
    """A fresh isolated organization with an admin member and API key; the body (`name`) is optional."""
    # An empty body means "no options", so `curl -X POST .../_mock/tenants` works without `-d '{}'`.
    body = parse_body(TENANT) if request.get_data(cache=True).strip() else TENANT.load({})
    tenant = current_store().create_tenant(name=body["name"])
    return data(
        {"orgId": tenant.org_id, "name": tenant.name, "userId": tenant.user_id, "email": tenant.email,
         "apiKey": tenant.api_key},
        201,
    )
