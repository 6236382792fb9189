"""`python -m bench.vectors --docs 10000`: what page vectors cost, as JSON.

- `ingest`: the generated corpus (bench.corpus) written as Markdown files and
  ingested end to end (fetch, extract, enrich and, with KB_VECTORS on, embed
  in the worker processes, then index) into a fresh data directory, with
  vectors off and on: documents/s, index and catalog size. `--ingest-docs`
  documents (default 1,000): embedding is the slow part (one page vector is
  ~30 ms of one core), so a 10,000-document ingest with vectors takes about
  half an hour on two cores, longer on a shared machine.
- `sizes`: `--docs` documents (default 10,000) built by `kb reindex` on both
  backends from two catalogs, one without vectors and one with: documents/s of
  the rebuild, index size, and warm search latency of the query mix of
  `bench.run` (1-3 words and phrases, 0-2 filters, all facet counts,
  snippets) on the index without vectors, and on the index with vectors in
  keyword mode and hybrid mode, also query by query in turn (so a busy moment
  of a shared machine weighs on both alike). The query embedding is included:
  the mix's queries are distinct and only the first ten are warmed. The
  catalog with vectors holds the real vectors of the ingested documents and,
  past `--ingest-docs`, each document gets the vectors of document
  i % ingest-docs (rows cycled to its page count): the same matrix size and
  similarity distribution as embedding them all, without the half hour.
- the gate of issue 11: Whoosh hybrid p95 at most twice keyword-only p95.

Timings are wall-clock on a shared machine: compare within one run.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench import ROOT
from bench.run import OUT, _git_commit, _pct, _size_mb, query_mix

BACKENDS = ("whoosh", "tantivy")


def write_folder(folder: Path, n: int, seed: int) -> int:
    """The generated documents as Markdown: `#` title, a `##` section per page."""
    from bench.corpus import generate

    folder.mkdir(parents=True, exist_ok=True)
    pages = 0
    for i, doc in enumerate(generate(n, seed)):
        body = "".join(f"## Section {p.number}\n\n{p.text}\n\n" for p in doc.pages)
        (folder / f"doc-{i:06d}.md").write_text(f"# {doc.title}\n\n{body}", encoding="utf-8")
        pages += len(doc.pages)
    return pages


def ingest(folder: Path, data: Path, backend: str, vectors: bool, workers: int) -> dict[str, Any]:
    from indexes import open_index
    from ingest.catalog import Catalog
    from ingest.pipeline import run_job
    from ingest.sources.folder import FolderSource
    from kb.settings import Settings

    shutil.rmtree(data, ignore_errors=True)
    settings = Settings(data_dir=data, backend=backend, workers=workers)
    index = open_index(backend, settings.index_dir)
    t = time.perf_counter()
    with Catalog(settings.catalog_path) as catalog:
        report = run_job(FolderSource(folder), index, catalog, limits=settings.limits,
                         workers=workers, batch_size=settings.batch_size, progress=False,
                         vectors=vectors)
    seconds = time.perf_counter() - t
    out = {"documents": len(report.added), "failed": len(report.failed),
           "seconds": round(seconds, 1), "docs_per_s": round(len(report.added) / seconds, 1),
           "index_mb": None, "catalog_mb": _size_mb(settings.catalog_path),
           "vector_documents": index.vector_documents()}
    index.close()
    out["index_mb"] = _size_mb(settings.index_dir)
    return out


def latency(backend: str, index_dir: Path, mix: list, mode: str) -> dict[str, Any]:
    from indexes import open_index
    from kb.models import Query

    index = open_index(backend, index_dir)
    try:
        def run(text: str, filters: dict) -> Any:
            return index.search(Query(text=text, filters=filters, page_size=10, mode=mode))

        for text, filters in mix[:10]:          # warm: caches, the vector matrix, the model
            run(text, filters)
        times, modes, totals = [], set(), []
        for text, filters in mix:
            t = time.perf_counter()
            r = run(text, filters)
            times.append(time.perf_counter() - t)
            modes.add(r.mode)
            totals.append(r.total)
        return {**_pct(times), "mode": sorted(modes), "mean_total": round(sum(totals) / len(totals), 1)}
    finally:
        index.close()


def rebuild(catalog: Path, data: Path, backend: str) -> dict[str, Any]:
    """`kb reindex` into `data` from another run's catalog (its vectors reused)."""
    from kb.cli import rebuild_index
    from kb.settings import Settings

    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    (data / "catalog.sqlite").symlink_to(catalog)
    settings = Settings(data_dir=data, backend=backend)
    result = rebuild_index(settings, backend)
    from indexes import open_index
    index = open_index(backend, settings.index_dir)
    with_vectors = index.vector_documents()
    index.close()
    return {"documents": result["documents"], "seconds": result["seconds"],
            "docs_per_s": round(result["documents"] / result["seconds"], 1),
            "index_mb": _size_mb(settings.index_dir), "vector_documents": with_vectors}


def latency_pair(backend: str, index_dir: Path, mix: list) -> dict[str, Any]:
    """Keyword mode and hybrid mode on the same index, query by query in
    turn, so a busy moment of a shared machine weighs on both alike."""
    from indexes import open_index
    from kb.models import Query

    index = open_index(backend, index_dir)
    try:
        for text, filters in mix[:10]:
            for mode in ("keyword", "auto"):
                index.search(Query(text=text, filters=filters, page_size=10, mode=mode))
        times: dict[str, list[float]] = {"keyword": [], "auto": []}
        added = []
        for k, (text, filters) in enumerate(mix):
            order = ("keyword", "auto") if k % 2 else ("auto", "keyword")
            totals = {}
            for mode in order:
                t = time.perf_counter()
                r = index.search(Query(text=text, filters=filters, page_size=10, mode=mode))
                times[mode].append(time.perf_counter() - t)
                totals[mode] = r.total
            added.append(totals["auto"] - totals["keyword"])
        keyword, hybrid = _pct(times["keyword"]), _pct(times["auto"])
        return {"keyword_mode": keyword, "hybrid": hybrid,
                "hybrid_p95/keyword_mode_p95": round(hybrid["p95_ms"] / keyword["p95_ms"], 2),
                "documents_added_by_vectors_mean": round(sum(added) / len(added), 1),
                "queries_with_documents_added": sum(1 for a in added if a > 0)}
    finally:
        index.close()


def vector_catalog(source: Path, dest: Path, keyword_dest: Path, n: int, seed: int,
                   donors: dict[int, bytes]) -> dict[str, int]:
    """Catalogs of the `n` generated documents without vectors and with them,
    document i carrying the vectors of donor i % len(donors), rows cycled to
    its page count."""
    import numpy as np

    from bench.corpus import generate
    from ingest.catalog import Catalog
    from kb import embedding
    from dataclasses import replace

    keys = sorted(donors)
    borrowed = 0
    with Catalog(dest) as with_vectors, Catalog(keyword_dest) as without:
        batch, plain = [], []
        for i, doc in enumerate(generate(n, seed)):
            rows = embedding.unpack(donors[keys[i % len(keys)]])
            own = i in donors and len(rows) == len(doc.pages)
            borrowed += not own
            if not own:
                rows = rows[np.arange(len(doc.pages)) % len(rows)]
            batch.append(replace(doc, vectors=embedding.pack(rows)))
            plain.append(doc)
            if len(batch) == 1000:
                with_vectors.record_indexed("bench", batch, {}, {})
                without.record_indexed("bench", plain, {}, {})
                batch, plain = [], []
        if batch:
            with_vectors.record_indexed("bench", batch, {}, {})
            without.record_indexed("bench", plain, {}, {})
    return {"documents": n, "documents_with_borrowed_vectors": borrowed}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000, help="documents of the indexes timed")
    ap.add_argument("--ingest-docs", type=int, default=1_000, help="documents ingested end to end")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--ingest-backend", action="append", choices=BACKENDS,
                    help="backends ingested end to end (default: whoosh)")
    ap.add_argument("--workdir", type=Path, default=OUT / "work-vectors")
    ap.add_argument("--out", type=Path, default=OUT / "vectors.json")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args(argv)

    from ingest.catalog import Catalog
    from ingest.embed import MAX_CHARS
    from kb import embedding
    from kb.settings import Settings

    shutil.rmtree(args.workdir, ignore_errors=True)
    folder = args.workdir / "docs"
    print(f"writing {args.ingest_docs} documents", file=sys.stderr, flush=True)
    pages = write_folder(folder, args.ingest_docs, args.seed)
    mix = query_mix(args.queries, args.seed)
    result: dict[str, Any] = {
        "meta": {"commit": _git_commit(), "workers": args.workers, "queries": len(mix),
                 "model": embedding.model_version(), "page_chars_embedded": MAX_CHARS},
        "ingest": {"documents": args.ingest_docs, "pages": pages},
    }

    def save() -> None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")

    vectors_catalog: Path | None = None
    for backend in args.ingest_backend or ["whoosh"]:
        runs: dict[str, Any] = {}
        result["ingest"][backend] = runs
        for vectors in (False, True):
            name = "vectors" if vectors else "keyword_only"
            data = args.workdir / f"ingest-{backend}-{name}"
            print(f"[ingest {backend}] {name}", file=sys.stderr, flush=True)
            runs[name] = ingest(folder, data, backend, vectors, args.workers)
            if vectors and vectors_catalog is None:
                vectors_catalog = Settings(data_dir=data).catalog_path
            save()
        runs["docs_per_s_vectors/keyword_only"] = round(
            runs["vectors"]["docs_per_s"] / runs["keyword_only"]["docs_per_s"], 2)
        save()

    assert vectors_catalog is not None
    donors: dict[int, bytes] = {}
    with Catalog(vectors_catalog) as catalog:
        for doc in catalog.documents():
            if doc.vectors:
                donors[int(Path(doc.uri).stem.split("-")[-1])] = doc.vectors
    print(f"catalogs of {args.docs} documents", file=sys.stderr, flush=True)
    size_dir = args.workdir / f"n{args.docs}"
    size_dir.mkdir(parents=True)
    cat_vec, cat_kw = size_dir / "catalog-vectors.sqlite", size_dir / "catalog-keyword.sqlite"
    sizes: dict[str, Any] = {"catalogs": vector_catalog(
        vectors_catalog, cat_vec, cat_kw, args.docs, args.seed, donors)}
    sizes["catalogs"]["catalog_mb_keyword_only"] = _size_mb(cat_kw)
    sizes["catalogs"]["catalog_mb_vectors"] = _size_mb(cat_vec)
    result["sizes"] = {str(args.docs): sizes}
    save()
    for backend in BACKENDS:
        runs = {}
        sizes[backend] = runs
        for name, catalog in (("keyword_only", cat_kw), ("vectors", cat_vec)):
            data = size_dir / f"{backend}-{name}"
            print(f"[{args.docs} {backend}] kb reindex {name}", file=sys.stderr, flush=True)
            runs[name] = {"reindex": rebuild(catalog, data, backend)}
            index_dir = Settings(data_dir=data, backend=backend).index_dir
            print(f"[{args.docs} {backend}] search {name}", file=sys.stderr, flush=True)
            if name == "vectors":
                runs[name]["search_keyword_mode"] = latency(backend, index_dir, mix, "keyword")
                runs[name]["search_hybrid"] = latency(backend, index_dir, mix, "auto")
                runs[name]["search_interleaved"] = latency_pair(backend, index_dir, mix)
            else:
                runs[name]["search"] = latency(backend, index_dir, mix, "auto")
            save()
        base = runs["keyword_only"]["search"]["p95_ms"]
        hybrid = runs["vectors"]["search_hybrid"]["p95_ms"]
        runs["ratios"] = {
            "interleaved_hybrid_p95/keyword_mode_p95":
                runs["vectors"]["search_interleaved"]["hybrid_p95/keyword_mode_p95"],
            "hybrid_p95/keyword_only_p95": round(hybrid / base, 2) if base else None,
            "hybrid_p95/keyword_mode_p95": round(
                hybrid / runs["vectors"]["search_keyword_mode"]["p95_ms"], 2),
            "reindex_docs_per_s_vectors/keyword_only": round(
                runs["vectors"]["reindex"]["docs_per_s"] / runs["keyword_only"]["reindex"]["docs_per_s"], 2),
            "index_mb_vectors/keyword_only": round(
                runs["vectors"]["reindex"]["index_mb"] / runs["keyword_only"]["reindex"]["index_mb"], 2),
        }
        save()
    ratios = sizes["whoosh"]["ratios"]
    ratio, paired = ratios["hybrid_p95/keyword_only_p95"], ratios["interleaved_hybrid_p95/keyword_mode_p95"]
    result["gate_whoosh_hybrid_p95_at_most_2x"] = {
        "documents": args.docs, "ratio_to_keyword_only_index": ratio,
        "ratio_interleaved_same_index": paired,
        "passed": bool(ratio and paired and max(ratio, paired) <= 2.0)}
    if not args.keep:
        shutil.rmtree(args.workdir, ignore_errors=True)
    save()
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
