"""Sniffing and the registry's limits: bytes beat names, bad input is named."""
from __future__ import annotations

import pytest

from ingest.extract import extract, sniff
from kb.errors import Corrupt, ExtractionError, NoText, TooLarge, Unsupported
from kb.protocols import Hints, Limits

from .builders import make_docx, make_html, make_pdf, make_pptx


def test_pdf_named_docx_is_read_as_pdf():
    data = make_pdf(["Barbados digital transformation"])
    assert sniff(data, Hints(name="report.docx")) == "pdf"
    result = extract(data, Hints(name="report.docx"), Limits())
    assert result.format == "pdf"
    assert "Barbados" in result.pages[0].text


def test_html_named_pdf_is_read_as_html():
    data = make_html("<p>Error page from the server</p>")
    result = extract(data, Hints(name="file.pdf", content_type="application/pdf"), Limits())
    assert result.format == "html"
    assert "Error page" in result.pages[0].text


def test_pdf_header_after_junk_still_sniffed():
    data = b"\r\n  junk prefix from a proxy\n" + make_pdf(["Prefixed"])
    assert sniff(data, Hints(name="x.bin")) == "pdf"


def test_office_zips_sniffed_by_contents_not_name():
    assert sniff(make_pptx([("T", "b", "")]), Hints(name="deck.docx")) == "pptx"
    assert sniff(make_docx([("H", ["p"])]), Hints(name="doc.pptx")) == "docx"


def test_content_type_then_suffix_for_text_formats():
    assert sniff(b"<p>fragment</p>", Hints(name="x", content_type="text/html; charset=utf-8")) == "html"
    assert sniff(b"# Notes", Hints(name="notes.md")) == "text"
    assert sniff(b"plain words", Hints(name="")) == "text"


def test_empty_file():
    with pytest.raises(NoText, match="empty file"):
        extract(b"", Hints(name="empty.pdf"), Limits())


def test_whitespace_only_file_has_no_text():
    with pytest.raises(NoText):
        extract(b"   \n\n  ", Hints(name="blank.txt"), Limits())


def test_over_max_bytes_refused_before_reading():
    data = make_pdf(["x"])
    with pytest.raises(TooLarge) as info:
        extract(data, Hints(name="big.pdf"), Limits(max_bytes=len(data) - 1))
    assert "limit" in str(info.value)


def test_a_damaged_legacy_office_file_is_broken():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(Corrupt, match="legacy Office"):
        extract(data, Hints(name="old.ppt"), Limits())


def test_other_zip_formats_are_unsupported_with_their_name():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    with pytest.raises(Unsupported, match="ODS"):
        extract(out.getvalue(), Hints(name="figures.ods"), Limits())


def test_unknown_binary_is_unsupported():
    data = bytes(range(256)) * 8
    with pytest.raises(Unsupported, match="unrecognised"):
        extract(data, Hints(name="blob.bin"), Limits())


def test_every_error_message_reads_reason_colon_message():
    with pytest.raises(ExtractionError) as info:
        extract(b"", Hints(name="e.txt"), Limits())
    assert str(info.value) == "no text: empty file"
