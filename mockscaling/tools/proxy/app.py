"""The proxy's WSGI app: forward with `requests`, check with `Contract`, print a line, record, and report at exit."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import requests

from ..connection import connection_failure
from .checks import Contract, Exchange, mask_key

# Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the ones requests recomputes.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "host", "content-length", "content-encoding"}


def _json_or_text(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


class ValidatingProxy:
    """A WSGI app that forwards every request to `upstream` and checks the exchange against the contract.

    Example::

        proxy = ValidatingProxy("http://127.0.0.1:5050", echo=print, record_path="exchanges.jsonl")
        waitress.serve(proxy, port=5051)      # then point your client at http://127.0.0.1:5051
        proxy.write_reports(json_path="proxy.json", junit_path="proxy.xml")
    """

    def __init__(self, upstream: str, echo: Callable[[str], None] = print, record_path: str | None = None,
                 timeout: float = 30.0) -> None:
        self.upstream = upstream.rstrip("/")
        self.echo = echo
        self.timeout = timeout
        self.contract = Contract()
        self.exchanges: list[Exchange] = []
        self.session = requests.Session()
        self.lock = threading.Lock()  # one exchange at a time through the contract's incident memory
        self.record = open(record_path, "a", encoding="utf-8") if record_path else None  # noqa: SIM115 (closed in close())

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "") or "/"
        query_string = environ.get("QUERY_STRING", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items() if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        forwarded = {k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP}
        url = f"{self.upstream}{path}" + (f"?{query_string}" if query_string else "")
        try:
            upstream = self.session.request(method, url, data=raw or None, headers=forwarded, timeout=self.timeout,
                                            allow_redirects=False)
        except requests.RequestException as exc:
            failure = connection_failure(self.upstream, exc)
            self.echo(f"{method} {path} -> 502, {failure}")
            start_response("502 Bad Gateway", [("Content-Type", "text/plain")])
            return [f"mockscaling proxy: {failure}\n".encode()]
        exchange = Exchange(
            method=method, path=path, query=dict(parse_qsl(query_string, keep_blank_values=True)),
            headers={k.lower(): v for k, v in headers.items()}, body=_json_or_text(raw), status=upstream.status_code,
            response_headers={k.lower(): v for k, v in upstream.headers.items()}, response_body=_json_or_text(upstream.content),
        )
        with self.lock:
            self.contract.check(exchange)
            self.exchanges.append(exchange)
            self.echo(self.line(exchange))
            self._record(exchange)
        reason = upstream.reason or ""
        response_headers = [(k, v) for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP]
        response_headers.append(("Content-Length", str(len(upstream.content))))
        start_response(f"{upstream.status_code} {reason}".strip(), response_headers)
        return [upstream.content]

    @staticmethod
    def line(exchange: Exchange) -> str:
        """One line per exchange: `POST /v1/incidents -> 201 ok` or the violations after `VIOLATION`."""
        head = f"{exchange.method} {exchange.path} -> {exchange.status}"
        if not exchange.violations:
            return f"{head}  ok"
        return f"{head}  VIOLATION " + "; ".join(exchange.violations)

    def _record(self, exchange: Exchange) -> None:
        if self.record is None:
            return
        headers = {k: (mask_key(v) if k == "authorization" else v) for k, v in exchange.headers.items()}
        entry = {"method": exchange.method, "path": exchange.path, "query": exchange.query, "requestHeaders": headers,
                 "requestBody": exchange.body, "status": exchange.status, "responseHeaders": exchange.response_headers,
                 "responseBody": exchange.response_body, "operation": exchange.operation, "violations": exchange.violations}
        self.record.write(json.dumps(entry) + "\n")
        self.record.flush()

    def report(self) -> dict[str, Any]:
        """The JSON report: counts, and every exchange that broke the contract."""
        bad = [e for e in self.exchanges if e.violations]
        return {
            "tool": "mockscaling proxy", "upstream": self.upstream, "exchanges": len(self.exchanges),
            "withViolations": len(bad), "violations": sum(len(e.violations) for e in bad),
            "findings": [{"method": e.method, "path": e.path, "status": e.status, "operation": e.operation,
                          "violations": e.violations} for e in bad],
        }

    def write_reports(self, json_path: str | None = None, junit_path: str | None = None) -> None:
        """Write the JSON report and/or JUnit XML (one testcase per exchange, a failure per exchange with violations)."""
        if json_path:
            Path(json_path).write_text(json.dumps(self.report(), indent=2) + "\n", encoding="utf-8")
        if junit_path:
            bad = sum(1 for e in self.exchanges if e.violations)
            suite = ET.Element("testsuite", name="mockscaling proxy", tests=str(len(self.exchanges)), failures=str(bad),
                               errors="0", skipped="0")
            for number, exchange in enumerate(self.exchanges, 1):
                case = ET.SubElement(suite, "testcase", classname=f"proxy.{exchange.operation or 'unknown'}",
                                     name=f"{number:05d} {exchange.method} {exchange.path} -> {exchange.status}")
                if exchange.violations:
                    ET.SubElement(case, "failure", message=exchange.violations[0][:500]).text = "\n".join(exchange.violations)
            root = ET.Element("testsuites")
            root.append(suite)
            ET.ElementTree(root).write(junit_path, encoding="utf-8", xml_declaration=True)

    def close(self) -> None:
        """Close the recording file and the upstream session."""
        if self.record is not None:
            self.record.close()
            self.record = None
        self.session.close()
