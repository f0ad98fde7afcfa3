"""`--anonymize`: names, emails and free text replaced by stable fakes (faker) of the same length.

Ids, times, numbers, enums and the document's shape are kept, so the seed loads and behaves the same.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from faker import Faker

# Event `data` keys that hold free text (the others hold ids, enums and numbers).
EVENT_TEXT_KEYS = frozenset({"title", "description", "body", "note", "message", "resolutionNote", "name"})
EMAIL_DOMAIN = "@example.com"  # reserved for documentation (RFC 2606): never a real mailbox


def _fit(make: Callable[[], str], length: int) -> str:
    """Text from `make()` (called again while too short) cut to exactly `length` characters, ending in a letter."""
    if length <= 0:
        return ""
    text = make()
    while len(text) < length:
        text = f"{text} {make()}"
    text = text[:length]
    return text if not text.endswith(" ") else text[:-1] + "x"


class Anonymizer:
    """Replaces one value at a time; the same (kind, input) always gives the same output, run after run.

    Faker is seeded from a hash of the kind and the input, so the replacement depends on nothing else
    (unique names aside: a replacement that collides with another in its scope is drawn again).

    Example::

        anonymizer = Anonymizer()
        anonymizer.text("text", "Checkout is slow")   # 16 characters of fake words, the same every run
    """

    def __init__(self) -> None:
        self._fake = Faker("en_US")
        self._memo: dict[tuple[str, str], str] = {}
        self._taken: dict[str, set[str]] = {}

    def _draw(self, kind: str, original: str, make: Callable[[Faker], str], scope: str | None = None) -> str:
        """`make(faker)` with faker seeded from (kind, original), drawn again while the result equals the
        original or (with a `scope`) a value already given out in that scope, ignoring case."""
        taken = self._taken.setdefault(scope, set()) if scope is not None else None
        for attempt in range(1000):
            salt = original if attempt == 0 else f"{original}\0{attempt}"
            digest = hashlib.sha256(f"{kind}\0{salt}".encode()).digest()
            self._fake.seed_instance(int.from_bytes(digest[:8], "big"))
            made = make(self._fake)
            if made == original and original:
                continue
            if taken is not None:
                if made.lower() in taken:
                    continue
                taken.add(made.lower())
            return made
        raise ValueError(f"no fresh fake {kind} of {len(original)} characters left")

    def text(self, kind: str, original: str | None) -> str | None:
        """Free text (a title, a description, an update body, a note): fake sentences of the same length.
        One kind ("text") for all of them keeps a resolution note and the update that carries it equal."""
        if original is None:
            return None
        key = (kind, original)
        if key not in self._memo:
            self._memo[key] = self._draw(
                kind, original, lambda fake: _fit(lambda: fake.sentence(nb_words=8).rstrip("."), len(original)))
        return self._memo[key]

    def name(self, kind: str, original: str, scope: str) -> str:
        """A resource name, unique (ignoring case) among the names of `scope` (an organization's components, …)."""
        return self._draw(kind, original, lambda fake: _fit(lambda: " ".join(fake.words(2)).title(), len(original)), scope)

    def slug(self, original: str, scope: str) -> str:
        """A status page slug (lower-case letters and dashes, a letter first and last) of the same length."""
        def make(fake: Faker) -> str:
            made = _fit(lambda: "-".join(fake.words(2)).lower(), len(original)).replace(" ", "-")
            return made[:-1] + "x" if made.endswith("-") else made

        return self._draw("slug", original, make, scope)

    def person(self, kind: str, original: str | None) -> str | None:
        """A first or last name (`kind` "first" or "last") of the same length."""
        if not original:
            return original
        pick = (lambda fake: fake.first_name) if kind == "first" else (lambda fake: fake.last_name)
        return self._draw(kind, original, lambda fake: _fit(pick(fake), len(original)))

    def email(self, original: str, scope: str) -> str:
        """A unique address at example.com, as long as the original when that leaves room for a local part."""
        def make(fake: Faker) -> str:
            return _fit(fake.user_name, max(1, len(original) - len(EMAIL_DOMAIN))).replace(" ", ".") + EMAIL_DOMAIN

        return self._draw("email", original, make, scope)


def anonymize(document: dict[str, Any], anonymizer: Anonymizer | None = None) -> dict[str, Any]:
    """Anonymize a snapshot's seed document in place (and return it).

    Example::

        anonymize(converted.document)
    """
    fake = anonymizer or Anonymizer()
    for org in document.get("organizations", []):
        scope = org["id"]
        for member in org.get("members", []):
            member["email"] = fake.email(member["email"], f"{scope}/email")
            member["firstName"] = fake.person("first", member.get("firstName"))
            member["lastName"] = fake.person("last", member.get("lastName"))
            member["imageUrl"] = None  # a picture (and its address) may show who it is
        for component in org.get("components", []):
            component["name"] = fake.name("component", component["name"], f"{scope}/components")
            component["description"] = fake.text("text", component.get("description"))
            component["groupLabel"] = fake.text("text", component.get("groupLabel"))
            aliases_scope = f"{scope}/{component['id']}/aliases"
            component["aliases"] = [fake.name("alias", alias, aliases_scope) for alias in component.get("aliases", [])]
        for schedule in org.get("schedules", []):
            schedule["name"] = fake.name("schedule", schedule["name"], f"{scope}/schedules")
            schedule["description"] = fake.text("text", schedule.get("description"))
            for layer in schedule.get("layers", []):
                layer["name"] = fake.name("layer", layer["name"], f"{scope}/{schedule['id']}/layers")
        for key, kind in (("workingHours", "working hours"), ("escalationPolicies", "policy"), ("routingPolicies", "routing"),
                          ("inboundIntegrations", "integration")):
            for record in org.get(key, []):
                record["name"] = fake.name(kind, record["name"], f"{scope}/{key}")
                if "description" in record:
                    record["description"] = fake.text("text", record.get("description"))
        for page in org.get("statusPages", []):
            page["name"] = fake.name("status page", page["name"], f"{scope}/statusPages")
            page["slug"] = fake.slug(page["slug"], f"{scope}/slugs")
        for integration in org.get("inboundIntegrations", []):
            for selector in integration.get("selectors", []):
                for matcher in selector["matchers"]:
                    matcher["value"] = fake.text("text", matcher["value"])
        for incident in org.get("incidents", []):
            _incident(fake, incident)
    return document


def _incident(fake: Anonymizer, incident: dict[str, Any]) -> None:
    incident["title"] = fake.text("text", incident["title"])
    incident["description"] = fake.text("text", incident.get("description"))
    for entry in incident.get("statusHistory", []) + incident.get("history", []):
        entry["resolutionNote"] = fake.text("text", entry.get("resolutionNote"))
    for update in incident.get("updates", []):
        update["body"] = fake.text("text", update.get("body"))
    for event in incident.get("events", []):
        data = event.get("data") or {}
        for key in EVENT_TEXT_KEYS & data.keys():
            if isinstance(data[key], str):
                data[key] = fake.text("text", data[key])
