"""A long-running `kb serve` stays right while other processes write: after
`kb ingest` and repeated `kb reindex` runs beside it, every facet filter the
server answers must give the same documents as a fresh process reading the same
index; and its open files stay flat over hundreds of requests.

Real processes on a real data directory: the demo manifest and a folder of HTML
files ingested with `kb ingest`, the index rebuilt with `kb reindex`, the
server asked over HTTP (once as the single-process server, once as gunicorn
with two workers), and a fresh Python process as the reference."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import run_kb
from tests.test_serve import KB, Server, environment, free_port, html_page

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "demo" / "corpus" / "manifest.csv"
SETTLE_LIMIT = 30.0      # seconds the server may take to see another process's commit

# A fresh process: every facet value of the whole repository, and the ids each
# one selects, read straight from the index the settings point at.
REFERENCE = r"""
import json, sys
from indexes import open_index
from kb import service
from kb.models import FACETS, Query
from kb.settings import Settings
s = Settings.from_env()
index = open_index(s.backend, s.index_dir, **s.index_options)
totals = service.facet_totals(index)
out = {}
for facet in FACETS:
    for c in totals.get(facet, ()):
        r = index.search(Query(filters={facet: (c.value,)}, page_size=50, sort="title"))
        out[f"{facet}={c.value}"] = sorted(h.id for h in r.hits)
out["*"] = sorted(h.id for h in index.search(Query(page_size=50, sort="title")).hits)
index.close()
print(json.dumps(out))
"""


def reference(data_dir: Path, backend: str) -> dict[str, list[str]]:
    env = dict(environment(data_dir), KB_BACKEND=backend)
    proc = subprocess.run([sys.executable, "-c", REFERENCE], capture_output=True, text=True,
                          env=env, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def served(server: Server, keys: list[str]) -> dict[str, list[str] | str]:
    out: dict[str, list[str] | str] = {}
    for key in keys:
        params = {"size": "50", "sort": "title"}
        if key != "*":
            facet, value = key.split("=", 1)
            params[facet] = value
        r = server.get("/api/search?" + urllib.parse.urlencode(params))
        out[key] = sorted(h["id"] for h in r.json()["hits"]) if r.status == 200 else f"HTTP {r.status}"
    return out


def settled(server: Server, data_dir: Path, backend: str, workers: int) -> None:
    """Ask every facet filter until the server (every worker of it) answers as a
    fresh process does, or fail with the filters it got wrong."""
    expected = reference(data_dir, backend)
    keys = sorted(expected)
    deadline = time.monotonic() + SETTLE_LIMIT
    rounds_right = 0
    while True:
        got = served(server, keys)
        wrong = {k: (got[k], expected[k]) for k in keys if got[k] != expected[k]}
        rounds_right = rounds_right + 1 if not wrong else 0
        if rounds_right >= 2 * workers:      # each worker answered several rounds right
            return
        if time.monotonic() > deadline:
            sample = dict(list(wrong.items())[:6])
            pytest.fail(f"{len(wrong)} of {len(keys)} facet filters answered wrongly "
                        f"{SETTLE_LIMIT:g} s after the write: {sample}\n{server.log_text()}")
        time.sleep(0.3)


def start_server(tmp_path: Path, data_dir: Path, backend: str, workers: int) -> Server:
    port = free_port()
    log = tmp_path / f"serve-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(KB), "--data-dir", str(data_dir), "serve", "--port", str(port),
             "--workers", str(workers)],
            env=dict(environment(data_dir), KB_BACKEND=backend), stdout=out,
            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    srv = Server(process, f"http://127.0.0.1:{port}", log, data_dir, tmp_path / "docs")
    srv.wait_until_up()
    return srv


@pytest.mark.parametrize("backend,workers", [("whoosh", 1), ("whoosh", 2), ("tantivy", 1), ("tantivy", 2)],
                         ids=["whoosh", "whoosh-gunicorn-2", "tantivy", "tantivy-gunicorn-2"])
def test_every_facet_filter_stays_right_across_reindex_and_ingest(tmp_path, backend, workers):
    data_dir, docs = tmp_path / "var", tmp_path / "docs"
    docs.mkdir()
    run_kb("ingest", "manifest", str(MANIFEST), "--source", "KB demo corpus",
           data_dir=data_dir, check=0, backend=backend)
    # the server starts on a rebuilt index: its first commit number comes back
    # with every later rebuild, while the documents behind it differ
    run_kb("reindex", data_dir=data_dir, check=0, backend=backend)
    server = start_server(tmp_path, data_dir, backend, workers)
    try:
        settled(server, data_dir, backend, workers)          # the cached arrays are built
        for name, title, text in [
            ("kenya-kiosk.html", "Kenya county service kiosks", "Kenya opened kiosks in every county."),
            ("fiji-tax.html", "Fiji online tax filing", "Fiji taxpayers file returns online."),
            ("peru-open-data.html", "Peru open data portal", "Peru publishes open data sets."),
        ]:
            (docs / name).write_text(html_page(title, text))
        run_kb("ingest", "folder", str(docs), "--source", "Folder", data_dir=data_dir, check=0,
               backend=backend)
        settled(server, data_dir, backend, workers)
        for _ in range(3):
            run_kb("reindex", data_dir=data_dir, check=0, backend=backend)
            settled(server, data_dir, backend, workers)
        (docs / "samoa-registry.html").write_text(html_page(
            "Samoa business registry online", "Samoa moved its business registry online."))
        run_kb("ingest", "folder", str(docs), "--source", "Folder", data_dir=data_dir, check=0,
               backend=backend)
        settled(server, data_dir, backend, workers)
        assert server.process.poll() is None               # the same server throughout
    finally:
        server.stop()


def open_files(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/fd").iterdir()))


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to count open files")
@pytest.mark.parametrize("backend", ["whoosh", "tantivy"])
def test_open_files_stay_flat_over_hundreds_of_requests(tmp_path, backend):
    data_dir, docs = tmp_path / "var", tmp_path / "docs"
    docs.mkdir()
    for i in range(6):
        (docs / f"doc{i}.html").write_text(html_page(
            f"Portal number {i}", f"Citizens use portal {i} for services and records."))
    run_kb("ingest", "folder", str(docs), data_dir=data_dir, check=0, backend=backend)
    server = start_server(tmp_path, data_dir, backend, 1)
    try:
        paths = ["/?q=portal", "/api/search?q=services", "/?q=portal&format=html", "/countries"]
        for path in paths * 5:                                   # warm up
            assert server.get(path).status == 200
        before = open_files(server.process.pid)

        def ask(n: int) -> None:
            for i in range(n):
                r = server.get(paths[i % len(paths)])
                assert r.status == 200, r.body[:300]

        for _ in range(5):           # sequential requests: a new server thread each
            ask(40)
        threads = [threading.Thread(target=ask, args=(25,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        after = open_files(server.process.pid)
        # 400 requests; a leak of even one file per request would show as hundreds
        assert after <= before + 16, (before, after)
        assert server.get("/api/search?q=portal").json()["total"] == 6
    finally:
        server.stop()
