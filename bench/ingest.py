"""`python -m bench.ingest [--repeat 3] [--workers 2] [--one-core]`: ingest end to end
(`run_job`: fetch, hash, extract and enrich in workers, index, catalog) with
one worker vs several, on the same folder of real files: the PDFs in
../shared/corpus/pdf plus the demo corpus. Prints JSON with documents/s per
setting, the ratio, and where the CPU time went (main process vs workers).

Each setting runs `--repeat` times, alternating which goes first, into a fresh
data directory each time, after one unmeasured warm-up run; the figures are
medians. Timings are wall-clock on a shared machine: compare the ratio, not
absolute figures across runs, and look at `loadavg` before trusting either.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import ROOT, SHARED_CORPUS

SHARED_PDFS = SHARED_CORPUS / "pdf"
DEMO = ROOT / "demo" / "corpus"


def make_folder(dest: Path, max_pdfs: int) -> list[Path]:
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    files = sorted(SHARED_PDFS.glob("*.pdf"))[:max_pdfs] + sorted(p for p in DEMO.iterdir() if p.is_file())
    for p in files:
        shutil.copy(p, dest / p.name)
    return sorted(dest.iterdir())


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def run_once(folder: Path, data: Path, workers: int, cpus: set[int] | None = None,
             **settings: Any) -> dict[str, Any]:
    """One job into a fresh data dir; with `cpus`, the job (and the workers it
    forks) may run only on those CPUs; `settings` override KB's (pdf_text="pypdf")."""
    from indexes import open_index
    from ingest.catalog import Catalog
    from ingest.pipeline import run_job
    from ingest.sources.folder import FolderSource
    from kb.settings import Settings

    shutil.rmtree(data, ignore_errors=True)
    settings = Settings(data_dir=data, **settings)
    index = open_index(settings.backend, settings.index_dir, **settings.index_options)
    main0, kids0 = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    allowed = os.sched_getaffinity(0)
    if cpus:
        os.sched_setaffinity(0, cpus)
    try:
        with Catalog(settings.catalog_path) as catalog:
            t = time.perf_counter()
            report = run_job(FolderSource(folder), index, catalog, limits=settings.limits,
                             workers=workers, batch_size=200, progress=False)
            seconds = time.perf_counter() - t
    finally:
        os.sched_setaffinity(0, allowed)
        index.close()
    files = sum(1 for _ in folder.iterdir())
    main_cpu = _cpu(resource.RUSAGE_SELF) - main0
    workers_cpu = _cpu(resource.RUSAGE_CHILDREN) - kids0
    out = {"seconds": round(seconds, 2), "docs_per_s": round(files / seconds, 3),
           "indexed": len(report.added) + len(report.updated), "failed": len(report.failed),
           "main_cpu_s": round(main_cpu, 2), "workers_cpu_s": round(workers_cpu, 2),
           # CPU-seconds per second: near 2 on two free cores, lower when
           # other work on the machine takes its share
           "cores_used": round((main_cpu + workers_cpu) / seconds, 2)}
    shutil.rmtree(data, ignore_errors=True)
    return out


def compare(folder: Path, work: Path, workers: int, repeat: int = 3,
            one_core: bool = False) -> dict[str, Any]:
    """One worker against `workers`, `repeat` rounds each (alternating which
    goes first) after one unmeasured warm-up run; figures are medians."""
    files = sorted(folder.iterdir())
    settings: tuple[Any, ...] = (1, workers) + (("one_core",) if one_core else ())
    runs: dict[Any, list[dict[str, Any]]] = {w: [] for w in settings}
    first_cpu = {min(os.sched_getaffinity(0))}
    load_before = os.getloadavg()
    run_once(folder, work / "warm", workers)         # imports, page cache: not measured
    for r in range(repeat):
        for w in (settings if r % 2 == 0 else settings[::-1]):
            runs[w].append(run_once(folder, work / f"data-{w}", 1, first_cpu) if w == "one_core"
                           else run_once(folder, work / f"data-{w}", w))
            print(f"ingest {w}: {runs[w][-1]}", file=sys.stderr, flush=True)
    med = {w: round(statistics.median(x["docs_per_s"] for x in runs[w]), 3) for w in settings}
    return {
        "files": len(files), "bytes": sum(p.stat().st_size for p in files),
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        **{f"workers_{w}_docs_per_s": med[w] for w in settings if w != "one_core"},
        "ratio": round(med[workers] / med[1], 3),
        "ratio_per_round": [round(b["docs_per_s"] / a["docs_per_s"], 3)
                            for a, b in zip(runs[1], runs[workers])],
        # the CPU time the work needs, whatever the load: documents per CPU-second
        "docs_per_cpu_s": {str(w): round(len(files) / statistics.median(
            x["main_cpu_s"] + x["workers_cpu_s"] for x in runs[w]), 3) for w in settings},
        **({"one_core_docs_per_s": med["one_core"],
            "ratio_vs_one_core": round(med[workers] / med["one_core"], 3)} if one_core else {}),
        "runs": {(f"workers_{w}" if w != "one_core" else w): runs[w] for w in settings},
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2, help="the setting compared with one worker")
    ap.add_argument("--max-pdfs", type=int, default=1000)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--one-core", action="store_true",
                    help="also run one worker with the job pinned to one CPU: the one-core baseline")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kb-bench-ingest-"))
    make_folder(work / "files", args.max_pdfs)
    if not any(SHARED_PDFS.glob("*.pdf")):
        print(f"note: {SHARED_PDFS} has no PDFs; the demo corpus only", file=sys.stderr)
    out = compare(work / "files", work, args.workers, args.repeat, args.one_core)
    if args.workdir is None:
        shutil.rmtree(work, ignore_errors=True)
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return out


if __name__ == "__main__":
    main()
