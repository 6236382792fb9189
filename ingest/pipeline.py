"""The ingest job: source -> fetch -> extract -> enrich -> Document -> index.

The main process fetches and hashes each item and skips what the catalog says
is unchanged; worker processes extract and enrich; the main process is the one
writer, committing documents to the index in batches (from a thread of its
own, so workers are kept busy during a commit) and recording them in the
catalog only after the commit. A failure costs only its own item.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path, PurePath
from typing import Any, Callable, Iterator, Mapping

from kb.curation import apply_corrections
from kb.errors import KbError
from kb.models import Document, Origin, document_id
from kb.protocols import Hints, Index, Item, Limits
from ingest import duplicates, embed, shared_titles
from ingest.catalog import Catalog
from ingest.enrichers import warm as warm_enrichers
from ingest.enrichers.practices import apply_curated as curated_practices, extract_practices
from ingest.extract import extract
from ingest.inference import infer
from ingest.http import Deleted, Gone, NotModified, Skip
from ingest.report import IngestReport, ProgressUpdate
from ingest.workers import WorkerPool

log = logging.getLogger(__name__)

# The first index commits of a job hold at least this many documents (later
# ones more, up to the job's batch size): fewer would make Whoosh segments
# whose merging costs more than the overlap gains.
MIN_COMMIT = 16


@dataclass(frozen=True)
class Task:
    """What a worker needs to build one document (picklable)."""

    uri: str
    data: bytes
    hints: Hints
    curated: Mapping[str, Any]
    source: str
    content_hash: str
    limits: Limits
    fetched_at: datetime
    # Where the bytes came from (source, URL, fetch time, validators), kept in
    # Document.extra["provenance"] so a reader can trace any document back.
    provenance: Mapping[str, Any] = field(default_factory=dict)
    # Where the job's source name came from (--source, kb.toml, a default).
    source_origin: Origin = Origin("curated", "the name of the ingest job's source")
    # Compute page vectors (KB_VECTORS) for cross-lingual search.
    vectors: bool = False


@functools.cache
def recipe_fingerprint() -> str:
    """A hash of the code that turns bytes into a Document (extractors,
    enrichers, taxonomies). When it changes, unchanged files are re-extracted
    on the next run, so an upgrade of KB never leaves stale metadata behind."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for folder in (root / "extract", root / "enrichers", root.parent / "kb" / "taxonomy"):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update((root / "duplicates.py").read_bytes())      # how texts are compared
    digest.update((root / "shared_titles.py").read_bytes())   # when a stated title is not used
    digest.update((root / "inference.py").read_bytes())       # how inferred and curated fields merge
    return digest.hexdigest()[:16]


def curated_hash(curated: Mapping[str, Any], vectors: bool = False) -> str:
    """Identifies how an item is to be built: its curated values and the recipe
    (with page vectors or without, and how they are made)."""
    payload = json.dumps(curated, sort_keys=True, default=str) + recipe_fingerprint()
    if vectors:
        payload += "+vectors:" + embed.fingerprint()
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def build_document(task: Task) -> Document:
    """Extract, enrich and merge: runs inside a worker process."""
    extracted = extract(task.data, task.hints, task.limits)
    curated = dict(task.curated)
    origins: dict[str, Origin] = {}
    if curated.get("title"):
        title, origins["title"] = curated["title"], Origin("curated", "from the manifest")
    elif extracted.title.strip():
        title = extracted.title.strip()
        origins["title"] = Origin("extracted", extracted.title_reason or f"{extracted.format} metadata")
    else:
        title = PurePath(task.hints.name or task.uri).stem.replace("_", " ").replace("-", " ")
        origins["title"] = Origin("inferred", "file name")
    metadata = dict(extracted.metadata)
    source = curated.get("source") or task.source
    origins["source"] = (Origin("curated", "from the manifest") if curated.get("source")
                         else task.source_origin)
    draft = Document(
        id=document_id(task.uri), uri=task.uri, title=title, format=extracted.format,
        pages=extracted.pages, source=source, author=metadata.get("author") or None,
        description=str(metadata.get("description") or "")[:1000],
        content_hash=task.content_hash, size=len(task.data), fetched_at=task.fetched_at,
        origins=origins, extra={**metadata, "provenance": dict(task.provenance)} if task.provenance else metadata,
    )
    doc = infer(draft, curated)     # the fields of ENRICHED_FIELDS the manifest sets are curated
    # Practice cards last: a card's country is the document's final one.
    cards = curated_practices(extract_practices(doc), curated.get("practice"))
    if cards:
        doc = replace(doc, practices=cards)
    if task.vectors:
        doc = replace(doc, vectors=embed.embed_document(doc))
    return doc


def build_entry(task: Task) -> tuple[Document, bytes | None, tuple[str, ...]]:
    """`build_document`, the text's near-duplicate signature (made in the
    worker process: it costs a pass over every word) and the ids of the
    documents a manifest says it is not a copy of (`not_duplicate_of`)."""
    doc = build_document(task)
    apart = tuple(document_id(uri) for uri in task.curated.get("not_duplicate_of", ()))
    return doc, duplicates.signature(doc.text), apart


def storable_uri(uri: str) -> str:
    """`uri` itself when it can be stored as UTF-8 text; otherwise a readable
    escaped form of it. A file name with bytes that are not UTF-8 reaches
    Python as lone surrogates (surrogateescape), which SQLite and the index
    refuse: b"caf\\xe9.html" is shown as "caf\\xe9.html"."""
    try:
        uri.encode("utf-8")
        return uri
    except UnicodeEncodeError:
        pass
    try:
        return uri.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:      # a surrogate that no file name produced
        return uri.encode("utf-8", "backslashreplace").decode("utf-8")


def fetch_item(item: Item, previous: Mapping[str, str] | None, max_bytes: int | None = None) -> bytes:
    """Fetch an item's bytes; a fetch that declares `conditional = True` (the
    remote sources' fetches, see `ingest.http.RemoteFetch`) gets the validators
    stored last time so it can ask the server "only if changed"; one that
    declares `bounded = True` (a local file, `ingest.fetch.LocalFile`) gets the
    size limit, to refuse a file that is too large before reading it."""
    if previous and getattr(item.fetch, "conditional", False):
        return item.fetch(previous=previous)  # type: ignore[call-arg]
    if max_bytes is not None and getattr(item.fetch, "bounded", False):
        return item.fetch(max_bytes=max_bytes)  # type: ignore[call-arg]
    return item.fetch()


class Progress:
    """A tqdm bar on a terminal (nothing otherwise), and the job's
    `on_progress` listener, told after each item and each commit."""

    def __init__(self, total: int | None, enabled: bool | None = None,
                 listener: Callable[[ProgressUpdate], None] | None = None,
                 report: IngestReport | None = None):
        enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None
        self.total, self.done, self.current = total, 0, ""
        self._listener, self._report = listener, report
        if enabled:
            from tqdm import tqdm
            self._bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True)
        self.tell()

    def tell(self) -> None:
        """Hand the listener where the job stands now."""
        if self._listener is not None:
            counts = self._report.counts() if self._report is not None else {}
            self._listener(ProgressUpdate(self.done, self.total, self.current, counts))

    def step(self, label: str) -> None:
        self.done += 1
        self.current = label
        if self._bar is not None:
            self._bar.set_postfix_str(label[-40:], refresh=False)
            self._bar.update(1)
        self.tell()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def name_origin(source) -> Origin:
    """Where a source's name came from, as the source says (`name_origin`;
    a source wrapped by `ingest.sources.config` is asked through the wrapper),
    else the job's default."""
    for candidate in (source, getattr(source, "source", None)):
        origin = getattr(candidate, "name_origin", None)
        if isinstance(origin, Origin):
            return origin
    return Task.__dataclass_fields__["source_origin"].default


def source_root(source) -> Path | None:
    """The folder a local source's files must stay inside (a folder source's
    root, a manifest's folder), as the source says; None for remote ones."""
    for candidate in (source, getattr(source, "source", None)):
        root = getattr(candidate, "root", None)
        if isinstance(root, Path):
            return root
    return None


def local_place(root: Path | None, uri: str) -> dict[str, str]:
    """For a file below its source's root: the root (so the web serves the
    original only from inside it) and the path relative to it (what readers
    are shown instead of the server's path). Nothing for anything else."""
    if root is None or "://" in uri:
        return {}
    try:
        relative = Path(uri).relative_to(root)
    except ValueError:
        return {}
    return {"root": str(root), "path": relative.as_posix()}


def keep_withdrawn_out(outcome: duplicates.Outcome, withdrawn: set[str]) -> duplicates.Outcome:
    """A withdrawn document is stored (a new version of its file too) but
    never indexed, whatever regrouping would show."""
    if withdrawn:
        outcome.deletes.extend(d.id for d in outcome.upserts if d.id in withdrawn)
        outcome.upserts = [d for d in outcome.upserts if d.id not in withdrawn]
    return outcome


def run_job(source, index: Index, catalog: Catalog, *, limits: Limits, workers: int,
            batch_size: int = 200, prune: bool = False, progress: bool | None = None,
            on_commit: Callable[[], None] | None = None, vectors: bool = False,
            on_progress: Callable[[ProgressUpdate], None] | None = None) -> IngestReport:
    """`vectors`: compute page vectors in the workers (the CLI passes KB_VECTORS).
    `on_progress` is told where the job stands after each item and each index
    commit (a job's worker writes it into the job table); it must be quick."""
    report = IngestReport(source=source.name)
    source_origin = name_origin(source)
    root = source_root(source)
    started = time.monotonic()
    try:
        total = len(source)  # type: ignore[arg-type]
    except TypeError:
        total = None
    bar = Progress(total, progress, on_progress, report)
    seen: set[str] = set()
    unchanged: list[str] = []
    known: dict[str, Any] = {}      # uri -> catalog entry at start, for added/updated
    pending_meta: dict[str, tuple[str, str, int]] = {}   # uri -> (curated hash, content hash, size)
    validators: dict[str, dict] = {}
    gone_now: set[str] = set()      # uris the source said are gone (404, deleted record)

    def fail(uri: str, reason: str, content_hash: str | None = None,
             chash: str | None = None, size: int | None = None) -> None:
        report.failed.append((uri, reason))
        catalog.record_failed(uri, source.name, document_id(uri), reason, content_hash, chash, size)
        bar.step(uri)

    def tasks() -> Iterator[tuple[str, Task]]:
        for item in source.items():
            shown = storable_uri(item.uri)
            if shown != item.uri:
                # A name the catalog cannot store as text (bytes that are not
                # UTF-8 on disk): reported under its escaped name, job goes on.
                if shown not in seen:
                    seen.add(shown)
                    fail(shown, "bad file name: it is not valid UTF-8 (the bytes that are not are "
                                "shown as \\xNN); rename the file to have it indexed")
                else:
                    bar.step(shown)
                continue
            if item.uri in seen:
                bar.step(item.uri)
                continue
            seen.add(item.uri)
            entry = catalog.get(item.uri)
            known[item.uri] = entry
            chash = curated_hash(item.curated, vectors)
            # Same source name as last time too: a job under another name
            # (--source) re-labels every document, changed or not.
            same_source = entry is not None and entry.source == source.name
            previous = entry.validators if entry and same_source and entry.status == "indexed" \
                and entry.curated_hash == chash else None
            try:
                data = fetch_item(item, previous, limits.max_bytes)
            except NotModified:         # 304: the indexed document is current
                report.unchanged.append(item.uri)
                unchanged.append(item.uri)
                bar.step(item.uri)
                continue
            except Skip:                # not a document after all: as if never offered
                seen.discard(item.uri)
                bar.step(item.uri)
                continue
            except Gone as exc:         # 404/410, a deleted record: --prune removes its document
                had_document = entry is not None and (entry.status == "indexed"
                                                      or catalog.has_document(entry.doc_id))
                if (prune and had_document) or (isinstance(exc, Deleted) and not had_document):
                    seen.discard(item.uri)
                    gone_now.add(item.uri)
                    bar.step(item.uri)
                    continue
                fail(item.uri, str(exc))
                continue
            except KbError as exc:
                fail(item.uri, str(exc))
                continue
            except OSError as exc:
                fail(item.uri, f"unreadable: {exc.strerror or exc}")
                continue
            digest = hashlib.sha256(data).hexdigest()
            if entry and same_source and entry.content_hash == digest and entry.curated_hash == chash:
                if entry.status == "failed":
                    report.still_failing.append((item.uri, entry.reason or "failed"))
                else:
                    report.unchanged.append(item.uri)
                unchanged.append(item.uri)
                bar.step(item.uri)
                continue
            if len(data) > limits.max_bytes:      # a fetch that could not tell before reading
                fail(item.uri, f"too large: {len(data) / 1048576:.1f} MB is over the "
                               f"{limits.max_bytes / 1048576:.0f} MB limit", digest, chash, len(data))
                continue
            pending_meta[item.uri] = (chash, digest, len(data))
            validators[item.uri] = dict(item.validators)
            hints = item.hints
            if not hints.content_type and item.validators.get("content-type"):
                hints = replace(hints, content_type=item.validators["content-type"])
            fetched_at = datetime.now(timezone.utc)
            provenance = {"source": source.name, "uri": item.uri, "fetched_at": fetched_at,
                          "validators": dict(item.validators), **local_place(root, item.uri)}
            yield item.uri, Task(item.uri, data, hints, dict(item.curated), source.name,
                                 digest, limits, fetched_at, provenance, source_origin, vectors)

    # The single writer runs in a thread of its own, one commit at a time, so
    # the loop below keeps handing work to the workers while the index
    # commits (a Whoosh commit of 200 documents takes seconds). The catalog is
    # written here, in this thread, once the commit it describes is done.
    batch: list[tuple[Document, bytes | None, tuple[str, ...]]] = []   # documents built (see build_entry)
    committing: list[tuple[Future, list[Document], duplicates.Outcome]] = []   # at most one
    submitted = 0
    source_done = False

    def settle(block: bool) -> None:
        """Record the commit in flight once it is done (waiting if `block`).
        An index that fails to commit stops the job, as it always did."""
        if not committing or not (block or committing[0][0].done()):
            return
        future, docs, grouping = committing.pop()
        future.result()
        catalog.record_indexed(source.name, docs, {u: m[0] for u, m in pending_meta.items()}, validators,
                               grouping)
        for doc in docs:
            entry = known.get(doc.uri)
            (report.updated if entry and entry.status == "indexed" else report.added).append(doc.uri)
        bar.tell()
        if on_commit:
            on_commit()

    def commit(final: bool = False) -> None:
        """Start a commit when the writer is free and the batch is due: at
        `batch_size` documents; earlier while the job is young (the first at
        MIN_COMMIT, each later one twice what is already indexed), so that a
        small job does not leave all its index work to the end. Once the
        source has nothing more to give, what has arrived goes while the last
        documents are still being extracted, if it is at least MIN_COMMIT
        documents, so the commit left for after the last one is short.

        Commits are not made smaller than that: each writes every distinct
        term of its documents into a segment of its own, so a job's index
        work grows with the number of its commits (44 PDFs of the shared
        corpus: 1.7 CPU-s in one commit, 2.1 in two, 2.4 in four, with whoosh3's
        codec; 0.64 in one and 0.72 in two or three with KB's, which keeps short
        posting lists inline)."""
        nonlocal submitted
        settle(block=final)
        if committing or not batch:
            return
        size = min(batch_size, max(MIN_COMMIT, 2 * submitted))
        if final:
            size = batch_size
        elif source_done:
            if len(batch) < MIN_COMMIT:
                return
        elif len(batch) < size:
            return
        entries = batch[:size]
        del batch[:size]
        submitted += len(entries)
        # One entry per document: each new document joins the group of a
        # document it duplicates (another format, the same bytes), and only
        # each group's preferred copy is indexed. Planned here, once the
        # previous commit is recorded, so the catalog is current.
        for doc, _, apart in entries:
            for other in apart:          # a curator's word, kept whatever the index does
                catalog.add_split(doc.id, other)
        grouping = duplicates.Regrouping(catalog)
        for doc, sig, _ in entries:
            grouping.place(doc, sig)
        outcome = keep_withdrawn_out(grouping.finish(), catalog.withdrawn_ids())
        shared_titles.settle(catalog, outcome)   # a title unrelated files state too is not used
        docs = [doc for doc, _, _ in entries]
        committing.append((writer.submit(outcome.apply, index), docs, outcome))

    def sources_items() -> Iterator[tuple[str, Task]]:
        nonlocal source_done
        yield from tasks()
        source_done = True

    writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-index-writer")
    warm_enrichers()     # compiled once here rather than in every forked worker
    if vectors:
        embed.warm()     # the model too: loaded once, shared by the forked workers
    pool = WorkerPool(build_entry, size=workers, timeout=limits.timeout)
    try:
        for outcome in pool.map(sources_items()):
            uri = outcome.key
            if outcome.error is not None:
                chash, digest, size = pending_meta.get(uri, (None, None, None))
                fail(uri, str(outcome.error), digest, chash, size)
            else:
                doc, sig, apart = outcome.value
                # A curator's corrections win over whatever the new version says.
                batch.append((apply_corrections(doc, catalog.corrections(doc.id)), sig, apart))
                bar.step(uri)
            commit()
        while batch or committing:
            commit(final=True)
    finally:
        try:
            if committing:      # interrupted: let the commit finish, then record it
                settle(block=True)
        finally:
            writer.shutdown(wait=True)
            bar.close()
    catalog.touch(unchanged)
    report.duplicates.update(catalog.shown_as(report.added + report.updated))
    incomplete = getattr(source, "incomplete", None)   # a source that was down or cut short
    if prune and incomplete:
        report.failed.append((source.name, f"nothing pruned, the source was not read completely: {incomplete}"))
    elif prune:
        # A partial source (an OAI-PMH harvest --from a date) lists only what
        # changed: only what it said is gone may be pruned.
        partial = getattr(source, "partial", False)
        gone = [e for e in catalog.entries(source.name)
                if e.uri not in seen and (not partial or e.uri in gone_now)]
        if gone:
            # A gone document's group goes on without it: another of its
            # formats is shown in its place, or the shown one loses an alternate.
            grouping = duplicates.Regrouping(catalog)
            for e in gone:
                grouping.remove(e.doc_id)
            outcome = keep_withdrawn_out(grouping.finish(), catalog.withdrawn_ids())
            shared_titles.settle(catalog, outcome, gone=[e.doc_id for e in gone])
            outcome.apply(index)
            index.delete([e.doc_id for e in gone if e.status == "indexed" or catalog.has_document(e.doc_id)])
            catalog.record_grouping(outcome)
            catalog.forget([e.uri for e in gone])
            report.removed.extend(e.uri for e in gone)
    report.seconds = time.monotonic() - started
    return report
