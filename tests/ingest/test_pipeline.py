"""Ingest jobs end to end: real files in a folder, real worker processes, a real
Whoosh index and catalog in tmp_path."""
from __future__ import annotations

import json
import shutil

import pytest

from kb.models import Query, document_id
from ingest.catalog import Catalog
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource
from ingest.sources.manifest import ManifestSource
from tests.ingest import builders


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "fiji-portal.pdf").write_bytes(builders.make_pdf(
        ["Fiji digital government case study.",
         "The one stop shop portal of Fiji lets citizens register a business online."],
        title="Fiji one stop shop portal"))
    (root / "jamaica.pptx").write_bytes(builders.make_pptx([
        ("Digital identity in Jamaica", "National identification system rollout", "Speaker notes on Jamaica"),
        ("Interoperability", "Government data exchange platform", ""),
    ]))
    (root / "estonia.docx").write_bytes(builders.make_docx([
        ("Introduction", ["Estonia built its X-Road data exchange layer for interoperability."]),
        ("Digital identity", ["Every resident of Estonia holds an electronic identity card."]),
    ]))
    (root / "mauritius.html").write_text(
        "<!doctype html><html lang='en'><head><title>Mauritius e-services</title></head><body>"
        "<nav>Home | About</nav><main><h1>Mauritius e-services</h1>"
        "<p>Mauritius offers online tax filing and an e-procurement system.</p></main>"
        "<footer>Copyright</footer></body></html>", encoding="utf-8")
    (root / "notes.md").write_text("# Open data in Kenya\n\nKenya published an open data portal.\n",
                                   encoding="utf-8")
    return root


@pytest.fixture
def bad_files(folder):
    good = builders.make_pdf(["Some text about Samoa and e-government."])
    bad = {
        "truncated.pdf": good[: len(good) // 2],
        "encrypted.pdf": builders.make_pdf(["secret"], encrypt_password="s3cret"),
        "random.pdf": bytes(range(256)) * 40,
        "empty.pdf": b"",
        "bomb.pptx": builders.make_zip_bomb_pptx(),
        "scan.pdf": builders.make_image_only_pdf(),
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    (folder / "scripts.html").write_text(
        "<html><body>" + "<script>var tracking = 'evil';</script>" * 200
        + "<p>Barbados publishes its cabinet decisions online.</p></body></html>", encoding="utf-8")
    return bad


def run(source, index, settings, **kw):
    with Catalog(settings.catalog_path) as catalog:
        return run_job(source, index, catalog, limits=settings.limits, workers=2,
                       batch_size=3, progress=False, **kw)


def reasons(report):
    return {uri.rsplit("/", 1)[-1]: reason for uri, reason in report.failed}


def test_a_folder_is_indexed_and_searchable(folder, whoosh_index, settings):
    report = run(FolderSource(folder), whoosh_index, settings)
    assert len(report.added) == 5 and not report.failed
    assert report.exit_status == 0
    results = whoosh_index.search(Query(text="one stop shop portal"))
    assert results.hits[0].title == "Fiji one stop shop portal"
    assert results.hits[0].page == 2, "the best match is on the second page"
    assert any(m for _, m in results.hits[0].snippet.parts)
    formats = {c.value: c.count for c in results.facets.get("format", ())}
    assert whoosh_index.search(Query(text="X-Road")).hits[0].format == "docx"
    assert whoosh_index.search(Query(text="Speaker notes Jamaica")).hits[0].format == "pptx"
    assert formats.get("pdf") == 1
    assert whoosh_index.search(Query(text="Home About Copyright")).total == 0, "HTML boilerplate is not indexed"


def test_every_bad_file_is_reported_and_the_job_goes_on(folder, bad_files, whoosh_index, settings):
    report = run(FolderSource(folder), whoosh_index, settings)
    why = reasons(report)
    assert set(why) == {"truncated.pdf", "encrypted.pdf", "random.pdf", "empty.pdf", "bomb.pptx", "scan.pdf"}
    assert why["encrypted.pdf"].startswith("encrypted")
    assert why["empty.pdf"].startswith("no text")
    assert why["scan.pdf"].startswith("no text")
    assert why["bomb.pptx"].startswith("too large")
    assert why["random.pdf"].startswith(("broken", "unsupported", "truncated"))
    assert why["truncated.pdf"].startswith(("broken", "truncated", "no text"))
    assert len(report.added) == 6, "the five good files and the script-laden HTML page"
    assert report.exit_status == 1
    hit = whoosh_index.search(Query(text="Barbados cabinet decisions")).hits[0]
    assert "tracking" not in whoosh_index.get(hit.id).text
    with Catalog(settings.catalog_path) as catalog:
        entry = catalog.get(str(folder / "encrypted.pdf"))
    assert entry.status == "failed" and entry.reason.startswith("encrypted")


def test_a_second_run_extracts_nothing(folder, bad_files, whoosh_index, settings):
    run(FolderSource(folder), whoosh_index, settings)
    again = run(FolderSource(folder), whoosh_index, settings)
    assert not again.added and not again.updated and not again.failed
    assert len(again.unchanged) == 6
    assert len(again.still_failing) == 6, "known failures are listed, not re-extracted"
    assert again.exit_status == 1, "files that still fail are failures of this run too"


def test_a_changed_file_is_reindexed_under_the_same_id(folder, whoosh_index, settings):
    run(FolderSource(folder), whoosh_index, settings)
    target = folder / "notes.md"
    target.write_text("# Open data in Kenya\n\nKenya now runs a national geospatial portal.\n")
    report = run(FolderSource(folder), whoosh_index, settings)
    assert report.updated == [str(target)] and len(report.unchanged) == 4
    assert whoosh_index.count() == 5
    hit = whoosh_index.search(Query(text="geospatial")).hits[0]
    assert hit.id == document_id(str(target))
    assert whoosh_index.search(Query(text="published")).total == 0


def test_a_file_that_turns_bad_keeps_its_last_good_version(folder, whoosh_index, settings):
    run(FolderSource(folder), whoosh_index, settings)
    (folder / "fiji-portal.pdf").write_bytes(b"%PDF-1.4\n garbage")
    report = run(FolderSource(folder), whoosh_index, settings)
    assert "fiji-portal.pdf" in reasons(report)
    assert whoosh_index.search(Query(text="one stop shop portal")).total == 1


def test_prune_removes_documents_whose_file_is_gone(folder, whoosh_index, settings):
    run(FolderSource(folder), whoosh_index, settings)
    (folder / "notes.md").unlink()
    kept = run(FolderSource(folder), whoosh_index, settings)
    assert not kept.removed and whoosh_index.count() == 5, "without --prune nothing is removed"
    pruned = run(FolderSource(folder), whoosh_index, settings, prune=True)
    assert pruned.removed == [str(folder / "notes.md")]
    assert whoosh_index.count() == 4
    assert whoosh_index.search(Query(text="Kenya")).total == 0


def test_prune_leaves_other_sources_alone(folder, tmp_path, whoosh_index, settings):
    other = tmp_path / "other"
    other.mkdir()
    shutil.move(str(folder / "notes.md"), other / "notes.md")
    run(FolderSource(folder), whoosh_index, settings)
    run(FolderSource(other), whoosh_index, settings)
    report = run(FolderSource(folder), whoosh_index, settings, prune=True)
    assert not report.removed and whoosh_index.count() == 5


def test_manifest_values_win_and_say_so(folder, whoosh_index, settings):
    manifest = folder / "manifest.csv"
    manifest.write_text(
        "path,title,countries,doc_type,year,topics,language,source,organisation\n"
        "fiji-portal.pdf,Curated title,FJI;WSM,case-study,2017,one-stop-shop,en,Pacific library,UNDP\n"
        "estonia.docx,,,,,,,,\n"
        "notes.md,,Atlantis,,,,,,\n"
        "missing.pdf,,,,,,,,\n", encoding="utf-8")
    report = run(ManifestSource(manifest), whoosh_index, settings)
    why = reasons(report)
    assert "unknown country 'Atlantis'" in why["notes.md"]
    assert why["missing.pdf"].startswith("missing")
    assert len(report.added) == 2
    doc = whoosh_index.get(document_id(str(folder / "fiji-portal.pdf")))
    assert (doc.title, doc.countries, doc.doc_type, doc.year, doc.source, doc.organisation) == (
        "Curated title", ("FJI", "WSM"), "case-study", 2017, "Pacific library", "UNDP")
    assert doc.origins["countries"].kind == "curated"
    assert doc.sids == ("Pacific",) and doc.origins["sids"].kind == "inferred"
    estonia = whoosh_index.get(document_id(str(folder / "estonia.docx")))
    assert estonia.origins["countries"].kind == "inferred" and "EST" in estonia.countries
    # Curated values survive re-ingestion; a changed curated value re-indexes.
    manifest.write_text(manifest.read_text().replace("2017", "2018"), encoding="utf-8")
    again = run(ManifestSource(manifest), whoosh_index, settings)
    assert again.updated == [str(folder / "fiji-portal.pdf")]
    assert whoosh_index.get(doc.id).year == 2018


def test_json_manifest(folder, whoosh_index, settings):
    manifest = folder / "manifest.json"
    manifest.write_text(json.dumps([
        {"path": "jamaica.pptx", "countries": ["JAM"], "type": "presentation", "topics": ["digital-identity"]},
    ]))
    report = run(ManifestSource(manifest), whoosh_index, settings)
    assert len(report.added) == 1
    doc = whoosh_index.get(document_id(str(folder / "jamaica.pptx")))
    assert doc.doc_type == "presentation" and doc.topics == ("digital-identity",)


def test_a_new_recipe_reextracts_unchanged_files(folder, whoosh_index, settings, monkeypatch):
    """After an upgrade of the extractors or enrichers, old metadata is not kept."""
    from ingest import pipeline

    run(FolderSource(folder), whoosh_index, settings)
    monkeypatch.setattr(pipeline, "recipe_fingerprint", lambda: "a-newer-recipe")
    report = run(FolderSource(folder), whoosh_index, settings)
    assert len(report.updated) == 5 and not report.unchanged


@pytest.fixture
def many(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    for i in range(40):
        (root / f"note-{i:02}.md").write_text(f"# Note {i}\n\nKenya open data portal, note number {i}.\n",
                                             encoding="utf-8")
    return root


def test_commits_run_during_the_job_and_the_catalog_follows_each_one(many, whoosh_index, settings):
    """The writer commits while workers extract (the first commits are small,
    not one batch at the end), and when a commit is reported every document
    the catalog calls indexed is in the index."""
    commits = []
    with Catalog(settings.catalog_path) as catalog:
        def check():
            indexed = [e for e in catalog.entries() if e.status == "indexed"]
            whoosh_index.refresh()
            commits.append(len(indexed))
            assert all(whoosh_index.get(e.doc_id) is not None for e in indexed)

        report = run_job(FolderSource(many), whoosh_index, catalog, limits=settings.limits, workers=2,
                         batch_size=200, progress=False, on_commit=check)
    assert len(report.added) == 40 and not report.failed
    assert len(commits) >= 2 and commits[0] >= 16 and commits[-1] == 40
    assert commits == sorted(commits)


class FailingIndex:
    """An index whose second commit fails, as a full disk would."""

    def __init__(self, inner):
        self.inner, self.calls = inner, 0

    def upsert(self, documents):
        self.calls += 1
        if self.calls == 2:
            raise OSError(28, "No space left on device")
        self.inner.upsert(documents)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_failed_commit_stops_the_job_and_the_catalog_keeps_only_what_was_committed(
        many, whoosh_index, settings):
    index = FailingIndex(whoosh_index)
    with Catalog(settings.catalog_path) as catalog:
        with pytest.raises(OSError):
            run_job(FolderSource(many), index, catalog, limits=settings.limits, workers=2,
                    batch_size=10, progress=False)
        indexed = [e for e in catalog.entries() if e.status == "indexed"]
    whoosh_index.refresh()
    assert len(indexed) == 10 == whoosh_index.count()
    # the next run picks up the rest
    report = run(FolderSource(many), whoosh_index, settings)
    assert len(report.added) == 30 and len(report.unchanged) == 10
