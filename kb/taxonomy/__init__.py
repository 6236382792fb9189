"""The controlled vocabularies behind the facets: countries (ISO 3166 with UN
M49 placement and SIDS groups), regions, document types and topics, and the
labels the UI shows for stored facet values."""
from __future__ import annotations

from kb.taxonomy import countries, doctypes, gazetteer, regions, topics
from kb.taxonomy.countries import Country, all_countries, by_region, country_name, sids_countries
from kb.taxonomy.countries import get as get_country
from kb.taxonomy.doctypes import DOC_TYPES
from kb.taxonomy.gazetteer import find_countries
from kb.taxonomy.regions import (
    M49_REGIONS, REGIONAL_NAMES, SIDS_GROUPS, SIDS_LABELS, SUBREGIONS, sids_label,
)
from kb.taxonomy.topics import TOPICS


def doc_type_label(slug: str) -> str:
    return doctypes.label(slug)


def topic_label(slug: str) -> str:
    return topics.label(slug)


def facet_label(facet: str, value: str) -> str:
    """The label a user sees for a stored facet value. Values the taxonomy does
    not know are shown as stored, so a curated oddity is never hidden."""
    if facet == "country":
        return country_name(value)
    if facet == "topic":
        return topic_label(value)
    if facet == "doc_type":
        return doc_type_label(value)
    if facet == "sids":
        return sids_label(value)
    return value


__all__ = [
    "Country", "DOC_TYPES", "M49_REGIONS", "REGIONAL_NAMES", "SIDS_GROUPS", "SIDS_LABELS",
    "SUBREGIONS", "TOPICS", "all_countries", "by_region", "countries", "country_name",
    "doc_type_label", "doctypes", "facet_label", "find_countries", "gazetteer", "get_country",
    "regions", "sids_countries", "sids_label", "topic_label", "topics",
]
