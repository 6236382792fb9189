"""Fetching one URL for ingest: http(s) only, bounded size, a user agent that names KB."""
from __future__ import annotations

import urllib.request
from urllib.error import HTTPError, URLError

from kb.errors import FetchError, TooLarge

USER_AGENT = "KB/0.1 (knowledge-base search for e-governance practice)"


def fetch_url(url: str, max_bytes: int, timeout: float = 30.0) -> bytes:
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"only http and https URLs are fetched: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
    except HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} for {url}") from None
    except (URLError, OSError) as exc:
        raise FetchError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}") from None
    if len(data) > max_bytes:
        raise TooLarge(f"download exceeds {max_bytes // (1024 * 1024)} MB")
    return data
