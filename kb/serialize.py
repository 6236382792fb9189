"""Documents and results to and from plain JSON-able dicts: one format for the
catalog, the index's stored copy, the JSON API and `kb search --json`."""
from __future__ import annotations

import base64
from dataclasses import asdict, fields, is_dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from kb.models import PRACTICE_FIELDS, Alternate, CardField, Document, Hit, Origin, Page, Practice, Results


def document_to_dict(doc: Document, *, pages: bool = True, vectors: bool = False) -> dict[str, Any]:
    """`vectors`: include the page vectors (base64 of their float16 bytes),
    as the catalog keeps them; every other form (the index's stored JSON, the
    JSON API, `kb explain`) leaves them out."""
    # Field by field rather than `asdict(doc)`, which deep-copies every page
    # (only for the copies to be dropped when `pages` is false, the index's
    # stored form) and every string: a third of a tantivy build's Python time.
    data: dict[str, Any] = {f.name: getattr(doc, f.name) for f in fields(doc)}
    data["pages"] = [page_to_dict(p) for p in doc.pages] if pages else None
    data["page_count"] = len(doc.pages)
    data["fetched_at"] = doc.fetched_at.isoformat() if doc.fetched_at else None
    data["origins"] = {k: asdict(v) for k, v in doc.origins.items()}
    data["extra"] = _plain(doc.extra)
    for key in ("countries", "countries_mentioned", "regions", "sids", "topics"):
        data[key] = list(data[key])
    data["practices"] = [practice_to_dict(p) for p in doc.practices]
    data["alternates"] = [asdict(a) for a in doc.alternates]
    if vectors and doc.vectors:
        data["vectors"] = base64.b64encode(doc.vectors).decode("ascii")
    else:
        data.pop("vectors", None)
    return data


def practice_to_dict(practice: Practice) -> dict[str, Any]:
    """A card as {field: {"value", "page", "origin": {"kind", "reason"}} or
    None}: every field present, an absent one as None, so a reader of the
    JSON sees what the document does not state."""
    out: dict[str, Any] = {}
    for name in PRACTICE_FIELDS:
        f = getattr(practice, name)
        out[name] = None if f is None else {
            "value": f.value, "page": f.page,
            "origin": {"kind": f.origin.kind, "reason": f.origin.reason}}
    return out


def practice_from_dict(data: Mapping[str, Any]) -> Practice:
    values: dict[str, CardField] = {}
    for name in PRACTICE_FIELDS:
        f = data.get(name)
        if isinstance(f, Mapping) and f.get("value") not in (None, ""):
            origin = f.get("origin") or {}
            values[name] = CardField(str(f["value"]), f.get("page"),
                                     Origin(origin.get("kind") or "extracted", origin.get("reason") or ""))
    return Practice(**values)


def page_to_dict(page: Page) -> dict[str, Any]:
    """{"number", "text", "title", "language"}: the page's language (None
    when unknown) travels with it into the catalog and the JSON API."""
    return {"number": page.number, "text": page.text, "title": page.title, "language": page.language}


def page_from_dict(data: Mapping[str, Any]) -> Page:
    """A page from `page_to_dict`'s form, or from one stored before pages had
    a language (then None)."""
    return Page(number=data["number"], text=data["text"], title=data.get("title") or "",
                language=data.get("language") or None)


def page_rows(pages: Iterable[Page]) -> list[list[Any]]:
    """Pages as compact rows [number, text, title, language] for a backend's
    stored form; `pages_from_rows` reads them back."""
    return [[p.number, p.text, p.title, p.language] for p in pages]


def pages_from_rows(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """`page_rows` back into `page_to_dict` dicts; rows of three (number,
    text, title), stored before pages had a language, read as language None."""
    return [{"number": r[0], "text": r[1], "title": r[2], "language": r[3] if len(r) > 3 else None}
            for r in rows]


def _plain(value: Any) -> Any:
    """A copy of `value` with dataclasses turned into dicts, as `asdict` makes."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


def alternates_from_dicts(rows: Any) -> tuple[Alternate, ...]:
    """`Document.alternates` from their stored dicts (none in a document
    stored before alternates existed); unknown keys are left out."""
    known = {f.name for f in fields(Alternate)}
    return tuple(Alternate(**{k: v for k, v in row.items() if k in known})
                 for row in rows or () if isinstance(row, Mapping))


def document_from_dict(data: dict[str, Any]) -> Document:
    data = dict(data)
    data.pop("page_count", None)
    data["pages"] = tuple(page_from_dict(p) for p in (data.get("pages") or ()))
    fetched = data.get("fetched_at")
    data["fetched_at"] = datetime.fromisoformat(fetched) if fetched else None
    data["origins"] = {k: Origin(**v) for k, v in (data.get("origins") or {}).items()}
    data["alternates"] = alternates_from_dicts(data.get("alternates"))
    for key in ("countries", "countries_mentioned", "regions", "sids", "topics"):
        data[key] = tuple(data.get(key) or ())
    data["practices"] = tuple(practice_from_dict(p) for p in (data.get("practices") or ()))
    vectors = data.pop("vectors", None)
    if isinstance(vectors, str) and vectors:
        data["vectors"] = base64.b64decode(vectors)
    elif isinstance(vectors, (bytes, bytearray)) and vectors:
        data["vectors"] = bytes(vectors)
    return Document(**data)


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    data = asdict(hit)
    data["snippet"] = hit.snippet.text
    data["snippet_html"] = hit.snippet.html()
    for key in ("countries", "regions", "sids", "topics"):
        data[key] = list(data[key])
    return data


def results_to_dict(results: Results) -> dict[str, Any]:
    q = results.query
    return {
        "query": {
            "text": q.text, "filters": {k: list(v) for k, v in q.filters.items()},
            "year_from": q.year_from, "year_to": q.year_to, "sort": q.sort, "expand": q.expand,
        },
        "total": results.total,
        "page": q.page,
        "page_size": q.page_size,
        "pages": results.pages,
        "hits": [hit_to_dict(h) for h in results.hits],
        "facets": {
            name: [{"value": c.value, "count": c.count, "selected": c.selected} for c in counts]
            for name, counts in results.facets.items()
        },
        "suggestion": results.suggestion,
        "notice": results.notice,
        "mode": results.mode,
        "expanded": list(results.expanded),
    }


# ---------------------------------------------------------------- for readers

REMOTE_SCHEMES = ("http", "https")


def is_local(uri: str) -> bool:
    """Whether a stored URI names a file on this machine (a path, file://)."""
    return urlsplit(uri).scheme not in REMOTE_SCHEMES


def public_uri(uri: str, provenance: Mapping[str, Any] | None = None) -> str:
    """What a reader is shown of where a document came from: a URL as it is; a
    local file as its path relative to its source's root (`path`, which ingest
    records in the provenance), else its file name alone. The server's folders
    are nobody's business but the curator's, so no absolute path is shown."""
    if not is_local(uri):
        return uri
    relative = provenance.get("path") if isinstance(provenance, Mapping) else None
    if isinstance(relative, str) and relative and not relative.startswith(("/", "../")):
        return relative
    return PurePosixPath(urlsplit(uri).path if uri.startswith("file:") else uri).name


def public_provenance(provenance: Any, uri: str) -> Any:
    """`extra["provenance"]` as readers see it: the source's root left out and
    the URI shown as `public_uri` shows it."""
    if not isinstance(provenance, Mapping):
        return provenance
    data = {k: v for k, v in provenance.items() if k != "root"}
    data["uri"] = public_uri(str(provenance.get("uri") or uri), provenance)
    return data


def public_document_dict(doc: Document, *, pages: bool = True) -> dict[str, Any]:
    """`document_to_dict` for the JSON API: no server path in it."""
    data = document_to_dict(doc, pages=pages)
    provenance = doc.extra.get("provenance") if isinstance(doc.extra, Mapping) else None
    data["uri"] = public_uri(doc.uri, provenance if isinstance(provenance, Mapping) else None)
    if isinstance(data.get("extra"), dict) and "provenance" in data["extra"]:
        data["extra"] = dict(data["extra"], provenance=public_provenance(data["extra"]["provenance"], doc.uri))
    data["alternates"] = public_alternates(doc.alternates)
    return data


def public_alternates(alternates: Iterable[Alternate]) -> list[dict[str, Any]]:
    """A document's other formats and copies as readers see them: a local
    file by its path below its source's folder, never the folder itself."""
    return [{"id": a.id, "format": a.format, "size": a.size, "similarity": a.similarity,
             "exact": a.exact, "uri": public_uri(a.uri, {"path": a.path})}
            for a in alternates]


def public_hit_dict(hit: Hit) -> dict[str, Any]:
    """`hit_to_dict` for the JSON API. A hit does not carry its document's
    provenance, so a local file is named by its file name alone."""
    data = hit_to_dict(hit)
    data["uri"] = public_uri(hit.uri)
    data["alternates"] = public_alternates(hit.alternates)
    return data


def public_results_dict(results: Results) -> dict[str, Any]:
    """`results_to_dict` for the JSON API: hits as `public_hit_dict` shows them."""
    data = results_to_dict(results)
    for row, hit in zip(data["hits"], results.hits):
        row["uri"] = public_uri(hit.uri)
        row["alternates"] = public_alternates(hit.alternates)
    return data
