"""A real HTTP server on 127.0.0.1 whose documents wait at a gate.

A test that wants to see a job part-way (its progress while it runs, its
worker killed in the middle) lists these documents as a `urls` source: the
first ones are answered at once, the gated one only when the test opens the
gate, so the job is held mid-way by a real blocking download rather than by
a sleep whose length would be a guess."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class GatedSite:
    """Plain-text documents /doc1.txt ... /docN.txt; /doc{gated}.txt is
    answered once `open()` is called. `arrived` is set when the gated
    document has been asked for (the job is then held at it)."""

    def __init__(self, count: int = 5, gated: int = 4):
        self.count, self.gated = count, gated
        self.gate, self.arrived = threading.Event(), threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                name = self.path.strip("/")
                numbers = {f"doc{n}.txt": n for n in range(1, site.count + 1)}
                if name not in numbers:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if numbers[name] == site.gated:
                    site.arrived.set()
                    site.gate.wait(120)
                body = (f"Document {numbers[name]} on the digital government of Fiji: the one stop "
                        f"shop portal and its services, report number {numbers[name]}.").encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass                # the job's worker was killed while it waited

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def urls(self) -> list[str]:
        return [f"{self.base}/doc{n}.txt" for n in range(1, self.count + 1)]

    def open(self) -> None:
        self.gate.set()

    def sources_toml(self, name: str = "gated") -> str:
        """A kb.toml naming these documents as the `urls` source `name`."""
        listed = ", ".join(f'"{u}"' for u in self.urls)
        return f'[sources.{name}]\nkind = "urls"\nurls = [{listed}]\ndelay = 0\nretries = 0\n'

    def __enter__(self) -> "GatedSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.gate.set()
        self.httpd.shutdown()
        self.httpd.server_close()
