"""PDF text, page by page: PDFium first, pypdf where PDFium cannot read.

A PDF page is the unit a reader is sent to ("open at page 7"), so pages are
kept one-for-one, empty ones included, and numbered as the file numbers them
physically (from 1). Everything a damaged file can throw is turned into an
ExtractionError with a short reason, because a curator's report must say why
a file was skipped rather than show a traceback.

Who does what. PDFium (pypdfium2) opens the file (with the empty password,
as most "encrypted" published PDFs allow), counts its pages against the
limit, reads the info dictionary (FPDF_GetMetaText, its dates parsed as pypdf
parses them) and each page's text, about ten times faster than pypdf's
extract_text (see `bench.pdf_engines`), and renders the pages that have no
text layer for Tesseract (`ocr`); the first pages stay open for the title's
reading of their layout (`pdf_title`). pypdf is opened only when it is
needed: for the whole file when PDFium cannot open it or load any page of
it (pypdf then judges the structure: a recursive page tree, one that needs a
password), and for a page on which PDFium finds no text, so no page has less
text than pypdf alone would give (not for a page whose content is pictures
only, where pypdf finds nothing either).
"""
from __future__ import annotations

import io
import logging
import struct
import warnings
import zlib
from contextlib import contextmanager
from datetime import datetime
from typing import Any, Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import DocumentInformation, PdfReader
from pypdf.errors import (
    DependencyError,
    EmptyFileError,
    FileNotDecryptedError,
    LimitReachedError,
    PyPdfError,
)
from pypdf.generic import NameObject, TextStringObject

from kb.errors import Corrupt, Encrypted, ExtractionError, NoText, TooLarge, Truncated, Unsupported
from kb.models import Page
from kb.protocols import ExtractedText, Hints, Limits

from . import ocr, titles
from .pdf_lines import Line
from .pdf_title import MAX_PAGES as MAX_TITLE_PAGES, layout_title
from .textutil import clean_title, normalise
from .tools import Deadline

# pypdf logs a warning for every recoverable oddity, which in a batch of
# thousands of real-world PDFs drowns everything else; errors still show.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# Library exceptions that in practice mean "this file is damaged".
_DAMAGE = (
    PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
    AssertionError, OverflowError, ZeroDivisionError, zlib.error, struct.error,
    UnicodeError, EOFError, NotImplementedError, pdfium.PdfiumError,
)
_MAX_WARNINGS = 5


class _Collect(logging.Handler):
    """Keeps pypdf's warnings so the reason for a failure is not lost."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.messages) < _MAX_WARNINGS:
            self.messages.append(record.getMessage()[:200])


@contextmanager
def _quiet() -> Iterator[_Collect]:
    """Silence pypdf for one file, collecting what it would have said."""
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    saved = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text[:200]


def _check_framing(data: bytes) -> None:
    """Tell a cut-off PDF from one that was never a PDF, before parsing.

    A PDF ends with %%EOF; a download or copy that stopped early lacks it, and
    pypdf in lenient mode would happily index the first half of the document.
    A file with neither the header nor the end marker is not a PDF at all
    (typically an error page or random bytes saved under a .pdf name).
    """
    has_header = b"%PDF" in data[:1024]
    has_eof = b"%%EOF" in data[-1024:]
    if not has_header and not has_eof:
        raise Corrupt("not a PDF: no %PDF header and no %%EOF end marker")
    if has_header and not has_eof:
        raise Truncated(
            "the PDF ends without its %%EOF end marker: the file was cut short "
            "(an interrupted download or copy?)"
        )


def _unlock(reader: PdfReader) -> bool:
    """Open an encrypted PDF with the empty password if it allows that.

    Many published PDFs are "encrypted" only to restrict printing or copying
    and open without a password; those are readable and should be indexed.
    """
    if not reader.is_encrypted:
        return False
    try:
        ok = reader.decrypt("")
    except DependencyError as exc:
        raise Unsupported(f"PDF encryption needs a crypto library: {_short(exc)}") from None
    except NotImplementedError as exc:
        raise Unsupported(f"unsupported PDF encryption: {_short(exc)}") from None
    if not ok:
        raise Encrypted("the PDF needs a password to open")
    return True


def _pypdf_info(reader: PdfReader) -> DocumentInformation | None:
    try:
        return reader.metadata
    except _DAMAGE:
        return None


def _pdfium_info(document: pdfium.PdfDocument) -> DocumentInformation:
    """The info dictionary as PDFium reads it (FPDF_GetMetaText), in pypdf's
    form, so that its dates are parsed as for a file pypdf opened."""
    info = DocumentInformation()
    for key, value in document.get_metadata_dict(skip_empty=True).items():
        info[NameObject(f"/{key}")] = TextStringObject(value)
    return info


def _metadata(info: DocumentInformation | None) -> dict[str, Any]:
    """The document information dictionary as KB metadata.

    Each field is read on its own: a malformed date or a broken string in
    the info dictionary should cost that field, not the document.
    """
    if info is None:
        return {}
    fields = {
        "title": "title", "author": "author", "subject": "subject",
        "keywords": "keywords", "created": "creation_date",
        "modified": "modification_date", "creator": "creator", "producer": "producer",
    }
    out: dict[str, Any] = {}
    for key, attr in fields.items():
        try:
            value = getattr(info, attr)
        except _DAMAGE:
            continue
        if isinstance(value, str):
            value = normalise(value.replace("\x00", ""))
        if value in (None, ""):
            continue
        if key in ("created", "modified") and not isinstance(value, datetime):
            continue
        out[key] = value
    return out


def extract(data: bytes, hints: Hints, limits: Limits) -> ExtractedText:
    """Text of every page of a PDF, its title and info-dictionary metadata."""
    deadline = Deadline.after(limits.timeout)
    _check_framing(data)
    with _quiet() as log:
        try:
            return _read(data, limits, log, deadline)
        except ExtractionError:
            raise
        except RecursionError:
            raise Corrupt("the PDF's structure refers back to itself (recursive page tree?)") from None
        except FileNotDecryptedError:
            raise Encrypted("the PDF needs a password to open") from None
        except LimitReachedError as exc:
            # pypdf's safety limits: nesting depth is damage, the rest is size.
            if "depth" in str(exc).lower():
                raise Corrupt(f"the PDF's page tree nests too deeply: {_short(exc)}") from None
            raise TooLarge(f"the PDF exceeds a pypdf safety limit: {_short(exc)}") from None
        except EmptyFileError:
            raise Corrupt("the PDF is empty") from None
        except MemoryError:
            raise TooLarge("the PDF needs more memory than is available") from None
        except _DAMAGE as exc:
            reason = _short(exc)
            if log.messages and log.messages[0] not in reason:
                reason = f"{reason} ({log.messages[0]})"
            raise Corrupt(f"pypdf cannot read the PDF: {reason}") from None


def _read(data: bytes, limits: Limits, log: _Collect, deadline: Deadline) -> ExtractedText:
    document = _open_pdfium(data) if limits.pdf_engine == "pdfium" else None
    if document is None:
        return _read_pypdf(data, limits, log, "PDFium could not open the file")
    try:
        read = _read_pdfium(data, document, limits, log, deadline)
    finally:
        document.close()
    # not a page PDFium could load: pypdf says what is wrong (a page tree
    # that refers back to itself), or reads what it can
    return read or _read_pypdf(data, limits, log, "PDFium could not read any page")


def _read_pdfium(data: bytes, document: pdfium.PdfDocument, limits: Limits, log: _Collect,
                 deadline: Deadline) -> ExtractedText | None:
    """A file PDFium opened: its page count, info dictionary, encryption and
    text all come from PDFium; pypdf is opened only should a page have no
    text for PDFium (see `_Fallback`). None when no page could be read."""
    count = len(document)
    if count > limits.max_pages:
        raise TooLarge(f"{count:,} pages, over the limit of {limits.max_pages:,}")
    metadata = _metadata(_pdfium_info(document))
    kept: dict[int, tuple[Any, Any]] = {}          # the first pages, open for the title
    try:
        texts, failures = _page_texts(_Fallback(data), document, count, kept)
        if failures and len(failures) == count:
            return None
        scanned: dict[int, tuple[list[Line], float]] = {}     # the first pages' lines, as OCR read them
        if limits.ocr:
            _read_scans(document, texts, metadata, deadline, scanned)
        pages = [Page(number=n, text=normalise(t)) for n, t in enumerate(texts, start=1)]
        title = _title(document, metadata.get("title", ""), pages, kept, scanned)
    finally:
        for page, textpage in kept.values():
            textpage.close()
            page.close()
    if pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1:
        metadata["encrypted"] = True               # opened with the empty password
    return _extracted(pages, title, metadata, failures, log)


def _read_pypdf(data: bytes, limits: Limits, log: _Collect, why: str) -> ExtractedText:
    """pypdf for everything: the pypdf engine, or a file PDFium cannot open.
    pypdf judges the structure (a recursive or missing page tree), opens a
    file encrypted with the empty password and refuses one that needs a
    password, and reads the info dictionary and each page's text."""
    reader = PdfReader(io.BytesIO(data), strict=False)
    was_encrypted = _unlock(reader)
    metadata = _metadata(_pypdf_info(reader))
    if limits.pdf_engine == "pdfium":
        metadata["pdf_text"] = f"pypdf: {why}"
    count = len(reader.pages)
    if count == 0:
        raise Corrupt("the PDF has no pages (missing or broken page tree)")
    if count > limits.max_pages:
        raise TooLarge(f"{count:,} pages, over the limit of {limits.max_pages:,}")
    texts, failures = _page_texts(_Fallback(data, reader), None, count)
    if failures and len(failures) == count:
        raise Corrupt(f"no page could be read; {failures[0]}")
    pages = [Page(number=n, text=normalise(t)) for n, t in enumerate(texts, start=1)]
    if was_encrypted:
        metadata["encrypted"] = True
    return _extracted(pages, _title(data, metadata.get("title", ""), pages), metadata, failures, log)


def _extracted(pages: list[Page], title: titles.Title, metadata: dict[str, Any], failures: list[str],
               log: _Collect) -> ExtractedText:
    if not any(p.text.strip() for p in pages) and metadata.get("scanned_pages_unread"):
        raise NoText(f"no text layer (scanned image?); {metadata['scanned_pages_unread']}")
    if failures:
        metadata["page_errors"] = failures[:_MAX_WARNINGS]
    if log.messages:
        metadata["warnings"] = list(log.messages)
    return ExtractedText(pages=tuple(pages), title=title.text, format="pdf",
                         metadata=titles.note(metadata, title), title_reason=title.reason)


def _open_pdfium(data: bytes) -> pdfium.PdfDocument | None:
    """The file opened by PDFium (with the empty password, like pypdf), or
    None when PDFium cannot open it or finds no page in it."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None
    if len(document) == 0:
        document.close()
        return None
    return document


class _Fallback:
    """pypdf's reading of the pages PDFium finds no text on, the reader
    opened on the first such page (most files have none). It helps only
    when it sees the same pages as PDFium; a file pypdf cannot open, or
    one that needs a password pypdf lacks, leaves PDFium's reading as it is."""

    def __init__(self, data: bytes, reader: PdfReader | None = None):
        self.data = data
        self.reader = reader
        self.lazy = reader is None          # opened here, for PDFium's pages
        self._agrees: bool | None = None if self.lazy else True

    def agrees(self, count: int) -> bool:
        if self._agrees is None:
            self._agrees = False
            try:
                reader = PdfReader(io.BytesIO(self.data), strict=False)
                _unlock(reader)
                self._agrees = len(reader.pages) == count
                self.reader = reader
            except (*_DAMAGE, ExtractionError, RecursionError):
                pass
        return self._agrees

    def text(self, index: int) -> str:
        """A page's text by pypdf; a page tree that refers back to itself
        raises RecursionError here when pypdf is the only reader."""
        assert self.reader is not None
        try:
            return self.reader.pages[index].extract_text() or ""
        except RecursionError:
            if self.lazy:
                return ""
            raise


def _pdfium_text(document: pdfium.PdfDocument, index: int,
                 kept: dict[int, tuple[Any, Any]] | None = None) -> tuple[str, bool]:
    """A page's text, and whether pypdf could read more of it; the first
    pages stay open in `kept` (their text page too), for the title's
    reading of their layout."""
    page = document[index]
    keep = kept is not None and index < MAX_TITLE_PAGES
    try:
        textpage = page.get_textpage()
    except BaseException:
        page.close()
        raise
    try:
        text = textpage.get_text_bounded()
        return text, not text.strip() and not _only_pictures(page)
    except BaseException:
        keep = False
        raise
    finally:
        if keep:
            kept[index] = (page, textpage)
        else:
            textpage.close()
            page.close()


def _only_pictures(page: pdfium.PdfPage) -> bool:
    """PDFium read the page's content (it has objects) and none of them, in
    its forms neither, shows text: a scanned or image-only page, on which
    pypdf, which reads the same text operators, finds nothing either. A page
    with no objects at all (blank, or content PDFium could not parse) is not
    one of these: pypdf is asked about it."""
    if pdfium_c.FPDFPage_CountObjects(page.raw) <= 0:
        return False
    return next(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,)), None) is None


def _page_texts(pypdf: _Fallback, document: pdfium.PdfDocument | None, count: int,
                kept: dict[int, tuple[Any, Any]] | None = None) -> tuple[list[str], list[str]]:
    """Each page's raw text, and the pages neither engine could read."""
    texts: list[str] = []
    failures: list[str] = []
    for index in range(count):
        text, failed, unread = "", None, True
        if document is not None:
            try:
                text, unread = _pdfium_text(document, index, kept)
            except _DAMAGE as exc:
                failed = f"page {index + 1}: {_short(exc)}"
        # pypdf for what PDFium could not read, when both see the same pages
        # (opening pypdf on a long file costs more than PDFium's whole
        # reading of it: not for a page of pictures only)
        if unread and not text.strip() and pypdf.agrees(count):
            try:
                text, failed = pypdf.text(index), None
            except _DAMAGE as exc:
                # One unreadable page should not cost the rest of the document.
                failed, text = f"page {index + 1}: {_short(exc)}", ""
        if failed:
            failures.append(failed)
        texts.append(text)
    return texts, failures


def _has_image(document: pdfium.PdfDocument, index: int) -> bool:
    try:
        page = document[index]
    except pdfium.PdfiumError:          # a page PDFium cannot load, reported as such
        return False
    try:
        return any(obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for obj in page.get_objects())
    finally:
        page.close()


def _needs_ocr(text: str) -> bool:
    """No text layer to speak of: fewer letters than a page number's worth."""
    return sum(map(str.isalpha, text)) < 3


def _read_scans(document: pdfium.PdfDocument, texts: list[str], metadata: dict[str, Any],
                deadline: Deadline, lines: dict[int, tuple[list[Line], float]]) -> None:
    """OCR, in place, the pages that have an image and no text layer; the
    lines read on the first pages (those the title is read from) go to
    `lines`, by page index, each with its page's width."""
    scans = [i for i, t in enumerate(texts) if _needs_ocr(t) and _has_image(document, i)]
    if not scans:
        return
    program = ocr.tesseract()
    if program is None:
        shown = ", ".join(str(i + 1) for i in scans[:10]) + (", ..." if len(scans) > 10 else "")
        metadata["scanned_pages_unread"] = (
            f"page{'s' if len(scans) > 1 else ''} {shown} ha{'ve' if len(scans) > 1 else 's'} "
            f"no text layer; {ocr.INSTALL_HINT}")
        return
    scanned = set(scans)
    hint = ocr.detect_language(t for i, t in enumerate(texts) if i not in scanned)
    langs = ocr.languages(program, hint)
    used = [langs]
    read: list[int] = []
    for ordinal, i in enumerate(scans, start=1):
        page = document[i]
        try:
            image, dpi = ocr.page_image(page)
            width = page.get_width()
        finally:
            page.close()
        what = f"OCR of page {i + 1} ({ordinal} of {len(scans)} scanned pages)"
        reading = ocr.read_image(program, image, dpi, langs, deadline, what)
        text = reading.text
        if i < MAX_TITLE_PAGES:
            lines[i] = (reading.lines, width)
        if hint is None and "+" in langs:
            # The first scanned page tells the language of the rest.
            hint = ocr.detect_language([text])
            if hint:
                langs = ocr.languages(program, hint)
                used.append(langs)
        if text.strip():
            texts[i] = text
            read.append(i + 1)
    metadata["ocr"] = f"{ocr.version(program)}, " + ", then ".join(f"-l {x}" for x in dict.fromkeys(used))
    if read:
        metadata["ocr_pages"] = read
    if len(read) < len(scans):
        metadata["scanned_pages_unread"] = "Tesseract found no text on " + (
            "them" if not read else f"{len(scans) - len(read)} of the {len(scans)} scanned pages")


def _title(source: bytes | pdfium.PdfDocument, stated: str, pages: list[Page],
           opened: dict[int, tuple[Any, Any]] | None = None,
           scanned: dict[int, tuple[list[Line], float]] | None = None) -> titles.Title:
    """The first page's largest lines (as OCR read them on a scan), or the
    Info title when plausible.
    A title is never worth the document: should reading the layout fail in
    a way PDFium's checks did not foresee, the stated title stands."""
    head = "\n".join(p.text for p in pages[:2])
    try:
        return titles.choose(layout_title(source, opened, scanned), stated, head, "the PDF metadata title",
                             fallback=head.splitlines()[:15])
    except Exception as exc:  # noqa: BLE001 - any failure here costs the title only
        logging.getLogger(__name__).warning("no title from the PDF's layout: %s", exc)
        return titles.Title(clean_title(stated), "the PDF metadata title")
