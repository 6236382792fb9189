"""The Solr backend beyond the contract: its configset, and what a SolrCloud
adds, tested on a live cluster (tests/solrcloud.py): nodes stopped during a
search load and during an ingest, a cluster down entirely, and `kb reindex
--backend solr` moving a repository through a collection alias."""
from __future__ import annotations

import http.server
import json
import threading
import uuid

import httpx
import pytest

from indexes import solr as solr_index
from kb.errors import IndexUnavailable
from kb.models import Query
from tests import solrcloud
from tests.conftest import make_document, run_kb


def test_configset_stop_words_are_those_of_the_analysis_chains():
    """The stop word files Solr reads are indexes/stopwords.py's lists, as
    written by `make solr-configset`; a list changed without them fails here."""
    for name, text in solr_index.stopword_files().items():
        assert (solr_index.CONFIGSET / name).read_text(encoding="utf-8") == text, \
            f"{name} is stale: run `make solr-configset`"


def _launcher_cluster():
    """The launcher's cluster (stopping nodes needs its control port)."""
    cluster = solrcloud.cluster()
    if cluster is None:
        pytest.skip("node faults need the launcher's cluster; KB_SOLR_URL names another one")
    return cluster


def _placement(collection: str) -> dict[str, set[str]]:
    """Shard name -> the node URLs holding one of its replicas."""
    answer = httpx.get(f"{solrcloud.url().split(',')[0]}/admin/collections",
                       params={"action": "CLUSTERSTATUS", "collection": collection, "wt": "json"},
                       timeout=60).json()
    shards = answer["cluster"]["collections"][collection]["shards"]
    return {name: {r["base_url"] for r in shard["replicas"].values()} for name, shard in shards.items()}


def _active(collection: str) -> bool:
    answer = httpx.get(f"{solrcloud.url().split(',')[0]}/admin/collections",
                       params={"action": "CLUSTERSTATUS", "collection": collection, "wt": "json"},
                       timeout=60).json()
    shards = answer["cluster"]["collections"][collection]["shards"]
    return all(r["state"] == "active" for s in shards.values() for r in s["replicas"].values())


def _corpus(n: int, prefix: str = "doc"):
    countries = ("FJI", "JAM", "SEN", "MUS")
    return [make_document(id=f"{prefix}{i:04d}", title=f"Report {i} on portal services",
                          pages=(f"The portal of agency {i} serves citizens.", f"Annex {i}: harbour tariffs."),
                          countries=(countries[i % 4],), year=2000 + i % 20, content_hash=f"h{i}")
            for i in range(n)]


@pytest.fixture
def fault_index():
    """An index on a 2 x 2 collection of its own, on a cluster whose nodes each
    hold a replica of every shard (so one node down leaves a full copy)."""
    cluster = _launcher_cluster()
    index = solrcloud.open_index("kbfaults")
    index.clear()
    placement = _placement("kbfaults")
    assert len(placement) == solrcloud.SHARDS
    assert all(nodes == set(cluster.urls) for nodes in placement.values()), placement
    yield cluster, index
    for i, node in enumerate(cluster.command("status")["nodes"]):
        if not node["running"]:
            cluster.start_node(i)
    index.close()


def test_a_node_stopped_during_a_search_load_costs_no_error_and_no_partial_answer(fault_index):
    cluster, index = fault_index
    docs = _corpus(300)
    index.upsert(docs)
    expected = {c: sum(1 for d in docs if d.countries == (c,)) for c in ("FJI", "JAM", "SEN", "MUS")}
    queries = [Query(text="portal", filters={"country": (c,)}) for c in expected]
    answered, errors, incomplete = [0], [], []
    stop = threading.Event()
    lock = threading.Lock()

    def reader(k: int) -> None:
        while not stop.is_set():
            q = queries[(answered[0] + k) % len(queries)]
            try:
                results = index.search(q)
            except Exception as exc:           # counted, not raised: the test reports them all
                with lock:
                    errors.append(repr(exc))
                continue
            country = q.filters["country"][0]
            counts = {c.value: c.count for c in results.facets["country"]}
            if results.total != expected[country] or counts != expected:
                with lock:
                    incomplete.append((country, results.total, counts))
            with lock:
                answered[0] += 1

    def wait_for(n: int) -> None:
        target = answered[0] + n
        while answered[0] < target and not errors:
            stop.wait(0.05)

    threads = [threading.Thread(target=reader, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    try:
        wait_for(40)
        cluster.stop_node(1)             # a node goes away under load...
        wait_for(80)
        cluster.start_node(1)            # ...and comes back
        wait_for(40)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == [] and incomplete == []
    assert answered[0] >= 160
    # the node rejoined: its replicas are active and it answers for the collection
    assert _active("kbfaults")
    rejoined = solr_index.SolrIndex(cluster.urls[1], "kbfaults")
    assert rejoined.count() == 300
    rejoined.close()


def test_a_node_stopped_during_an_ingest_loses_and_doubles_nothing(fault_index):
    cluster, index = fault_index
    docs = _corpus(600, prefix="ing")
    done = threading.Event()
    failures = []

    def ingest() -> None:
        try:
            for i in range(0, len(docs), 25):      # one upsert (and commit) per batch, as ingest does
                index.upsert(docs[i:i + 25])
        except Exception as exc:
            failures.append(repr(exc))
        finally:
            done.set()

    writer = threading.Thread(target=ingest)
    writer.start()
    while index.count() < 100 and not done.is_set():
        done.wait(0.05)
    cluster.stop_node(0)          # the node the launcher made first: it leads shards
    while not done.is_set():
        done.wait(0.1)
    writer.join()
    cluster.start_node(0)
    assert failures == []
    assert index.count() == 600
    assert index.ids() == {d.id for d in docs}
    assert index.hashes() == {d.id: d.content_hash for d in docs}
    assert index.search(Query(text="portal")).total == 600
    # the rejoined node has caught up with what was written while it was down
    assert _active("kbfaults")
    rejoined = solr_index.SolrIndex(cluster.urls[0], "kbfaults")
    assert rejoined.ids() == {d.id for d in docs}
    rejoined.close()


def test_a_cluster_down_entirely_is_the_same_readable_503_as_a_damaged_index(tmp_path):
    """Every node stopped: the web UI and the API answer 503 with the message and
    kind a damaged embedded index gives (tests/web/test_api.py), not a 500 or a hang."""
    from kb.settings import Settings
    from web import create_app

    cluster = _launcher_cluster()
    index = solrcloud.open_index("kbfaults")
    index.clear()
    index.upsert(_corpus(5))
    settings = Settings(data_dir=tmp_path / "var", backend="solr", solr_url=",".join(cluster.urls),
                        solr_collection="kbfaults")
    client = create_app(settings).test_client()
    assert client.get("/api/search").get_json()["total"] == 5
    try:
        cluster.stop_node(0)
        cluster.stop_node(1)
        page = client.get("/")
        text = page.get_data(as_text=True)
        assert page.status_code == 503
        assert "The search index is not available" in text and "no node answered" in text
        api = client.get("/api/search?q=portal")
        assert api.status_code == 503 and api.get_json()["error"]["kind"] == "index-unavailable"
    finally:
        cluster.start_node(0)
        cluster.start_node(1)
    # back up: the same app answers again, nothing lost
    assert client.get("/api/search").get_json()["total"] == 5
    index.close()


def test_reindex_moves_a_repository_to_solr_through_an_alias(tmp_path):
    """`kb reindex --backend solr` builds a new collection from the catalog and
    moves the alias onto it: the same hits as Whoosh, and a second rebuild
    replaces the first collection rather than adding to it."""
    from tests.ingest import builders

    url = solrcloud.url()
    root = tmp_path / "docs"
    root.mkdir()
    builders.write_case_studies(root)
    data = tmp_path / "var"
    env = {"solr_url": url, "solr_collection": "kbreindex"}
    run_kb("ingest", "folder", str(root), data_dir=data, check=0)
    whoosh = json.loads(run_kb("search", "one stop shop", "--json", data_dir=data, check=0).stdout)
    first = json.loads(run_kb("reindex", "--backend", "solr", "--json", data_dir=data, check=0,
                              backend="solr", **env).stdout)
    assert first["documents"] == whoosh["total"] > 0
    on_solr = json.loads(run_kb("search", "one stop shop", "--json", data_dir=data, check=0,
                                backend="solr", **env).stdout)
    assert on_solr["total"] == whoosh["total"]
    assert sorted((h["uri"], h["page"]) for h in on_solr["hits"]) == \
        sorted((h["uri"], h["page"]) for h in whoosh["hits"])
    second = json.loads(run_kb("reindex", "--backend", "solr", "--json", data_dir=data, check=0,
                               backend="solr", **env).stdout)
    listed = httpx.get(f"{url.split(',')[0]}/admin/collections",
                       params={"action": "LISTALIASES", "wt": "json"}, timeout=60).json()["aliases"]
    assert listed["kbreindex"] == second["collection"] != first["collection"]
    collections = httpx.get(f"{url.split(',')[0]}/admin/collections",
                            params={"action": "LIST", "wt": "json"}, timeout=60).json()["collections"]
    assert first["collection"] not in collections
    again = json.loads(run_kb("search", "one stop shop", "--json", data_dir=data, check=0,
                              backend="solr", **env).stdout)
    assert again["total"] == whoosh["total"]


def _configset_before_vectors(directory):
    """KB's configset as it was before page vectors: no vector fields, and no
    handler filters naming them."""
    import re
    import shutil

    shutil.copytree(solr_index.CONFIGSET, directory)
    schema = directory / "managed-schema.xml"
    schema.write_text(re.sub(r'\s*<field name="(page_of|page|vector)" [^>]*/>', "", schema.read_text()))
    config = directory / "solrconfig.xml"
    config.write_text(re.sub(r'\s*<lst name="appends">.*?</lst>', "", config.read_text(), flags=re.S))
    return directory


def test_a_collection_from_before_vectors_answers_keyword_only_until_a_rebuild(tmp_path):
    """A deployment's collection made from an older configset takes documents
    with vectors (storing them without), says that hybrid search is keyword
    only, and a rebuild moves it onto the current configset, with vectors,
    which no count, listing, keyword search or facet sees as documents."""
    from dataclasses import replace

    from indexes import vectors
    from ingest.embed import embed_document

    url = solrcloud.url()
    name = f"kbold{uuid.uuid4().hex[:8]}"       # a collection, then an alias, of this test's own
    old = solr_index.upload_configset(url, "kb-test-before-vectors",
                                      directory=_configset_before_vectors(tmp_path / "old"))
    assert old != solr_index.configset_name()
    solr_index.create_collection(url, name, configset=old, shards=solrcloud.SHARDS,
                                 replicas=solrcloud.REPLICAS)
    docs = [replace(d, vectors=embed_document(d)) for d in (
        make_document(id="oss", title="Business registration",
                      pages=("Background of the reform.",
                             "A one-stop shop registers a company and a trade licence in one day."),
                      countries=("RWA",), year=2019),
        make_document(id="fish", title="Fisheries licensing",
                      pages=("Coastal fishing quotas and boat inspections.",), countries=("FJI",), year=2017))]
    french = Query(text="guichet unique pour les entreprises", mode="hybrid", expand=False)
    index = solr_index.SolrIndex(url, name)
    try:
        index.upsert(docs)
        assert index.count() == 2 and index.vector_documents() == 0
        r = index.search(french)
        assert r.mode == "keyword" and r.notice == vectors.NOTICE_NO_VECTORS and r.total == 0
        assert [h.id for h in index.search(Query(text="one-stop shop")).hits] == ["oss"]
    finally:
        index.close()

    def fill(ix):
        ix.upsert(docs)
        return len(docs)

    built, _ = solr_index.rebuild_collection({"url": url, "collection": name}, fill,
                                             shards=solrcloud.SHARDS, replicas=solrcloud.REPLICAS)
    index = solr_index.SolrIndex(url, name)
    try:
        assert index.vector_documents() == 2
        r = index.search(french)
        assert r.mode == "hybrid" and [h.id for h in r.hits][:1] == ["oss"] and r.hits[0].page == 2
        # the page vectors are child documents no reader takes for documents
        assert index.count() == 2 and index.ids() == {"oss", "fish"}
        everything = index.search(Query(text="", facets=("country",)))
        assert everything.total == 2 and {h.id for h in everything.hits} == {"oss", "fish"}
        assert {c.value: c.count for c in everything.facets["country"]} == {"RWA": 1, "FJI": 1}
        assert index.get("oss").vectors is None
    finally:
        index.close()
        admin = f"{url.split(',')[0]}/admin/collections"
        httpx.get(admin, params={"action": "DELETEALIAS", "name": name}, timeout=120)
        httpx.get(admin, params={"action": "DELETE", "name": built}, timeout=120)


class _Node(http.server.BaseHTTPRequestHandler):
    """One stand-in Solr node on 127.0.0.1: it answers every request 200
    with the body its server holds (a node on its way down may answer so)."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.asked += 1
        body = json.dumps(self.server.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def _serve(answer: dict) -> http.server.HTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Node)
    server.answer, server.asked = answer, 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_a_node_answering_without_results_is_passed_over_for_one_that_has_them():
    """A 200 that holds no hits (no "response") is not an answer: the search
    goes to the next node, as for a node that refused, and gives its count."""
    empty = _serve({"responseHeader": {"status": 0, "QTime": 0}})
    proper = _serve({"responseHeader": {"status": 0}, "response": {"numFound": 7, "docs": []}})
    try:
        urls = ",".join(f"http://127.0.0.1:{s.server_address[1]}/solr" for s in (empty, proper))
        index = solr_index.SolrIndex(urls, "kb", retry_seconds=5)
        assert [index.count() for _ in range(4)] == [7, 7, 7, 7]
        assert empty.asked >= 1 and proper.asked == 4
        index.close()
    finally:
        for server in (empty, proper):
            server.shutdown()
            server.server_close()


def test_no_node_answering_with_results_is_the_index_unavailable():
    empty = _serve({"responseHeader": {"status": 0}})
    try:
        index = solr_index.SolrIndex(f"http://127.0.0.1:{empty.server_address[1]}/solr", "kb",
                                     retry_seconds=0.5)
        with pytest.raises(IndexUnavailable, match="no node answered.*held no results"):
            index.count()
        index.close()
    finally:
        empty.shutdown()
        empty.server_close()
