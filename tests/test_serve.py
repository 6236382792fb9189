"""`kb serve` as a curator runs it: a real process on a free port over a real
data directory filled by `kb ingest folder`, asked over HTTP, once as the
single-process server and once as gunicorn with two workers (`--workers 2`).

Each server runs in its own session and the fixture stops that process group
(the gunicorn master and its workers) whatever the test did."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import run_kb

KB = Path(sys.executable).with_name("kb")
STARTUP_LIMIT = 60.0     # seconds a server may take to answer before the test gives up
REFRESH_LIMIT = 30.0     # seconds a new document may take to show before the test gives up


def html_page(title: str, text: str) -> str:
    return (f"<!doctype html><html lang='en'><head><title>{title}</title></head>"
            f"<body><main><h1>{title}</h1><p>{text}</p></main></body></html>")


def environment(data_dir: Path) -> dict[str, str]:
    """The environment of the `kb serve` process (other commands go through run_kb)."""
    env = {k: v for k, v in os.environ.items() if k != "KB_DATA_DIR"}
    env["KB_DATA_DIR"] = str(data_dir)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path
    data_dir: Path
    docs: Path

    def get(self, path: str) -> Response:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as r:
                return Response(r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_LIMIT
        while True:
            if self.process.poll() is not None:
                pytest.fail(f"kb serve exited with {self.process.returncode}:\n{self.log_text()}")
            try:
                if self.get("/api/search?q=").status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"kb serve did not answer on {self.url}:\n{self.log_text()}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)      # our own session only
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)      # master and workers at once
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(p) for p in children.read_text().split()] if children.exists() else []


@pytest.fixture(params=[1, 2], ids=["single-process", "gunicorn-2-workers"])
def server(request, tmp_path) -> Iterator[Server]:
    docs, data_dir = tmp_path / "docs", tmp_path / "var"
    docs.mkdir()
    (docs / "fiji-portal.html").write_text(html_page(
        "Fiji one stop shop portal", "Citizens of Fiji register a business online through the portal."))
    (docs / "samoa-identity.html").write_text(html_page(
        "Samoa digital identity roadmap", "Samoa plans a digital identity for every citizen."))
    run_kb("ingest", "folder", str(docs), "--workers", "1", data_dir=data_dir, check=0)
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(KB), "--data-dir", str(data_dir), "serve", "--port", str(port),
             "--workers", str(request.param)],
            env=environment(data_dir), stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
    srv = Server(process, f"http://127.0.0.1:{port}", log, data_dir, docs)
    try:
        srv.wait_until_up()
        yield srv
    finally:
        srv.stop()


def test_serves_the_search_page_and_the_api(server, request):
    page = server.get("/")
    assert page.status == 200 and page.headers["content-type"].startswith("text/html")
    html = page.body.decode()
    assert "2 documents, newest first" in html
    assert "Fiji one stop shop portal" in html and "Samoa digital identity roadmap" in html
    assert "default-src 'self'" in page.headers["content-security-policy"]
    data = server.get("/api/search?q=portal").json()
    assert data["total"] == 1
    assert data["hits"][0]["title"] == "Fiji one stop shop portal"
    assert "<mark>portal</mark>" in data["hits"][0]["snippet_html"]
    assert server.get("/api/documents/nope").status == 404
    server_header = page.headers.get("server", "")
    if request.node.callspec.id == "gunicorn-2-workers":
        assert "gunicorn" in server_header
        assert len(server.workers()) == 2
        # no control socket in ~/.gunicorn taken over from another gunicorn of the user
        assert "Control socket listening" not in server.log_text()
    else:
        assert "Werkzeug" in server_header


def test_a_document_ingested_while_serving_shows_without_a_restart(server):
    assert server.get("/api/search?q=kiosk").json()["total"] == 0
    (server.docs / "tuvalu-kiosk.html").write_text(html_page(
        "Tuvalu outer island service kiosk", "A kiosk brings government services to outer islands."))
    run_kb("ingest", "folder", str(server.docs), "--workers", "1", data_dir=server.data_dir, check=0)
    # every worker must see it: ask until several answers in a row have it
    deadline = time.monotonic() + REFRESH_LIMIT
    in_a_row = 0
    while in_a_row < 8:
        data = server.get("/api/search?q=kiosk").json()
        in_a_row = in_a_row + 1 if data["total"] == 1 else 0
        if time.monotonic() > deadline:
            pytest.fail(f"the new document did not show within {REFRESH_LIMIT:g} s: {data}\n"
                        f"{server.log_text()}")
        time.sleep(0.1)
    assert data["hits"][0]["title"] == "Tuvalu outer island service kiosk"
    assert "3 documents, newest first" in server.get("/").body.decode()
    assert server.process.poll() is None          # the same server, never restarted


def test_kb_serve_is_an_oai_pmh_provider(server):
    """A third-party harvester (Sickle) against `kb serve`, by GET and by POST
    (which needs no CSRF token), and a prune seen as a deleted record by
    every worker at once: the record register is on disk, not in a worker."""
    from sickle import Sickle

    for method in ("GET", "POST"):
        records = list(Sickle(server.url + "/oai", http_method=method).ListRecords(metadataPrefix="oai_dc"))
        assert sorted(r.metadata["title"][0] for r in records) == [
            "Fiji one stop shop portal", "Samoa digital identity roadmap"]
    (server.docs / "samoa-identity.html").unlink()
    run_kb("ingest", "folder", str(server.docs), "--prune", "--workers", "1", data_dir=server.data_dir,
           check=0)
    for _ in range(8):
        headers = list(Sickle(server.url + "/oai").ListIdentifiers(metadataPrefix="kb"))
        assert len(headers) == 2 and sum(h.deleted for h in headers) == 1


def serve_until_it_exits(data_dir: Path, *args: str, limit: float = 30.0,
                         **env: str) -> subprocess.CompletedProcess:
    """`kb serve ARGS` that is expected to refuse to start: its exit status and
    output, or a failure if it is still running after `limit` seconds (then
    its process group is stopped)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    environ = dict(environment(data_dir), **{f"KB_{k.upper()}": v for k, v in env.items()})
    process = subprocess.Popen([str(KB), "--data-dir", str(data_dir), "serve", *args], env=environ,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               text=True, start_new_session=True)
    try:
        out, err = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate(timeout=10)
        pytest.fail(f"kb serve {' '.join(args)} was still running after {limit:g} s:\n{out}{err}")
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def test_serve_refuses_a_port_out_of_range(tmp_path):
    given = serve_until_it_exits(tmp_path / "var", "--port", "99999")
    assert given.returncode == 2, given.stderr
    assert "99999 is not in the range 1<=x<=65535" in given.stderr
    assert "serving" not in given.stdout + given.stderr
    from_env = serve_until_it_exits(tmp_path / "var", port="99999")
    assert from_env.returncode == 2, from_env.stderr
    assert "port 99999 is out of range; give one from 1 to 65535" in from_env.stderr
    assert "serving" not in from_env.stdout + from_env.stderr


@pytest.mark.parametrize("workers", ["1", "2"], ids=["single-process", "gunicorn-2-workers"])
def test_serve_says_the_port_is_taken_before_it_says_serving(tmp_path, workers):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve_until_it_exits(tmp_path / "var", "--port", str(port), "--workers", workers)
    assert result.returncode != 0
    assert f"kb: port {port} on 127.0.0.1 is already in use" in result.stderr, result.stderr
    assert "serving" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
