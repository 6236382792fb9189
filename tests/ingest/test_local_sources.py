"""Local files as a curator points KB at them: size limits checked before a
file is read, manifests that may only list files in their own folder, source
names that re-label documents. Real files, real worker processes, a real
Whoosh index and catalog in tmp_path; `kb` itself where the exit status or the
process's memory is what a curator sees."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kb.errors import TooLarge, Unsupported
from kb.models import Query, document_id
from ingest.catalog import Catalog
from ingest.fetch import read_local
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource
from ingest.sources.manifest import ManifestSource
from tests.conftest import ROOT

GOOD_HTML = ("<html><head><title>Tonga e-services</title></head><body>"
             "<p>Tonga offers online tax filing and a one stop shop portal.</p></body></html>")


def run(source, index, settings, **kw):
    with Catalog(settings.catalog_path) as catalog:
        return run_job(source, index, catalog, limits=settings.limits, workers=2,
                       batch_size=3, progress=False, **kw)


@pytest.fixture
def docs(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "tonga.html").write_text(GOOD_HTML, encoding="utf-8")
    return root


# ---------------------------------------------------------------- size before reading

def test_a_huge_file_is_reported_too_large_without_being_read(tmp_path, docs):
    """A 1 GiB (sparse) file over a 1 MB limit: the job's process never holds
    it in memory. Measured on the real `kb ingest folder` process: its peak
    resident size (and its workers') is what a curator's machine pays."""
    with open(docs / "huge.pdf", "wb") as f:
        f.truncate(1 << 30)
    measure = ("import resource, subprocess, sys\n"
               "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
               "sys.stderr.write(p.stderr)\n"
               "print(p.stdout)\n"
               "print('maxrss-kib', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "sys.exit(p.returncode)\n")
    env = dict(os.environ, KB_DATA_DIR=str(tmp_path / "var"), KB_WORKERS="1", KB_MAX_FILE_MB="1")
    proc = subprocess.run([sys.executable, "-c", measure, sys.executable, "-m", "kb.cli",
                           "ingest", "folder", str(docs)],
                          capture_output=True, text=True, env=env, timeout=300, cwd=ROOT)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "1 added" in proc.stdout and "1 failed" in proc.stdout
    assert "huge.pdf: too large: 1024.0 MB is over the 1 MB limit" in proc.stdout
    peak_mib = int(proc.stdout.rsplit("maxrss-kib", 1)[1]) / 1024
    assert peak_mib < 400, f"the ingest peaked at {peak_mib:.0f} MiB for a file it should not read"


def test_the_local_fetch_refuses_before_reading(tmp_path):
    big = tmp_path / "big.pdf"
    with open(big, "wb") as f:
        f.truncate(5 * 1048576)
    with pytest.raises(TooLarge, match="5.0 MB is over the 1 MB limit"):
        read_local(big, max_bytes=1048576)
    small = tmp_path / "small.txt"
    small.write_bytes(b"exactly twelve")
    assert read_local(small, max_bytes=14) == b"exactly twelve"
    with pytest.raises(TooLarge):
        read_local(small, max_bytes=13)
    # A FIFO would block a plain read until someone writes to it: refused at once.
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(Unsupported, match="not a regular file"):
        read_local(fifo, max_bytes=1048576)


def test_too_large_through_the_pipeline_keeps_the_job_going(docs, whoosh_index, settings):
    with open(docs / "huge.docx", "wb") as f:
        f.truncate(3 * 1048576)
    report = run(FolderSource(docs), whoosh_index, settings.with_(max_file_mb=1))
    assert [(u.rsplit("/", 1)[-1], r.split(":")[0]) for u, r in report.failed] == [("huge.docx", "too large")]
    assert len(report.added) == 1 and whoosh_index.search(Query(text="Tonga")).total == 1


# ---------------------------------------------------------------- source names

def test_a_manifest_source_name_is_not_said_to_come_from_the_manifest(docs, whoosh_index, settings):
    (docs / "kenya.html").write_text(GOOD_HTML.replace("Tonga", "Kenya"), encoding="utf-8")
    manifest = docs / "list.csv"
    manifest.write_text("path,source\ntonga.html,\nkenya.html,Kenya library\n", encoding="utf-8")
    run(ManifestSource(manifest, name="Pacific", name_origin="with --source on the command line"),
        whoosh_index, settings)
    tonga = whoosh_index.get(document_id(str(docs / "tonga.html")))
    kenya = whoosh_index.get(document_id(str(docs / "kenya.html")))
    assert tonga.source == "Pacific" and kenya.source == "Kenya library"
    assert (tonga.origins["source"].kind, tonga.origins["source"].reason) == (
        "curated", "source name given with --source on the command line")
    assert (kenya.origins["source"].kind, kenya.origins["source"].reason) == ("curated", "from the manifest")
    # Under another name the rows without a source column are re-labelled;
    # the curated one keeps its value.
    report = run(ManifestSource(manifest, name="Oceania"), whoosh_index, settings)
    assert sorted(report.updated) == sorted([tonga.uri, kenya.uri])
    assert whoosh_index.get(tonga.id).source == "Oceania"
    assert whoosh_index.get(kenya.id).source == "Kenya library"
    assert whoosh_index.search(Query(filters={"source": ("Pacific",)})).total == 0


def test_a_relabelled_folder_is_not_pruned_by_its_old_name(docs, whoosh_index, settings):
    run(FolderSource(docs, name="old"), whoosh_index, settings)
    run(FolderSource(docs, name="new"), whoosh_index, settings)
    with Catalog(settings.catalog_path) as catalog:
        assert [e.source for e in catalog.entries()] == ["new"]
    assert run(FolderSource(docs, name="new"), whoosh_index, settings, prune=True).removed == []
    assert whoosh_index.search(Query(filters={"source": ("new",)})).total == 1


# ---------------------------------------------------------------- what a source may point at

def test_manifest_rows_outside_its_folder_are_reported_and_the_rest_indexed(tmp_path, docs, whoosh_index,
                                                                           settings):
    secret = tmp_path / "secret.html"
    secret.write_text(GOOD_HTML.replace("Tonga", "Secretland"), encoding="utf-8")
    (docs / "sub").mkdir()
    (docs / "sub" / "samoa.html").write_text(GOOD_HTML.replace("Tonga", "Samoa"), encoding="utf-8")
    (docs / "link.html").symlink_to(secret)
    manifest = docs / "list.csv"
    manifest.write_text("path,title\n"
                        "tonga.html,\n"
                        f"{docs / 'sub' / 'samoa.html'},\n"      # absolute, but inside: fine
                        "../secret.html,\n"
                        f"{secret},\n"
                        "link.html,\n"
                        "sub/../../secret.html,\n", encoding="utf-8")
    report = run(ManifestSource(manifest), whoosh_index, settings)
    assert sorted(report.added) == sorted([str(docs / "tonga.html"), str(docs / "sub" / "samoa.html")])
    why = dict(report.failed)
    assert set(why) == {"../secret.html", str(secret), "link.html", "sub/../../secret.html"}
    for row, reason in why.items():
        assert reason.startswith("outside the manifest's folder: list.csv row "), (row, reason)
        assert "a manifest lists files in its own folder or below it" in reason
    assert whoosh_index.search(Query(text="Secretland")).total == 0
    assert report.exit_status == 1


def test_a_symbolic_link_out_of_an_ingested_folder_is_reported_not_read(tmp_path, docs, whoosh_index,
                                                                         settings):
    secret = tmp_path / "secret.html"
    secret.write_text(GOOD_HTML.replace("Tonga", "Secretland"), encoding="utf-8")
    (docs / "leak.html").symlink_to(secret)
    (docs / "again.html").symlink_to(docs / "tonga.html")      # a link that stays inside is fine
    report = run(FolderSource(docs), whoosh_index, settings)
    assert sorted(report.added) == sorted([str(docs / "tonga.html"), str(docs / "again.html")])
    assert [(u, r.split(":")[0]) for u, r in report.failed] == [(str(docs / "leak.html"), "outside the folder")]
    assert whoosh_index.search(Query(text="Secretland")).total == 0


def test_a_named_source_of_kb_toml_says_its_name_came_from_there(tmp_path, docs, whoosh_index, settings):
    from ingest.sources.config import build_source, load_sources

    config = tmp_path / "kb.toml"
    config.write_text('[sources.pacific-notes]\nkind = "folder"\npath = "docs"\n'
                      '[sources.pacific-notes.metadata]\ncountries = "TON"\n', encoding="utf-8")
    source = build_source(load_sources(config)["pacific-notes"], max_bytes=settings.limits.max_bytes)
    report = run(source, whoosh_index, settings)
    assert len(report.added) == 1
    doc = whoosh_index.get(document_id(str(docs / "tonga.html")))
    assert doc.source == "pacific-notes" and doc.countries == ("TON",)
    assert (doc.origins["source"].kind, doc.origins["source"].reason) == (
        "curated", "source name given by [sources.pacific-notes] in the sources file")
    # the wrapped folder source still tells the web where its root is
    assert doc.extra["provenance"]["path"] == "tonga.html"
