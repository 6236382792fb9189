"""The polite HTTP client against a real server on 127.0.0.1: retries, limits,
conditional requests, redirects (hop by hop, each checked, bounded), robots.txt,
per-host delay and time budget.
Waits go through an injected `sleep` that records them, so nothing here
depends on the clock."""
from __future__ import annotations

import pytest

from kb.errors import FetchError, TooLarge
from ingest.fetch import fetch_url
from ingest.http import (USER_AGENT, BudgetSpent, Forbidden, Gone, HttpClient, NotModified,
                         RedirectRefused, conditional_headers, inward_redirect, is_internal_host, leads_inward)
from tests.ingest.fixture_server import FixtureServer, Site


@pytest.fixture
def server():
    site = Site()
    site.add("/robots.txt", "User-agent: *\nDisallow: /secret/\n", "text/plain")
    site.add("/page.html", "<html><body>hello</body></html>")
    site.add("/secret/a.html", "<html><body>secret</body></html>")
    site.add("/moved", b"", status=302, location="{{BASE}}/page.html")
    site.add("/to-secret", b"", status=302, location="{{BASE}}/secret/a.html")
    site.add("/to-ftp", b"", status=302, location="ftp://example.org/file.pdf")
    site.add("/loop", b"", status=302, location="/loop-again")
    site.add("/loop-again", b"", status=307, location="{{BASE}}/loop")
    site.add("/chain-1", b"", status=301, location="/chain-2")
    site.add("/chain-2", b"", status=308, location="page.html")     # relative to /
    site.add("/flaky", "<html>ok now</html>", fail_first=2)
    site.add("/down", "never", fail_first=100)
    site.add("/big", b"x" * 50_000, "application/octet-stream")
    site.add("/forbidden", "no", status=403)
    site.add("/slow", "late", stall=2.0)
    with FixtureServer(site) as srv:
        yield srv


class Sleeps(list):
    """An injected sleep: records each wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(**kw) -> HttpClient:
    kw.setdefault("delay", 0.0)
    kw.setdefault("sleep", Sleeps())
    return HttpClient(**kw)


def test_a_get_names_kb_and_knows_its_validators(server):
    response = client().get(server.base + "/page.html")
    assert response.status == 200 and response.body == b"<html><body>hello</body></html>"
    sent = server.site.requests("/page.html")[0].headers
    assert sent["User-Agent"] == USER_AGENT and "KB" in USER_AGENT
    assert response.validators["etag"].startswith('"')
    assert response.validators["last-modified"].endswith("GMT")
    assert response.validators["url"] == server.base + "/page.html"
    assert response.content_type == "text/html"


def test_only_http_and_https(server):
    for url in ("file:///etc/passwd", "ftp://example.org/x.pdf", "javascript:alert(1)"):
        with pytest.raises(FetchError, match="only http and https"):
            client().get(url)
    with pytest.raises(FetchError, match="non-http"):
        client().get(server.base + "/to-ftp")


def test_a_conditional_request_gets_not_modified(server):
    http = client()
    first = http.get(server.base + "/page.html")
    with pytest.raises(NotModified):
        http.get(server.base + "/page.html", previous=first.validators)
    sent = server.site.requests("/page.html")[1].headers
    assert sent["If-None-Match"] == first.validators["etag"]
    assert sent["If-Modified-Since"] == first.validators["last-modified"]
    server.site.change("/page.html", "<html><body>changed</body></html>")
    assert http.get(server.base + "/page.html", previous=first.validators).body.endswith(b"changed</body></html>")
    assert conditional_headers(None) == {}


def test_redirects_are_followed_and_the_final_url_known(server):
    response = client().get(server.base + "/moved")
    assert response.url == server.base + "/page.html"
    assert response.body.startswith(b"<html>")
    assert response.history == (server.base + "/moved",)
    response = client().get(server.base + "/chain-1")
    assert response.url == server.base + "/page.html"
    assert response.history == (server.base + "/chain-1", server.base + "/chain-2")


def test_redirects_are_followed_hop_by_hop_and_bounded(server):
    http = client(max_redirects=5)
    with pytest.raises(RedirectRefused, match="more than 5 redirects"):
        http.get(server.base + "/loop")
    hops = len(server.site.requests("/loop")) + len(server.site.requests("/loop-again"))
    assert hops == 6, "the first request and five redirects, then KB stops"
    # Conditional headers belong to the URL they were stored for, not to a redirect's target.
    first = http.get(server.base + "/page.html")
    server.site.clear_log()
    http.get(server.base + "/moved", previous=first.validators)
    assert "If-None-Match" in server.site.requests("/moved")[0].headers
    assert "If-None-Match" not in server.site.requests("/page.html")[0].headers


@pytest.fixture
def other():
    """A second server, reached by another host name (localhost, not 127.0.0.1)."""
    site = Site()
    site.add("/robots.txt", "User-agent: *\nDisallow:\n", "text/plain")
    site.add("/landing.html", "<html><body>elsewhere</body></html>")
    with FixtureServer(site) as srv:
        yield srv


def test_a_refused_redirect_sends_nothing_to_its_target(server, other):
    target = f"http://localhost:{other.port}/landing.html"
    server.site.add("/away", b"", status=302, location=target)

    def refuse_other_hosts(source: str, target: str) -> str | None:
        return None if target.startswith(server.base + "/") else f"redirects to another host: {target}"

    with pytest.raises(RedirectRefused, match="redirects to another host: http://localhost"):
        client().get(server.base + "/away", redirects=refuse_other_hosts)
    assert other.site.log == [] and other.site.arrivals == {}, "not even robots.txt"
    # The default rule (URL lists, feeds, OAI-PMH): another host is followed,
    # here from loopback to loopback, with that host's robots.txt asked first.
    response = client().get(server.base + "/away")
    assert response.url == target and response.history == (server.base + "/away",)
    assert [r.path for r in other.site.log] == ["/robots.txt", "/landing.html"]


def test_a_robots_txt_that_redirects_to_another_host_is_not_followed(other):
    site = Site()
    site.add("/robots.txt", b"", status=301, location=f"http://localhost:{other.port}/robots.txt")
    site.add("/page.html", "<html>here</html>")
    with FixtureServer(site) as srv:
        assert client().get(srv.base + "/page.html").body == b"<html>here</html>"
    assert other.site.log == [], "treated as no robots.txt, the other host is not asked"


def test_no_redirect_from_a_public_host_into_an_internal_network():
    # IP literals and `localhost` need no DNS: nothing here touches the network.
    for host in ("127.0.0.1", "localhost", "app.localhost", "10.1.2.3", "192.168.0.7", "172.16.5.5",
                 "169.254.169.254", "[::1]", "[fd00::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "100.64.0.1"):
        assert is_internal_host(host.strip("[]")), host
        assert "internal address" in inward_redirect("http://8.8.8.8/doc", f"http://{host}/admin")
    for host in ("8.8.8.8", "1.1.1.1", "[2606:4700::1111]"):
        assert not is_internal_host(host.strip("[]")), host
        assert inward_redirect("http://8.8.8.8/doc", f"https://{host}/doc.pdf") is None
    assert inward_redirect("http://127.0.0.1:8080/a", "http://localhost:9090/b") is None, \
        "a curator who points KB at an internal host has chosen that network"
    assert inward_redirect("http://8.8.8.8/a", "https://8.8.8.8/b") is None
    # The same rule keeps a public feed's entries and OAI records from pointing inward.
    assert leads_inward("https://8.8.8.8/feed.xml", "http://169.254.169.254/latest/meta-data/")
    assert not leads_inward("http://127.0.0.1:8080/feed.xml", "http://10.0.0.5/report.pdf")


def test_5xx_is_retried_with_exponential_backoff(server):
    sleeps = Sleeps()
    response = client(sleep=sleeps, backoff=0.5, retries=3).get(server.base + "/flaky")
    assert response.body == b"<html>ok now</html>"
    assert sleeps == [0.5, 1.0]
    assert [r.status for r in server.site.requests("/flaky")] == [500, 500, 200]


def test_a_server_that_keeps_failing_is_given_up_on(server):
    sleeps = Sleeps()
    with pytest.raises(FetchError, match="gave up after 3 attempts"):
        client(sleep=sleeps, backoff=1, retries=2).get(server.base + "/down")
    assert sleeps == [1, 2]


def test_a_timeout_is_retried_then_reported(server):
    with pytest.raises(FetchError, match="timed out"):
        client(timeout=0.2, retries=1, backoff=0).get(server.base + "/slow")
    assert server.site.arrivals["/slow"] == 2


def test_404_is_gone_and_403_is_an_error_not_retried(server):
    with pytest.raises(Gone):
        client().get(server.base + "/nothing-here")
    sleeps = Sleeps()
    with pytest.raises(FetchError, match="HTTP 403"):
        client(sleep=sleeps).get(server.base + "/forbidden")
    assert sleeps == [] and len(server.site.requests("/forbidden")) == 1


def test_the_size_limit_stops_the_download(server):
    with pytest.raises(TooLarge):
        client(max_bytes=10_000).get(server.base + "/big")
    assert len(client(max_bytes=60_000).get(server.base + "/big").body) == 50_000
    with pytest.raises(TooLarge):
        fetch_url(server.base + "/big", max_bytes=1000)


def test_robots_txt_is_obeyed_also_across_redirects(server):
    http = client()
    with pytest.raises(Forbidden):
        http.get(server.base + "/secret/a.html")
    with pytest.raises(Forbidden):
        http.get(server.base + "/to-secret")
    assert not http.allowed(server.base + "/secret/a.html")
    assert http.allowed(server.base + "/page.html")
    assert server.site.requests("/secret/a.html") == []
    assert len(server.site.requests("/robots.txt")) == 1, "robots.txt is read once per host and job"
    # A curator's explicit URL list does not consult robots.txt.
    assert fetch_url(server.base + "/secret/a.html", max_bytes=1000).startswith(b"<html>")


def test_requests_to_one_host_are_spaced_by_the_delay(server):
    sleeps = Sleeps()
    http = client(sleep=sleeps, delay=30.0)
    http.get(server.base + "/page.html")      # robots.txt, then the page: one wait
    http.get(server.base + "/moved")           # /moved, then its redirect to /page.html: a wait each
    assert len(sleeps) == 3 and all(25.0 < s <= 30.0 for s in sleeps)


def test_the_time_budget_stops_requests(server):
    with pytest.raises(BudgetSpent):
        client(budget=0.0).get(server.base + "/page.html")
    # A retry that would wait past the budget is not attempted.
    with pytest.raises(BudgetSpent):
        client(budget=60.0, backoff=120.0).get(server.base + "/down")
    assert len(server.site.requests("/down")) == 1


def test_an_unreachable_host_is_a_fetch_error(server):
    url = server.base + "/page.html"
    server.stop()
    with pytest.raises(FetchError, match="unreachable"):
        client(retries=1, backoff=0).get(url)
