"""Request schema of POST /_mock/tenants (contract §5)."""

from __future__ import annotations

from .. import chosen
from .common import StrictSchema, text


class TenantBody(StrictSchema):
    """POST /_mock/tenants: an optional organization name."""

    name = text("name", max_length=chosen.TENANT_NAME_MAX)
