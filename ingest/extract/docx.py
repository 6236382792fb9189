"""Word documents (DOCX) with python-docx: one page per Heading 1/2 section.

A DOCX has no pages of its own (pagination happens at render time), so the
author's own structure stands in for them: a hit can say "section 'Service
design'" and a reader lands near it. Documents without headings are cut at
paragraph boundaries into pages of about 3000 characters.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from kb.errors import Corrupt, ExtractionError
from kb.protocols import ExtractedText, Hints, Limits

from .ooxml import check_zip, core_metadata, open_package
from . import docx_layout, titles
from .page_title import body_size, page_title
from .textutil import normalise, sections_to_pages

log = logging.getLogger(__name__)

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
    style, else "text"; the paragraphs of a text box come as "text" before
    the paragraph it is anchored in.
    """
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            for boxed in docx_layout.text_boxes(block):     # set on the page where it is anchored
                yield "text", boxed.text
            style = _style_name(block)
            if _SECTION_STYLES.match(style):
                yield "heading", block.text
            elif style.lower() == "title":
                yield "title", block.text
            elif style.lower() == "subtitle":
                yield "subtitle", block.text
            else:
                yield "text", block.text
        elif isinstance(block, Table):
            yield "text", "\n".join(_table_lines(block))


def _opening_lines(document: Any) -> list[Any]:
    """`docx_layout.opening_lines`, or none when the styles cannot be read:
    the text is read already, and the title then comes from elsewhere."""
    try:
        return docx_layout.opening_lines(document)
    except Exception as exc:  # noqa: BLE001 - lxml and python-docx share no error base
        log.debug("cannot lay out the document's opening: %s", exc)
        return []


_FEW_LETTERS = 200     # an opening with less text than this in its commonest size: a cover


def _layout_title(lines: list[Any], document: Any, text: str) -> titles.Title | None:
    """The title the opening paragraphs' type shows (see `docx_layout`).
    The text's size is the one most of their letters are set in; on a
    cover page followed by blank lines it is the Normal style's, where that
    is smaller (the cover's lines are all larger than the text)."""
    body = body_size(lines)
    if sum(ln.letters for ln in lines if abs(ln.size - body) < 0.5) < _FEW_LETTERS:
        body = min(body, docx_layout.text_size(document))
    return page_title(lines, docx_layout.PAGE_WIDTH, body, 1, "at the start of the document",
                      above_text_only=True, text=text)


def _header_title(document: Any) -> titles.Title | None:
    """A title set in the first page's header, as some templates do (a
    protocol's or an agreement's name over every page), read as plain
    lines; not a running header's parts ("Protocolo | n.º 12") and not a
    name of one or two words."""
    try:
        section = document.sections[0]
        header = section.first_page_header if section.different_first_page_header_footer \
            else section.header
        texts = [normalise(p.text).replace("\n", " ") for p in header.paragraphs]
    except (IndexError, AttributeError, KeyError, ValueError):
        return None
    found = titles.from_lines((t for t in texts if "|" not in t and "\t" not in t), most_words=30)
    if found is None or len(titles.content_words(found.text)) < 3:
        return None
    return titles.Title(found.text, "a paragraph of the page header (the document's opening has none)")


def extract(data: bytes, hints: Hints, limits: Limits) -> ExtractedText:
    """Sections of a Word document, with its core properties as metadata."""
    check_zip(data, limits)
    try:
        document = open_package(docx.Document, data)
        sections: list[tuple[str, list[str]]] = [("", [])]
        styled: list[str] = []     # the Title paragraphs in a row (a title set over two is one)
        subtitle = ""              # and a Subtitle right under them
        heading = ""               # the first heading, when nothing comes before it
        first: list[str] = []      # the first lines, for a title when nothing else tells
        for kind, text in _blocks(document):
            if text.strip():
                right_under = bool(styled) and not subtitle and first[-1] == styled[-1]
                if kind == "title" and (not styled or right_under):
                    styled.append(text.strip())
                elif kind == "subtitle" and right_under and not titles.ends_title(text.strip()):
                    subtitle = text.strip()     # not an edition ("Versión 1.4") in the Subtitle style
                elif kind == "heading" and not first:
                    heading = text.strip()
                if len(first) < 15:
                    first.append(text.strip())
            if kind == "heading" and text.strip():
                sections.append((text, []))
                continue
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
    laid_out = _opening_lines(document) if not styled else []
    text = "\n".join(p.text for p in pages[:3])
    shown = None
    if styled:
        main = titles.join_lines([titles.tidy(normalise(t).replace("\n", " ")) for t in styled])
        parts = [main, titles.tidy(normalise(subtitle).replace("\n", " "))] if subtitle else [main]
        shown = titles.Title(titles.strip_tail(titles.join_lines(parts)),
                             ("the paragraphs" if len(styled) > 1 else "the paragraph") + " in the Title style"
                             + (" and the Subtitle under it" if subtitle else ""))
    elif laid_out and (found := _layout_title(laid_out, document, text)) is not None:
        shown = found
    elif heading and not titles.is_section_name(heading):
        shown = titles.Title(titles.tidy(normalise(heading).replace("\n", " ")),
                             "the first heading, at the start of the document")
    first = [t for t in first if "\t" not in t]      # a row set out with tabs ("FPS Finance<tab>Janssens Raf")
    if shown is None and titles.from_lines(first) is None:
        shown = _header_title(document)
    title = titles.choose(shown, metadata.get("title", ""), text, "the DOCX core properties title",
                          fallback=first)
    return ExtractedText(pages=pages, title=title.text, format="docx",
                         metadata=titles.note(metadata, title), title_reason=title.reason)
