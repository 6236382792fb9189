"""Fetching one URL for ingest: kept for the manifest source, which lists URLs
one by one; the work is done by the polite client in `ingest.http` so both
paths share the scheme check, size limit, retries and user agent."""
from __future__ import annotations

from ingest.http import USER_AGENT, HttpClient

__all__ = ["USER_AGENT", "fetch_url"]


def fetch_url(url: str, max_bytes: int, timeout: float = 30.0) -> bytes:
    """The bytes at `url` (after redirects). A curator listed this URL by hand,
    so robots.txt is not consulted and no per-host delay applies."""
    client = HttpClient(max_bytes=max_bytes, timeout=timeout, retries=2, backoff=0.5,
                        delay=0.0, robots=False)
    return client.get(url).body
