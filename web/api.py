"""The JSON API: the same searches as the pages, as data.

Parameters are parsed by the same `kb.service.query_from_params` as the pages,
so a URL copied from the browser works here with `/api/search` in front.
Unlike the page, a parameter that cannot be read is a 400, because a program
should learn it sent something wrong rather than get a silently wider result.

Values stay as stored (codes, slugs); the labels, names and messages meant for
people are in the request's language (`?lang=`, `Accept-Language`), as on the
pages."""
from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from flask_babel import gettext as _

from kb import peers as peer_table, practices, service, taxonomy
from kb.models import FACETS
from kb.errors import NotFound
from kb.serialize import practice_to_dict, public_document_dict, public_hit_dict, public_results_dict
from web.authz import authorize, guard
from web.context import kb_context
from web.i18n import current_language
from web.mine import language_first
from web.notices import translate_notice
from web.openapi import openapi_document
from web.labels import country_name, facet_label, sort_key, stored_params

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
@guard("search")
def search():
    ctx = kb_context()
    params = stored_params(request.args.to_dict(flat=False), FACETS)
    query = service.query_from_params(params, ctx.settings)
    if request.args.get("mine") == "1":
        results = language_first(ctx.index, query, current_language())
    else:
        results = service.search(ctx.index, query)
    data = public_results_dict(results)     # no server path in the API
    data["notice"] = translate_notice(results.notice)
    for name, counts in data["facets"].items():
        for row in counts:
            row["label"] = facet_label(name, row["value"])
    for hit in data["hits"]:
        hit["url"] = url_for("documents.document", id=hit["id"], _external=True)
        _alternate_urls(hit)
        hit["page_url"] = (url_for("documents.page", id=hit["id"], n=hit["page"], _external=True)
                           if hit.get("page") else None)
    return jsonify(data)


@bp.get("/documents/<id>")
@guard("view_document")
def document(id: str):
    ctx = kb_context()
    doc = service.get_document(ctx.index, id)
    authorize("view_document", doc)
    data = public_document_dict(doc)
    data["url"] = url_for("documents.document", id=id, _external=True)
    data["original_url"] = url_for("documents.original", id=id, _external=True)
    _alternate_urls(data)
    data["related"] = [public_hit_dict(h) for h in service.related(ctx.index, id, limit=5)]
    return jsonify(data)


def _alternate_urls(data: dict) -> None:
    """A download link for each of a document's other formats and copies."""
    for alt in data.get("alternates") or ():
        alt["url"] = url_for("documents.alternate", id=data["id"], alt_id=alt["id"], _external=True)


@bp.get("/countries")
@guard("search")
def countries():
    ctx = kb_context()
    totals = service.facet_totals(ctx.index, facets=("country",), limit=1000)
    out = []
    for fc in totals.get("country", ()):
        c = taxonomy.get_country(fc.value)
        out.append({
            "code": fc.value, "name": country_name(fc.value) if c else fc.value, "count": fc.count,
            "region": c.region if c else None, "subregion": c.subregion if c else None,
            "sids_group": c.sids_group if c else None,
            "url": url_for("browse.country", code=fc.value, _external=True),
        })
    out.sort(key=lambda r: sort_key(r["name"]))        # in the request's language
    return jsonify({"countries": out, "total": len(out)})


@bp.get("/practices")
@guard("search")
def practice_cards():
    """Practice cards that match a search: the search's parameters plus
    `outcome` and `solution_type`; a parameter that cannot be used is a 400."""
    from web.views.practices import label
    ctx = kb_context()
    params = stored_params(request.args.to_dict(flat=False), FACETS)
    pq, problems = practices.read_practice_params(params, ctx.settings)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            first.args = (" ".join(str(p) for p in problems),)
        first.parts = list(problems)
        raise first
    results = practices.search_practices(ctx.index, pq)
    cards = [{
        "document": row.doc_id, "title": row.document.title, "number": row.number,
        "url": url_for("documents.document", id=row.doc_id, _external=True) + f"#card-{row.number}",
        "summary": row.card.summary, "card": practice_to_dict(row.card),
    } for row in results.rows]
    facets = {name: [{"value": c.value, "label": label(name, c.value), "count": c.count,
                      "selected": c.selected} for c in counts]
              for name, counts in results.facets.items()}
    return jsonify({"total": results.total, "page": pq.query.page, "page_size": pq.query.page_size,
                    "pages": results.pages, "cards": cards, "facets": facets,
                    "documents_read": results.documents_read})


@bp.get("/countries/<code>/peers")
@guard("search")
def country_peers(code: str):
    """The countries most like `code`, each with why, and what they did."""
    from web.views.practices import explain, suggestion_view
    ctx = kb_context()
    info = taxonomy.get_country(code.upper())
    if info is None:
        raise NotFound(_("%(code)s is not an ISO 3166 country code", code=repr(code)))
    close = [{"code": p.code, "name": country_name(p.code), "score": p.score,
              "reasons": [explain(r) for r in p.reasons]} for p in peer_table.peers(info.code, limit=10)]
    did = [dict(suggestion_view(s), score=s.score,
                url=url_for("documents.document", id=s.doc_id, _external=True) + f"#card-{s.number}")
           for s in practices.what_peers_did(ctx.index, info.code)]
    return jsonify({"country": info.code, "peers": close, "practices": did})


@bp.get("/suggest")
@guard("search")
def suggest():
    ctx = kb_context()
    prefix = request.args.get("q", "")[: ctx.settings.max_query_chars]
    return jsonify({"q": prefix, "suggestions": ctx.index.suggest(prefix, limit=8)})


@bp.get("/openapi.json")
@guard("view_api_description")
def openapi():
    return jsonify(openapi_document(request.host_url.rstrip("/")))
