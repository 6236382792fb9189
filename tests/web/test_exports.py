"""Exports (CSV, RIS, BibTeX, CSL-JSON) of searches and documents, read back
with csv, rispy and bibtexparser; the citation on a document page."""
from __future__ import annotations

import csv
import io
import json

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from tests.conftest import make_document
from tests.web.conftest import XSS_TITLE, app_over


def _export(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.is_streamed if "/documents/" not in url else True
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return response, response.get_data(as_text=True)


def _no_server_paths(text: str, web_documents) -> None:
    for doc in web_documents:
        folder = doc.uri.rsplit("/", 1)[0]
        assert folder not in text
    assert "/nonexistent/" not in text


def test_csv_export_of_a_search(client, web_documents):
    response, text = _export(client, "/export.csv?q=portal&country=FJI&country=WSM")
    assert response.content_type == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["title"] for r in rows} == {"Fiji one stop shop portal: a case study",
                                          "Samoa digital identity roadmap"}
    fiji = next(r for r in rows if r["countries"] == "FJI")
    doc = next(d for d in web_documents if d.title == fiji["title"])
    assert fiji["id"] == doc.id and fiji["year"] == "2021" and fiji["doc_type"] == "case-study"
    assert fiji["url"] == f"http://localhost/documents/{doc.id}"
    assert fiji["uri"] == "fiji-one-stop-shop.pdf"            # the file's name, not its folder
    assert fiji["topics"] == "e-services; one-stop-shop"
    assert fiji["fetched_at"] == "2024-05-01T12:00:00+00:00"
    assert response.headers["X-KB-Export-Total"] == "2" and response.headers["X-KB-Export-Truncated"] == "0"
    _no_server_paths(text, web_documents)


def test_csv_of_everything_matches_the_search_total(client, web_documents):
    _, text = _export(client, "/export.csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(web_documents) == 13
    assert {r["id"] for r in rows} == {d.id for d in web_documents}
    assert next(r for r in rows if r["countries"] == "NZL")["title"] == XSS_TITLE
    _no_server_paths(text, web_documents)


def test_export_is_capped_and_says_so(client):
    response, text = _export(client, "/export.csv?limit=4")
    assert len(list(csv.DictReader(io.StringIO(text)))) == 4
    assert response.headers["X-KB-Export-Total"] == "13"
    assert response.headers["X-KB-Export-Rows"] == "4"
    assert response.headers["X-KB-Export-Limit"] == "4"
    assert response.headers["X-KB-Export-Truncated"] == "1"
    # the first four of the search, in its order
    ids = [r["id"] for r in csv.DictReader(io.StringIO(_export(client, "/export.csv")[1]))]
    assert [r["id"] for r in csv.DictReader(io.StringIO(text))] == ids[:4]
    # the ceiling cannot be raised
    over = client.get("/api/export.csv?limit=10001")
    assert over.status_code == 400
    assert "limit must be a whole number from 1 to 10000" in over.get_json()["error"]["message"]
    assert client.get("/export.csv").headers["X-KB-Export-Limit"] == "10000"


def test_export_pages_through_more_than_one_search_page(tmp_path):
    docs = [make_document(uri=f"/srv/private/d{i:03}.pdf", title=f"Report {i:03}", year=1950 + i)
            for i in range(120)]
    with app_over(tmp_path, docs) as app:
        client = app.test_client()
        response, text = _export(client, "/export.ris?limit=110")
        records = rispy.loads(text)
        assert len(records) == 110 and response.headers["X-KB-Export-Total"] == "120"
        assert len({r["id"] for r in records}) == 110
        assert records[0]["title"] == "Report 119"          # newest first, as browsing sorts
        assert "/srv/private" not in text


def test_ris_export_reads_back(client, web_documents):
    response, text = _export(client, "/api/export.ris?country=FJI&country=NZL")
    assert response.content_type.startswith("application/x-research-info-systems")
    records = {r["title"]: r for r in rispy.loads(text)}
    assert set(records) == {"Fiji one stop shop portal: a case study", XSS_TITLE}
    fiji = records["Fiji one stop shop portal: a case study"]
    assert fiji["type_of_reference"] == "RPRT" and fiji["year"] == "2021"
    assert fiji["keywords"] == ["e-services", "one-stop-shop"]
    assert fiji["urls"] == [f"http://localhost/documents/{fiji['id']}"]
    _no_server_paths(text, web_documents)


def test_bibtex_export_reads_back_with_special_characters_escaped(client, web_documents):
    response, text = _export(client, "/export.bib?country=NZL&country=JAM")
    assert response.content_type.startswith("application/x-bibtex")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    xss = next(d for d in web_documents if d.title == XSS_TITLE)
    assert set(entries) == {f"kb{xss.id}", f"kb{next(d.id for d in web_documents if d.countries == ('JAM',))}"}
    assert entries[f"kb{xss.id}"].fields_dict["title"].value == (
        r"Portal review <script>alert('title')</script> \& more")
    assert entries[f"kb{xss.id}"].fields_dict["year"].value == "2010"
    _no_server_paths(text, web_documents)


def test_bibtex_braces_and_percent_cannot_break_an_entry(tmp_path):
    doc = make_document(uri="/docs/odd.pdf", title="50% of {odd} titles_here #1 \\ end}",
                        author="Ana María Pérez; J. Roe", organisation="Ministry & Co")
    with app_over(tmp_path, [doc]) as app:
        _, text = _export(app.test_client(), f"/documents/{doc.id}/export.bib")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    fields = library.entries[0].fields_dict
    assert fields["title"].value == r"50\% of \{odd\} titles\_here \#1 \textbackslash{} end\}"
    assert fields["author"].value == "{Ana María Pérez} and {J. Roe}"
    assert fields["institution"].value == r"Ministry \& Co"


def test_csl_json_has_the_required_keys_and_citeproc_reads_it(client, web_documents):
    response, text = _export(client, "/export.json?q=portal")
    assert response.content_type.startswith("application/vnd.citationstyles.csl+json")
    items = json.loads(text)
    assert len(items) == int(response.headers["X-KB-Export-Rows"]) == 9
    for item in items:
        assert {"id", "type", "title"} <= set(item)
        assert item["issued"]["date-parts"][0][0] in {d.year for d in web_documents}
        assert item["URL"] == f"http://localhost/documents/{item['id']}"
    # the items are what a CSL processor takes as input
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    assert len(bib.bibliography()) == 9
    _no_server_paths(text, web_documents)


def test_single_document_exports_in_every_format(client, doc_by_name):
    doc = doc_by_name("fiji-one-stop-shop")
    for path in (f"/documents/{doc.id}/export", f"/api/documents/{doc.id}/export"):
        _, text = _export(client, path + ".csv")
        assert [r["id"] for r in csv.DictReader(io.StringIO(text))] == [doc.id]
        _, text = _export(client, path + ".ris")
        assert [r["id"] for r in rispy.loads(text)] == [doc.id]
        _, text = _export(client, path + ".bib")
        assert [e.key for e in bibtexparser.parse_string(text).entries] == [f"kb{doc.id}"]
        _, text = _export(client, path + ".json")
        assert [i["id"] for i in json.loads(text)] == [doc.id]
    assert client.get(f"/documents/{doc.id}/export.docx").status_code == 404
    missing = client.get("/api/documents/nope/export.bib")
    assert missing.status_code == 404 and missing.get_json()["error"]["kind"] == "not-found"


def test_bad_search_parameters_are_400_not_a_wider_export(client):
    response = client.get("/api/export.csv?country=Atlantis")
    assert response.status_code == 400
    assert "Atlantis" in response.get_json()["error"]["message"]


def test_document_page_shows_an_escaped_citation_and_export_links(client, doc_by_name):
    doc = doc_by_name("xss")
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    section = html[html.index('id="cth"'):]
    section = section[:section.index("</section>")]
    assert "<script>alert('title')" not in html
    assert "Portal review &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; more (2010)" in section
    assert f"Available at: http://localhost/documents/{doc.id} (Accessed: 1 May 2024)." in section
    assert 'data-copy-label="Copy the citation"' in section
    for suffix in ("ris", "bib", "json", "csv"):
        assert f'href="/documents/{doc.id}/export.{suffix}" download' in section
    assert "/nonexistent/" not in section


def test_citation_follows_the_page_language(client, doc_by_name):
    doc = doc_by_name("fiji-one-stop-shop")
    html = client.get(f"/documents/{doc.id}?lang=fr").get_data(as_text=True)
    section = html[html.index('id="cth"'):]
    assert "Disponible sur" in section and "1 mai 2024" in section


def test_search_page_links_its_exports(client):
    html = client.get("/?q=portal&country=FJI&page=1").get_data(as_text=True)
    for suffix in ("csv", "ris", "bib", "json"):
        assert f'href="/export.{suffix}?q=portal&amp;country=FJI" download' in html
    assert "An export holds at most 10,000 documents." in html


@pytest.mark.parametrize("fmt", ["csv", "ris", "bib", "json"])
def test_every_export_is_listed_in_openapi(client, fmt):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert "/api/export.{format}" in paths and "/api/documents/{id}/export.{format}" in paths
    enum = paths["/api/export.{format}"]["get"]["parameters"][0]["schema"]["enum"]
    assert fmt in enum


def test_errors_are_in_the_request_language(client):
    over = client.get("/api/export.csv?limit=0&lang=fr").get_json()["error"]["message"]
    assert over == "limit doit être un nombre entier de 1 à 10000, pas '0'."
    fmt = client.get("/api/export.xls?lang=es").get_json()["error"]["message"]
    assert fmt.startswith("No existe el formato de exportación 'xls'")


def test_csv_cells_cannot_run_as_spreadsheet_formulas(tmp_path):
    doc = make_document(uri="/docs/f.pdf", title="=HYPERLINK(\"http://evil\")", author="@admin")
    with app_over(tmp_path, [doc]) as app:
        _, text = _export(app.test_client(), "/export.csv")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"] == "'=HYPERLINK(\"http://evil\")" and row["authors"] == "'@admin"
