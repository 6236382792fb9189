"""How good are the practice cards? Precision and recall per card field on
the labelled demo corpus (`bench/eval/practices.json`), and a count of
figures on a card that are not on the page the card links to.

Each document goes through `ingest.pipeline.build_document` with no curated
values, as an ingest job builds it. A field counts as right when it comes
from the page a reader found it on (for country, outcome and solution type:
when it has the reader's value); a field extracted where the reader found
none is a false positive, one the reader found and the card lacks a false
negative. A card made from a document that describes no initiative counts
every one of its fields as a false positive.

    .venv/bin/python -m bench.practice_eval [--misses]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from typing import Any, Iterable, Mapping

from bench import ROOT
from kb.models import PRACTICE_FIELDS, CardField, Document, Practice

LABELS = ROOT / "bench" / "eval" / "practices.json"
DEMO_DIR = ROOT / "demo" / "corpus"
VALUE_FIELDS = {"country", "outcome", "solution_type"}
TARGETS = {"challenge": 0.8, "solution": 0.8, "results": 0.8, "country": 0.8}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def invented_figures(doc: Document) -> list[dict[str, Any]]:
    """Every number on a card that is not on the page the field links to
    (a field with no page must have no number)."""
    pages = {p.number: " ".join(p.text.split()) for p in doc.pages}
    bad = []
    for i, card in enumerate(doc.practices):
        for name in PRACTICE_FIELDS:
            f = card.get(name)
            if f is None or name in VALUE_FIELDS:
                continue
            text = pages.get(f.page, "") if f.page is not None else ""
            for n in numbers(f.value):
                if n not in text:
                    bad.append({"document": doc.title, "card": i, "field": name, "number": n, "page": f.page})
    return bad


def _matches(name: str, expected: Any, got: CardField) -> bool:
    return got.value == expected if name in VALUE_FIELDS else got.page == expected


def _pair(expected: list[Mapping[str, Any]], got: tuple[Practice, ...]) -> list[tuple[Mapping | None, Practice | None]]:
    """Expected cards with extracted ones: by country when there are
    several, else in order."""
    if len(expected) <= 1 and len(got) <= 1:
        return [(expected[0] if expected else None, got[0] if got else None)] if (expected or got) else []
    left = list(got)
    pairs: list[tuple[Mapping | None, Practice | None]] = []
    for exp in expected:
        match = next((g for g in left if g.country and g.country.value == exp.get("country")), None)
        if match is not None:
            left.remove(match)
        pairs.append((exp, match))
    pairs += [(None, g) for g in left]
    return pairs


def score(docs: Iterable[tuple[str, Document]], labels: Mapping[str, list]) -> dict[str, Any]:
    counts = {f: {"tp": 0, "fp": 0, "fn": 0, "misses": []} for f in PRACTICE_FIELDS}
    invented: list[dict[str, Any]] = []
    n = cards = 0
    for name, doc in docs:
        n += 1
        cards += len(doc.practices)
        invented += invented_figures(doc)
        for exp, got in _pair(list(labels.get(name, [])), doc.practices):
            for f in PRACTICE_FIELDS:
                want = exp.get(f) if exp else None
                have = got.get(f) if got else None
                c = counts[f]
                if want is None and have is None:
                    continue
                if want is not None and have is not None and _matches(f, want, have):
                    c["tp"] += 1
                    continue
                if have is not None:
                    c["fp"] += 1
                if want is not None:
                    c["fn"] += 1
                c["misses"].append({"document": name, "expected": want,
                                    "got": None if have is None else
                                    (have.value if f in VALUE_FIELDS else f"page {have.page}")})
    fields = {}
    for f, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        fields[f] = {"precision": round(p, 3), "recall": round(r, 3),
                     "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                     "true_positives": c["tp"], "false_positives": c["fp"], "false_negatives": c["fn"],
                     "misses": c["misses"]}
    return {"documents": n, "cards": cards, "fields": fields, "invented_figures": invented,
            "targets": {f: {"target": t, "precision": fields[f]["precision"], "recall": fields[f]["recall"],
                            "met": fields[f]["precision"] >= t and fields[f]["recall"] >= t}
                        for f, t in TARGETS.items()}}


def load_labels() -> dict[str, list]:
    return json.loads(LABELS.read_text(encoding="utf-8"))["documents"]


def build_demo(names: Iterable[str]) -> Iterable[tuple[str, Document]]:
    from bench.enrich_eval import Case, infer
    for name in names:
        yield name, infer(Case(f"demo/{name}", DEMO_DIR / name, {}))


def evaluate(with_misses: bool = True) -> dict[str, Any]:
    labels = load_labels()
    out = score(build_demo(sorted(labels)), labels)
    out["case_studies"] = sum(1 for cards in labels.values() if cards)
    if not with_misses:
        for entry in out["fields"].values():
            entry.pop("misses")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-misses", action="store_true", help="leave out the lists of misses")
    args = parser.parse_args(argv)
    json.dump(evaluate(not args.no_misses), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
