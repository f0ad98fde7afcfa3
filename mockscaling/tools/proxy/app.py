"""The proxy's WSGI app: forward with `requests`, check with `Contract`, print a line, record, and report at exit."""

from __future__ import annotations

import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import requests

from ... import chosen
from ...domain import errors
from ...domain.ids import IdSource
from ...web.errors import envelope_parts, generic_error
from ...web.guard import GuardSettings, check_request
from ..connection import connection_failure
from .checks import Contract, Exchange, mask_key

# Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus the ones requests recomputes.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "transfer-encoding", "upgrade", "host", "content-length", "content-encoding"}


# Characters a path may carry to the upstream as they are; anything else is percent-encoded again (waitress
# decoded PATH_INFO, so "%23" arrived as "#" and must not become a fragment, nor "%3F" a query).
PATH_SAFE = "/:@!$&'()*+,;=-._~"
STATE_PATH = "/_mock/state"  # the one path with the larger body cap, as in serve


def mask_secrets(value: Any, names: frozenset[str]) -> Any:
    """`value` (a parsed JSON body) with every member called one of `names` masked, at any depth.

    Example::

        mask_secrets({"token": "abcdefgh"}, frozenset({"token"}))   # {'token': '****efgh'}
    """
    if isinstance(value, dict):
        return {k: (_masked(v) if k.lower() in names else mask_secrets(v, names)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(item, names) for item in value]
    return value


def _masked(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return "****" + text[-4:] if len(text) > 8 else "****"


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
                 timeout: float = 30.0, *, guard: GuardSettings | None = None, forward_cookies: bool = False,
                 masked: Iterable[str] = (), max_body_bytes: int | None = None,
                 max_state_bytes: int | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        split = urlsplit(self.upstream)
        # Only the upstream's scheme and authority are ever used: a request target cannot name another host.
        self._origin = f"{split.scheme}://{split.netloc}"
        self._base_path = split.path
        self.echo = echo
        self.timeout = timeout
        self.guard = guard
        self.forward_cookies = forward_cookies
        self.masked_headers = chosen.JOURNAL_MASKED_HEADERS | chosen.PROXY_MASKED_HEADERS | {name.lower() for name in masked}
        # The console's ?token= is a secret too (a query parameter is masked like a body field).
        self.masked_fields = frozenset({chosen.CONTROL_TOKEN_QUERY, *(name.lower() for name in masked)})
        # serve's caps: one for every body, a larger one for POST /_mock/state (None: no cap of the proxy's own)
        self.max_body_bytes = max_body_bytes
        self.max_state_bytes = max_state_bytes or max_body_bytes
        self.config = {"MAX_CONTENT_LENGTH": max_body_bytes, "MOCKSCALING_MAX_STATE_BYTES": max_state_bytes}  # make_server's
        self.ids = IdSource()
        self.contract = Contract()
        self.exchanges: list[Exchange] = []
        self.session = requests.Session()
        # No cookie jar shared between clients, no proxy settings, .netrc credentials or CA paths from the environment.
        self.session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        self.session.trust_env = False
        self.lock = threading.Lock()  # one exchange at a time through the contract's incident memory
        self.record = open(record_path, "a", encoding="utf-8") if record_path else None  # noqa: SIM115 (closed in close())

    def _refuse(self, error: errors.ScalingError, start_response: Callable[..., Any]) -> Iterable[bytes]:
        status, headers, body = envelope_parts(error, self.ids.request_id())
        start_response(status, headers)
        return [body]

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "") or "/"
        query_string = environ.get("QUERY_STRING", "")
        if not path.startswith("/"):  # "@otherhost:port/x" would otherwise become the upstream URL's authority
            target = generic_error(400, "Bad Request", "The request target must be a path starting with /.")
            return self._refuse(target, start_response)
        try:
            if self.guard is not None:
                check_request(self.guard, environ)
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except errors.ScalingError as exc:
            return self._refuse(exc, start_response)
        except ValueError:
            return self._refuse(generic_error(400, "Bad Request", "Content-Length must be a number."), start_response)
        cap = self.max_state_bytes if path == STATE_PATH else self.max_body_bytes
        if cap is not None and length > cap:
            return self._refuse(generic_error(413, "Request Entity Too Large", f"The body is over {cap} bytes."), start_response)
        raw = environ["wsgi.input"].read(length) if length else b""
        headers = {key[5:].replace("_", "-").title(): value for key, value in environ.items() if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        dropped = HOP_BY_HOP if self.forward_cookies else HOP_BY_HOP | {"cookie"}
        forwarded = {k: v for k, v in headers.items() if k.lower() not in dropped}
        url = f"{self._origin}{self._base_path}{quote(path, safe=PATH_SAFE)}" + (f"?{query_string}" if query_string else "")
        try:
            upstream = self.session.request(method, url, data=raw or None, headers=forwarded, timeout=self.timeout,
                                            allow_redirects=False)
        except requests.RequestException as exc:
            failure = connection_failure(self.upstream, exc)
            self.echo(f"{method} {path} -> 502, {failure}")
            return self._refuse(errors.BadGateway(f"mockscaling proxy: {failure}"), start_response)
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
        entry = {"method": exchange.method, "path": exchange.path, "query": mask_secrets(exchange.query, self.masked_fields),
                 "requestHeaders": self._mask_headers(exchange.headers),
                 "requestBody": mask_secrets(exchange.body, self.masked_fields), "status": exchange.status,
                 "responseHeaders": self._mask_headers(exchange.response_headers),
                 "responseBody": mask_secrets(exchange.response_body, self.masked_fields), "operation": exchange.operation,
                 "violations": exchange.violations}
        self.record.write(json.dumps(entry) + "\n")
        self.record.flush()

    def _mask_headers(self, headers: dict[str, str]) -> dict[str, str]:
        """Secrets as the journal keeps them: Authorization as `Bearer scl_live_…abcd`, the others `****abcd`."""
        return {k: (mask_key(v) if k == "authorization" else _masked(v)) if k in self.masked_headers else v
                for k, v in headers.items()}

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
