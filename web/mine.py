""""Documents in my language first": the same results, reordered.

Nothing is filtered out: the total, the facet counts and the pages are the
search's own. The documents in the UI language come first (in the search's
order), then every other document (in the search's order again). The first
part is one filtered search for the page asked; the rest is read from the
unfiltered search in chunks, skipping the documents already shown first,
because the `Index` protocol filters by inclusion only ("language is not fr"
cannot be asked, and documents with no language must not be lost). That
costs a few searches more on deep pages; it is an option a user turns on."""
from __future__ import annotations

from dataclasses import replace

from kb import service
from kb.models import Hit, Query, Results
from kb.protocols import Index

CHUNK = 50


def _others(index: Index, query: Query, lang: str, skip: int, need: int) -> list[Hit]:
    """`need` hits not in `lang`, after the first `skip` of them, in the search's order."""
    out: list[Hit] = []
    seen = 0
    page = 1
    while len(out) < need:
        chunk = service.search(index, replace(query, page=page, page_size=CHUNK, facets=()))
        for hit in chunk.hits:
            if hit.language == lang:
                continue
            if seen >= skip:
                out.append(hit)
                if len(out) == need:
                    break
            seen += 1
        if not chunk.hits or page * CHUNK >= chunk.total:
            break
        page += 1
    return out


def language_first(index: Index, query: Query, lang: str) -> Results:
    """`service.search(index, query)` with the documents in `lang` first."""
    full = service.search(index, query)
    chosen = query.filters.get("language")
    if chosen and lang not in chosen:
        return full              # the user's own language filter leaves none of them
    size = query.page_size
    start = (query.page - 1) * size
    mine = service.search(index, replace(
        query, filters={**query.filters, "language": (lang,)}, facets=()))
    hits = list(mine.hits) if start < mine.total else []
    need = size - len(hits)
    if need > 0 and full.total > mine.total:
        hits += _others(index, query, lang, max(0, start - mine.total), need)
    return replace(full, hits=tuple(hits))
