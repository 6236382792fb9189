"""The OAI-PMH harvester against a real HTTP server on 127.0.0.1 serving
fixture XML: resumption tokens, Dublin Core to curated metadata, full text
from the record's identifiers, deleted records, selective harvests, errors."""
from __future__ import annotations

import pytest

from kb.errors import FetchError
from kb.models import Query, document_id
from ingest.catalog import Catalog
from ingest.http import HttpClient
from ingest.pipeline import run_job
from ingest.sources.oai import OaiSource, curated_from_dc, full_text_url
from tests.ingest import builders
from tests.ingest.fixture_server import DOCX, FIXTURES, PDF, FixtureServer, Site

XML = "text/xml; charset=utf-8"
LIST = "/oai?verb=ListRecords&metadataPrefix=oai_dc"


@pytest.fixture
def server():
    site = Site()
    oai = FIXTURES / "oai"
    site.add(LIST, (oai / "page1.xml").read_bytes(), XML)
    site.add("/oai?verb=ListRecords&resumptionToken=tok-2", (oai / "page2.xml").read_bytes(), XML)
    site.add(LIST + "&from=2024-02-01", (oai / "from-2024.xml").read_bytes(), XML)
    site.add(LIST + "&set=nosuchset", (oai / "bad-argument.xml").read_bytes(), XML)
    site.add("/files/fiji-id.pdf", builders.make_pdf(
        ["Fiji national digital identity programme.", "Enrolment of citizens at post offices."],
        title="Fiji ID"), PDF)
    site.add("/records/a", "<html><body>Landing page of record a</body></html>")
    site.add("/records/b", "<html><body>Landing page of record b</body></html>")
    site.add("/bitstream/c", builders.make_docx([
        ("Samoa", ["The Samoa interoperability framework sets data exchange standards."])]), DOCX)
    with FixtureServer(site) as srv:
        yield srv


def harvest(server, **kw) -> OaiSource:
    client = HttpClient(delay=0.0, backoff=0.0, retries=1, timeout=10)
    return OaiSource(server.base + "/oai", client, name="library", **kw)


def run(source, index, settings, prune=False):
    with Catalog(settings.catalog_path) as catalog:
        return run_job(source, index, catalog, limits=settings.limits, workers=2, progress=False, prune=prune)


def record(server, letter: str) -> str:
    return harvest(server).record_uri(f"oai:library.example:{letter}")


def test_dublin_core_becomes_curated_metadata():
    dc = {"title": ["A law"], "date": ["c. 2011-05"], "type": ["Act"], "subject": ["Open data", "Misc"],
          "language": ["French"], "coverage": ["Haiti; 19th century", "Dominican Republic"],
          "creator": ["Parliament"], "identifier": ["https://x.org/item/1", "https://x.org/files/law.PDF"]}
    curated = curated_from_dc(dc, {"source": "Legislation portal", "countries": ("HTI",)})
    assert curated == {"title": "A law", "year": 2011, "doc_type": "legislation", "topics": ("open-data",),
                       "language": "fr", "countries": ("HTI", "DOM"), "organisation": "Parliament",
                       "source": "Legislation portal"}
    assert curated_from_dc({}, {"countries": ("TON",)}) == {"countries": ("TON",)}, "defaults fill the gaps"
    assert full_text_url(dc) == "https://x.org/files/law.PDF"
    assert full_text_url({"identifier": ["https://x.org/item/1"]}) is None
    assert full_text_url({"identifier": ["doi:10/1", "https://x.org/b/2"], "format": ["application/pdf"]}) \
        == "https://x.org/b/2"


def test_a_harvest_follows_resumption_tokens_and_indexes_full_text(server, whoosh_index, settings):
    source = harvest(server)
    report = run(source, whoosh_index, settings)
    assert set(report.added) == {record(server, "a"), record(server, "b"), record(server, "c")}
    assert not report.failed, report.failed
    assert source.deleted == ["oai:library.example:d"], "a deleted record never indexed is not reported"
    a = whoosh_index.get(document_id(record(server, "a")))
    assert a.title == "Digital identity in Fiji: a national ID for services"
    assert a.countries == ("FJI",) and a.origins["countries"].kind == "curated"
    assert a.year == 2019 and a.doc_type == "report" and a.language == "en"
    assert "digital-identity" in a.topics and a.format == "pdf"
    assert a.organisation == "Ministry of Communications, Fiji"
    assert "post offices" in a.text, "the full text comes from the PDF the record names"
    b = whoosh_index.get(document_id(record(server, "b")))
    assert b.countries == ("JAM",) and b.doc_type == "case-study" and b.year == 2016
    assert "online filing service" in b.text, "a record without a file is indexed as its metadata"
    c = whoosh_index.get(document_id(record(server, "c")))
    assert c.format == "docx" and c.countries == ("WSM",) and c.doc_type == "strategy"
    assert whoosh_index.search(Query(text="post offices enrolment")).hits[0].id == a.id
    with Catalog(settings.catalog_path) as catalog:
        entry = catalog.get(record(server, "a"))
    assert entry.validators["oai-identifier"] == "oai:library.example:a"
    assert entry.validators["full-text"] == server.base + "/files/fiji-id.pdf"
    assert entry.validators["etag"]


def test_a_second_harvest_skips_unchanged_files_and_prune_removes_deleted_records(server, whoosh_index, settings):
    run(harvest(server), whoosh_index, settings)
    site = server.site
    site.clear_log()
    again = run(harvest(server), whoosh_index, settings)
    assert len(again.unchanged) == 3 and not again.added and not again.updated
    assert site.downloads("/files/fiji-id.pdf") == 0 and site.downloads("/bitstream/c") == 0
    assert [r.status for r in site.requests("/files/fiji-id.pdf")] == [304]

    site.change(LIST, (FIXTURES / "oai" / "page1-after.xml").read_bytes())   # record b deleted
    report = run(harvest(server), whoosh_index, settings)
    assert report.failed and "deleted" in report.failed[0][1], "without --prune it is reported, kept"
    assert whoosh_index.get(document_id(record(server, "b"))) is not None
    report = run(harvest(server), whoosh_index, settings, prune=True)
    assert report.removed == [record(server, "b")]
    assert whoosh_index.get(document_id(record(server, "b"))) is None
    assert whoosh_index.count() == 2


def test_a_selective_harvest_prunes_only_what_it_says_is_deleted(server, whoosh_index, settings):
    run(harvest(server), whoosh_index, settings)
    report = run(harvest(server, from_date="2024-02-01"), whoosh_index, settings, prune=True)
    assert report.removed == [record(server, "b")]
    assert whoosh_index.count() == 2, "records not listed since the date are kept"


def test_repository_errors_are_reported_and_nothing_is_pruned(server, whoosh_index, settings):
    run(harvest(server), whoosh_index, settings)
    report = run(harvest(server, set_spec="nosuchset"), whoosh_index, settings, prune=True)
    assert any("badArgument" in reason for _, reason in report.failed)
    assert not report.removed and whoosh_index.count() == 3
    source = harvest(server)
    server.stop()
    report = run(source, whoosh_index, settings, prune=True)
    assert report.exit_status == 1 and not report.removed and whoosh_index.count() == 3
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        harvest(server, from_date="yesterday")
    with pytest.raises(FetchError):
        OaiSource("ftp://example.org/oai", HttpClient())
