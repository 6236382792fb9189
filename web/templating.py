"""What templates need besides the data a view passes: display labels, URLs
that change one piece of the search state, and the snippet markup.

Search state lives only in the URL (bookmarkable, shareable, the back button
works), so every link that narrows, widens, re-sorts or pages a search is built
here from the current query string."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import urlencode

from flask import Flask, g, request, url_for
from flask_babel import format_decimal, lazy_gettext as _l
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from kb.models import FACETS, Snippet
from kb import exports, service
from web import labels
from web.i18n import ngettext_num
from web.labels import facet_label, stored_value

# The query-string keys that make up a search; anything else is dropped from
# links. `lang` keeps a language chosen in the URL; `mine` puts documents in
# the UI language first.
STATE_KEYS: tuple[str, ...] = ("q", *FACETS, "year_from", "year_to", "sort", "size", "page", "expand",
                               "mine", "lang")

FACET_TITLES: dict[str, str] = {
    "country": _l("Country"), "region": _l("Region"), "sids": _l("SIDS group"),
    "doc_type": _l("Document type"), "year": _l("Year"), "topic": _l("Topic"),
    "language": _l("Language"), "source": _l("Source"), "format": _l("Format"),
}
SORT_LABELS: dict[str, str] = {
    "relevance": _l("Relevance"), "newest": _l("Newest first"), "oldest": _l("Oldest first"),
    "title": _l("Title"), "added": _l("Recently added"),
}
DEMO_SOURCE = "KB demo corpus"


def _state(args: MultiDict | None = None) -> MultiDict:
    """The search state links are built from: facet values as the query uses
    them (a value named by label, "Fiji", becomes FJI; an unknown one, already
    reported by a notice, is left out), so a link can remove what it shows."""
    args = request.args if args is None else args
    out = MultiDict()
    for k, v in args.items(multi=True):
        if k not in STATE_KEYS or v == "":
            continue
        if k in FACETS:
            v = stored_value(k, v)
            if v is None or v in out.getlist(k):
                continue
        out.add(k, v)
    return out


def _href(state: MultiDict, endpoint: str = "search.search") -> str:
    base = url_for(endpoint)
    items = list(state.items(multi=True))
    return f"{base}?{urlencode(items)}" if items else base


def url_here(endpoint: str, drop: Iterable[str] = (), **values: str) -> str:
    """The current request's parameters (empty ones and `drop` left out) on
    another endpoint: the feed or an export of the search shown."""
    dropped = set(drop)
    items = [(k, v) for k, v in request.args.items(multi=True) if v.strip() and k not in dropped]
    base = url_for(endpoint, **values)
    return f"{base}?{urlencode(items)}" if items else base


def url_toggle(facet: str, value: str) -> str:
    """The current search with `value` of `facet` added or removed; back to page 1."""
    state = _state()
    state.pop("page", None)
    values = state.getlist(facet)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    state.setlist(facet, values)
    return _href(state)


def url_without(*keys: str) -> str:
    """The current search without some keys (a chip for the year range, the query)."""
    state = _state()
    for key in (*keys, "page"):
        state.pop(key, None)
    return _href(state)


def url_with(**changes: str | int | None) -> str:
    """The current search with some keys replaced (sort, page, year range)."""
    state = _state()
    if "page" not in changes:
        state.pop("page", None)
    for key, value in changes.items():
        if value is None or value == "":
            state.pop(key, None)
        else:
            state[key] = str(value)
    return _href(state)


def url_search(**params: str | int | Iterable[str] | None) -> str:
    """A fresh search URL (from a document or country page)."""
    state = MultiDict()
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set)):
            for v in value:
                state.add(key, str(v))
        else:
            state.add(key, str(value))
    return _href(state)


def shorten(text: str | None, limit: int = 80) -> str:
    """`text` with its whitespace collapsed, cut to at most `limit` characters
    (at a space when one is near) with an ellipsis: what a heading or a list
    echoes of a query or a page, so a 5,000-character query or a long page
    cannot push the rest of the page away."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit * 3 // 4, limit)
    return text[: cut if cut > 0 else limit - 1].rstrip() + "…"


def snippet_html(snippet: Snippet) -> Markup:
    """Snippet text escaped by `Snippet.html()`, matches wrapped in <mark>."""
    return Markup(snippet.html())


def demo_data() -> bool:
    """Whether the index holds the bundled demo corpus, so pages can say it is
    illustrative sample data. Computed once per request; never fails a page."""
    if "kb_demo" not in g:
        try:
            from web.context import kb_context

            totals = service.facet_totals(kb_context().index, facets=("source",), limit=1000)
            g.kb_demo = any(c.value == DEMO_SOURCE for c in totals.get("source", ()))
        except Exception:  # an error page must render even when the index cannot
            g.kb_demo = False
    return g.kb_demo


# What a document's parts are called: slides of a deck, pages of a PDF,
# sections of anything else; (capitalised, lower case, plural, plural lower case).
_SLIDES = (_l("Slide"), _l("slide"), _l("Slides"), _l("slides"))
UNITS: dict[str, tuple[str, str, str, str]] = {
    "pptx": _SLIDES, "ppt": _SLIDES, "odp": _SLIDES,    # decks, the legacy ones included
    "pdf": (_l("Page"), _l("page"), _l("Pages"), _l("pages")),
    "": (_l("Section"), _l("section"), _l("Sections"), _l("sections")),
}


def unit_names(fmt: str | None) -> dict[str, str]:
    """The words for a document's parts in the UI language, for templates:
    `one` ("Page"), `lower` ("page"), `many` ("Pages"), `many_lower` ("pages")."""
    one, lower, many, many_lower = UNITS.get(fmt or "", UNITS[""])
    return {"one": str(one), "lower": str(lower), "many": str(many),
            "many_lower": str(many_lower), "fmt": fmt if fmt in UNITS else ""}


def unit_count(fmt: str | None, n: int) -> str:
    """"3 pages", "1 slide", "12 sections", with the language's plural forms."""
    if UNITS.get(fmt or "") is _SLIDES:
        return ngettext_num("%(num)s slide", "%(num)s slides", n)
    if fmt == "pdf":
        return ngettext_num("%(num)s page", "%(num)s pages", n)
    return ngettext_num("%(num)s section", "%(num)s sections", n)


def number(value: int | float | None) -> str:
    """A count in the UI language's digits grouping ("12,345", "12 345")."""
    return "" if value is None else format_decimal(value)


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["shorten"] = shorten
    app.jinja_env.filters["num"] = number
    app.jinja_env.globals.update(
        facet_label=facet_label, FACET_TITLES=FACET_TITLES, SORT_LABELS=SORT_LABELS,
        url_toggle=url_toggle, url_without=url_without, url_with=url_with,
        url_search=url_search, url_here=url_here, EXPORT_LIMIT=exports.MAX_EXPORT_ROWS, EXPORT_FORMATS=tuple(exports.FORMATS.values()), demo_data=demo_data, snippet_html=snippet_html, DEMO_SOURCE=DEMO_SOURCE,
        sids_label=labels.sids_label, region_label=labels.region_label,
        country_name=labels.country_name, unit_names=unit_names, unit_count=unit_count,
    )
