"""Serving an app over a real socket: waitress in the foreground (CLI) or in a background thread (tests)."""

from __future__ import annotations

import socket
import threading
from typing import Any

from waitress.server import create_server

from .web.network_faults import install_on_waitress


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free right now on `host`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class ThreadedServer:
    """A waitress server for `app` running in a daemon thread of this process (so tests share its store).

    Example::

        with ThreadedServer(create_app()) as server:
            requests.get(server.url + "/v1/incidents", headers=...)
    """

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, threads: int = 8) -> None:
        # port=0 lets the OS pick, which is safe under pytest-xdist (no two workers get the same port).
        self._server = install_on_waitress(create_server(
            app, host=host, port=port, threads=threads, clear_untrusted_proxy_headers=True, asyncore_loop_timeout=0.2
        ))
        self.host = host
        self.port = self._server.effective_port
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.run, name=f"mockscaling-{self.port}", daemon=True)

    def start(self) -> ThreadedServer:
        """Start serving; returns self."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        # Closing only the listener would leave keep-alive channels in waitress's socket map, and its
        # loop runs while that map is non-empty; close every channel so the loop ends at once. The
        # closing runs inside the loop's own thread (waitress's trigger): closing sockets from here
        # while that thread sits in select() makes it fail with EBADF.
        def close_all() -> None:
            for channel in list(self._server._map.values()):
                channel.close()

        if self._thread.is_alive():
            self._server.trigger.pull_trigger(close_all)
            self._thread.join(timeout=5)
        else:
            close_all()
        self._server.task_dispatcher.shutdown(timeout=1)

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def bind(app: Any, host: str, port: int, threads: int = 8) -> Any:
    """A waitress server for `app`, already listening on host:port (port 0: a free one); OSError if it cannot.

    Example::

        server = bind(create_app(), "127.0.0.1", 0)
        print(base_url(server)); run_bound(server)
    """
    server = install_on_waitress(create_server(app, host=host, port=port, threads=threads))
    server.mockscaling_app = app  # waitress keeps only its own wrapper of the app
    return server


def base_url(server: Any) -> str:
    """`http://host:port` of a bound server, with the port it really got and IPv6 hosts in brackets.

    Example::

        base_url(bind(app, "::1", 0))   # "http://[::1]:40123"
    """
    if hasattr(server, "effective_host"):
        host, port = str(server.effective_host), server.effective_port
    else:  # a MultiSocketServer (a host name with several addresses): name the first
        host, port = server.effective_listen[0][:2]
    return f"http://[{host}]:{port}" if ":" in str(host) else f"http://{host}:{port}"


def run_bound(server: Any) -> None:
    """Serve in the foreground until Ctrl-C, then close the listener."""
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def serve_forever(app: Any, host: str, port: int, threads: int = 8) -> None:
    """Serve `app` in the foreground until Ctrl-C."""
    run_bound(bind(app, host, port, threads=threads))
