"""A plain list of document URLs, one a line (`#` starts a comment).

The smallest way for a curator to say "these files": a list pasted from a
report's bibliography or a portal's export. Each URL is fetched conditionally
(a 304 costs no download), so a nightly sync of a long list is cheap.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator, Mapping

from kb.errors import FetchError, UsageError
from kb.protocols import Item
from ingest.http import HttpClient, remote_item
from ingest.sources import failing_item
from ingest.sources.crawl import normalise


def read_urls(path: Path) -> list[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read URL list {path}: {exc}") from None
    urls = []
    for line in lines:
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            urls.append(line)
    return urls


class UrlListSource:
    def __init__(self, urls: list[str], client: HttpClient, *, name: str,
                 curated: Mapping[str, Any] | None = None):
        self.urls, self.client, self.name = urls, client, name
        self.curated = dict(curated or {})

    @classmethod
    def from_file(cls, path: Path, client: HttpClient, *, name: str | None = None,
                  curated: Mapping[str, Any] | None = None) -> "UrlListSource":
        path = Path(path)
        return cls(read_urls(path), client, name=name or path.stem, curated=curated)

    def __len__(self) -> int:
        return len(self.urls)

    def items(self) -> Iterator[Item]:
        for raw in self.urls:
            url = normalise(raw)
            if url is None:
                yield failing_item(raw, FetchError(f"only http and https URLs are fetched: {raw}"))
                continue
            yield remote_item(self.client, url, self.curated)
