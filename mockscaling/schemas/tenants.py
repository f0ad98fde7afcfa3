"""Request schema of POST /_mock/tenants (contract §5)."""

from __future__ import annotations

from .common import StrictSchema, text

TENANT_NAME_MAX = 100  # [chosen] the same bound as other display names of the contract (component names)


class TenantBody(StrictSchema):
    """POST /_mock/tenants: an optional organization name."""

    name = text("name", max_length=TENANT_NAME_MAX)
