"""The fields a document's enrichers infer, laid over what a curator set.

`infer` is the step of building a document after extraction: every field a
curator may set and an enricher may infer gets the curated value when there
is one, the inferred one otherwise, each with its origin. `reinfer` runs it
again on a document that was built already, when something its enrichers
read has changed since, such as its title: a title found to be a template's
(ingest/shared_titles.py) gives way to the document's own, and the year,
type, countries and topics read from the title go with it, as do the
practice cards named after it.
"""
from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, datetime
from typing import Any, Mapping

from kb.models import PRACTICE_FIELDS, Document, Origin, Practice
from kb.taxonomy import countries as country_table
from ingest.enrichers import apply_page_languages, enrich
from ingest.enrichers.practices import extract_practices, lay_over

# Fields a curator may set and an enricher may infer; curated wins.
ENRICHED_FIELDS = ("doc_type", "year", "countries", "countries_mentioned", "regions", "sids",
                   "topics", "language", "organisation")
TUPLE_FIELDS = {"countries", "countries_mentioned", "regions", "sids", "topics"}
# What the enrichers leave in Document.extra besides the fields.
INFERRED_EXTRA = ("country_mentions", "page_languages")
FROM_CURATED_COUNTRIES = Origin("inferred", "from the curated countries")


def json_safe(value: Any) -> Any:
    """`value` as JSON can hold it (dates as ISO strings, anything odd as text)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def infer(draft: Document, curated: Mapping[str, Any]) -> Document:
    """`draft` (extracted text, title and metadata; its `extra` the file's
    metadata) with every field of ENRICHED_FIELDS set: the `curated` value
    where there is one, what the enrichers infer from the draft otherwise;
    regions and SIDS groups follow curated countries unless curated
    themselves. Each page gets its language; `extra` becomes JSON-safe and
    keeps the country mentions and page languages the enrichers found.
    Keys of `curated` outside ENRICHED_FIELDS are not read."""
    values: dict[str, Any] = {}
    origins = dict(draft.origins)
    for name in ENRICHED_FIELDS:
        if name in curated:
            values[name] = curated[name]
            known = origins.get(name)      # a correction's origin names who made it
            if known is None or known.kind != "curated":
                origins[name] = Origin("curated", "from the manifest")
    if "countries" in curated:
        for name, attr in (("regions", "subregion"), ("sids", "sids_group")):
            if name not in curated:
                found = [getattr(c, attr) for c in map(country_table.get, curated["countries"]) if c]
                values[name] = tuple(dict.fromkeys(v for v in found if v))
                origins[name] = FROM_CURATED_COUNTRIES
    inferred = enrich(replace(draft, **values))
    for name, guess in inferred.items():
        if name in values or name not in ENRICHED_FIELDS or guess.value in (None, (), [], ""):
            continue
        values[name] = tuple(guess.value) if name in TUPLE_FIELDS else guess.value
        origins[name] = Origin("inferred", guess.reason)
    for name in TUPLE_FIELDS & values.keys():
        values[name] = tuple(values[name])
    extra = json_safe(dict(draft.extra))
    for key in INFERRED_EXTRA:
        extra.pop(key, None)
    if "country_mentions" in inferred:  # counts and pages per country named, for the document page
        extra["country_mentions"] = json_safe(inferred["country_mentions"].value)
    if "page_languages" in inferred:  # only when the pages are not all in the document's language
        extra["page_languages"] = {str(n): lang for n, lang in inferred["page_languages"].value.items()}
    # each page's language: its own where it has enough text, else the document's
    return apply_page_languages(replace(draft, origins=origins, extra=extra, **values), inferred)


def curated_values(doc: Document) -> dict[str, Any]:
    """The fields of ENRICHED_FIELDS a curator set on `doc` (in a manifest
    or as a correction), by their origin."""
    return {name: getattr(doc, name) for name in ENRICHED_FIELDS
            if (origin := doc.origins.get(name)) is not None and origin.kind == "curated"}


def cards_again(doc: Document, before: tuple[Practice, ...]) -> tuple[Practice, ...]:
    """The practice cards of `doc` read again, each card's curated fields
    (a manifest's, a curator's corrections) kept from the card `before` in
    its place."""
    curated = tuple(Practice(**{name: f for name in PRACTICE_FIELDS
                                if (f := old.get(name)) is not None and f.origin.kind == "curated"})
                    for old in before)
    return lay_over(extract_practices(doc), curated)


def reinfer(doc: Document) -> Document:
    """`doc` with its inferred fields and its practice cards inferred again
    from what it holds now (its title, say); curated fields and card fields,
    their origins and everything else kept."""
    curated = curated_values(doc)
    cleared = {f.name: f.default for f in fields(Document) if f.name in ENRICHED_FIELDS and f.name not in curated}
    origins = {k: v for k, v in doc.origins.items() if k not in ENRICHED_FIELDS or k in curated}
    again = infer(replace(doc, origins=origins, **cleared), curated)
    # cards last: a card's name may be the title, its country the document's
    return replace(again, practices=cards_again(again, doc.practices))
