"""The search page: one GET form, facets with disjunctive counts, results.

Thin on purpose: parse the request into a `Query` with `kb.service`, ask the
index, render. The only extra work is making sure a bad request still gets a
page (a message plus a best-effort search), never an error."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, render_template, request
from werkzeug.datastructures import MultiDict

from kb import service
from kb.errors import InvalidQuery
from kb.models import FACETS, SORTS, Query, Results
from kb.settings import Settings
from web.context import kb_context
from web.charts import histogram
from web.templating import facet_label, FACET_TITLES, url_toggle, url_without

bp = Blueprint("search", __name__)

# Facets shown as checkbox lists; year gets a range and a histogram instead.
LISTED_FACETS: tuple[str, ...] = tuple(f for f in FACETS if f != "year")
SHOWN_VALUES = 8        # values per facet before the rest fold under "more"
OPTIONAL_KEYS = ("sort", "page", "size", "year_from", "year_to")


def parse_search(args: MultiDict, settings: Settings) -> tuple[Query, list[str]]:
    """A `Query` and the messages about what had to be changed to get one."""
    params = args.to_dict(flat=False)
    problems: list[str] = []
    try:
        query = service.query_from_params(params, settings)
    except InvalidQuery as exc:
        problems.append(f"{exc}; that part of the search was ignored.")
        for key in OPTIONAL_KEYS:
            try:
                service.query_from_params({key: params.get(key, [])}, settings)
            except InvalidQuery:
                params.pop(key, None)
        query = service.query_from_params(params, settings)
    raw_page = (params.get("page") or [""])[0].strip()
    if raw_page.isdigit() and int(raw_page) > settings.max_page:
        problems.append(f"Results are served up to page {settings.max_page}.")
    if query.year_from is not None and query.year_to is not None and query.year_from > query.year_to:
        query = replace(query, year_from=query.year_to, year_to=query.year_from)
        problems.append("The year range was reversed; it has been turned round.")
    if not query.text and not params.get("sort"):
        query = replace(query, sort="newest")   # an empty search browses, newest first
    return query, problems


def year_counts(index, query: Query, results: Results) -> list[tuple[int, int]]:
    """Documents per year for the histogram, with every selection applied except
    the year range itself, so the bars show where narrowing can go."""
    counts = results.facets.get("year", ())
    if query.year_from is not None or query.year_to is not None or query.filters.get("year"):
        filters = {k: v for k, v in query.filters.items() if k != "year"}
        wider = service.search(index, replace(
            query, filters=filters, year_from=None, year_to=None, facets=("year",),
            page=1, page_size=1))
        counts = wider.facets.get("year", ())
    out = [(int(c.value), c.count) for c in counts if c.value.lstrip("-").isdigit()]
    return sorted(out)


def chips(query: Query) -> list[tuple[str, str]]:
    """(label, URL that removes it) for every selection."""
    out = []
    for facet, values in query.filters.items():
        for value in values:
            out.append((f"{FACET_TITLES.get(facet, facet)}: {facet_label(facet, value)}",
                        url_toggle(facet, value)))
    if query.year_from is not None or query.year_to is not None:
        label = f"Years: {query.year_from or '…'}–{query.year_to or '…'}"
        out.append((label, url_without("year_from", "year_to")))
    return out


def page_window(current: int, last: int, width: int = 2) -> list[int | None]:
    """Page numbers around the current one, with None for the gaps."""
    shown = {1, last, *range(max(1, current - width), min(last, current + width) + 1)}
    out: list[int | None] = []
    prev = 0
    for n in sorted(shown):
        if n - prev > 1:
            out.append(None)
        out.append(n)
        prev = n
    return out


@bp.get("/")
def search():
    ctx = kb_context()
    query, problems = parse_search(request.args, ctx.settings)
    results = service.search(ctx.index, query)
    if results.total and query.page > results.pages:
        problems.append(f"There is no page {query.page}; this is the last page, {results.pages}.")
        query = replace(query, page=results.pages)
        results = service.search(ctx.index, query)
    last_page = min(results.pages, ctx.settings.max_page)
    years = year_counts(ctx.index, query, results)
    # Browsing without words is ordered newest first, but the menu keeps showing
    # the default so that typing a query next sorts by relevance.
    shown_sort = query.sort if request.args.get("sort") in SORTS else "relevance"
    return render_template(
        "search.html", query=query, shown_sort=shown_sort, results=results, problems=problems,
        chips=chips(query), facets=LISTED_FACETS, shown_values=SHOWN_VALUES,
        hist=histogram(years, query.year_from, query.year_to),
        pages=page_window(query.page, last_page), last_page=last_page,
    )
