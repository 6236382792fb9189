"""Where a document's original file is on this machine, and whether it may be
handed out: the document page's "download original" route and offline
bundles both ask here, so a bundle never packs a file the site would refuse.

A local document's stored `uri` is the path it was ingested from; the file is
given only when its real path (symbolic links resolved) is inside the folder
its source was ingested from (the `root` ingest recorded in the document's
provenance; for a document without one, the folder the file was in). A
document fetched from the web has no local file: its original is its URL."""
from __future__ import annotations

from pathlib import Path
from typing import Mapping
from urllib.parse import urlparse

from kb.errors import NotFound
from kb.models import Document

# The media type each format's original is served and described with.
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html", "text": "text/plain",
    "doc": "application/msword", "ppt": "application/vnd.ms-powerpoint", "rtf": "application/rtf",
    "odt": "application/vnd.oasis.opendocument.text",
    "odp": "application/vnd.oasis.opendocument.presentation",
}


def N_(msgid: str) -> str:
    """Marks a message id for the catalogs; the web layer translates it."""
    return msgid


GONE = N_("the original file is no longer where it was ingested from")
LEADS_OUTSIDE = N_("the original file now leads outside the folder it was ingested from "
                   "(a symbolic link?), so it is not served")


class Missing(NotFound):
    """The stored path names no file any more."""


class Outside(NotFound):
    """The stored path now leads out of its source's folder (a symbolic link
    swapped in after ingest, say): not served."""


def _error(kind: type[NotFound], template: str) -> NotFound:
    error = kind(template)
    error.template, error.params = template, {}
    return error


def is_remote(uri: str) -> bool:
    return urlparse(uri).scheme in ("http", "https")


def local_path(uri: str) -> Path | None:
    """The file behind a stored URI, when it is a local path that still exists."""
    parsed = urlparse(uri)
    if parsed.scheme in ("http", "https"):
        return None
    path = Path(parsed.path if parsed.scheme == "file" else uri)
    return path if path.is_file() else None


def locate(uri: str, root: object = None) -> Path:
    """The real file to hand out for a stored local `uri` whose source was
    ingested from folder `root` (absolute; anything else: the file's own
    folder). Raises `Missing` or `Outside` (both NotFound)."""
    path = local_path(uri)
    if path is None:
        raise _error(Missing, GONE)
    root_path = Path(root) if isinstance(root, str) and Path(root).is_absolute() else path.parent.absolute()
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        raise _error(Missing, GONE) from None
    if not real.is_relative_to(root_path) or not real.is_file():
        raise _error(Outside, LEADS_OUTSIDE)
    return real


def source_root(doc: Document) -> object:
    raw = doc.extra.get("provenance") if isinstance(doc.extra, Mapping) else None
    return raw.get("root") if isinstance(raw, Mapping) else None


def document_file(doc: Document) -> Path:
    """`locate` for a document's own original."""
    return locate(doc.uri, source_root(doc))


def find_document_file(doc: Document) -> Path | None:
    """The document's original on this machine, or None (fetched from the
    web, moved, or leading outside its folder)."""
    if is_remote(doc.uri):
        return None
    try:
        return document_file(doc)
    except NotFound:
        return None
