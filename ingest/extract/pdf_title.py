"""The title a PDF's first page shows: its largest, highest lines.

A reader finds a PDF's title by its look: the biggest type near the top of
the first page (or of the second, behind a cover with no text), often broken
over two or three lines, sometimes with a smaller subtitle under it, and
often under a letterhead (the government and office that issued it) set in
capitals or bold. pypdfium2 (PDFium) gives every character's font size,
position and weight; characters become lines, lines are compared with the
page's body text, and the title is the run of lines that stand out most.

Kept apart from the page-text extractor (`pdf.py`) so that either can change
its engine without the other; `pdf.py` calls `layout_title` once, with the
document and its first pages when it has them open already.
"""
from __future__ import annotations

import ctypes
import functools
import logging
import math
import re
from dataclasses import dataclass
from itertools import compress
from statistics import median
from typing import Any, Iterable, Iterator, Mapping, Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import titles
from .textutil import normalise
from .titles import Title

log = logging.getLogger(__name__)

MAX_PAGES = 2           # the title is on the first page, or the second behind a bare cover
MAX_CHARS = 6000        # characters read per page: a title is never further in
_HEADING_RATIO = 1.12   # this much larger than the body text stands out as a heading
_SAME_SIZE = 0.88       # lines within this ratio of the largest are one title
_BOLD_WEIGHT = 600
_DATE = re.compile(
    r"^((\d{1,2}(st|nd|rd|th)?\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|f[ée]v|"
    r"mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c|enero|febrero|marzo|abril|mayo|junio|"
    r"julio|agosto|septiembre|octubre|noviembre|diciembre|janeiro|fevereiro|mar[çc]o|maio|"
    r"junho|julho|setembro|outubro|novembro|dezembro)\w*\.?\s*(\d{1,2},?\s*)?(de\s+)?\d{4}|"
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4})$", re.IGNORECASE)
_YEARS = re.compile(r"^(19|20)\d\d(\s*[-–/]\s*(19|20)?\d\d)?$")
_BYLINE = re.compile(r"^(by|par|por|prepared by|written by|author|authors?:|auteurs?|autores?)\b",
                     re.IGNORECASE)
_EMBARGO = re.compile(r"\b(embargo|check against delivery|sous embargo|seul le texte prononc)",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Line:
    """One line of text as set on the page."""

    text: str
    size: float     # font size in points, as rendered (the median of its letters)
    bold: bool
    top: float      # from the top of the page, in points
    bottom: float
    left: float
    right: float
    letters: int


def _font_bold(textpage, index: int, buffer) -> bool:
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    if weight >= _BOLD_WEIGHT:
        return True
    flags = ctypes.c_int(0)
    n = pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), ctypes.byref(flags))
    name = bytes(buffer[: max(0, n - 1)]).decode("latin-1", "replace").lower() if n else ""
    return any(mark in name for mark in ("bold", "black", "heavy", "semibold", "demi"))


@functools.cache
def _per_char_calls():
    """FPDFText_GetTextObject and FPDFText_GetCharBox called through plain
    addresses, given ctypes values as they are. The generated bindings check
    and convert each argument and wrap each returned handle in a new typed
    pointer object, which, once or twice for every character of a page, was
    most of the time of reading its layout; the functions called are the same."""
    def address(function) -> int:
        return ctypes.cast(function, ctypes.c_void_p).value

    text_object = ctypes.CFUNCTYPE(ctypes.c_void_p)(address(pdfium_c.FPDFText_GetTextObject))
    char_box = ctypes.CFUNCTYPE(ctypes.c_int)(address(pdfium_c.FPDFText_GetCharBox))
    text_object.argtypes = char_box.argtypes = None     # (text page, index[, 4 x double*])
    return text_object, char_box


def _page_lines(page, textpage=None) -> list[Line]:
    """The page's characters grouped into lines, in PDFium's reading order
    (from `textpage` when the caller has the page's text page open already).

    A line ends where PDFium puts a line break, where the text jumps to
    another height, or where a wide gap separates two pieces on the same
    height (a logo's caption beside a letterhead, two columns)."""
    height = page.get_height()
    own = textpage is None
    if own:
        textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = min(textpage.count_chars(), MAX_CHARS)
        matrix = pdfium_c.FS_MATRIX()
        buffer = (ctypes.c_ubyte * 128)()
        lines: list[Line] = []
        # the line being read: its text (spaces and \x02 marks included),
        # and for each glyph (not spaces): size, bold, left, bottom, right,
        # top, whether it is a letter or digit, whether a letter
        texts: list[str] = []
        glyphs: list[tuple[float, bool, float, float, float, float, bool, bool]] = []
        bold_cache: dict[tuple[int | None, int], bool] = {}    # by font and weight

        def close() -> None:
            # PDFium marks a word broken at the line's end with \x02: kept as a soft hyphen
            text = "".join(texts).replace("\x02", "\u00ad").strip()
            if text and glyphs:
                sizes, bolds, lefts, bottoms, rights, tops, alnums, alphas = zip(*glyphs)
                visible = list(compress(sizes, alnums))       # letters and digits
                if visible:
                    lines.append(Line(
                        text=" ".join(text.split()), size=median(visible),
                        bold=sum(compress(bolds, alnums)) * 2 > len(visible),
                        top=height - max(tops), bottom=height - min(bottoms),
                        left=min(lefts), right=max(rights), letters=sum(alphas)))
            texts.clear()
            glyphs.clear()

        # all characters in one call; then per glyph only its box and its
        # text object, whose size, weight and angle are read once per object
        codes = (ctypes.c_ushort * (count + 1))()
        got = pdfium_c.FPDFText_GetText(raw, 0, count, codes)
        text_all = bytes(codes)[: max(0, got - 1) * 2].decode("utf-16-le", "replace")
        text_object, char_box = _per_char_calls()
        handle = ctypes.c_void_p(ctypes.cast(raw, ctypes.c_void_p).value)
        box = (ctypes.c_double * 4)()            # left, right, bottom, top
        at = ctypes.addressof(box)
        l_, r_, b_, t_ = (ctypes.c_void_p(at + 8 * k) for k in range(4))
        box_values = memoryview(box).cast("B").cast("d")     # read without a ctypes object per value
        objects: dict[int | None, tuple[float, bool, bool]] = {}   # size, bold, upright

        def describe(i: int) -> tuple[float, bool, bool]:
            angle = pdfium_c.FPDFText_GetCharAngle(raw, i)
            upright = angle <= 0.05 or abs(angle - 2 * math.pi) <= 0.05
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            if pdfium_c.FPDFText_GetMatrix(raw, i, matrix):
                size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            obj = pdfium_c.FPDFText_GetTextObject(raw, i)
            font = pdfium_c.FPDFTextObj_GetFont(obj) if obj else None
            key = (ctypes.cast(font, ctypes.c_void_p).value if font else None,
                   pdfium_c.FPDFText_GetFontWeight(raw, i))
            bold = bold_cache.get(key)
            if bold is None:
                bold = bold_cache[key] = _font_bold(raw, i, buffer)
            return size, bold, upright

        text_append, glyph_append = texts.append, glyphs.append
        last: tuple[float, float, float] | None = None     # size, right, baseline of the last glyph
        for i, ch in enumerate(text_all[:count]):
            alnum = ch.isalnum()
            if not alnum:
                if ch in "\r\n":
                    close()
                    last = None
                    continue
                if ch == "\x02":
                    text_append(ch)
                    glyph_append((0.0, False, 0.0, 0.0, 0.0, 0.0, False, False))
                    continue
                if ch.isspace() or not ch.isprintable() or "\ud800" <= ch <= "\udfff":
                    if ch.isspace() and texts and texts[-1] != " ":
                        text_append(" ")
                    continue
            key = text_object(handle, i)             # the text object's address, None for none
            info = objects.get(key) if key is not None else None
            if info is None:
                info = describe(i)
                if key is not None:
                    objects[key] = info
            size, bold, upright = info
            if not upright:
                continue         # rotated text: a margin note, a watermark
            if not char_box(handle, i, l_, r_, b_, t_):
                continue
            left, right, bottom, top = box_values
            if size <= 0:
                size = max(top - bottom, 0.0)
            if last is not None and alnum:
                prev_size, prev_right, prev_base = last
                scale = max(size, prev_size)
                if abs(bottom - prev_base) > 0.8 * scale and size > 0.7 * prev_size \
                        and prev_size > 0.7 * size:
                    close()          # another height, not a superscript
                elif left - prev_right > 3.0 * scale or prev_right - left > 2.0 * scale:
                    close()          # a wide gap, or back to the left: another piece
            text_append(ch)
            glyph_append((size, bold, left, bottom, right, top, alnum, alnum and ch.isalpha()))
            if alnum:
                last = (size, right, bottom)
        close()
        return lines
    finally:
        if own:
            textpage.close()


def read_lines(source: bytes | pdfium.PdfDocument, pages: int = MAX_PAGES,
               opened: Mapping[int, tuple[Any, Any]] | None = None) -> Iterator[tuple[list[Line], float]]:
    """Lines of the first pages, each page with its width, read one page at
    a time as they are asked for. `source` is the file, or the document
    already open, with `opened` the (page, text page) pairs of the pages the
    caller has open (numbered from 0). Nothing when PDFium cannot open the
    file: the title then comes from elsewhere."""
    opened = opened or {}
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
            if number in opened:
                page, textpage = opened[number]
                yield _page_lines(page, textpage), page.get_width()
                continue
            page = document[number]
            try:
                lines, width = _page_lines(page), page.get_width()
            finally:
                page.close()
            yield lines, width
    except (pdfium.PdfiumError, ValueError, OSError) as exc:
        log.debug("PDFium cannot read a page: %s", exc)
    finally:
        if own:
            document.close()


def _body_size(lines: Sequence[Line]) -> float:
    """The size most letters are set in."""
    weights: dict[float, int] = {}
    for line in lines:
        key = round(line.size * 2) / 2
        weights[key] = weights.get(key, 0) + line.letters
    return max(weights, key=lambda k: (weights[k], -k)) if weights else 0.0


def _worth(line: Line) -> bool:
    """A line that could be part of a title: words, not a page number or a rule."""
    n = len(titles.words(line.text))
    if _YEARS.match(line.text):
        return True              # "2014" or "2021-2026" on a line of its own under a title
    return line.letters >= 2 and 1 <= n <= 40 and not titles.is_placeholder(line.text) \
        or titles.is_placeholder(line.text)


def _cover(lines: Sequence[Line], width: float) -> Title | None:
    """A cover of a few centred lines all in one size (a statement, a speech):
    the lines down to its date are its title."""
    if not 3 <= len(lines) <= 25 or width <= 0:
        return None
    centred = [abs((ln.left + ln.right) / 2 - width / 2) < 0.08 * width for ln in lines]
    if sum(centred) < 0.8 * len(lines):
        return None
    taken: list[str] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        if _DATE.match(line.text.strip(" .,")) or _EMBARGO.search(line.text):
            break
        taken.append(line.text)
    if len(taken) < 2 or len(titles.words(" ".join(taken))) > 45:
        return None
    return Title(" ".join(titles.tidy(t) for t in taken),
                 "the centred lines of the cover page, down to its date")


def _joined(texts: Iterable[str]) -> str:
    """Lines of one title as one line; a word broken at a line's end is mended."""
    out = ""
    for text in texts:
        if out.endswith("\u00ad"):
            out = out[:-1] + text
        else:
            out = f"{out} {text}" if out else text
    return out.replace("\u00ad", "")


def _aligned(a: Line, b: Line, width: float) -> bool:
    """Set alike: from the same left edge, or both centred on one axis."""
    if abs(a.left - b.left) <= max(a.size, b.size):
        return True
    return abs((a.left + a.right) - (b.left + b.right)) / 2 <= 0.05 * width


def _runs_on(line: Line, following: Line | None) -> bool:
    """A line that is only the first part of a sentence or a name."""
    return bool(titles._RUNS_ON.search(line.text.strip())) or (
        following is not None and following.text[:1].islower())


def _letterhead(line: Line, following: Line | None) -> bool:
    return (titles.is_org_line(line.text) or titles.is_placeholder(line.text)) \
        and not _runs_on(line, following)


def page_title(lines: Sequence[Line], width: float, body: float, number: int) -> Title | None:
    """The title one page shows, or None when nothing on it stands out."""
    lines = sorted((ln for ln in lines if _worth(ln)), key=lambda ln: (round(ln.top), ln.left))
    if not lines or body <= 0:
        return None
    at_body = [ln for ln in lines if abs(ln.size - body) < 0.5]
    body_bold = sum(ln.letters for ln in at_body if ln.bold) * 2 > sum(ln.letters for ln in at_body)

    def heading(ln: Line) -> bool:
        return ln.size >= body * _HEADING_RATIO or (ln.bold and not body_bold and ln.size >= body * 0.85)

    def near(a: Line, b: Line) -> bool:
        return b.top - a.bottom <= 8 * max(a.size, b.size)

    heads = [i for i, ln in enumerate(lines) if heading(ln) and ln.letters >= 2
             and not titles.is_placeholder(ln.text) and not titles.is_section_name(ln.text)
             and not titles.is_marking(ln.text)]
    if not heads:
        return _cover(lines, width)
    # Headings with running text above them are section headings; the title
    # is among those above all running text, unless one further down is far larger.
    first_text = next((ln.top for ln in lines if not heading(ln) and ln.letters >= 20), math.inf)
    on_top = [i for i in heads if lines[i].top < first_text]
    if on_top and max(lines[i].size for i in on_top) >= 0.75 * max(lines[i].size for i in heads):
        heads = on_top
    biggest = max(lines[i].size for i in heads)

    def run_from(first: int, size: float) -> int:
        """The last line of the title that starts at `first`: lines of about
        its size, set alike, with no other text between them."""
        last = first
        while last + 1 < len(lines):
            ln = lines[last + 1]
            if not (heading(ln) and ln.size >= size * _SAME_SIZE and near(lines[last], ln)
                    and _aligned(lines[first], ln, width)):
                break
            last += 1
        return last

    def following(i: int) -> Line | None:
        return lines[i + 1] if i + 1 < len(lines) else None

    anchor = next(i for i in heads if lines[i].size >= biggest * 0.97)
    # the letterhead is among the lines above: headings, or anything above all running text
    start = anchor
    while start > 0 and (heading(lines[start - 1]) or lines[anchor].top < first_text) \
            and near(lines[start - 1], lines[start]):
        start -= 1
    letterhead = [ln for i, ln in enumerate(lines[start:anchor], start) if _letterhead(ln, following(i))]
    first, size = anchor, biggest
    for _ in range(4):
        end = run_from(first, size)
        main = list(range(first, end + 1))
        while main and _letterhead(lines[main[0]], following(main[0])):
            letterhead.append(lines[main.pop(0)])
        if main:
            break
        # The largest lines only name the bodies that issued the document
        # (a logo's words, a letterhead): the title is the next lines that
        # stand out from the text, even in smaller type.
        nxt = end + 1
        while nxt < len(lines) and lines[nxt].letters < 2:
            nxt += 1
        if not (nxt < len(lines) and heading(lines[nxt]) and lines[nxt].size >= size * 0.5
                and lines[nxt].top - lines[end].bottom <= 12 * size
                and not titles.is_section_name(lines[nxt].text) and not titles.is_marking(lines[nxt].text)
                and not _DATE.match(lines[nxt].text.strip(" .,"))):
            break
        first, size = nxt, lines[nxt].size
    if not main:           # nothing but names: they are the title after all
        end = run_from(anchor, biggest)
        main = list(range(anchor, end + 1))
        letterhead = [ln for ln in letterhead if all(ln is not lines[i] for i in main)]
    # A subtitle: the lines right under the title, smaller than it but still
    # larger than the text (or bold where the text is not).
    subtitle: list[Line] = []
    nxt = end + 1
    while nxt < len(lines) and len(subtitle) < 3:
        ln = lines[nxt]
        prev = (subtitle or [lines[end]])[-1]
        if not (heading(ln) and ln.size >= biggest * 0.5 and ln.top - prev.bottom <= 2.5 * prev.size
                and _aligned(lines[main[0]], ln, width)):
            break
        text = ln.text.strip(" .,")
        if _DATE.match(text) or _BYLINE.match(text) or titles.is_org_line(text) \
                or titles.is_placeholder(text) or len(titles.words(text)) > 25 \
                or titles.looks_like_names(text) or titles.is_marking(text):
            break
        subtitle.append(ln)
        nxt += 1
    text = titles.tidy(_joined(lines[i].text for i in main))
    if subtitle:
        text = titles.join_lines([text, _joined(ln.text for ln in subtitle)])
    if not titles.content_words(text):
        return None
    size = lines[main[0]].size
    parts = [f"the largest lines on page {number} ({size:.0f} pt"
             + (", bold" if all(lines[i].bold for i in main) else "")
             + f"; the text is {body:.0f} pt)"]
    if subtitle:
        parts.append("with the subtitle under them")
    text, why = titles.with_issuer(text, [ln.text for ln in letterhead])
    if why:
        parts.append(why)
    elif letterhead:
        parts.append("leaving out the letterhead above it")
    return Title(titles.smart_case(text), ", ".join(parts))


def layout_title(source: bytes | pdfium.PdfDocument,
                 opened: Mapping[int, tuple[Any, Any]] | None = None) -> Title | None:
    """The title the first pages show (of the file, or of the document open
    with those of its pages in `opened`, see `read_lines`); None when nothing
    stands out or PDFium cannot read the file. The second page is read only
    when the first is a cover (little or no text) or names nothing but a
    publisher."""
    pages = read_lines(source, opened=opened)
    first = next(pages, None)
    if first is None:
        return None
    lines, width = first
    letters = sum(ln.letters for ln in lines)
    second = next(pages, None) if letters <= 200 else None
    # a cover's few lines tell no body size: the next page's text does
    body = _body_size(lines + second[0]) if second else _body_size(lines)
    title = page_title(lines, width, body, 1) if letters >= 3 else None
    if title is not None and not titles.is_org_line(title.text):
        return title
    if title is not None and second is None:
        second = next(pages, None)
    if second is not None:
        found = page_title(second[0], second[1], _body_size(second[0]), 2)
        if found is not None and not titles.is_org_line(found.text):
            if title is None:
                return found
            return Title(found.text, f"{found.reason}, behind a cover naming only '{title.text[:60]}'")
    return title
