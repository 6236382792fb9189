"""The search page: one GET form, facets with disjunctive counts, results.

Thin on purpose: parse the request into a `Query` with `kb.service`, ask the
index, render. The only extra work is making sure a bad request still gets a
page (a message plus a best-effort search), never an error."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from kb import practices, service
from kb.models import FACETS, SORTS, Query, Results
from kb.settings import Settings
from web.authz import guard
from web.context import kb_context
from web.charts import histogram
from web.i18n import current_language, translate_error
from web.labels import language_name, sort_key, stored_params
from web.mine import language_first
from web.notices import translate_notice
from web.templating import facet_label, FACET_TITLES, url_toggle, url_without

bp = Blueprint("search", __name__)

# Facets shown as checkbox lists; year gets a range and a histogram instead.
LISTED_FACETS: tuple[str, ...] = tuple(f for f in FACETS if f != "year")
SHOWN_VALUES = 8        # values per facet before the rest fold under "more"


def parse_search(args: MultiDict, settings: Settings) -> tuple[Query, list[str]]:
    """A `Query` and the messages about what had to be changed to get one."""
    params = stored_params(args.to_dict(flat=False), FACETS)     # "Étude de cas" as well as case-study
    # Whatever cannot be used (an unknown facet value, a year or page out of
    # range, an unknown sort) is left out, and the page says so.
    query, bad = service.read_params(params, settings)
    left_out = _("That part of the search was left out.")
    problems = [f"{translate_error(exc)} {left_out}" for exc in bad]
    if query.year_from is not None and query.year_to is not None and query.year_from > query.year_to:
        query = replace(query, year_from=query.year_to, year_to=query.year_from)
        problems.append(_("The year range was reversed; it has been turned round."))
    if not query.text and (params.get("sort") or [""])[0] not in SORTS:
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
            out.append((_("%(facet)s: %(value)s", facet=FACET_TITLES.get(facet, facet),
                          value=facet_label(facet, value)),
                        url_toggle(facet, value)))
    if query.year_from is not None or query.year_to is not None:
        label = _("Years: %(first)s–%(last)s", first=query.year_from or "…",
                  last=query.year_to or "…")
        out.append((label, url_without("year_from", "year_to")))
    return out


def facet_rows(results: Results) -> dict[str, list]:
    """(count, label in the UI language) per listed facet: most documents
    first, then by the translated label, so equal counts read alphabetically
    in every language."""
    return {
        facet: sorted(((c, facet_label(facet, c.value)) for c in results.facets.get(facet, ())),
                      key=lambda row: (-row[0].count, sort_key(row[1])))
        for facet in LISTED_FACETS
    }


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
@guard("search")
def search():
    ctx = kb_context()
    # An empty field counts as absent, with or without kb.js (which drops them
    # before submitting): "sort=" from the menu's default entry is no sort.
    args = MultiDict([(k, v) for k, v in request.args.items(multi=True) if v.strip()])
    query, problems = parse_search(args, ctx.settings)
    mine = args.get("mine") == "1"
    lang = current_language()

    def run(q: Query) -> Results:
        return language_first(ctx.index, q, lang) if mine else service.search(ctx.index, q)

    results = run(query)
    if results.total and query.page > results.pages:
        problems.append(_("There is no page %(page)s; this is the last page, %(last)s.",
                          page=query.page, last=results.pages))
        query = replace(query, page=results.pages)
        results = run(query)
    last_page = min(results.pages, ctx.settings.max_page)
    years = year_counts(ctx.index, query, results)
    # With no sort asked for, the order is the default one: newest first when
    # browsing without words, relevance for a query. The menu shows the order
    # applied, and its entry then sends no sort, so typing a query next still
    # sorts by relevance.
    default_sort = args.get("sort") not in SORTS
    return render_template(
        "search.html", query=query, default_sort=default_sort, results=results, problems=problems,
        chips=chips(query), facets=LISTED_FACETS, facet_rows=facet_rows(results),
        shown_values=SHOWN_VALUES, notice=translate_notice(results.notice),
        mine=mine, my_language=language_name(lang, lang, capitalise=False),
        hist=histogram(years, query.year_from, query.year_to),
        pages=page_window(query.page, last_page), last_page=last_page,
        summaries=practices.summaries(ctx.index, [h.id for h in results.hits]),
    )
