"""How good is search? nDCG@10, recall@10 and P@1 on the relevance set.

The set (`bench/relevance/queries.json`, how it was judged in its README) grades
demo-corpus documents by file name for queries in English, French, Spanish and
Portuguese. The demo manifest is ingested through the real pipeline into a
fresh data directory for each backend, and every query is run in each search
mode the `Query` offers: the default a user gets, keyword only, keyword with
the thesaurus, hybrid (keyword and page vectors fused). A mode the code does
not offer is reported as unavailable, never guessed. Figures are per query language and for the
cross-lingual queries (those whose best documents are in another language).

    .venv/bin/python -m bench.search_eval [--backend whoosh --backend tantivy] [--out FILE]

Definitions: a document is relevant at grade 2 or 3; recall@10 is the share of
a query's relevant documents in its first ten hits (out of at most ten); P@1
is 1 when the first hit is relevant; nDCG@10 uses gains 2^grade - 1.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from bench import ROOT
from kb.models import Query

QUERIES = ROOT / "bench" / "relevance" / "queries.json"
MANIFEST = ROOT / "demo" / "corpus" / "manifest.csv"
RELEVANT = 2
K = 10

# What each mode asks of a Query, as field -> value; a mode whose fields the
# Query does not have is unavailable in this version.
MODES: dict[str, dict[str, Any]] = {
    "default": {},                        # what a user gets: hybrid with the thesaurus
    "keyword": {"mode": "keyword", "expand": False},
    "thesaurus": {"mode": "keyword", "expand": True},
    "hybrid": {"mode": "hybrid", "expand": False},
}


def load_queries(path: Path = QUERIES) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def demo_judgments(query: Mapping[str, Any]) -> dict[str, int]:
    """The judgments of demo-corpus files (shared-corpus paths hold a slash)."""
    return {name: int(g) for name, g in query["judgments"].items() if "/" not in name}


def ndcg(ranked: list[str], grades: Mapping[str, int], k: int = K) -> float:
    dcg = sum((2 ** grades.get(name, 0) - 1) / math.log2(i + 2) for i, name in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], grades: Mapping[str, int], k: int = K) -> float:
    relevant = {n for n, g in grades.items() if g >= RELEVANT}
    if not relevant:
        return 0.0
    return len(relevant & set(ranked[:k])) / min(len(relevant), k)


def precision_at_1(ranked: list[str], grades: Mapping[str, int]) -> float:
    return 1.0 if ranked and grades.get(ranked[0], 0) >= RELEVANT else 0.0


def mode_available(mode: str) -> bool:
    names = {f.name for f in dataclasses.fields(Query)}
    return set(MODES[mode]) <= names


def query_for(text: str, mode: str) -> Query:
    return Query(text=text, page_size=K, facets=(), **MODES[mode])


def ranked_names(index, text: str, mode: str) -> list[str]:
    results = index.search(query_for(text, mode))
    return [Path(h.uri).name for h in results.hits]


def evaluate(search: Callable[[str, str], list[str]], queries: Iterable[Mapping[str, Any]],
             modes: Iterable[str]) -> dict[str, Any]:
    """Mean measures per mode, per query language and for cross-lingual
    queries; `search(text, mode)` gives the ranked file names."""
    out: dict[str, Any] = {}
    queries = list(queries)
    for mode in modes:
        if not mode_available(mode):
            out[mode] = {"available": False}
            continue
        rows = []
        for q in queries:
            grades = demo_judgments(q)
            if not any(g >= RELEVANT for g in grades.values()):
                continue
            ranked = search(q["query"], mode)
            rows.append({"id": q["id"], "language": q["language"],
                         "cross_lingual": "cross-lingual" in q.get("tags", ()),
                         "ndcg@10": ndcg(ranked, grades), "recall@10": recall(ranked, grades),
                         "p@1": precision_at_1(ranked, grades), "first": ranked[:1]})
        groups: dict[str, list[dict]] = {"all": rows, "cross-lingual": [r for r in rows if r["cross_lingual"]]}
        for lang in sorted({r["language"] for r in rows}):
            groups[lang] = [r for r in rows if r["language"] == lang]
        out[mode] = {"available": True, "queries": len(rows), **{
            name: {"queries": len(g), **{m: round(sum(r[m] for r in g) / len(g), 4)
                                          for m in ("ndcg@10", "recall@10", "p@1")}}
            for name, g in groups.items() if g}, "per_query": rows}
    return out


def build_demo_index(backend: str, data_dir: Path, vectors: bool = True):
    """The demo manifest ingested through the real pipeline (with page vectors
    unless `vectors` is False); returns the open index."""
    from indexes import open_index
    from ingest.catalog import Catalog
    from ingest.pipeline import run_job
    from ingest.sources.manifest import ManifestSource
    from kb.settings import Settings

    settings = Settings.from_env(data_dir=data_dir).with_(backend=backend, vectors="on" if vectors else "off")
    index = open_index(backend, settings.index_dir, **settings.index_options)
    with Catalog(settings.catalog_path) as catalog:
        run_job(ManifestSource(MANIFEST), index, catalog, limits=settings.limits,
                workers=settings.workers, batch_size=settings.batch_size, progress=False,
                vectors=settings.embed)
    return index


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", action="append", choices=["whoosh", "tantivy"])
    parser.add_argument("--out", type=Path, help="Also write the JSON here.")
    parser.add_argument("--per-query", action="store_true", help="Keep every query's figures.")
    args = parser.parse_args(argv)
    queries = load_queries()
    report: dict[str, Any] = {"queries": len(queries), "backends": {}}
    for backend in args.backend or ["whoosh", "tantivy"]:
        with tempfile.TemporaryDirectory(prefix=f"kb-search-eval-{backend}-") as tmp:
            index = build_demo_index(backend, Path(tmp))
            try:
                result = evaluate(lambda text, mode: ranked_names(index, text, mode), queries, MODES)
            finally:
                index.close()
        if not args.per_query:
            for mode in result.values():
                mode.pop("per_query", None)
        report["backends"][backend] = result
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
