"""The catalog keeps the OAI-PMH record register in step with the index: every
document the index shows is a live record, every one it stopped showing (a
prune, a file now kept as another's other format) is a deleted record that
stays, and a catalog from before the register gets one when it is opened.
Real files in a folder, real workers, a real Whoosh index."""
from __future__ import annotations

import sqlite3
from datetime import datetime

from ingest.catalog import Catalog
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource
from kb.oai_register import Register, Selection, stamp
from tests.ingest.test_duplicates import REPORT, as_html, as_pdf


def run(folder, index, settings, prune=False):
    with Catalog(settings.catalog_path) as catalog:
        return run_job(FolderSource(folder, name="reports"), index, catalog, limits=settings.limits,
                       workers=1, progress=False, prune=prune)


def records(settings) -> dict[str, bool]:
    """doc id -> deleted, for every record."""
    return {h.id: h.deleted for h in Register(settings.catalog_path).headers(Selection(), None, 1000)}


def test_the_register_follows_what_the_index_shows(tmp_path, whoosh_index, settings):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "tuvalu.html").write_bytes(as_html(REPORT))
    run(folder, whoosh_index, settings)
    assert records(settings) == {i: False for i in whoosh_index.ids()}

    # the same report as a PDF: one document is shown, the other is its
    # other format, so whichever the index stopped showing is a deleted record
    (folder / "tuvalu.pdf").write_bytes(as_pdf(REPORT))
    run(folder, whoosh_index, settings)
    shown = whoosh_index.ids()
    assert len(shown) == 1
    live = {i for i, deleted in records(settings).items() if not deleted}
    assert live == shown
    assert all(deleted for i, deleted in records(settings).items() if i not in shown)

    # both files go: both are deleted records, kept with their sets
    for path in folder.iterdir():
        path.unlink()
    run(folder, whoosh_index, settings, prune=True)
    assert whoosh_index.count() == 0
    assert records(settings) and all(records(settings).values())
    header = Register(settings.catalog_path).headers(Selection(set_spec="source:reports"), None, 10)
    assert header and all(h.deleted and "source:reports" in h.sets for h in header)


def test_a_catalog_from_before_the_register_gets_one_when_opened(tmp_path, whoosh_index, settings):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "tuvalu.html").write_bytes(as_html(REPORT))
    run(folder, whoosh_index, settings)
    db = sqlite3.connect(settings.catalog_path)
    with db:
        indexed_at = db.execute("SELECT indexed_at FROM items").fetchone()[0]
        for table in ("oai_records", "oai_set_members", "oai_set_names"):
            db.execute(f"DROP TABLE {table}")
    db.close()
    assert Register(settings.catalog_path).earliest() is None, "no register: an empty repository"
    Catalog(settings.catalog_path).close()
    (header,) = Register(settings.catalog_path).headers(Selection(), None, 10)
    assert header.id in whoosh_index.ids() and not header.deleted
    assert header.datestamp == stamp(datetime.fromisoformat(indexed_at)), "dated when it was indexed"
