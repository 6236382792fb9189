"""`kb reindex`: moving a repository to another backend from the catalog, as a
curator would, in real processes on a real data directory."""
from __future__ import annotations

import json

import pytest

from tests.conftest import run_kb

from tests.ingest import builders

QUERIES = [
    ["one stop shop"],
    ["one stop shop", "--country", "FJI"],
    ["strategy", "--type", "strategy"],
    ["identity"],
    ["", "--sort", "title"],
]


def kb(*args, data_dir, backend="whoosh", check=0):
    return run_kb(*args, data_dir=data_dir, check=check, backend=backend)


def hits(data_dir, backend, args) -> tuple[int, list[tuple[str, int | None]], dict]:
    out = json.loads(kb("search", *args, "--json", data_dir=data_dir, backend=backend).stdout)
    facets = {name: {c["value"]: c["count"] for c in counts} for name, counts in out["facets"].items()}
    return out["total"], [(h["uri"], h["page"]) for h in out["hits"]], facets


@pytest.fixture
def ingested(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    builders.write_case_studies(root)
    (root / "kenya.html").write_text(
        "<html><head><title>Huduma centres in Kenya</title></head><body><h1>Huduma</h1>"
        "<p>Kenya brought many government services under one roof, a one stop shop.</p>"
        "<h2>Results</h2><p>Waiting times fell; the strategy now moves services online.</p>"
        "</body></html>")
    data = tmp_path / "var"
    kb("ingest", "folder", str(root), data_dir=data)
    return data, root


def test_reindex_to_tantivy_gives_the_same_hits(ingested, tmp_path):
    data, root = ingested
    before = {tuple(q): hits(data, "whoosh", q) for q in QUERIES}
    assert before[("one stop shop",)][0] == 3

    # before the rebuild the tantivy index is empty, and KB says what to do
    empty = kb("search", "shop", data_dir=data, backend="tantivy", check=None)
    assert "0 documents" in empty.stdout and "kb reindex --backend tantivy" in empty.stderr

    # nothing is fetched or extracted: the source files may be gone
    for f in root.iterdir():
        f.unlink()
    out = kb("reindex", "--backend", "tantivy", "--json", data_dir=data)
    assert json.loads(out.stdout)["documents"] == 3
    after = {tuple(q): hits(data, "tantivy", q) for q in QUERIES}
    for q in QUERIES:
        total_b, hits_b, facets_b = before[tuple(q)]
        total_a, hits_a, facets_a = after[tuple(q)]
        assert total_a == total_b, q
        assert sorted(hits_a) == sorted(hits_b), q   # same documents, same best pages
        assert facets_a == facets_b, q
    assert after[("", "--sort", "title")][1] == before[("", "--sort", "title")][1]
    # each backend has its own index; no building or old directories are left
    assert sorted(p.name for p in data.iterdir() if p.name.startswith("index")) == ["index", "index-tantivy"]

    # and back again
    kb("reindex", "--backend", "whoosh", data_dir=data)
    assert hits(data, "whoosh", ["one stop shop"])[0] == 3


def test_reindex_unknown_backend_is_a_usage_error(ingested):
    data, _ = ingested
    proc = kb("reindex", "--backend", "lucene", data_dir=data, check=None)
    assert proc.returncode == 2 and "choose one of" in proc.stderr


def test_copy_documents_batches_by_count_and_by_text_or_streams(tmp_path):
    """Whoosh gets batches (of its rebuild_batch, or fewer when their text
    grows large); tantivy gets one streamed upsert; both end with every document."""
    from indexes.tantivy import TantivyIndex
    from indexes.whoosh import WhooshIndex
    from ingest.catalog import Catalog
    from ingest.reindex import copy_documents
    from tests.conftest import make_document

    docs = [make_document(id=f"d{i}", uri=f"/docs/d{i}.pdf", pages=("word " * (200 if i == 3 else 20),))
            for i in range(7)]
    with Catalog(tmp_path / "catalog.sqlite") as catalog:
        catalog.record_indexed("test", docs, {}, {})

        class Recording(WhooshIndex):
            rebuild_batch = 3
            batches: list[int] = []

            def upsert(self, documents):
                documents = list(documents)
                self.batches.append(len(documents))
                super().upsert(documents)

        whoosh = Recording(tmp_path / "whoosh")
        assert copy_documents(catalog, whoosh) == 7
        assert whoosh.batches == [3, 3, 1] and whoosh.count() == 7
        whoosh.batches.clear()
        # a batch also ends once its text passes max_chars (document 3 is long)
        assert copy_documents(catalog, whoosh, max_chars=900) == 7
        assert whoosh.batches == [3, 1, 3] and whoosh.count() == 7
        whoosh.close()

        tantivy = TantivyIndex(tmp_path / "tantivy")
        assert tantivy.rebuild_batch is None
        assert copy_documents(catalog, tantivy) == 7 and tantivy.count() == 7
        tantivy.close()


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("backend", ["whoosh", "tantivy"])
def test_reindex_removes_what_a_killed_reindex_left_and_keeps_a_running_ones(ingested, backend):
    import os

    data, _ = ingested
    name = "index" if backend == "whoosh" else "index-tantivy"
    if backend == "tantivy":
        kb("reindex", "--backend", "tantivy", data_dir=data)
    dead = dead_pid()
    left = [data / f"{name}.building-{dead}", data / f"{name}.old-{dead}"]
    running = data / f"{name}.building-{os.getpid()}"      # this test's process is alive
    for folder in (*left, running):
        folder.mkdir()
        (folder / "segment").write_bytes(b"x" * 1000)
    kb("reindex", "--backend", backend, data_dir=data)
    assert not any(p.exists() for p in left), sorted(p.name for p in data.iterdir())
    assert (running / "segment").exists()
    assert hits(data, backend, ["one stop shop"])[0] == 3


def test_reindex_after_one_killed_mid_swap_leaves_no_folder_aside(ingested):
    """Killed between its two renames, a reindex leaves no index, only
    `index.old-PID`: the next run takes it back (it would be the index if the
    rebuild failed) and ends with one index and nothing aside."""
    data, _ = ingested
    aside = data / f"index.old-{dead_pid()}"
    (data / "index").rename(aside)
    kb("reindex", data_dir=data)
    assert not aside.exists() and (data / "index").is_dir()
    assert hits(data, "whoosh", ["one stop shop"])[0] == 3
