"""Serving an app over a real socket: waitress in the foreground (CLI) or in a background thread (tests)."""

from __future__ import annotations

import logging
import socket
import threading
from typing import Any

from waitress.server import create_server
from waitress.task import ThreadedTaskDispatcher

from .. import chosen
from .front import install_front
from .dropping import install_on_waitress

CONTROL_PREFIX = "/_mock"


class QueueDepthLog:
    """Where waitress's "Task queue depth is N" goes: the `mockscaling.server` logger, at DEBUG.

    waitress warns whenever a request waits for a free worker. For a fake under a test suite's or a browser's
    bursts that is the normal case, not an operator's alarm: as a warning it filled captured test logs and,
    under 16 clients, cost the server a log record per queued request in pytest's capture (a fifth of its
    throughput). Turn the logger to DEBUG to see it.

    Example::

        logging.getLogger("mockscaling.server").setLevel(logging.DEBUG)
    """

    _logger = logging.getLogger("mockscaling.server")

    def warning(self, message: str, *args: Any) -> None:
        """Log waitress's queue warning at DEBUG (a level check, nothing more, while DEBUG is off)."""
        self._logger.debug(message, *args)


class ControlFirstDispatcher(ThreadedTaskDispatcher):
    """waitress's worker pool, plus a small pool of its own for /_mock requests.

    A latency or hang fault holds an API worker for its whole delay; with every worker held, a request to
    reset the fake or clear the faults would wait behind them (9.5 s in the attack pass). Routing each
    request by its path keeps the control plane answering at once.

    Example::

        create_server(app, _dispatcher=ControlFirstDispatcher(threads=8, control_threads=2))
    """

    def __init__(self, threads: int = chosen.SERVE_THREADS, control_threads: int = chosen.SERVE_CONTROL_THREADS) -> None:
        super().__init__()
        self.queue_logger = QueueDepthLog()  # this pool's only: other waitress servers in the process keep theirs
        self.control = ThreadedTaskDispatcher()
        self.control.queue_logger = self.queue_logger
        self.control.set_thread_count(control_threads)
        self.set_thread_count(threads)

    def add_task(self, task: Any) -> None:
        """Queue `task` (a channel with its next request first) on the pool its path belongs to."""
        requests = getattr(task, "requests", None)
        path = getattr(requests[0], "path", "") if requests else ""
        if path == CONTROL_PREFIX or str(path).startswith(CONTROL_PREFIX + "/"):
            self.control.add_task(task)
        else:
            super().add_task(task)

    def shutdown(self, cancel_pending: bool = True, timeout: float = 5) -> bool:
        """Stop both pools."""
        self.control.shutdown(cancel_pending=cancel_pending, timeout=timeout)
        return super().shutdown(cancel_pending=cancel_pending, timeout=timeout)


def make_server(
    app: Any,
    host: str,
    port: int,
    *,
    threads: int = chosen.SERVE_THREADS,
    connection_limit: int = chosen.SERVE_CONNECTION_LIMIT,
    idle_timeout: int = chosen.SERVE_IDLE_TIMEOUT,
    cleanup_interval: int = chosen.SERVE_CLEANUP_INTERVAL,
    head_deadline: float = chosen.SERVE_HEAD_DEADLINE,
    request_deadline: float = chosen.SERVE_REQUEST_DEADLINE,
    **adjustments: Any,
) -> Any:
    """A bound (not yet running) waitress server for `app` with mockscaling's connection settings (chosen/).

    Example::

        server = make_server(app, "127.0.0.1", 5050, connection_limit=200, idle_timeout=5)
        server.run()
    """
    # waitress buffers a whole body before the app sees it; past the app's largest limit it need not even
    # read it (its own 413, in the envelope: web/front.py), so a 1 GiB upload never reaches a temporary file.
    config = getattr(app, "config", {})
    largest = max(config.get("MAX_CONTENT_LENGTH") or chosen.MAX_BODY_BYTES,
                  config.get("MOCKSCALING_MAX_STATE_BYTES") or chosen.MAX_STATE_BODY_BYTES)
    adjustments.setdefault("max_request_body_size", largest + 64 * 1024)
    adjustments.setdefault("max_request_header_size", chosen.SERVE_MAX_HEADER_BYTES)
    server = install_on_waitress(create_server(
        app, host=host, port=port, threads=threads,
        connection_limit=connection_limit, channel_timeout=idle_timeout,
        cleanup_interval=min(cleanup_interval, idle_timeout, head_deadline), asyncore_use_poll=True,
        clear_untrusted_proxy_headers=True,
        _dispatcher=ControlFirstDispatcher(threads=threads),
        **adjustments,
    ))
    # waitress's own refusals in the envelope, deadlines for slow requests, room made at the connection limit
    return install_front(server, head_deadline=head_deadline, request_deadline=request_deadline)


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

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, threads: int = chosen.SERVE_THREADS, **options: Any) -> None:
        # port=0 lets the OS pick, which is safe under pytest-xdist (no two workers get the same port).
        # `options`: make_server's connection settings (connection_limit, idle_timeout, cleanup_interval).
        self._server = make_server(app, host, port, threads=threads, asyncore_loop_timeout=0.2, **options)
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

        if not self._thread.is_alive():
            close_all()  # never started, or its loop already ended
        else:
            try:
                self._server.trigger.pull_trigger(close_all)
            except OSError:
                # The wake-up pipe's descriptor was already closed (EBADF, seen once in a long serial run):
                # the loop cannot be asked to close its channels, and closing them from here would close
                # that descriptor number again (possibly reused by now). The loop is a daemon thread
                # polling sockets nobody uses; it is left to the process's exit.
                return
            self._thread.join(timeout=5)
        self._server.task_dispatcher.shutdown(timeout=1)

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def bind(app: Any, host: str, port: int, threads: int = chosen.SERVE_THREADS, **options: Any) -> Any:
    """A waitress server for `app`, already listening on host:port (port 0: a free one); OSError if it cannot.
    `options`: make_server's connection settings (connection_limit, idle_timeout, ...).

    Example::

        server = bind(create_app(), "127.0.0.1", 0)
        print(base_url(server)); run_bound(server)
    """
    server = make_server(app, host, port, threads=threads, **options)
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


def serve_forever(app: Any, host: str, port: int, threads: int = chosen.SERVE_THREADS, **options: Any) -> None:
    """Serve `app` in the foreground until Ctrl-C (`options`: make_server's connection settings)."""
    run_bound(bind(app, host, port, threads=threads, **options))
