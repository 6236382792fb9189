"""Curation over the catalog and the index: `kb.curation.Curation` for the
web and the command line.

Corrections and withdrawals are rows of the catalog (`ingest.catalog`); the
index is updated at once, so a reader's next search sees the change; every
change goes to the audit log (`kb.audit`). Uploads are written under
DATA_DIR/uploads with names the server chooses and go through the same
pipeline (`ingest.pipeline.run_job`) as any source, named "uploads", so a
later `kb ingest folder DATA_DIR/uploads --source uploads` finds the same
documents and keeps their curated metadata."""
from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Mapping

from kb.audit import AuditLog
from kb.curation import (ALREADY_WITHDRAWN, BAD_CARD, NOT_WITHDRAWN, Conflict, InvalidChange, Status,
                         UploadedFile, UploadReport, Withdrawal, apply_corrections, changed_fields,
                         check_changes, check_reason, field_values, plain, safe_name, shown_name)
from kb.errors import NotFound
from kb.jobs import UPLOADS, JobTable, job_kind
from kb.models import Document, Origin, document_id
from kb.protocols import Index
from kb.settings import Settings
from ingest import duplicates
from ingest.catalog import Catalog
from ingest.sources.folder import file_item

UPLOADS_SOURCE = UPLOADS     # the source every upload is ingested as
NOTHING_INGESTED = "nothing was ingested: every file was refused before extraction"
MAX_FILES = 20          # files in one upload


class UploadsSource:
    """The files of one upload, as the source "uploads" whose root is the
    uploads folder (so the web serves their originals from there only)."""

    name = UPLOADS_SOURCE
    name_origin = Origin("curated", "uploaded by a curator")

    def __init__(self, root: Path, paths: list[Path]):
        self.root = root.resolve()
        self._paths = paths

    def items(self):
        for path in self._paths:
            yield file_item(path)

    def __len__(self) -> int:
        return len(self._paths)


def _summary(doc: Document) -> dict:
    """What the audit log keeps of a document that is deleted or uploaded."""
    return {"title": doc.title, "source": doc.source, "format": doc.format,
            **{k: plain(v) for k, v in field_values(doc).items() if not k.startswith("practice.")}}


class CatalogCuration:
    """`kb.curation.Curation` on the catalog under `settings.data_dir` and
    `index`. A catalog connection is opened per call, so one object serves
    every thread of a web worker."""

    def __init__(self, settings: Settings, index: Index | None = None, *, index_opener=None,
                 workers: int = 1):
        self.settings = settings
        self._index = index
        self._opener = index_opener
        self.workers = workers
        self._upload_lock = threading.Lock()

    @property
    def index(self) -> Index:
        if self._index is None:
            self._index = self._opener()
        return self._index

    @property
    def audit(self) -> AuditLog:
        return AuditLog(self.settings.audit_path)

    @contextmanager
    def _catalog(self) -> Iterator[Catalog]:
        catalog = Catalog(self.settings.catalog_path)
        try:
            yield catalog
        finally:
            catalog.close()

    def _stored(self, catalog: Catalog, doc_id: str) -> Document | None:
        doc = catalog.document(doc_id)
        if doc is None:
            doc = self.index.get(doc_id)
        return apply_corrections(doc, catalog.corrections(doc_id)) if doc is not None else None

    def _current(self, catalog: Catalog, doc_id: str) -> Document:
        doc = self._stored(catalog, doc_id)
        if doc is None:
            error = NotFound(f"no document with id {doc_id!r}")
            error.template, error.params = "no document with id %(id)s", {"id": repr(doc_id)}
            raise error
        return doc

    def _refresh(self) -> None:
        refresh = getattr(self.index, "refresh", None)
        if refresh:
            refresh()

    # ------------------------------------------------------------ reading

    def document(self, doc_id: str) -> Document | None:
        with self._catalog() as catalog:
            return self._stored(catalog, doc_id)

    def status(self, doc_id: str) -> Status:
        if not self.settings.catalog_path.exists():
            return Status()
        with self._catalog() as catalog:
            return Status(tuple(catalog.corrections(doc_id)), catalog.withdrawal(doc_id))

    def withdrawn(self) -> list[tuple[Document, Withdrawal]]:
        if not self.settings.catalog_path.exists():
            return []
        with self._catalog() as catalog:
            out = []
            for doc_id, withdrawal in catalog.withdrawals():
                doc = self._stored(catalog, doc_id)
                if doc is not None:
                    out.append((doc, withdrawal))
            return out

    # ------------------------------------------------------------ changing

    def edit(self, user: str, doc_id: str, changes: Mapping[str, Any]) -> Document:
        checked = check_changes(changes)
        with self._catalog() as catalog:
            doc = self._current(catalog, doc_id)
            for key in checked:
                if key.startswith("practice.") and int(key.split(".")[1]) > len(doc.practices) + 1:
                    raise InvalidChange(BAD_CARD, num=key.split(".")[1])
            before = field_values(doc)
            changed = changed_fields(doc, checked)
            if not changed:
                return doc
            corrections = catalog.set_corrections(doc_id, changed, user)
            new = apply_corrections(doc, corrections)
            catalog.store_document(new)
            if catalog.withdrawal(doc_id) is None:
                self.index.upsert([new])
                self._refresh()
        self.audit.record(user, "edit", doc_id, {k: plain(before.get(k)) for k in changed},
                          {k: plain(v) for k, v in changed.items()})
        return new

    def withdraw(self, user: str, doc_id: str, reason: str) -> Withdrawal:
        reason = check_reason(reason)
        with self._catalog() as catalog:
            doc = self._current(catalog, doc_id)
            if catalog.withdrawal(doc_id) is not None:
                raise Conflict(ALREADY_WITHDRAWN)
            if not catalog.has_document(doc_id):
                catalog.store_document(doc)        # kept, so that it can be restored
            withdrawal = catalog.set_withdrawn(doc_id, reason, user)
            catalog.record_deleted([doc_id])       # harvesters see it go
            self.index.delete([doc_id])
            self._refresh()
        self.audit.record(user, "withdraw", doc_id, {"withdrawn": False, "title": doc.title},
                          {"withdrawn": True, "title": doc.title, "reason": reason})
        return withdrawal

    def restore(self, user: str, doc_id: str) -> Document:
        with self._catalog() as catalog:
            withdrawal = catalog.withdrawal(doc_id)
            if withdrawal is None:
                self._current(catalog, doc_id)       # a 404 for an unknown id
                raise Conflict(NOT_WITHDRAWN)
            doc = self._current(catalog, doc_id)
            self.index.upsert([doc])
            self._refresh()
            catalog.clear_withdrawn(doc_id)
            catalog.store_document(doc)             # a current OAI-PMH record again
        self.audit.record(user, "restore", doc_id, {"withdrawn": True, "reason": withdrawal.reason},
                          {"withdrawn": False, "title": doc.title})
        return doc

    def delete(self, user: str, doc_id: str) -> Document:
        with self._catalog() as catalog:
            doc = self._current(catalog, doc_id)
            uris = catalog.uris_of(doc_id)
            # Its group goes on without it, as when a source drops a file.
            grouping = duplicates.Regrouping(catalog)
            grouping.remove(doc_id)
            outcome = grouping.finish()
            withdrawn = catalog.withdrawn_ids() - {doc_id}
            outcome.deletes.extend(d.id for d in outcome.upserts if d.id in withdrawn)
            outcome.upserts = [d for d in outcome.upserts if d.id not in withdrawn]
            outcome.apply(self.index)
            self.index.delete([doc_id])
            self._refresh()
            catalog.record_grouping(outcome)
            catalog.forget(uris)
            catalog.forget_document(doc_id)
            catalog.forget_curation(doc_id)
        removed = self._remove_upload(doc.uri)
        self.audit.record(user, "delete", doc_id, _summary(doc),
                          {"deleted": True, "uploaded_file_removed": removed})
        return doc

    def _remove_upload(self, uri: str) -> bool:
        """Remove the stored file of an uploaded document (never anything
        outside the uploads folder)."""
        root = self.settings.uploads_dir.resolve()
        try:
            path = Path(uri).resolve()
        except (OSError, RuntimeError, ValueError):
            return False
        if path.parent != root or not path.is_file():
            return False
        path.unlink()
        return True

    # ------------------------------------------------------------ uploading

    def _store(self, upload: UploadedFile) -> Path:
        """Write the bytes under a server-chosen name inside the uploads folder
        (through a temporary file, so no reader sees half a file)."""
        root = self.settings.uploads_dir
        root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(upload.data).hexdigest()
        for earlier in sorted(root.glob(f"{digest[:16]}-*")):     # the same bytes, under any name
            if earlier.is_file():
                return earlier
        target = root / safe_name(upload.name, digest)
        if target.resolve().parent != root.resolve():      # cannot happen with safe_name; kept as a guard
            raise InvalidChange("bad file name")
        if target.exists():
            return target
        fd, temp = tempfile.mkstemp(dir=root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(upload.data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return target

    def upload(self, user: str, files: list[UploadedFile], metadata: Mapping[str, Any]) -> UploadReport:
        given = {k: v for k, v in metadata.items() if v not in (None, "", [], ())}
        checked = check_changes(given) if given else {}
        report = UploadReport()
        table = JobTable(self.settings.jobs_path)
        # A job of the history like any other: refused (409) while a re-ingest
        # of the uploads runs, before anything is stored.
        job = table.begin(job_kind(UPLOADS_SOURCE), UPLOADS_SOURCE, user, via="web")
        try:
            report = self._upload(table, job, user, files, checked, report)
        except BaseException as exc:
            table.finish(job.id, "failed", error=f"the upload stopped: {type(exc).__name__}")
            raise
        # a job that ran has ended (done) and stays so; one that never ran failed
        table.finish(job.id, "failed", error=NOTHING_INGESTED)
        return report

    def _upload(self, table: JobTable, job, user: str, files: list[UploadedFile],
                checked: Mapping[str, Any], report: UploadReport) -> UploadReport:
        from ingest.jobs import run_recorded

        limits = self.settings.limits
        names: dict[str, str] = {}      # stored path -> the name the curator gave
        paths: list[Path] = []
        for upload in files[:MAX_FILES]:
            name = shown_name(upload.name)
            if not upload.data:
                report.failed.append({"name": name, "reason": "empty: the file has no content"})
                continue
            if upload.length > limits.max_bytes:
                report.failed.append({"name": name, "reason": (
                    f"too large: {upload.length / 1048576:.1f} MB is over the "
                    f"{limits.max_bytes / 1048576:g} MB limit")})
                continue
            path = self._store(upload)
            if str(path) not in names:
                names[str(path)] = name
                paths.append(path)
        for upload in files[MAX_FILES:]:
            report.failed.append({"name": shown_name(upload.name),
                                  "reason": f"too many files: at most {MAX_FILES} in one upload"})
        if not paths:
            return report
        s = self.settings
        with self._upload_lock, self._catalog() as catalog:
            if checked:
                for path in paths:
                    catalog.set_corrections(document_id(str(path)), checked, user)
            result = run_recorded(table, job, UploadsSource(s.uploads_dir, paths), self.index, catalog,
                                  settings=s, workers=self.workers, progress=False)
            self._refresh()
            root = str(s.uploads_dir.resolve())
            for uri, reason in result.failed:
                report.failed.append({"name": names.get(uri, shown_name(uri)),
                                      "reason": reason.replace(root + os.sep, "").replace(root, "")})
                # not kept: a failed upload leaves nothing behind
                catalog.forget([uri])
                catalog.forget_curation(document_id(uri))
                Path(uri).unlink(missing_ok=True)
            for uri, reason in result.still_failing:
                report.failed.append({"name": names.get(uri, shown_name(uri)), "reason": reason})
            if checked:     # the same bytes again, with new metadata: laid over the stored document
                for uri in result.unchanged:
                    doc = self._stored(catalog, document_id(uri))
                    if doc is not None:
                        catalog.store_document(doc)
                        if catalog.withdrawal(doc.id) is None:
                            self.index.upsert([doc])
                self._refresh()
            done = []
            for kind, uris in (("added", result.added + result.updated), ("unchanged", result.unchanged)):
                for uri in uris:
                    doc = self._stored(catalog, document_id(uri))
                    row = {"name": names.get(uri, shown_name(uri)), "id": document_id(uri),
                           "title": doc.title if doc else names.get(uri, ""),
                           "shown_as": document_id(result.duplicates[uri]) if uri in result.duplicates else None}
                    getattr(report, kind).append(row)
                    if kind == "added" and doc is not None:
                        done.append(doc)
        for doc in done:
            self.audit.record(user, "upload", doc.id, None,
                              {"name": names.get(doc.uri, ""), **_summary(doc),
                               "curated": {k: plain(v) for k, v in checked.items()}})
        return report
