"""A PDF page's lines (ingest.extract.pdf_lines), read a text object at a
time, against the plain reading they replaced: every character with its own
box, size and weight. Pages drawn by hand set text each way the fast reader
has a path for (dot leaders, a gap inside one object, a word across two
objects, wide letter and word spacing, marks that are not printable, a rise,
a rotated watermark); the real PDFs are read both ways too."""
from __future__ import annotations

import ctypes
import math
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ingest.extract.pdf_lines import MAX_CHARS, Line, _font_bold, page_lines
from tests.conftest import DEMO_CORPUS
from tests.ingest.builders import make_drawn_pdf


def per_character_lines(page, textpage) -> list[Line]:
    """The same rules applied one character at a time: a line ends at
    PDFium's line breaks, where a letter jumps to another height (not a
    superscript), and at a gap of more than three letters' size or a step
    back to the left."""
    height = page.get_height()
    raw = textpage.raw
    text = textpage.get_text_range()[:MAX_CHARS]
    buffer, matrix = (ctypes.c_ubyte * 128)(), pdfium_c.FS_MATRIX()
    lines: list[Line] = []
    texts: list[str] = []
    glyphs: list[tuple] = []        # size, bold, left, bottom, right, top, letter or digit, letter
    last = None                     # size, right, bottom of the last letter or digit

    def close() -> None:
        joined = "".join(texts).replace("\x02", "\u00ad").strip()
        visible = [g for g in glyphs if g[6]]
        if joined and visible:
            lines.append(Line(
                text=" ".join(joined.split()), size=median(g[0] for g in visible),
                bold=sum(g[1] for g in visible) * 2 > len(visible),
                top=height - max(g[5] for g in glyphs), bottom=height - min(g[3] for g in glyphs),
                left=min(g[2] for g in glyphs), right=max(g[4] for g in glyphs),
                letters=sum(g[7] for g in glyphs)))
        texts.clear()
        glyphs.clear()

    for i, ch in enumerate(text):
        alnum = ch.isalnum()
        if not alnum:
            if ch in "\r\n":
                close()
                last = None
                continue
            if ch == "\x02":
                texts.append(ch)
                continue
            if ch.isspace() or not ch.isprintable():
                if ch.isspace() and texts and texts[-1] != " ":
                    texts.append(" ")
                continue
        angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
        if not (angle <= 0.05 or abs(angle - 2 * math.pi) <= 0.05):
            continue
        size = pdfium_c.FPDFText_GetFontSize(raw, i)
        if pdfium_c.FPDFText_GetMatrix(raw, i, matrix):
            size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        left, bottom, right, top = textpage.get_charbox(i)
        if size <= 0:
            size = max(top - bottom, 0.0)
        if last is not None and alnum:
            prev_size, prev_right, prev_base = last
            scale = max(size, prev_size)
            if abs(bottom - prev_base) > 0.8 * scale and size > 0.7 * prev_size and prev_size > 0.7 * size:
                close()
            elif left - prev_right > 3.0 * scale or prev_right - left > 2.0 * scale:
                close()
        texts.append(ch)
        glyphs.append((size, _font_bold(raw, i, buffer), left, bottom, right, top, alnum, alnum and ch.isalpha()))
        if alnum:
            last = (size, right, bottom)
    close()
    return lines


def assert_same_lines(fast: list[Line], plain: list[Line], where: str) -> None:
    assert [(x.text, x.bold, round(x.size, 2), x.letters) for x in fast] == \
           [(x.text, x.bold, round(x.size, 2), x.letters) for x in plain], where
    for x, y in zip(fast, plain):     # PDFium's rectangles against the letters' own boxes
        for edge in ("top", "bottom", "left", "right"):
            assert getattr(x, edge) == pytest.approx(getattr(y, edge), abs=1.5), (where, x.text, edge)


# Each page: its content stream and the lines a reader sees on it.
PAGES = {
    "dot leaders": (
        b"BT /F2 20 Tf 72 720 Td (Contents) Tj ET "
        b"BT /F1 12 Tf 72 690 Td (1 Introduction ............................ 3) Tj ET "
        b"BT /F1 12 Tf 72 672 Td (2 Digital identity . . . . . . . . . . . . . 17) Tj ET",
        ["Contents", "1 Introduction ............................", "3",
         "2 Digital identity . . . . . . . . . . . . .", "17"]),
    "a wide gap kerned inside one object": (
        b"BT /F1 14 Tf 72 720 Td [(Ministry of Health) -15000 (Annual Report 2023)] TJ ET",
        ["Ministry of Health", "Annual Report 2023"]),
    "a word across two objects": (
        b"BT /F2 18 Tf 72 720 Td (Gov) Tj /F1 18 Tf (ernance and Innovation) Tj ET "
        b"BT /F1 11 Tf 72 690 Td (A national stra) Tj /F2 11 Tf (tegy) Tj /F1 11 Tf ( for services) Tj ET",
        ["Governance and Innovation", "A national strategy for services"]),
    "a raised note mark, and sizes mixed on a line": (
        b"BT /F1 24 Tf 72 720 Td (Open Data Policy) Tj 9 Ts /F1 12 Tf (1) Tj 0 Ts ET "
        b"BT /F1 30 Tf 72 660 Td (2024) Tj ET BT /F1 12 Tf 160 660 Td (Annual Report) Tj ET",
        ["Open Data Policy1", "2024 Annual Report"]),
    "two columns": (
        b"BT /F1 12 Tf 72 720 Td (Left column text) Tj ET BT /F1 12 Tf 340 720 Td (Right column text) Tj ET",
        ["Left column text", "Right column text"]),
    "marks that are not printable": (
        b"BT /F1 12 Tf 72 720 Td (Bell\x07mark and \x01 here) Tj ET",
        ["Bellmark and here"]),
    "a word hyphenated at the line's end": (
        b"BT /F1 12 Tf 72 720 Td (Public adminis-) Tj 0 -14 Td (tration reform) Tj ET",
        None),
    "a rotated watermark": (
        b"BT /F1 40 Tf 0.7071 0.7071 -0.7071 0.7071 200 300 Tm (DRAFT) Tj ET "
        b"BT /F1 16 Tf 72 720 Td (Strategy for 2030) Tj ET",
        ["Strategy for 2030"]),
    "wide letter and word spacing": (
        b"BT /F1 16 Tf 10 Tc 72 720 Td (SPACED TITLE) Tj ET "
        b"BT /F1 12 Tf 72 690 Td 30 Tw (wide word spacing) Tj ET",
        ["SPACED TITLE", "wide", "word", "spacing"]),
}


@pytest.fixture(scope="module")
def drawn():
    doc = pdfium.PdfDocument(make_drawn_pdf([stream for stream, _ in PAGES.values()]))
    yield doc
    doc.close()


@pytest.mark.parametrize("index, name", list(enumerate(PAGES)), ids=list(PAGES))
def test_a_drawn_page_reads_as_character_by_character(drawn, index, name):
    page = drawn[index]
    textpage = page.get_textpage()
    fast = page_lines(page, textpage)
    assert_same_lines(fast, per_character_lines(page, textpage), name)
    expected = PAGES[name][1]
    if expected is not None:
        assert [line.text for line in fast] == expected
    else:       # the hyphenated word: one line each, the halves kept
        assert [line.text.rstrip("\u00ad-") for line in fast] == ["Public adminis", "tration reform"]


def test_layout_facts_of_a_drawn_page(drawn):
    """Size, weight and place of what a title reader compares."""
    contents, entry = page_lines(drawn[0])[:2]
    assert contents.bold and contents.size == pytest.approx(20) and not entry.bold
    assert contents.top < entry.top
    mixed = page_lines(drawn[2])[0]          # "Gov" bold, the rest not: the line is not bold
    assert not mixed.bold and mixed.size == pytest.approx(18)
    left, right = page_lines(drawn[4])
    assert left.right < right.left and left.top == pytest.approx(right.top, abs=1.5)


def _pdfs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf"))


def _compare_first_pages(paths: list[Path]) -> int:
    read = 0
    for path in paths:
        try:
            doc = pdfium.PdfDocument(path.read_bytes())
        except pdfium.PdfiumError:
            continue                   # encrypted or broken: no layout to read
        try:
            for number in range(min(2, len(doc))):
                try:
                    page = doc[number]
                except pdfium.PdfiumError:
                    continue
                textpage = page.get_textpage()
                assert_same_lines(page_lines(page, textpage), per_character_lines(page, textpage),
                                  f"{path.name} page {number + 1}")
                read += 1
        finally:
            doc.close()
    return read


def test_demo_pdfs_first_pages_read_as_character_by_character():
    assert _compare_first_pages(_pdfs(DEMO_CORPUS)) >= 10


def test_real_pdfs_first_pages_read_as_character_by_character(shared_corpus):
    assert _compare_first_pages(_pdfs(shared_corpus)) >= 90


# Helvetica-Bold's capitals' widths, in thousandths of an em
_CAPS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
                                                 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611)))


def _letter_by_letter(words: list[str], size: float, x: float, y: float, tracking: float, gap: float) -> bytes:
    """Each capital in its own text object in /F3, `tracking` em after each
    letter and `gap` em more between words, as a design tool exports a title."""
    ops = []
    for word in words:
        for ch in word:
            ops.append(b"BT /F3 1 Tf %.2f 0 0 %.2f %.2f %.2f Tm (%s) Tj ET" % (size, size, x, y, ch.encode()))
            x += (_CAPS[ch] / 1000 + tracking) * size
        x += gap * size
    return b"\n".join(ops)


def test_capitals_placed_apart_without_spaces_get_the_spaces_their_gaps_show():
    words = ["FRESQUE", "DE", "LA", "DONNEE", "OUVERTE"]
    tight = _letter_by_letter(words, 30, 40, 600, 0.03, 0.22)
    tracked = _letter_by_letter(["TRANSFORMATION"], 30, 40, 500, 0.25, 0.0)     # one word, widely tracked
    narrow = _letter_by_letter(["CLASSIFICATION"], 8, 40, 400, 0.0, 0.0)     # an I's margins are no word gap
    doc = pdfium.PdfDocument(make_drawn_pdf([tight + b"\n" + tracked + b"\n" + narrow]))
    try:
        page = doc[0]
        assert "FRESQUEDELA" in page.get_textpage().get_text_range()       # PDFium wrote no space
        assert [line.text for line in page_lines(page)] == ["FRESQUE DE LA DONNEE OUVERTE", "TRANSFORMATION",
                                                            "CLASSIFICATION"]
    finally:
        doc.close()
