"""A document, one of its pages, and its original file.

The original is served only through the document the index holds: the id is
looked up in the index and its stored `uri` is what gets served, so no request
can name an arbitrary path on the server."""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import urlparse

from flask import Blueprint, redirect, render_template, request, send_file, url_for

from kb import service
from kb.errors import NotFound
from kb.models import Document
from web.app import kb_context
from web.templating import facet_label

bp = Blueprint("documents", __name__)

MIME = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html", "text": "text/plain",
}
# (field, label, facet used for display labels or None)
METADATA_FIELDS: tuple[tuple[str, str, str | None], ...] = (
    ("title", "Title", None),
    ("doc_type", "Document type", "doc_type"),
    ("year", "Year", None),
    ("countries", "Countries", "country"),
    ("regions", "Regions", "region"),
    ("sids", "SIDS group", "sids"),
    ("topics", "Topics", "topic"),
    ("language", "Language", "language"),
    ("organisation", "Organisation", None),
    ("author", "Author", None),
    ("description", "Description", None),
    ("source", "Source", None),
    ("format", "Format", "format"),
)
ORIGIN_LABELS = {"curated": "curated", "extracted": "from the file", "inferred": "inferred"}


def metadata_rows(doc: Document) -> list[dict]:
    """Each field with its display value and where the value came from."""
    rows = []
    for name, label, facet in METADATA_FIELDS:
        value = getattr(doc, name)
        if value in (None, "", ()):
            continue
        values = value if isinstance(value, tuple) else (value,)
        shown = [facet_label(facet, v) if facet else str(v) for v in values]
        origin = doc.origins.get(name)
        rows.append({
            "name": name, "label": label, "values": shown, "raw": [str(v) for v in values],
            "facet": facet if facet in ("country", "doc_type", "topic", "sids", "region") else None,
            "kind": origin.kind if origin else None,
            "kind_label": ORIGIN_LABELS.get(origin.kind, origin.kind) if origin else None,
            "reason": origin.reason if origin else "",
        })
    return rows


def local_path(uri: str) -> Path | None:
    """The file behind a stored URI, when it is a local path that still exists."""
    parsed = urlparse(uri)
    if parsed.scheme in ("http", "https"):
        return None
    path = Path(parsed.path if parsed.scheme == "file" else uri)
    return path if path.is_file() else None


def is_remote(uri: str) -> bool:
    return urlparse(uri).scheme in ("http", "https")


@bp.get("/documents/<id>")
def document(id: str):
    ctx = kb_context()
    doc = service.get_document(ctx.index, id)
    within = " ".join(request.args.get("q", "").split())[: ctx.settings.max_query_chars]
    matches = ctx.index.search_within(id, within) if within else []
    related = service.related(ctx.index, id, limit=5)
    return render_template(
        "document.html", doc=doc, rows=metadata_rows(doc), within=within, matches=matches,
        related=related, downloadable=bool(local_path(doc.uri)) or is_remote(doc.uri),
    )


@bp.get("/documents/<id>/pages/<int:n>")
def page(id: str, n: int):
    ctx = kb_context()
    doc = service.get_document(ctx.index, id)
    by_number = {p.number: p for p in doc.pages}
    if n not in by_number:
        raise NotFound(f"{doc.title or 'This document'} has no page {n}")
    numbers = sorted(by_number)
    i = numbers.index(n)
    return render_template(
        "page.html", doc=doc, page=by_number[n],
        prev=numbers[i - 1] if i > 0 else None,
        next=numbers[i + 1] if i + 1 < len(numbers) else None,
        downloadable=bool(local_path(doc.uri)) or is_remote(doc.uri),
    )


@bp.get("/documents/<id>/original")
def original(id: str):
    """The stored original file, inline so a PDF opens at `#page=N`; a document
    fetched from the web is sent back to its URL."""
    doc = service.get_document(kb_context().index, id)
    if is_remote(doc.uri):
        return redirect(doc.uri, code=302)
    path = local_path(doc.uri)
    if path is None:
        raise NotFound("the original file is no longer where it was ingested from")
    mimetype = MIME.get(doc.format) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if mimetype == "text/html":
        mimetype = "text/plain"       # never run a harvested page's markup on our origin
    return send_file(path, mimetype=mimetype, download_name=path.name,
                     as_attachment=doc.format not in ("pdf", "text"), conditional=True)


@bp.app_template_global()
def original_url(doc_id: str, fmt: str, page: int | None) -> str:
    """Link to the original, at the page for PDFs."""
    url = url_for("documents.original", id=doc_id)
    return f"{url}#page={page}" if page and fmt == "pdf" else url
