"""The app's JSON provider: Flask's, keeping the contract's field order and reusing one encoder per shape."""

from __future__ import annotations

import json
from typing import Any

from flask.json.provider import DefaultJSONProvider


class ScalingJSONProvider(DefaultJSONProvider):
    """Flask's default JSON provider with `sort_keys` off (the contract's field order is the presenters'),
    and with the encoder behind `jsonify` built once instead of on every response.

    `json.dumps` with any non-default option builds a new JSONEncoder per call; every answer of the fake
    goes through here, so the compact encoder `response` uses is kept. Other options still go through
    `json.dumps`, exactly as Flask does.

    Example::

        app.json = ScalingJSONProvider(app)
    """

    sort_keys = False

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self._compact = json.JSONEncoder(
            default=self.default, ensure_ascii=self.ensure_ascii, sort_keys=self.sort_keys, separators=(",", ":")
        )

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs == {"separators": (",", ":")}:
            return self._compact.encode(obj)
        return super().dumps(obj, **kwargs)
