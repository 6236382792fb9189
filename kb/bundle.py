"""Offline bundles: a collection (any search, a country, a SIDS group) as one
zip that works from `file://` on a machine with no network — a static
`index.html`, the original files under `files/`, and `metadata.csv`.

This module holds what needs no web server: which documents and files go in
(`plan`), the cache key that changes when the collection does
(`fingerprint`), the zip's exact size before it is written (`estimate`), the
zip itself written atomically (`write_zip`), and a small cache of built
bundles with background builds (`Cache`, `BackgroundBuilds`). The page
(`index.html`) is written by the web layer, in the reader's language, and
handed in as bytes, so a build needs neither the index nor the web app and can
move to a general job runner as it is.

A file goes in only when the site would serve it (`kb.originals`); a document
fetched from the web has no local file, so its extracted text goes in instead
(`files/NNNN-name.txt`) and its page links to the original online."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import time
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

import psutil

from kb import exports, originals
from kb.errors import BundleTooLarge
from kb.models import Document, Query

log = logging.getLogger(__name__)

# Bumped when what a bundle holds or how its page looks changes, so a cached
# bundle of an older version is never handed out for a new key.
BUNDLE_FORMAT = 1
COMPRESS_LEVEL = 6
# Formats whose files shrink when deflated; PDF and OOXML are compressed already.
DEFLATED_FORMATS = frozenset({"html", "text", "rtf"})
SUFFIXES = {"pdf": "pdf", "pptx": "pptx", "docx": "docx", "html": "html", "text": "txt",
            "doc": "doc", "ppt": "ppt", "rtf": "rtf", "odt": "odt", "odp": "odp"}
NAME_CHARS = 60                  # of a file's name from its title, in the zip
STALE_BUILD_SECONDS = 3 * 3600   # a build marker older than this is left behind by a crash
SIDECAR_SECONDS = 7 * 24 * 3600  # an estimate of a bundle never built is forgotten after this


def N_(msgid: str) -> str:
    """Marks a message id for the catalogs; the web layer translates it."""
    return msgid


TOO_MANY = N_("This collection has %(num)s documents; an offline bundle holds at most %(limit)s. "
              "Narrow it (a country, a document type, a year range) and try again.")
TOO_BIG = N_("This bundle would be %(size)s; an offline bundle is at most %(limit)s. "
             "Narrow the collection (a country, a document type, a year range) and try again.")


def megabytes(n: int) -> str:
    """A size in English ("12.3 MB", "850 kB"); the web passes its own, in the reader's language."""
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, round(n / 1000))} kB"


def too_large(template: str, **params: object) -> BundleTooLarge:
    values = {k: str(v) for k, v in params.items()}
    error = BundleTooLarge(template % values)
    error.template, error.params = template, values
    return error


@dataclass(frozen=True)
class Limits:
    max_documents: int
    max_bytes: int
    background_bytes: int        # a bundle estimated larger is built in the background
    cache_bytes: int

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        mb = 1_000_000
        return cls(max_documents=settings.bundle_max_documents,
                   max_bytes=int(settings.bundle_max_mb * mb),
                   background_bytes=int(settings.bundle_background_mb * mb),
                   cache_bytes=int(settings.bundle_cache_mb * mb))


@dataclass(frozen=True)
class Item:
    """One document of a bundle and the file that goes with it."""

    doc: Document
    number: int                  # its place in the bundle, from 1
    name: str                    # path of its file in the zip ("files/0001-…pdf"), or ""
    path: Path | None            # the local original copied in
    text: bytes | None           # its extracted text, when there is no local original
    size: int                    # bytes of that file (uncompressed)
    stamp: str                   # the file's size and modification time, for the fingerprint
    online: str                  # the original's URL, for a document fetched from the web

    @property
    def is_original(self) -> bool:
        return self.path is not None


@dataclass(frozen=True)
class Plan:
    """What a bundle of `query` holds: `items` in the query's order; `matched`
    documents matched (withdrawn ones a reader may not see are left out)."""

    query: Query
    language: str
    matched: int
    items: tuple[Item, ...]
    key: str

    @property
    def documents(self) -> tuple[Document, ...]:
        return tuple(i.doc for i in self.items)

    @property
    def file_bytes(self) -> int:
        return sum(i.size for i in self.items)


def slug(text: str, limit: int = NAME_CHARS) -> str:
    """A file name part from a title: ASCII letters, digits and hyphens, so it
    is safe on every file system and in a relative link."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^A-Za-z0-9]+", "-", folded).strip("-").lower()
    return words[:limit].rstrip("-") or "document"


def _suffix(doc: Document, path: Path | None) -> str:
    if doc.format in SUFFIXES:
        return SUFFIXES[doc.format]
    raw = (path.suffix if path else "").lstrip(".").lower()
    return raw if raw.isalnum() and len(raw) <= 5 else "bin"


def text_of(doc: Document) -> bytes:
    """A document's extracted text, pages separated by form feeds."""
    body = "\n\f\n".join(p.text for p in doc.pages)
    return ((doc.title or doc.id) + "\n\n" + body + "\n").encode("utf-8")


def _item(doc: Document, number: int) -> Item:
    path = originals.find_document_file(doc)
    online = doc.uri if originals.is_remote(doc.uri) else ""
    if path is not None:
        st = path.stat()
        name = f"files/{number:04d}-{slug(doc.title or doc.id)}.{_suffix(doc, path)}"
        return Item(doc, number, name, path, None, st.st_size, f"{st.st_size}:{st.st_mtime_ns}", online)
    if doc.pages:
        text = text_of(doc)
        name = f"files/{number:04d}-{slug(doc.title or doc.id)}.txt"
        return Item(doc, number, name, None, text, len(text), "text", online)
    return Item(doc, number, "", None, None, 0, "none", online)


def bundle_query(query: Query) -> Query:
    """The search a bundle holds: every page of it, newest first when it has no words."""
    sort = "newest" if not query.text and query.sort == "relevance" else query.sort
    return replace(query, page=1, sort=sort, facets=())


def _documents(index, query: Query, limits: Limits) -> tuple[int, Iterator[Document]]:
    selection = exports.select(index, query, limits.max_documents)
    if selection.total > limits.max_documents:
        raise too_large(TOO_MANY, num=selection.total, limit=limits.max_documents)
    return selection.total, selection.documents


def plan(index, query: Query, limits: Limits, may_read: Callable[[Document], bool],
         language: str = "en", size_label: Callable[[int], str] = megabytes) -> Plan:
    """The documents of `query` that `may_read` allows (a reader never gets a
    withdrawn document), each with its file. Raises BundleTooLarge when the
    collection has more documents than the limit or its files more bytes."""
    query = bundle_query(query)
    matched, docs = _documents(index, query, limits)
    items: list[Item] = []
    for doc in docs:
        if may_read(doc):
            items.append(_item(doc, len(items) + 1))
    total = sum(i.size for i in items)
    if total > limits.max_bytes:
        raise too_large(TOO_BIG, size=size_label(total), limit=size_label(limits.max_bytes))
    return Plan(query, language, matched, tuple(items), fingerprint(query, language, items))


# ------------------------------------------------------------------ the cache key

def _query_part(query: Query, language: str) -> dict:
    return {"format": BUNDLE_FORMAT, "language": language, "text": query.text,
            "filters": {k: sorted(v) for k, v in sorted(query.filters.items()) if v},
            "year_from": query.year_from, "year_to": query.year_to, "sort": query.sort,
            "mode": query.mode, "expand": query.expand}


def _document_part(item: Item) -> list:
    """What of a document shows in a bundle: when any of it changes (its
    file, its metadata, a curated correction, its cards), so does the key."""
    d = item.doc
    shown = repr((d.title, d.uri, d.format, d.doc_type, d.year, d.countries, d.regions, d.sids,
                  d.topics, d.language, d.source, d.organisation, d.author, d.description,
                  d.practices, len(d.pages), getattr(d, "withdrawn", False)))
    return [d.id, d.content_hash, d.fetched_at.isoformat() if d.fetched_at else "",
            hashlib.sha256(shown.encode("utf-8")).hexdigest(), item.stamp, item.name]


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False,
                                     default=str).encode("utf-8")).hexdigest()


def fingerprint(query: Query, language: str, items: Iterable[Item]) -> str:
    """`<query>-<documents>`: the first half names the collection asked for
    (an older bundle of the same collection is stale once a newer one is
    built), the second what it holds now."""
    return f"{_digest(_query_part(query, language))[:16]}-{_digest([_document_part(i) for i in items])[:24]}"


# ------------------------------------------------------------------ the zip

@dataclass(frozen=True)
class Member:
    name: str                    # path inside the zip
    data: bytes | None = None    # its bytes, or
    path: Path | None = None     # the file they are read from
    deflate: bool = True


@dataclass(frozen=True)
class Spec:
    """Everything a build needs: no index, no web app (so it can run in a
    thread, a process or a job runner). `when` dates every member."""

    key: str
    members: tuple[Member, ...]
    when: tuple[int, int, int, int, int, int]


def spec(plan: Plan, index_html: str, metadata_csv: str, when: datetime | None = None) -> Spec:
    stamp = (when or datetime.now(timezone.utc)).timetuple()[:6]
    members = [Member("index.html", index_html.encode("utf-8")),
               Member("metadata.csv", metadata_csv.encode("utf-8"))]
    for item in plan.items:
        if item.path is not None:
            members.append(Member(item.name, path=item.path,
                                  deflate=item.doc.format in DEFLATED_FORMATS))
        elif item.text is not None:
            members.append(Member(item.name, item.text))
    return Spec(plan.key, tuple(members), stamp)  # type: ignore[arg-type]


def _deflated_size(chunks: Iterable[bytes]) -> int:
    # the compressor zipfile itself uses for ZIP_DEFLATED
    z = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return sum(len(z.compress(c)) for c in chunks) + len(z.flush())


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as f:
        yield from _chunks_of(f)


def estimate(spec: Spec) -> int:
    """The size of the zip `write_zip` writes for `spec`, in bytes: each
    member's stored or deflated size plus the zip's headers (a local header
    and a central directory entry per member, and the end record). Exact for
    the zips `write_zip` writes below 2 GiB (beyond, zip64 records add a
    little)."""
    total = 22
    for m in spec.members:
        name = len(m.name.encode("utf-8"))
        if m.data is not None:
            body = _deflated_size([m.data]) if m.deflate else len(m.data)
        elif m.deflate:
            body = _deflated_size(_chunks(m.path))
        else:
            body = m.path.stat().st_size
        total += 30 + name + 46 + name + body
    return total


def write_zip(spec: Spec, out: Path) -> int:
    """Write the bundle to `out` atomically (a temporary file beside it, then
    a rename), so a reader never gets half a zip; returns its size."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", compresslevel=COMPRESS_LEVEL) as zf:
            for m in spec.members:
                info = zipfile.ZipInfo(m.name, date_time=spec.when)
                info.compress_type = zipfile.ZIP_DEFLATED if m.deflate else zipfile.ZIP_STORED
                info.external_attr = 0o644 << 16
                if m.data is not None:
                    zf.writestr(info, m.data)
                else:
                    info.file_size = m.path.stat().st_size
                    with m.path.open("rb") as src, zf.open(info, "w", force_zip64=False) as dst:
                        for chunk in _chunks_of(src):
                            dst.write(chunk)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out.stat().st_size


def _chunks_of(f, size: int = 1 << 20) -> Iterator[bytes]:
    while chunk := f.read(size):
        yield chunk


# ------------------------------------------------------------------ the cache

class Cache:
    """Built bundles under `root` (`<data_dir>/bundles`): `<key>.zip` once
    built, `<key>.building` while a build runs (the builder's process id and
    start), `<key>.error` when it failed, `<key>.json` the size estimated
    before the build (so a page can say it without rebuilding the page)."""

    def __init__(self, root: Path, max_bytes: int):
        self.root = Path(root)
        self.max_bytes = max_bytes

    def zip_path(self, key: str) -> Path:
        return self.root / f"{key}.zip"

    def _path(self, key: str, suffix: str) -> Path:
        return self.root / f"{key}.{suffix}"

    def ready(self, key: str) -> int | None:
        """The built bundle's size, or None."""
        try:
            return self.zip_path(key).stat().st_size
        except FileNotFoundError:
            return None

    def building(self, key: str) -> bool:
        marker = self._path(key, "building")
        try:
            pid, started = marker.read_text().split()
            pid_n, started_f = int(pid), float(started)
        except (FileNotFoundError, ValueError):
            return False
        if time.time() - started_f > STALE_BUILD_SECONDS or not psutil.pid_exists(pid_n):
            marker.unlink(missing_ok=True)          # left behind by a build that died
            return False
        return True

    def failure(self, key: str) -> str | None:
        try:
            return self._path(key, "error").read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def claim(self, key: str) -> bool:
        """Mark `key` as being built; False when a build of it already runs."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.building(key)                          # clears a stale marker
        try:
            fd = os.open(self._path(key, "building"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "w") as f:
            f.write(f"{os.getpid()} {time.time()}")
        self._path(key, "error").unlink(missing_ok=True)
        return True

    def release(self, key: str, error: str | None = None) -> None:
        if error:
            self._path(key, "error").write_text(error, encoding="utf-8")
        self._path(key, "building").unlink(missing_ok=True)

    def remember(self, key: str, documents: int, size: int) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        target = self._path(key, "json")
        tmp = target.with_name(target.name + f".{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"documents": documents, "bytes": size}), encoding="utf-8")
        os.replace(tmp, target)

    def remembered(self, key: str) -> int | None:
        try:
            return int(json.loads(self._path(key, "json").read_text(encoding="utf-8"))["bytes"])
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None

    def build(self, spec: Spec) -> int:
        """Write the bundle of `spec` into the cache now; returns its size."""
        size = write_zip(spec, self.zip_path(spec.key))
        self.prune(keep=spec.key)
        return size

    def prune(self, keep: str) -> None:
        """Remove older bundles of the same collection (stale: it changed),
        then the least recently used ones while the cache is over its size."""
        if not self.root.is_dir():
            return
        collection = keep.split("-", 1)[0]
        zips = []
        for path in self.root.glob("*.zip"):
            key = path.stem
            if key == keep:
                continue
            if key.split("-", 1)[0] == collection:
                self._forget(key)
                continue
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            zips.append((st.st_atime, st.st_size, key))
        # estimates and failures of bundles nobody built or asked for again
        for path in [*self.root.glob("*.json"), *self.root.glob("*.error")]:
            try:
                old = time.time() - path.stat().st_mtime > SIDECAR_SECONDS
            except FileNotFoundError:
                continue
            if old and path.stem != keep and not self.zip_path(path.stem).exists():
                path.unlink(missing_ok=True)
        kept = self.ready(keep) or 0
        total = kept + sum(size for _, size, _ in zips)
        for _, size, key in sorted(zips):
            if total <= self.max_bytes:
                break
            self._forget(key)
            total -= size

    def _forget(self, key: str) -> None:
        for suffix in ("zip", "json", "error"):
            self._path(key, suffix).unlink(missing_ok=True)



class BackgroundBuilds:
    """Builds of big bundles in background threads, `slots` at a time (the
    rest wait their turn), each claimed in the cache first so two requests
    (or two server processes) never build the same bundle twice.

    Kept this small on purpose: `start(spec)` is the whole interface, so the
    builds can move onto a general job runner without touching the pages."""

    def __init__(self, cache: Cache, slots: int = 1):
        self.cache = cache
        self.slots = threading.BoundedSemaphore(slots)
        self._threads: dict[str, threading.Thread] = {}
        self._lock = threading.Lock()

    def start(self, spec: Spec) -> bool:
        """Start building `spec` unless it is built or being built; True when started."""
        if self.cache.ready(spec.key) is not None or not self.cache.claim(spec.key):
            return False
        thread = threading.Thread(target=self._run, args=(spec,), name=f"bundle-{spec.key[:12]}",
                                  daemon=True)
        with self._lock:
            self._threads[spec.key] = thread
        thread.start()
        return True

    def _run(self, spec: Spec) -> None:
        error = None
        try:
            with self.slots:
                self.cache.build(spec)
        except Exception as exc:            # reported on the bundle's page, and logged
            log.exception("building bundle %s failed", spec.key)
            error = f"{type(exc).__name__}: {exc}"
        finally:
            self.cache.release(spec.key, error)
            with self._lock:
                self._threads.pop(spec.key, None)

    def join(self, timeout: float | None = None) -> None:
        """Wait for the builds running now (the CLI and tests; a server never waits)."""
        with self._lock:
            threads = list(self._threads.values())
        for t in threads:
            t.join(timeout)


class Bundles:
    """A server's bundle cache and its background builds (one per app, kept
    on the app's context, never in a module global)."""

    def __init__(self, settings, slots: int = 1):
        self.cache = Cache(settings.bundles_dir, Limits.from_settings(settings).cache_bytes)
        self.builds = BackgroundBuilds(self.cache, slots)
