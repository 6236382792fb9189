"""PDF text, page by page, with pypdf.

A PDF page is the unit a reader is sent to ("open at page 7"), so pages are
kept one-for-one, empty ones included, and numbered as the file numbers them
physically (from 1). Everything pypdf can throw at a damaged file is turned
into an ExtractionError with a short reason, because a curator's report must
say why a file was skipped rather than show a traceback.
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

from pypdf import PdfReader
from pypdf.errors import (
    DependencyError,
    EmptyFileError,
    FileNotDecryptedError,
    LimitReachedError,
    PyPdfError,
)

from kb.errors import Corrupt, Encrypted, ExtractionError, TooLarge, Truncated, Unsupported
from kb.models import Page
from kb.protocols import ExtractedText, Hints, Limits

from . import titles
from .pdf_title import layout_title
from .textutil import clean_title, normalise

# pypdf logs a warning for every recoverable oddity, which in a batch of
# thousands of real-world PDFs drowns everything else; errors still show.
logging.getLogger("pypdf").setLevel(logging.ERROR)

# Library exceptions that in practice mean "this file is damaged".
_DAMAGE = (
    PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
    AssertionError, OverflowError, ZeroDivisionError, zlib.error, struct.error,
    UnicodeError, EOFError, NotImplementedError,
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


def _metadata(reader: PdfReader) -> dict[str, Any]:
    """The document information dictionary as KB metadata.

    Each field is read on its own: a malformed date or a broken string in
    the info dictionary should cost that field, not the document.
    """
    try:
        info = reader.metadata
    except _DAMAGE:
        return {}
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
    _check_framing(data)
    with _quiet() as log:
        try:
            return _read(data, limits, log)
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


def _read(data: bytes, limits: Limits, log: _Collect) -> ExtractedText:
    reader = PdfReader(io.BytesIO(data), strict=False)
    was_encrypted = _unlock(reader)
    count = len(reader.pages)
    if count == 0:
        raise Corrupt("the PDF has no pages (missing or broken page tree)")
    if count > limits.max_pages:
        raise TooLarge(f"{count:,} pages, over the limit of {limits.max_pages:,}")
    pages: list[Page] = []
    failures: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except RecursionError:
            raise
        except _DAMAGE as exc:
            # One unreadable page should not cost the rest of the document.
            failures.append(f"page {number}: {_short(exc)}")
            text = ""
        pages.append(Page(number=number, text=normalise(text)))
    if failures and len(failures) == count:
        raise Corrupt(f"no page could be read; {failures[0]}")
    metadata = _metadata(reader)
    if was_encrypted:
        metadata["encrypted"] = True
    if failures:
        metadata["page_errors"] = failures[:_MAX_WARNINGS]
    if log.messages:
        metadata["warnings"] = list(log.messages)
    title = _title(data, metadata.get("title", ""), pages)
    return ExtractedText(pages=tuple(pages), title=title.text, format="pdf", metadata=metadata,
                         title_reason=title.reason)


def _title(data: bytes, stated: str, pages: list[Page]) -> titles.Title:
    """The first page's largest lines, or the Info title when plausible.
    A title is never worth the document: should reading the layout fail in
    a way PDFium's checks did not foresee, the stated title stands."""
    head = "\n".join(p.text for p in pages[:2])
    try:
        return titles.choose(layout_title(data), stated, head, "the PDF metadata title",
                             fallback=head.splitlines()[:15])
    except Exception as exc:  # noqa: BLE001 - any failure here costs the title only
        logging.getLogger(__name__).warning("no title from the PDF's layout: %s", exc)
        return titles.Title(clean_title(stated), "the PDF metadata title")
