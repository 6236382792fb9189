"""Curators' pages: upload files, correct a document's fields, withdraw,
restore and delete it, list the withdrawn ones; the admins' audit log.

Views only read the form and call `kb.service`; the checks of values, the
storage and the audit log are `kb.curation`'s and the catalog's. Every POST
here passes Flask-WTF's CSRF check before it reaches a view."""
from __future__ import annotations

import os

from flask import Blueprint, Flask, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l

from kb import authz, service
from kb.curation import (EDITABLE, NEED_CONFIRM, InvalidChange, UploadedFile, card_key, field_values)
from kb.models import OUTCOMES, PRACTICE_FIELDS
from kb.settings import Settings
from kb.taxonomy.doctypes import DOC_TYPES
from web.authz import allowed, current_account, guard
from web.context import kb_context
from web.i18n import translate_error
from web.labels import facet_label
from web.views.documents import when
from web.views.practices import FIELD_LABELS as FIELD_LABELS_OF_CARDS, OUTCOME_LABELS

bp = Blueprint("curation", __name__)

UPLOAD_ENDPOINTS = frozenset({"curation.upload", "api_curation.upload"})
FILES_PER_REQUEST = 4        # the request may hold this many files of the largest size
AUDIT_PAGE = 50

FIELD_LABELS = {
    "title": _l("Title"), "countries": _l("Countries"), "doc_type": _l("Document type"),
    "year": _l("Year"), "topics": _l("Topics"), "language": _l("Language"),
    "organisation": _l("Organisation"),
}
FIELD_HINTS = {
    "countries": _l("ISO 3166 codes or names, separated by commas: FJI, Samoa"),
    "topics": _l("Topic slugs or names, separated by commas: e-services, open-data"),
    "language": _l("An ISO 639-1 code or a name: en, French"),
}
CARD_LABELS = FIELD_LABELS_OF_CARDS       # the card pages' own labels
ACTION_LABELS = {
    "upload": _l("upload"), "edit": _l("edit"), "withdraw": _l("withdraw"), "restore": _l("restore"),
    "delete": _l("delete"), "user-add": _l("account added"), "user-passwd": _l("password changed"),
    "user-role": _l("role changed"), "user-remove": _l("account removed"),
    "user-token": _l("API token issued"),
}


def init_app(app: Flask) -> None:
    """An upload's request may be larger than any other form: raised for
    those routes only, before the CSRF check reads the form."""
    @app.before_request
    def _upload_size() -> None:
        if request.endpoint in UPLOAD_ENDPOINTS and _may_upload():
            limit = kb_context().settings.limits.max_bytes
            request.max_content_length = FILES_PER_REQUEST * limit + 1024 * 1024


def _may_upload() -> bool:
    """Only an account that may upload gets the larger limit (by its session,
    or by the API token it sends): anyone else's large request is refused
    (413) before it is read, not spooled to disk and then refused."""
    if allowed("upload"):
        return True
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    user = kb_context().accounts.by_token(token.strip())
    return user is not None and authz.allowed("upload", user, private=kb_context().settings.is_private)


def _user() -> str:
    return current_account().name


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return str(value)


def uploaded_files(settings: Settings) -> list[UploadedFile]:
    """The files of the request, each read to one byte past the size limit
    (enough to say it is too large, without holding more)."""
    limit = settings.limits.max_bytes
    out = []
    for f in request.files.getlist("files"):
        if f is None or not (f.filename or f.content_length):
            continue                      # the empty part a form sends when no file was chosen
        data = f.read(limit + 1)
        size = len(data)
        if size > limit:
            f.stream.seek(0, os.SEEK_END)
            size = f.stream.tell()
        out.append(UploadedFile(f.filename or "", data, size))
    return out


def form_metadata() -> dict:
    """The curated metadata fields of an upload form (empty ones left out)."""
    return {name: request.form.get(name, "") for name in EDITABLE if request.form.get(name, "").strip()}


def audit_page_args() -> tuple[int, int]:
    page = max(1, min(request.args.get("page", 1, type=int) or 1, 100000))
    return (page - 1) * AUDIT_PAGE, AUDIT_PAGE


def _doc_types() -> list[tuple[str, str]]:
    return [(slug, facet_label("doc_type", slug)) for slug in DOC_TYPES]


# ------------------------------------------------------------------ upload

@bp.route("/upload", methods=["GET", "POST"])
@guard("upload")
def upload():
    ctx = kb_context()
    if request.method == "GET":
        return render_template("upload.html", values={}, error=None, report=None,
                               doc_types=_doc_types(), hints=FIELD_HINTS, labels=FIELD_LABELS,
                               max_mb=ctx.settings.max_file_mb)
    values = form_metadata()
    files = uploaded_files(ctx.settings)
    error, report, status = None, None, 200
    if not files:
        error, status = _("Choose at least one file to upload."), 400
    else:
        try:
            report = service.upload(ctx.curation, _user(), files, values)
        except InvalidChange as exc:
            error, status = translate_error(exc), 400
        else:
            status = 200 if report.added or report.unchanged else 422
    return render_template("upload.html", values=values, error=error, report=report,
                           doc_types=_doc_types(), hints=FIELD_HINTS, labels=FIELD_LABELS,
                           max_mb=ctx.settings.max_file_mb), status


# ------------------------------------------------------------------ edit

def _edit_form(doc, values: dict, error: str | None, status: int = 200):
    cards = []
    for number in range(1, len(doc.practices) + 2):          # the cards, and room for a new one
        cards.append({"number": number, "new": number > len(doc.practices),
                      "fields": [{"key": card_key(number, name), "name": name, "label": CARD_LABELS[name],
                                  "value": values.get(card_key(number, name), "")}
                                 for name in PRACTICE_FIELDS]})
    return render_template("edit.html", doc=doc, values=values, error=error, cards=cards,
                           doc_types=_doc_types(), hints=FIELD_HINTS, labels=FIELD_LABELS,
                           outcomes=OUTCOMES, outcome_labels=OUTCOME_LABELS, fields=EDITABLE), status


@bp.route("/documents/<id>/edit", methods=["GET", "POST"])
@guard("edit")
def edit(id: str):
    ctx = kb_context()
    doc, status = service.document_for_curators(ctx.index, ctx.curation, id)
    if request.method == "GET":
        return _edit_form(doc, {k: _shown(v) for k, v in field_values(doc).items()}, None)
    known = set(EDITABLE) | {card_key(n, f) for n in range(1, len(doc.practices) + 2) for f in PRACTICE_FIELDS}
    changes = {k: v for k, v in request.form.items() if k in known}
    try:
        service.edit(ctx.curation, _user(), id, changes)
    except InvalidChange as exc:
        return _edit_form(doc, dict(changes), translate_error(exc), 400)
    return redirect(url_for("documents.document", id=id), code=303)


# ------------------------------------------------------------------ withdraw, restore, delete

@bp.post("/documents/<id>/withdraw")
@guard("withdraw")
def withdraw(id: str):
    ctx = kb_context()
    service.withdraw(ctx.curation, _user(), id, request.form.get("reason", ""))
    return redirect(url_for("documents.document", id=id), code=303)


@bp.post("/documents/<id>/restore")
@guard("withdraw")
def restore(id: str):
    ctx = kb_context()
    service.restore(ctx.curation, _user(), id)
    return redirect(url_for("documents.document", id=id), code=303)


@bp.route("/documents/<id>/delete", methods=["GET", "POST"])
@guard("delete")
def delete(id: str):
    """A page that asks first; the POST must carry `confirm=yes`."""
    ctx = kb_context()
    doc, status = service.document_for_curators(ctx.index, ctx.curation, id)
    if request.method == "GET":
        return render_template("delete.html", doc=doc, status=status, error=None)
    if request.form.get("confirm") != "yes":
        return render_template("delete.html", doc=doc, status=status,
                               error=_(NEED_CONFIRM)), 400
    deleted = service.delete(ctx.curation, _user(), id)
    return render_template("deleted.html", doc=deleted)


@bp.get("/withdrawn")
@guard("withdraw")
def withdrawn():
    ctx = kb_context()
    rows = ctx.curation.withdrawn() if ctx.curation is not None else []
    return render_template("withdrawn.html", rows=rows)


# ------------------------------------------------------------------ audit

@bp.get("/audit")
@guard("view_audit")
def audit():
    offset, limit = audit_page_args()
    log = kb_context().audit
    total = log.count()
    page = offset // limit + 1
    return render_template("audit.html", entries=log.entries(offset=offset, limit=limit), total=total,
                           page=page, pages=max(1, -(-total // limit)), actions=ACTION_LABELS, when=when)


@bp.app_template_global()
def curator_actions(doc_id: str) -> dict:
    """What the signed-in account may do to a document (buttons shown)."""
    return {name: allowed(name) for name in ("edit", "withdraw", "delete")}


@bp.app_template_global()
def may(action: str) -> bool:
    """Whether the signed-in account may do `action` (links shown only to it)."""
    return allowed(action)
