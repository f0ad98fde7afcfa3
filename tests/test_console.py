"""The live console at `/`: server-rendered HTML of the fake, its JSON links, and a real browser driving it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests

from mockscaling import create_app, get_store
from mockscaling.web.server import ThreadedServer

from .support import ADMIN_KEY, BOB, GLOBEX_KEY, PRIMARY_SCHEDULE
from .test_browser import browser, sync_api  # noqa: F401 (the shared Chromium fixture)

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


def test_the_console_shows_incidents_by_status_journals_faults_and_the_clock(app, client):
    store = get_store(app)
    made = client.post("/v1/incidents", json={"title": "Queue stuck", "severity": "high", "ownerScheduleId": PRIMARY_SCHEDULE},
                       headers=AUTH).json["data"]
    other = client.post("/v1/incidents", json={"title": "Globex <b>mail</b>", "severity": "low", "ownerId": "user_gil"},
                        headers={"Authorization": f"Bearer {GLOBEX_KEY}"}).json["data"]
    client.patch(f"/v1/incidents/{other['id']}/status", json={"status": "identified"}, headers={"Authorization": f"Bearer {GLOBEX_KEY}"})
    store.add_fault("/v1/components", status=503, org_id="org_acme")
    reply = client.get("/")
    assert reply.status_code == 200 and reply.mimetype == "text/html"
    html = reply.get_data(as_text=True)
    acme = html.split('data-org="org_acme"', 1)[1].split('data-org="org_globex"', 1)[0]
    investigating = acme.split('data-status="investigating"', 1)[1].split('data-status="identified"', 1)[0]
    assert f'href="/_mock/incidents/{made["id"]}"' in investigating and "#1 Queue stuck" in investigating
    globex = html.split('data-org="org_globex"', 1)[1]
    identified = globex.split('data-status="identified"', 1)[1].split('data-status="monitoring"', 1)[0]
    assert "Globex &lt;b&gt;mail&lt;/b&gt;" in identified  # escaped, never markup
    assert 'data-fault="fault_1"' in html and "org_acme" in html.split('data-fault="fault_1"', 1)[1].split("</tr>", 1)[0]
    assert re.search(r'<td>POST</td>\s*<td title="/v1/incidents">/v1/incidents</td>', html)
    pages = html.split('id="pages"', 1)[1]
    assert "user_bob" in pages or "user_cy" in pages  # the schedule's on-call person was paged at once
    assert re.search(r'<time class="clock" id="clock" datetime="2026-04-07T10:00:00.000Z" title="the fake\'s clock; '
                     r'wall clock \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC">', html) and "(frozen)" in html


def test_the_console_is_not_journaled_faulted_or_cached(app, client):
    store = get_store(app)
    store.add_fault("*", status=500)
    reply = client.get("/")
    assert reply.status_code == 200
    assert reply.headers["Cache-Control"] == "no-store"
    assert "nonce-" in reply.headers["Content-Security-Policy"]
    assert [entry["path"] for entry in store.list_requests()] == []


def test_the_console_needs_nothing_the_csp_blocks(client):
    html = client.get("/").get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", client.get("/").headers["Content-Security-Policy"])
    assert nonce and not re.search(r"<[^>]*\s(style|on[a-z]+)=", html)  # no inline style, no inline handlers
    tags = re.findall(r"<(script|style)([^>]*)>", html)
    assert sorted(name for name, _ in tags) == ["script", "style"]
    assert all('nonce="' in attributes for _, attributes in tags)


def test_incident_links_open_its_json_without_a_key(app, client):
    made = client.post("/v1/incidents", json={"title": "Linked", "severity": "medium", "ownerId": BOB}, headers=AUTH).json["data"]
    peeked = client.get(f"/_mock/incidents/{made['id']}")
    assert peeked.status_code == 200
    assert peeked.json["data"] == client.get(f"/v1/incidents/{made['id']}", headers=AUTH).json["data"]
    missing = client.get("/_mock/incidents/0193e1a2-3b4c-7890-8000-000000000000")
    assert missing.status_code == 404 and missing.json["code"] == "not_found"


@pytest.fixture
def console_server() -> Iterator[str]:
    """A fresh fake on a socket, for the browser."""
    with ThreadedServer(create_app()) as server:
        yield server.url


def test_a_browser_sees_the_console_refresh_and_drives_it(browser, console_server, tmp_path):  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda line: errors.append(line.text) if line.type == "error" else None)  # a CSP violation too
    page.goto(console_server + "/")
    assert page.inner_text("[data-org=org_acme] h2").startswith("Acme Inc")

    # Created behind its back: it shows up on the next refresh, in the investigating column.
    created = requests.post(console_server + "/v1/incidents", headers=AUTH, timeout=10,
                            json={"title": "Checkout down", "severity": "critical", "ownerScheduleId": PRIMARY_SCHEDULE}).json()["data"]
    row = page.locator(f"[data-org=org_acme] [data-status=investigating] [data-incident='{created['id']}']")
    row.wait_for()
    assert "Checkout down" in row.inner_text() and "critical" in row.inner_text().lower()

    # Advance the clock by 15 minutes: escalation pages layer 2 (Ada), the pages table shows it.
    before = page.get_attribute("#clock", "datetime")
    page.click("button[data-advance='900']")
    page.locator(f"#clock:not([datetime='{before}'])").wait_for()  # (wait_for_function would need eval: CSP)
    page.locator("#pages tbody tr", has_text="user_ada").first.wait_for()

    # A fault plan appears; "Clear faults" removes it.
    requests.post(console_server + "/_mock/faults", json={"path": "/v1/components", "status": 503}, timeout=10)
    page.locator("#faults [data-fault]").first.wait_for()
    page.uncheck("#live-toggle")  # hold still while measuring (the buttons below still refresh after acting)
    page.wait_for_timeout(300)  # a refresh already in flight lands
    page.screenshot(path=str(tmp_path / "console.png"), full_page=True, caret="initial", animations="allow")
    layout = {status: page.locator(f"[data-org=org_acme] [data-status={status}]").bounding_box()
              for status in ("investigating", "identified", "monitoring", "resolved")}
    header = page.locator("header").bounding_box()
    assert (tmp_path / "console.png").stat().st_size > 10_000
    # The four columns sit side by side, left to right, on one row under the header.
    xs = [layout[s]["x"] for s in ("investigating", "identified", "monitoring", "resolved")]
    assert xs == sorted(xs) and len({round(box["y"]) for box in layout.values()}) == 1
    assert all(box["y"] > header["y"] + header["height"] for box in layout.values())
    assert page.inner_text("#faults").count("503") == 1
    page.click("#clear-faults")
    page.locator("#faults [data-fault]").first.wait_for(state="detached")

    # Reset (after confirming) brings back the seed: the incident is gone.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#reset")
    row.wait_for(state="detached")
    assert page.locator("[data-org=org_acme] [data-status=investigating] .empty").inner_text() == "none"
    # Reset also empties the request journal, and the console lists API traffic only (no /_mock calls).
    page.locator("#requests").get_by_text("No requests yet.").wait_for()
    assert errors == [], errors  # no CSP violation, no script error
    page.close()


def test_the_requests_table_as_served(app, client):
    # Without a browser: the query as sent, preflights marked, who sent a faulted request, details on request.
    client.get("/v1/incidents?limit=2&q=a%20b", headers=AUTH)
    client.options("/v1/incidents", headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"})
    client.get("/v1/components", headers={**AUTH, "Prefer": "code=503"})
    posted = client.post("/v1/incidents", headers={**AUTH, "X-Mockscaling-Token": "s3cr3t-token-42"},
                         json={"title": "Queue <stuck>", "severity": "low", "ownerId": BOB})
    assert [entry["userId"] for entry in get_store(app).list_requests()] == ["user_ada", None, "user_ada", "user_ada"]
    html = client.get("/").get_data(as_text=True)
    assert '<td title="/v1/incidents?limit=2&amp;q=a%20b">/v1/incidents?limit=2&amp;q=a%20b</td>' in html
    assert len(re.findall(r'<tr data-request="[^"]+" class="preflight">', html)) == 1
    faulted = html.split("/v1/components</td>", 1)[1].split("</tr>", 1)[0]
    assert ">503<" in faulted and '<td title="org_acme">user_ada</td>' in faulted
    assert "request-detail" not in html.split("</style>", 1)[1]  # nothing open until a row is clicked
    opened = client.get("/?request=" + posted.headers["X-Request-Id"]).get_data(as_text=True)
    detail = opened.split('<section id="request-detail"', 1)[1].split("</section>", 1)[0]
    assert "Authorization: Bearer ****aaaa" in detail and "X-Mockscaling-Token: ****n-42" in detail and "s3cr3t" not in opened
    assert "&#34;title&#34;: &#34;Queue &lt;stuck&gt;&#34;" in detail  # the bodies, escaped, never markup
    assert "status-2" in opened and ADMIN_KEY not in opened


def test_a_long_column_shows_its_count_and_links_the_rest(app, client, monkeypatch):
    """A column keeps its newest incidents; its head counts all of them and "N more" links to the full list."""
    from mockscaling import chosen

    monkeypatch.setattr(chosen, "CONSOLE_INCIDENTS_PER_STATUS", 3)
    made = [client.post("/v1/incidents", json={"title": f"n{n}", "severity": "low", "ownerId": BOB}, headers=AUTH).json["data"]
            for n in range(5)]
    html = client.get("/").get_data(as_text=True)
    column = html.split('data-org="org_acme"', 1)[1].split('data-status="investigating"', 1)[1].split('data-status="identified"', 1)[0]
    assert '<span class="count">5</span>' in column
    assert [f"#{n}" in column for n in (5, 4, 3, 2, 1)] == [True, True, True, False, False]
    link = re.search(r'<a class="more" href="([^"]+)">2 more</a>', column)
    assert link is not None
    listed = client.get(link.group(1).replace("&amp;", "&")).json["data"]
    assert [i["id"] for i in listed["incidents"]] == [i["id"] for i in reversed(made)]
    assert listed == client.get("/v1/incidents?status=investigating&limit=100", headers=AUTH).json["data"]
    assert 'class="more"' not in html.split('data-org="org_globex"', 1)[1].split('id="faults"', 1)[0]


def test_the_list_link_needs_a_known_organization(client):
    missing = client.get("/_mock/incidents?orgId=org_nobody")
    assert missing.status_code == 404
    assert (missing.json["statusCode"], missing.json["type"], missing.json["code"]) == (404, "invalid_request_error", "not_found")
    assert missing.json["requestId"] == missing.headers["X-Request-Id"]
    bad = client.get("/_mock/incidents?status=resolved")
    assert bad.status_code == 422 and bad.json["code"] == "invalid_query" and "orgId" in bad.json["message"]


def test_organizations_past_the_cap_are_one_line(app, client, monkeypatch):
    from mockscaling import chosen

    monkeypatch.setattr(chosen, "CONSOLE_ORGANIZATIONS", 2)
    store = get_store(app)
    for _ in range(3):
        store.create_tenant()
    html = client.get("/").get_data(as_text=True)
    assert html.count('class="organization"') == 2 and "3 more organizations" in html
