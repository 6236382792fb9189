"""Atom feeds: of any search (`/feed.atom?` + the search's parameters), of a
country page and of a SIDS group, newest documents first.

A feed's parameters are read strictly, as the API reads them: a subscribed
URL that names an unknown country answers 400 rather than silently following
every document. Each response carries an ETag and Last-Modified, and a reader
that sends them back gets 304 Not Modified until the feed changes."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from kb import service, taxonomy
from kb.errors import NotFound
from kb.models import FACETS, Query
from web import feeds
from web.authz import guard
from web.context import kb_context
from web.i18n import current_language
from web.labels import country_name, facet_label, sids_label, stored_params

bp = Blueprint("feeds", __name__)

FEED_SIZE = 20          # entries per feed page


def _args() -> MultiDict:
    """The request's parameters without empty ones (as the search page reads them)."""
    return MultiDict([(k, v) for k, v in request.args.items(multi=True) if v.strip()])


def _paging() -> dict:
    """`page` and `size` of a country or SIDS feed, read as a search reads them."""
    params = {k: request.args.getlist(k) for k in ("page", "size")}
    query = service.query_from_params(params, kb_context().settings)
    return {"page": query.page, "page_size": query.page_size}


def _with_page(endpoint: str, args: MultiDict, page: int | None, **values) -> str:
    items = [(k, v) for k, v in args.items(multi=True) if k != "page"]
    if page is not None and page > 1:
        items.append(("page", str(page)))
    return url_for(endpoint, **values, _external=True) + _encoded(items)


def _encoded(items) -> str:
    from urllib.parse import urlencode
    return ("?" + urlencode(items)) if items else ""


def _entry(doc) -> feeds.Entry:
    cats = []
    if doc.doc_type:
        cats.append((doc.doc_type, facet_label("doc_type", doc.doc_type)))
    cats += [(c, country_name(c)) for c in doc.countries]
    cats += [(t, facet_label("topic", t)) for t in doc.topics]
    return feeds.Entry(doc=doc, url=url_for("documents.document", id=doc.id, _external=True),
                       categories=cats, summary=doc.description)


def _respond(query: Query, title: str, endpoint: str, html_url: str, **values) -> Response:
    ctx = kb_context()
    args = _args()
    # The documents KB indexed last first (the index's "added" order), as a
    # feed reader expects: a report of 2015 ingested today is news to a
    # subscriber, whose reader sees the first page only. FEED_SIZE entries a
    # page unless the URL asks for another `size`.
    size = query.page_size if request.args.get("size", "").strip() else FEED_SIZE
    query = replace(query, sort="added", page_size=size, facets=())
    results = service.search(ctx.index, query)
    last = min(results.pages, ctx.settings.max_page)
    page = query.page
    links = {"self": _with_page(endpoint, args, page, **values),
             "first": _with_page(endpoint, args, None, **values),
             "last": _with_page(endpoint, args, last, **values)}
    if page > 1:
        links["previous"] = _with_page(endpoint, args, min(page - 1, last), **values)
    if page < last:
        links["next"] = _with_page(endpoint, args, page + 1, **values)
    docs = [d for d in (ctx.index.get(h.id) for h in results.hits) if d is not None]
    written = feeds.write(feeds.Feed(
        id=_with_page(endpoint, MultiDict(), None, **values) + _encoded(
            [(k, v) for k, v in args.items(multi=True) if k not in ("page", "lang", "size")]),
        title=title,
        subtitle=_("The newest documents in the KB e-governance knowledge base"),
        html_url=html_url, links=links, language=current_language(),
        entries=[_entry(d) for d in docs]))
    response = Response(written.body, mimetype="application/atom+xml")
    response.content_type = feeds.MEDIA_TYPE
    response.set_etag(written.etag)
    response.last_modified = written.updated
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.vary.update(("Accept-Language", "Cookie"))
    return response.make_conditional(request)


@bp.get("/feed.atom")
@guard("search")
def search_feed():
    ctx = kb_context()
    args = _args()
    query = service.query_from_params(stored_params(args.to_dict(flat=False), FACETS), ctx.settings)
    title = (_("KB: newest documents for “%(query)s”", query=query.text) if query.text
             else _("KB: newest documents"))
    html = url_for("search.search", _external=True) + _encoded(
        [(k, v) for k, v in args.items(multi=True) if k not in ("page", "sort")])
    return _respond(query, title, "feeds.search_feed", html)


@bp.get("/countries/<code>/feed.atom")
@guard("search")
def country_feed(code: str):
    info = taxonomy.get_country(code)
    if info is None:
        raise NotFound(_("%(code)s is not an ISO 3166 country code", code=repr(code)))
    query = Query(filters={"country": (info.code,)}, **_paging())
    title = _("KB: newest documents about %(country)s", country=country_name(info.code))
    return _respond(query, title, "feeds.country_feed",
                    url_for("browse.country", code=info.code, _external=True), code=info.code)


@bp.get("/sids/<group>/feed.atom")
@guard("search")
def sids_feed(group: str):
    if group not in taxonomy.SIDS_GROUPS:
        raise NotFound(_("%(group)s is not a SIDS group; the groups are %(groups)s.",
                         group=repr(group), groups=", ".join(taxonomy.SIDS_GROUPS)))
    query = Query(filters={"sids": (group,)}, **_paging())
    title = _("KB: newest documents about %(group)s", group=sids_label(group))
    return _respond(query, title, "feeds.sids_feed",
                    url_for("browse.sids", _external=True) + f"#g-{group}", group=group)
