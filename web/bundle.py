"""The pages of an offline bundle: `index.html` (rendered from
`templates/bundle/index.html` in the request's language) and `metadata.csv`
(the CSV export, plus the file each document has in the zip), and the
`kb.bundle.Spec` they make with the files.

The page is opened from `file://` with no network: links are relative to the
zip's folder, the CSS and the filter's JavaScript are inline, and a
Content-Security-Policy with their hashes lets nothing else run or load (an
escaped title could never become a script, and no stray resource can leave
the machine). Without JavaScript the filters stay hidden and the list is whole."""
from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from babel.dates import format_date
from flask import render_template
from flask_babel import format_decimal, get_locale, gettext as _, ngettext
from markupsafe import Markup

from kb import bundle, exports
from kb.models import FACETS, Query
from web.i18n import html_lang, ngettext_num
from web.labels import country_name, facet_label, language_name, sids_label, sort_key
from web.templating import FACET_TITLES, unit_names

ASSETS = Path(__file__).parent / "templates" / "bundle"
# The select filters of the page, in this order (text filtering covers the rest).
FILTERS = ("country", "doc_type", "topic", "language", "year")


def size_label(n: int) -> str:
    """A size as a reader of the UI language reads it: "12.3 MB", "850 kB"."""
    if n >= 1_000_000:
        return _("%(num)s MB", num=format_decimal(round(n / 1_000_000, 1)))
    return _("%(num)s kB", num=format_decimal(max(1, round(n / 1000))))


def collection_title(query: Query) -> str:
    """What the collection is, in a few words: a country, a SIDS group, a
    search and its selections."""
    only = {k: v for k, v in query.filters.items() if v}
    plain = not query.text and query.year_from is None and query.year_to is None
    if plain and list(only) == ["country"] and len(only["country"]) == 1:
        return _("Documents about %(country)s", country=country_name(only["country"][0]))
    if plain and list(only) == ["sids"] and len(only["sids"]) == 1:
        return _("Documents about %(group)s", group=sids_label(only["sids"][0]))
    parts = []
    if query.text:
        parts.append(_("“%(query)s”", query=query.text))
    for facet in FACETS:
        for value in only.get(facet, ()):
            parts.append(_("%(facet)s: %(value)s", facet=FACET_TITLES.get(facet, facet),
                           value=facet_label(facet, value)))
    if query.year_from is not None or query.year_to is not None:
        parts.append(_("Years: %(first)s–%(last)s", first=query.year_from or "…",
                       last=query.year_to or "…"))
    if not parts:
        return _("All documents")
    return _("Documents for %(search)s", search="; ".join(parts))


def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def _href(name: str) -> str:
    return quote(name)           # names are ASCII already; quote() keeps "/" and makes sure


def _card(item: bundle.Item, card, card_rows: Callable) -> dict:
    pdf = item.is_original and item.doc.format == "pdf"
    u = unit_names(item.doc.format)
    rows = []
    for row in card_rows(card):
        if row["name"] == "name":
            continue
        page = row["page"]
        rows.append({"label": row["label"], "value": row["value"], "page": page,
                     "page_label": _("%(unit)s %(num)s", unit=u["lower"], num=page) if page else "",
                     "link": f"{_href(item.name)}#page={page}" if pdf and page else ""})
    return {"name": card.name.value if card.name else _("Practice %(num)s", num=item.number),
            "rows": rows}


def _item(item: bundle.Item, card_rows: Callable) -> dict:
    doc = item.doc
    rows = []
    if doc.doc_type:
        rows.append((_("Document type"), facet_label("doc_type", doc.doc_type)))
    if doc.year is not None:
        rows.append((_("Year"), str(doc.year)))
    if doc.countries:
        rows.append((_("Countries"), ", ".join(country_name(c) for c in doc.countries)))
    if doc.sids:
        rows.append((_("SIDS group"), ", ".join(sids_label(g) for g in doc.sids)))
    if doc.topics:
        rows.append((_("Topics"), ", ".join(facet_label("topic", t) for t in doc.topics)))
    if doc.language:
        rows.append((_("Language"), language_name(doc.language)))
    if doc.organisation:
        rows.append((_("Organisation"), doc.organisation))
    if doc.author:
        rows.append((_("Author"), doc.author))
    lang = doc.language
    return {
        "number": item.number, "title": doc.title or doc.id, "file": _href(item.name) if item.name else "",
        "is_original": item.is_original, "format_label": facet_label("format", doc.format),
        "size": size_label(item.size), "online": item.online,
        "doclang": Markup(f' lang="{lang}"') if lang and lang.isalpha() and len(lang) <= 3 else "",
        "rows": rows, "description": doc.description,
        "countries": doc.countries, "doc_type": doc.doc_type or "", "topics": doc.topics,
        "language": doc.language or "", "year": "" if doc.year is None else str(doc.year),
        "cards": [_card(item, c, card_rows) for c in doc.practices],
    }


def _filters(items: list[dict]) -> list[dict]:
    values: dict[str, set[str]] = {f: set() for f in FILTERS}
    for it in items:
        values["country"].update(it["countries"])
        values["topic"].update(it["topics"])
        for f in ("doc_type", "language", "year"):
            if it[f]:
                values[f].add(it[f])
    out = []
    for f in FILTERS:
        if len(values[f]) < 2:
            continue                 # nothing to choose between
        if f == "year":
            options = [(v, v) for v in sorted(values[f], reverse=True)]
        else:
            options = sorted(((v, facet_label(f, v)) for v in values[f]), key=lambda o: sort_key(o[1]))
        out.append({"name": f, "label": FACET_TITLES.get(f, f), "options": options})
    return out


def index_html(plan: bundle.Plan, title: str, site_url: str = "",
               when: datetime | None = None) -> str:
    from web.views.practices import card_rows       # the card's field labels, as /practices shows them

    css, js = _asset("offline.css"), _asset("offline.js")
    csp = (f"default-src 'none'; style-src {_hash(css)}; script-src {_hash(js)}; "
           "img-src 'none'; form-action 'none'; base-uri 'none'")
    items = [_item(i, card_rows) for i in plan.items]
    n = len(items)
    when = when or datetime.now(timezone.utc)
    files = sum(1 for i in plan.items if i.is_original)
    about = ngettext_num("%(num)s document", "%(num)s documents", n)
    about += " · " + ngettext_num("%(num)s original file", "%(num)s original files", files)
    return render_template(
        "bundle/index.html", lang=html_lang(), title=title, about=about, css=Markup(css),
        js=Markup(js), csp=csp, items=items, filters=_filters(items), site_url=site_url,
        prepared=format_date(when.date(), "long", locale=get_locale()),
        count_text=ngettext_num("%(num)s document", "%(num)s documents", n),
        # the filter says how many it shows; its plural form is picked in the page
        # (Intl.PluralRules) from these two, which are the one/other forms of the four languages
        shown_one=ngettext("{shown} document shown of %(total)s", "{shown} documents shown of %(total)s",
                           1, total=format_decimal(n)),
        shown_other=ngettext("{shown} document shown of %(total)s", "{shown} documents shown of %(total)s",
                             2, total=format_decimal(n)),
    )


FILE_COLUMN = "file"


def metadata_csv(plan: bundle.Plan, doc_url: Callable[[str], str]) -> str:
    """The CSV export of the bundle's documents, with a last column naming
    each one's file inside the zip."""
    files = {i.doc.id: i.name for i in plan.items}
    records = (exports.record(i.doc, doc_url(i.doc.id)) for i in plan.items)
    return "".join(exports.write_csv(records, extra=(FILE_COLUMN,),
                                     extra_values=lambda r: (files.get(r.id, ""),)))


def make_spec(plan: bundle.Plan, title: str, doc_url: Callable[[str], str], site_url: str = "",
              when: datetime | None = None) -> bundle.Spec:
    when = when or datetime.now(timezone.utc)
    return bundle.spec(plan, index_html(plan, title, site_url, when), metadata_csv(plan, doc_url), when)
