"""The API's routes, errors and ETag caching."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from flask import Blueprint, Response, request, send_file
from flask.blueprints import BlueprintSetupState
from sqlalchemy import Engine
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from api import answers
from api.openapi import openapi_document
from api.params import (
    BadRequest,
    check_known,
    read_choice,
    read_kommune,
    read_region,
    read_runde,
    read_selection,
)
from landkort import reference as ref
from landkort.store import data_version
from landkort.views import compare

PREFIX = "/api/v1"
SELECTION = ("maal", "opgave", "gruppe", "region")
_CACHE_SIZE = 512
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AnswerCache:
    """Encoded answers keyed by ETag (the data version is part of the key)."""

    def __init__(self, size: int = _CACHE_SIZE):
        self.size = size
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.lock = Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            body = self.items.get(key)
            if body is not None:
                self.items.move_to_end(key)
            return body

    def put(self, key: str, body: bytes) -> None:
        with self.lock:
            self.items[key] = body
            while len(self.items) > self.size:
                self.items.popitem(last=False)


def etag_for(version: str, path: str, args: list[tuple[str, str]]) -> str:
    text = json.dumps([version, path, sorted(args)], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def encode(payload: object) -> bytes:
    """Compact UTF-8 JSON in which ``<``, ``>`` and ``&`` are escapes: a value the API
    echoes in an error message can never read as markup, whatever sniffs the answer."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_HTML_SAFE).encode()


def _json(payload, status: int = 200) -> Response:
    return Response(encode(payload), status=status, mimetype="application/json")


def _error(message: str, status: int, parameter: str | None = None) -> Response:
    payload = {"fejl": message, "status": status}
    if parameter:
        payload["parameter"] = parameter
    return _json(payload, status)


def _not_modified(etag: str) -> bool:
    return etag in request.if_none_match


def create_blueprint(engine: Engine) -> Blueprint:
    """The API on a database; mount it with ``server.register_blueprint``."""
    bp = Blueprint("api_v1", __name__, url_prefix=PREFIX)
    cache = AnswerCache()

    def data() -> compare.CompareData:
        with engine.connect() as conn:
            return compare.cached(conn)

    def cached_json(build: Callable[[compare.CompareData], object]) -> Response:
        d = data()
        etag = etag_for(d.version, request.path, list(request.args.items(multi=True)))
        headers = {"ETag": f'"{etag}"', "Cache-Control": "no-cache"}
        if _not_modified(etag):
            return Response(status=304, headers=headers)
        body = cache.get(etag)
        if body is None:
            body = encode(build(d))
            cache.put(etag, body)
        return Response(body, mimetype="application/json", headers=headers)

    @bp.errorhandler(BadRequest)
    def bad_request(error: BadRequest):
        return _error(error.message, error.status, error.parameter)

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 404:
            return _error(f"Adressen {request.path} findes ikke i API'et.", 404)
        if error.code == 405:
            return _error("API'et kan kun læses (GET).", 405)
        return _error(error.description or "Fejl", error.code or 500)

    @bp.get("/")
    def index():
        check_known(request.args, ())
        return cached_json(lambda _d: answers.index(PREFIX))

    @bp.get("/openapi.json")
    def openapi():
        check_known(request.args, ())
        return cached_json(lambda _d: openapi_document())

    @bp.get("/kommuner")
    def kommuner():
        check_known(request.args, ("region",))
        region = read_region(request.args)
        return cached_json(lambda _d: answers.kommuner(region))

    @bp.get("/regioner")
    def regioner():
        check_known(request.args, ())
        return cached_json(lambda _d: answers.regioner())

    @bp.get("/opgaver")
    def opgaver():
        check_known(request.args, ())
        return cached_json(lambda _d: answers.opgaver())

    @bp.get("/kanaler")
    def kanaler():
        check_known(request.args, ("retning",))
        retning = request.args.get("retning")
        if retning is not None:
            retning = read_choice(request.args, "retning", (ref.IND, ref.UD))
        return cached_json(lambda _d: answers.kanaler(retning))

    @bp.get("/runder")
    def runder():
        check_known(request.args, ())
        return cached_json(answers.runder)

    @bp.get("/maal")
    def maal():
        check_known(request.args, ())
        return cached_json(lambda _d: answers.maal())

    @bp.get("/tal")
    def tal():
        check_known(request.args, ("runde", *SELECTION))
        wanted = read_runde(request.args)
        read_selection(request.args, 1)  # check everything before touching the data

        def build(d: compare.CompareData):
            runde = wanted or (d.rounds[-1] if d.rounds else ref.RUNDER[-1].id)
            return answers.kommune_tal(d, read_selection(request.args, runde))

        return cached_json(build)

    @bp.get("/kommuner/<kommune>/serie")
    def serie(kommune: str):
        check_known(request.args, ("maal", "opgave", "gruppe"))
        kode = lookup_kommune_or_404(kommune)
        sel = read_selection(request.args, 1, region=False)
        return cached_json(lambda d: answers.kommune_serie(d, sel, kode))

    @bp.get("/hele-landet")
    def hele_landet():
        check_known(request.args, ("runde", *SELECTION))
        runde = read_runde(request.args)
        sel = read_selection(request.args, runde or 1)
        return cached_json(lambda d: answers.hele_landet(d, sel, runde))

    @bp.get("/eksport")
    def eksport():
        check_known(request.args, ("format", "runde", "kommune"))
        fmt = read_choice(request.args, "format", ("csv", "xlsx"))
        runde = read_runde(request.args)
        text = request.args.get("kommune")
        kode = read_kommune(text) if text is not None else None
        return export_response(engine, fmt, runde, kode)

    @bp.get("/<path:rest>")
    def unknown(rest: str):
        return _error(f"Adressen {request.path} findes ikke i API'et.", 404)

    bp.record_once(_api_errors_for_every_method)

    return bp


def _api_errors_for_every_method(state: BlueprintSetupState) -> None:
    """A method no route allows (POST, PUT …) is decided by URL matching, before any
    blueprint's error handlers apply, so the API answered it with the site-wide error.
    This handler on the app gives API addresses the API's own JSON and leaves every other
    address to the site's handler (``server.errors``)."""
    from server.errors import error_response

    @state.app.errorhandler(MethodNotAllowed)
    def _method_not_allowed(error: MethodNotAllowed) -> Response:
        allow = ", ".join(sorted(error.valid_methods or ("GET", "HEAD", "OPTIONS")))
        if request.path == PREFIX or request.path.startswith(PREFIX + "/"):
            response = _error("API'et kan kun læses (GET).", 405)
        else:
            response = error_response(405)
        response.headers["Allow"] = allow
        return response


def lookup_kommune_or_404(text: str) -> int:
    try:
        return read_kommune(text)
    except BadRequest as error:
        raise BadRequest(error.message, "kommune", status=404) from None


def export_response(engine: Engine, fmt: str, runde: int | None, kode: int | None) -> Response:
    """The database (or a round's / a kommune's part) in the interchange long shape."""
    from landkort.export.files import Busy, TooManyRows, export_file, export_name

    with engine.connect() as conn:
        version = data_version(conn)
        etag = etag_for(version, request.path, list(request.args.items(multi=True)))
        if _not_modified(etag):
            return Response(status=304, headers={"ETag": f'"{etag}"', "Cache-Control": "no-cache"})
        try:
            path = export_file(conn, fmt, runde, kode)
        except TooManyRows as error:
            raise BadRequest(str(error), "format") from None
        except Busy as error:
            busy = _error(str(error), 503)
            busy.headers["Retry-After"] = str(error.retry_after)
            busy.headers["Cache-Control"] = "no-store"
            return busy
    response = send_file(
        path,
        as_attachment=True,
        download_name=export_name(fmt, runde, kode),
        mimetype="text/csv" if fmt == "csv" else XLSX_MIMETYPE,
        etag=False,
        conditional=False,
    )
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Cache-Control"] = "no-cache"
    return response
