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

from .builders import make_scan_of, make_scanned_pdf

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


def test_a_scanned_cover_is_titled_by_its_largest_type(tesseract):
    """A scan has no sizes in a text layer, but OCR sees them: the title is
    the large line, not the small one printed above it, and logo-like
    letters Tesseract is unsure of play no part."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, "Prepared for the regional workshop on connectivity", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(30)
    pdf.set_font("Helvetica", "", 30)
    pdf.multi_cell(0, 14, "Digital Services Roadmap for the Outer Islands")
    pdf.ln(20)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, ENGLISH + " " + ENGLISH)
    result = extract(make_scan_of(bytes(pdf.output())), PDF, Limits())
    assert result.title == "Digital Services Roadmap for the Outer Islands"
    assert "as OCR read it" in result.title_reason
    assert {"ministry", "passports"} <= _words(result.pages[0].text)


def test_hocr_gives_the_text_as_tesseract_prints_it_and_only_sure_words_to_the_title():
    from ingest.extract.ocr import from_hocr

    def word(text: str, confidence: int) -> str:
        return f"<span class='ocrx_word' title='bbox 0 0 10 10; x_wconf {confidence}'>{text}</span>"

    hocr = ("<html xmlns='http://www.w3.org/1999/xhtml'><body><div class='ocr_page'>"
            "<p class='ocr_par'><span class='ocr_line' title='bbox 100 100 900 200; x_size 100'>"
            + word("Sr,", 12) + word("Open", 95) + word("Budget", 93) + "</span>"
            "<span class='ocr_header' title='bbox 100 220 900 260; x_size 40'>" + word("Guide", 90) + "</span></p>"
            "<p class='ocr_par'><span class='ocr_line' title='bbox 100 300 900 340; x_size 40'>"
            + word("Oe", 20) + "</span></p></div></body></html>").encode()
    reading = from_hocr(hocr, dpi=300)
    assert reading.text == "Sr, Open Budget\nGuide\n\nOe\n"
    assert [(ln.text, round(ln.size)) for ln in reading.lines] == [("Open Budget", 24), ("Guide", 10)]
    assert reading.lines[0].top == 24 and reading.lines[0].left == 24
    assert from_hocr(b"", dpi=300).text == ""
