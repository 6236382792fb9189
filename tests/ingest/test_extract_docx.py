"""DOCX extraction: sections at Heading 1/2, tables in order, chunking."""
from __future__ import annotations

from datetime import datetime

import pytest

from ingest.extract import extract
from kb.errors import TooLarge
from kb.protocols import Hints, Limits

from .builders import make_docx, with_link_to_a_missing_part

DOC = Hints(name="report.docx")


def test_sections_at_headings_with_tables_in_document_order():
    data = make_docx(
        [
            ("Introduction", ["Samoa launched its portal in 2020."]),
            ("Service design", ["Services were mapped to life events."]),
        ],
        table=[["Service", "Channel"], ["Birth certificate", "Online"]],
        title="Samoa e-Government Review",
        author="Pacific Digital Unit",
    )
    result = extract(data, DOC, Limits())
    assert result.format == "docx"
    assert [p.title for p in result.pages] == ["Introduction", "Service design"]
    assert [p.number for p in result.pages] == [1, 2]
    first = result.pages[0].text
    assert first.index("Samoa launched") < first.index("Birth certificate | Online")
    assert "life events" in result.pages[1].text
    assert "Birth certificate" not in result.pages[1].text
    assert result.title == "Samoa e-Government Review"
    assert result.metadata["author"] == "Pacific Digital Unit"
    assert isinstance(result.metadata["created"], datetime)


def test_heading_2_also_splits():
    data = make_docx([("Scope", ["a"]), ("Method", ["b"])], heading_level=2)
    assert [p.title for p in extract(data, DOC, Limits()).pages] == ["Scope", "Method"]


def test_document_without_headings_is_chunked_at_paragraphs():
    paragraphs = [f"Paragraph {n} about municipal e-services. " * 12 for n in range(40)]
    result = extract(make_docx([("", paragraphs)]), DOC, Limits())
    assert len(result.pages) > 3
    assert all(len(p.text) <= 3200 for p in result.pages)
    joined = "\n\n".join(p.text for p in result.pages)
    for paragraph in paragraphs:
        assert paragraph.strip() in joined  # never split inside a paragraph


def test_too_many_sections():
    data = make_docx([(f"Part {n}", ["text"]) for n in range(5)])
    with pytest.raises(TooLarge, match="5 pages"):
        extract(data, DOC, Limits(max_pages=3))


def test_docx_zip_bomb_check_applies():
    with pytest.raises(TooLarge, match="zip bomb"):
        extract(make_docx([("A", ["b"])]), DOC, Limits(max_unzipped_bytes=5_000))


def test_a_link_to_a_part_the_package_lacks_does_not_lose_the_document():
    data = with_link_to_a_missing_part(make_docx([("Introduction", ["Samoa launched its portal in 2020."])],
                                                 title="Samoa e-Government Review"),
                                       "word/_rels/document.xml.rels")
    result = extract(data, DOC, Limits())
    assert "Samoa launched its portal" in result.pages[0].text
    assert result.title == "Samoa e-Government Review"
