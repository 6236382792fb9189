"""`python -m bench.run --docs 10000 [--docs 100000]`: KB's figures as JSON,
each beside the same work done by SQLite FTS5 and bare tantivy-py on the same
corpus in the same run (ratios > 1 mean KB is slower / bigger).

Sections:
- `ingest`: PDF extraction pages/s (PDFium, KB's engine) on the real PDFs in
  ../shared/corpus, one process vs a pool of all cores; enrichment
  documents/s; the whole pipeline (`run_job`) with one worker vs all cores;
  `pdf_engines`: pypdf and PDFium side by side (pages/s, words per page,
  end-to-end documents/s; see bench/pdf_engines.py).
- per size: `kb reindex` of each backend from a catalog of generated documents
  in a child process (documents/s, peak RSS), index sizes, and warm search
  latency for a query mix (1-3 terms and phrases, with 0/1/2 facet filters, all
  nine facet counts, snippets with page numbers for the ten shown hits) and
  for the empty query with all facet counts.
- `web`: gunicorn with two workers under concurrent load from 127.0.0.1:
  requests/s, p95 and the gzip-compressed size of a search page.

Timings are wall-clock on a shared machine: compare ratios within one run,
not absolute figures across runs.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Callable

import numpy as np

from bench import ROOT, SHARED_CORPUS

OUT = Path(__file__).resolve().parent / "out"
SHARED_PDFS = SHARED_CORPUS / "pdf"
PY = sys.executable


def _pct(values: list[float]) -> dict[str, float]:
    ms = np.array(values) * 1000.0
    return {"n": len(values), "p50_ms": round(float(np.percentile(ms, 50)), 3),
            "p95_ms": round(float(np.percentile(ms, 95)), 3),
            "p99_ms": round(float(np.percentile(ms, 99)), 3)}


def _size_mb(path: Path) -> float:
    if path.is_file():
        return round(path.stat().st_size / 1e6, 2)
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6, 2)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip() or "unknown"
    except OSError:
        return "unknown"


# ------------------------------------------------------------------ ingest


def _extract_one(path: str) -> int:
    from ingest.extract import extract
    from kb.errors import KbError
    from kb.protocols import Hints, Limits

    try:
        return len(extract(Path(path).read_bytes(), Hints(name=Path(path).name), Limits()).pages)
    except KbError:      # a real file without a text layer still costs its time, gives no page
        return 0


def bench_ingest(workdir: Path, cores: int, max_pdfs: int, repeat: int) -> dict[str, Any]:
    pdfs = sorted(str(p) for p in SHARED_PDFS.glob("*.pdf"))[:max_pdfs]
    out: dict[str, Any] = {}
    if not pdfs:
        out["extraction"] = "skipped: no PDFs at ../shared/corpus/pdf"
    else:
        took: dict[str, float] = {}
        pages = 0
        for path in pdfs:
            t = time.perf_counter()
            pages += _extract_one(path)
            took[path] = time.perf_counter() - t
        one = sum(took.values())
        # The pool gets the slowest files first (as the pass above timed
        # them), so its time is not one long file started last and read
        # alone while the other processes wait.
        slowest_first = sorted(pdfs, key=lambda p: -took[p])
        with get_context("spawn").Pool(cores) as pool:
            pool.map(_extract_one, pdfs[:cores])            # start-up not measured
            t = time.perf_counter()
            pages_pool = sum(pool.map(_extract_one, slowest_first, chunksize=1))
            many = time.perf_counter() - t
        out["extraction"] = {
            "pdfs": len(pdfs), "pages": pages,
            "one_process_pages_per_s": round(pages / one, 1),
            f"pool_{cores}_pages_per_s": round(pages_pool / many, 1),
            "speedup": _ratio(one, many),
            # the most a pool can gain when one file takes this share of the time
            "longest_file_share": round(max(took.values()) / one, 2)}
    # enrichment on generated documents
    from bench.corpus import generate
    from ingest.enrichers import enrich
    docs = list(generate(300, seed=7))
    t = time.perf_counter()
    for d in docs:
        enrich(d)
    out["enrichment_docs_per_s"] = round(len(docs) / (time.perf_counter() - t), 1)
    # the whole pipeline (fetch, hash, extract in workers, enrich, index,
    # catalog) on the real PDFs plus the demo corpus: one worker vs all cores
    if pdfs:
        from bench.ingest import compare, make_folder

        make_folder(workdir / "files", max_pdfs)
        # also one worker pinned to one CPU: the job as one core runs it
        out["end_to_end"] = compare(workdir / "files", workdir, cores, repeat=repeat, one_core=cores > 1)
        # the PDF engines side by side: pypdf (before) and PDFium (now), pages/s,
        # words per page and end-to-end documents/s (bench/pdf_engines.py)
        from bench.pdf_engines import measure

        out["pdf_engines"] = measure([Path(p) for p in pdfs], workdir, cores, repeat)
    return out


# ------------------------------------------------------------------ building


def make_catalog(path: Path, n: int, seed: int) -> float:
    """The generated corpus as an ingest would leave it: documents in the
    catalog, so the KB build is exactly `kb reindex`."""
    from bench.corpus import generate
    from ingest.catalog import Catalog

    t = time.perf_counter()
    with Catalog(path) as catalog:
        batch = []
        for doc in generate(n, seed):
            batch.append(doc)
            if len(batch) == 1000:
                catalog.record_indexed("bench", batch, {}, {})
                batch = []
        if batch:
            catalog.record_indexed("bench", batch, {}, {})
    return time.perf_counter() - t


def child_reindex(data_dir: str, backend: str) -> None:
    """Runs in its own process so ru_maxrss is the re-index's peak alone."""
    from kb.cli import rebuild_index
    from kb.settings import Settings

    result = rebuild_index(Settings(data_dir=Path(data_dir), backend=backend), backend)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    # Whoosh writes large batches from two forked processes at once: the
    # re-index's memory is its own peak plus (up to) twice the largest child's
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["peak_rss_writer_child_mb"] = round(children, 1)
    print(json.dumps(result))


def reindex_in_child(data_dir: Path, backend: str) -> dict[str, Any]:
    proc = subprocess.run([PY, "-m", "bench.run", "--child-reindex", str(data_dir), backend],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode:
        raise RuntimeError(f"reindex {backend} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["docs_per_s"] = round(result["documents"] / result["seconds"], 1)
    result["index_mb"] = _size_mb(Path(result["index_dir"]))
    return result


def _catalog_docs(path: Path):
    from ingest.catalog import Catalog

    with Catalog(path) as catalog:
        yield from catalog.documents()


# ------------------------------------------------------------------ queries


def query_mix(n: int, seed: int) -> list[tuple[str, dict[str, tuple[str, ...]]]]:
    """1-3 words of middling frequency, some phrases lifted from generated
    text; a third with no filter, a third with one, a third with two."""
    from bench.corpus import facet_tables, make_document, vocabulary

    rng = np.random.default_rng(seed + 1)
    words = vocabulary().words
    pool = [w for w in words[30:1500] if len(w) > 3]
    tables = facet_tables()
    countries = [c.code for c in tables["countries"][:25]]
    sample = [make_document(int(i), seed) for i in rng.integers(0, 1000, 40)]
    out = []
    for k in range(n):
        kind = k % 4
        if kind == 3:       # a phrase of two or three adjacent words
            doc = sample[k % len(sample)]
            toks = doc.pages[0].text.lower().replace(".", "").split()
            i = int(rng.integers(0, max(1, len(toks) - 3)))
            text = '"' + " ".join(toks[i:i + int(rng.integers(2, 4))]) + '"'
        else:
            text = " ".join(pool[int(j)] for j in rng.integers(0, len(pool), kind + 1))
        filters: dict[str, tuple[str, ...]] = {}
        nf = k % 3
        if nf >= 1:
            filters["country"] = (countries[int(rng.integers(0, len(countries)))],)
        if nf == 2:
            filters["doc_type"] = (tables["doc_types"][int(rng.integers(0, len(tables["doc_types"])))],)
        out.append((text, filters))
    return out


def time_engine(run: Callable[[str, dict], Any], mix: list, browse_runs: int) -> dict[str, Any]:
    for text, filters in mix[:10]:            # warm: caches, lazily opened files
        run(text, filters)
    run("", {})
    times = []
    for text, filters in mix:
        t = time.perf_counter()
        run(text, filters)
        times.append(time.perf_counter() - t)
    browse = []
    for _ in range(browse_runs):
        t = time.perf_counter()
        run("", {})
        browse.append(time.perf_counter() - t)
    return {"query": _pct(times), "browse_all_facets": _pct(browse)}


def kb_runner(backend: str, path: Path) -> tuple[Callable, Callable]:
    from indexes import open_index
    from kb.models import Query

    index = open_index(backend, path)

    def run(text: str, filters: dict) -> Any:
        results = index.search(Query(text=text, filters=filters, page_size=10))
        assert all(h.page is not None for h in results.hits)
        return results

    return run, index.close


# ------------------------------------------------------------------ web


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_web(data_dir: Path, backend: str, mix: list, requests: int, concurrency: int) -> dict[str, Any]:
    try:
        import gunicorn  # noqa: F401
        import web  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"cannot import {exc.name}"}
    port = _free_port()
    env = dict(os.environ, KB_DATA_DIR=str(data_dir), KB_BACKEND=backend)
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "web:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", "/")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                err = server.stderr.read().decode()[-500:] if server.poll() is not None else ""
                return {"skipped": f"gunicorn did not answer: {err}"}
            time.sleep(0.3)
        urls = []
        for text, filters in mix:
            params = [("q", text)] + [(f, v) for f, vs in filters.items() for v in vs]
            urls.append("/?" + urllib.parse.urlencode(params))
        urls.append("/")
        headers = {"Accept-Encoding": "gzip"}
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        sizes = []
        for url in urls[:20]:
            c.request("GET", url, headers=headers)
            r = c.getresponse()
            body = r.read()
            if r.status == 200:
                sizes.append(len(body))
        gz = r.getheader("Content-Encoding") == "gzip"
        for url in urls[:10]:              # warm both workers
            c.request("GET", url)
            c.getresponse().read()
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        counter = iter(range(requests))

        def worker() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine = []
            for k in counter:
                t = time.perf_counter()
                try:
                    conn.request("GET", urls[k % len(urls)], headers=headers)
                    resp = conn.getresponse()
                    resp.read()
                    if resp.status != 200:
                        errors[0] += 1
                except OSError:
                    errors[0] += 1
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                mine.append(time.perf_counter() - t)
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t
        return {"requests": len(latencies), "concurrency": concurrency, "errors": errors[0],
                "requests_per_s": round(len(latencies) / wall, 1), **_pct(latencies),
                "search_page_gzip_kb_max": round(max(sizes) / 1024, 1) if sizes else None,
                "search_page_gzip_kb_median": round(statistics.median(sizes) / 1024, 1) if sizes else None,
                "gzip": gz}
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


# ------------------------------------------------------------------ one size


def bench_size(n: int, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    from bench.baselines import BareTantivy, Fts5

    work = workdir / f"n{n}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    catalog = work / "catalog.sqlite"
    out: dict[str, Any] = {"documents": n}
    out["catalog_write_s"] = round(make_catalog(catalog, n, args.seed), 1)
    build: dict[str, Any] = {}
    for backend in ("whoosh", "tantivy"):
        data = work / backend
        data.mkdir()
        (data / "catalog.sqlite").symlink_to(catalog)
        print(f"[{n}] kb reindex --backend {backend}", file=sys.stderr, flush=True)
        build[f"kb_{backend}"] = reindex_in_child(data, backend)
    print(f"[{n}] baselines", file=sys.stderr, flush=True)
    fts = Fts5(work / "fts5.sqlite")
    t = time.perf_counter()
    count = fts.build(_catalog_docs(catalog))
    build["fts5"] = {"documents": count, "docs_per_s": round(count / (time.perf_counter() - t), 1),
                     "index_mb": _size_mb(work / "fts5.sqlite")}
    bare = BareTantivy(work / "bare-tantivy")
    t = time.perf_counter()
    count = bare.build(_catalog_docs(catalog))
    build["tantivy_bare"] = {"documents": count,
                             "docs_per_s": round(count / (time.perf_counter() - t), 1),
                             "index_mb": _size_mb(work / "bare-tantivy")}
    out["build"] = build

    mix = query_mix(args.queries, args.seed)
    search: dict[str, Any] = {}
    for backend in ("whoosh", "tantivy"):
        print(f"[{n}] search kb_{backend}", file=sys.stderr, flush=True)
        run, close = kb_runner(backend, Path(build[f"kb_{backend}"]["index_dir"]))
        search[f"kb_{backend}"] = time_engine(run, mix, args.browse_runs)
        close()
    print(f"[{n}] search baselines", file=sys.stderr, flush=True)
    search["fts5"] = time_engine(fts.search, mix, args.browse_runs)
    search["tantivy_bare"] = time_engine(bare.search, mix, args.browse_runs)
    fts.close()
    out["search"] = search

    ratios: dict[str, Any] = {}
    for kb_name in ("kb_whoosh", "kb_tantivy"):
        for base in ("fts5", "tantivy_bare"):
            key = f"{kb_name}/{base}"
            ratios[key] = {
                "query_p50": _ratio(search[kb_name]["query"]["p50_ms"], search[base]["query"]["p50_ms"]),
                "query_p95": _ratio(search[kb_name]["query"]["p95_ms"], search[base]["query"]["p95_ms"]),
                "browse_p95": _ratio(search[kb_name]["browse_all_facets"]["p95_ms"],
                                     search[base]["browse_all_facets"]["p95_ms"]),
                "build_docs_per_s": _ratio(build[kb_name]["docs_per_s"], build[base]["docs_per_s"]),
                "index_mb": _ratio(build[kb_name]["index_mb"], build[base]["index_mb"]),
            }
    out["ratios"] = ratios

    if args.skip_web:
        out["web"] = "skipped: --skip-web"
    else:
        web = {}
        for backend in ("whoosh", "tantivy"):
            print(f"[{n}] web kb_{backend}", file=sys.stderr, flush=True)
            web[f"kb_{backend}"] = bench_web(work / backend, backend, mix, args.web_requests,
                                             args.concurrency)
        out["web"] = web
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, action="append", help="corpus size (repeatable)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--queries", type=int, default=200, help="queries in the mix")
    ap.add_argument("--browse-runs", type=int, default=30)
    ap.add_argument("--web-requests", type=int, default=400)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--max-pdfs", type=int, default=1000)
    ap.add_argument("--skip-web", action="store_true")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--ingest-repeat", type=int, default=3, help="rounds of the end-to-end ingest comparison")
    ap.add_argument("--keep", action="store_true", help="keep the indexes under the work dir")
    ap.add_argument("--workdir", type=Path, default=OUT / "work")
    ap.add_argument("--out", type=Path, default=OUT / "latest.json")
    ap.add_argument("--child-reindex", nargs=2, metavar=("DATA_DIR", "BACKEND"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child_reindex:
        child_reindex(*args.child_reindex)
        return {}
    from bench.corpus import describe

    cores = os.cpu_count() or 1
    started = time.perf_counter()
    result: dict[str, Any] = {
        "meta": {"cores": cores, "commit": _git_commit(), "python": sys.version.split()[0],
                 "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "seed": args.seed,
                 "corpus": describe(), "versions": _versions()},
    }
    args.workdir = args.workdir.resolve()      # the catalogs are linked by absolute path
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.skip_ingest:
        result["ingest"] = "skipped: --skip-ingest"
    else:
        print("ingest", file=sys.stderr, flush=True)
        result["ingest"] = bench_ingest(args.workdir, cores, args.max_pdfs, args.ingest_repeat)
    result["sizes"] = {str(n): bench_size(n, args, args.workdir) for n in (args.docs or [10_000])}
    result["meta"]["seconds"] = round(time.perf_counter() - started, 1)
    text = json.dumps(result, indent=2)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    print(text)
    return result


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("tantivy", "whoosh-reloaded", "pypdf", "gunicorn", "numpy", "flask"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "absent"
    out["sqlite"] = __import__("sqlite3").sqlite_version
    return out


if __name__ == "__main__":
    main()
