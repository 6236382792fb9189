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
from itertools import repeat
from dataclasses import dataclass
from statistics import median
from types import SimpleNamespace
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
def _calls() -> SimpleNamespace:
    """The PDFium functions called for every line, object, word or letter
    of a page, called through plain addresses with ctypes values as they
    are. The generated bindings check and convert each argument and wrap
    each returned handle in a new typed pointer object, which, that often,
    was most of the time of reading a page's layout; the functions are the
    same."""
    def plain(function, result):
        call = ctypes.CFUNCTYPE(result)(ctypes.cast(function, ctypes.c_void_p).value)
        call.argtypes = None
        return call

    c = pdfium_c
    return SimpleNamespace(
        text_object=plain(c.FPDFText_GetTextObject, ctypes.c_void_p),   # (text page, index)
        char_box=plain(c.FPDFText_GetCharBox, ctypes.c_int),            # (.., index, l, r, b, t)
        count_rects=plain(c.FPDFText_CountRects, ctypes.c_int),         # (.., start, count)
        rect=plain(c.FPDFText_GetRect, ctypes.c_int),                   # (.., rect, l, t, r, b)
        angle=plain(c.FPDFText_GetCharAngle, ctypes.c_float),           # (.., index)
        font_size=plain(c.FPDFText_GetFontSize, ctypes.c_double),       # (.., index)
        matrix=plain(c.FPDFText_GetMatrix, ctypes.c_int),               # (.., index, FS_MATRIX*)
        weight=plain(c.FPDFText_GetFontWeight, ctypes.c_int),           # (.., index)
        font=plain(c.FPDFTextObj_GetFont, ctypes.c_void_p))             # (text object)


_LINES = re.compile(r"[^\r\n]+")          # PDFium's lines, between its line breaks
_WORDS = re.compile(r"\S+")               # what lies between spaces
_ALNUM = re.compile(r"[^\W_]")            # a letter or digit, as str.isalnum
_WIDE = 0.5     # an object this much wider per character than 3 em may hold a wide gap

Box = tuple[float, float, float, float]   # left, top, right, bottom, as PDFium's rectangles


_ASCII_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
_ASCII_NOT_ALPHA = bytes(b for b in range(128) if not chr(b).isalpha())


def _letters(text: str) -> tuple[int, int]:
    """How many letters and digits, and how many letters, `text` holds (as
    str.isalnum and str.isalpha tell), without a Python step per character
    when it is ASCII."""
    if text.isalpha():
        return len(text), len(text)
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw.translate(None, _ASCII_NOT_ALNUM)), len(raw.translate(None, _ASCII_NOT_ALPHA))
    return sum(map(str.isalnum, text)), sum(map(str.isalpha, text))


class _PageReader:
    """One page's characters grouped into lines (see `_page_lines`), a
    text object's words at a time where it can: PDFium's rectangles around
    the characters of one object in turn give their box in one call, the
    object their size and weight; words are read one by one in an object
    wide enough to hide a wide gap, and characters one by one in a word
    set in more than one object, or holding marks that are not letters."""

    def __init__(self, textpage, height: float) -> None:
        self.height = height
        self.raw = textpage.raw
        count = min(textpage.count_chars(), MAX_CHARS)
        codes = (ctypes.c_ushort * (count + 1))()          # all characters in one call
        got = pdfium_c.FPDFText_GetText(self.raw, 0, count, codes)
        self.text = bytes(codes)[: max(0, got - 1) * 2].decode("utf-16-le", "replace")[:count]
        self.calls = _calls()
        self.handle = ctypes.c_void_p(ctypes.cast(self.raw, ctypes.c_void_p).value)
        box = (ctypes.c_double * 4)()
        at = ctypes.addressof(box)
        self.slots = tuple(ctypes.c_void_p(at + 8 * k) for k in range(4))
        self.values = memoryview(box).cast("B").cast("d")     # read without a ctypes object per value
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_at = ctypes.c_void_p(ctypes.addressof(self.matrix))
        self.font_name = (ctypes.c_ubyte * 128)()
        self.objects: dict[int, tuple[float, bool, bool]] = {}    # size, bold, upright by text object
        self.bold_cache: dict = {}     # by font, and by font and weight
        self.lines: list[Line] = []
        # the line being read: its text (spaces and \x02 marks included), and
        # for each piece of it (an object's words, a word or a character):
        # size, bold, left, bottom, right, top, its letters and digits, its letters
        self.texts: list[str] = []
        self.pieces: list[tuple[float, bool, float, float, float, float, int, int]] = []
        # the last letter or digit on the line: its size, right edge and
        # bottom, either its own (exact) or those of the characters start..end it ends
        self.last: tuple[float, float, float, bool, int, int] | None = None

    def read(self) -> list[Line]:
        for match in _LINES.finditer(self.text):
            self.read_line(match.start(), match.end())
            self.close()
            self.last = None
        return self.lines

    # --- what PDFium tells -------------------------------------------------

    def describe(self, i: int, obj: int | None) -> tuple[float, bool, bool]:
        """Size, weight and uprightness of character i, of text object `obj`."""
        c, h = self.calls, self.handle
        size = c.font_size(h, i)
        m = self.matrix
        if c.matrix(h, i, self.matrix_at):
            size *= math.sqrt(abs(m.a * m.d - m.b * m.c))
            upright = m.b == 0 and m.a > 0          # PDFium's angle is 0
        else:
            upright = False
        if not upright:
            angle = c.angle(h, i)
            upright = angle <= 0.05 or abs(angle - 2 * math.pi) <= 0.05
        # the weight is the font's: a font known is known bold or not
        font = c.font(ctypes.c_void_p(obj)) if obj else None
        bold = self.bold_cache.get(font) if font else None
        if bold is None:
            key = (font, c.weight(h, i))
            bold = self.bold_cache.get(key)
            if bold is None:
                bold = self.bold_cache[key] = _font_bold(self.raw, i, self.font_name)
            if font:
                self.bold_cache[font] = bold
        return size, bold, upright

    def info(self, i: int, key: int | None = None) -> tuple[float, bool, bool]:
        """`describe`, once per text object (`key`, the object of character i, when known)."""
        if key is None:
            key = self.calls.text_object(self.handle, i)
            if key is None:
                return self.describe(i, None)
        found = self.objects.get(key)
        if found is None:
            found = self.objects[key] = self.describe(i, key)
        return found

    def rect(self, start: int, end: int) -> Box | None:
        """PDFium's rectangle around characters start..end when they are all
        of one text object (it gives one for each object met in turn);
        None when they are not, or have no box."""
        c, h = self.calls, self.handle
        if c.count_rects(h, start, end - start) != 1 or not c.rect(h, 0, *self.slots):
            return None
        box = tuple(self.values)
        return None if box == (0.0, 0.0, 0.0, 0.0) else box

    # --- lines -------------------------------------------------------------

    def close(self) -> None:
        texts, pieces = self.texts, self.pieces
        # PDFium marks a word broken at the line's end with \x02: kept as a soft hyphen
        text = "".join(texts).replace("\x02", "\u00ad").strip()
        if text and len(pieces) == 1:
            size, bold, left, bottom, right, top, alnums, alphas = pieces[0]
            if alnums:
                height = self.height
                self.lines.append(Line(text=" ".join(text.split()), size=size, bold=bold,
                                       top=height - top, bottom=height - bottom,
                                       left=left, right=right, letters=alphas))
        elif text and pieces:
            sizes, bolds, lefts, bottoms, rights, tops, alnums, alphas = zip(*pieces)
            visible = sum(alnums)                         # letters and digits
            if visible:
                counted = [(s, n) for s, n in zip(sizes, alnums) if n]
                if all(s == counted[0][0] for s, _ in counted):
                    size = counted[0][0]
                else:                                     # the median letter's
                    size = median([s for s, n in counted for _ in range(n)])
                height = self.height
                self.lines.append(Line(
                    text=" ".join(text.split()), size=size,
                    bold=sum(n for b, n in zip(bolds, alnums) if b) * 2 > visible,
                    top=height - max(tops), bottom=height - min(bottoms),
                    left=min(lefts), right=max(rights), letters=sum(alphas)))
        texts.clear()
        pieces.clear()

    def breaks(self, size: float, left: float, bottom: float) -> bool:
        """Whether a letter in `size` at `left`, `bottom` starts another line
        after the last one: another height (not a superscript), a wide gap,
        or back to the left (another piece)."""
        prev_size, prev_right, prev_base = self.last[:3]
        scale = max(size, prev_size)
        if abs(bottom - prev_base) > 0.8 * scale and size > 0.7 * prev_size and prev_size > 0.7 * size:
            return True
        return left - prev_right > 3.0 * scale or prev_right - left > 2.0 * scale

    def read_line(self, start: int, end: int) -> None:
        """One of PDFium's lines, characters start..end: the characters of
        each text object in turn, with PDFium's rectangle around them (around
        its words only: a space has a box as wide as it is)."""
        text = self.text
        hyphen = text[end - 1] == "\x02"          # a word broken at the line's end
        stop = end - 1 if hyphen else end
        line = text[start:stop]
        first = stop - len(line.lstrip())
        last = start + len(line.rstrip())
        if first >= last:
            pass
        elif line.isprintable():
            box = self.rect(first, last)
            key = self.calls.text_object(self.handle, first) if box is not None else None
            if key is not None:
                self.read_object(first, last, box, key)     # the whole line in one object
            else:
                self.read_words([m.span() for m in _WORDS.finditer(text, first, last)])
        else:
            group: list[tuple[int, int]] = []
            for match in _WORDS.finditer(text, first, last):
                word = match.span()
                if match.group().isprintable():
                    group.append(word)
                    continue
                self.read_words(group)
                group = []
                self.read_chars(*word)
            self.read_words(group)
        if hyphen:
            self.read_chars(end - 1, end)

    def read_words(self, words: list[tuple[int, int]]) -> None:
        """Printable words in more than one text object, the words starting
        in one object read together. An object's characters come in one
        stretch, so only the last of them can end in another object; its
        end is then read with what follows in that object."""
        if not words:
            return
        handle = self.handle
        keys = list(map(self.calls.text_object, repeat(handle, len(words)), [a for a, _ in words]))
        cuts = [i for i in range(1, len(words)) if keys[i] != keys[i - 1]]
        carry: tuple[int | None, tuple[int, int]] | None = None   # an object's part of a word
        for i, j in zip([0, *cuts], [*cuts, len(words)]):
            key, run = keys[i], words[i:j]
            while carry is not None and carry[0] != key:
                carry = self.read_run([carry[1]], carry[0])
            if carry is not None:
                run = [carry[1], *run]
            carry = self.read_run(run, key)
        while carry is not None:
            carry = self.read_run([carry[1]], carry[0])

    def read_run(self, ranges: list[tuple[int, int]], key: int | None
                 ) -> tuple[int | None, tuple[int, int]] | None:
        """Words (or parts of words) that start in text object `key`, as one
        piece when all their characters are in it; when the last ends in
        another object, that end (with its object) is given back, unread."""
        if key is not None:
            start, end = ranges[0][0], ranges[-1][1]
            box = self.rect(start, end)
            if box is not None:
                self.read_object(start, end, box, key)
                return None
            a, b = ranges[-1]
            text_object, handle = self.calls.text_object, self.handle
            if b - a > 1 and text_object(handle, b - 1) != key:
                lo, hi = a, b - 1            # lo in the object, hi not: halve
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    if text_object(handle, mid) == key:
                        lo = mid
                    else:
                        hi = mid
                box = self.rect(start, hi)
                if box is not None:
                    self.read_object(start, hi, box, key)
                else:
                    for a, b in [*ranges[:-1], (a, hi)]:
                        self.read_word(a, b)
                return text_object(handle, hi), (hi, b)
        for a, b in ranges:
            self.read_word(a, b)
        return None

    def read_object(self, start: int, end: int, box: Box, key: int) -> None:
        """Characters start..end (words, or parts of words) of text object
        `key`, `box` around them."""
        found = self.objects.get(key)
        if found is None:
            found = self.objects[key] = self.describe(start, key)
        size, bold, upright = found
        if not upright:
            return                   # rotated text: a margin note, a watermark
        text = self.text
        if size <= 0:
            for word in _WORDS.finditer(text, start, end):
                self.read_chars(*word.span())
        elif box[2] - box[0] - 3.0 * size > _WIDE * size * (end - start - text.count(" ", start, end)) \
                and " " in text[start:end]:
            for word in _WORDS.finditer(text, start, end):     # wide enough to hide a wide gap
                self.read_word(*word.span(), key)
        else:
            self.add(start, end, size, bold, box)

    def read_word(self, start: int, end: int, key: int | None = None) -> None:
        """One word (printable), as one piece when it is all in one text
        object (`key`, when known)."""
        box = self.rect(start, end)
        if box is not None:
            size, bold, upright = self.info(start, key)
            if not upright:
                return
            if size > 0:
                self.add(start, end, size, bold, box)
                return
        self.read_chars(start, end)

    def add(self, start: int, end: int, size: float, bold: bool, rect: Box) -> None:
        """Characters start..end, upright in one text object, `rect` around
        them, to the line; the line ends before their first letter or digit
        should it start another. The rectangle's edges stand for those of
        the letters at its ends, unless punctuation is there or the heights
        differ by enough to matter: then those letters' own boxes decide."""
        text = self.text
        left, top, right, bottom = rect
        chunk = text[start:end]
        alnums, alphas = _letters(chunk)
        last = self.last
        if alnums and last is not None:
            prev_size, prev_right, prev_base, exact, prev_start, prev_end = last
            scale = size if size > prev_size else prev_size
            if chunk[0].isalnum() and (exact or text[prev_end - 1].isalnum()) \
                    and abs(bottom - prev_base) <= 0.3 * scale:
                first = start
                split = left - prev_right > 3.0 * scale or prev_right - left > 2.0 * scale
            else:
                found = _ALNUM.search(text, start, end)
                first = found.start() if found else start
                c, h, slots, values = self.calls, self.handle, self.slots, self.values
                if not exact:
                    k = prev_end - 1
                    while not text[k].isalnum():
                        k -= 1
                    if c.char_box(h, k, *slots):
                        self.last = (prev_size, values[1], values[2], True, k, k + 1)
                split = bool(c.char_box(h, first, *slots)) and self.breaks(size, values[0], values[2])
            if split:
                if first > start:    # what comes before the letter stays on the line it ends
                    self.put(start, text[start:first], size, bold, self.rect(start, first), 0, 0)
                    start, chunk = first, text[first:end]
                    box = self.rect(start, end)
                    if box is not None:
                        left, top, right, bottom = box
                    alnums, alphas = _letters(chunk)
                self.close()
        if start and text[start - 1].isspace():
            self.texts.append(" ")
        self.texts.append(chunk)
        self.pieces.append((size, bold, left, bottom, right, top, alnums, alphas))
        if alnums:
            self.last = (size, right, bottom, False, start, end)

    def put(self, start: int, chunk: str, size: float, bold: bool, box: Box | None,
            alnums: int, alphas: int) -> None:
        if start and self.text[start - 1].isspace():
            self.texts.append(" ")
        self.texts.append(chunk)
        if box is not None:
            left, top, right, bottom = box
            self.pieces.append((size, bold, left, bottom, right, top, alnums, alphas))

    def read_chars(self, start: int, end: int) -> None:
        """Characters start..end one by one, each with its own box and object."""
        text, c, h, slots, values = self.text, self.calls, self.handle, self.slots, self.values
        if start and text[start - 1].isspace():
            self.texts.append(" ")
        for i in range(start, end):
            ch = text[i]
            alnum = ch.isalnum()
            if not alnum:
                if ch == "\x02":
                    self.texts.append(ch)
                    self.pieces.append((0.0, False, 0.0, 0.0, 0.0, 0.0, 0, 0))
                    continue
                if not ch.isprintable() or "\ud800" <= ch <= "\udfff":
                    continue
            size, bold, upright = self.info(i)
            if not upright:
                continue             # rotated text: a margin note, a watermark
            if not c.char_box(h, i, *slots):
                continue
            left, right, bottom, top = values
            if size <= 0:
                size = max(top - bottom, 0.0)
            if alnum and self.last is not None and self.breaks(size, left, bottom):
                self.close()
            self.texts.append(ch)
            self.pieces.append((size, bold, left, bottom, right, top, int(alnum), int(alnum and ch.isalpha())))
            if alnum:
                self.last = (size, right, bottom, True, i, i + 1)


def _page_lines(page, textpage=None) -> list[Line]:
    """The page's characters grouped into lines, in PDFium's reading order
    (from `textpage` when the caller has the page's text page open already).

    A line ends where PDFium puts a line break, where the text jumps to
    another height, or where a wide gap separates two pieces on the same
    height (a logo's caption beside a letterhead, two columns). A word of
    one text object is not broken: PDFium's own spaces part its words."""
    height = page.get_height()
    own = textpage is None
    if own:
        textpage = page.get_textpage()
    try:
        return _PageReader(textpage, height).read()
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
