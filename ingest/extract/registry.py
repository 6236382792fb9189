"""Which extractor reads a file: sniffed from its bytes first.

File names and Content-Type headers lie (a report saved as .docx that is
really a PDF, an error page served as application/pdf), so the bytes decide
whenever they can; the content type and then the name only break ties for
formats without a signature, such as text. The registry is a plain dict so a
new format is one module and one line here.
"""
from __future__ import annotations

import codecs
import io
from dataclasses import replace
from pathlib import PurePosixPath
from typing import Callable

import olefile

from kb.errors import Corrupt, NoText, TooLarge, Unsupported
from kb.protocols import ExtractedText, Hints, Limits

from . import docx, html, legacy, pdf, pptx, text
from .ooxml import open_zip, zip_format

Extract = Callable[[bytes, Hints, Limits], ExtractedText]

EXTRACTORS: dict[str, Extract] = {
    "pdf": pdf.extract,
    "pptx": pptx.extract,
    "docx": docx.extract,
    "html": html.extract,
    "text": text.extract,
    # through LibreOffice, when it is installed (see `legacy`)
    **{fmt: legacy.extractor(fmt) for fmt in legacy.TARGETS},
}

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_MB = 1024 * 1024

_CONTENT_TYPES = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "text",
    "text/x-markdown": "text",
}
_SUFFIXES = {
    ".pdf": "pdf", ".pptx": "pptx", ".docx": "docx",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".md": "text", ".markdown": "text", ".text": "text",
}
# Named so the message tells the curator what to convert to.
_KNOWN_BINARY = [
    (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
    (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"), (b"Rar!", "RAR archive"), (b"7z\xbc\xaf", "7-Zip archive"),
]


def _looks_html(head: bytes) -> bool:
    """An HTML document announces itself near the start; UTF-16 pages too."""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            head = head[len(bom):].decode(name, errors="ignore").encode("ascii", "ignore")
            break
    lowered = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    return b"<!doctype html" in lowered or b"<html" in lowered


def _is_text(data: bytes) -> bool:
    """Readable as UTF-8 or Windows-1252, with no NULs and few control bytes.

    Random or binary data almost always has NULs or many control bytes in its
    first few kilobytes; real text has tabs and newlines only.
    """
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    try:
        decoded = sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # a character cut by the sample
            decoded = sample[: exc.start].decode("utf-8")
        else:
            try:
                decoded = sample.decode("cp1252")
            except UnicodeDecodeError:
                return False
    controls = sum(1 for ch in decoded if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls <= len(decoded) // 1000


def _ole_format(data: bytes) -> str:
    """Name an OLE2 compound file (legacy Office) by the streams it holds."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if ole.exists("WordDocument"):
                return "doc"
            # PowerPoint 97 and later; PowerPoint 4.0 (still published, still read by LibreOffice)
            if ole.exists("PowerPoint Document") or ole.exists("PP40"):
                return "ppt"
            if ole.exists("Workbook") or ole.exists("Book"):
                raise Unsupported("Excel workbook (XLS) is not indexed; save it as PDF")
    except Unsupported:
        raise
    except Exception as exc:  # olefile raises OSError and assorted errors on damage
        raise Corrupt(f"not a readable legacy Office (OLE2) file ({str(exc)[:200]})") from None
    raise Unsupported("OLE2 compound file that is not a Word or PowerPoint document")


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def sniff(data: bytes, hints: Hints) -> str:
    """The format of `data`: "pdf", "pptx", "docx", "html", "text", or one
    of the formats LibreOffice converts: "doc", "ppt", "rtf", "odt", "odp".

    Raises NoText for an empty file and Unsupported (or Corrupt, for a zip
    that cannot be opened) for anything no extractor reads.
    """
    if not data or not data.strip():
        raise NoText("empty file")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(_ZIP):
        return zip_format(open_zip(data))
    if data.startswith(_OLE2):
        return _ole_format(data)
    if data.startswith(b"{\\rtf"):
        return "rtf"
    if _looks_html(head):
        return "html"
    for magic, label in _KNOWN_BINARY:
        if data.startswith(magic):
            raise Unsupported(f"{label} is not a document format KB reads")
    by_type = _CONTENT_TYPES.get(_media_type(hints.content_type))
    if by_type:
        return by_type
    suffix = PurePosixPath(hints.name.split("?")[0]).suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if suffix in (".ppt", ".doc", ".xls"):
        raise Unsupported(f"{suffix} file without the signature of a legacy Office file")
    if _is_text(data):
        return "text"
    shown = f" ({suffix})" if suffix else ""
    raise Unsupported(f"unrecognised file type{shown}: not PDF, PPTX, DOCX, HTML, text "
                      f"or a format LibreOffice converts (DOC, PPT, RTF, ODT, ODP)")


def extract(data: bytes, hints: Hints = Hints(), limits: Limits = Limits()) -> ExtractedText:
    """Text of one file, page by page, within `limits`.

    Every way a file can fail comes out as an ExtractionError kind with a
    human message, so a job can report it and go on with the next file.
    """
    if len(data) > limits.max_bytes:
        raise TooLarge(
            f"{len(data) / _MB:,.1f} MB, over the {limits.max_bytes / _MB:,.1f} MB limit"
        )
    fmt = sniff(data, hints)
    result = EXTRACTORS[fmt](data, hints, limits)
    if not any(page.text.strip() for page in result.pages):
        if fmt == "pdf":
            raise NoText("no text layer (scanned image?)")
        raise NoText(f"the {fmt} file holds no text")
    if len(result.pages) > limits.max_pages:
        raise TooLarge(f"{len(result.pages):,} pages, over the limit of {limits.max_pages:,}")
    return replace(result, format=fmt)
