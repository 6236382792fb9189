"""Browse by country and by SIDS group, for officials who want everything the
repository holds for their country rather than an answer to a query."""
from __future__ import annotations

from flask import Blueprint, render_template

from kb import practices, service, taxonomy
from kb.errors import NotFound
from kb.models import Query
from flask_babel import gettext as _
from web.authz import guard
from web.context import kb_context
from web.charts import coverage_map
from web.labels import country_name, facet_label, sids_label, sort_key
from web.views.practices import suggestion_view

bp = Blueprint("browse", __name__)


def country_counts(index) -> dict[str, int]:
    """Documents per country code over the whole repository."""
    totals = service.facet_totals(index, facets=("country",), limit=1000)
    return {c.value: c.count for c in totals.get("country", ())}


def sids_counts(index) -> dict[str, int]:
    totals = service.facet_totals(index, facets=("sids",), limit=100)
    return {c.value: c.count for c in totals.get("sids", ())}


@bp.get("/countries")
@guard("search")
def countries():
    ctx = kb_context()
    counts = country_counts(ctx.index)
    regions = taxonomy.by_region()
    # Names in the UI language, listed in its alphabetical order.
    listed = {
        region: {sub: sorted(((c, country_name(c.code), counts[c.code])
                              for c in members if counts.get(c.code)),
                             key=lambda r: sort_key(r[1]))
                 for sub, members in subs.items()}
        for region, subs in regions.items()
    }
    known = {c.code for subs in regions.values() for members in subs.values() for c in members}
    other = sorted(((code, facet_label("country", code), n) for code, n in counts.items()
                    if code not in known), key=lambda r: sort_key(r[1]))
    return render_template(
        "countries.html", listed=listed, other=other,
        grids=coverage_map(regions, counts, name=country_name), total_countries=len(counts),
    )


@bp.get("/countries/<code>")
@guard("search")
def country(code: str):
    ctx = kb_context()
    info = taxonomy.get_country(code)
    if info is None:
        raise NotFound(_("%(code)s is not an ISO 3166 country code", code=repr(code)))
    results = service.search(ctx.index, Query(
        filters={"country": (info.code,)}, sort="newest", page_size=10,
        facets=("doc_type", "year", "topic", "language", "format"), facet_limit=50))
    years = sorted(results.facets.get("year", ()), key=lambda c: c.value, reverse=True)
    counts = {facet: sorted(results.facets.get(facet, ()),
                            key=lambda c, f=facet: (-c.count, sort_key(facet_label(f, c.value))))
              for facet in ("doc_type", "topic")}
    peer_practices = [suggestion_view(s) for s in practices.what_peers_did(ctx.index, info.code)]
    return render_template("country.html", country=info, results=results, years=years,
                           counts=counts, peer_practices=peer_practices)


@bp.get("/sids")
@guard("search")
def sids():
    ctx = kb_context()
    counts = country_counts(ctx.index)
    groups = sids_counts(ctx.index)
    rows = [
        (group, sids_label(group), groups.get(group, 0),
         sorted(((c, country_name(c.code), counts.get(c.code, 0))
                 for c in taxonomy.sids_countries(group)), key=lambda r: sort_key(r[1])))
        for group in taxonomy.SIDS_GROUPS
    ]
    return render_template("sids.html", groups=rows)
