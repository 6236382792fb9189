"""Text of scanned PDF pages, read by Tesseract OCR.

Why the `tesseract` program through subprocess rather than pytesseract: the
wrapper writes every image to a temporary file, shells out to the same binary
and reads the result back from another file; it adds a dependency and Pillow
round trips but none of what matters here. We hand the page to Tesseract on
stdin as a raw greyscale PGM (no image encoding at all), read the text from
stdout, and start it through `tools.run`, so its time limit is the document's
and it never outlives a worker the pool stops.

Tesseract is held to one thread (OMP_THREAD_LIMIT=1): the extraction workers
already use every core, and OpenMP threads on top of them only contend.

Which languages: Tesseract reads best when told the script's language. The
pages of the same PDF that do have text, when there are any, give it (read by
the language enricher's detector); otherwise the first scanned page is read
with all of English, French, Spanish and Portuguese, its language detected, and
the remaining pages read in that one.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable

import numpy as np
from lxml import etree

from kb.errors import Corrupt, ExtractionError

from .pdf_lines import Line
from .tools import Deadline, run, which

# ISO 639-1 (the enricher's codes) -> Tesseract's traineddata names.
TESSERACT_LANGUAGES = {"en": "eng", "fr": "fra", "es": "spa", "pt": "por"}
DPI = 300
MAX_PIXELS = 40_000_000          # a poster-sized page is rendered at a lower resolution
INSTALL_HINT = ("install Tesseract OCR to read scans "
                "(Debian: apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-fra "
                "tesseract-ocr-spa tesseract-ocr-por)")


def tesseract() -> str | None:
    return which("tesseract")


@functools.lru_cache(maxsize=4)
def _installed(program: str) -> frozenset[str]:
    """The traineddata Tesseract has, among the four KB reads."""
    try:
        proc = run([program, "--list-langs"], Deadline.after(30), "tesseract --list-langs")
    except ExtractionError:
        return frozenset()
    # Tesseract 5 lists them on stdout, 4 on stderr
    names = set((proc.stdout + proc.stderr).decode("utf-8", "replace").split())
    return frozenset(n for n in TESSERACT_LANGUAGES.values() if n in names)


def languages(program: str, hint: str | None = None) -> str:
    """The `-l` argument: the hinted language when Tesseract has its data,
    else every one of the four it has (English alone at worst)."""
    have = _installed(program)
    wanted = TESSERACT_LANGUAGES.get(hint or "")
    if wanted and wanted in have:
        return wanted
    ordered = [n for n in TESSERACT_LANGUAGES.values() if n in have]
    return "+".join(ordered) or "eng"


def detect_language(texts: Iterable[str]) -> str | None:
    """The language of some text, by the language enricher's detector, if it
    is one Tesseract is given data for."""
    from ingest.enrichers.language import detect

    found = detect("\n".join(texts)[:5000], min_letters=50, min_confidence=0.9)
    if found and found[0] in TESSERACT_LANGUAGES:
        return found[0]
    return None


def page_image(page) -> tuple[bytes, int]:
    """A pypdfium2 page rendered in greyscale as a binary PGM image, and the
    resolution it was rendered at (dots per inch)."""
    width, height = page.get_size()
    scale = DPI / 72
    if width * height * scale * scale > MAX_PIXELS:
        scale = (MAX_PIXELS / (width * height)) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        pixels = bitmap.to_numpy()
        if pixels.ndim == 3:
            pixels = pixels[:, :, 0]
        pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    finally:
        bitmap.close()
    rows, cols = pixels.shape
    return b"P5\n%d %d\n255\n" % (cols, rows) + pixels.tobytes(), max(1, round(scale * 72))


@dataclass(frozen=True)
class Reading:
    """What Tesseract read in one image: its text, and its lines as set
    (`pdf_lines.Line`, in points) for the title reader, so that a scanned
    cover is titled by its largest type as a born-digital one is."""

    text: str
    lines: list[Line]


def read_image(program: str, image: bytes, dpi: int, langs: str, deadline: Deadline, what: str) -> Reading:
    """What Tesseract reads in one image (any format Leptonica reads)."""
    argv = [program, "stdin", "stdout", "-l", langs, "--psm", "3", "--dpi", str(dpi), "hocr"]
    proc = run(argv, deadline, what, stdin=image, env={"OMP_THREAD_LIMIT": "1"})
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise Corrupt(f"Tesseract failed on {what}: {(message or ['no message'])[-1][:200]}")
    try:
        return from_hocr(proc.stdout, dpi)
    except etree.XMLSyntaxError as exc:
        raise Corrupt(f"Tesseract's output for {what} cannot be read: {exc}"[:300]) from None


_LINE_CLASSES = {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}
_BBOX = re.compile(r"\bbbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)")
_X_SIZE = re.compile(r"\bx_size\s+([\d.]+)")
_CONFIDENCE = re.compile(r"\bx_wconf\s+(\d+)")
# Words Tesseract is this unsure of are mostly letters it saw in a logo or
# a stain; they stay in the text (a search may still find them) but are
# kept out of the lines a title is read from.
MIN_TITLE_CONFIDENCE = 50


def _class(element) -> str:
    return element.get("class", "")


def _confidence(title: str) -> int:
    """A word's confidence (0-100); one Tesseract gives none is taken as read."""
    found = _CONFIDENCE.search(title)
    return int(found.group(1)) if found else 100


def from_hocr(hocr: bytes, dpi: int) -> Reading:
    """The text and the lines of Tesseract's hOCR for an image read at
    `dpi`: lines joined by line breaks, paragraphs by a blank line, as its
    plain-text output has them. A line's size is Tesseract's estimate of
    its row height (x_size), which is within a few percent of the type's
    size in points."""
    root = etree.fromstring(hocr, etree.XMLParser(resolve_entities=False, no_network=True, recover=True)) \
        if hocr.strip() else None
    if root is None:
        return Reading("", [])
    scale = 72.0 / max(dpi, 1)
    paragraphs: list[str] = []
    lines: list[Line] = []
    for par in root.iter("{*}p"):
        if _class(par) != "ocr_par":
            continue
        rows: list[str] = []
        for row in par.iter("{*}span"):
            if _class(row) not in _LINE_CLASSES:
                continue
            words = [(w.xpath("string()").strip(), w.get("title", "")) for w in row.iter("{*}span")
                     if _class(w) == "ocrx_word"]
            text = " ".join(w for w, _ in words if w)
            if not text:
                continue
            rows.append(text)
            sure = " ".join(w for w, title in words if w and _confidence(title) >= MIN_TITLE_CONFIDENCE)
            box, size = _BBOX.search(row.get("title", "")), _X_SIZE.search(row.get("title", ""))
            if sure and box and size:
                left, top, right, bottom = (int(v) * scale for v in box.groups())
                lines.append(Line(sure, float(size.group(1)) * scale, False, top, bottom, left, right,
                                  sum(map(str.isalpha, sure))))
        if rows:
            paragraphs.append("\n".join(rows))
    return Reading("\n\n".join(paragraphs) + ("\n" if paragraphs else ""), lines)


@functools.lru_cache(maxsize=4)
def version(program: str) -> str:
    """"tesseract 5.3.0", say, for the document's metadata."""
    try:
        proc = run([program, "--version"], Deadline.after(30), "tesseract --version")
    except ExtractionError:
        return "tesseract"
    first = (proc.stdout or proc.stderr).decode("utf-8", "replace").strip().splitlines()
    return first[0] if first else "tesseract"
