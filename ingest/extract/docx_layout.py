"""How the start of a Word document looks: its paragraphs as set lines.

A Word document has no positions, but its opening paragraphs have what a
reader sees of them: the size and weight of their type (a run's own, or its
style's, or the document's default) and their alignment. Laid out one after
another down a page of A4 with Word's margins, they become the `Line`s the
title reader (`page_title`) reads, so a document whose title
is set in 20-point bold, centred, without the Title style, is titled as a
PDF of it would be: largest type first, a letterhead above it left out, a
subtitle under it kept.
"""
from __future__ import annotations

from typing import Any, Iterator

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from .pdf_lines import Line
from .textutil import normalise

PAGE_WIDTH = 595.0           # A4, in points
MARGIN = 72.0
MAX_PARAGRAPHS = 60          # the title is near the start; the text after it tells the body size
_DEFAULT_SIZE = 10.0         # Word's size when the document states none
_CHAR_WIDTH = 0.5            # an average letter is about half as wide as its size
# A drawing is stored twice, as DrawingML and as VML for older readers:
# the text boxes under this element are the copies, read once already.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_BOX = qn("w:txbxContent")


def _style_chain(style: Any) -> Iterator[Any]:
    seen = 0
    while style is not None and seen < 10:   # a loop of based-on styles ends here
        yield style
        style, seen = style.base_style, seen + 1


def _default_size(document: Any) -> float:
    """docDefaults' run size, in points."""
    try:
        size = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/"
                                            + qn("w:rPr") + "/" + qn("w:sz"))
        return int(size.get(qn("w:val"))) / 2 if size is not None else _DEFAULT_SIZE
    except (AttributeError, TypeError, ValueError):
        return _DEFAULT_SIZE


def text_size(document: Any) -> float:
    """The size of the Normal style's type (the running text's, unless a
    paragraph says otherwise), in points."""
    try:
        size = document.styles["Normal"].font.size
    except (KeyError, AttributeError, ValueError):
        size = None
    return size.pt if size is not None else _default_size(document)


def _styled(paragraph: Paragraph, attribute: str) -> Any:
    """The first value of a font `attribute` ("size", "bold") the paragraph's
    style or one it is based on states."""
    try:
        for style in _style_chain(paragraph.style):
            value = getattr(style.font, attribute)
            if value is not None:
                return value
    except (AttributeError, KeyError, ValueError):
        pass
    return None


def _alignment(paragraph: Paragraph) -> Any:
    try:
        if paragraph.alignment is not None:
            return paragraph.alignment
        for style in _style_chain(paragraph.style):
            if style.paragraph_format.alignment is not None:
                return style.paragraph_format.alignment
    except (AttributeError, KeyError, ValueError):
        pass
    return None


def _look(paragraph: Paragraph, default: float) -> tuple[float, bool]:
    """(size in points, bold) of the paragraph's text: its largest run's
    size; bold when every run with letters is."""
    style_size = _styled(paragraph, "size")
    style_bold = bool(_styled(paragraph, "bold"))
    sizes, bolds = [], []
    for run in paragraph.runs:
        if not run.text.strip():
            continue
        size = run.font.size or (run.style.font.size if run.style is not None else None) or style_size
        sizes.append(size.pt if size is not None else default)
        bold = run.bold if run.bold is not None else (
            run.style.font.bold if run.style is not None and run.style.font.bold is not None else style_bold)
        bolds.append(bool(bold))
    if not sizes:
        return (style_size.pt if style_size is not None else default), style_bold
    return max(sizes), all(bolds)


def text_boxes(paragraph: Paragraph) -> list[Paragraph]:
    """The paragraphs of the text boxes anchored in `paragraph` (a designed
    cover's title is often set in one), which its own text leaves out."""
    found: list[Paragraph] = []
    for box in paragraph._p.iter(_TEXT_BOX):
        ancestor, copy = box.getparent(), False
        while ancestor is not None and not copy:
            copy = ancestor.tag == _FALLBACK
            ancestor = ancestor.getparent()
        if not copy:
            found.extend(Paragraph(p, paragraph) for p in box.iterchildren(qn("w:p")))
    return found


def _paragraphs(document: Any) -> Iterator[Paragraph | None]:
    """The opening paragraphs, with those of tables' cells (a form's title
    is often in one), None for an empty one (a blank line)."""
    count = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            found: list[Paragraph] = []
            for row in block.rows[:10]:
                seen: set[str] = set()        # a merged cell comes back once per column it spans
                for cell in row.cells:
                    if cell.text in seen:
                        continue
                    seen.add(cell.text)
                    found.extend(cell.paragraphs)
            items: list[Paragraph | None] = list(found)
        else:
            items = [*text_boxes(block), block]
        for p in items:
            yield p if p is not None and p.text.strip() else None
            count += 1
            if count >= MAX_PARAGRAPHS:
                return


def opening_lines(document: Any) -> list[Line]:
    """The document's opening paragraphs as lines on a page, top to bottom."""
    default = _default_size(document)
    width = PAGE_WIDTH - 2 * MARGIN
    lines: list[Line] = []
    y = MARGIN
    for paragraph in _paragraphs(document):
        if paragraph is None:
            y += 1.2 * default
            continue
        try:
            size, bold = _look(paragraph, default)
            align = _alignment(paragraph)
        except (AttributeError, KeyError, ValueError):
            continue
        per_line = max(8, int(width / (size * _CHAR_WIDTH)))
        rows: list[str] = []
        for broken in normalise(paragraph.text).split("\n"):     # a line break in the paragraph
            row = ""
            for word in broken.split():      # wrapped as it would be, at the margins
                if row and len(row) + 1 + len(word) > per_line:
                    rows.append(row)
                    row = word
                else:
                    row = f"{row} {word}" if row else word
            if row:
                rows.append(row)
        for part in rows:
            used = min(width, len(part) * size * _CHAR_WIDTH)
            if align == WD_ALIGN_PARAGRAPH.CENTER:
                left = MARGIN + (width - used) / 2
            elif align == WD_ALIGN_PARAGRAPH.RIGHT:
                left = MARGIN + width - used
            else:
                left = MARGIN
            lines.append(Line(part, size, bold, y, y + size, left, left + used,
                              sum(c.isalpha() for c in part)))
            y += 1.2 * size
        y += 0.4 * size                     # the space after a paragraph
    return lines

