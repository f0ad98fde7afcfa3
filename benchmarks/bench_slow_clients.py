"""Slow clients at full scale: new clients of `mockscaling serve` are answered within a second while 1,010 connections
trickle a request head one header line every 5 seconds (more than the 1,000-connection limit).

Run: python benchmarks/bench_slow_clients.py [--connections 1010] [--seconds 30]

It starts `mockscaling serve` (default settings) on a free loopback port, times GET /v1/incidents from a new
connection 20 times with nothing else open (the baseline, same run), then opens the trickling connections
and times a new client every half second while they trickle. It prints the baseline and the trickle-time
median and worst latency, how many trickling connections the server closed (408 or evicted), and `ok` when
every new client was answered within 1 s. Every connection goes to 127.0.0.1; the run is bounded by
--seconds and stops by itself.
"""

from __future__ import annotations

import argparse
import os
import selectors
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
KEY = {"Authorization": "Bearer scl_live_" + "a" * 32}
TARGET_SECONDS = 1.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def new_client_seconds(url: str) -> float:
    """Seconds for one new connection to get GET /v1/incidents answered (10 s when it is not)."""
    started = time.perf_counter()
    try:
        with requests.Session() as session:
            session.get(url + "/v1/incidents", headers=KEY, timeout=10).raise_for_status()
    except requests.RequestException:
        return 10.0
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=1010)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between two header lines of a trickler")
    options = parser.parse_args()
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen([sys.executable, "-m", "mockscaling", "serve", "--port", str(port), "--quiet"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                requests.get(url + "/_mock/clock", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.05)
        baseline = [new_client_seconds(url) for _ in range(20)]

        selector = selectors.DefaultSelector()
        tricklers: list[socket.socket] = []
        for _ in range(options.connections):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.sendall(b"GET /v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
            tricklers.append(sock)
        closed: set[socket.socket] = set()
        during: list[float] = []
        deadline = time.monotonic() + options.seconds
        next_line = time.monotonic() + options.every
        next_probe = time.monotonic()
        while time.monotonic() < deadline:
            now = time.monotonic()
            if now >= next_line:
                for sock in tricklers:
                    if sock not in closed:
                        try:
                            sock.send(b"X-Slow: 1\r\n")
                        except OSError:
                            closed.add(sock)
                next_line = now + options.every
            if now >= next_probe:
                during.append(new_client_seconds(url))
                next_probe = time.monotonic() + 0.5
            for key, _ in selector.select(timeout=0.05):
                sock = key.fileobj
                try:
                    data = sock.recv(65536)  # type: ignore[union-attr]
                except OSError:
                    data = b""
                if not data or b"HTTP/1.1 408" in data:
                    closed.add(sock)  # type: ignore[arg-type]
                    selector.unregister(sock)
        for sock in tricklers:
            sock.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
    worst = max(during)
    print(f"baseline (nothing else open): median {statistics.median(baseline) * 1000:.1f} ms, "
          f"worst {max(baseline) * 1000:.1f} ms over {len(baseline)} new clients")
    print(f"with {options.connections} trickling connections: median {statistics.median(during) * 1000:.1f} ms, "
          f"worst {worst * 1000:.1f} ms over {len(during)} new clients; {len(closed)} tricklers closed by the server")
    print(("ok" if worst < TARGET_SECONDS else "MISSED") + f": every new client answered within {TARGET_SECONDS:g} s")
    return 0 if worst < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
