"""The `kb` command as a curator runs it: a real process, a real data dir."""
from __future__ import annotations

import json

import pytest

from tests.conftest import run_kb

from tests.ingest import builders


kb = run_kb


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    builders.write_case_studies(root)
    return root


def test_ingest_search_stats(tmp_path, corpus):
    data = tmp_path / "var"
    first = kb("ingest", "folder", str(corpus), data_dir=data, check=0)
    assert "2 added" in first.stdout
    second = kb("ingest", "folder", str(corpus), data_dir=data, check=0)
    assert "0 added" in second.stdout and "2 unchanged" in second.stdout

    out = kb("search", "one stop shop", "--json", data_dir=data, check=0)
    result = json.loads(out.stdout)
    assert result["total"] == 2
    hit = result["hits"][0]
    for key in ("id", "title", "uri", "format", "doc_type", "year", "countries", "regions",
                "topics", "language", "page", "snippet"):
        assert key in hit
    assert {h["uri"] for h in result["hits"]} == {str(corpus / "fiji.pdf"), str(corpus / "jamaica.pdf")}
    assert "country" in result["facets"]

    fiji = kb("search", "one stop shop", "--country", "FJI", "--json", data_dir=data, check=0)
    assert [h["title"] for h in json.loads(fiji.stdout)["hits"]] == ["Case study: the Fiji one stop shop"]

    text = kb("search", "one stop shop", "--country", "FJI", data_dir=data, check=0).stdout
    assert "Case study: the Fiji one stop shop" in text and "page 2" in text

    stats = kb("stats", data_dir=data, check=0).stdout
    assert "2 documents" in stats and "format:" in stats and "pdf (2)" in stats

    doc_id = hit["id"]
    explain = kb("explain", doc_id, data_dir=data, check=0).stdout
    assert "countries" in explain and "inferred" in explain


def test_exit_status_says_how_it_went(tmp_path, corpus):
    data = tmp_path / "var"
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really")
    failed = kb("ingest", "folder", str(corpus), data_dir=data, check=1)
    assert "broken.pdf" in failed.stdout and "1 failed" in failed.stdout
    kb("ingest", "folder", str(tmp_path / "nowhere"), data_dir=data, check=2)
    kb("search", "x", "--sort", "sideways", data_dir=data, check=2)
    kb("explain", "0000000000000000", data_dir=data, check=2)


def test_help_lists_settings(tmp_path):
    out = kb("--help", data_dir=tmp_path, check=0).stdout
    assert "KB_DATA_DIR" in out and "ingest" in out and "search" in out


def test_a_second_run_with_files_still_failing_exits_1(tmp_path, corpus):
    data = tmp_path / "var"
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really")
    kb("ingest", "folder", str(corpus), data_dir=data, check=1)
    again = kb("ingest", "folder", str(corpus), data_dir=data, check=1)
    assert "Unchanged since they failed (1)" in again.stdout and "broken.pdf" in again.stdout
    as_json = json.loads(kb("ingest", "folder", str(corpus), "--json", data_dir=data, check=1).stdout)
    assert as_json["counts"]["still_failing"] == 1 and as_json["counts"]["unchanged"] == 2
    (corpus / "broken.pdf").unlink()
    kb("ingest", "folder", str(corpus), "--prune", data_dir=data, check=0)


def test_a_file_name_that_is_not_utf8_is_reported_and_the_rest_indexed(tmp_path, corpus):
    import os

    data = tmp_path / "var"
    bad = os.path.join(os.fsencode(corpus), b"caf\xe9.html")   # Latin-1 bytes on a UTF-8 system
    with open(bad, "wb") as f:
        f.write(b"<html><head><title>Cafe</title></head><body><p>Tonga e-services.</p></body></html>")
    first = kb("ingest", "folder", str(corpus), data_dir=data, check=1)
    assert "2 added" in first.stdout and "1 failed" in first.stdout
    assert "caf\\xe9.html: bad file name" in first.stdout, first.stdout
    assert "Traceback" not in first.stderr
    out = json.loads(kb("search", "one stop shop", "--json", data_dir=data, check=0).stdout)
    assert out["total"] == 2
    report = json.loads(kb("ingest", "folder", str(corpus), "--json", data_dir=data, check=1).stdout)
    assert [f["uri"].rsplit("/", 1)[-1] for f in report["failed"]] == ["caf\\xe9.html"]
    assert report["counts"]["unchanged"] == 2


def test_search_takes_facet_values_by_name_and_refuses_unknown_ones(tmp_path, corpus):
    data = tmp_path / "var"
    kb("ingest", "folder", str(corpus), data_dir=data, check=0)
    by_code = json.loads(kb("search", "one stop shop", "--country", "FJI", "--json", data_dir=data, check=0).stdout)
    assert by_code["total"] == 1
    for value in ("Fiji", "fji", "FJ"):
        out = kb("search", "one stop shop", "--country", value, data_dir=data, check=0).stdout
        assert out.startswith("1 documents") and "Case study: the Fiji one stop shop" in out, value
        assert "*Fiji (1)" in out and "Fiji (0)" not in out, value
    typed = json.loads(kb("search", "", "--type", "Case study", "--sids", "pacific", "--json",
                          data_dir=data, check=0).stdout)
    assert typed["query"]["filters"] == {"sids": ["Pacific"], "doc_type": ["case-study"]}
    unknown = kb("search", "portal", "--country", "XYZ", data_dir=data, check=2)
    assert "No country XYZ; give an ISO 3166 code such as FJI or a country name such as Fiji." in unknown.stderr
    assert "documents" not in unknown.stdout
    typo = kb("search", "portal", "--type", "case-studies", data_dir=data, check=2)
    assert "No document type case-studies; did you mean case-study?" in typo.stderr
    assert "did you mean Fiji?" in kb("search", "--country", "Fijj", data_dir=data, check=2).stderr
    absurd = kb("search", "portal", "--to-year", "99999999999999999999", data_dir=data, check=2)
    assert "year_to must be a year from -9999 to 9999" in absurd.stderr and "Traceback" not in absurd.stderr


def test_search_shows_ids_and_explain_takes_an_id_a_path_or_a_uri(tmp_path, corpus):
    data = tmp_path / "var"
    kb("ingest", "folder", str(corpus), data_dir=data, check=0)
    hits = json.loads(kb("search", "one stop shop", "--country", "FJI", "--json", data_dir=data, check=0).stdout)
    doc_id = hits["hits"][0]["id"]
    text = kb("search", "one stop shop", "--country", "FJI", data_dir=data, check=0).stdout
    assert f"id {doc_id}" in text
    fiji = corpus / "fiji.pdf"
    for ref, cwd in ((doc_id, None), (str(fiji), None), ("docs/fiji.pdf", tmp_path), ("fiji.pdf", corpus),
                     (fiji.as_uri(), None)):
        out = kb("explain", ref, data_dir=data, check=0, cwd=cwd).stdout
        assert "Case study: the Fiji one stop shop" in out and f"id {doc_id}" in out, ref
    as_json = json.loads(kb("explain", "docs/fiji.pdf", "--json", data_dir=data, check=0, cwd=tmp_path).stdout)
    assert as_json["id"] == doc_id and as_json["uri"] == str(fiji)
    missing = kb("explain", "docs/nowhere.pdf", data_dir=data, check=2, cwd=tmp_path)
    assert "no document with id, path or URI 'docs/nowhere.pdf' in the index" in missing.stderr


def test_another_source_name_relabels_documents_and_says_where_it_came_from(tmp_path, corpus):
    data = tmp_path / "var"

    def source_of(doc_id):
        rows = json.loads(kb("explain", doc_id, "--json", data_dir=data, check=0).stdout)["fields"]
        return next((r["value"], r["origin"], r["why"]) for r in rows if r["field"] == "source")

    kb("ingest", "folder", str(corpus), data_dir=data, check=0)
    ids = [h["id"] for h in json.loads(kb("search", "", "--json", data_dir=data, check=0).stdout)["hits"]]
    assert len(ids) == 2
    assert source_of(ids[0]) == ("docs", "inferred", "source name from the folder's name")
    relabel = kb("ingest", "folder", str(corpus), "--source", "Pacific library", data_dir=data, check=0)
    assert "2 updated" in relabel.stdout, relabel.stdout
    for doc_id in ids:
        assert source_of(doc_id) == ("Pacific library", "curated",
                                     "source name given with --source on the command line")
    facets = json.loads(kb("search", "", "--json", data_dir=data, check=0).stdout)["facets"]["source"]
    assert [(c["value"], c["count"]) for c in facets] == [("Pacific library", 2)]
    again = kb("ingest", "folder", str(corpus), "--source", "Pacific library", data_dir=data, check=0)
    assert "2 unchanged" in again.stdout


def test_explain_says_where_the_title_came_from(tmp_path):
    """A PDF whose metadata title is the Word file it came from: the title is
    the first page's large line, and `kb explain` says so and why."""
    from fpdf import FPDF

    folder = tmp_path / "docs"
    folder.mkdir()
    pdf = FPDF()
    pdf.set_title("Microsoft Word - strategy_final_v2.docx")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 24)
    pdf.multi_cell(0, 12, "National Digital Inclusion Strategy 2030", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, "The strategy sets out how every island gets affordable access to online "
                         "public services by 2030. " * 5)
    (folder / "strategy_final_v2.pdf").write_bytes(bytes(pdf.output()))
    data = tmp_path / "var"
    kb("ingest", "folder", str(folder), data_dir=data, check=0)
    rows = json.loads(kb("explain", "docs/strategy_final_v2.pdf", "--json", data_dir=data, check=0,
                         cwd=tmp_path).stdout)["fields"]
    title = next(r for r in rows if r["field"] == "title")
    assert title["value"] == "National Digital Inclusion Strategy 2030"
    assert title["origin"] == "extracted"
    assert "largest lines on page 1 (24 pt, bold" in title["why"]
    assert "'Microsoft Word - strategy_final_v2.docx' was not used" in title["why"]
    text = kb("explain", "docs/strategy_final_v2.pdf", data_dir=data, check=0, cwd=tmp_path).stdout
    assert "largest lines on page 1" in text
