"""`python -m bench.solr --docs 20000`: KB on SolrCloud beside tantivy and bare
Solr, as JSON (also written to bench/out/solr-<docs>.json).

In one run, on the same generated corpus (bench/corpus.py) and the same query
mix as bench/run.py (1-3 words and phrases, 0/1/2 facet filters, all nine
facet counts, ten hits with their best page and snippet):
- `build`: documents/s of an upsert of the whole corpus (KB's batches and one
  soft commit on Solr; one tantivy commit), and the index size (Solr: the
  primary copy, i.e. one replica of each shard, and all four replicas);
- `latency`: one client, p50/p95/p99 of KB on SolrCloud (`SolrIndex.search`),
  of bare Solr (the same words, filters and facets sent straight to Solr as
  one edismax request, no KB work around it), of KB's own requests replayed
  straight to Solr (what Solr's side of a KB search costs) and of KB on tantivy;
  before any of them is timed, each sends a warm-up mix of other queries (as
  many, another seed), so the one timed first does not pay alone for what
  follows a build (Solr's JIT compilation, segment merges, caches filling),
  and then they take turns query by query, so a change in the load of the
  machine's cores during the run falls on all of them alike;
- `throughput`: requests/s with `--clients` threads (8) sending the mix;
- `ratio_kb_solr_to_bare_solr_p95`: the cost of KB's layer (goal <= 1.5).

The cluster is the launcher's (solr/): two Solr nodes and ZooKeeper in one
JVM on this machine, a 2 x 2 collection. On one 2-core machine the two nodes
share the cores with each other, with ZooKeeper and with the Python client,
so this shows what KB's layer costs over Solr and that a sharded, replicated
collection answers correctly; it cannot show how throughput grows with nodes.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

import httpx

from bench.run import OUT, _pct, _ratio, _size_mb, _git_commit, query_mix

COLLECTION = "kbbench"


def _bare_solr(urls: list[str]) -> tuple[Callable[[str, dict], Any], Callable[[], None]]:
    """The mix as one plain Solr request each: the text to edismax over the same
    fields, the filters as tagged filter queries, the nine facets with all their
    values (as KB asks for them); none of KB's work around it (bounded parse,
    compounds, thesaurus expansion, widening, did-you-mean, best page, marks)."""
    from indexes.solr import QF, USER_FIELDS
    from kb.models import FACETS

    client = httpx.Client(timeout=60)
    facets = json.dumps({f: {"type": "terms", "field": f, "limit": -1, "mincount": 1,
                             "domain": {"excludeTags": f}} for f in FACETS})
    turn = [0]

    def run(text: str, filters: dict) -> Any:
        fq = [f"{{!tag={k}}}{k}:(" + " OR ".join(f'"{v}"' for v in vs) + ")" for k, vs in filters.items()]
        params = {"q": text or "*:*", "defType": "edismax" if text else "lucene", "qf": QF,
                  "q.op": "AND", "sow": "true", "uf": USER_FIELDS, "fq": fq, "rows": 10,
                  "fl": "id,doc,pages,score", "json.facet": facets,
                  "sort": "score desc,id asc" if text else "year desc,title_sort asc,id asc"}
        turn[0] += 1
        r = client.post(f"{urls[turn[0] % len(urls)]}/{COLLECTION}/select", data=params)
        r.raise_for_status()
        return r.json()

    return run, client.close


def _kb_requests(index, urls: list[str], mix: list) -> tuple[Callable[[str, dict], Any], Callable[[], None]]:
    """KB's own first /select request of each query (thesaurus expansion and all
    facets included), made beforehand and sent straight to Solr: what Solr's
    side of a KB search costs, without KB's Python around it."""
    from kb.models import Query

    client = httpx.Client(timeout=60)
    made = {}
    for text, filters in mix + [("", {})]:
        q = Query(text=text, filters=filters, page_size=10)
        parsed = index._parse(q.text, expand=q.expand)
        made[(text, json.dumps(filters, sort_keys=True))] = index.request_params(
            q, parsed, index._filters(q), parsed.words)
    turn = [0]

    def run(text: str, filters: dict) -> Any:
        turn[0] += 1
        r = client.post(f"{urls[turn[0] % len(urls)]}/{COLLECTION}/select",
                        data=made[(text, json.dumps(filters, sort_keys=True))])
        r.raise_for_status()
        return r.json()

    return run, client.close


def _kb(index) -> Callable[[str, dict], Any]:
    from kb.models import Query

    def run(text: str, filters: dict) -> Any:
        results = index.search(Query(text=text, filters=filters, page_size=10))
        assert all(h.page is not None for h in results.hits)
        return results

    return run


def _warm(run: Callable[[str, dict], Any], mix: list) -> None:
    for text, filters in mix:
        run(text, filters)


def _latencies(engines: dict[str, Callable[[str, dict], Any]], mix: list) -> dict[str, Any]:
    """Each engine's latencies over the mix, the engines taking turns query by
    query (in an order that rotates), so that a change in the machine's load
    (other work on the same cores) falls on all of them alike."""
    names = list(engines)
    times: dict[str, list[float]] = {name: [] for name in names}
    for i, (text, filters) in enumerate(mix):
        for name in names[i % len(names):] + names[:i % len(names)]:
            t = time.perf_counter()
            engines[name](text, filters)
            times[name].append(time.perf_counter() - t)
    return {name: _pct(times[name]) for name in names}


def _throughput(run: Callable[[str, dict], Any], mix: list, clients: int, rounds: int) -> dict[str, Any]:
    errors = []

    def worker(k: int) -> None:
        for r in range(rounds):
            for i in range(len(mix)):
                text, filters = mix[(i + k * 7 + r) % len(mix)]
                try:
                    run(text, filters)
                except Exception as exc:        # counted and reported, never hidden
                    errors.append(repr(exc)[:200])

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    seconds = time.perf_counter() - t
    n = clients * rounds * len(mix)
    return {"clients": clients, "requests": n, "seconds": round(seconds, 2),
            "requests_per_s": round(n / seconds, 1), "errors": len(errors), "first_errors": errors[:3]}


def _solr_size_mb(urls: list[str]) -> dict[str, float]:
    """Index bytes of the collection's cores on every node: all replicas, and one
    replica per shard (what a single copy of the index takes)."""
    per_shard: dict[str, int] = {}
    total = 0
    for url in urls:
        cores = httpx.get(f"{url}/admin/cores", params={"action": "STATUS", "wt": "json"},
                          timeout=60).json()["status"]
        for name, core in cores.items():
            if not name.startswith(COLLECTION + "_"):
                continue
            size = int(core["index"]["sizeInBytes"])
            total += size
            shard = core.get("cloud", {}).get("shard") or name.split("_replica")[0]
            per_shard[shard] = max(per_shard.get(shard, 0), size)
    return {"one_copy_mb": round(sum(per_shard.values()) / 1e6, 2),
            "all_replicas_mb": round(total / 1e6, 2)}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import generate
    from indexes.solr import SolrIndex, create_collection
    from indexes.tantivy import TantivyIndex
    from solr import cluster as launcher

    missing = launcher.missing_tools()
    if missing:
        return {"skipped": f"no SolrCloud: {missing}"}
    work = Path(tempfile.mkdtemp(prefix="kb-bench-solr-"))
    out: dict[str, Any] = {"docs": args.docs, "queries": args.queries, "clients": args.clients,
                           "commit": _git_commit(),
                           "cluster": "MiniSolrCloudCluster, 2 nodes + ZooKeeper in one JVM "
                                      "(-Xmx1g), collection 2 shards x 2 replicas, on this machine"}
    t = time.perf_counter()
    cluster = launcher.start(work / "cluster", collection="", timeout=600)
    out["cluster_start_s"] = round(time.perf_counter() - t, 1)
    try:
        urls = cluster.urls
        create_collection(",".join(urls), COLLECTION, shards=2, replicas=2)
        solr = SolrIndex(",".join(urls), COLLECTION)
        tantivy = TantivyIndex(work / "tantivy")
        build = {}
        for name, index in (("solr", solr), ("tantivy", tantivy)):
            t = time.perf_counter()
            index.upsert(generate(args.docs, args.seed))
            seconds = time.perf_counter() - t
            build[name] = {"seconds": round(seconds, 1), "docs_per_s": round(args.docs / seconds, 1)}
            assert index.count() == args.docs, (name, index.count())
        build["solr"]["index"] = _solr_size_mb(urls)
        build["tantivy"]["index_mb"] = _size_mb(work / "tantivy")
        out["build"] = build

        mix = query_mix(args.queries, args.seed)
        warm = query_mix(args.queries, args.seed + 1000)
        bare, close_bare = _bare_solr(urls)
        replay, close_replay = _kb_requests(solr, urls, mix + warm)
        engines = {"kb_on_solrcloud": _kb(solr), "bare_solr": bare,
                   "kb_requests_sent_directly": replay, "kb_on_tantivy": _kb(tantivy)}
        for fn in engines.values():
            _warm(fn, warm)
        out["latency"] = _latencies(engines, mix)
        out["throughput"] = {name: _throughput(fn, mix, args.clients, args.rounds)
                             for name, fn in engines.items()}
        out["ratio_kb_solr_to_bare_solr_p95"] = _ratio(out["latency"]["kb_on_solrcloud"]["p95_ms"],
                                                       out["latency"]["bare_solr"]["p95_ms"])
        out["ratio_kb_solr_to_kb_requests_direct_p95"] = _ratio(
            out["latency"]["kb_on_solrcloud"]["p95_ms"],
            out["latency"]["kb_requests_sent_directly"]["p95_ms"])
        out["ratio_kb_solr_to_tantivy_p95"] = _ratio(out["latency"]["kb_on_solrcloud"]["p95_ms"],
                                                     out["latency"]["kb_on_tantivy"]["p95_ms"])
        out["cluster_heap"] = {k: v for k, v in cluster.command("status").items()
                               if k.startswith("heap")}
        close_bare()
        close_replay()
        solr.close()
        tantivy.close()
    finally:
        cluster.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(prog="python -m bench.solr", description=__doc__.split("\n\n")[0])
    p.add_argument("--docs", type=int, default=20_000)
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--rounds", type=int, default=1, help="passes over the mix per client")
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args(argv)
    out = run(args)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"solr-{args.docs}.json").write_text(json.dumps(out, indent=2))
    json.dump(out, sys.stdout, indent=2)
    print()
    return out


if __name__ == "__main__":
    main()
