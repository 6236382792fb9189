"""One error handler: each `KbError` kind (and each HTTP error) becomes its
status, as a page for people and as JSON under /api/.

Views raise; they never build error responses themselves, so a status is
decided in one place."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from kb.errors import KbError

log = logging.getLogger(__name__)

TITLES = {
    400: "That request could not be understood",
    404: "Not found",
    405: "Method not allowed",
    413: "Request too large",
    500: "Something went wrong",
    502: "A source could not be reached",
    503: "The search index is not available",
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, kind: str, message: str):
    if wants_json():
        response = jsonify({"error": {"status": status, "kind": kind, "message": message}})
        response.status_code = status
        return response
    title = TITLES.get(status, "Error")
    return render_template("error.html", status=status, title=title, message=message), status


def _kb_error(exc: KbError):
    if exc.status >= 500:
        log.error("%s: %s", exc.kind, exc)
    return error_response(exc.status, exc.kind, str(exc) or TITLES.get(exc.status, "Error"))


def _http_error(exc: HTTPException):
    status = exc.code or 500
    kind = (exc.name or "error").lower().replace(" ", "-")
    return error_response(status, kind, exc.description or exc.name)


def _unexpected(exc: Exception):
    log.exception("unhandled error on %s", request.path)
    return error_response(500, "error", "An unexpected error happened; it has been logged.")


def init_app(app: Flask) -> None:
    app.register_error_handler(KbError, _kb_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
