"""URL converters of the API blueprint: ids that never swallow a sibling literal path segment."""

from __future__ import annotations

import re
from typing import Any

from flask.blueprints import BlueprintSetupState
from werkzeug.routing import BaseConverter, Map

from .api import api


class IdExceptConverter(BaseConverter):
    """A path id matching any segment except the given literals.

    `/layers/order` (PUT) and `/layers/<layerId>` (PUT, PATCH, DELETE) share a shape; without this,
    `DELETE …/layers/order` would reach the single-layer route (422 invalid_path) instead of answering
    405 with `Allow: PUT`, and the 405 of `…/members/invite` would advertise the member route's DELETE.

    Example::

        @api.delete('/oncall/schedules/<schedule_id>/layers/<id_except("order"):layer_id>')
    """

    def __init__(self, url_map: Map, *words: Any) -> None:
        super().__init__(url_map)
        self.regex = "(?!(?:%s)$)[^/]+" % "|".join(re.escape(str(word)) for word in words)


@api.record_once
def _register_converters(state: BlueprintSetupState) -> None:
    # Runs before the rules that follow this module's import are added to the app's url_map.
    state.app.url_map.converters["id_except"] = IdExceptConverter
