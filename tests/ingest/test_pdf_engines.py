"""PDF text by PDFium (the default) against pypdf (the engine before it, and
its fallback): the same pages, no page with less text, and pypdf taking over
where PDFium cannot read a file."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bench.pdf_engines import compare_words, lost_words, read_corpus, words
from ingest.extract import extract
from kb.errors import UsageError
from kb.protocols import Hints, Limits
from kb.settings import Settings

from .builders import make_pdf

PDF = Hints(name="report.pdf")
PAGES = ["Fiji one stop shop portal for business registration and licences",
         "", "Tonga e-procurement: tenders published online, bids received by e-mail"]


def test_pdfium_and_pypdf_read_the_same_words_of_a_generated_pdf():
    data = make_pdf(PAGES)
    new = extract(data, PDF, Limits())
    old = extract(data, PDF, Limits(pdf_engine="pypdf"))
    assert [words(p.text) for p in new.pages] == [words(p.text) for p in old.pages]
    assert new.pages[1].text == "" and new.title == old.title == "Digital Government Strategy"
    assert "pdf_text" not in new.metadata          # PDFium read it


def test_pdfium_reads_the_info_dictionary_as_pypdf_does():
    """A file PDFium opens is read without pypdf: its title, author, subject,
    keywords and dates (with their offset from UTC), and whether it was
    encrypted with the empty password, are what pypdf's reading gives."""
    when = datetime(2019, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=-5)))
    for data in (make_pdf(PAGES, subject="Digital government", keywords="ict, strategy", created=when),
                 make_pdf(PAGES, title="Plan national", author="Ministère", encrypt_password="")):
        new = extract(data, PDF, Limits())
        old = extract(data, PDF, Limits(pdf_engine="pypdf"))
        assert new.metadata == old.metadata
    assert extract(make_pdf(PAGES, created=when), PDF, Limits()).metadata["created"] == when
    assert new.metadata["encrypted"] is True and new.metadata["author"] == "Ministère"


def test_pypdf_reads_a_file_pdfium_cannot_open():
    """A PDF whose header was mangled: PDFium refuses it, pypdf reads it."""
    data = make_pdf(PAGES)
    broken = data.replace(b"%PDF-1.", b"%QDF-1.", 1)
    result = extract(broken, PDF, Limits())
    assert "one stop shop portal" in result.pages[0].text
    assert result.metadata["pdf_text"] == "pypdf: PDFium could not open the file"


def test_lost_words_allows_other_word_breaks_but_not_missing_words():
    vocabulary = {"government", "portal", "citizens"}
    assert lost_words("the gover nment portal", "the government portal", vocabulary) == []
    assert lost_words("the government portal for citizens", "the portal", vocabulary) == \
        ["citizens", "government"]
    assert lost_words("hnnnimp immst", "", vocabulary) == []       # pypdf's garbage is not a word


def test_the_engine_is_a_setting():
    assert Settings.from_env({"KB_PDF_TEXT": "pypdf"}).limits.pdf_engine == "pypdf"
    assert Settings.from_env({}).limits.pdf_engine == "pdfium"
    assert Settings.from_env({"KB_OCR": "off"}).limits.ocr is False
    with pytest.raises(UsageError, match="KB_PDF_TEXT"):
        Settings.from_env({"KB_PDF_TEXT": "poppler"})
    with pytest.raises(UsageError, match="KB_OCR"):
        Settings.from_env({"KB_OCR": "maybe"})


def test_no_page_of_the_real_corpus_loses_text(shared_corpus):
    pdfs = sorted((shared_corpus / "pdf").glob("*.pdf"))
    if not pdfs:
        pytest.skip(f"no PDFs in {shared_corpus / 'pdf'}")
    by_engine = {engine: read_corpus(pdfs, engine)[0] for engine in ("pypdf", "pdfium")}
    assert by_engine["pypdf"].keys() == by_engine["pdfium"].keys()
    for path, pages in by_engine["pypdf"].items():
        assert len(by_engine["pdfium"][path]) == len(pages), path.name
    comparison = compare_words(by_engine)
    assert comparison["pages_compared"] >= 300
    assert comparison["pages_losing_words"] == 0, comparison["losing"]
    assert comparison["pdfium_words_per_page"] >= comparison["pypdf_words_per_page"]
