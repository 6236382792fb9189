"""Response headers every page carries, and gzip.

A strict Content-Security-Policy is possible because the templates contain no
inline script or style (CSS and the optional JS are static files, SVG uses
presentation attributes). Gzip is done here rather than by an extension
because it is a dozen lines and one dependency fewer for curators to install;
it matters because practitioners are often on slow or metered links."""
from __future__ import annotations

import gzip

from flask import Flask, Response, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# The original files (PDFs) are opened by the browser's own viewer, which a
# `default-src 'self'`/`object-src 'none'` policy on that response can break.
ORIGINAL_CSP = "default-src 'none'; frame-ancestors 'self'; sandbox"

COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/plain", "application/json",
    "application/javascript", "text/javascript", "image/svg+xml",
})
MIN_SIZE = 500


def _secure(response: Response) -> Response:
    headers = response.headers
    if request.endpoint == "documents.original":
        headers.setdefault("Content-Security-Policy", ORIGINAL_CSP)
    else:
        headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    return response


def _gzip(response: Response) -> Response:
    """Compress text responses when the client accepts gzip."""
    response.vary.add("Accept-Encoding")
    if (
        "gzip" not in request.headers.get("Accept-Encoding", "").lower()
        or response.mimetype not in COMPRESSIBLE
        or response.status_code < 200 or response.status_code in (204, 206, 304)
        or "Content-Encoding" in response.headers
        or request.method == "HEAD"
    ):
        return response
    response.direct_passthrough = False      # static files: read the file into memory
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(data, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    if response.headers.get("ETag"):
        # A different body needs a different validator.
        etag, weak = response.get_etag()
        if etag:
            response.set_etag(etag + "-gz", weak=weak)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_gzip)
    app.after_request(_secure)
