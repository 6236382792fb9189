"""The OAI-PMH provider at /oai, served by the real app on a real HTTP server
on 127.0.0.1 over a repository a real ingest job filled (manifests of HTML
and PDF files with curated metadata), harvested three ways:

- by KB's own harvester (ingest/sources/oai.py) into a second data
  directory, deletions included;
- by Sickle, a third-party OAI-PMH client from PyPI: every verb, resumption
  over several pages, sets, from/until, deleted records;
- by plain HTTP, each response checked against the OAI-PMH 2.0 schema (and
  the oai_dc and kb schemas for the records) with lxml, no network.
"""
from __future__ import annotations

import base64
import csv
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import lxml.etree as ET
import pytest
from sickle import Sickle
from sickle import oaiexceptions

from ingest.catalog import Catalog
from ingest.http import HttpClient
from ingest.pipeline import run_job
from ingest.sources.manifest import ManifestSource
from ingest.sources.oai import OaiSource
from kb.models import Query
from kb.oai_register import stamp
from kb.settings import Settings
from tests.ingest import builders
from tests.web.conftest import serving

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "tests" / "fixtures" / "oai" / "schemas"
KB_SCHEMA = ROOT / "kb" / "schemas" / "kb-document.xsd"
NS = {"oai": "http://www.openarchives.org/OAI/2.0/", "dc": "http://purl.org/dc/elements/1.1/",
      "kb": "urn:x-kb:oai:document:1"}
TRICKY_TITLE = 'Rates & "fees" <review> of Tonga\x0b e-tax'

# name, title, countries, doc_type, year, topics
FIRST = [
    ("fiji-portal", "Fiji one stop shop portal", "FJI", "case-study", 2019, "e-services"),
    ("fiji-identity", "Fiji national digital identity", "FJI", "strategy", 2021, "digital-identity"),
    ("jamaica-tax", "Jamaica online tax filing", "JAM", "case-study", 2016, "e-services"),
    ("kenya-ict", "Kenya ICT policy", "KEN", "strategy", 2020, "e-services"),
]
SECOND = [
    ("mauritius-data", "Mauritius open data portal", "MUS", "report", 2018, "open-data"),
    ("tonga-tax", TRICKY_TITLE, "TON", "report", 2022, "e-services"),
]


def _write_manifest(folder: Path, rows) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["path", "title", "countries", "doc_type", "year", "topics", "language"])
        for name, title, country, doc_type, year, topic in rows:
            if name == "fiji-identity":      # one real PDF among the web pages
                (folder / f"{name}.pdf").write_bytes(builders.make_pdf(
                    [f"{title}. Enrolment of citizens at post offices."], title=title))
                path = f"{name}.pdf"
            else:
                clean_title = title.replace("\x0b", "")
                (folder / f"{name}.html").write_text(
                    f"<!doctype html><html lang='en'><head><title>x</title></head><body><main>"
                    f"<h1>{clean_title.replace('&', '&amp;').replace('<', '&lt;')}</h1>"
                    f"<p>{name} practice of e-government services for citizens.</p></main></body></html>",
                    encoding="utf-8")
                path = f"{name}.html"
            writer.writerow([path, title, country, doc_type, year, topic, "en"])
    return folder / "manifest.csv"


def _next_second() -> None:
    """Wait for the clock's next second: datestamps have second granularity,
    and the from/until tests need two batches with two datestamps."""
    start = stamp()
    while stamp() == start:
        time.sleep(0.05)


@dataclass
class Provider:
    """A repository on disk, its index, and the app serving it over HTTP."""

    settings: Settings
    index: object
    url: str
    folders: dict[str, Path]

    @property
    def oai(self) -> str:
        return self.url + "/oai"

    def ingest(self, name: str, prune: bool = False):
        with Catalog(self.settings.catalog_path) as catalog:
            return run_job(ManifestSource(self.folders[name] / "manifest.csv", name=f"Library {name}"),
                           self.index, catalog, limits=self.settings.limits, workers=1, progress=False,
                           prune=prune)

    def get(self, query: str, method: str = "GET") -> ET._Element:
        return ET.fromstring(self.raw(query, method))

    def raw(self, query: str, method: str = "GET") -> bytes:
        if method == "POST":
            request = urllib.request.Request(self.oai, data=query.encode("ascii"), method="POST",
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        else:
            request = urllib.request.Request(f"{self.oai}?{query}")
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
            return response.read()


@contextmanager
def provider_over(data_dir: Path, folders: dict[str, Path], **settings) -> Iterator[Provider]:
    from indexes.whoosh import WhooshIndex
    from web import create_app

    s = Settings(data_dir=data_dir, workers=1, extract_timeout=30, oai_page_size=2, **settings)
    index = WhooshIndex(s.index_dir)
    try:
        with serving(create_app(s, index=index)) as url:
            yield Provider(s, index, url, folders)
    finally:
        index.close()


@pytest.fixture
def provider(tmp_path) -> Iterator[Provider]:
    folders = {"first": tmp_path / "first", "second": tmp_path / "second"}
    _write_manifest(folders["first"], FIRST)
    _write_manifest(folders["second"], SECOND)
    with provider_over(tmp_path / "var", folders) as p:
        report = p.ingest("first")
        assert not report.failed, report.failed
        _next_second()
        report = p.ingest("second")
        assert not report.failed, report.failed
        yield p


@pytest.fixture(scope="module")
def schema() -> ET.XMLSchema:
    """OAI-PMH 2.0 with the schemas of both metadata formats, all from disk:
    `metadata` elements are validated strictly, so each format's schema must
    be known."""
    wrapper = f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="{(SCHEMAS / 'OAI-PMH.xsd').as_uri()}"/>
      <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/" schemaLocation="{(SCHEMAS / 'oai_dc.xsd').as_uri()}"/>
      <xs:import namespace="urn:x-kb:oai:document:1" schemaLocation="{KB_SCHEMA.as_uri()}"/>
    </xs:schema>"""
    return ET.XMLSchema(ET.fromstring(wrapper.encode(), base_url=(SCHEMAS / "wrapper.xsd").as_uri()))


def valid(schema: ET.XMLSchema, root: ET._Element) -> ET._Element:
    assert schema.validate(root), "\n".join(str(e) for e in schema.error_log) + "\n" + ET.tostring(root).decode()
    return root


def error_code(root: ET._Element) -> str | None:
    error = root.find("oai:error", NS)
    return error.get("code") if error is not None else None


def identifiers(root: ET._Element) -> list[str]:
    return [h.findtext("oai:identifier", namespaces=NS) for h in root.iterfind(".//oai:header", NS)]


def token(root: ET._Element) -> ET._Element | None:
    return root.find(".//oai:resumptionToken", NS)


# ------------------------------------------------------------ KB's own harvester

def test_kb_harvests_the_provider_into_a_second_repository(provider, tmp_path):
    second = Settings(data_dir=tmp_path / "harvester", workers=1, extract_timeout=30)
    from indexes.whoosh import WhooshIndex

    index = WhooshIndex(second.index_dir)
    client = HttpClient(delay=0.0, backoff=0.0, retries=1, timeout=20)
    try:
        with Catalog(second.catalog_path) as catalog:
            source = OaiSource(provider.oai, client, name="KB upstream")
            report = run_job(source, index, catalog, limits=second.limits, workers=1, progress=False)
        assert not report.failed, report.failed
        assert len(report.added) == 6, "six records over three pages of two"
        harvested = {d.title: d for d in (index.get(h.id) for h in index.search(Query(page_size=20)).hits)}
        assert set(harvested) == {row[1].replace("\x0b", "") for row in FIRST + SECOND}
        fiji = harvested["Fiji one stop shop portal"]
        assert fiji.countries == ("FJI",) and fiji.origins["countries"].kind == "curated"
        assert fiji.doc_type == "case-study" and fiji.year == 2019 and fiji.language == "en"
        assert fiji.topics == ("e-services",)
        assert harvested["Mauritius open data portal"].topics == ("open-data",)
        # the PDF's text came with it: the record names the file KB serves
        identity = harvested["Fiji national digital identity"]
        assert identity.format == "pdf" and "post offices" in identity.text
        assert index.search(Query(text="enrolment post offices")).hits[0].id == identity.id
        assert harvested[TRICKY_TITLE.replace("\x0b", "")].countries == ("TON",)

        # a selective harvest of one set brings only that set
        with Catalog(tmp_path / "by-set.sqlite") as catalog:
            only = WhooshIndex(tmp_path / "by-set-index")
            try:
                run_job(OaiSource(provider.oai, client, name="KB Fiji", set_spec="country:FJI"),
                        only, catalog, limits=second.limits, workers=1, progress=False)
                titles = {h.title for h in only.search(Query(page_size=20)).hits}
            finally:
                only.close()
        assert titles == {"Fiji one stop shop portal", "Fiji national digital identity"}

        # the upstream repository prunes a document: the next harvest with
        # --prune removes it here too, as the provider says it is deleted
        (provider.folders["first"] / "kenya-ict.html").unlink()
        _rewrite_without(provider.folders["first"], "kenya-ict")
        assert provider.ingest("first", prune=True).removed
        with Catalog(second.catalog_path) as catalog:
            source = OaiSource(provider.oai, client, name="KB upstream")
            report = run_job(source, index, catalog, limits=second.limits, workers=1, progress=False,
                             prune=True)
        assert len(source.deleted) == 1 and len(report.removed) == 1
        assert "Kenya ICT policy" not in {h.title for h in index.search(Query(page_size=20)).hits}
        assert index.count() == 5
    finally:
        index.close()


def _rewrite_without(folder: Path, name: str) -> None:
    manifest = folder / "manifest.csv"
    rows = [r for r in csv.reader(manifest.open(encoding="utf-8")) if not r[0].startswith(name)]
    with manifest.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)


# ------------------------------------------------------------ Sickle

def test_sickle_harvests_every_verb_with_resumption_sets_and_dates(provider):
    sickle = Sickle(provider.oai)
    identify = sickle.Identify()
    assert identify.baseURL == provider.oai and identify.protocolVersion == "2.0"
    assert identify.deletedRecord == "persistent" and identify.granularity == "YYYY-MM-DDThh:mm:ssZ"
    assert identify.adminEmail == "kb@kb.local"

    prefixes = {f.metadataPrefix: f for f in sickle.ListMetadataFormats()}
    assert set(prefixes) == {"oai_dc", "kb"}
    assert prefixes["kb"].schema == provider.url + "/oai/kb-document.xsd"

    records = list(sickle.ListRecords(metadataPrefix="oai_dc"))
    assert len(records) == 6, "three pages of two, followed by their resumption tokens"
    assert len({r.header.identifier for r in records}) == 6
    by_title = {r.metadata["title"][0]: r for r in records}
    fiji = by_title["Fiji national digital identity"]
    assert fiji.metadata["coverage"] == ["Fiji"] and fiji.metadata["date"] == ["2021"]
    assert fiji.metadata["format"] == ["application/pdf"]
    file_url, page_url = fiji.metadata["identifier"]
    assert page_url.startswith(provider.url + "/documents/")
    assert file_url == page_url + "/original"
    assert set(fiji.header.setSpecs) == {"country:FJI", "sids:Pacific", "type:strategy", "source:library-first"}
    # the escaped title comes back as it was written, less the character XML cannot hold
    assert TRICKY_TITLE.replace("\x0b", "") in by_title
    # the PDF named by the record is served by the provider's own site
    with urllib.request.urlopen(file_url, timeout=20) as response:
        assert response.read().startswith(b"%PDF")

    sets = {s.setSpec: s.setName for s in sickle.ListSets()}
    assert sets["country:FJI"] == "Fiji" and sets["country"] == "Countries"
    assert sets["sids:Pacific"] == "Pacific" and sets["type:case-study"] == "Case study"
    assert sets["source:library-first"] == "Library first"

    fiji_ids = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", set="country:FJI")}
    assert len(fiji_ids) == 2
    in_countries = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="country"))
    assert len(in_countries) == 6, "a parent set holds its children's records"
    pacific = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="sids"))
    assert len(pacific) == 5, "Kenya is in no SIDS group"

    # from/until: the two ingest jobs ran in different seconds
    stamps = sorted({r.header.datestamp for r in records})
    assert len(stamps) == 2
    later = {r.header.identifier for r in sickle.ListRecords(metadataPrefix="oai_dc", **{"from": stamps[1]})}
    earlier = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc", until=stamps[0])}
    assert len(later) == 2 and len(earlier) == 4 and not later & earlier
    day = stamps[0][:10]
    assert len(list(sickle.ListIdentifiers(metadataPrefix="oai_dc", **{"from": day, "until": day}))) == 6 \
        or stamps[1][:10] != day

    # the kb format: codes beside names, and the fields Dublin Core has no place for
    kb_record = sickle.GetRecord(identifier=fiji.header.identifier, metadataPrefix="kb")
    document = kb_record.xml.find(".//kb:document", NS)
    assert document.find("kb:country", NS).get("code") == "FJI"
    assert document.find("kb:sids", NS).get("code") == "Pacific"
    assert document.find("kb:docType", NS).get("code") == "strategy"
    assert document.find("kb:file", NS).get("mediaType") == "application/pdf"
    assert document.findtext("kb:pages", namespaces=NS) == "1"
    origins = {o.get("field"): o.get("kind") for o in document.iterfind("kb:origin", NS)}
    assert origins["countries"] == "curated"

    # POST works as GET does
    posted = Sickle(provider.oai, http_method="POST")
    assert len(list(posted.ListIdentifiers(metadataPrefix="kb"))) == 6

    with pytest.raises(oaiexceptions.IdDoesNotExist):
        sickle.GetRecord(identifier="oai:kb.local:0000000000000000", metadataPrefix="oai_dc")
    with pytest.raises(oaiexceptions.CannotDisseminateFormat):
        sickle.GetRecord(identifier=fiji.header.identifier, metadataPrefix="marc21")
    with pytest.raises(oaiexceptions.NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", set="country:NZL"))


def test_no_server_path_and_no_unescaped_markup_in_any_record(provider, tmp_path):
    for prefix in ("oai_dc", "kb"):
        body = provider.raw(f"verb=ListRecords&metadataPrefix={prefix}")
        query = f"verb=ListRecords&resumptionToken={urllib.parse.quote(token(ET.fromstring(body)).text)}"
        for raw in (body, provider.raw(query)):
            assert str(tmp_path).encode() not in raw and b"/first/" not in raw
            assert b"<review>" not in raw


# ------------------------------------------------------------ the schema, the errors

def test_every_response_kind_is_valid_oai_pmh(provider, schema):
    identify = valid(schema, provider.get("verb=Identify"))
    assert identify.findtext(".//oai:earliestDatestamp", namespaces=NS) <= stamp()
    valid(schema, provider.get("verb=ListMetadataFormats"))
    valid(schema, provider.get("verb=ListSets"))
    for prefix in ("oai_dc", "kb"):
        for verb in ("ListRecords", "ListIdentifiers"):
            first = valid(schema, provider.get(f"verb={verb}&metadataPrefix={prefix}"))
            seen = identifiers(first)
            tok = token(first)
            assert tok.get("completeListSize") == "6" and tok.get("cursor") == "0"
            assert tok.get("expirationDate") > stamp()
            while tok is not None and tok.text:
                page = valid(schema, provider.get(f"verb={verb}&resumptionToken={urllib.parse.quote(tok.text)}"))
                seen += identifiers(page)
                tok = token(page)
            assert tok.get("cursor") == "4" and not tok.text, "the last page has an empty token"
            assert len(seen) == len(set(seen)) == 6
        some = identifiers(first)[0]
        record = valid(schema, provider.get(f"verb=GetRecord&metadataPrefix={prefix}&identifier={some}"))
        assert record.find(".//oai:metadata", NS) is not None
        valid(schema, provider.get(f"verb=ListMetadataFormats&identifier={some}", method="POST"))
    # the kb format's schema is served where ListMetadataFormats says
    with urllib.request.urlopen(provider.url + "/oai/kb-document.xsd", timeout=20) as response:
        assert response.read() == KB_SCHEMA.read_bytes()


ERRORS = [
    ("", "badVerb"),
    ("verb=Harvest", "badVerb"),
    ("verb=Identify&verb=ListSets", "badVerb"),
    ("verb=Identify&set=x", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=kb", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-01", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00.5Z", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=no%20spaces", "badArgument"),
    ("verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=GetRecord&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&resumptionToken=not-a-token", "badResumptionToken"),
    ("verb=ListRecords&resumptionToken=", "badResumptionToken"),
    ("verb=ListSets&resumptionToken=abc", "badResumptionToken"),
    # well-formed base64 JSON that is no token of ours: the wrong types
    ("verb=ListRecords&resumptionToken=" + base64.urlsafe_b64encode(
        b'{"v":"ListRecords","m":"oai_dc","a":[1,2],"c":-1,"e":"x"}').decode(), "badResumptionToken"),
    ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
    ("verb=ListIdentifiers&metadataPrefix=mods", "cannotDisseminateFormat"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:kb.local:ffffffffffffffff", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere.org:1", "idDoesNotExist"),
    ("verb=ListMetadataFormats&identifier=urn:nothing", "idDoesNotExist"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=country:NZL", "noRecordsMatch"),
    ("verb=ListRecords&metadataPrefix=oai_dc&until=1999-01-01", "noRecordsMatch"),
    ("verb=ListIdentifiers&metadataPrefix=kb&from=2999-01-01T00:00:00Z", "noRecordsMatch"),
]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_protocol_error_is_a_valid_response_with_its_code(provider, schema, method):
    for query, code in ERRORS:
        root = valid(schema, provider.get(query, method))
        assert error_code(root) == code, query
        request = root.find("oai:request", NS)
        assert request.text == provider.oai
        if code in ("badVerb", "badArgument"):
            assert not request.attrib, "the request is echoed without its arguments"
        else:
            assert request.get("verb")
    # a token for one verb is no token for another, and an old one expires
    first = provider.get("verb=ListIdentifiers&metadataPrefix=oai_dc")
    value = urllib.parse.quote(token(first).text)
    assert error_code(provider.get(f"verb=ListRecords&resumptionToken={value}")) == "badResumptionToken"
    from kb.oai import Token
    old = Token.decode(token(first).text, "ListIdentifiers", stamp())
    expired = Token(old.verb, old.prefix, old.selection, old.after, old.cursor, "2000-01-01T00:00:00Z")
    root = valid(schema, provider.get(f"verb=ListIdentifiers&resumptionToken={expired.encode()}"))
    assert error_code(root) == "badResumptionToken" and "expired" in root.findtext("oai:error", namespaces=NS)


def test_an_empty_repository_answers_with_valid_errors(tmp_path, schema):
    with provider_over(tmp_path / "empty", {}) as p:
        valid(schema, p.get("verb=Identify"))
        assert error_code(valid(schema, p.get("verb=ListSets"))) == "noSetHierarchy"
        assert error_code(valid(schema, p.get("verb=ListRecords&metadataPrefix=oai_dc"))) == "noRecordsMatch"


# ------------------------------------------------------------ deletions and changes

def test_pruned_documents_stay_as_deleted_records_across_restarts(provider, schema, tmp_path):
    sickle = Sickle(provider.oai)
    kenya = next(r for r in sickle.ListRecords(metadataPrefix="oai_dc")
                 if r.metadata["title"] == ["Kenya ICT policy"]).header
    (provider.folders["first"] / "kenya-ict.html").unlink()
    _rewrite_without(provider.folders["first"], "kenya-ict")
    _next_second()
    assert len(provider.ingest("first", prune=True).removed) == 1

    def check(p: Provider) -> None:
        root = valid(schema, p.get(f"verb=GetRecord&metadataPrefix=kb&identifier={kenya.identifier}"))
        header = root.find(".//oai:header", NS)
        assert header.get("status") == "deleted" and root.find(".//oai:metadata", NS) is None
        assert header.findtext("oai:datestamp", namespaces=NS) > kenya.datestamp, "deleted later than listed"
        assert {s.text for s in header.iterfind("oai:setSpec", NS)} == set(kenya.setSpecs), "its sets stay"
        s = Sickle(p.oai)
        listed = {h.identifier: h for h in s.ListIdentifiers(metadataPrefix="oai_dc")}
        assert len(listed) == 6 and listed[kenya.identifier].deleted
        live = list(s.ListRecords(metadataPrefix="oai_dc", ignore_deleted=True))
        assert len(live) == 5
        # a harvest of the deleted record's set meets the deletion
        strategy = list(s.ListIdentifiers(metadataPrefix="oai_dc", set="type:strategy"))
        assert {h.identifier for h in strategy if h.deleted} == {kenya.identifier}
        valid(schema, p.get("verb=ListRecords&metadataPrefix=oai_dc&set=country:KEN"))

    check(provider)
    provider.index.close()
    # a new server process over the same data directory: the tombstone is on disk
    with provider_over(provider.settings.data_dir, provider.folders) as restarted:
        check(restarted)
        # the file comes back: a live record again, with a new datestamp
        _write_manifest(restarted.folders["first"], FIRST)
        _next_second()
        restarted.ingest("first")
        again = Sickle(restarted.oai).GetRecord(identifier=kenya.identifier, metadataPrefix="oai_dc")
        assert not again.deleted and again.metadata["title"] == ["Kenya ICT policy"]


def test_withdrawn_and_curator_deleted_documents_are_deleted_records(provider, schema):
    """A curator's withdraw and delete (kb.curation, as the web and `kb`
    run them) tell harvesters the record is deleted; a restore and an edit
    make it current again with a later datestamp."""
    from ingest.curation import CatalogCuration

    sickle = Sickle(provider.oai)
    first = {h.identifier.rsplit(":", 1)[1]: h for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")}
    gone, hidden, edited = list(first)[:3]
    curation = CatalogCuration(provider.settings, provider.index)
    _next_second()
    curation.delete("alice", gone)
    curation.withdraw("alice", hidden, "superseded")
    curation.edit("alice", edited, {"year": 2001})
    listed = {h.identifier.rsplit(":", 1)[1]: h for h in sickle.ListIdentifiers(metadataPrefix="oai_dc")}
    assert listed[gone].deleted and listed[hidden].deleted
    assert sum(h.deleted for h in listed.values()) == 2
    assert not listed[edited].deleted and listed[edited].datestamp > first[edited].datestamp
    valid(schema, provider.get("verb=ListRecords&metadataPrefix=kb"))
    # a harvester that asks only for what changed since its last visit meets all three
    since = max(h.datestamp for h in first.values())
    changed = {h.identifier.rsplit(":", 1)[1] for h in
               sickle.ListIdentifiers(metadataPrefix="oai_dc", **{"from": since})}
    assert {gone, hidden, edited} <= changed
    _next_second()
    curation.restore("alice", hidden)
    back = sickle.GetRecord(identifier=first[hidden].identifier, metadataPrefix="oai_dc")
    assert not back.deleted and back.header.datestamp > listed[hidden].datestamp


def test_a_harvest_paging_through_changes_misses_nothing(provider):
    first = provider.get("verb=ListIdentifiers&metadataPrefix=oai_dc")
    seen = identifiers(first)
    assert len(seen) == 2
    # while the harvester holds its token, every document of the first batch
    # changes (those listed and those not yet) and a new one arrives: the
    # token goes on from where the page ended and meets each of them
    _next_second()
    for path in provider.folders["first"].glob("*.html"):
        path.write_text(path.read_text(encoding="utf-8").replace("</main>", "<p>Revised.</p></main>"),
                        encoding="utf-8")
    assert len(provider.ingest("first").updated) == 3
    rows = SECOND + [("nauru-id", "Nauru digital ID", "NRU", "strategy", 2023, "digital-identity")]
    _write_manifest(provider.folders["second"], rows)
    assert len(provider.ingest("second").added) == 1
    tok = token(first)
    while tok is not None and tok.text:
        page = provider.get(f"verb=ListIdentifiers&resumptionToken={urllib.parse.quote(tok.text)}")
        seen += identifiers(page)
        tok = token(page)
    assert len(set(seen)) == 7, "every record, the new one included"
    assert len(seen) > 7, "a record that changed after it was listed is listed again"


def test_a_private_repository_asks_harvesters_to_sign_in(tmp_path):
    with provider_over(tmp_path / "private", {}, private="on") as p:
        with pytest.raises(urllib.error.HTTPError) as refused:
            p.raw("verb=Identify")
        assert refused.value.code == 401
        with urllib.request.urlopen(p.url + "/oai/kb-document.xsd", timeout=20) as response:
            assert response.status == 200, "the schema holds no data"


def test_the_schemas_refuse_what_oai_pmh_does_not_allow(schema):
    """The check above can fail: a wrong error code, a datestamp without its
    zone, metadata of a format no schema declares, a kb record out of order."""
    head = ('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z'
            '</responseDate><request>http://x/oai</request>')
    record = '<GetRecord><record><header><identifier>oai:x:1</identifier><datestamp>{}</datestamp></header>{}</record></GetRecord>'
    refused = [
        '<error code="somethingWrong">x</error>',
        record.format("2024-01-01T00:00:00", ""),
        record.format("2024-01-01", '<metadata><x:y xmlns:x="urn:other"/></metadata>'),
        record.format("2024-01-01", '<metadata><kb:document xmlns:kb="urn:x-kb:oai:document:1" '
                                    'id="0123456789abcdef"><kb:url>http://x/d</kb:url></kb:document></metadata>'),
    ]
    for body in refused:
        assert not schema.validate(ET.fromstring(head + body + "</OAI-PMH>")), body
    assert schema.validate(ET.fromstring(head + record.format("2024-01-01T00:00:00Z", "") + "</OAI-PMH>"))
