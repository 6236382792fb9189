"""The JSON API's write routes, for curators' scripts: correct a document's
fields, withdraw and restore it, delete it, upload files; and the audit log
(read by an admin's token or session).

A script authenticates with an API token (`kb users token NAME`) in an
`Authorization: Bearer …` header, and needs no CSRF token: a browser never
sends that header by itself, so another site cannot forge such a request. A
request without the header is a browser's (its session cookie), and then the
CSRF token is required as on every form."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Blueprint, Flask, current_app, g, jsonify, request
from kb import service
from kb.audit import entry_to_dict
from kb.curation import NEED_CONFIRM, InvalidChange
from kb.errors import Unauthorized
from kb.serialize import public_document_dict
from web.authz import authorize, current_account, guard
from web.context import kb_context
from web.views.curation import audit_page_args, form_metadata, uploaded_files

bp = Blueprint("api_curation", __name__, url_prefix="/api")

def N_(msgid: str) -> str:
    """Marks a message id for the catalogs; the error handler translates it."""
    return msgid


BAD_TOKEN = N_("That API token is not valid (it may have been replaced or its account removed).")


def token_or_csrf(view: Callable) -> Callable:
    """A bearer token names the account; without one, the CSRF token of the
    session is checked. Runs before `@guard`, so a forged request is refused
    (400) before anyone is asked who they are."""
    @wraps(view)
    def checked(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _sep, token = header.partition(" ")
            user = kb_context().accounts.by_token(token.strip()) if scheme.lower() == "bearer" else None
            if user is None:
                error = Unauthorized(BAD_TOKEN)
                error.template, error.params = BAD_TOKEN, {}
                raise error
            g.kb_token_user = user
        else:
            current_app.extensions["csrf"].protect()
        return view(*args, **kwargs)

    return checked


def _body() -> dict:
    """The fields of a JSON body, or of a form (multipart for uploads)."""
    if request.is_json:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            raise InvalidChange(N_BAD_JSON)
        return data
    return {k: (v if len(v) > 1 else v[0]) for k, v in request.form.to_dict(flat=False).items()
            if k != "csrf_token"}


N_BAD_JSON = N_("The request body must be a JSON object of fields and values.")


def _user() -> str:
    return current_account().name


def _document_json(doc) -> dict:
    ctx = kb_context()
    data = public_document_dict(doc, pages=False)
    status = ctx.curation.status(doc.id)
    data["withdrawn"] = status.withdrawn
    if status.withdrawal:
        data["withdrawal"] = {"reason": status.withdrawal.reason, "by": status.withdrawal.user,
                              "at": status.withdrawal.at.isoformat()}
    data["corrections"] = [{"field": c.field, "by": c.user, "at": c.at.isoformat()}
                           for c in status.corrections]
    return data


@bp.patch("/documents/<id>")
@token_or_csrf
@guard("edit")
def edit(id: str):
    """Correct fields: a JSON object such as {"countries": ["FJI"], "title": "…"}."""
    doc = service.edit(kb_context().curation, _user(), id, _body())
    return jsonify(_document_json(doc))


@bp.post("/documents/<id>/withdraw")
@token_or_csrf
@guard("withdraw")
def withdraw(id: str):
    body = _body()
    ctx = kb_context()
    service.withdraw(ctx.curation, _user(), id, body.get("reason"))
    return jsonify(_document_json(ctx.curation.document(id)))


@bp.post("/documents/<id>/restore")
@token_or_csrf
@guard("withdraw")
def restore(id: str):
    doc = service.restore(kb_context().curation, _user(), id)
    return jsonify(_document_json(doc))


@bp.delete("/documents/<id>")
@token_or_csrf
@guard("delete")
def delete(id: str):
    """Delete for good; `confirm=yes` (query, form or JSON) is required."""
    confirm = request.args.get("confirm") or _body().get("confirm")
    if str(confirm).lower() not in ("yes", "true", "1"):
        raise InvalidChange(NEED_CONFIRM)
    doc = service.delete(kb_context().curation, _user(), id)
    return jsonify({"deleted": doc.id, "title": doc.title})


@bp.post("/uploads")
@token_or_csrf
@guard("upload")
def upload():
    """Multipart: one or more `files` and the curated metadata fields."""
    ctx = kb_context()
    report = service.upload(ctx.curation, _user(), uploaded_files(ctx.settings), form_metadata())
    data = report.to_dict()
    status = 201 if report.added else (200 if report.unchanged else 422)
    return jsonify(data), status


@bp.get("/audit")
@token_or_csrf          # a GET: the session needs no CSRF token, a script may use its token
@guard("view_audit")
def audit():
    offset, limit = audit_page_args()
    log = kb_context().audit
    return jsonify({"total": log.count(), "offset": offset, "limit": limit,
                    "entries": [entry_to_dict(e) for e in log.entries(offset=offset, limit=limit)]})


def init_app(app: Flask) -> None:
    """The blueprint checks CSRF itself (`token_or_csrf`)."""
    app.extensions["csrf"].exempt(bp)
