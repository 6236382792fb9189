"""Zip-level checks and repairs shared by the PPTX and DOCX extractors.

OOXML files are zip archives, and a zip can declare (or really hold) far
more data than its size on disk: a few kilobytes that inflate to gigabytes
would exhaust the worker's memory long before any time limit fires. So the
archive's directory is read and judged before python-pptx or python-docx is
allowed to inflate anything. A package whose relationships point to a
part it lacks is mended (`open_package`) rather than refused.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from datetime import datetime
from typing import Any, Callable, TypeVar

from lxml import etree

from kb.errors import Corrupt, TooLarge, Unsupported
from kb.protocols import Limits

# An entry that inflates more than this many times over is suspicious once it
# is big enough to matter; ordinary XML compresses 5-20:1.
MAX_RATIO = 100
RATIO_MIN_BYTES = 10 * 1024 * 1024

_MB = 1024 * 1024


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open `data` as a zip, turning every failure into Corrupt."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise Corrupt(f"not a readable zip archive ({exc})") from None


def check_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Refuse zip bombs; return the opened archive for further sniffing.

    Judged from the central directory (declared sizes), which costs nothing;
    python-docx/pptx would otherwise inflate whatever the archive claims.
    """
    archive = open_zip(data)
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if (
            info.file_size > RATIO_MIN_BYTES
            and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise TooLarge(
                f"zip bomb? entry {info.filename!r} inflates from "
                f"{info.compress_size:,} to {info.file_size:,} bytes "
                f"(over {MAX_RATIO}:1)"
            )
    if total > limits.max_unzipped_bytes:
        raise TooLarge(
            f"zip bomb? the archive unpacks to {total / _MB:,.0f} MB, over the "
            f"{limits.max_unzipped_bytes / _MB:,.0f} MB limit"
        )
    return archive


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _target(rels_name: str, target: str) -> str:
    """The member a relationship in `rels_name` ("word/_rels/document.xml.rels")
    points to, as the archive names it."""
    if target.startswith("/"):
        return target.lstrip("/")
    source_dir = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(source_dir, target.split("#", 1)[0]))


def mend_relationships(data: bytes) -> bytes | None:
    """`data` with each internal relationship whose part is missing marked
    external, or None when there is none. Word writes a link to a bookmark
    ("#Licencia") as an internal target now and then, and python-docx then
    refuses the whole file over a part it would never read."""
    archive = open_zip(data)
    names = set(archive.namelist())
    mended: dict[str, bytes] = {}
    for name in names:
        if not name.endswith(".rels"):
            continue
        try:
            root = etree.fromstring(archive.read(name), _SAFE_XML)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError):
            continue        # python-docx will say what is wrong with it
        changed = False
        for rel in root.iter(_RELS):
            target = rel.get("Target") or ""
            if rel.get("TargetMode") != "External" and _target(name, target) not in names:
                rel.set("TargetMode", "External")
                changed = True
        if changed:
            mended[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if not mended:
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in archive.infolist():
            copy.writestr(info, mended.get(info.filename) or archive.read(info.filename))
    return out.getvalue()


Package = TypeVar("Package")


def open_package(opener: Callable[[io.BytesIO], Package], data: bytes) -> Package:
    """`opener` (python-docx's `Document`) on `data`, once more on the mended
    package when a relationship points to a part the archive lacks (see
    `mend_relationships`; python-pptx passes such a relationship by)."""
    try:
        return opener(io.BytesIO(data))
    except KeyError:
        mended = mend_relationships(data)
        if mended is None:
            raise
        return opener(io.BytesIO(mended))


def zip_format(archive: zipfile.ZipFile) -> str:
    """Name the format of a zip by its members: "pptx", "docx", or the
    OpenDocument "odp" or "odt" (which LibreOffice reads, see `legacy`).

    Other zip-based formats are refused with a message naming what they are,
    so the curator knows what to convert them to.
    """
    names = set(archive.namelist())
    if "ppt/presentation.xml" in names:
        return "pptx"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise Unsupported("Excel workbook (XLSX) is not indexed; save it as PDF")
    if "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        except Exception:  # a broken member: still name the family
            mimetype = "application/vnd.oasis.opendocument"
        if mimetype == "application/vnd.oasis.opendocument.presentation":
            return "odp"
        if mimetype == "application/vnd.oasis.opendocument.text":
            return "odt"
        if mimetype.endswith("spreadsheet"):
            raise Unsupported("OpenDocument spreadsheet (ODS); save it as PDF")
        if mimetype == "application/epub+zip":
            raise Unsupported("EPUB e-book is not indexed; save it as PDF")
        raise Unsupported(f"zip-based format {mimetype!r} is not indexed")
    raise Unsupported("zip archive that is not a PPTX or DOCX document")


def core_metadata(props: Any) -> dict[str, Any]:
    """Core properties (docProps/core.xml) as KB metadata, skipping blanks.

    Both python-pptx and python-docx expose the same CoreProperties shape;
    a malformed date in core.xml raises inside the library, so each field is
    read on its own and a bad one is skipped rather than failing the file.
    """
    fields = {
        "title": "title", "author": "author", "subject": "subject",
        "keywords": "keywords", "language": "language", "created": "created",
        "modified": "modified", "description": "comments", "category": "category",
    }
    out: dict[str, Any] = {}
    for key, attr in fields.items():
        try:
            value = getattr(props, attr)
        except Exception:
            continue
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            continue
        if key in ("created", "modified") and not isinstance(value, datetime):
            continue
        out[key] = value
    return out
