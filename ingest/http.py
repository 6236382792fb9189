"""A polite HTTP client for remote sources (crawl, OAI-PMH, URL lists, feeds).

Remote repositories are run by small public-sector teams on modest servers;
a harvester that hammers them, ignores robots.txt or downloads the same
20 MB PDF every night gets blocked. So every request here names KB in its
user agent, waits a delay between requests to the same host, asks robots.txt
first, sends conditional requests when the previous validators are known,
stops reading at a size limit, retries transient failures (timeouts, 5xx,
dropped connections) with exponential backoff, and gives up when the job's
total time budget is spent. Only urllib is used: one dependency less, and
everything needed (HTTP, robots parsing) is in the standard library.

Redirects are followed here, hop by hop, never by urllib: each hop must be
http(s), pass the caller's redirect check (a crawl stays on its site) and
robots.txt, waits its turn like any request, and a chain is at most
`max_redirects` hops long. The check a caller does not choose is
`inward_redirect`: a redirect is followed to any host except from a public
address into a loopback, private or link-local one.
"""
from __future__ import annotations

import email.utils
import functools
import ipaddress
import logging
import socket
import threading
import time
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from http.client import HTTPException
from typing import Callable, Mapping
from urllib.error import HTTPError, URLError
from urllib.parse import unquote, urljoin, urlsplit

from kb.errors import FetchError, KbError, TooLarge
from kb.protocols import Hints, Item

log = logging.getLogger(__name__)

USER_AGENT = "KB/0.1 (knowledge-base search for e-governance practice; +https://example.org/kb)"
ROBOTS_AGENT = "KB"
SCHEMES = ("http", "https")
CHUNK = 64 * 1024
REDIRECT_CODES = (301, 302, 303, 307, 308)

# (from URL, to URL) -> why the redirect is refused, or None to follow it.
RedirectCheck = Callable[[str, str], "str | None"]


# ---------------------------------------------------------------- signals

class NotModified(KbError):
    """The server answered 304 to a conditional request: the pipeline counts the
    item as unchanged without downloading or extracting it."""

    kind = "not-modified"


class Gone(FetchError):
    """404 or 410: the resource is no longer there. With `--prune` the pipeline
    treats the item as not offered any more, so its document is removed."""

    kind = "gone"


class Deleted(Gone):
    """The source says the item was deleted on purpose (an OAI-PMH record with
    status="deleted"): nothing to report when nothing was indexed from it."""

    kind = "deleted"


class Skip(KbError):
    """The source decided, after fetching, that this URI is not a document of
    its own (a navigation page, a redirect to a URL that is indexed under its
    final address). The pipeline drops it silently, as if never offered."""

    kind = "skip"


class Forbidden(FetchError):
    """robots.txt does not allow KB to fetch this URL."""

    kind = "robots"


class RedirectRefused(FetchError):
    """A redirect that the source's rules do not let KB follow (another host
    for a crawl, an internal address from a public one, too many hops). The
    target received no request; the item is reported with the reason."""

    kind = "redirect"


class BudgetSpent(FetchError):
    """The job's total time budget is used up; nothing more is requested."""

    kind = "budget"


# ---------------------------------------------------------------- response

@dataclass(frozen=True)
class Response:
    url: str                    # the final URL, after redirects
    status: int
    headers: Mapping[str, str]  # lower-cased names
    body: bytes
    fetched_at: datetime
    history: tuple[str, ...] = ()   # the URLs that redirected here, first one first

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def validators(self) -> dict[str, str]:
        """What to store for the next conditional request, plus provenance."""
        out = {"url": self.url, "fetched": self.fetched_at.isoformat(timespec="seconds")}
        for name in ("etag", "last-modified", "content-type"):
            if self.headers.get(name):
                out[name] = self.headers[name]
        return out


def conditional_headers(previous: Mapping[str, str] | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators stored last time."""
    headers: dict[str, str] = {}
    if previous:
        if previous.get("etag"):
            headers["If-None-Match"] = previous["etag"]
        if previous.get("last-modified"):
            headers["If-Modified-Since"] = previous["last-modified"]
    return headers


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """urllib must not follow redirects itself: a 3xx comes back as an
    HTTPError and `HttpClient._follow` decides, hop by hop."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects())


def _is_internal_address(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


@functools.lru_cache(maxsize=512)
def is_internal_host(host: str | None) -> bool:
    """Whether a host name or address is loopback, private, link-local or
    otherwise not on the public internet (`localhost`, 10.0.0.5, 169.254.169.254,
    ::1, or a name that resolves to one of them). A name that does not resolve
    is not called internal: the request to it fails on its own."""
    if not host:
        return False
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    else:
        return _is_internal_address(host)
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return False
    return any(_is_internal_address(str(info[4][0])) for info in infos)


def leads_inward(source: str, target: str) -> bool:
    """Whether going from `source` to `target` leaves a public host for an
    internal address: what a public server must never make KB do, by a redirect
    or by a URL in its feed or records."""
    a, b = (urlsplit(source).hostname or "").lower(), (urlsplit(target).hostname or "").lower()
    # The source first: when it is internal itself (a curator's choice), no lookup of the target.
    return a != b and not is_internal_host(a) and is_internal_host(b)


def inward_redirect(source: str, target: str) -> str | None:
    """The redirect rule of URL lists, feeds, OAI-PMH and manifests: documents
    move between hosts all the time (a DOI resolver, a CDN, http to https), so a
    redirect to another host is followed; but never from a public host into an
    internal network, which a curator did not point KB at."""
    if leads_inward(source, target):
        return f"redirects from a public host to an internal address: {target} (from {source})"
    return None


def same_host(source: str, target: str) -> str | None:
    """robots.txt redirects: followed on the same host name (http to https,
    another port), not to another host."""
    if (urlsplit(source).hostname or "").lower() == (urlsplit(target).hostname or "").lower():
        return None
    return f"redirects to another host: {target} (from {source})"


# ---------------------------------------------------------------- client

@dataclass
class HttpClient:
    """One per job: holds the per-host clocks, the robots.txt cache and the
    job's time budget. Not shared between jobs on purpose."""

    max_bytes: int = 100 * 1024 * 1024
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0                # first retry waits this, then doubles
    delay: float = 1.0                  # seconds between requests to one host
    budget: float | None = None         # seconds for the whole job
    robots: bool = True
    user_agent: str = USER_AGENT
    max_redirects: int = 5              # hops in one redirect chain
    redirect_check: RedirectCheck = inward_redirect   # when the caller gives none
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0                   # requests sent, for reports and tests
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _robots: dict[str, object] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _deadline: float | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.budget is not None:
            self._deadline = time.monotonic() + self.budget

    # -- public

    def get(self, url: str, *, previous: Mapping[str, str] | None = None,
            max_bytes: int | None = None, accept: str | None = None,
            redirects: RedirectCheck | None = None) -> Response:
        """GET `url`, retrying transient failures and following redirects that
        `redirects` (default: the client's `redirect_check`) accepts. Raises
        NotModified (304), Gone (404/410), Forbidden (robots.txt),
        RedirectRefused, TooLarge, BudgetSpent or FetchError; never returns an
        error status."""
        check_scheme(url)
        self.check_robots(url)
        headers = {"User-Agent": self.user_agent, **conditional_headers(previous)}
        if accept:
            headers["Accept"] = accept
        limit = self.max_bytes if max_bytes is None else max_bytes
        return self._follow(url, headers, limit, redirects or self.redirect_check, robots=True)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets KB fetch it."""
        try:
            self.check_robots(url)
        except Forbidden:
            return False
        except KbError:   # unreachable: let the fetch itself fail and be reported
            return True
        return True

    def site_maps(self, url: str) -> list[str]:
        """Sitemap URLs named in the host's robots.txt."""
        parser = self._robots_for(url)
        return list(parser.site_maps() or []) if isinstance(parser, urllib.robotparser.RobotFileParser) else []

    def check_robots(self, url: str) -> None:
        if not self.robots:
            return
        parser = self._robots_for(url)
        if isinstance(parser, FetchError):
            raise FetchError(f"{parser}; not fetching {url}")
        if not parser.can_fetch(ROBOTS_AGENT, url):
            raise Forbidden(f"robots.txt forbids {url}")

    # -- internals

    def _follow(self, url: str, headers: dict[str, str], limit: int, check: RedirectCheck,
                robots: bool) -> Response:
        """Request `url` and each redirect target in turn. A target is checked
        (scheme, the caller's rule, robots.txt) before anything is sent to it, so
        a refused redirect costs its host not even a robots.txt request."""
        history: list[str] = []
        current = url
        while True:
            try:
                response = self._with_retries(current, headers, limit)
            except _Redirect as hop:
                target = urljoin(current, hop.location.strip())
                if urlsplit(target).scheme.lower() not in SCHEMES:
                    raise RedirectRefused(f"redirect to a non-http URL refused: {target} (from {current})") from None
                if len(history) >= self.max_redirects:
                    raise RedirectRefused(f"more than {self.max_redirects} redirects, "
                                          f"not followed to {target} (from {url})") from None
                why = check(current, target)
                if why:
                    raise RedirectRefused(why) from None
                if robots:
                    self.check_robots(target)
                if urlsplit(target).hostname != urlsplit(current).hostname:
                    log.info("following a redirect to another host: %s -> %s", current, target)
                history.append(current)
                current = target
                # Conditional headers belong to the first URL only.
                headers = {k: v for k, v in headers.items()
                           if k.lower() not in ("if-none-match", "if-modified-since")}
                continue
            return replace(response, history=tuple(history)) if history else response

    def _with_retries(self, url: str, headers: dict[str, str], limit: int) -> Response:
        attempt = 0
        while True:
            try:
                return self._once(url, headers, limit)
            except _Transient as exc:
                attempt += 1
                if attempt > self.retries:
                    raise FetchError(f"{exc} (gave up after {attempt} attempts): {url}") from None
                wait = max(exc.retry_after or 0.0, self.backoff * 2 ** (attempt - 1))
                log.info("retrying %s in %.1f s: %s", url, wait, exc)
                self._sleep_within_budget(wait, url)

    def _robots_for(self, url: str):
        parts = urlsplit(url)
        root = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            cached = self._robots.get(root)
        if cached is not None:
            return cached
        parser = urllib.robotparser.RobotFileParser(root + "/robots.txt")
        result: object = parser
        try:
            response = self._follow(root + "/robots.txt", {"User-Agent": self.user_agent},
                                    512 * 1024, same_host, robots=False)
            parser.parse(response.body.decode("utf-8", "replace").splitlines())
        except (Gone, RedirectRefused):
            # No robots.txt, or one elsewhere that is not this host's to give.
            parser.allow_all = True
        except _Status as exc:
            # RFC 9309: 4xx means no rules; 401/403 are read as "all allowed" too.
            if 400 <= exc.code < 500:
                parser.allow_all = True
            else:
                result = FetchError(f"robots.txt of {root} answered HTTP {exc.code}")
        except BudgetSpent:
            raise
        except KbError as exc:
            # An unreachable site: report it rather than crawl it blind.
            result = FetchError(f"{root} is unreachable ({exc})")
        with self._lock:
            self._robots[root] = result
        return result

    def _remaining(self) -> float | None:
        return None if self._deadline is None else self._deadline - time.monotonic()

    def _sleep_within_budget(self, seconds: float, url: str) -> None:
        remaining = self._remaining()
        if remaining is not None and seconds >= remaining:
            raise BudgetSpent(f"time budget of {self.budget:g} s spent; not fetching {url}")
        if seconds > 0:
            self.sleep(seconds)

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            last = self._last.get(host)
        if last is not None:
            wait = self.delay - (time.monotonic() - last)
            if wait > 0:
                self._sleep_within_budget(wait, url)
        with self._lock:
            self._last[host] = time.monotonic()

    def _once(self, url: str, headers: dict[str, str], limit: int) -> Response:
        remaining = self._remaining()
        if remaining is not None and remaining <= 0:
            raise BudgetSpent(f"time budget of {self.budget:g} s spent; not fetching {url}")
        self._wait_for_host(url)
        timeout = self.timeout if remaining is None else max(0.1, min(self.timeout, self._remaining() or 0.1))
        request = urllib.request.Request(url, headers=headers)
        self.requests += 1
        try:
            with _OPENER.open(request, timeout=timeout) as response:
                got = {k.lower(): v for k, v in response.headers.items()}
                declared = got.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise TooLarge(f"{_mb(int(declared))} is over the {_mb(limit)} download limit")
                body = _read_bounded(response, limit)
                return Response(response.geturl(), response.status, got, body, datetime.now(timezone.utc))
        except HTTPError as exc:
            exc.close()
            location = exc.headers.get("Location") if exc.headers else None
            if exc.code in REDIRECT_CODES and location:
                raise _Redirect(exc.code, location) from None
            if exc.code == 304:
                raise NotModified(f"not modified: {url}") from None
            if exc.code in (404, 410):
                raise Gone(f"gone: HTTP {exc.code} for {url}") from None
            if exc.code >= 500 or exc.code == 429:
                raise _Transient(f"HTTP {exc.code}", _retry_after(exc.headers.get("Retry-After"))) from None
            raise _Status(exc.code, f"HTTP {exc.code} for {url}") from None
        except (socket.timeout, TimeoutError):
            raise _Transient("timed out") from None
        except URLError as exc:
            if isinstance(exc.reason, KbError):
                raise exc.reason from None
            if isinstance(exc.reason, (socket.timeout, TimeoutError, ConnectionError, OSError)):
                raise _Transient(f"cannot connect: {exc.reason}") from None
            raise FetchError(f"cannot fetch {url}: {exc.reason}") from None
        except (ConnectionError, HTTPException) as exc:
            raise _Transient(f"connection failed: {type(exc).__name__}: {exc}") from None


class _Transient(Exception):
    """Worth another try: a timeout, a dropped connection, a 5xx or 429."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class _Redirect(Exception):
    """A 3xx with a Location: `_follow` decides whether to go there."""

    def __init__(self, code: int, location: str):
        super().__init__(f"HTTP {code} to {location}")
        self.code, self.location = code, location


class _Status(FetchError):
    """Another HTTP error status (401, 403, 400...): not retried."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


def check_scheme(url: str) -> None:
    if urlsplit(url).scheme.lower() not in SCHEMES:
        raise FetchError(f"only http and https URLs are fetched: {url}")


def _read_bounded(response, limit: int) -> bytes:
    """Stream the body and stop as soon as it passes the limit, so a huge file
    costs at most `limit` bytes of memory and bandwidth."""
    chunks, size = [], 0
    while True:
        chunk = response.read(CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"download is over the {_mb(limit)} limit")
        chunks.append(chunk)


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds or as an HTTP date; capped so one server cannot stall a job."""
    if not value:
        return None
    if value.strip().isdigit():
        return min(float(value), 120.0)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min((when - datetime.now(timezone.utc)).total_seconds(), 120.0))


def _mb(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{n / 1024:.0f} KB"


# ---------------------------------------------------------------- items

class RemoteFetch:
    """The `fetch` of a remote `Item`: a conditional GET through the job's client.

    The pipeline passes the validators it stored last time (`previous`), so an
    unchanged file costs a 304 and no download. The response's validators
    (ETag, Last-Modified, content type, final URL, fetch time) are written into
    `validators`, the same dict the Item carries, which is how they reach the
    catalog: they are only known after the fetch. `inspect` lets a source look
    at the response (a crawler reads the links of a page) and raise `Skip`.
    """

    conditional = True

    def __init__(self, client: HttpClient, url: str, validators: dict[str, str],
                 inspect: Callable[[Response], None] | None = None,
                 ready: Response | None = None):
        self.client, self.url, self.validators = client, url, validators
        self.inspect, self.ready = inspect, ready

    def __call__(self, previous: Mapping[str, str] | None = None) -> bytes:
        if self.ready is not None:   # already downloaded by the source (a redirect's target)
            response, self.ready = self.ready, None
        else:
            response = self.client.get(self.url, previous=previous)
        self.validators.clear()
        self.validators.update(response.validators)
        if self.inspect is not None:
            self.inspect(response)
        return response.body


def remote_item(client: HttpClient, url: str, curated: Mapping[str, object] | None = None,
                name: str | None = None) -> Item:
    """An Item for one URL, fetched lazily and conditionally by the pipeline."""
    validators: dict[str, str] = {}
    return Item(uri=url, fetch=RemoteFetch(client, url, validators),
                hints=Hints(name=name or url_name(url)), curated=dict(curated or {}),
                validators=validators)


def url_name(url: str) -> str:
    """The last path segment, which is what a file name hint is for a URL."""
    return unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1])
