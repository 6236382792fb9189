"""What templates need besides the data a view passes: display labels, URLs
that change one piece of the search state, and the snippet markup.

Search state lives only in the URL (bookmarkable, shareable, the back button
works), so every link that narrows, widens, re-sorts or pages a search is built
here from the current query string."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import urlencode

from flask import Flask, g, request, url_for
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from kb.models import FACETS, Snippet
from kb import service, taxonomy
from kb.taxonomy.values import canonical

# The query-string keys that make up a search; anything else is dropped from links.
STATE_KEYS: tuple[str, ...] = ("q", *FACETS, "year_from", "year_to", "sort", "size", "page")

FACET_TITLES: dict[str, str] = {
    "country": "Country", "region": "Region", "sids": "SIDS group",
    "doc_type": "Document type", "year": "Year", "topic": "Topic",
    "language": "Language", "source": "Source", "format": "Format",
}
LANGUAGES: dict[str, str] = {
    "en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese", "ar": "Arabic",
    "ru": "Russian", "zh": "Chinese", "de": "German", "nl": "Dutch", "it": "Italian",
}
FORMATS: dict[str, str] = {
    "pdf": "PDF", "pptx": "PowerPoint", "docx": "Word", "html": "Web page", "text": "Text",
}
SORT_LABELS: dict[str, str] = {
    "relevance": "Relevance", "newest": "Newest first", "oldest": "Oldest first", "title": "Title",
}
DEMO_SOURCE = "KB demo corpus"


def facet_label(facet: str, value: str | int | None) -> str:
    """The label users see; the taxonomy knows countries, topics, types and
    SIDS groups, the rest is small enough to keep here."""
    if value is None:
        return ""
    value = str(value)
    if facet == "language":
        return LANGUAGES.get(value, value)
    if facet == "format":
        return FORMATS.get(value, value.upper())
    return taxonomy.facet_label(facet, value)


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
            v = canonical(k, v)
            if v is None or v in out.getlist(k):
                continue
        out.add(k, v)
    return out


def _href(state: MultiDict, endpoint: str = "search.search") -> str:
    base = url_for(endpoint)
    items = list(state.items(multi=True))
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


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["shorten"] = shorten
    app.jinja_env.globals.update(
        facet_label=facet_label, FACET_TITLES=FACET_TITLES, SORT_LABELS=SORT_LABELS,
        url_toggle=url_toggle, url_without=url_without, url_with=url_with,
        url_search=url_search, demo_data=demo_data, snippet_html=snippet_html, DEMO_SOURCE=DEMO_SOURCE,
        sids_label=taxonomy.sids_label,
    )
