"""Schedule, rotation-layer and resolve rules (contract §3 Schedules and Rotation layers, §6.1)."""

from __future__ import annotations

from ..client import Client, check
from ..registry import error_rule, rule
from .core import MISSING_ID, first_item

LAYER = {"name": "Daily", "rotationType": "daily", "rotationLengthDays": 1, "handoffTime": "09:00",
         "effectiveFrom": "2020-01-06T08:00:00.000Z"}


def _layers(client: Client, schedule_id: str) -> list[dict]:
    return client.read(f"/oncall/schedules/{schedule_id}")["layers"]


@rule("schedules.create", "[docs] §3 Schedules, §6.1.7")
def create(client: Client) -> None:
    """POST 201 with the Schedule fields and no layers key; GET one adds layers; the list has it without layers."""
    schedule = client.create("/oncall/schedules", {"name": client.name("schedule", 255), "timezone": "Europe/Berlin"})
    check("layers" not in schedule, "POST answered a layers key")
    check(schedule["timezone"] == "Europe/Berlin" and schedule["description"] is None, f"schedule {schedule}")
    check(_layers(client, schedule["id"]) == [], "a new schedule has layers")
    listed = {item["id"]: item for item in client.read("/oncall/schedules")}
    check(schedule["id"] in listed and "layers" not in listed[schedule["id"]], "the list lacks it or shows layers")


@rule("schedules.name_conflict", "[docs] §3 Schedules (unique name)")
def name_conflict(client: Client) -> None:
    """A second schedule with the same name: 409 name_conflict."""
    schedule = client.new_schedule("schedule conflict")
    body = {"name": schedule["name"], "timezone": "UTC"}
    client.error(client.request("POST", "/oncall/schedules", json=body), 409, "name_conflict")


error_rule("schedules.timezone_invalid", "[docs] §3 Schedules (IANA timezone)", "POST", "/oncall/schedules",
           {"name": "[mockscaling verify] bad tz", "timezone": "Mars/Olympus"}, 422, "invalid_body",
           doc="A timezone that is not an IANA name: 422 invalid_body.")
error_rule("schedules.not_found", "[docs] §3 Schedules", "GET", f"/oncall/schedules/{MISSING_ID}", None, 404, "not_found",
           doc="An unknown schedule: 404 not_found.")


@rule("schedules.replace_and_delete", "[client] §3 PUT/DELETE schedule")
def replace_and_delete(client: Client) -> None:
    """PUT replaces name, description and timezone; DELETE 204, then GET 404."""
    schedule = client.new_schedule("replace")
    body = {"name": client.name("replaced", 255), "timezone": "UTC", "description": "Replaced"}
    replaced = client.ok(client.request("PUT", f"/oncall/schedules/{schedule['id']}", json=body))
    check((replaced["name"], replaced["timezone"], replaced["description"]) == (body["name"], "UTC", "Replaced"), f"{replaced}")
    check(client.request("DELETE", f"/oncall/schedules/{schedule['id']}").status_code == 204, "DELETE did not answer 204")
    client.error(client.request("GET", f"/oncall/schedules/{schedule['id']}"), 404, "not_found")


@rule("layers.positions", "[docs] §3 Rotation layers (positions)")
def positions(client: Client) -> None:
    """Layers get positions 0, 1… in creation order, contiguous after a delete."""
    schedule = client.new_schedule("positions")
    second = client.post(f"/oncall/schedules/{schedule['id']}/layers", {**LAYER, "participantIds": [client.owner_id]}, 201)
    check((schedule["layer"]["position"], second["position"]) == (0, 1), "positions are not 0, 1")
    client.request("DELETE", f"/oncall/schedules/{schedule['id']}/layers/{schedule['layer']['id']}")
    check([layer["position"] for layer in _layers(client, schedule["id"])] == [0], "positions did not close up")


@rule("layers.reorder", "[docs] §3 Rotation layers (reorder; shape chosen)")
def reorder(client: Client) -> None:
    """PUT layers/order with a permutation reorders; anything else: 400 invalid_layer_order."""
    schedule = client.new_schedule("reorder")
    second = client.post(f"/oncall/schedules/{schedule['id']}/layers", {**LAYER, "participantIds": [client.owner_id]}, 201)
    path = f"/oncall/schedules/{schedule['id']}/layers/order"
    reordered = client.ok(client.request("PUT", path, json={"layerIds": [second["id"], schedule["layer"]["id"]]}))
    check([layer["id"] for layer in reordered["layers"]] == [second["id"], schedule["layer"]["id"]], "the order did not change")
    client.error(client.request("PUT", path, json={"layerIds": [second["id"]]}), 400, "invalid_layer_order")


@rule("layers.invalid_participant", "[docs] §3 Rotation layers (participants)")
def invalid_participant(client: Client) -> None:
    """A participant who is not a member: 400 invalid_participant."""
    schedule = client.new_schedule("participant")
    body = {**LAYER, "name": "Other", "participantIds": ["user_nobody_here"]}
    client.error(client.request("POST", f"/oncall/schedules/{schedule['id']}/layers", json=body), 400, "invalid_participant")


@rule("layers.name_conflict", "[docs] §3 Rotation layers (unique in schedule)")
def layer_name_conflict(client: Client) -> None:
    """A second layer with the same name in one schedule: 409 name_conflict."""
    schedule = client.new_schedule("layer conflict")
    body = {**LAYER, "name": schedule["layer"]["name"], "participantIds": [client.owner_id]}
    client.error(client.request("POST", f"/oncall/schedules/{schedule['id']}/layers", json=body), 409, "name_conflict")


@rule("layers.weekly_length", "[docs] §3 Rotation layers (weekly is 7 days)")
def weekly_length(client: Client) -> None:
    """A weekly layer with rotationLengthDays 3: 422 invalid_body."""
    schedule = client.new_schedule("weekly length")
    body = {**LAYER, "name": "Odd", "rotationType": "weekly", "rotationLengthDays": 3, "participantIds": [client.owner_id]}
    client.error(client.request("POST", f"/oncall/schedules/{schedule['id']}/layers", json=body), 422, "invalid_body")


@rule("layers.rotation_length_required", "[docs] §6.1.2 rotationLengthDays required on every layer")
def rotation_length_required(client: Client) -> None:
    """A daily layer without rotationLengthDays: 422 invalid_body."""
    schedule = client.new_schedule("length required")
    body = {key: value for key, value in LAYER.items() if key != "rotationLengthDays"}
    body.update(name="No length", participantIds=[client.owner_id])
    client.error(client.request("POST", f"/oncall/schedules/{schedule['id']}/layers", json=body), 422, "invalid_body")


@rule("layers.replace", "[client] §3 PUT layer")
def replace_layer(client: Client) -> None:
    """PUT a layer replaces it (same id and position)."""
    schedule = client.new_schedule("replace layer")
    layer = schedule["layer"]
    body = {**LAYER, "name": "Renamed", "participantIds": [client.owner_id]}
    replaced = client.ok(client.request("PUT", f"/oncall/schedules/{schedule['id']}/layers/{layer['id']}", json=body))
    check((replaced["id"], replaced["position"], replaced["name"], replaced["rotationType"]) ==
          (layer["id"], layer["position"], "Renamed", "daily"), f"replaced layer {replaced}")


@rule("resolve.rotation", "[docs] §3 Rotation (duty passes every rotationLengthDays at handoffTime)")
def rotation(client: Client) -> None:
    """A weekly layer of [A, B] from Monday 09:00 Berlin: A on call that week, B the next, A again after."""
    users = [user["id"] for user in client.read("/users")["users"]]
    check(len(users) >= 2, "needs two members")
    schedule = client.new_schedule("rotation", participants=users[:2])
    path = f"/oncall/schedules/{schedule['id']}/resolve"
    for at, expected in (("2020-01-06T09:00:00.000Z", users[0]), ("2020-01-13T08:30:00.000Z", users[1]),
                         ("2020-01-20T08:30:00.000Z", users[0]), ("2020-01-13T07:30:00.000Z", users[0])):
        resolved = client.read(path, at=at)
        check(resolved["ownerId"] == expected, f"at {at} the owner is {resolved['ownerId']}, expected {expected}")
        check(resolved["pagingTargets"] == [expected], f"pagingTargets at {at}: {resolved['pagingTargets']}")


@rule("resolve.outside_window", "[docs] §3 Rotation (outside effectiveFrom)")
def outside_window(client: Client) -> None:
    """Before effectiveFrom the layer has nobody on call: ownerId null."""
    schedule = client.new_schedule("outside window")
    resolved = client.read(f"/oncall/schedules/{schedule['id']}/resolve", at="2019-06-01T00:00:00.000Z")
    check(resolved["ownerId"] is None and resolved["layers"][0]["onCallUserId"] is None, f"resolved {resolved}")


@rule("resolve.shape", "[docs] §3 resolve (names chosen)", read_only=True)
def resolve_shape(client: Client) -> None:
    """GET resolve of an existing schedule: scheduleId, at, ownerId, pagingTargets, layers, overrideId (null without one)."""
    schedule = first_item(client, "/oncall/schedules")
    resolved = client.read(f"/oncall/schedules/{schedule['id']}/resolve")
    check(set(resolved) == {"scheduleId", "at", "ownerId", "pagingTargets", "layers", "overrideId"}, f"keys {sorted(resolved)}")


@rule("resolve.bad_at", "[docs] §3 resolve (at is an ISO datetime)", read_only=True)
def bad_at(client: Client) -> None:
    """at=yesterday: 422 invalid_query."""
    schedule = first_item(client, "/oncall/schedules")
    client.error(client.request("GET", f"/oncall/schedules/{schedule['id']}/resolve", params={"at": "yesterday"}), 422,
                 "invalid_query")
