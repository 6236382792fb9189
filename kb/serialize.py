"""Documents and results to and from plain JSON-able dicts: one format for the
catalog, the index's stored copy, the JSON API and `kb search --json`."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from kb.models import Document, Hit, Origin, Page, Results


def document_to_dict(doc: Document, *, pages: bool = True) -> dict[str, Any]:
    data = asdict(doc)
    data["pages"] = [asdict(p) for p in doc.pages] if pages else None
    data["page_count"] = len(doc.pages)
    data["fetched_at"] = doc.fetched_at.isoformat() if doc.fetched_at else None
    data["origins"] = {k: asdict(v) for k, v in doc.origins.items()}
    for key in ("countries", "countries_mentioned", "regions", "sids", "topics"):
        data[key] = list(data[key])
    return data


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
