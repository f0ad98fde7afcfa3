"""Where the app departs from Flask's defaults: answers written by orjson in the contract's field order, no cookie
sessions, and URL rules whose builders are compiled when first used."""

from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider
from flask.sessions import NullSession, SessionInterface
from werkzeug.routing import Rule

from .. import chosen


class ScalingJSONProvider(DefaultJSONProvider):
    """Flask's default JSON provider with `sort_keys` off (the contract's field order is the presenters'),
    and with every answer (`jsonify`, compact) written by orjson.

    Every answer of the fake is encoded here, so it is the one place where encoding speed shows in the
    per-request cost. orjson writes the same JSON as `json.dumps` for what the presenters build (str,
    int, bool, None, lists, dicts with str keys); non-ASCII text is sent as UTF-8, not as \\u escapes
    (chosen.ANSWER_ASCII_ONLY: with it on, answers go through `json.dumps` with escapes). Datetimes,
    dataclasses and str/int/dict/list subclasses still go through Flask's `default`; anything orjson
    cannot write (an int past 64 bits, a lone surrogate, a non-str key) is written by `json.dumps` as
    before. Other options (an indent in debug mode) go through `json.dumps`, exactly as Flask does.

    Example::

        app.json = ScalingJSONProvider(app)
    """

    sort_keys = False
    _ORJSON_OPTIONS = (
        orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
    )

    ensure_ascii = chosen.ANSWER_ASCII_ONLY

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if not self.ensure_ascii and kwargs == {"separators": (",", ":")}:
            try:
                return orjson.dumps(obj, default=self.default, option=self._ORJSON_OPTIONS).decode("utf-8")
            except (orjson.JSONEncodeError, TypeError):
                pass  # json.dumps below writes it, or raises the error Flask would
        return super().dumps(obj, **kwargs)

    def response(self, *args: Any, **kwargs: Any) -> Any:
        return self.answer(self._prepare_response_obj(args, kwargs))

    def answer(self, obj: Any, status: int = 200) -> Any:
        """`obj` as a JSON response with `status` (what `jsonify` makes; `data()` calls it for every answer).

        orjson's bytes (with the trailing newline Flask writes) go straight into the response: Flask's
        `response()` decodes them to text and the response encodes that text again.

        Example::

            return current_app.json.answer({"data": payload}, 201)
        """
        if not self.ensure_ascii and not ((self.compact is None and self._app.debug) or self.compact is False):
            try:
                body = orjson.dumps(obj, default=self.default, option=self._ORJSON_OPTIONS | orjson.OPT_APPEND_NEWLINE)
            except (orjson.JSONEncodeError, TypeError):
                pass  # Flask's response() below writes it with json.dumps, or raises the error Flask would
            else:
                return self._app.response_class(body, status, mimetype=self.mimetype)
        response = super().response(obj)
        response.status_code = status
        return response


class NoSessions(SessionInterface):
    """No cookie sessions: Scaling's API authenticates every request with its key and the fake keeps no
    per-browser state, so Flask's session machinery (a signing serializer looked up, a null session made
    and checked on every request) is skipped. `session` reads as an empty, read-only session.

    Example::

        class ScalingFlask(Flask):
            session_interface = NoSessions()
    """

    _EMPTY = NullSession()  # read-only (writing raises), so one instance serves every request

    def open_session(self, app: Any, request: Any) -> NullSession:
        return self._EMPTY

    def is_null_session(self, obj: object) -> bool:
        return True

    def save_session(self, app: Any, session: Any, response: Any) -> None:
        return None


class LazyBuildRule(Rule):
    """A URL rule whose builders (what `url_for` runs) are compiled on their first use, not when the rule is added.

    Werkzeug compiles two builders per rule (Python source through `ast` and `compile`) as the rule joins
    the map: for the fake's ~150 rules that was the largest part of `create_app`, and a test or a
    first answer builds no URL (only the console and a few redirects do). Matching is unchanged.

    Example::

        class App(Flask):
            url_rule_class = LazyBuildRule
    """

    def _compile_builder(self, append_unknown: bool = True) -> Any:
        name = "_build_unknown" if append_unknown else "_build"

        def build(rule: Rule, *args: Any, **kwargs: Any) -> Any:
            # First use: compile the real builder, keep it on the rule in place of this stand-in, run it.
            built = Rule._compile_builder(rule, append_unknown).__get__(rule, None)
            setattr(rule, name, built)
            return built(*args, **kwargs)

        return build
