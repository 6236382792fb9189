"""The title a PDF's first page shows (or its second, behind a cover).

The first pages' lines as set (`pdf_lines`: their text, size, weight and
box, from PDFium) are read one page at a time and titled by `page_title`;
the second page is read only when the first is a cover with little or no
text, or names nothing but a publisher.

Kept apart from the page-text extractor (`pdf.py`) so that either can change
its engine without the other; `pdf.py` calls `layout_title` once, with the
document and its first pages when it has them open already.
"""
from __future__ import annotations

import logging
from typing import Any, Iterator, Mapping

import pypdfium2 as pdfium

from . import titles
from .page_title import body_size, page_title
from .pdf_lines import Line, page_lines
from .titles import Title

log = logging.getLogger(__name__)

MAX_PAGES = 2           # the title is on the first page, or the second behind a bare cover
_COVER_LETTERS = 1000   # a page of no more letters than this may be a cover...
_LARGE_BODY = 14.0      # ...when most of them are in this size or larger: no text's size


def read_lines(source: bytes | pdfium.PdfDocument, pages: int = MAX_PAGES,
               opened: Mapping[int, tuple[Any, Any]] | None = None,
               scanned: Mapping[int, tuple[list[Line], float]] | None = None,
               ) -> Iterator[tuple[list[Line], float]]:
    """Lines of the first pages, each page with its width, read one page at
    a time as they are asked for. `source` is the file, or the document
    already open, with `opened` the (page, text page) pairs of the pages the
    caller has open and `scanned` the lines OCR read on scanned pages, with
    their width (both numbered from 0). Nothing when PDFium cannot open the
    file: the title then comes from elsewhere."""
    opened, scanned = opened or {}, scanned or {}
    if isinstance(source, pdfium.PdfDocument):
        document, own = source, False
    else:
        try:
            document, own = pdfium.PdfDocument(source), True
        except (pdfium.PdfiumError, ValueError, OSError) as exc:
            log.debug("PDFium cannot open the PDF: %s", exc)
            return
    try:
        for number in range(min(pages, len(document))):
            if number in scanned:      # a logo's letters OCR is sure of ("E, usa") are no line of text
                lines, width = scanned[number]
                yield [ln for ln in lines if not titles.is_noise(ln.text)], width
                continue
            if number in opened:
                page, textpage = opened[number]
                yield page_lines(page, textpage), page.get_width()
                continue
            page = document[number]
            try:
                lines, width = page_lines(page), page.get_width()
            finally:
                page.close()
            yield lines, width
    except (pdfium.PdfiumError, ValueError, OSError) as exc:
        log.debug("PDFium cannot read a page: %s", exc)
    finally:
        if own:
            document.close()


def layout_title(source: bytes | pdfium.PdfDocument,
                 opened: Mapping[int, tuple[Any, Any]] | None = None,
                 scanned: Mapping[int, tuple[list[Line], float]] | None = None) -> Title | None:
    """The title the first pages show (of the file, or of the document open
    with those of its pages in `opened` and the lines OCR read on those in
    `scanned`, see `read_lines`); None when nothing
    stands out or PDFium cannot read the file. The second page is read only
    when the first is a cover (little or no text) or names nothing but a
    publisher."""
    scanned = scanned or {}
    pages = read_lines(source, opened=opened, scanned=scanned)
    where = {n: f"on page {n + 1}, as OCR read it" if n in scanned else "" for n in range(MAX_PAGES)}
    first = next(pages, None)
    if first is None:
        return None
    lines, width = first
    letters = sum(ln.letters for ln in lines)
    # a cover's few lines tell no body size, nor do the lines of a cover
    # that mostly holds its title in large type: the next page's text does
    sparse = letters <= 200 or (letters <= _COVER_LETTERS and body_size(lines) >= _LARGE_BODY)
    second = next(pages, None) if sparse else None
    body = body_size(lines + second[0]) if second else body_size(lines)
    if sparse and body >= _LARGE_BODY:
        # nor a next page with text: the type of the cover's small print is the text's
        small = [ln for ln in lines if ln.size < body - 0.5]
        if sum(ln.letters for ln in small) >= 20:
            body = body_size(small)
    title = page_title(lines, width, body, 1, where[0]) if letters >= 3 else None
    if title is None and 3 <= letters <= 200 and len(lines) >= 2 \
            and all(len(titles.words(ln.text)) <= 7 for ln in lines):
        # a cover set all in one type, as large as the text behind it, in
        # a few short lines: they stand out from nothing but themselves
        title = page_title(lines, width, 0.75 * min(ln.size for ln in lines if ln.letters >= 2), 1, where[0])
        if title is not None and (titles.ends_title(title.text) or title.text.endswith(".")):
            title = None        # a web address, an edition, a sentence: no title
    if title is not None and not titles.is_org_line(title.text):
        return title
    if title is not None and second is None:
        second = next(pages, None)
    if second is not None:
        found = page_title(second[0], second[1], body_size(second[0]), 2, where[1])
        if found is not None and not titles.is_org_line(found.text):
            if title is None:
                return found
            return Title(found.text, f"{found.reason}, behind a cover naming only '{title.text[:60]}'")
    return title
