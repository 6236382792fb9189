"""A website section: pages under a start URL and the documents they link to.

Publication pages of public-administration networks and legislation portals
are the main place practitioners' documents live. The crawler walks them
breadth first, on one site (one scheme, host and port), optionally only
below a path prefix, up to a depth and a budget of URLs; reads sitemap.xml for pages no link reaches;
follows links to documents by the content type the server gives (many
portals serve PDFs from `/download?id=123`), and offers an HTML page itself
as a document when it carries content (a law published as a web page) rather
than only links.

Items are yielded lazily: the pipeline fetches each one right after it is
yielded, and the fetch of an HTML page puts that page's links into the
frontier before the next item is produced. So every URL is downloaded once
per job, documents with conditional requests (a 304 costs no download), and
pages in full, because their links are needed even when their text did not
change.

Redirects obey the rules links do: the client asks `CrawlSource.redirect_check`
before each hop, so a page that redirects to another host (an internal address,
say) is reported as refused and that host receives no request at all, not even
for robots.txt. A curator who knows the site keeps its files elsewhere names
those hosts in `allow_hosts`.
"""
from __future__ import annotations

import gzip
import logging
import re
from collections import deque
from typing import Any, Iterator, Mapping
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

from kb.errors import FetchError, KbError, UsageError
from kb.protocols import Hints, Item
from ingest.http import BudgetSpent, Forbidden, Gone, HttpClient, NotModified, Response, Skip, url_name
from ingest.sources.safexml import parse_untrusted

log = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = {".pdf", ".pptx", ".docx"}
DOCUMENT_TYPES = {
    "application/pdf", "application/x-pdf",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
PAGE_TYPES = {"text/html", "application/xhtml+xml"}
# Links worth no request at all: media, styles, scripts, archives.
IGNORED_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".css", ".js", ".mp3", ".mp4",
    ".avi", ".mov", ".zip", ".gz", ".tar", ".rar", ".7z", ".exe", ".dmg", ".iso", ".woff", ".woff2",
    ".ttf", ".xml", ".json", ".rss", ".atom",
}
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.I)
_CHROME = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
           "button", "select", "svg")
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(url: str, base: str | None = None) -> str | None:
    """One spelling per resource, so a file linked from several pages (with
    `../`, a fragment, an upper-case host, a default port or utm_ tags) is one
    document. None for anything that is not http(s)."""
    url = url.strip()
    if not url:
        return None
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    if port and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    path = urljoin("/", parts.path or "/")          # resolves ./ and ../
    path = quote(path, safe="/%:@!$&'()*+,;=-._~")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING.match(k)], doseq=True)
    return urlunsplit((scheme, host, path, query, ""))


def suffix(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


def page_links(body: bytes, url: str) -> list[str]:
    """Normalised targets of a page's <a>/<area> links, in page order, minus
    rel=nofollow and pages that ask robots not to follow them."""
    try:
        root = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return []
    robots = " ".join(root.xpath("//meta[translate(@name,'ROBTS','robts')='robots']/@content")).lower()
    if "nofollow" in robots or "none" in robots:
        return []
    base = next(iter(root.xpath("//base/@href")), None)
    base = urljoin(url, base) if base else url
    links: list[str] = []
    for element in root.xpath("//a[@href] | //area[@href]"):
        if "nofollow" in (element.get("rel") or "").lower():
            continue
        target = normalise(element.get("href"), base)
        if target and target not in links:
            links.append(target)
    return links


def carries_content(body: bytes, min_words: int) -> bool:
    """Whether a page has text of its own beyond navigation and link lists:
    a law or a case study published as HTML does, a publications index does not."""
    try:
        root = lxml.html.fromstring(body)
    except (lxml.etree.ParserError, ValueError):
        return False
    robots = " ".join(root.xpath("//meta[translate(@name,'ROBTS','robts')='robots']/@content")).lower()
    if "noindex" in robots or "none" in robots:
        return False
    for tag in _CHROME + ("a", "title", "head"):
        for element in root.xpath(f"//{tag}"):
            if element.getparent() is not None:
                element.drop_tree()
    return len(_WORD.findall(root.text_content())) >= min_words


def sitemap_urls(body: bytes) -> tuple[list[str], list[str]]:
    """(page URLs, nested sitemap URLs) from a sitemap or sitemap index,
    parsed without entities or network access (it is untrusted XML)."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError):
            return [], []
    try:
        root = parse_untrusted(body)
    except lxml.etree.XMLSyntaxError:
        return [], []
    locs = [t.strip() for t in root.xpath("//*[local-name()='url']/*[local-name()='loc']/text()")]
    nested = [t.strip() for t in root.xpath("//*[local-name()='sitemap']/*[local-name()='loc']/text()")]
    return locs, nested


def host_rule(entry: str) -> tuple[str | None, str, str]:
    """(scheme or None for both, host[:port], path prefix) of an `allow_hosts`
    entry: `cdn.example.org`, `files.example.org:8443`, or a URL such as
    `https://cdn.example.org/files/` for one scheme and path."""
    text = str(entry).strip()
    url = normalise(text if "://" in text else f"http://{text}")
    parts = urlsplit(url) if url else None
    if parts is None or parts.query or ("://" not in text and parts.path != "/"):
        raise UsageError(f"allow_hosts: not a host name, host:port or http(s) URL: {entry!r}")
    if "://" in text:
        return parts.scheme, parts.netloc, parts.path
    return None, parts.netloc, "/"


class CrawlSource:
    """Pages under `start` on its site (below `prefix` when given) and the
    documents they link to on the same site; a site is one scheme, host and
    port. Hosts in `allow_hosts` are part of the crawl too, pages and
    documents alike (the prefix is a path of the start's host).

    `depth` counts link hops from the start page; `max_pages` bounds the URLs
    fetched (pages and documents). When a budget cuts the crawl short, or a
    page could not be read, `incomplete` says why, and the pipeline then
    prunes nothing: documents not reached this time are not known to be gone.
    """

    def __init__(self, start: str, client: HttpClient, *, name: str | None = None,
                 prefix: str | None = None, depth: int = 3, max_pages: int = 500,
                 curated: Mapping[str, Any] | None = None, sitemap: bool = True, min_words: int = 40,
                 allow_hosts: list[str] | tuple[str, ...] = ()):
        start_url = normalise(start)
        if start_url is None:
            raise FetchError(f"only http and https URLs can be crawled: {start}")
        self.start = start_url
        parts = urlsplit(start_url)
        self.scheme, self.host = parts.scheme, parts.netloc
        self.allow_hosts = tuple(host_rule(entry) for entry in allow_hosts)
        self.name = name or parts.hostname or start_url
        if prefix:
            prefix = urlsplit(prefix).path if "://" in prefix else prefix
            self.prefix = prefix if prefix.startswith("/") else "/" + prefix
        else:
            self.prefix = "/"
        self.client, self.depth, self.max_pages = client, depth, max_pages
        self.curated = dict(curated or {})
        self.sitemap, self.min_words = sitemap, min_words
        self.incomplete: str | None = None
        self.skipped: list[tuple[str, str]] = []     # (url, why), for logs and tests

    # -- scope

    def is_document_link(self, url: str) -> bool:
        return suffix(url) in DOCUMENT_SUFFIXES

    def on_own_site(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme == self.scheme and parts.netloc == self.host

    def on_allowed_host(self, url: str) -> bool:
        parts = urlsplit(url)
        return any((scheme is None or parts.scheme == scheme) and parts.netloc == netloc
                   and parts.path.startswith(path) for scheme, netloc, path in self.allow_hosts)

    def on_site(self, url: str) -> bool:
        """Where the crawl may send a request at all (sitemaps included)."""
        return self.on_own_site(url) or self.on_allowed_host(url)

    def in_scope(self, url: str) -> bool:
        """Pages below the prefix; documents anywhere on the site (publication
        pages under /publications/ link to files under /sites/files/); anything
        on an allowed host."""
        return self.out_of_scope(url) is None

    def out_of_scope(self, url: str) -> str | None:
        """Why `url` (normalised) is not part of the crawl, or None when it is."""
        if suffix(url) in IGNORED_SUFFIXES:
            return "a file the crawl does not fetch"
        if self.on_allowed_host(url):
            return None
        if not self.on_own_site(url):
            same_name = urlsplit(url).hostname == urlsplit(self.start).hostname
            return "another scheme or port" if same_name else "another host"
        if suffix(url) in DOCUMENT_SUFFIXES or urlsplit(url).path.startswith(self.prefix):
            return None
        return f"outside the crawl's prefix {self.prefix}"

    def redirect_check(self, source: str, target: str) -> str | None:
        """The client's check before each redirect hop of a page or document:
        the same rules as a link, so a redirect is no way out of the crawl."""
        url = normalise(target)
        why = "not an http(s) URL" if url is None else self.out_of_scope(url)
        if why is None:
            return None
        hint = "; allow it with allow_hosts in kb.toml or --allow-host" if why.startswith("another") else ""
        return f"redirects to {why}: {target} (from {source}), not followed{hint}"

    def sitemap_redirect_check(self, source: str, target: str) -> str | None:
        """Sitemaps live anywhere on the site, below the prefix or not."""
        url = normalise(target)
        if url is not None and self.on_site(url):
            return None
        return f"sitemap redirects off the site: {target} (from {source}), not followed"

    # -- crawl

    def items(self) -> Iterator[Item]:
        self.incomplete = None
        self._queue: deque[tuple[str, int]] = deque([(self.start, 0)])
        self._queued: set[str] = {self.start}
        self._ready: dict[str, Response] = {}
        self._stop = False
        yielded = 0
        sitemaps_read = not self.sitemap
        while self._queue and not self._stop:
            if yielded >= self.max_pages:
                self.incomplete = f"the budget of {self.max_pages} URLs was reached"
                return
            url, depth = self._queue.popleft()
            if not self.client.allowed(url) and url != self.start:
                self.skipped.append((url, "robots.txt"))
                log.info("robots.txt forbids %s", url)
                continue
            yielded += 1
            yield self._item(url, depth)
            if not sitemaps_read:
                sitemaps_read = True
                if self.incomplete is None:
                    self._read_sitemaps()

    def _enqueue(self, url: str, depth: int, front: bool = False) -> None:
        if url in self._queued or depth > self.depth or not self.in_scope(url):
            return
        self._queued.add(url)
        (self._queue.appendleft if front else self._queue.append)((url, depth))

    def _item(self, url: str, depth: int) -> Item:
        validators: dict[str, str] = {}
        return Item(uri=url, fetch=_CrawlFetch(self, url, depth, validators),
                    hints=Hints(name=url_name(url)), curated=dict(self.curated), validators=validators)

    def _read_sitemaps(self) -> None:
        root = f"{self.scheme}://{self.host}"
        named = [normalise(u) for u in self.client.site_maps(self.start)]
        pending = list(dict.fromkeys([u for u in named if u and self.on_site(u)] + [root + "/sitemap.xml"]))
        read = 0
        while pending and read < 10:
            url = pending.pop(0)
            read += 1
            try:
                body = self.client.get(url, max_bytes=10 * 1024 * 1024,
                                       redirects=self.sitemap_redirect_check).body
            except BudgetSpent as exc:
                self._cut_short(str(exc))
                return
            except KbError as exc:
                log.info("no sitemap at %s: %s", url, exc)
                continue
            locs, nested = sitemap_urls(body)
            pending += [u for u in map(normalise, nested) if u and self.on_site(u) and u not in pending]
            for loc in locs:
                target = normalise(loc)
                if target:
                    self._enqueue(target, 1)

    def _cut_short(self, why: str) -> None:
        self.incomplete = why
        self._stop = True

    def fetch(self, url: str, depth: int, validators: dict[str, str],
              previous: Mapping[str, str] | None) -> bytes:
        """Called by the pipeline through the item: download, learn links, decide
        whether this URL is a document (return its bytes) or not (raise Skip)."""
        response = self._ready.pop(url, None)
        if response is None:
            was_page = bool(previous) and _type(previous.get("content-type", "")) in PAGE_TYPES
            try:
                response = self.client.get(url, previous=None if was_page else previous,
                                           redirects=self.redirect_check)
            except (NotModified, Gone, Forbidden):
                raise
            except BudgetSpent as exc:
                self._cut_short(str(exc))
                raise
            except KbError as exc:
                if not self.is_document_link(url):   # a page we could not read hides its links
                    self.incomplete = self.incomplete or f"{url}: {exc}"
                raise
        validators.clear()
        validators.update(response.validators)
        final = normalise(response.url) or url
        if final != url:
            # Index a redirected resource under its final address, once.
            if final in self._queued:
                raise Skip(f"redirects to {final}, already crawled")
            self._queued.add(final)
            self._ready[final] = response
            self._queue.appendleft((final, depth))
            raise Skip(f"redirects to {final}")
        kind = _type(response.content_type)
        if kind in PAGE_TYPES or (not kind and response.body.lstrip()[:15].lower().startswith((b"<!doctype", b"<html"))):
            if depth < self.depth:
                for link in page_links(response.body, response.url):
                    self._enqueue(link, depth + 1)
            if not carries_content(response.body, self.min_words):
                raise Skip("a page of links, not a document")
            return response.body
        if kind in DOCUMENT_TYPES or response.body[:5] == b"%PDF-" or response.body[:4] == b"PK\x03\x04" \
                or self.is_document_link(url):
            return response.body
        raise Skip(f"not a document type: {kind or 'unknown'}")


class _CrawlFetch:
    """The fetch of one crawled URL; conditional, so the pipeline passes the
    validators of the last run."""

    conditional = True

    def __init__(self, source: CrawlSource, url: str, depth: int, validators: dict[str, str]):
        self.source, self.url, self.depth, self.validators = source, url, depth, validators

    def __call__(self, previous: Mapping[str, str] | None = None) -> bytes:
        return self.source.fetch(self.url, self.depth, self.validators, previous)


def _type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()
