"""Isolated tenants (contract §5): a fresh organization with its own admin member and API key, in O(1)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import chosen
from ..domain.models import ApiKey, Member, Organization
from ..domain.record import FrozenRecord
from .base import StoreBase, mutating

API_KEY_PREFIX = "scl_live_"  # [docs] keys are scl_live_ + 32 characters


@dataclass(frozen=True, repr=False, eq=False)  # FrozenRecord's ==, repr() and hash: none generated (domain/record.py)
class Tenant(FrozenRecord):
    """What `create_tenant` made: the organization, its admin member and the admin's API key."""

    org_id: str
    name: str
    user_id: str
    email: str
    api_key: str


class TenantRules(StoreBase):
    """`POST /_mock/tenants`: organizations that share a server without seeing each other."""

    def _fresh(self, make: Callable[[], str], taken: dict) -> str:
        # Ids come from the id source, so a seeded source replays them; after a state load the
        # sequence could meet an id already stored, hence the (practically never looping) check.
        while True:
            value = make()
            if value not in taken:
                return value

    @mutating
    def create_tenant(self, name: str | None = None) -> Tenant:
        """A new organization with one admin member, a fresh `scl_live_` key and its default routing policy.

        Only dictionary inserts, so the cost does not grow with the store. The tenant sees none of the
        seed's data and no other tenant's (every API call is scoped to the key's organization).

        Example::

            tenant = store.create_tenant(name="Team A")
            store.authenticate(f"Bearer {tenant.api_key}").org_id == tenant.org_id
        """
        org_id = self._fresh(lambda: self.ids.prefixed("org"), self.organizations)
        user_id = self._fresh(lambda: self.ids.prefixed("user"), self.members)
        key = self._fresh(lambda: API_KEY_PREFIX + self.ids.uuid().replace("-", ""), self.api_keys)
        suffix = org_id.removeprefix("org_")
        # The id is a ULID: its first digits are the creation time, its last ones random (so they tell tenants apart).
        org_name = name or chosen.TENANT_NAME.format(suffix=suffix[-8:])
        email = chosen.TENANT_ADMIN_EMAIL.format(suffix=suffix.lower())
        self.organizations[org_id] = Organization(id=org_id, name=org_name)
        self.members[user_id] = Member(
            id=user_id, org_id=org_id, email=email, first_name=chosen.TENANT_ADMIN_FIRST_NAME,
            last_name=chosen.TENANT_ADMIN_LAST_NAME, role="org:admin", joined_at=self.now(),
        )
        self.api_keys[key] = ApiKey(key=key, org_id=org_id, user_id=user_id)
        self._organization_added(org_id)  # its default routing policy (contract §6.2)
        return Tenant(org_id=org_id, name=org_name, user_id=user_id, email=email, api_key=key)
