"""`python -m bench.vectors --docs 10000`: what page vectors cost, as JSON.

For each backend, the same generated corpus (bench.corpus, written as
Markdown files so the whole pipeline runs: fetch, extract, enrich and, with
vectors, embed in the worker processes, then index) is ingested twice into a
fresh data directory, with KB_VECTORS off and on. Reported per run: ingest
documents/s, index and catalog size; then warm search latency of the query
mix of `bench.run` (1-3 words and phrases, 0-2 filters, all facet counts,
snippets) on the index without vectors, and on the index with vectors in
keyword mode and in hybrid mode (the query embedding included: the mix's
queries are distinct, only the first ten are warmed). The gate of issue 11:
Whoosh hybrid p95 at most twice keyword-only p95, measured in the same run.

`--rebuild tantivy` builds that backend's two indexes with `kb reindex` from the
first backend's catalogs (vectors reused, as `kb reindex` does) instead of a
second end-to-end ingest: embedding costs the same on every backend, and the
10,000-document ingest with vectors takes a quarter of an hour on two cores.

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


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--backend", action="append", choices=BACKENDS, help="default: both")
    ap.add_argument("--rebuild", action="append", choices=BACKENDS, default=[],
                    help="build this backend's indexes by `kb reindex` from the first "
                         "backend's catalogs instead of ingesting again (embedding is the "
                         "same work on every backend)")
    ap.add_argument("--workdir", type=Path, default=OUT / "work-vectors")
    ap.add_argument("--out", type=Path, default=OUT / "vectors.json")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args(argv)

    from kb import embedding
    from kb.settings import Settings
    from ingest.embed import MAX_CHARS

    shutil.rmtree(args.workdir, ignore_errors=True)
    folder = args.workdir / "docs"
    print(f"writing {args.docs} documents", file=sys.stderr, flush=True)
    pages = write_folder(folder, args.docs, args.seed)
    mix = query_mix(args.queries, args.seed)
    result: dict[str, Any] = {
        "meta": {"commit": _git_commit(), "documents": args.docs, "pages": pages,
                 "workers": args.workers, "queries": len(mix), "model": embedding.model_version(),
                 "page_chars_embedded": MAX_CHARS},
    }

    def save() -> None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")

    catalogs: dict[str, Path] = {}
    backends = list(dict.fromkeys((args.backend or list(BACKENDS)) + args.rebuild))
    for backend in backends:
        runs: dict[str, Any] = {}
        result[backend] = runs
        for vectors in (False, True):
            name = "vectors" if vectors else "keyword_only"
            data = args.workdir / f"{backend}-{name}"
            if backend in args.rebuild and name in catalogs:
                print(f"[{backend}] kb reindex {name}", file=sys.stderr, flush=True)
                runs[name] = {"reindex_from_catalog": rebuild(catalogs[name], data, backend)}
            else:
                print(f"[{backend}] ingest {name}", file=sys.stderr, flush=True)
                runs[name] = {"ingest": ingest(folder, data, backend, vectors, args.workers)}
                catalogs.setdefault(name, Settings(data_dir=data).catalog_path)
            save()
            index_dir = Settings(data_dir=data, backend=backend).index_dir
            print(f"[{backend}] search {name}", file=sys.stderr, flush=True)
            if vectors:
                runs[name]["search_keyword_mode"] = latency(backend, index_dir, mix, "keyword")
                runs[name]["search_hybrid"] = latency(backend, index_dir, mix, "auto")
                runs[name]["search_interleaved"] = latency_pair(backend, index_dir, mix)
            else:
                runs[name]["search"] = latency(backend, index_dir, mix, "auto")
            save()
        built = "ingest" if "ingest" in runs["vectors"] else "reindex_from_catalog"
        base = runs["keyword_only"]["search"]["p95_ms"]
        hybrid = runs["vectors"]["search_hybrid"]["p95_ms"]
        runs["ratios"] = {
            "interleaved_hybrid_p95/keyword_mode_p95":
                runs["vectors"]["search_interleaved"]["hybrid_p95/keyword_mode_p95"],
            "hybrid_p95/keyword_only_p95": round(hybrid / base, 2) if base else None,
            "hybrid_p95/keyword_mode_p95": round(
                hybrid / runs["vectors"]["search_keyword_mode"]["p95_ms"], 2),
            f"{built}_docs_per_s_vectors/keyword_only": round(
                runs["vectors"][built]["docs_per_s"] / runs["keyword_only"][built]["docs_per_s"], 2),
            "index_mb_vectors/keyword_only": round(
                runs["vectors"][built]["index_mb"] / runs["keyword_only"][built]["index_mb"], 2),
        }
        save()
    if "whoosh" in result:
        ratio = result["whoosh"]["ratios"]["hybrid_p95/keyword_only_p95"]
        paired = result["whoosh"]["ratios"]["interleaved_hybrid_p95/keyword_mode_p95"]
        result["gate_whoosh_hybrid_p95_at_most_2x"] = {
            "ratio_to_keyword_only_index": ratio, "ratio_interleaved_same_index": paired,
            "passed": bool(ratio and paired and max(ratio, paired) <= 2.0)}
    if not args.keep:
        shutil.rmtree(args.workdir, ignore_errors=True)
    save()
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
