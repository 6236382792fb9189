"""`python -m bench.pdf_engines [--repeat 3] [--workers 2]`: PDF text by pypdf
(KB until this engine change) and by PDFium (pypdfium2, KB's default now), on
the PDFs of ../shared/corpus/pdf, in one run. Prints JSON with:

- `extraction`: pages/s of each engine through KB's own `extract` (one
  process, OCR off so that both read exactly the same pages), and the ratio;
- `words`: words per page by each engine, and the pages on which PDFium's
  reading (with its pypdf fallback) lacks a word pypdf found there
  (`lost_words`; the goal is none);
- `end_to_end`: documents/s of the whole ingest job (`run_job`: hash, extract
  and enrich in `--workers` workers, index, catalog) on the same PDFs with
  each engine (OCR off), the ratio (goal: at least 5), and the PDFium job
  with OCR on, which also reads the scanned pages.

Each end-to-end setting runs `--repeat` times into a fresh data directory,
alternating the order, after one unmeasured warm-up; figures are medians.
Timings are wall-clock on a shared machine: compare ratios within one run.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterable, Sequence

from bench import SHARED_CORPUS

SHARED_PDFS = SHARED_CORPUS / "pdf"
ENGINES = ("pypdf", "pdfium")
_WORD = re.compile(r"[^\W\d_]{3,}")      # a word: three letters or more, no digits
_NOT_LETTER = re.compile(r"[\W_]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def lost_words(reference: str, candidate: str, vocabulary: set[str]) -> list[str]:
    """Words of `reference` (a page as pypdf reads it) missing from
    `candidate` (the same page as read now).

    Engines split and join words differently: pypdf often cuts a word where
    the PDF kerns it ("gover nment"), PDFium joins it back. So a word counts
    as present when its letters occur anywhere in the candidate's letters
    with spaces and punctuation removed. And pypdf decodes some damaged or
    symbol-font text to garbage ("/i0/i0", "hnnnimp"): only words that occur
    somewhere in `vocabulary` (what the candidate engine read on the whole
    corpus) are real words that could be lost.
    """
    squashed = _NOT_LETTER.sub("", candidate.lower())
    return sorted({w for w in words(reference) if w in vocabulary and w not in squashed})


def read_corpus(paths: Sequence[Path], engine: str) -> tuple[dict[Path, list[str]], float, int]:
    """(path -> page texts, seconds, pages) for `engine` through KB's extract."""
    from ingest.extract import extract
    from kb.errors import KbError
    from kb.protocols import Hints, Limits

    limits = Limits(ocr=False, pdf_engine=engine)
    texts: dict[Path, list[str]] = {}
    seconds = 0.0
    pages = 0
    for path in paths:
        data = path.read_bytes()
        t = time.perf_counter()
        try:
            result = extract(data, Hints(name=path.name), limits)
        except KbError:        # a scan without OCR: costs its time, gives no page
            seconds += time.perf_counter() - t
            continue
        seconds += time.perf_counter() - t
        texts[path] = [p.text for p in result.pages]
        pages += len(result.pages)
    return texts, seconds, pages


def compare_words(by_engine: dict[str, dict[Path, list[str]]]) -> dict[str, Any]:
    old, new = by_engine["pypdf"], by_engine["pdfium"]
    vocabulary = {w for pages in new.values() for text in pages for w in words(text)}
    losing: list[dict[str, Any]] = []
    page_count = 0
    for path, pages in old.items():
        for number, (a, b) in enumerate(zip(pages, new.get(path, [])), start=1):
            page_count += 1
            lost = lost_words(a, b, vocabulary)
            if lost:
                losing.append({"file": path.name, "page": number, "lost": lost[:10]})
    total = {e: sum(len(words(t)) for pages in by_engine[e].values() for t in pages) for e in ENGINES}
    return {"pages_compared": page_count,
            **{f"{e}_words_per_page": round(total[e] / max(page_count, 1), 1) for e in ENGINES},
            "pages_losing_words": len(losing), "losing": losing[:20]}


def end_to_end(folder: Path, work: Path, workers: int, repeat: int) -> dict[str, Any]:
    from bench.ingest import run_once

    settings = {"pypdf": {"pdf_text": "pypdf", "ocr": "off"},
                "pdfium": {"pdf_text": "pdfium", "ocr": "off"},
                "pdfium_ocr": {"pdf_text": "pdfium", "ocr": "on", "extract_timeout": 300.0}}
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in settings}
    run_once(folder, work / "warm", workers, **settings["pdfium"])      # imports, page cache
    order = list(settings)
    for r in range(repeat):
        for name in (order if r % 2 == 0 else order[::-1]):
            runs[name].append(run_once(folder, work / f"data-{name}", workers, **settings[name]))
            print(f"end to end {name}: {runs[name][-1]}", file=sys.stderr, flush=True)
    med = {name: round(statistics.median(x["docs_per_s"] for x in runs[name]), 3) for name in settings}
    files = sum(1 for _ in folder.iterdir())
    # documents per CPU-second (the job's process and its workers): what the
    # work costs whatever else the machine is doing
    per_cpu = {name: round(files / statistics.median(x["main_cpu_s"] + x["workers_cpu_s"] for x in runs[name]), 3)
               for name in settings}
    return {"files": files, "workers": workers,
            "pypdf_docs_per_s": med["pypdf"], "pdfium_docs_per_s": med["pdfium"],
            "ratio_pdfium/pypdf": round(med["pdfium"] / med["pypdf"], 2),
            "docs_per_cpu_s": per_cpu,
            "cpu_ratio_pdfium/pypdf": round(per_cpu["pdfium"] / per_cpu["pypdf"], 2),
            "goal_ratio": 5, "pdfium_with_ocr_docs_per_s": med["pdfium_ocr"],
            "indexed": {name: runs[name][0]["indexed"] for name in settings},
            "runs": runs}


def measure(pdfs: Sequence[Path], workdir: Path | None, workers: int, repeat: int,
            with_end_to_end: bool = True) -> dict[str, Any]:
    """Every figure of this benchmark for `pdfs` (see the module docstring)."""
    if not pdfs:
        return {"skipped": f"no PDFs at {SHARED_PDFS}"}
    load_before = os.getloadavg()
    texts: dict[str, dict[Path, list[str]]] = {}
    extraction: dict[str, Any] = {"pdfs": len(pdfs)}
    read_corpus(pdfs[:2], "pdfium")                 # imports and page cache, not measured
    for engine in ENGINES:
        texts[engine], seconds, pages = read_corpus(pdfs, engine)
        extraction[f"{engine}_pages"] = pages
        extraction[f"{engine}_pages_per_s"] = round(pages / seconds, 1)
    extraction["ratio_pdfium/pypdf"] = round(
        extraction["pdfium_pages_per_s"] / extraction["pypdf_pages_per_s"], 2)
    out = {"extraction": extraction, "words": compare_words(texts)}
    if with_end_to_end:
        work = workdir or Path(tempfile.mkdtemp(prefix="kb-bench-pdf-"))
        folder = work / "pdf-files"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for p in pdfs:
            shutil.copy(p, folder / p.name)
        out["end_to_end"] = end_to_end(folder, work, workers, repeat)
        if workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    out["loadavg"] = {"before": [round(x, 2) for x in load_before],
                      "after": [round(x, 2) for x in os.getloadavg()]}
    return out


def main(argv: Iterable[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--max-pdfs", type=int, default=1000)
    ap.add_argument("--workdir", type=Path, default=None)
    ap.add_argument("--no-end-to-end", action="store_true", help="extraction and words only")
    args = ap.parse_args(list(argv) if argv is not None else None)
    pdfs = sorted(SHARED_PDFS.glob("*.pdf"))[: args.max_pdfs]
    out = measure(pdfs, args.workdir, args.workers, args.repeat, not args.no_end_to_end)
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return out


if __name__ == "__main__":
    main()
