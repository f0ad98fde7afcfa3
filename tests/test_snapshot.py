"""`mockscaling snapshot`: a busy fake read into a seed answers every GET the same when served again, and passes verify."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mockscaling import create_app, get_store
from mockscaling.domain.timefmt import format_time
from mockscaling.tools.cli import main
from mockscaling.web.server import ThreadedServer

from .snapshot_support import ADMIN, busy_source, every_get

KEY = ADMIN["Authorization"].split()[1]


def snapshot(url: str, *extra: str, key: str = KEY) -> tuple[int, str]:
    """Run `mockscaling snapshot` against `url`; (exit code, output)."""
    result = CliRunner().invoke(main, ["snapshot", "--from", url, "--api-key", key, *extra])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """The busy source, its snapshot (every incident), and a second fake served from the snapshot."""
    folder = tmp_path_factory.mktemp("snapshot")
    source = busy_source()
    requests_seen: list[tuple[str, str]] = []
    inner = source.wsgi_app

    def recording(environ, start_response):  # every request the snapshot sends, however many
        requests_seen.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return inner(environ, start_response)

    source.wsgi_app = recording
    with ThreadedServer(source) as server:
        code, output = snapshot(server.url, "-o", str(folder / "acme.json"), "--incidents", "10000", "--status-page", "acme")
    source.wsgi_app = inner
    assert code == 0, output
    copy = create_app(seed=str(folder / "acme.json"))
    get_store(copy).set_clock(freeze=get_store(source).now())
    return {"source": source, "copy": copy, "output": output, "path": folder / "acme.json", "requests": requests_seen}


def _keys(output: str) -> dict[str, str]:
    """role -> the fresh key printed at the end."""
    keys = {}
    for line in output.splitlines():
        if line.strip().startswith("API key "):
            words = line.split()
            keys[words[4].strip("()")] = words[2]
    return keys


def test_the_copy_answers_every_list_and_get_like_the_source(round_trip):
    admin_key = _keys(round_trip["output"])["org:admin"]
    expected = every_get(round_trip["source"], ADMIN)
    actual = every_get(round_trip["copy"], {"Authorization": f"Bearer {admin_key}"})
    assert len(expected) > 1000  # every incident with its updates, and the rest
    assert actual.keys() == expected.keys()
    for path, answer in expected.items():
        assert actual[path] == answer, path
    pages = [app.test_client().get("/status/acme.json").get_json() for app in (round_trip["source"], round_trip["copy"])]
    assert pages[0] == pages[1]


def test_the_snapshot_only_sent_gets_and_never_touched_the_control_plane(round_trip):
    requests = round_trip["requests"]
    assert len(requests) > 1000
    assert {method for method, _ in requests} == {"GET"}
    assert all(path.startswith("/v1/") for _, path in requests[:-1])
    assert requests[-1] == ("GET", "/status/acme.json")  # --status-page: the public page, without the key


def test_no_key_of_the_source_is_in_the_file_and_fresh_ones_are_printed(round_trip):
    text = round_trip["path"].read_text()
    store = get_store(round_trip["source"])
    assert not [key for key in store.api_keys if key in text]
    keys = _keys(round_trip["output"])
    assert set(keys) == {"org:admin", "org:member"}
    copy = get_store(round_trip["copy"])
    assert {role: copy.members[copy.api_keys[key].user_id].role for role, key in keys.items()} == {r: r for r in keys}
    assert round_trip["output"].rstrip().splitlines()[-1].strip().startswith("API key")  # printed at the end


def test_what_is_not_captured_is_listed(round_trip):
    output = round_trip["output"]
    assert "Not captured" in output
    for thing in ("status pages", "notification history", "other organizations"):
        assert thing in output
    document = json.loads(round_trip["path"].read_text())
    assert document["version"] == 2 and len(document["organizations"]) == 1
    assert [page["slug"] for page in document["organizations"][0]["statusPages"]] == ["acme"]  # only the one named


def test_verify_passes_against_the_copy(round_trip, tmp_path):
    keys = _keys(round_trip["output"])
    copy = create_app(seed=str(round_trip["path"]))
    with ThreadedServer(copy) as server:
        result = CliRunner().invoke(main, ["verify", "--base-url", server.url, "--api-key", keys["org:admin"],
                                           "--member-key", keys["org:member"]])
    assert result.exit_code == 0, result.output[-3000:]
    assert " 0 failed" in result.output


def test_open_escalations_carry_on_in_the_copy_as_in_the_source(tmp_path):
    source = busy_source()
    with ThreadedServer(source) as server:
        code, output = snapshot(server.url, "-o", str(tmp_path / "acme.json"), "--incidents", "1000")
    assert code == 0, output
    copy = create_app(seed=str(tmp_path / "acme.json"))
    source_store, copy_store = get_store(source), get_store(copy)
    copy_store.set_clock(freeze=source_store.now())
    taken_at = format_time(source_store.now())
    for store in (source_store, copy_store):
        store.set_clock(advance=6 * 3600)  # every pending step falls due, in both
    expected = every_get(source, ADMIN)
    actual = every_get(copy, {"Authorization": f"Bearer {_keys(output)['org:admin']}"})
    fired = 0
    for path, answer in expected.items():
        if path.startswith("/incidents/") and "events" in answer:
            # New events get ids of their own in each fake; their types, times and data must agree.
            assert [(e["type"], e["occurredAt"], e["data"]) for e in actual[path]["events"]] == [
                (e["type"], e["occurredAt"], e["data"]) for e in answer["events"]], path
            fired += sum(1 for e in answer["events"] if e["occurredAt"] > taken_at)
    assert fired  # escalations did fire after the snapshot


def test_the_snapshot_loads_as_it_is_for_test_authors(round_trip):
    import requests

    import mockscaling

    key = _keys(round_trip["output"])["org:admin"]
    expected = every_get(round_trip["source"], ADMIN)["/incidents?"][0]["incidents"][:5]
    with mockscaling.mock(seed=str(round_trip["path"])):
        answer = requests.get("https://api.scaling.cloud/v1/incidents?limit=5", headers={"Authorization": f"Bearer {key}"}, timeout=10)
    assert [i["id"] for i in answer.json()["data"]["incidents"]] == [i["id"] for i in expected]
