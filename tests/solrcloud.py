"""The SolrCloud the tests run the Solr backend against.

With `KB_SOLR_URL` set, that cluster is used (KB's configset is uploaded and
the test collections created on it). Otherwise, when Java and Maven are
installed, the launcher in `solr/` starts a two-node MiniSolrCloudCluster on
127.0.0.1 once per test session (about 15 s). Without either, the Solr tests
skip with the reason, unless `KB_REQUIRE_SOLR=1` (set by `.ci/run`) makes
that a failure.

Tests get collections from a small pool, each emptied when a test takes it,
so tests stay independent without paying for a new 2 x 2 collection each."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

SHARDS, REPLICAS = 2, 2
POOL = ("kbtest0", "kbtest1", "kbtest2")

_state: dict = {"cluster": None, "url": None, "failed": None, "paths": {}, "turn": 0, "made": set()}


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("KB_REQUIRE_SOLR") == "1":
        pytest.fail(f"{reason}, and KB_REQUIRE_SOLR=1 requires the Solr tests")
    pytest.skip(reason)


def cluster():
    """The launcher's cluster of this session, started on first use (None when
    the tests use KB_SOLR_URL's cluster)."""
    url()
    return _state["cluster"]


def url() -> str:
    """KB_SOLR_URL's nodes, or those of a cluster started for this session."""
    if _state["url"]:
        return _state["url"]
    if _state["failed"]:
        _skip_or_fail(_state["failed"])
    from indexes import solr as solr_index

    given = os.environ.get("KB_SOLR_URL", "").strip()
    if given:
        solr_index.upload_configset(given)
        _state["url"] = given
        return given
    from solr import cluster as launcher

    missing = launcher.missing_tools()
    if missing:
        _state["failed"] = f"no SolrCloud for the Solr tests: {missing} and KB_SOLR_URL is not set"
        _skip_or_fail(_state["failed"])
    base = Path(tempfile.mkdtemp(prefix="kb-solr-"))
    try:
        started = launcher.start(base / "cluster", collection="", timeout=600)
    except RuntimeError as exc:
        _state["failed"] = f"the SolrCloud test cluster did not start: {exc}"
        pytest.fail(_state["failed"])
    _state["cluster"] = started
    _state["url"] = ",".join(started.urls)
    return _state["url"]


def collection(name: str) -> str:
    """A 2 x 2 collection of KB's configset, created once per session."""
    from indexes import solr as solr_index

    if name not in _state["made"]:
        solr_index.create_collection(url(), name, shards=SHARDS, replicas=REPLICAS)
        _state["made"].add(name)
    return name


def open_index(name: str, **options):
    from indexes.solr import SolrIndex

    return SolrIndex(url(), collection(name), **options)


def index_at(path: Path, **options):
    """The Solr index a contract test opens at `path`: the first open of a path
    takes the next collection of the pool and empties it; a second open of the
    same path (a second process's view) shares it."""
    key = str(path)
    name = _state["paths"].get(key)
    fresh = name is None
    if fresh:
        name = POOL[_state["turn"] % len(POOL)]
        _state["turn"] += 1
        _state["paths"][key] = name
    index = open_index(name, **options)
    if fresh:
        index.clear()
    return index


def stop() -> None:
    """Stop the session's cluster, if one was started."""
    started = _state["cluster"]
    if started is not None:
        _state["cluster"] = None
        started.shutdown()
