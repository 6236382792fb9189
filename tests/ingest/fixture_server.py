"""A real HTTP server on 127.0.0.1 for the remote-source tests.

It serves routes that tests can change between syncs (new bytes, a 404, a
route that fails a number of times first), answers conditional requests the
way real servers do (ETag and Last-Modified, 304 when unchanged), and logs
every request so tests can say what was downloaded, not how long it took.
Text routes may contain `{{BASE}}`, replaced by the server's own address,
because sitemaps and robots.txt name absolute URLs.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

stop = threading.Event()   # never set: an interruptible sleep for stalled routes
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None          # for redirects
    fail_first: int = 0                  # answer 500 this many times, then work
    etag: bool = True                    # send ETag / Last-Modified and honour them
    modified: float = 1_600_000_000.0
    stall: float = 0.0                   # wait this long before answering (timeouts)


@dataclass
class Logged:
    method: str
    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """The routes and the request log, shared with the handler threads."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Logged] = []
        self.arrivals: dict[str, int] = {}   # requests received, answered or not
        self.lock = threading.Lock()
        self.base = ""

    def add(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8", **kw) -> Route:
        if isinstance(body, str):
            body = body.encode("utf-8")
        route = Route(body=body, content_type=content_type, **kw)
        self.routes[path] = route
        return route

    def add_files(self, folder: Path, prefix: str = "/") -> None:
        types = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                 ".xml": "application/xml"}
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                path = prefix + file.relative_to(folder).as_posix()
                self.add(path, file.read_bytes(), types.get(file.suffix, "application/octet-stream"))

    def change(self, path: str, body: bytes | str) -> None:
        route = self.routes[path]
        route.body = body.encode("utf-8") if isinstance(body, str) else body
        route.modified += 86400

    def downloads(self, path: str) -> int:
        """GETs of `path` answered with a body (200), i.e. real downloads."""
        with self.lock:
            return sum(1 for r in self.log if r.path == path and r.status == 200 and r.method == "GET")

    def requests(self, path: str) -> list[Logged]:
        with self.lock:
            return [r for r in self.log if r.path == path]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()


class Handler(BaseHTTPRequestHandler):
    server_version = "FixtureSite/1.0"
    site: Site  # set on the subclass made per server

    def log_message(self, format: str, *args) -> None:  # keep pytest output clean
        pass

    def _answer(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        # Logged before answering, so the log is complete when the client has its answer.
        with self.site.lock:
            self.site.log.append(Logged(self.command, self._path(), status, dict(self.headers.items())))
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _path(self) -> str:
        parts = urlsplit(self.path)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def do_GET(self) -> None:
        site = self.site
        with site.lock:
            site.arrivals[self._path()] = site.arrivals.get(self._path(), 0) + 1
        route = site.routes.get(self._path())
        if route is None:
            self._answer(404, b"<html><body>Not found</body></html>", {"Content-Type": "text/html"})
            return
        if route.stall:
            stop.wait(route.stall)
        if route.fail_first > 0:
            route.fail_first -= 1
            self._answer(500, b"Internal error", {"Content-Type": "text/plain"})
            return
        if route.location is not None:
            self._answer(route.status, b"", {"Location": route.location.replace("{{BASE}}", site.base)})
            return
        if route.status != 200:
            self._answer(route.status, route.body, {"Content-Type": route.content_type})
            return
        body = route.body
        if route.content_type.startswith("text/") or "xml" in route.content_type:
            body = body.replace(b"{{BASE}}", site.base.encode())
        headers = {"Content-Type": route.content_type}
        if route.etag:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            modified = formatdate(route.modified, usegmt=True)
            headers.update({"ETag": etag, "Last-Modified": modified})
            if self.headers.get("If-None-Match") == etag:
                self._answer(304, b"", {"ETag": etag})
                return
        self._answer(200, body, headers)

    do_HEAD = do_GET


class FixtureServer:
    """ThreadingHTTPServer on port 0 in a daemon thread."""

    def __init__(self, site: Site):
        handler = type("SiteHandler", (Handler,), {"site": site})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        site.base = f"http://{host}:{port}"
        self.site = site
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return self.site.base

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def __enter__(self) -> "FixtureServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()


PDF = "application/pdf"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIMIT = 200_000          # the per-download limit the tests give the client


def populate(site: Site) -> None:
    """The fixture site: pages from tests/fixtures/site, documents generated here."""
    from tests.ingest import builders

    site.add_files(FIXTURES / "site")
    site.add("/pub/fiji-strategy.pdf", builders.make_pdf(
        ["Fiji digital government strategy.", "A one stop shop portal for every citizen of Fiji."],
        title="Fiji Digital Government Strategy"), PDF)
    site.add("/pub/jamaica-deck.pptx", builders.make_pptx([
        ("Digital identity in Jamaica", "National identification system rollout", ""),
    ]), PPTX)
    # A document under a URL without a suffix: only its content type says what it is.
    site.add("/pub/download?id=7", builders.make_docx([
        ("Estonia", ["Estonia built the X-Road data exchange layer for interoperability."]),
    ]), DOCX)
    site.add("/pub/private/internal.pdf", builders.make_pdf(["Internal memo, not for robots."]), PDF)
    site.add("/pub/old-report", b"", status=301, location="{{BASE}}/files/samoa-report.pdf")
    site.add("/files/samoa-report.pdf", builders.make_pdf(
        ["Samoa e-government report on digital public services."], title="Samoa e-government report"), PDF)
    site.add("/pub/flaky.pdf", builders.make_pdf(
        ["Tonga e-services review of online licensing."], title="Tonga e-services review"), PDF, fail_first=1)
    site.add("/pub/huge.pdf", b"%PDF-1.4\n" + b"0" * (LIMIT + 10_000), PDF)
    site.add("/pub/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
