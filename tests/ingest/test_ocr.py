"""Scanned PDF pages read by Tesseract OCR: generated scans (text printed to a
PDF, rendered to a picture and placed as the page's only content) and the real
scanned report in ../shared/corpus. The OCR tests skip when Tesseract is not
installed, unless KB_REQUIRE_OCR=1 (as in CI)."""
from __future__ import annotations

import pytest

from ingest.catalog import Catalog
from ingest.extract import extract
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource
from kb.errors import NoText, TimedOut
from kb.models import Query
from kb.protocols import Hints, Limits

from .builders import make_scanned_pdf

PDF = Hints(name="scan.pdf")
ENGLISH = ("The ministry opened a one stop shop portal where citizens renew passports "
           "and register businesses online.")
FRENCH = ("La commune publie chaque année un rapport sur la qualité du service public "
          "et les réclamations des habitants.")
FRENCH_2 = "Le plan de transport prévoit des lignes de bus électriques et une billetterie numérique."


def _words(text: str) -> set[str]:
    return {w.strip(".,").lower() for w in text.split()}


def test_a_scanned_page_is_read_by_ocr(tesseract):
    result = extract(make_scanned_pdf([ENGLISH]), PDF, Limits())
    found = _words(result.pages[0].text)
    assert {"ministry", "portal", "passports", "businesses"} <= found
    assert result.metadata["ocr_pages"] == [1]
    assert result.metadata["ocr"].startswith("tesseract")


def test_only_the_pages_without_a_text_layer_are_ocred(tesseract):
    data = make_scanned_pdf([FRENCH, FRENCH_2, ENGLISH], scanned={2})
    result = extract(data, PDF, Limits())
    assert result.metadata["ocr_pages"] == [2]
    assert "billetterie" in result.pages[1].text
    assert "réclamations" in result.pages[0].text        # the text layer, as it was
    assert "passports" in result.pages[2].text


def test_the_language_of_the_text_pages_tells_tesseract_what_to_read(tesseract):
    """A French report with one scanned page: Tesseract is asked for French
    alone (the language enricher read the other pages), and the accents come out."""
    result = extract(make_scanned_pdf([FRENCH, FRENCH_2], scanned={2}), PDF, Limits())
    assert result.metadata["ocr"].endswith("-l fra")
    assert "électriques" in result.pages[1].text and "numérique" in result.pages[1].text


def test_a_scan_with_no_text_at_all_is_read_in_the_language_of_its_first_page(tesseract):
    result = extract(make_scanned_pdf([FRENCH, FRENCH_2]), PDF, Limits())
    assert result.metadata["ocr_pages"] == [1, 2]
    assert result.metadata["ocr"].endswith("-l fra")
    assert "réclamations" in result.pages[0].text and "électriques" in result.pages[1].text


def test_ocr_runs_under_the_documents_time_limit(tesseract):
    data = make_scanned_pdf([ENGLISH, FRENCH, FRENCH_2, ENGLISH])
    with pytest.raises(TimedOut, match="OCR of page|no time left"):
        extract(data, PDF, Limits(timeout=2.5))


def test_without_tesseract_a_scan_is_reported_with_the_hint_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))         # a machine without Tesseract
    with pytest.raises(NoText) as info:
        extract(make_scanned_pdf([ENGLISH]), PDF, Limits())
    message = str(info.value)
    assert message.startswith("no text: no text layer")
    assert "install Tesseract OCR" in message and "tesseract-ocr-fra" in message


def test_without_tesseract_a_partly_scanned_pdf_keeps_its_text_and_says_why(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = extract(make_scanned_pdf([FRENCH, ENGLISH], scanned={2}), PDF, Limits())
    assert "réclamations" in result.pages[0].text and result.pages[1].text == ""
    assert "page 2 has no text layer" in result.metadata["scanned_pages_unread"]


def test_ocr_off_leaves_scans_unread(tesseract):
    with pytest.raises(NoText, match="no text layer"):
        extract(make_scanned_pdf([ENGLISH]), PDF, Limits(ocr=False))


def test_an_ingested_scan_is_found_by_its_words(tesseract, tmp_path, whoosh_index, settings):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "scan.pdf").write_bytes(make_scanned_pdf([ENGLISH]))
    with Catalog(settings.catalog_path) as catalog:
        report = run_job(FolderSource(folder), whoosh_index, catalog, limits=settings.limits,
                         workers=1, progress=False)
    assert not report.failed and len(report.added) == 1
    assert whoosh_index.search(Query(text="passports")).total == 1


def test_the_real_scanned_report_is_read(tesseract, shared_corpus):
    data = (shared_corpus / "pdf" / "dc-2014_DOH_Open_Government_Report.pdf").read_bytes()
    result = extract(data, Hints(name="report.pdf"), Limits())
    assert result.metadata["ocr_pages"] == [1, 2, 3]
    text = " ".join(p.text for p in result.pages).lower()
    for phrase in ("department of health", "open government report", "open data"):
        assert phrase in text
