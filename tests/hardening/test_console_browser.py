"""The console on a server with a control token, in a real browser: opened with ?token=, its refreshes and
buttons carry the token (N2: before, the page was open to all and its buttons answered 401)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mockscaling import chosen, create_app, get_store
from mockscaling.web.server import ThreadedServer

from ..test_browser import browser  # noqa: F401 - the fixture (Debian's Chromium under Playwright)

pytestmark = pytest.mark.socket
TOKEN = "browser-t0ken"
START = datetime(2026, 4, 7, 10, tzinfo=UTC)


def test_the_console_opened_with_the_token_drives_the_control_plane(browser):  # noqa: F811
    app = create_app(config={"MOCKSCALING_GUARD": True, "MOCKSCALING_CONTROL_TOKEN": TOKEN},
                     cors_origins=list(chosen.DEFAULT_CORS_ORIGINS))
    store = get_store(app)
    store.set_clock(freeze=START)
    store.add_fault("/v1/*", status=500)
    with ThreadedServer(app) as server:
        page = browser.new_page()
        try:
            assert page.goto(server.url + "/").status == 401  # without the token: nothing shown
            assert page.goto(f"{server.url}/?token={TOKEN}").status == 200
            page.click("[data-advance='60']")
            # A selector, not wait_for_function: its polling evaluates a string, which the console's CSP refuses
            # (the test failed whenever the clock had not moved yet at the first check).
            page.locator("#clock:not([datetime='2026-04-07T10:00:00.000Z'])").wait_for()
            page.click("#clear-faults")
            page.wait_for_selector("#faults td.empty")
            page.wait_for_timeout(chosen.CONSOLE_REFRESH_SECONDS * 1000 + 500)  # a refresh, sent with the token
            message = page.inner_text("#message")
        finally:
            page.close()
    assert message == ""
    assert store.clock.now() == START + timedelta(seconds=60)
    assert store.list_faults() == []
