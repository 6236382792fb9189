"""Inferred fields laid over curated ones (ingest.inference), and inferred
again when a built document's title changes."""
from __future__ import annotations

from dataclasses import replace

from kb.models import Document, Origin, Page
from ingest.inference import infer, reinfer

TEXT = ("The Ministry of Communications of Samoa launched its e-government portal for citizens. "
        "Apia hosts the data centre; the portal lists online services for licences and permits.")


def built(title: str, curated=None) -> Document:
    draft = Document(id="d1", uri="file:///r.pdf", title=title, format="pdf",
                     pages=(Page(1, TEXT),), origins={"title": Origin("extracted", "layout")},
                     extra={"created": "2011-05-01T00:00:00+00:00"})
    return infer(draft, curated or {})


def test_a_new_title_is_read_again_for_year_and_country():
    doc = built("Annual Report")
    assert doc.year == 2011 and doc.origins["year"].reason.startswith("file metadata")
    again = reinfer(replace(doc, title="Tonga Digital Government Strategy 2019"))
    assert again.year == 2019 and again.origins["year"].reason == "title contains '2019'"
    assert "TON" in again.countries
    assert again.extra["created"] == doc.extra["created"], "the file's metadata is kept"


def test_curated_fields_and_their_origins_stay():
    doc = built("Annual Report", {"year": 2015, "countries": ("WSM",)})
    assert doc.origins["year"] == Origin("curated", "from the manifest") and doc.sids == ("Pacific",)
    corrected = Origin("curated", "corrected by alice on 2026-01-02")
    doc = replace(doc, doc_type="strategy", origins={**doc.origins, "doc_type": corrected})
    again = reinfer(replace(doc, title="Tonga Digital Government Strategy 2019"))
    assert again.year == 2015 and again.countries == ("WSM",) and again.sids == ("Pacific",)
    assert again.doc_type == "strategy" and again.origins["doc_type"] == corrected
    assert again.origins["regions"] == Origin("inferred", "from the curated countries")


def test_nothing_inferred_is_left_from_before():
    doc = built("Samoa Annual Report 2012")
    assert doc.year == 2012
    plain = reinfer(replace(doc, title="Report", pages=(Page(1, "Short."),), extra={}))
    assert plain.year is None and "year" not in plain.origins
    assert plain.countries == () and "country_mentions" not in plain.extra
