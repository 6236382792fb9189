"""KB_SOLR_URL naming the cluster's ZooKeeper (`zk://host:port[/chroot]`):
the Solr backend finds the nodes SolrCloud lists as live there, follows a
node that leaves and comes back, and reports an unreachable or wrong
ZooKeeper as a readable unavailable index. On the live test cluster
(tests/solrcloud.py), whose embedded ZooKeeper the launcher reports."""
from __future__ import annotations

import socket
import time

import pytest

from indexes import solr_nodes
from indexes.solr import SolrIndex
from kb.errors import IndexUnavailable
from kb.models import Query
from tests import solrcloud
from tests.conftest import make_document


def test_a_live_node_name_becomes_its_url():
    assert solr_nodes.node_url("127.0.0.1:8983_solr") == "http://127.0.0.1:8983/solr"
    assert solr_nodes.node_url("solr2.example.org:443_search%2Fsolr", "https") == \
        "https://solr2.example.org:443/search/solr"
    assert solr_nodes.node_url("10.0.0.5:8983_") == "http://10.0.0.5:8983"


def test_a_list_of_urls_is_used_as_given():
    nodes = solr_nodes.Nodes(" http://a:8983/solr/ ,http://b:8983/solr")
    assert nodes.urls() == ["http://a:8983/solr", "http://b:8983/solr"]
    assert not nodes.from_zookeeper
    with pytest.raises(IndexUnavailable, match="set KB_SOLR_URL"):
        solr_nodes.Nodes(" , ")


def _zookeeper() -> str:
    cluster = solrcloud.cluster()
    if cluster is None:
        pytest.skip("the launcher's cluster reports its ZooKeeper; KB_SOLR_URL names another cluster")
    return cluster.zk


def _wait(condition, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_the_nodes_are_found_in_zookeeper_and_followed_as_they_leave_and_return():
    zk = _zookeeper()
    cluster = solrcloud.cluster()
    name = solrcloud.collection("kbfaults")
    index = SolrIndex(f"zk://{zk}", name)
    try:
        assert sorted(index.urls) == sorted(cluster.urls)
        index.clear()
        index.upsert([make_document(id=f"zk{i}", title=f"Harbour portal {i}", pages=("Port permits online.",),
                                    countries=("FJI",), content_hash=f"z{i}") for i in range(12)])
        assert index.search(Query(text="harbour")).total == 12
        cluster.stop_node(1)
        try:
            assert _wait(lambda: index.urls == [cluster.urls[0]]), index.urls
            results = index.search(Query(text="harbour"))        # the node left: answered in full
            assert results.total == 12
            assert {c.value: c.count for c in results.facets["country"]} == {"FJI": 12}
        finally:
            cluster.start_node(1)
        assert _wait(lambda: sorted(index.urls) == sorted(cluster.urls)), index.urls
        assert index.count() == 12
    finally:
        index.close()


def test_the_administration_reads_the_nodes_from_zookeeper_too():
    zk = _zookeeper()
    solrcloud.url()
    from indexes import solr as solr_index

    assert sorted(solr_index.node_urls(f"zk://{zk}")) == sorted(solrcloud.cluster().urls)
    solr_index.create_collection(f"zk://{zk}", "kbtest0", shards=solrcloud.SHARDS,
                                 replicas=solrcloud.REPLICAS)     # exists: a no-op, not an error


def test_a_wrong_chroot_says_so():
    zk = _zookeeper()
    with pytest.raises(IndexUnavailable, match="holds no SolrCloud.*chroot"):
        solr_nodes.Nodes(f"zk://{zk}/no-such-chroot", timeout=10)


def test_an_unreachable_zookeeper_is_a_readable_unavailable_index():
    with socket.socket() as s:          # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(IndexUnavailable, match=f"ZooKeeper at 127.0.0.1:{port} did not answer"):
        solr_nodes.Nodes(f"zk://127.0.0.1:{port}", timeout=2)
    with pytest.raises(IndexUnavailable, match="names no ZooKeeper host"):
        solr_nodes.Nodes("zk:///solr")
