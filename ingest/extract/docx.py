"""Word documents (DOCX) with python-docx: one page per Heading 1/2 section.

A DOCX has no pages of its own (pagination happens at render time), so the
author's own structure stands in for them: a hit can say "section 'Service
design'" and a reader lands near it. Documents without headings are cut at
paragraph boundaries into pages of about 3000 characters.
"""
from __future__ import annotations

import io
import re
from typing import Any, Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from kb.errors import Corrupt, ExtractionError
from kb.protocols import ExtractedText, Hints, Limits

from .ooxml import check_zip, core_metadata
from .textutil import clean_title, sections_to_pages

_SECTION_STYLES = re.compile(r"^heading [12]$", re.IGNORECASE)


def _style_name(paragraph: Paragraph) -> str:
    try:
        style = paragraph.style
    except (KeyError, ValueError, AttributeError):
        return ""
    return (style.name or "") if style is not None else ""


def _table_lines(table: Table) -> Iterator[str]:
    """Cell text row by row; merged cells repeat in python-docx, so once only."""
    for row in table.rows:
        seen: list[str] = []
        for cell in row.cells:
            text = cell.text.strip()
            if text and text not in seen:
                seen.append(text)
        if seen:
            yield " | ".join(seen)


def _blocks(document: Any) -> Iterator[tuple[str, str]]:
    """(kind, text) for body paragraphs and tables in document order.

    kind is "heading" for a Heading 1/2 paragraph, "title" for the Title
    style, else "text".
    """
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style = _style_name(block)
            if _SECTION_STYLES.match(style):
                yield "heading", block.text
            elif style.lower() == "title":
                yield "title", block.text
            else:
                yield "text", block.text
        elif isinstance(block, Table):
            yield "text", "\n".join(_table_lines(block))


def extract(data: bytes, hints: Hints, limits: Limits) -> ExtractedText:
    """Sections of a Word document, with its core properties as metadata."""
    check_zip(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        sections: list[tuple[str, list[str]]] = [("", [])]
        title_para = ""
        for kind, text in _blocks(document):
            if kind == "heading" and text.strip():
                sections.append((text, []))
                continue
            if kind == "title" and not title_para:
                title_para = text.strip()
            sections[-1][1].append(text)
        metadata = core_metadata(document.core_properties)
    except ExtractionError:
        raise
    except RecursionError:
        raise Corrupt("the document's structure nests too deeply") from None
    except PackageNotFoundError as exc:
        raise Corrupt(f"python-docx cannot open the document: {exc}"[:300]) from None
    except Exception as exc:  # lxml, zipfile and python-docx share no error base
        raise Corrupt(
            f"python-docx cannot read the document: {type(exc).__name__}: {exc}"[:300]
        ) from None
    pages = sections_to_pages(sections)
    title = clean_title(metadata.get("title", "")) or clean_title(title_para) or next((p.title for p in pages if p.title), "")
    return ExtractedText(pages=pages, title=title, format="docx", metadata=metadata)
