"""The waitress side of the "close" and "hang" network faults: a task that answers ConnectionDropped by closing
the connection (apart from web/network_faults.py so an in-process app never imports waitress)."""

from __future__ import annotations

from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, MultiSocketServer
from waitress.task import WSGITask

from .network_faults import ConnectionDropped


class _DroppingTask(WSGITask):
    """A waitress task that answers ConnectionDropped by closing the connection, writing nothing."""

    def service(self) -> None:
        try:
            super().service()
        except ConnectionDropped:
            self.close_on_finish = True


class DroppingChannel(HTTPChannel):
    task_class = _DroppingTask


def install_on_waitress(server: Any) -> Any:
    """Make a waitress server (from `create_server`) close connections for "close"/"hang" faults; returns it.

    Example::

        server = install_on_waitress(create_server(app, host="127.0.0.1", port=0))
    """
    if isinstance(server, MultiSocketServer):  # one listener per address (e.g. several --host values)
        for listener in list(server.map.values()):
            if isinstance(listener, BaseWSGIServer):
                listener.channel_class = DroppingChannel
    else:
        server.channel_class = DroppingChannel
    return server
