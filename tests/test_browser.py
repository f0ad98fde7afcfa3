"""A real browser (Playwright + Debian's Chromium): a page on another origin drives the API through CORS,
then the public status page shows a customer only what they may see."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from mockscaling import chosen, create_app
from mockscaling.web.server import ThreadedServer

from .support import ADMIN_KEY, API_COMPONENT, BOB

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")

CHROMIUM = "/usr/bin/chromium"
# The flags this machine needs (no GPU, no sandbox as root, no background calls to Google's hosts).
# Playwright's launch() gives every browser a fresh, empty profile directory of its own.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

PUBLIC_MESSAGE = "Payments are failing for some customers; a fix is rolling out."
INTERNAL_NOTE = "INTERNAL-NOTE-db-primary-failover-4417"
RESOLUTION_NOTE = "RESOLUTION-NOTE-rolled-back-release-9902"

# The frontend under test: plain HTML + JS, served from its own origin, talking to the fake with fetch.
FRONTEND = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Acme ops console</title></head>
<body>
<button id="open">Open incident</button> <button id="resolve">Resolve</button>
<p id="state">idle</p>
<script>
const API = new URLSearchParams(location.search).get("api");
const KEY = "{ADMIN_KEY}";
const requestIds = [];
let incidentId = null;
async function call(method, path, body) {{
  const response = await fetch(API + path, {{
    method,
    headers: {{"Authorization": "Bearer " + KEY, "Content-Type": "application/json"}},
    body: body === undefined ? undefined : JSON.stringify(body),
  }});
  requestIds.push(response.headers.get("X-Request-Id"));
  const data = await response.json();
  if (!response.ok) throw new Error(method + " " + path + " -> " + response.status + " " + data.code);
  return data.data;
}}
async function step(label, work) {{
  const state = document.getElementById("state");
  try {{ await work(); state.textContent = label; }} catch (error) {{ state.textContent = "error: " + error.message; }}
}}
document.getElementById("open").onclick = () => step("opened", async () => {{
  const incident = await call("POST", "/v1/incidents", {{title: "Payments failing", severity: "high",
    ownerId: "{BOB}", componentIds: ["{API_COMPONENT}"], description: "staff-only description"}});
  incidentId = incident.id;
  await call("PATCH", `/v1/incidents/${{incidentId}}/status`, {{status: "identified"}});
  await call("POST", `/v1/incidents/${{incidentId}}/updates`, {{visibility: "public", body: "{PUBLIC_MESSAGE}"}});
  await call("POST", `/v1/incidents/${{incidentId}}/updates`, {{visibility: "internal", body: "{INTERNAL_NOTE}"}});
}});
document.getElementById("resolve").onclick = () => step("resolved", async () => {{
  await call("PATCH", `/v1/incidents/${{incidentId}}/status`, {{status: "monitoring"}});
  await call("PATCH", `/v1/incidents/${{incidentId}}/status`, {{status: "resolved", resolutionNote: "{RESOLUTION_NOTE}"}});
}});
async function probe(base) {{  // a server that sends no CORS headers: the browser must refuse to hand over the answer
  try {{ await fetch(base + "/_mock/clock"); return "readable"; }} catch (error) {{ return "blocked"; }}
}}
</script>
</body></html>
"""


class _FrontendHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        payload = FRONTEND.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def frontend_url() -> Iterator[str]:
    """The frontend page, served from its own origin (another port)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FrontendHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_url() -> Iterator[str]:
    """The fake with the CORS origins `mockscaling serve` allows by default."""
    with ThreadedServer(create_app(cors_origins=list(chosen.DEFAULT_CORS_ORIGINS))) as server:
        yield server.url


@pytest.fixture
def browser():
    """Debian's Chromium under Playwright; skipped only where it cannot be found or launched."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        except sync_api.Error as exc:
            pytest.skip(f"{CHROMIUM} could not be launched: {str(exc).splitlines()[0]}")
        yield launched
        launched.close()


def customer_view(browser, fake_url: str) -> dict[str, str]:
    """What a customer's browser shows on /status/acme: banner status and the visible text."""
    page = browser.new_page()
    try:
        page.goto(f"{fake_url}/status/acme")
        return {"banner": page.get_attribute("#banner", "data-status"), "text": page.inner_text("body"),
                "html": page.content()}
    finally:
        page.close()


def test_frontend_on_another_origin_walks_an_incident_and_customers_see_only_public_data(
    browser, frontend_url, fake_url, live_server_url, tmp_path
):
    console = browser.new_page()
    console.set_default_timeout(15_000)
    console.goto(f"{frontend_url}?api={fake_url}")
    assert console.evaluate("location.origin") != fake_url  # really cross-origin

    console.click("#open")
    console.wait_for_function("document.getElementById('state').textContent !== 'idle'")
    assert console.inner_text("#state") == "opened"
    during = customer_view(browser, fake_url)
    assert during["banner"] == "partial_outage"
    assert "Payments failing" in during["text"] and PUBLIC_MESSAGE in during["text"]
    assert INTERNAL_NOTE not in during["html"] and "staff-only description" not in during["html"]

    console.click("#resolve")
    console.wait_for_function("document.getElementById('state').textContent !== 'opened'")
    assert console.inner_text("#state") == "resolved"
    # The exposed X-Request-Id header was readable by the page's script on every call.
    request_ids = console.evaluate("requestIds")
    assert len(request_ids) == 6 and all(isinstance(rid, str) and len(rid) == 36 for rid in request_ids)

    after = customer_view(browser, fake_url)
    assert after["banner"] == "operational"
    assert "All systems operational" in after["text"]
    assert PUBLIC_MESSAGE in after["text"]  # in the 90-day history
    for secret in (INTERNAL_NOTE, RESOLUTION_NOTE, "staff-only description", "Bob Member", "user_bob"):
        assert secret not in after["html"], secret

    # A fake made by plain create_app() (the suite's server) sends no CORS headers: the browser blocks it.
    assert console.evaluate("base => probe(base)", live_server_url) == "blocked"
    assert console.evaluate("base => probe(base)", fake_url) == "readable"
    console.screenshot(path=str(tmp_path / "console.png"))
