"""A PDF page's lines as set: their text, size, weight and box, from PDFium.

What the title reader (`page_title`) judges a page by. PDFium's text page
gives each character its box, and its text object (one run of text in one
font, size and position) the size, weight and angle. A line ends at
PDFium's line breaks, and where, from one letter to the next, the text
jumps to another height or a wide gap parts it.

Asking PDFium for every character's box and object, through ctypes, cost a
few calls per character, most of the time of finding a PDF's title. So a
page is read a text object's words at a time: PDFium's rectangle around
them and the object's size and weight, a few calls for the lot (see
`_PageReader` for where it still reads word by word or character by
character). On the corpus this gives the same lines as reading each
character did, on every page a title is looked for on.
"""
from __future__ import annotations

import ctypes
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import chain, compress, repeat
from statistics import median
from types import SimpleNamespace

import pypdfium2.raw as pdfium_c

MAX_CHARS = 6000        # characters read per page: a title is never further in
_BOLD_WEIGHT = 600


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
# a stretch of marks (dot leaders, a rule of underscores) between two words
# can part them as widely as a gap: the line is measured from letter to letter
_LEADER = re.compile(r"(?:[^\w\s]|_)(?: ?(?:[^\w\s]|_)){3,}")

Box = tuple[float, float, float, float]   # left, top, right, bottom, as PDFium's rectangles
# capitals in a row, long enough to be words set without spaces (some design
# tools place each word of a cover's title apart and write no space between),
# and the gap between two letters, in em and against the word's usual one,
# that parts words. Capitals only: lower-case letters' boxes leave gaps as
# uneven as kerning makes them ("estima tion").
_LONG_RUN = re.compile(r"[^\W\d_]{10,}")
_WORD_GAP = 0.17
# a capital standing alone next to a word of capitals ("RAPPOR T"): where
# PDFium wrote a space into widely tracked capitals that no gap parts
_LONE = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]{2,} [^\W\d_]|[^\W\d_] [^\W\d_]{2,})(?![^\W\d_])")


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
    """One page's characters grouped into lines (see `page_lines`).

    The characters of one text object in turn are one piece: PDFium's
    rectangle around them is their box (one call for the lot), the object
    their size, weight and angle (read once per object). Between pieces,
    the rectangles' edges stand for the letters' when a letter is there and
    the heights are close; otherwise the two letters' own boxes are read.
    Inside one object the letters are not compared, as an object has one
    baseline and PDFium puts a space where its text leaves a gap; but its
    words are read one by one when the object is wider than its characters
    would make it, or holds a stretch of marks (dot leaders), either of
    which can part two words as widely as a gap. Characters are read one by one,
    each with its own box and object, in a word that holds marks that are
    not printable or a stretch of marks, in an object of no size, and in a
    word that PDFium's rectangles show to be in more than one object where
    the objects found at the words' starts did not tell where."""

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
        self.matrix_values = memoryview(self.matrix).cast("B").cast("f")     # a, b, c, d, e, f
        self.font_name = (ctypes.c_ubyte * 128)()
        self.objects: dict[int, tuple[float, bool, bool]] = {}    # size, bold, upright by text object
        self.bold_cache: dict = {}     # by font, and by font and weight
        self.lines: list[Line] = []
        self.start = 0          # where PDFium's line being read starts in `text`
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
            self.start = match.start()
            self.read_line(match.start(), match.end())
            self.close()
            self.last = None
        return self.lines

    # --- what PDFium tells -------------------------------------------------

    def describe(self, i: int, obj: int | None) -> tuple[float, bool, bool]:
        """Size, weight and uprightness of character i, of text object `obj`."""
        c, h = self.calls, self.handle
        size = c.font_size(h, i)
        if c.matrix(h, i, self.matrix_at):
            a, b, c_, d, _, _ = self.matrix_values
            size *= math.sqrt(abs(a * d - b * c_))
            upright = b == 0 and c_ == 0 and a > 0  # PDFium's angle, from a and b or c, is 0
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
                text = self.respaced(" ".join(text.split()), size)
                self.lines.append(Line(text=text, size=size, bold=bold,
                                       top=height - top, bottom=height - bottom,
                                       left=left, right=right, letters=alphas))
        elif text and pieces:
            sizes, bolds, lefts, bottoms, rights, tops, alnums, alphas = zip(*pieces)
            visible = sum(alnums)                         # letters and digits
            if visible:
                sized = list(compress(sizes, alnums))     # the sizes of pieces with letters
                size = sized[0]
                if sized.count(size) != len(sized):       # the median letter's
                    size = median(list(chain.from_iterable(map(repeat, sizes, alnums))))
                height = self.height
                text = self.respaced(" ".join(text.split()), size)
                self.lines.append(Line(
                    text=text, size=size,
                    bold=sum(compress(alnums, bolds)) * 2 > visible,
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
        count_rects, rect, slots, values = self.calls.count_rects, self.calls.rect, self.slots, self.values
        carry: tuple[int | None, tuple[int, int]] | None = None   # an object's part of a word
        for i, j in zip([0, *cuts], [*cuts, len(words)]):
            key, run = keys[i], words[i:j]
            while carry is not None and carry[0] != key:
                carry = self.read_run([carry[1]], carry[0])
            if carry is not None:
                run = [carry[1], *run]
                carry = None
            start, end = run[0][0], run[-1][1]
            if key is not None and count_rects(handle, start, end - start) == 1 \
                    and rect(handle, 0, *slots) and any(values):
                self.read_object(start, end, tuple(values), key)    # as read_run does, without its call
            else:
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
                or _LEADER.search(text, start, end):
            for word in _WORDS.finditer(text, start, end):     # it may hide a wide gap
                self.read_word(*word.span(), key)
        else:
            self.add(start, end, size, bold, box)

    def read_word(self, start: int, end: int, key: int | None = None) -> None:
        """One word (printable), as one piece when it is all in one text
        object (`key`, when known) and holds no stretch of marks."""
        box = self.rect(start, end) if not _LEADER.search(self.text, start, end) else None
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

    def respaced(self, text: str, size: float) -> str:
        """The line's text with spaces where its capitals' gaps part words
        and none where they do not (`spaced`, `rejoined`)."""
        if _LONG_RUN.search(text):
            text = self.spaced(text, size)
        if _LONE.search(text):
            text = self.rejoined(text, size)
        return text

    def spaced(self, text: str, size: float) -> str:
        """The line's `text` with a space put where a long run of capitals has
        a gap as wide as one between words ("FRESQUEDELADONNÉE" set as
        "FRESQUE DE LA DONNÉE"): wider than _WORD_GAP em and than twice the
        run's usual gap between letters, so that widely tracked capitals
        stay one word."""
        def parted(word: str, gaps: list[float], widths: list[float]) -> str:
            usual, width = max(median(gaps), 0.0), median(widths)
            # not beside a narrow letter ("I", "J"), whose own margins leave a wide gap ("CLASSI FICAÇÃO")
            cuts = [k for k, gap in enumerate(gaps, 1) if gap > _WORD_GAP * size and gap > 2 * usual
                    and min(widths[k - 1], widths[k]) >= 0.4 * width]
            for k in reversed(cuts):
                word = f"{word[:k]} {word[k:]}"
            return word

        return self._rewritten(_LONG_RUN, text, size, parted)

    def rejoined(self, text: str, size: float) -> str:
        """The line's `text` without a space PDFium put between a capital
        and the word of capitals it belongs to ("RAPPOR T"), where the gap
        there is no wider than that between the word's other letters."""
        def joined(both: str, gaps: list[float], _widths: list[float]) -> str:
            space = both.index(" ")            # the gap after letter `space` of the pair spans it
            rest = gaps[:space - 1] + gaps[space:]
            return both.replace(" ", "") if gaps[space - 1] <= 1.3 * max(median(rest), 0.0) else both

        return self._rewritten(_LONE, text, size, joined)

    def _rewritten(self, pattern: re.Pattern, text: str, size: float,
                   change: Callable[[str, list[float], list[float]], str]) -> str:
        """`text` with each match of `pattern` given by `change(match, gaps
        between its letters, their widths)`; the matches are found in the
        page's text in turn from where the line starts, and one whose
        letters cannot be read there stays as it is."""
        at = self.start

        def one(match: re.Match) -> str:
            nonlocal at
            word = match.group()
            located = self._gaps(word, at, size)
            if located is None:
                return word
            at, gaps, widths = located
            return change(word, gaps, widths)

        return pattern.sub(one, text)

    def _gaps(self, word: str, at: int, size: float) -> tuple[int, list[float], list[float]] | None:
        """Where capitals `word` (spaces in it left out) end in the page's
        text, found from `at`, the gaps between their letters' boxes and
        the letters' widths; None unless they are there, set one after
        another on one baseline."""
        found = self.text.find(word, at)
        if found < 0 or not word.isupper():
            return None
        c, h, slots, values = self.calls, self.handle, self.slots, self.values
        edges: list[tuple[float, float, float]] = []
        for i in range(found, found + len(word)):
            if self.text[i] == " ":
                continue
            if not c.char_box(h, i, *slots):
                return None
            left, right, bottom = values[0], values[1], values[2]
            if right <= left or edges and (left < edges[-1][0] or abs(bottom - edges[0][2]) > 0.3 * size):
                return None
            edges.append((left, right, bottom))
        return (found + len(word), [edges[k][0] - edges[k - 1][1] for k in range(1, len(edges))],
                [right - left for left, right, _ in edges])

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


def page_lines(page, textpage=None) -> list[Line]:
    """The page's characters grouped into lines, in PDFium's reading order
    (from `textpage` when the caller has the page's text page open already).

    A line ends where PDFium puts a line break, where the text jumps to
    another height, or where a wide gap separates two pieces on the same
    height (a logo's caption beside a letterhead, two columns)."""
    height = page.get_height()
    left, low, right, high = page.get_bbox()       # the crop box, as PDFium shows the page
    own = textpage is None
    if own:
        textpage = page.get_textpage()
    try:
        # not the text set off the page, which no reader sees (a layout's
        # pasteboard: a draft of the cover above it)
        return [ln for ln in _PageReader(textpage, height).read()
                if ln.bottom > height - high and ln.top < height - low and ln.right > left and ln.left < right]
    finally:
        if own:
            textpage.close()
