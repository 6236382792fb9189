"""How well are files that are one document told from different documents?
Precision and recall of ingest's near-duplicate rule (`ingest.duplicates`) on
labelled pairs, as `make enrich-eval` prints them.

Pairs that are one document (true pairs):
- real: the HTML and the PDF edition of the DC technology office's 2014 open
  government report (`../shared/corpus`);
- converted: each demo corpus document against its rendering in each of the
  three other formats by `demo/build.py` (the same texts laid out as PDF, DOCX,
  PPTX or HTML, with their page footers, slide splits and site chrome), and
  each real PDF of `../shared/corpus/pdf` outside the DC set against a DOCX
  written from its extracted pages with python-docx.
Pairs that are different documents (hard negatives):
- the 38 DC agencies' reports with a text layer, written on one template
  (same headings and boilerplate), against each other and the HTML edition;
- every two different documents of the demo corpus, several of them on the
  same subject in the same language.

A pair is called one document exactly as an ingest job calls it: the two
signatures share an LSH band (so the catalog would find one from the other)
and their estimated Jaccard similarity is at least `THRESHOLD`.

    .venv/bin/python -m bench.duplicates_eval
"""
from __future__ import annotations

import importlib.util
import io
import itertools
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import ROOT, SHARED_CORPUS
from ingest import duplicates
from ingest.extract import extract
from kb.protocols import Hints, Limits

DEMO_DIR = ROOT / "demo" / "corpus"
FORMATS = ("pdf", "docx", "pptx", "html")


def _demo_builders():
    spec = importlib.util.spec_from_file_location("kb_demo_build", ROOT / "demo" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _text(data: bytes, name: str) -> str:
    return "\n\n".join(p.text for p in extract(data, Hints(name=name), Limits()).pages)


def _docx_from(text_pages: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for page in text_pages:
        for paragraph in page.split("\n\n"):
            document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _same(a: bytes | None, b: bytes | None) -> tuple[bool, float]:
    """(called one document, estimated similarity)."""
    if a is None or b is None:
        return False, 0.0
    score = duplicates.similarity(a, b)
    shares_band = bool(set(duplicates.band_keys(a)) & set(duplicates.band_keys(b)))
    return shares_band and score >= duplicates.THRESHOLD, score


def labelled_pairs() -> tuple[list[tuple[str, str, bool]], dict[str, bytes | None], list[str]]:
    """(name, name, one document?) pairs, each name's signature, notes."""
    sigs: dict[str, bytes | None] = {}
    pairs: list[tuple[str, str, bool]] = []
    notes: list[str] = []

    build = _demo_builders()
    with tempfile.TemporaryDirectory() as tmp:
        for doc in build.ALL_DOCS:
            name = doc["file"]
            fmt = name.rsplit(".", 1)[1]
            key = f"demo/{name}"
            sigs[key] = duplicates.signature(_text((DEMO_DIR / name).read_bytes(), name))
            for other in FORMATS:
                if other == fmt:
                    continue
                path = Path(tmp) / f"{Path(name).stem}.{other}"
                build.BUILDERS[other](doc, path)
                rendered = f"converted/{path.name} (from {name})"
                sigs[rendered] = duplicates.signature(_text(path.read_bytes(), path.name))
                pairs.append((key, rendered, True))
    demo = [k for k in sigs if k.startswith("demo/")]
    pairs += [(a, b, False) for a, b in itertools.combinations(demo, 2)]

    if not SHARED_CORPUS.is_dir():
        notes.append(f"real pairs skipped: {SHARED_CORPUS} is absent")
        return pairs, sigs, notes
    dc = []
    for path in sorted((SHARED_CORPUS / "pdf").glob("*.pdf")):
        key = f"shared/pdf/{path.name}"
        try:
            pages = [p.text for p in extract(path.read_bytes(), Hints(name=path.name), Limits()).pages]
        except Exception as exc:   # noqa: BLE001 - a scan without text, a broken file: not a pair
            notes.append(f"{key} left out: {exc}")
            continue
        sigs[key] = duplicates.signature("\n\n".join(pages))
        if path.name.startswith("dc-2014_"):
            dc.append(key)
        else:
            converted = f"converted/{path.stem}.docx (from {path.name})"
            sigs[converted] = duplicates.signature(_text(_docx_from(pages), "converted.docx"))
            pairs.append((key, converted, True))
    octo_html = "shared/html/dc_2014_OCTO_Open_Government_Report.html"
    html_path = SHARED_CORPUS / "html" / "dc_2014_OCTO_Open_Government_Report.html"
    sigs[octo_html] = duplicates.signature(_text(html_path.read_bytes(), html_path.name))
    octo_pdf = "shared/pdf/dc-2014_OCTO_Open_Government_Report.pdf"
    pairs.append((octo_html, octo_pdf, True))
    pairs += [(octo_html, other, False) for other in dc if other != octo_pdf]
    pairs += [(a, b, False) for a, b in itertools.combinations(dc, 2)]
    return pairs, sigs, notes


def evaluate(with_misses: bool = True) -> dict[str, Any]:
    pairs, sigs, notes = labelled_pairs()
    tp = fp = fn = tn = 0
    misses: list[dict[str, Any]] = []
    true_scores, false_scores = [], []
    for a, b, truth in pairs:
        called, score = _same(sigs[a], sigs[b])
        (true_scores if truth else false_scores).append(score)
        if truth and called:
            tp += 1
        elif truth:
            fn += 1
            misses.append({"pair": [a, b], "truth": "one document", "similarity": round(score, 3)})
        elif called:
            fp += 1
            misses.append({"pair": [a, b], "truth": "different", "similarity": round(score, 3)})
        else:
            tn += 1
    precision = round(tp / (tp + fp), 3) if tp + fp else 0.0
    recall = round(tp / (tp + fn), 3) if tp + fn else 0.0
    out: dict[str, Any] = {
        "threshold": duplicates.THRESHOLD, "shingle_words": duplicates.SHINGLE_WORDS,
        "permutations": duplicates.NUM_PERM,
        "true_pairs": tp + fn, "hard_negative_pairs": fp + tn,
        "precision": precision, "recall": recall,
        "true_positives": tp, "false_positives": fp, "false_negatives": fn,
        "lowest_true_similarity": round(min(true_scores), 3) if true_scores else None,
        "highest_negative_similarity": round(max(false_scores), 3) if false_scores else None,
        "notes": notes,
    }
    if with_misses:
        out["misses"] = misses
    return out


def main(argv: list[str] | None = None) -> int:
    json.dump(evaluate(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
