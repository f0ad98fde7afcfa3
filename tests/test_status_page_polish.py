"""Status page for customers: readable times, impact words, 90-day uptime bars, ?refresh=N; and in a browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests

from mockscaling import create_app, get_store
from mockscaling.web.server import ThreadedServer
from mockscaling.store.uptime import component_uptime
from mockscaling.web.status_pages import readable_time

from .support import ADMIN_KEY, API_COMPONENT, BOB, WEB_COMPONENT, assert_error
from .test_browser import browser, sync_api  # noqa: F401 (the shared Chromium fixture)

NOW = datetime(2026, 4, 7, 10, 0, tzinfo=UTC)  # the suite's frozen clock (conftest.FROZEN_AT)
WINDOW = timedelta(days=89, hours=10)  # from the start of the oldest of the 90 days until NOW


@pytest.fixture
def ada(store):
    """Ada's principal (the seeded admin)."""
    return store.authenticate("Bearer " + ADMIN_KEY)


def uptime(view, name):
    return next(c["uptime"] for c in view["components"] if c["name"] == name)


def page_json(api):
    reply = api.get("/status/acme.json", key=None)
    assert reply.status == 200
    return reply.body.get("data", reply.body)


def incident_between(store, ada, severity, opened, closed=None, components=(API_COMPONENT,)):
    """An incident created at `opened` and resolved at `closed` (clock moved there and back)."""
    store.set_clock(freeze=opened)
    incident = store.create_incident(ada, title=f"{severity} at {opened:%d %H:%M}", severity=severity, owner_id=BOB,
                                     component_ids=list(components))
    if closed is not None:
        store.set_clock(freeze=closed)
        for status in ("identified", "monitoring", "resolved"):
            store.update_incident_status(ada, incident.id, status)
    store.set_clock(freeze=NOW)
    return incident


def test_readable_times():
    assert readable_time("2026-11-26T12:04:59.999Z", "2026-11-26T13:00:00.000Z") == "Nov 26, 12:04 UTC"
    assert readable_time("2025-01-05T09:00:00.000Z", "2026-11-26T13:00:00.000Z") == "Jan 5 2025, 09:00 UTC"
    assert readable_time(None) == ""


def test_uptime_counts_outages_once_and_days_by_their_worst_impact(api, store, ada):
    incident_between(store, ada, "critical", NOW - timedelta(days=3, hours=2), NOW - timedelta(days=3, hours=1))
    incident_between(store, ada, "high", NOW - timedelta(days=3, hours=1, minutes=30), NOW - timedelta(days=3))  # overlaps
    incident_between(store, ada, "medium", NOW - timedelta(days=1, hours=5), NOW - timedelta(days=1))
    incident_between(store, ada, "critical", NOW - timedelta(days=200), NOW - timedelta(days=120))  # before the window
    incident_between(store, ada, "high", NOW - timedelta(minutes=30), None, components=(WEB_COMPONENT,))  # still open
    view = page_json(api)
    api_uptime, web_uptime = uptime(view, "API"), uptime(view, "Web app")
    assert len(api_uptime["days"]) == 90 and api_uptime["days"][-1]["date"] == "2026-04-07"
    assert api_uptime["days"][0]["date"] == "2026-01-08"
    statuses = {day["date"]: day["status"] for day in api_uptime["days"]}
    assert statuses["2026-04-04"] == "major_outage" and statuses["2026-04-06"] == "degraded"
    assert {status for date, status in statuses.items() if date not in ("2026-04-04", "2026-04-06")} == {"operational"}
    # Down from 08:00 to 10:00 on Apr 4 (two overlapping incidents), degraded time counts as up.
    assert api_uptime["percent"] == round(100 * (1 - 2 * 3600 / WINDOW.total_seconds()), 2) == 99.91
    assert web_uptime["days"][-1]["status"] == "partial_outage"
    assert web_uptime["percent"] == round(100 * (1 - 1800 / WINDOW.total_seconds()), 2)


def test_uptime_walks_each_incident_once_per_day_it_covers():
    class Incident:  # the two fields the computation reads, plus its history
        def __init__(self, opened, severity):
            self.created_at, self.severity, self.status_history = opened, severity, []

    long_open = [Incident(NOW - timedelta(days=400), "critical")]
    result = component_uptime(long_open, NOW)
    assert result["percent"] == 0.0 and {day["status"] for day in result["days"]} == {"major_outage"}


def test_html_speaks_to_customers(api, store, ada):
    incident_between(store, ada, "critical", NOW - timedelta(hours=2))
    html = api.get("/status/acme", key=None).text
    assert "severity" not in html.lower().replace('data-impact="critical"', "")
    assert '<span class="impact" data-impact="critical">Major outage</span>' in html
    assert '<time datetime="2026-04-07T08:00:00.000Z">Apr 7, 08:00 UTC</time>' in html
    assert not re.search(r"<time[^>]*>\d{4}-\d\d-\d\dT", html)  # no raw ISO text anywhere
    assert html.count('class="bar ') == 180 and "99.91 % uptime" in html  # 2 components x 90 days
    assert 'http-equiv="refresh"' not in html


@pytest.mark.parametrize("value", ["10", "30", "3600"])
def test_refresh_adds_a_meta_refresh(api, value):
    html = api.get("/status/acme", key=None, params={"refresh": value}).text
    assert f'<meta http-equiv="refresh" content="{value}">' in html and f"refreshes every {value} s" in html


@pytest.mark.parametrize("value", ["9", "3601", "0", "-30", "30.5", "soon", ""])
def test_refresh_out_of_bounds_is_422(api, value):
    assert_error(api.get("/status/acme", key=None, params={"refresh": value}), 422, "validation_error", "invalid_query")


@pytest.fixture
def status_server() -> Iterator[str]:
    """A fresh fake on a socket with one resolved outage last week and one open incident now."""
    app = create_app()
    store = get_store(app)
    ada = store.authenticate(f"Bearer {ADMIN_KEY}")
    now = store.now()
    incident_between_live(store, ada, now)
    with ThreadedServer(app) as server:
        yield server.url


def incident_between_live(store, ada, now):
    store.set_clock(freeze=now - timedelta(days=7))
    old = store.create_incident(ada, title="Database failover", severity="critical", owner_id=BOB, component_ids=[API_COMPONENT])
    store.set_clock(freeze=now - timedelta(days=7) + timedelta(hours=3))
    for status in ("identified", "monitoring", "resolved"):
        store.update_incident_status(ada, old.id, status)
    store.set_clock(freeze=now)
    store.create_incident(ada, title="Slow page loads", severity="medium", owner_id=BOB, component_ids=[WEB_COMPONENT])
    store.set_clock(unfreeze=True)


def test_a_browser_sees_times_impacts_uptime_bars_and_refresh(browser, status_server, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 900, "height": 1000})
    page.set_default_timeout(15_000)
    page.goto(status_server + "/status/acme?refresh=600")  # long enough not to reload while the test looks
    assert page.get_attribute("meta[http-equiv=refresh]", "content") == "600"
    times = page.locator("main time")
    assert times.count() >= 3
    for index in range(times.count()):
        text, stamp = times.nth(index).inner_text(), times.nth(index).get_attribute("datetime")
        assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}( \d{4})?, \d\d:\d\d UTC", text), text
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", stamp), stamp
    body = page.inner_text("body")
    assert "Major outage" in page.inner_text("#history") and "Degraded performance" in page.inner_text("#active-incidents")
    assert "severity" not in body.lower()

    page.screenshot(path=str(tmp_path / "status.png"), full_page=True, caret="initial", animations="allow")
    assert (tmp_path / "status.png").stat().st_size > 10_000
    api_row = page.locator(f"[data-component='{API_COMPONENT}']")
    bars = api_row.locator("ol.uptime li")
    assert bars.count() == 90
    boxes = [bars.nth(i).bounding_box() for i in (0, 1, 45, 88, 89)]
    # One row, oldest on the left, today on the right, every bar visibly wide and tall, inside the card.
    assert len({round(box["y"]) for box in boxes}) == 1
    assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)
    assert all(box["width"] >= 3 and box["height"] >= 20 for box in boxes)
    row_box = api_row.bounding_box()
    assert row_box["x"] <= boxes[0]["x"] and boxes[-1]["x"] + boxes[-1]["width"] <= row_box["x"] + row_box["width"]
    week_ago = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
    assert "major_outage" in api_row.locator(f"li[data-date='{week_ago}']").get_attribute("class")
    assert re.fullmatch(r"99\.\d\d % uptime", api_row.locator(".percent").inner_text())
    assert "partial_outage" not in page.locator(f"[data-component='{WEB_COMPONENT}'] ol.uptime").inner_html()
    page.close()
