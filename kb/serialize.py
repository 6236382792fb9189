"""Documents and results to and from plain JSON-able dicts: one format for the
catalog, the index's stored copy, the JSON API and `kb search --json`."""
from __future__ import annotations

from dataclasses import asdict, fields, is_dataclass
from datetime import datetime
from typing import Any, Mapping

from kb.models import Document, Hit, Origin, Page, Results


def document_to_dict(doc: Document, *, pages: bool = True) -> dict[str, Any]:
    # Field by field rather than `asdict(doc)`, which deep-copies every page
    # (only for the copies to be dropped when `pages` is false, the index's
    # stored form) and every string: a third of a tantivy build's Python time.
    data: dict[str, Any] = {f.name: getattr(doc, f.name) for f in fields(doc)}
    data["pages"] = [asdict(p) for p in doc.pages] if pages else None
    data["page_count"] = len(doc.pages)
    data["fetched_at"] = doc.fetched_at.isoformat() if doc.fetched_at else None
    data["origins"] = {k: asdict(v) for k, v in doc.origins.items()}
    data["extra"] = _plain(doc.extra)
    for key in ("countries", "countries_mentioned", "regions", "sids", "topics"):
        data[key] = list(data[key])
    return data


def _plain(value: Any) -> Any:
    """A copy of `value` with dataclasses turned into dicts, as `asdict` makes."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


def document_from_dict(data: dict[str, Any]) -> Document:
    data = dict(data)
    data.pop("page_count", None)
    data["pages"] = tuple(Page(**p) for p in (data.get("pages") or ()))
    fetched = data.get("fetched_at")
    data["fetched_at"] = datetime.fromisoformat(fetched) if fetched else None
    data["origins"] = {k: Origin(**v) for k, v in (data.get("origins") or {}).items()}
    for key in ("countries", "countries_mentioned", "regions", "sids", "topics"):
        data[key] = tuple(data.get(key) or ())
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
            "year_from": q.year_from, "year_to": q.year_to, "sort": q.sort,
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
    }
