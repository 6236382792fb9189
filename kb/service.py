"""What the web UI, the JSON API and the command line ask of the repository.

Each function takes the `Index` it works on; none opens one. Request parameters
become a bounded `Query` here, so every front end applies the same limits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from kb.errors import InvalidQuery, NotFound
from kb.models import FACETS, SORTS, Document, FacetCount, Hit, Query, Results
from kb.protocols import Index
from kb.settings import Settings

MAX_PAGE_SIZE = 50


def _one(params: Mapping[str, Sequence[str]], key: str) -> str:
    values = params.get(key) or ()
    if isinstance(values, str):
        return values
    return values[0] if values else ""


def _int(params: Mapping[str, Sequence[str]], key: str, default: int | None) -> int | None:
    raw = _one(params, key).strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise InvalidQuery(f"{key} must be a whole number, not {raw!r}") from None


def query_from_params(params: Mapping[str, Sequence[str]], settings: Settings) -> Query:
    """Turn URL/CLI parameters into a `Query`: `q`, one key per facet (repeatable),
    `year_from`, `year_to`, `sort`, `page`, `size`. Out-of-range paging is clamped,
    an unknown sort is an error the user can read."""
    text = " ".join(_one(params, "q").split())
    filters: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        values = params.get(facet) or ()
        if isinstance(values, str):
            values = (values,)
        cleaned = tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
        if cleaned:
            filters[facet] = cleaned[:50]
    sort = _one(params, "sort") or "relevance"
    if sort not in SORTS:
        raise InvalidQuery(f"sort must be one of {', '.join(SORTS)}")
    page = min(max(1, _int(params, "page", 1)), settings.max_page)
    size = min(max(1, _int(params, "size", 10)), MAX_PAGE_SIZE)
    return Query(
        text=text, filters=filters,
        year_from=_int(params, "year_from", None), year_to=_int(params, "year_to", None),
        sort=sort, page=page, page_size=size,
    )


def search(index: Index, query: Query) -> Results:
    return index.search(query)


def get_document(index: Index, doc_id: str) -> Document:
    doc = index.get(doc_id)
    if doc is None:
        raise NotFound(f"no document with id {doc_id!r}")
    return doc


def related(index: Index, doc_id: str, limit: int = 5) -> list[Hit]:
    return index.more_like(doc_id, limit=limit)


def facet_totals(index: Index, facets: Iterable[str] = FACETS, limit: int = 500) -> dict[str, tuple[FacetCount, ...]]:
    """Counts of every facet value over the whole repository (`kb stats`, the
    country pages)."""
    results = index.search(Query(facets=tuple(facets), page_size=1, facet_limit=limit))
    return dict(results.facets)


@dataclass(frozen=True)
class Stats:
    documents: int
    facets: dict[str, tuple[FacetCount, ...]]


def stats(index: Index) -> Stats:
    return Stats(documents=index.count(), facets=facet_totals(index))
