"""Exports of a search or of one document as CSV, RIS, BibTeX or CSL-JSON,
on the site (`/export.csv?` + the search's parameters) and under /api/.

A search's export is streamed: the documents are read page by page while
the response is sent, so a large export never sits in memory. It holds at
most `limit` documents (default and ceiling `kb.exports.MAX_EXPORT_ROWS`);
the headers say how many matched and how many are in the file, so a program
can tell a cut-short export, and the search page says the ceiling."""
from __future__ import annotations

from flask import Blueprint, Response, request, stream_with_context, url_for
from flask_babel import gettext as _

from kb import exports, service
from kb.errors import NotFound
from kb.models import FACETS
from kb.service import BadParameter, N_
from web.authz import authorize, guard
from web.context import kb_context
from web.labels import stored_params

bp = Blueprint("exports", __name__)

LIMIT_MESSAGE = N_("limit must be a whole number from 1 to %(high)s, not %(value)s.")


def _format(suffix: str) -> exports.Format:
    fmt = exports.BY_SUFFIX.get(suffix)
    if fmt is None:
        raise NotFound(_("There is no export format %(suffix)s; the formats are %(formats)s.",
                         suffix=repr(suffix), formats=", ".join(sorted(exports.BY_SUFFIX))))
    return fmt


def _limit() -> int:
    raw = (request.args.get("limit") or "").strip()
    if not raw:
        return exports.MAX_EXPORT_ROWS
    if not raw.isdigit() or not 1 <= int(raw) <= exports.MAX_EXPORT_ROWS:
        values = {"high": exports.MAX_EXPORT_ROWS, "value": repr(raw[:20])}
        # the message id travels with the error; the handler shows it translated
        problem = BadParameter("limit", LIMIT_MESSAGE % values, raw, LIMIT_MESSAGE, values)
        raise problem
    return int(raw)


def _doc_url(doc_id: str) -> str:
    return url_for("documents.document", id=doc_id, _external=True)


def _attachment(response: Response, name: str) -> Response:
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def search_export(suffix: str) -> Response:
    fmt = _format(suffix)
    ctx = kb_context()
    args = [(k, v) for k, v in request.args.items(multi=True) if v.strip() and k != "limit"]
    params: dict[str, list[str]] = {}
    for k, v in args:
        params.setdefault(k, []).append(v)
    query = service.query_from_params(stored_params(params, FACETS), ctx.settings)
    selection = exports.select(ctx.index, query, _limit())
    records = (exports.record(d, _doc_url(d.id)) for d in selection.documents)
    response = Response(stream_with_context(exports.write(fmt.name, records)),
                        content_type=fmt.media_type)
    response.headers["X-KB-Export-Total"] = str(selection.total)
    response.headers["X-KB-Export-Rows"] = str(selection.rows)
    response.headers["X-KB-Export-Limit"] = str(selection.limit)
    response.headers["X-KB-Export-Truncated"] = "1" if selection.truncated else "0"
    return _attachment(response, f"kb-export.{fmt.suffix}")


def document_export(id: str, suffix: str) -> Response:
    fmt = _format(suffix)
    doc = service.get_document(kb_context().index, id)
    authorize("view_document", doc)
    body = "".join(exports.write(fmt.name, [exports.record(doc, _doc_url(doc.id))]))
    return _attachment(Response(body, content_type=fmt.media_type), f"kb-{doc.id}.{fmt.suffix}")


@bp.get("/export.<format>")
@guard("search")
def search_file(format: str):
    return search_export(format)


@bp.get("/api/export.<format>")
@guard("search")
def api_search_file(format: str):
    return search_export(format)


@bp.get("/documents/<id>/export.<format>")
@guard("view_document")
def document_file(id: str, format: str):
    return document_export(id, format)


@bp.get("/api/documents/<id>/export.<format>")
@guard("view_document")
def api_document_file(id: str, format: str):
    return document_export(id, format)
