"""A long-lived index object (the one a web server holds) stays right when
another process rebuilds the index and swaps it into place, and keeps its open
files flat however many threads ask it. Run on every backend."""
from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from indexes import open_index
from indexes.pool import ReaderPool
from kb.errors import IndexUnavailable
from kb.models import Query
from tests.conftest import make_document

BACKENDS = ["whoosh", "tantivy"]


def country_ids(index, code: str) -> list[str]:
    return sorted(h.id for h in index.search(Query(filters={"country": (code,)}, page_size=50)).hits)


def swap_in(built: Path, target: Path) -> None:
    """What `kb reindex` does: rename the new directory over the old one."""
    old = target.with_name(target.name + ".old")
    os.replace(target, old)
    os.replace(built, target)
    shutil.rmtree(old)


def build(backend: str, path: Path, docs) -> None:
    index = open_index(backend, path)
    try:
        index.upsert(docs)
    finally:
        index.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_rebuild_with_the_same_commit_count_is_seen(backend, tmp_path):
    target = tmp_path / "index"
    build(backend, target, [make_document(id=f"a{i}", countries=("KEN",)) for i in range(5)])
    server = open_index(backend, target)
    try:
        assert country_ids(server, "KEN") == [f"a{i}" for i in range(5)]
        writer = open_index(backend, target)
        writer.upsert([make_document(id="a9", countries=("FJI",))])
        writer.close()
        server.refresh()
        assert country_ids(server, "FJI") == ["a9"]
        # a rebuild with other documents, in one commit: the same commit
        # number as the first state this server saw
        build(backend, tmp_path / "built",
              [make_document(id=f"b{i}", countries=("FJI",) if i % 2 else ("WSM",)) for i in range(7)])
        swap_in(tmp_path / "built", target)
        server.refresh()
        assert country_ids(server, "FJI") == ["b1", "b3", "b5"]
        assert country_ids(server, "KEN") == []
        assert server.count() == 7
        # and again: a second rebuild of the same shape
        build(backend, tmp_path / "built",
              [make_document(id=f"c{i}", countries=("KEN",)) for i in range(7)])
        swap_in(tmp_path / "built", target)
        server.refresh()
        assert country_ids(server, "KEN") == [f"c{i}" for i in range(7)]
        assert server.get("b1") is None and server.get("c3") is not None
    finally:
        server.close()


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to count open files")
@pytest.mark.parametrize("backend", BACKENDS)
def test_open_files_stay_flat_with_a_thread_per_request(backend, tmp_path):
    index = open_index(backend, tmp_path / "index")
    try:
        index.upsert([make_document(id=f"d{i}", title=f"Portal {i}") for i in range(8)])
        index.search(Query(text="portal"))
        before = open_files()

        def request() -> None:               # what a Werkzeug request thread does
            assert index.search(Query(text="portal")).total == 8
            assert index.get("d1") is not None

        for _ in range(200):
            t = threading.Thread(target=request)
            t.start()
            t.join()
        many = [threading.Thread(target=request) for _ in range(16)]
        for t in many:
            t.start()
        for t in many:
            t.join()
        assert open_files() <= before + 8
    finally:
        index.close()


def test_the_pool_never_holds_more_readers_than_its_size():
    opened, closed = [], []
    lock = threading.Lock()
    state = {"now": 1}

    def open_():
        with lock:
            opened.append(object())
            return opened[-1]

    pool = ReaderPool(open_, lambda r: state["now"], lambda: state["now"],
                      lambda r: closed.append(r), size=3, idle=1, interval=0)
    peak = []
    barrier = threading.Barrier(6)

    def work():
        barrier.wait()
        for _ in range(20):
            with pool.lease():
                peak.append(pool.open_readers)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert max(peak) <= 3
    assert pool.open_readers <= 1                    # idle ones beyond one were closed
    assert len(opened) - len(closed) == pool.open_readers
    # a new state: the idle reader of the old one is never leased again
    old = set(map(id, opened))
    state["now"] = 2
    with pool.lease() as reader:
        assert id(reader) not in old
    pool.close()
    assert len(opened) == len(closed)
    with pytest.raises(IndexUnavailable):
        with pool.lease():
            pass


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_last_of_several_documents_with_one_id_in_a_batch_wins(backend, tmp_path):
    index = open_index(backend, tmp_path / "index")
    try:
        index.upsert([make_document(id="same", title=f"Version {i}") for i in range(3)])
        results = index.search(Query(text="version"))
        assert [h.id for h in results.hits] == ["same"] and results.total == 1
        assert index.get("same").title == "Version 2"
        assert index.count() == 1
    finally:
        index.close()
