"""An RSS 2.0 or Atom feed: each entry's document.

Agencies announce new reports and gazettes in feeds. An entry's document is
its enclosure (RSS) or `link rel="enclosure"` (Atom) when there is one, else
its link. A feed lists only recent entries, so it is a partial source: an
entry that drops off the feed is not a deleted document and is never pruned
for that; a document that now answers 404 is.

Entries may point to any host (agencies publish through CDNs and repositories),
but a feed on a public host that points into an internal network (`localhost`,
10.0.0.0/8, 169.254.169.254) is not followed there: the entry is reported.
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping

import lxml.etree

from kb.errors import FetchError, KbError
from kb.protocols import Item
from ingest.http import HttpClient, leads_inward, remote_item
from ingest.sources import failing_item
from ingest.sources.crawl import normalise
from ingest.sources.safexml import parse_untrusted

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entries(body: bytes, base: str) -> list[tuple[str, str]]:
    """(document URL, title) of every entry, in feed order, normalised."""
    try:
        root = parse_untrusted(body)
    except lxml.etree.XMLSyntaxError as exc:
        raise FetchError(f"the feed is not XML: {exc}") from None
    found: list[tuple[str, str]] = []
    if root.tag == f"{ATOM}feed":
        for entry in root.iter(f"{ATOM}entry"):
            links = entry.findall(f"{ATOM}link")
            chosen = next((link for link in links if link.get("rel") == "enclosure"), None)
            if chosen is None:
                chosen = next((link for link in links if link.get("rel", "alternate") == "alternate"), None)
            title = " ".join((entry.findtext(f"{ATOM}title") or "").split())
            if chosen is not None and chosen.get("href"):
                found.append((chosen.get("href"), title))
    else:
        for entry in root.iter("item"):
            enclosure = entry.find("enclosure")
            href = enclosure.get("url") if enclosure is not None else (entry.findtext("link") or "")
            title = " ".join((entry.findtext("title") or "").split())
            if href.strip():
                found.append((href.strip(), title))
    out, seen = [], set()
    for href, title in found:
        url = normalise(href, base)
        if url and url not in seen:
            seen.add(url)
            out.append((url, title))
    return out


class FeedSource:
    partial = True   # a feed shows recent entries only: absence is not deletion

    def __init__(self, url: str, client: HttpClient, *, name: str | None = None,
                 curated: Mapping[str, Any] | None = None):
        self.url, self.client = url, client
        self.name = name or url
        self.curated = dict(curated or {})
        self.incomplete: str | None = None

    def items(self) -> Iterator[Item]:
        self.incomplete = None
        try:
            response = self.client.get(self.url, accept="application/rss+xml, application/atom+xml, text/xml")
            entries = feed_entries(response.body, response.url)
        except KbError as exc:
            self.incomplete = str(exc)
            yield failing_item(self.url, exc)
            return
        for url, title in entries:
            if leads_inward(response.url, url):
                yield failing_item(url, FetchError(
                    f"a feed on a public host points to an internal address, not fetched: {url}"))
                continue
            curated = dict(self.curated)
            if title and "title" not in curated:
                curated["title"] = title
            yield remote_item(self.client, url, curated)
