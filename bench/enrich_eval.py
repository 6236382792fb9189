"""How good is enrichment? Precision, recall and F1 per field on a labelled set.

The set is three parts, each with true labels written by a person:
- the demo corpus (`demo/corpus`, labels in `demo/labels.json`);
- real public documents in `../shared/corpus` (labels in `bench/eval/labels.json`,
  keys starting with "shared/"), skipped with a note when that folder is absent;
- short probe documents for the hard cases (`bench/eval/probes`, same labels file).

Each document goes through `ingest.pipeline.build_document` with no curated
values, so what is measured is exactly what an ingest job would infer; then,
as a job over the whole set would, a stated title that unrelated documents
of the set state too gives way (`ingest.shared_titles`, the formats of one
document told by `ingest.duplicates`). No index is built. A field a label leaves out (or sets to null) is not scored for that
document: some real documents have no year a reader could tell.

Multi-valued fields (countries about, regions, SIDS groups, topics) are scored
micro-averaged over value pairs; single-valued ones (doc_type, year, language)
as accuracy over the documents labelled, with "no guess" counted as wrong.

With the demo part, the output's "practices" holds the practice cards' scores
(`bench.practice_eval`: per card field, on `bench/eval/practices.json`).

Titles are scored as accuracy too, after `title_key` on both sides: case,
accents kept; every run of characters that are not letters or digits (spaces,
punctuation, dashes, quotes) counts as one space. So "Rice Processing in
Nigeria: A Survey" matches "rice processing in nigeria - a survey", but a
title that lacks its subtitle, or has a word more, does not.

    .venv/bin/python -m bench.enrich_eval [--only demo,probes,shared] [--misses]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from bench import ROOT, SHARED_CORPUS, duplicates_eval
from kb.models import Document
from kb.protocols import Hints, Limits

from ingest import duplicates, shared_titles
from ingest.pipeline import Task, build_document

DEMO_DIR = ROOT / "demo" / "corpus"
DEMO_LABELS = ROOT / "demo" / "labels.json"
EVAL_DIR = ROOT / "bench" / "eval"
EVAL_LABELS = EVAL_DIR / "labels.json"
SHARED_DIR = SHARED_CORPUS

# label key -> Document attribute
MULTI = {"country-about": "countries", "region": "regions", "sids": "sids", "topic": "topics"}
SINGLE = {"doc_type": "doc_type", "year": "year", "language": "language", "title": "title"}
LABEL_KEYS = {**MULTI, **SINGLE}
FIELDS = tuple(MULTI) + tuple(SINGLE)
_NOT_WORD = re.compile(r"[\W_]+")


def title_key(title: Any) -> str:
    """A title as compared: case-folded, punctuation and spacing ignored (and
    the ordinal sign of "Nº" taken for the degree sign of "N°", which looks the same)."""
    text = unicodedata.normalize("NFKC", str(title or "").replace("º", "°"))
    return _NOT_WORD.sub(" ", text).strip().casefold()


def _same(fld: str, guess: Any, true: Any) -> bool:
    return title_key(guess) == title_key(true) if fld == "title" else guess == true


@dataclass(frozen=True)
class Case:
    """One labelled document: where its bytes are and what a reader says it is."""

    name: str            # "demo/x.pdf", "shared/pdf/y.pdf", "probes/z.md"
    path: Path
    labels: dict[str, Any]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    total: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)


def load_cases(parts: Iterable[str] = ("demo", "probes", "shared")) -> tuple[list[Case], list[str]]:
    """The labelled documents of the chosen parts, and notes on what was skipped."""
    parts = set(parts)
    cases: list[Case] = []
    notes: list[str] = []
    if "demo" in parts:
        for name, labels in json.loads(DEMO_LABELS.read_text(encoding="utf-8")).items():
            cases.append(Case(f"demo/{name}", DEMO_DIR / name, labels))
    own = json.loads(EVAL_LABELS.read_text(encoding="utf-8"))
    for key, labels in own.items():
        if key.startswith("_"):
            continue
        part, _, rest = key.partition("/")
        if part not in parts:
            continue
        if part == "shared":
            path = SHARED_DIR / rest
            if not path.exists():
                notes.append(f"skipped {key}: {SHARED_DIR} is absent" if not SHARED_DIR.exists()
                             else f"skipped {key}: file not found")
                continue
        else:
            path = EVAL_DIR / key
        cases.append(Case(key, path, labels))
    if "shared" in parts and not SHARED_DIR.exists():
        notes = [f"shared corpus skipped: {SHARED_DIR} is absent"]
    return cases, notes


def infer(case: Case) -> Document:
    """Extraction and enrichment exactly as an ingest job runs them, with no
    curated values, so every field is the enrichers' own guess."""
    data = case.path.read_bytes()
    task = Task(uri=case.path.as_uri(), data=data, hints=Hints(name=case.path.name), curated={},
                source="enrich-eval", content_hash=hashlib.sha256(data).hexdigest(),
                limits=Limits(), fetched_at=datetime.now(timezone.utc))
    return build_document(task)


def shared_title_groups(docs: list[Document]) -> dict[str, str]:
    """Which of the documents stating one title are one document (the same
    bytes, or near-duplicate texts as `ingest.duplicates` measures them): id
    -> the first id of its group. Only documents whose stated title another
    one states too are compared."""
    by_key: dict[str, list[Document]] = {}
    for doc in docs:
        key = shared_titles.key_of(doc)
        if key:
            by_key.setdefault(key, []).append(doc)
    groups: dict[str, str] = {}
    for members in by_key.values():
        sigs = {d.id: duplicates.signature(d.text) for d in members}
        for i, doc in enumerate(members):
            for other in members[:i]:
                a, b = sigs[doc.id], sigs[other.id]
                if doc.content_hash == other.content_hash or (
                        a is not None and b is not None and duplicates.similarity(a, b) >= duplicates.THRESHOLD):
                    groups[doc.id] = groups.get(other.id, other.id)
                    break
    return groups


def _as_set(value: Any) -> set[str]:
    return {str(v) for v in (value or ())}


def evaluate(cases: Iterable[Case]) -> dict[str, Any]:
    """Scores per field plus the documents that failed to extract."""
    scores = {f: Score() for f in FIELDS}
    errors: list[dict[str, str]] = []
    built: list[tuple[Case, Document]] = []
    for case in cases:
        try:
            built.append((case, infer(case)))
        except Exception as exc:   # noqa: BLE001 - a broken file is reported, not fatal
            errors.append({"document": case.name, "error": f"{type(exc).__name__}: {exc}"[:200]})
    docs = [doc for _, doc in built]
    retitled = shared_titles.settle_documents(docs, shared_title_groups(docs))
    n = 0
    for case, doc in built:
        doc = retitled.get(doc.id, doc)
        n += 1
        for fld in FIELDS:
            key = LABEL_KEYS[fld]
            if case.labels.get(key) is None:
                continue
            s = scores[fld]
            guess = getattr(doc, key)
            if fld in MULTI:
                true, got = _as_set(case.labels[key]), _as_set(guess)
                s.tp += len(true & got)
                s.fp += len(got - true)
                s.fn += len(true - got)
                s.total += 1
                if true != got:
                    s.misses.append({"document": case.name, "true": sorted(true), "got": sorted(got),
                                     "why": doc.origins.get(MULTI[fld]).reason[:300]
                                     if doc.origins.get(MULTI[fld]) else ""})
            else:
                s.total += 1
                if _same(fld, guess, case.labels[key]):
                    s.correct += 1
                else:
                    origin = doc.origins.get(SINGLE[fld])
                    s.misses.append({"document": case.name, "true": case.labels[key], "got": guess,
                                     "why": origin.reason[:300] if origin else ""})
    return {"documents": n, "errors": errors, "scores": scores}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def summarise(result: dict[str, Any], with_misses: bool = True) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for fld, s in result["scores"].items():
        if fld in MULTI:
            p, r = _ratio(s.tp, s.tp + s.fp), _ratio(s.tp, s.tp + s.fn)
            f1 = round(2 * p * r / (p + r), 3) if p + r else 0.0
            entry: dict[str, Any] = {"precision": p, "recall": r, "f1": f1, "documents": s.total,
                                     "true_positives": s.tp, "false_positives": s.fp,
                                     "false_negatives": s.fn}
        else:
            entry = {"accuracy": _ratio(s.correct, s.total), "correct": s.correct, "documents": s.total}
        if with_misses:
            entry["misses"] = s.misses
        fields[fld] = entry
    return {"documents": result["documents"], "errors": result["errors"], "fields": fields}


TARGETS = {"country-about": ("f1", 0.9), "doc_type": ("accuracy", 0.85), "year": ("accuracy", 0.9),
           "title": ("accuracy", 0.9)}
# Grouping two different documents hides one of them, so precision comes first.
DUPLICATE_TARGETS = {"precision": 0.99, "recall": 0.9}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="demo,probes,shared",
                        help="comma-separated parts of the set: demo, probes, shared")
    parser.add_argument("--no-misses", action="store_true", help="leave out the lists of misses")
    parser.add_argument("--no-duplicates", action="store_true",
                        help="leave out the near-duplicate pairs (bench/duplicates_eval.py)")
    args = parser.parse_args(argv)
    cases, notes = load_cases(args.only.split(","))
    out = summarise(evaluate(cases), with_misses=not args.no_misses)
    out["notes"] = notes
    if "demo" in args.only.split(","):
        # Practice cards: precision and recall per card field (bench/practice_eval.py).
        from bench import practice_eval
        out["practices"] = practice_eval.evaluate(with_misses=not args.no_misses)
    out["targets"] = {f: {"metric": m, "target": t, "value": out["fields"][f][m],
                          "met": out["fields"][f][m] >= t} for f, (m, t) in TARGETS.items()}
    if not args.no_duplicates:
        # one entry per document: near-duplicate precision/recall on labelled pairs
        out["duplicates"] = duplicates_eval.evaluate(with_misses=not args.no_misses)
        for metric, target in DUPLICATE_TARGETS.items():
            value = out["duplicates"][metric]
            out["targets"][f"duplicates-{metric}"] = {"metric": metric, "target": target,
                                                      "value": value, "met": value >= target}
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
