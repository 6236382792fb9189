"""PDF extraction: pages, metadata and every way a PDF can be unreadable."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ingest.extract import extract
from kb.errors import Corrupt, Encrypted, NoText, TooLarge, Truncated
from kb.protocols import Hints, Limits

from .builders import make_image_only_pdf, make_page_tree_pdf, make_pdf

PDF = Hints(name="strategy.pdf")


def test_pages_numbered_from_one_in_order_with_blank_pages_kept():
    data = make_pdf(["Fiji one stop shop portal", "", "Tonga e-procurement"])
    result = extract(data, PDF, Limits())
    assert result.format == "pdf"
    assert [p.number for p in result.pages] == [1, 2, 3]
    assert "one stop shop portal" in result.pages[0].text
    assert result.pages[1].text == ""
    assert "e-procurement" in result.pages[2].text


def test_info_dictionary_metadata():
    data = make_pdf(
        ["text"], title="National ICT Strategy", author="Ministry of ICT",
        subject="Digital government", keywords="ict, strategy",
        created=datetime(2019, 5, 6, 7, 8, 9, tzinfo=timezone.utc),
    )
    result = extract(data, PDF, Limits())
    assert result.title == "National ICT Strategy"
    meta = result.metadata
    assert meta["author"] == "Ministry of ICT"
    assert meta["subject"] == "Digital government"
    assert meta["keywords"] == "ict, strategy"
    assert meta["created"] == datetime(2019, 5, 6, 7, 8, 9, tzinfo=timezone.utc)


def test_line_end_hyphens_joined_and_whitespace_normalised():
    data = make_pdf(["The govern-\nment   portal serves citizens."])
    text = extract(data, PDF, Limits()).pages[0].text
    assert "government portal serves citizens." in text
    assert "  " not in text


def test_password_protected_pdf_is_encrypted():
    data = make_pdf(["Secret budget"], encrypt_password="s3cret")
    with pytest.raises(Encrypted, match="password"):
        extract(data, PDF, Limits())


def test_pdf_encrypted_with_empty_user_password_is_read():
    data = make_pdf(["Open to all readers"], encrypt_password="")
    result = extract(data, PDF, Limits())
    assert "Open to all readers" in result.pages[0].text
    assert result.metadata["encrypted"] is True


def test_truncated_pdf():
    data = make_pdf([f"Page {n} of the e-government survey" for n in range(6)])
    with pytest.raises(Truncated) as info:
        extract(data[: len(data) // 2], PDF, Limits())
    assert str(info.value).startswith("truncated: ")
    assert "cut short" in str(info.value)


def test_random_bytes_named_pdf_are_broken():
    data = bytes((i * 7919 + 13) % 256 for i in range(4096))
    with pytest.raises(Corrupt, match="not a PDF"):
        extract(data, PDF, Limits())


def test_image_only_pdf_has_no_text_layer():
    with pytest.raises(NoText, match="no text layer"):
        extract(make_image_only_pdf(), PDF, Limits())


def test_too_many_pages():
    data = make_pdf(["page"] * 5)
    with pytest.raises(TooLarge, match="5 pages"):
        extract(data, PDF, Limits(max_pages=4))


def test_hand_written_pdf_is_read():
    result = extract(make_page_tree_pdf(text="Hand made"), PDF, Limits())
    assert result.pages[0].text == "Hand made"


def test_cyclic_page_tree_is_read_without_recursing():
    """PDFium skips the loop in the page tree and reads the one real page;
    pypdf (the other engine) reports the file as broken instead of recursing."""
    result = extract(make_page_tree_pdf(cyclic=True), PDF, Limits())
    assert [p.text for p in result.pages] == ["Hello"]
    with pytest.raises(Corrupt, match="cyclic|recursive|refers back"):
        extract(make_page_tree_pdf(cyclic=True), PDF, Limits(pdf_engine="pypdf"))


def test_absurdly_deep_page_tree_raises():
    with pytest.raises(Corrupt, match="deep"):
        extract(make_page_tree_pdf(depth=3000), PDF, Limits())
