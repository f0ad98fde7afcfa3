"""What makes a state document whole: its top-level keys and their types, and references between its records that
must resolve inside the same organization."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

class StateError(ValueError):
    """A state document (dump or file) that cannot be loaded."""


def check_top_level(document: Any, version: int, collections: Iterable[str], fill_missing: bool = False) -> dict[str, Any]:
    """The document with every top-level key present and a list, or StateError naming what is wrong.

    `fill_missing` (only for `serve --import-state`, the migration path) adds an empty list for each
    collection an older mockscaling did not write; `POST /_mock/state` needs the document whole.

    Example::

        check_top_level({"version": 1}, 1, ["incidents"])   # StateError: ... missing: incidents
    """
    if not isinstance(document, dict):
        raise StateError(f"expected a state document (a JSON object with version {version})")
    found = document.get("version")
    if type(found) is not int or found != version:
        shown = "no version" if "version" not in document else f"version {found!r}"
        raise StateError(f"state document has {shown}; this mockscaling reads version {version} only")
    names = [*collections, "pages"]
    unknown = sorted(set(document) - {"version", *names})
    if unknown:
        raise StateError(f"state document does not fit: unknown top-level keys: {', '.join(map(str, unknown))}")
    missing = [name for name in names if name not in document]
    if missing and not fill_missing:
        raise StateError(
            f"state document does not fit: missing: {', '.join(missing)} (a whole document as GET /_mock/state "
            "answers; an older state file is migrated with `serve --state-file NEW.sqlite --import-state FILE`)"
        )
    whole = {**document, **{name: [] for name in missing}}
    wrong = [name for name in names if type(whole[name]) is not list]
    if wrong:
        raise StateError(f"state document does not fit: not a list: {', '.join(wrong)}")
    return whole


def check_owned_references(loaded: dict[str, list[Any]]) -> None:
    """StateError when a record names a member, component, schedule or escalation policy of no organization of its own.

    A resolved incident may keep the owner a removed member left (the store does the same); every other
    reference is cleaned up by the store when its target goes, so it must resolve.
    """
    def owners(name: str) -> dict[str, str]:
        return {record.id: record.org_id for record in loaded[name]}

    members, components = owners("members"), owners("components")
    schedules, policies = owners("schedules"), owners("escalationPolicies")

    def refuse(what: str, value: Any) -> None:
        raise StateError(f"state document does not fit: {what} {value!r} is not a record of the same organization")

    for incident in loaded["incidents"]:
        org = incident.org_id
        if incident.owner_id is not None and not incident.resolved and members.get(incident.owner_id) != org:
            refuse(f"incident {incident.id} ownerId", incident.owner_id)
        for component_id in incident.component_ids:
            if components.get(component_id) != org:
                refuse(f"incident {incident.id} componentIds", component_id)
        named = [incident.escalation_policy_id, incident.escalation.policy_id if incident.escalation else None]
        for policy_id in named:
            if policy_id is not None and policies.get(policy_id) != org:
                refuse(f"incident {incident.id} escalation policy", policy_id)
    for page in loaded["statusPages"]:
        for component_id in page.component_ids:
            if components.get(component_id) != page.org_id:
                refuse(f"status page {page.id} componentIds", component_id)
    for schedule in loaded["schedules"]:
        for layer in schedule.layers:
            for user_id in layer.participant_ids:
                if members.get(user_id) != schedule.org_id:
                    refuse(f"schedule {schedule.id} participant", user_id)
    for policy in loaded["escalationPolicies"]:
        for step in policy.layers:
            if step.schedule_id is not None and schedules.get(step.schedule_id) != policy.org_id:
                refuse(f"escalation policy {policy.id} step schedule", step.schedule_id)
            for user_id in step.user_ids:
                if members.get(user_id) != policy.org_id:
                    refuse(f"escalation policy {policy.id} step user", user_id)
