"""Enrichers: each reads a Document and returns the fields it can infer, with a
reason a user can read. `enrich` runs them in order and merges the results;
an enricher that fails is logged and skipped, so one odd document never loses
the other fields."""
from __future__ import annotations

import logging
from typing import Mapping

from kb.models import Document
from kb.protocols import Enricher, Inferred

from ingest.enrichers.countries import enrich_countries
from ingest.enrichers.doctype import enrich_doctype
from ingest.enrichers.language import enrich_language, with_page_languages
from ingest.enrichers.organisation import enrich_organisation
from ingest.enrichers.topics import enrich_topics
from ingest.enrichers.year import enrich_year

log = logging.getLogger(__name__)

ENRICHERS: list[Enricher] = [
    enrich_language,
    enrich_doctype,
    enrich_year,
    enrich_countries,
    enrich_topics,
    enrich_organisation,
]


def enrich(document: Document, enrichers: list[Enricher] | None = None) -> dict[str, Inferred]:
    """All inferred fields; when two enrichers infer the same field the earlier
    one in ENRICHERS keeps it."""
    merged: dict[str, Inferred] = {}
    for enricher in enrichers if enrichers is not None else ENRICHERS:
        try:
            found: Mapping[str, Inferred] = enricher(document)
        except Exception:   # noqa: BLE001 - a broken heuristic must not fail the ingest
            log.exception("enricher %s failed on %s", getattr(enricher, "__name__", enricher),
                          document.uri)
            continue
        for name, value in found.items():
            merged.setdefault(name, value)
    return merged


def apply_page_languages(document: Document, inferred: Mapping[str, Inferred]) -> Document:
    """The built document with each page's language set from what `enrich`
    inferred (`page_language`), the pages too short to tell taking the
    document's final language. Called on the merged document, so a curated
    language is the one short pages inherit."""
    found = inferred.get("page_language")
    return with_page_languages(document, found.value if found is not None else None)


def warm() -> None:
    """Build the enrichers' tables and compile their patterns (a second or
    so of work) now: called in the parent before worker processes are
    forked, they all share them instead of each paying on its first document."""
    from kb.models import Page
    from ingest.enrichers import language
    language.warm()        # what the short document below leaves unread
    enrich(Document(id="warm", uri="warm:", title="Warm-up", format="text",
                    pages=(Page(1, "Fiji open data portal, 12 March 2020."),)))


__all__ = ["ENRICHERS", "apply_page_languages", "enrich", "warm", "enrich_countries", "enrich_doctype",
           "enrich_language", "enrich_organisation", "enrich_topics", "enrich_year"]
