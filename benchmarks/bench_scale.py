"""Every answer's cost flat in the data: each list form, the status page, the console, components and `resolve`
at 100,000 incidents (10,000 in the quick mode) against the same request at 100, in alternating rounds."""

from __future__ import annotations

from functools import cache

import pytest

from mockscaling import get_store
from mockscaling.store.incidents import encode_cursor

from .support import ADMIN_KEY, API_COMPONENT, AUTH, START, alternate, fill, frozen_app, quick, round_ratio

PRIMARY_SCHEDULE = "016f5e66-e800-7100-8000-000000000001"  # the seed's "Primary on-call" schedule
SMALL = 100
BIG = 10_000 if quick() else 100_000
ROUNDS, PER_ROUND = (5, 10) if quick() else (9, 30)
PAGE = 20
TODAY, YESTERDAY = START.date().isoformat(), START.date().replace(day=START.day - 1).isoformat()


def deep_cursor(count: int) -> str:
    """A cursor 50 pages of 20 below the newest incident (the middle of the small store)."""
    return encode_cursor(max(count - 50 * PAGE, count // 2))


# form -> the query string at a given size. The data (support.fill): severities cycle, every 10th incident is
# identified and the rest investigating; none is monitoring or resolved; all were created on START's day or
# the next one (one second apart).
LIST_FORMS = {
    "first page": lambda count: "",
    "limit=1": lambda count: "limit=1",
    "limit=100": lambda count: "limit=100",
    "status=investigating (9 in 10)": lambda count: "status=investigating",
    "status=identified (1 in 10)": lambda count: "status=identified",
    "status=resolved (none)": lambda count: "status=resolved",
    "severity=high (1 in 4)": lambda count: "severity=high",
    "status=identified&severity=critical (1 in 20)": lambda count: "status=identified&severity=critical",
    "status=monitoring&severity=low (none)": lambda count: "status=monitoring&severity=low",
    "status=investigating&severity=low (most of 1 in 4)": lambda count: "status=investigating&severity=low",
    "from/to a past year (none)": lambda count: "from=2020-01-01&to=2020-12-31",
    f"to={YESTERDAY} (none)": lambda count: f"to={YESTERDAY}",
    f"from={TODAY} (all)": lambda count: f"from={TODAY}",
    "status=identified&from&to (few)": lambda count: f"status=identified&from={TODAY}&to={TODAY}",
    "severity=low&from a past year (none)": lambda count: "severity=low&from=2020-01-01&to=2020-12-31",
    "cursor 50 pages deep": lambda count: f"cursor={deep_cursor(count)}",
    "cursor 50 pages deep, status=identified": lambda count: f"cursor={deep_cursor(count)}&status=identified",
    "cursor 50 pages deep, status=resolved (none)": lambda count: f"cursor={deep_cursor(count)}&status=resolved",
}


def advance(store, principal, incident_id: str, until: str) -> None:
    """Move an incident along the lifecycle until `until`."""
    while (incident := store.incidents[incident_id]).status != until:
        store.update_incident_status(principal, incident_id, store.next_status(incident))


@cache
def scale_app(count: int):
    """An app whose Acme holds `count` incidents on a component no status page shows, plus the same six on
    the API component (three open, three resolved: what the status page shows) at every size, and an
    empty tenant."""
    app = frozen_app()
    store = get_store(app)
    admin = store.authenticate(f"Bearer {ADMIN_KEY}")
    internal = store.create_component(admin, name="Internal").id
    fill(store, count, components=[internal])
    shown = fill(store, 6, components=[API_COMPONENT])
    for incident in shown[:3]:
        advance(store, admin, incident.id, "resolved")
    app.config["EMPTY_TENANT_KEY"] = store.create_tenant(name="Empty").api_key
    app.config["NEWEST_ID"] = shown[-1].id
    return app


def measure(figures, benchmark, name: str, path_at, headers_at=lambda app: AUTH, limit: float = 1.5) -> None:
    """Time GET `path_at(count)` at BIG and SMALL in alternating rounds; the figure is the median round ratio."""
    clients = {}
    for count in (SMALL, BIG):
        app = scale_app(count)
        client, path, headers = app.test_client(), path_at(count, app), headers_at(app)
        reply = client.get(path, headers=headers)
        assert reply.status_code == 200, reply.get_data(as_text=True)[:300]
        clients[count] = (client, path, headers)
    calls = {count: (lambda c=client, p=path, h=headers: c.get(p, headers=h)) for count, (client, path, headers) in clients.items()}
    seconds = alternate({"small": calls[SMALL], "big": calls[BIG]}, ROUNDS, PER_ROUND)
    benchmark.pedantic(calls[BIG], rounds=3, iterations=PER_ROUND)
    ratio = round_ratio(seconds, "big", "small")
    detail = f"median of {ROUNDS} alternating rounds (CPU); {min(seconds['big']) * 1e6:.0f} us / {min(seconds['small']) * 1e6:.0f} us"
    figures.absolute(f"{name}: {BIG:,} / {SMALL} incidents", ratio, limit, "x", detail)


@pytest.mark.parametrize("form", list(LIST_FORMS))
def test_list_form(benchmark, figures, form):
    """Every list form at BIG incidents costs at most 1.5x the same at 100."""
    query = LIST_FORMS[form]
    measure(figures, benchmark, f"GET list, {form}", lambda count, app: f"/v1/incidents?{query(count)}")


@pytest.mark.parametrize("filters", ["", "?status=resolved", "?status=identified&severity=critical"])
def test_list_of_an_empty_tenant(benchmark, figures, filters):
    """A tenant without incidents lists in the same time whatever Acme holds."""
    measure(figures, benchmark, f"GET list, empty tenant{filters}", lambda count, app: f"/v1/incidents{filters}",
            headers_at=lambda app: {"Authorization": f"Bearer {app.config['EMPTY_TENANT_KEY']}"})


PAGES = {
    "status page HTML": lambda count, app: "/status/acme",
    "status page JSON": lambda count, app: "/status/acme.json",
    "console page": lambda count, app: "/",
    "component list": lambda count, app: "/v1/components",
    "schedule resolve": lambda count, app: f"/v1/oncall/schedules/{PRIMARY_SCHEDULE}/resolve",
    "GET incident by id": lambda count, app: f"/v1/incidents/{app.config['NEWEST_ID']}",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page(benchmark, figures, page):
    """The status page, the console, the component list, `resolve` and GET by id at BIG cost at most 1.5x at 100."""
    measure(figures, benchmark, page, PAGES[page])


def test_component_delete(benchmark, figures):
    """Creating and deleting a component at BIG incidents costs at most 1.5x the same at 100: a deletion
    untags the incidents on that component's index list, without walking the organization."""
    clients = {count: scale_app(count).test_client() for count in (SMALL, BIG)}

    def create_and_delete(client) -> None:
        made = client.post("/v1/components", json={"name": "Short-lived"}, headers=AUTH)
        assert made.status_code == 201, made.get_data(as_text=True)[:300]
        assert client.delete(f"/v1/components/{made.json['data']['id']}", headers=AUTH).status_code == 204

    calls = {name: (lambda c=clients[count]: create_and_delete(c)) for name, count in (("small", SMALL), ("big", BIG))}
    seconds = alternate(calls, ROUNDS, PER_ROUND)
    benchmark.pedantic(calls["big"], rounds=3, iterations=PER_ROUND)
    detail = f"median of {ROUNDS} alternating rounds (CPU); {min(seconds['big']) * 1e6:.0f} us / {min(seconds['small']) * 1e6:.0f} us"
    figures.absolute(f"POST + DELETE a component: {BIG:,} / {SMALL} incidents", round_ratio(seconds, "big", "small"), 1.5, "x", detail)
