"""One error handler: each `KbError` kind (and each HTTP error) becomes its
status, as a page for people and as JSON under /api/.

Views raise; they never build error responses themselves, so a status is
decided in one place."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from kb.errors import KbError, TooManyAttempts
from web.i18n import translate_error
from web.notices import translate_index_error

log = logging.getLogger(__name__)

TITLES = {
    400: _l("That request could not be understood"),
    401: _l("Sign-in needed"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Already under way"),
    413: _l("Request too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
    502: _l("A source could not be reached"),
    503: _l("The search index is not available"),
}
# What an HTTP error means to a reader, in place of werkzeug's English
# descriptions (which stay in the log).
HTTP_MESSAGES = {
    400: _l("The browser sent a request this server could not understand."),
    404: _l("There is nothing at this address. It may have moved; try searching for it."),
    405: _l("This address does not accept that kind of request."),
    413: _l("The request is larger than this server accepts."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, kind: str, message: str):
    if wants_json():
        response = jsonify({"error": {"status": status, "kind": kind, "message": message}})
        response.status_code = status
        return response
    title = TITLES.get(status) or _("Error")
    return render_template("error.html", status=status, title=title, message=message), status


def _kb_error(exc: KbError):
    if exc.status >= 500:
        log.error("%s: %s", exc.kind, exc)
    if not str(exc):
        message = str(TITLES.get(exc.status) or _("Error"))
    elif getattr(exc, "template", None) or getattr(exc, "parts", None):
        message = translate_error(exc)
    else:
        message = translate_index_error(str(exc))
    response = error_response(exc.status, exc.kind, message)
    if isinstance(exc, TooManyAttempts) and exc.retry_after:
        response = make_response(response)
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def _csrf_error(exc: CSRFError):
    """A state-changing request without a valid CSRF token: refused, and the
    reader told how to get a good one."""
    log.info("CSRF refused on %s: %s", request.path, exc.description)
    return error_response(400, "csrf", _("This form has expired or did not come from this site. "
                                         "Reload the page and try again."))


def _http_error(exc: HTTPException):
    status = exc.code or 500
    kind = (exc.name or "error").lower().replace(" ", "-")
    message = HTTP_MESSAGES.get(status)
    return error_response(status, kind, str(message) if message else (exc.description or exc.name))


def _unexpected(exc: Exception):
    log.exception("unhandled error on %s", request.path)
    return error_response(500, "error", _("An unexpected error happened; it has been logged."))


def init_app(app: Flask) -> None:
    app.register_error_handler(KbError, _kb_error)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
