"""A document, one of its pages, and its original file.

The original is served only through the document the index holds: the id is
looked up in the index and its stored `uri` is what gets served, so no request
can name an arbitrary path on the server."""
from __future__ import annotations

import mimetypes
from pathlib import Path, PurePath
from datetime import datetime
from urllib.parse import parse_qs, urlparse

from babel.dates import format_skeleton
from flask import Blueprint, redirect, render_template, request, send_file, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l

from kb import exports, originals, service, taxonomy
from kb.citation import citation
from kb.errors import NotFound
from kb.models import Document
from kb.serialize import public_uri
from web.authz import allowed, authorize, guard
from web.context import KbContext, kb_context
from web.highlight import highlight_page
from web.i18n import current_language
from web.labels import country_name, facet_label, sort_key
from web.views.practices import CARD_ORIGIN_LABELS, card_peers, card_rows

bp = Blueprint("documents", __name__)

# (field, label, facet used for display labels or None)
METADATA_FIELDS: tuple[tuple[str, str, str | None], ...] = (
    ("title", _l("Title"), None),
    ("doc_type", _l("Document type"), "doc_type"),
    ("year", _l("Year"), None),
    ("countries", _l("Countries"), "country"),
    ("regions", _l("Regions"), "region"),
    ("sids", _l("SIDS group"), "sids"),
    ("topics", _l("Topics"), "topic"),
    ("language", _l("Language"), "language"),
    ("organisation", _l("Organisation"), None),
    ("author", _l("Author"), None),
    ("description", _l("Description"), None),
    ("source", _l("Source"), None),
    ("format", _l("Format"), "format"),
)
ORIGIN_LABELS = {"curated": _l("curated"), "extracted": _l("from the file"),
                 "inferred": _l("inferred")}


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


# Where an original is and whether it may be served: kb.originals (offline
# bundles pack what this route would serve, and nothing else).
local_path = originals.local_path
Outside = originals.Outside
servable_file = originals.locate
servable_original = originals.document_file


def has_original(doc: Document) -> bool:
    try:
        servable_original(doc)
    except NotFound:
        return False
    return True


def is_remote(uri: str) -> bool:
    return urlparse(uri).scheme in ("http", "https")


def is_oai_record(uri: str) -> bool:
    """An OAI-PMH GetRecord URL: the record's XML, not the document itself."""
    parsed = urlparse(uri)
    return is_remote(uri) and parse_qs(parsed.query).get("verb") == ["GetRecord"]


def when(value) -> str:
    """A timestamp (or ISO text) as readers of the UI language write a date and
    time (CLDR, 24-hour clock): "2 Jun 2024, 08:30 UTC", "2 juin 2024, 08:30 UTC".
    Anything that is not a timestamp is shown as it was stored."""
    if not value:
        return ""
    if isinstance(value, datetime):
        stamp = value
    else:
        try:
            stamp = datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
    utc = stamp.utcoffset() is not None and not stamp.utcoffset()
    locale = get_locale()
    naive = stamp.replace(tzinfo=None)
    shown = locale.datetime_formats["medium"].replace("'", "").format(
        format_skeleton("Hm", naive, locale=locale), format_skeleton("yMMMd", naive, locale=locale))
    return f"{shown} UTC" if utc else shown


def provenance(doc: Document) -> dict | None:
    """Where a harvested or crawled document came from, from the
    `extra["provenance"]` the pipeline records (source, uri, fetched_at,
    validators). The OAI source adds `full-text` (the file the record names),
    `url` (where that file was fetched, after redirects), `oai-identifier` and
    `oai-datestamp`; HTTP fetches add `etag` and `last-modified`."""
    raw = doc.extra.get("provenance") if isinstance(doc.extra, dict) else None
    if not isinstance(raw, dict):
        return None
    validators = raw.get("validators") if isinstance(raw.get("validators"), dict) else {}
    uri = public_uri(str(raw.get("uri") or doc.uri), raw)     # no server path on a page
    file_url = next((str(validators[k]) for k in ("full-text", "url")
                     if validators.get(k) and is_remote(str(validators[k]))
                     and str(validators[k]) != uri), None)
    return {
        "source": str(raw.get("source") or doc.source or ""),
        "uri": uri, "uri_is_link": is_remote(uri),
        "oai": is_oai_record(uri),
        "file_url": file_url,
        "fetched_at": when(raw.get("fetched_at") or validators.get("fetched")),
        "etag": str(validators.get("etag") or ""),
        "last_modified": str(validators.get("last-modified") or ""),
        "oai_identifier": str(validators.get("oai-identifier") or ""),
        "oai_datestamp": str(validators.get("oai-datestamp") or ""),
    }


def remote_original(doc: Document, prov: dict | None) -> str | None:
    """The URL to send a reader to for the original of a document fetched from
    the web: the record's file when the document is an OAI record that names
    one, else the URL it was fetched from. `prov` is `provenance(doc)`."""
    if not is_remote(doc.uri):
        return None
    if prov and prov["oai"] and prov["file_url"]:
        return prov["file_url"]
    return doc.uri


def mentions(doc: Document, limit: int = 20) -> list[dict]:
    """Countries the text names but is not about, most named first, from
    `extra["country_mentions"]` ({ISO3: {count, pages, in_title}})."""
    raw = doc.extra.get("country_mentions") if isinstance(doc.extra, dict) else None
    if not isinstance(raw, dict):
        return []
    about = set(doc.countries)
    rows = []
    for code, info in raw.items():
        if code in about or not isinstance(info, dict):
            continue
        country = taxonomy.get_country(code)
        pages = [int(p) for p in info.get("pages") or () if str(p).isdigit()]
        rows.append({
            "code": code, "name": country_name(code) if country else facet_label("country", code),
            "count": int(info.get("count") or 0), "pages": sorted(pages)[:6],
            "more_pages": max(0, len(pages) - 6), "in_title": bool(info.get("in_title")),
        })
    rows.sort(key=lambda r: (-r["count"], -r["in_title"], sort_key(r["name"])))
    return rows[:limit]


def alternate_rows(doc: Document) -> list[dict]:
    """The document's other formats and copies for its page: each with its
    download link (none when its file is gone), the name a reader is shown
    (its path below its source's folder) and its size."""
    rows = []
    for alt in doc.alternates:
        remote = is_remote(alt.uri)
        try:
            available = remote or bool(servable_file(alt.uri, alt.root or None))
        except NotFound:
            available = False
        rows.append({"format": alt.format, "label": facet_label("format", alt.format),
                     "name": public_uri(alt.uri, {"path": alt.path}), "size": alt.size,
                     "exact": alt.exact,
                     "url": alternate_url(doc.id, alt.id) if available else None})
    return rows


def _original_link(doc: Document, page: int | None, prov: dict | None) -> str | None:
    """The "open the original" link: the file itself for an OAI record with a
    known file, our /original route (a local file, or a redirect) otherwise.
    `prov` is `provenance(doc)`."""
    if not (is_remote(doc.uri) or has_original(doc)):
        return None
    target = remote_original(doc, prov)
    if target and target != doc.uri:
        return f"{target}#page={page}" if page and doc.format == "pdf" else target
    return original_url(doc.id, doc.format, page)


def _query(ctx: KbContext) -> str:
    """The request's `q`, whitespace collapsed and trimmed, at most the
    longest query the settings allow."""
    return " ".join(request.args.get("q", "").split())[: ctx.settings.max_query_chars]


# The document page lists its pages (sections, slides) a screenful at a time,
# with their whole text only when the screenful is short; each page has its own
# route with all of its text, so a 500-section handbook weighs what a short one does.
SECTIONS_PER_LIST = 50
INLINE_TEXT_CHARS = 16_000     # text of the listed pages shown whole up to this
PREVIEW_CHARS = 200            # otherwise the start of each page's text


def section_list(pages, wanted: int | None) -> dict:
    """The pages listed on the document page for list page `wanted` (clamped),
    whether their text is shown whole, and the list pages around it."""
    from web.views.search import page_window

    last = max(1, -(-len(pages) // SECTIONS_PER_LIST))
    current = min(max(1, wanted or 1), last)
    shown = pages[(current - 1) * SECTIONS_PER_LIST: current * SECTIONS_PER_LIST]
    return {
        "pages": shown, "current": current, "last": last, "total": len(pages),
        "inline": sum(len(p.text) for p in shown) <= INLINE_TEXT_CHARS,
        "window": page_window(current, last) if last > 1 else [],
        "preview_chars": PREVIEW_CHARS,
    }


def _shown_document(ctx: KbContext, id: str):
    """The document and its curation status, for whoever may see it: a
    withdrawn one (kept in the catalog, not indexed) for curators only, and
    a 404 for everyone else, as if it were not there."""
    doc, status = service.document_for_curators(ctx.index, ctx.curation, id)
    if status.withdrawn and not allowed("view_document", status.withdrawal):
        service.get_document(ctx.index, id)          # raises the NotFound
    authorize("view_document", status.withdrawal or doc)
    return doc, status


@bp.get("/documents/<id>")
@guard("view_document")
def document(id: str):
    ctx = kb_context()
    # a withdrawn document comes from the catalog, for curators only
    doc, status = _shown_document(ctx, id)
    within = _query(ctx)
    matches = ctx.index.search_within(id, within) if within and not status.withdrawn else []
    related = service.related(ctx.index, id, limit=5) if not status.withdrawn else []
    prov = provenance(doc)
    original = _original_link(doc, None, prov)
    return render_template(
        "document.html", doc=doc, rows=metadata_rows(doc), within=within, matches=matches,
        related=related, original=original,
        sections=section_list(doc.pages, request.args.get("list", type=int)),
        # The template asks for page links only when there is an original and
        # it is a PDF; then the link at page n is always the original's at #page=n
        # (no disk check or provenance per page).
        original_at=lambda n: f"{original}#page={n}" if n else original,
        prov=prov, mentions=mentions(doc), shown_uri=public_uri(doc.uri),
        fetched=when(doc.fetched_at), card_rows=card_rows, origin_labels=CARD_ORIGIN_LABELS,
        peers=card_peers(ctx.index, doc),
        alternates=alternate_rows(doc), status=status,
        curated=status.last_correction and {"user": status.last_correction.user,
                                            "date": when(status.last_correction.at)},
        withdrawn_at=status.withdrawal and when(status.withdrawal.at),
        citation=citation(exports.record(doc, url_for("documents.document", id=doc.id, _external=True)),
                          current_language()),
    )


@bp.get("/documents/<id>/pages/<int:n>")
@guard("view_document")
def page(id: str, n: int):
    ctx = kb_context()
    doc, status = _shown_document(ctx, id)
    by_number = {p.number: p for p in doc.pages}
    if n not in by_number:
        raise NotFound(_("%(title)s has no page %(num)s", title=doc.title, num=n) if doc.title
                       else _("This document has no page %(num)s", num=n))
    numbers = sorted(by_number)
    i = numbers.index(n)
    q = _query(ctx)
    hl = highlight_page(ctx.index, id, n, by_number[n].text, q) if q and not status.withdrawn else None
    matching = hl.matching_pages if hl else ()
    return render_template(
        "page.html", doc=doc, page=by_number[n], q=q, hl=hl,
        prev=numbers[i - 1] if i > 0 else None,
        next=numbers[i + 1] if i + 1 < len(numbers) else None,
        prev_match=max((m for m in matching if m < n), default=None),
        next_match=min((m for m in matching if m > n), default=None),
        original=_original_link(doc, n, provenance(doc)),
    )


@bp.get("/documents/<id>/original")
@guard("view_document")
def original(id: str):
    """The stored original file, inline so a PDF opens at `#page=N`; a document
    fetched from the web is sent back to its URL (an OAI record to the file it
    names, when known; the browser keeps the `#page=N` across the redirect)."""
    doc, _status = _shown_document(kb_context(), id)
    target = remote_original(doc, provenance(doc))
    if target:
        return redirect(target, code=302)
    return _send(servable_original(doc), doc.uri, doc.format)


@bp.get("/documents/<id>/formats/<alt_id>")
@guard("view_document")
def alternate(id: str, alt_id: str):
    """Another format or copy of a document (its HTML beside its PDF), served
    as the original is: only a file its document names, only from inside the
    folder it was ingested from; one fetched from the web is sent to its URL."""
    doc, _status = _shown_document(kb_context(), id)
    alt = next((a for a in doc.alternates if a.id == alt_id), None)
    if alt is None:
        raise NotFound(_("This document has no other file with id %(id)s", id=alt_id))
    if is_remote(alt.uri):
        return redirect(alt.uri, code=302)
    return _send(servable_file(alt.uri, alt.root or None), alt.uri, alt.format)


def _send(path: Path, uri: str, fmt: str):
    # the name it was ingested under, not a link's target
    name = PurePath(urlparse(uri).path if uri.startswith("file:") else uri).name
    mimetype = originals.MEDIA_TYPES.get(fmt) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mimetype == "text/html":
        mimetype = "text/plain"       # never run a harvested page's markup on our origin
    return send_file(path, mimetype=mimetype, download_name=name,
                     as_attachment=fmt not in ("pdf", "text"), conditional=True)


@bp.app_template_global()
def alternate_url(doc_id: str, alt_id: str) -> str:
    """Link to one of a document's other formats or copies."""
    return url_for("documents.alternate", id=doc_id, alt_id=alt_id)


@bp.app_template_global()
def original_url(doc_id: str, fmt: str, page: int | None) -> str:
    """Link to the original, at the page for PDFs."""
    url = url_for("documents.original", id=doc_id)
    return f"{url}#page={page}" if page and fmt == "pdf" else url
