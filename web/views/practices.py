"""The Practices view: practice cards that match a search, with the search's
facets plus outcome and solution type. Thin: `kb.practices` reads the
request and counts the facets; this view links and renders."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext, gettext as _, lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from kb import practices, taxonomy
from kb.models import OUTCOMES, PRACTICE_FIELDS, Practice
from web.authz import guard
from web.context import kb_context
from web.i18n import translate_error
from web.labels import facet_label, language_name, sids_label, sort_key, stored_params, topic_label
from web.templating import number as format_number
from web.templating import FACET_TITLES

bp = Blueprint("practices", __name__)

STATE_KEYS = ("q", *practices.PRACTICE_FACETS, "year_from", "year_to", "sort", "lang")
OUTCOME_LABELS = {"worked": _l("Worked"), "partly": _l("Partly worked"), "did-not": _l("Did not work")}
FIELD_LABELS = {
    "name": _l("Initiative"), "country": _l("Country"), "place": _l("City or agency"),
    "years": _l("Years"), "challenge": _l("Challenge"), "solution": _l("What was done"),
    "results": _l("Results"), "lessons": _l("Lessons, including what did not work"),
    "cost": _l("Cost and funding"), "partners": _l("Partners"), "contact": _l("Organisation to contact"),
    "outcome": _l("Outcome"), "solution_type": _l("Solution type"),
}
CARD_ORIGIN_LABELS = {"curated": _l("curated"), "extracted": _l("from the text")}
PRACTICE_FACET_TITLES = {**FACET_TITLES, "outcome": _l("Outcome"), "solution_type": _l("Solution type")}
PAGE_SIZE = 20
LEGAL_LABELS = {"civil": _l("civil law"), "common": _l("common law"), "customary": _l("customary law"),
                "muslim": _l("Muslim law")}

def card_value(name: str, value: str) -> str:
    """A card field's value as a reader sees it: codes and slugs as labels."""
    if name == "country":
        return facet_label("country", value)
    if name == "outcome":
        return str(OUTCOME_LABELS.get(value, value))
    if name == "solution_type":
        return topic_label(value)
    return value


def label(facet: str, value: str) -> str:
    if facet == "outcome":
        return str(OUTCOME_LABELS.get(value, value))
    if facet == "solution_type":
        return topic_label(value)
    return facet_label(facet, value)


def card_rows(card: Practice) -> list[dict]:
    """Each field of a card in order, with its value shown, its page and
    where it came from; a field the text does not state as absent."""
    rows = []
    for name in PRACTICE_FIELDS:
        f = card.get(name)
        rows.append({"name": name, "label": FIELD_LABELS[name],
                     "value": card_value(name, f.value) if f else None,
                     "page": f.page if f else None,
                     "kind": f.origin.kind if f else None, "reason": f.origin.reason if f else ""})
    return rows


def _state() -> MultiDict:
    out = MultiDict()
    for k, v in request.args.items(multi=True):
        if k in STATE_KEYS and v.strip():
            out.add(k, v)
    return out


def _href(state: MultiDict) -> str:
    items = list(state.items(multi=True))
    base = url_for("practices.practices")
    return f"{base}?{urlencode(items)}" if items else base


def url_toggle(facet: str, value: str) -> str:
    state = _state()
    values = state.getlist(facet)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    state.setlist(facet, values)
    return _href(state)


def url_page(n: int) -> str:
    state = _state()
    state["page"] = str(n)
    return _href(state)


@bp.get("/practices", endpoint="practices")
@guard("search")
def practices_page():
    ctx = kb_context()
    args = request.args.to_dict(flat=False)
    params = stored_params(args, practices.FACETS)
    params["size"] = [str(PAGE_SIZE)]
    pq, bad = practices.read_practice_params(params, ctx.settings)
    left_out = _("That part of the search was left out.")
    problems = [f"{translate_error(exc)} {left_out}" for exc in bad]
    results = practices.search_practices(ctx.index, pq)
    facet_rows = {
        facet: sorted(((c, label(facet, c.value)) for c in results.facets.get(facet, ())),
                      key=lambda row: (-row[0].count, sort_key(row[1])))
        # the card's own facets first: they are what this view adds to a search
        for facet in ("outcome", "solution_type", *practices.FACETS) if facet != "year"
    }
    chips = [(f"{PRACTICE_FACET_TITLES.get(f, f)}: {label(f, v)}", url_toggle(f, v))
             for f, values in pq.filters.items() for v in values]
    return render_template(
        "practices.html", pq=pq, results=results, problems=problems, facet_rows=facet_rows,
        titles=PRACTICE_FACET_TITLES, url_toggle=url_toggle, url_page=url_page, chips=chips,
        outcome_labels=OUTCOME_LABELS, card_value=card_value, outcomes=OUTCOMES,
        casebook_url=casebook_url,
    )



def explain(reason) -> str:
    """A `kb.peers.Reason` in the UI language: its message translated and
    its values as labels (language codes as names, topic slugs as topics)."""
    params = dict(reason.params)
    if "languages" in params:
        params["languages"] = ", ".join(language_name(c, capitalise=False) if len(c) in (2, 3) else c
                                        for c in params["languages"].split(", "))
    if "topic" in params:
        params["topic"] = topic_label(params["topic"])
    if "group" in params:
        group = params["group"]        # a SIDS group, or an income group's message id
        translate = gettext
        params["group"] = sids_label(group) if group in taxonomy.SIDS_GROUPS else translate(group)
    if "region" in params:
        params["region"] = facet_label("region", params["region"])
    if "legal" in params:
        params["legal"] = ", ".join(str(LEGAL_LABELS.get(v, v)) for v in params["legal"].split(", "))
    for key in ("a", "b", "num"):
        if key in params:
            params[key] = format_number(int(params[key].replace(",", "")))
    return gettext(reason.template) % params


def suggestion_view(s) -> dict:
    return {"doc_id": s.doc_id, "number": s.number, "country": s.country, "name": s.name,
            "contact": s.contact, "why": "; ".join(explain(r) for r in s.reasons)}


def card_peers(index, doc) -> dict[int, list[dict]]:
    """For each card of `doc`, the countries like its country that did the same."""
    out = {}
    for num, card in enumerate(doc.practices, start=1):
        found = practices.countries_like_this(index, doc, card)
        if found:
            out[num] = [suggestion_view(s) for s in found]
    return out


# ------------------------------------------------------------------ case book

MAX_CASEBOOK = 50
CASEBOOK_TYPES = {"pdf": "application/pdf",
                  "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}


def casebook_labels() -> dict[str, str]:
    """The case book's fixed labels in the UI language."""
    from web.templating import demo_data
    labels = {name: str(label) for name, label in FIELD_LABELS.items()}
    labels.update(
        casebook=_("Case book of practices"), source=_("Source"), page=_("page %(num)s").replace("%%", "%"),
        absent=_("Not stated in the document"),
        practices_count=_("Practices in this book: %(num)s").replace("%%", "%"),
        made=_("Made by KB on %(date)s from the documents cited with each practice.").replace("%%", "%"),
        illustrative=_("The bundled demo documents are illustrative sample data written for KB, "
                       "not real publications.") if demo_data() else "",
    )
    return labels


def casebook_entries(rows) -> list:
    from web.casebook import Entry
    out = []
    for row in rows:
        card = row.card
        shown = {name: card_value(name, card.get(name).value)
                 for name in ("country", "outcome", "solution_type") if card.get(name)}
        out.append(Entry(card, row.document.title,
                         url_for("documents.document", id=row.doc_id, _external=True) + f"#card-{row.number}",
                         shown))
    return out


def chosen_rows(ctx, args) -> list:
    """The cards a case book holds: those named by `card=ID:N`, else the
    practices of a country's peers (`peers_of=CODE`), else every card of the
    search, at most MAX_CASEBOOK."""
    picked = [v for v in args.getlist("card") if ":" in v][:MAX_CASEBOOK]
    if picked:
        rows = []
        for value in picked:
            doc_id, _, n = value.rpartition(":")
            doc = ctx.index.get(doc_id) if n.isdigit() else None
            if doc is not None and 1 <= int(n) <= len(doc.practices):
                rows.append(practices.CardRow(doc, int(n), doc.practices[int(n) - 1]))
        return rows
    code = (args.get("peers_of") or "").strip().upper()
    if code:
        rows = []
        for s in practices.what_peers_did(ctx.index, code, limit=MAX_CASEBOOK):
            doc = ctx.index.get(s.doc_id)
            if doc is not None:
                rows.append(practices.CardRow(doc, s.number, doc.practices[s.number - 1]))
        return rows
    params = stored_params(args.to_dict(flat=False), practices.FACETS)
    params["size"] = [str(MAX_CASEBOOK)]
    params.pop("page", None)
    pq, _problems = practices.read_practice_params(params, ctx.settings)
    return list(practices.search_practices(ctx.index, pq).rows)


@bp.get("/practices/casebook.<kind>", endpoint="casebook")
@guard("search")
def casebook(kind: str):
    from kb.errors import NotFound
    from web.casebook import casebook_pdf, casebook_pptx

    if kind not in CASEBOOK_TYPES:
        raise NotFound(_("A case book comes as PDF or PPTX."))
    ctx = kb_context()
    rows = chosen_rows(ctx, request.args)
    make = casebook_pdf if kind == "pdf" else casebook_pptx
    data = make(casebook_entries(rows), casebook_labels())
    return Response(data, mimetype=CASEBOOK_TYPES[kind], headers={
        "Content-Disposition": f'attachment; filename="kb-casebook.{kind}"'})


def casebook_url(kind: str) -> str:
    """The case book of the current Practices search."""
    state = _state()
    state.pop("page", None)
    items = list(state.items(multi=True))
    base = url_for("practices.casebook", kind=kind)
    return f"{base}?{urlencode(items)}" if items else base
