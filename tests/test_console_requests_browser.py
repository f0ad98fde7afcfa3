"""The console's Requests table as a frontend developer uses it, in a real browser that fails on any devtools
console error (a CSP violation included), and screenshots of the console and the status page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mockscaling import create_app
from mockscaling.web.server import ThreadedServer

from .support import ADMIN_KEY
from .test_browser import browser, sync_api  # noqa: F401 (the shared Chromium fixture)

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


@pytest.fixture
def served() -> Iterator[str]:
    with ThreadedServer(create_app()) as server:
        yield server.url


def _page(browser, errors: list[str]):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda line: errors.append(line.text) if line.type == "error" else None)
    return page


def _traffic(url: str) -> None:
    """What a frontend sends: a query, a CORS preflight, a request a fault answers, a write."""
    requests.get(url + "/v1/incidents?limit=2&status=investigating", headers=AUTH, timeout=10)
    requests.options(url + "/v1/incidents", timeout=10,
                     headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"})
    requests.get(url + "/v1/components", headers={**AUTH, "Prefer": "code=503"}, timeout=10)
    requests.post(url + "/v1/incidents", headers={**AUTH, "X-Mockscaling-Token": "tok-secret-9876"}, timeout=10,
                  json={"title": "Checkout down", "severity": "high", "ownerId": "user_bob"})


def test_the_requests_table_shows_what_a_frontend_developer_needs(browser, served, tmp_path):  # noqa: F811
    errors: list[str] = []
    page = _page(browser, errors)
    _traffic(served)
    page.goto(served + "/")
    rows = page.locator("#requests tbody tr[data-request]")
    # The query string as sent, not a Python dict.
    assert page.locator("#requests td", has_text="/v1/incidents?limit=2&status=investigating").count() == 1
    # The preflight is hidden until the toggle shows it.
    preflight = page.locator("#requests tr.preflight")
    assert preflight.count() == 1 and not preflight.is_visible()
    page.check("#preflight-toggle")
    assert preflight.is_visible() and "OPTIONS" in preflight.inner_text()
    page.uncheck("#preflight-toggle")
    # The faulted request still names who sent it.
    faulted = rows.filter(has_text="/v1/components")
    assert "503" in faulted.inner_text() and faulted.locator("td").nth(4).inner_text() == "user_ada"
    # Times by the fake's clock, the wall clock on hover.
    assert faulted.locator("time").get_attribute("title").startswith("wall clock ")
    assert page.get_attribute("#clock", "title").startswith("the fake's clock; wall clock ")
    # A click shows the request's headers (secrets masked) and both bodies; it stays open across refreshes.
    rows.filter(has_text="POST").click()
    detail = page.locator("#request-detail")
    detail.wait_for()
    assert '"title": "Checkout down"' in detail.locator(".request-body").inner_text()
    assert '"status": "investigating"' in detail.locator(".response-body").inner_text()
    headers = detail.locator(".headers").inner_text()
    assert "Authorization: Bearer ****aaaa" in headers and "X-Mockscaling-Token: ****9876" in headers
    page.wait_for_timeout(4_500)  # two refreshes
    assert detail.is_visible() and ADMIN_KEY not in page.content() and "tok-secret" not in page.content()
    page.click("#close-detail")
    detail.wait_for(state="detached")
    page.screenshot(path=str(tmp_path / "console.png"), full_page=True)
    assert (tmp_path / "console.png").stat().st_size > 10_000
    assert errors == [], errors  # no CSP violation, no script error, through refreshes
    page.close()


def test_screenshots_of_the_console_and_the_status_page(browser, served, tmp_path):  # noqa: F811
    errors: list[str] = []
    page = _page(browser, errors)
    _traffic(served)
    shots: dict[str, Path] = {}
    for name, path, landmarks in (("console", "/", ["header", "[data-org=org_acme] .board", "#requests", "#pages", "#faults"]),
                                  ("status", "/status/acme", ["#banner", ".component", "#active-incidents"])):
        page.goto(served + path)
        for selector in landmarks:  # each part is on the page, drawn with a size
            box = page.locator(selector).first.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 10, (name, selector, box)
        shots[name] = tmp_path / f"{name}.png"
        page.screenshot(path=str(shots[name]), full_page=True)
    assert all(shot.stat().st_size > 10_000 for shot in shots.values())
    assert shots["console"].read_bytes() != shots["status"].read_bytes()
    assert errors == [], errors
    page.close()
