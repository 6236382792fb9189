"""The benchmark runs end to end on a tiny corpus and reports every figure
(no assertion is about time: only that figures exist and are positive)."""
from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_bench_smoke(tmp_path):
    out = tmp_path / "latest.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--docs", "200", "--queries", "12",
         "--browse-runs", "3", "--web-requests", "16", "--concurrency", "2", "--max-pdfs", "2", "--ingest-repeat", "1",
         "--workdir", str(tmp_path / "work"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(out.read_text())
    assert json.loads(proc.stdout) == result
    assert result["meta"]["cores"] >= 1 and result["meta"]["commit"]
    ingest = result["ingest"]
    assert ingest["enrichment_docs_per_s"] > 0
    if isinstance(ingest.get("extraction"), dict):      # needs ../shared/corpus
        assert ingest["extraction"]["one_process_pages_per_s"] > 0
        assert ingest["end_to_end"]["workers_1_docs_per_s"] > 0 and ingest["end_to_end"]["ratio"] > 0
        engines = ingest["pdf_engines"]
        assert engines["extraction"]["pypdf_pages_per_s"] > 0 and engines["extraction"]["pdfium_pages_per_s"] > 0
        assert engines["end_to_end"]["ratio_pdfium/pypdf"] > 0
        assert engines["words"]["pages_compared"] > 0
    size = result["sizes"]["200"]
    for engine in ("kb_whoosh", "kb_tantivy", "fts5", "tantivy_bare"):
        assert size["build"][engine]["documents"] == 200
        assert size["build"][engine]["docs_per_s"] > 0
        assert size["build"][engine]["index_mb"] > 0
        for kind in ("query", "browse_all_facets"):
            figures = size["search"][engine][kind]
            assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
    for backend in ("kb_whoosh", "kb_tantivy"):
        assert size["build"][backend]["peak_rss_mb"] > 0
    for pair in ("kb_whoosh/fts5", "kb_whoosh/tantivy_bare", "kb_tantivy/fts5", "kb_tantivy/tantivy_bare"):
        assert size["ratios"][pair]["query_p95"] > 0
    for backend, web in size["web"].items():
        if "skipped" not in web:
            assert web["requests_per_s"] > 0 and web["errors"] == 0
            assert 0 < web["search_page_gzip_kb_max"] <= 50


def test_vectors_bench_smoke(tmp_path):
    """bench.vectors on a tiny corpus: an end-to-end ingest with and without
    page vectors, then both backends rebuilt from catalogs with and without
    vectors and timed; every figure present."""
    out = tmp_path / "vectors.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.vectors", "--docs", "40", "--ingest-docs", "10",
         "--queries", "12", "--workdir", str(tmp_path / "work"), "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(out.read_text())
    ingest = result["ingest"]["whoosh"]
    assert ingest["keyword_only"]["documents"] == ingest["vectors"]["documents"] == 10
    assert ingest["keyword_only"]["vector_documents"] == 0
    assert ingest["vectors"]["vector_documents"] == 10
    assert ingest["docs_per_s_vectors/keyword_only"] > 0
    size = result["sizes"]["40"]
    assert size["catalogs"]["documents_with_borrowed_vectors"] == 30
    for backend in ("whoosh", "tantivy"):
        runs = size[backend]
        assert runs["keyword_only"]["reindex"]["vector_documents"] == 0
        assert runs["vectors"]["reindex"]["vector_documents"] == 40
        # hybrid answers, except for a query with no word left to search for
        # (only stop words of its language), which browses keyword-only
        assert "hybrid" in runs["vectors"]["search_hybrid"]["mode"]
        assert runs["vectors"]["search_keyword_mode"]["mode"] == ["keyword"]
        assert runs["keyword_only"]["search"]["mode"] == ["keyword"]
        for key, value in runs["ratios"].items():
            assert value and value > 0, key
    assert "passed" in result["gate_whoosh_hybrid_p95_at_most_2x"]


def test_pdf_engines_bench_smoke(tmp_path):
    """bench.pdf_engines on three real PDFs: both engines' pages/s, the words
    comparison and the end-to-end rates, side by side in one JSON."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.pdf_engines", "--max-pdfs", "3", "--repeat", "1",
         "--workdir", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    if "skipped" in result:                         # needs ../shared/corpus/pdf
        return
    assert result["extraction"]["pdfs"] == 3
    for engine in ("pypdf", "pdfium"):
        assert result["extraction"][f"{engine}_pages_per_s"] > 0
        assert result["end_to_end"][f"{engine}_docs_per_s"] > 0
    assert result["end_to_end"]["ratio_pdfium/pypdf"] > 0
    assert result["end_to_end"]["indexed"]["pdfium"] == result["end_to_end"]["indexed"]["pypdf"] == 3
    assert result["words"]["pages_losing_words"] == 0
