"""The website crawler end to end: a real HTTP server on 127.0.0.1 serving the
fixture site, real worker processes, a real catalog and Whoosh index.

Asserts on what the catalog and index hold after a first crawl, after a change
on the server (what was downloaded again, counted by the server) and after a
prune; never on time."""
from __future__ import annotations

import pytest

from kb.models import Query, document_id
from ingest.catalog import Catalog
from ingest.http import HttpClient
from ingest.pipeline import run_job
from ingest.sources.crawl import CrawlSource, carries_content, normalise, page_links, sitemap_urls
from ingest.sources.folder import FolderSource
from tests.ingest import builders
from tests.ingest.fixture_server import LIMIT, FixtureServer, Site, populate


@pytest.fixture
def server():
    site = Site()
    populate(site)
    with FixtureServer(site) as srv:
        yield srv


def crawl(server, **kw) -> CrawlSource:
    client = HttpClient(max_bytes=LIMIT, delay=0.0, backoff=0.0, retries=2, timeout=10)
    kw.setdefault("prefix", "/pub/")
    return CrawlSource(server.base + "/pub/index.html", client, name="fixture-site", **kw)


def run(source, index, settings, prune=False):
    with Catalog(settings.catalog_path) as catalog:
        return run_job(source, index, catalog, limits=settings.limits, workers=2, batch_size=4,
                       progress=False, prune=prune)


def names(uris) -> set[str]:
    return {u.split("/", 3)[-1] for u in uris}


def entries(settings) -> dict[str, object]:
    with Catalog(settings.catalog_path) as catalog:
        return {e.uri.split("/", 3)[-1]: e for e in catalog.entries("fixture-site")}


# ---------------------------------------------------------------- pieces

def test_urls_are_normalised_to_one_spelling():
    base = "http://Example.ORG:80/pub/reports.html"
    assert normalise("./a.pdf#page=2", base) == "http://example.org/pub/a.pdf"
    assert normalise("../pub/a.pdf", base) == "http://example.org/pub/a.pdf"
    assert normalise("/x/../a b.pdf?utm_source=n&id=3", base) == "http://example.org/a%20b.pdf?id=3"
    assert normalise("https://example.org:443") == "https://example.org/"
    assert normalise("http://example.org:8080/a") == "http://example.org:8080/a"
    for bad in ("mailto:a@b.org", "javascript:void(0)", "ftp://example.org/a", "", "http://:99999/"):
        assert normalise(bad, base) is None


def test_links_content_and_sitemaps_are_read_from_markup():
    page = (b"<html><head><base href='/docs/'></head><body><nav><a href='/'>Home</a></nav>"
            b"<a href='a.pdf'>A</a><a href='a.pdf#x'>A again</a><a rel='nofollow' href='b.pdf'>B</a></body></html>")
    assert page_links(page, "http://h.org/index.html") == ["http://h.org/", "http://h.org/docs/a.pdf"]
    assert not carries_content(page, 10)
    words = " ".join(["word"] * 50)
    assert carries_content(f"<html><body><p>{words}</p></body></html>".encode(), 40)
    assert not carries_content(f"<html><head><meta name='robots' content='noindex'></head>"
                               f"<body><p>{words}</p></body></html>".encode(), 40)
    index = (b"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
             b"<sitemap><loc>http://h.org/s1.xml</loc></sitemap></sitemapindex>")
    assert sitemap_urls(index) == ([], ["http://h.org/s1.xml"])
    assert sitemap_urls(b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><urlset><url><loc>&e;</loc></url></urlset>")[0] in ([], [""])


# ---------------------------------------------------------------- first crawl

def test_a_first_crawl_indexes_documents_and_content_pages(server, whoosh_index, settings):
    report = run(crawl(server), whoosh_index, settings)
    site = server.site
    assert names(report.added) == {
        "pub/fiji-strategy.pdf", "pub/jamaica-deck.pptx", "pub/download?id=7",   # by content type
        "pub/law.html", "pub/orphan.html",                                        # pages with content, one from the sitemap
        "files/samoa-report.pdf",                                                 # under its final URL after a redirect
        "pub/flaky.pdf",                                                          # 500 once, then fine
    }
    failed = {u.split("/", 3)[-1]: r for u, r in report.failed}
    assert set(failed) == {"pub/missing.pdf", "pub/huge.pdf"}
    assert failed["pub/missing.pdf"].startswith("gone: HTTP 404")
    assert failed["pub/huge.pdf"].startswith("too large")
    # Politeness and scope, from the server's own log.
    assert site.requests("/pub/private/internal.pdf") == [], "robots.txt forbids /pub/private/"
    assert site.requests("/pub/logo.png") == []
    assert site.downloads("/pub/fiji-strategy.pdf") == 1, "linked twice, downloaded once"
    assert site.downloads("/pub/law.html") == 1
    assert all(r.headers["User-Agent"].startswith("KB/") for r in site.log)
    assert [r.status for r in site.requests("/pub/flaky.pdf")] == [500, 200]

    hit = whoosh_index.search(Query(text="one stop shop portal")).hits[0]
    assert hit.uri == server.base + "/pub/fiji-strategy.pdf" and hit.page == 2
    assert whoosh_index.search(Query(text="X-Road")).hits[0].format == "docx"
    assert whoosh_index.search(Query(text="electronic signatures Vanuatu")).hits[0].format == "html"
    for page in ("/pub/index.html", "/pub/reports.html"):
        assert whoosh_index.get(document_id(server.base + page)) is None, "link pages are not indexed"
    assert whoosh_index.count() == 7

    # Provenance: source, URL, fetch time and the server's validators.
    doc = whoosh_index.get(document_id(server.base + "/pub/fiji-strategy.pdf"))
    assert doc.source == "fixture-site" and doc.fetched_at is not None
    entry = entries(settings)["pub/fiji-strategy.pdf"]
    assert entry.validators["etag"].startswith('"') and entry.validators["last-modified"].endswith("GMT")
    assert entry.validators["content-type"] == "application/pdf"
    with Catalog(settings.catalog_path) as catalog:
        stored = catalog.document(doc.id)
        assert catalog.has_document(doc.id) and not catalog.has_document("0" * 16)
    assert stored.extra["provenance"]["source"] == "fixture-site"
    assert stored.extra["provenance"]["uri"] == doc.uri
    assert stored.extra["provenance"]["validators"]["etag"] == entry.validators["etag"]
    redirected = entries(settings)["files/samoa-report.pdf"]
    assert redirected.validators["url"] == server.base + "/files/samoa-report.pdf"


def test_depth_and_page_budget_bound_the_crawl(server, whoosh_index, settings):
    report = run(crawl(server, depth=0, sitemap=False), whoosh_index, settings)
    assert not report.added, "depth 0 reads the start page only, which is a page of links"
    source = crawl(server, max_pages=3)
    report = run(source, whoosh_index, settings, prune=True)
    assert len(report.added) + len(report.failed) <= 4
    assert source.incomplete and "budget" in source.incomplete
    assert not report.removed, "a crawl cut short prunes nothing"


# ---------------------------------------------------------------- second crawl

def test_a_second_crawl_downloads_only_what_changed(server, whoosh_index, settings):
    run(crawl(server), whoosh_index, settings)
    site = server.site
    site.change("/pub/fiji-strategy.pdf", builders.make_pdf(
        ["Fiji digital government strategy, second edition.", "A national e-procurement platform."],
        title="Fiji Digital Government Strategy"))
    site.clear_log()
    report = run(crawl(server), whoosh_index, settings)
    assert names(report.updated) == {"pub/fiji-strategy.pdf"}
    assert not report.added
    assert {"pub/jamaica-deck.pptx", "pub/download?id=7", "pub/law.html", "pub/orphan.html",
            "files/samoa-report.pdf", "pub/flaky.pdf"} <= names(report.unchanged)
    assert names(u for u, _ in report.failed) == {"pub/missing.pdf", "pub/huge.pdf"}
    # Documents were asked "only if changed"; only the changed one came back with a body.
    assert site.downloads("/pub/fiji-strategy.pdf") == 1
    assert site.downloads("/pub/jamaica-deck.pptx") == 0
    assert [r.status for r in site.requests("/pub/jamaica-deck.pptx")] == [304]
    assert site.downloads("/pub/download?id=7") == 0
    assert whoosh_index.search(Query(text="e-procurement platform")).hits[0].uri.endswith("fiji-strategy.pdf")
    assert "one stop shop" not in whoosh_index.get(document_id(server.base + "/pub/fiji-strategy.pdf")).text
    assert whoosh_index.count() == 7


# ---------------------------------------------------------------- prune

def test_prune_removes_what_the_site_no_longer_has_and_nothing_else(server, whoosh_index, settings, tmp_path):
    folder = tmp_path / "local"
    folder.mkdir()
    (folder / "kenya.md").write_text("# Kenya open data\n\nKenya publishes open data.\n")
    run(FolderSource(folder, name="local"), whoosh_index, settings)
    run(crawl(server), whoosh_index, settings)
    site = server.site
    del site.routes["/pub/jamaica-deck.pptx"]                                  # now a 404
    index_page = site.routes["/pub/index.html"].body.replace(b'<a href="download?id=7">', b"<a>")
    site.change("/pub/index.html", index_page)                                 # no longer linked

    report = run(crawl(server), whoosh_index, settings)
    assert not report.removed, "without --prune nothing is removed"
    assert whoosh_index.get(document_id(server.base + "/pub/jamaica-deck.pptx")) is not None

    report = run(crawl(server), whoosh_index, settings, prune=True)
    assert names(report.removed) == {"pub/jamaica-deck.pptx", "pub/download?id=7"}
    assert whoosh_index.get(document_id(server.base + "/pub/jamaica-deck.pptx")) is None
    assert whoosh_index.get(document_id(server.base + "/pub/download?id=7")) is None
    assert "pub/jamaica-deck.pptx" not in entries(settings)
    assert whoosh_index.get(document_id(str(folder.resolve() / "kenya.md"))) is not None, "other sources untouched"
    assert whoosh_index.count() == 6


def test_a_site_that_is_down_reports_the_failure_and_keeps_its_documents(server, whoosh_index, settings):
    run(crawl(server), whoosh_index, settings)
    before = whoosh_index.ids()
    source = crawl(server)
    source.client.retries = 0
    server.stop()
    report = run(source, whoosh_index, settings, prune=True)
    assert report.exit_status == 1
    assert report.failed[0][0] == source.start and "unreachable" in report.failed[0][1]
    assert any("nothing pruned" in reason for _, reason in report.failed)
    assert not report.removed
    assert whoosh_index.ids() == before


# ---------------------------------------------------------------- redirects

WORDS = " ".join(f"word{i}" for i in range(60))


@pytest.fixture
def elsewhere():
    """Server Q: another host (reached as `localhost`, the crawl starts at
    127.0.0.1), with a robots.txt and a page of its own."""
    site = Site()
    site.add("/robots.txt", "User-agent: *\nDisallow:\n", "text/plain")
    site.add("/", f"<html><head><title>Elsewhere</title></head><body><p>Marshall Islands "
                  f"e-residency notes. {WORDS}</p></body></html>")
    with FixtureServer(site) as srv:
        yield srv


@pytest.fixture
def redirecting(elsewhere):
    """Server P: a section /pub/ whose links redirect to Q, inside the prefix
    and outside it; a document that is an ordinary link; and a robots.txt that
    names a sitemap on Q."""
    site = Site()
    site.add("/robots.txt", f"User-agent: *\nDisallow:\nSitemap: http://localhost:{elsewhere.port}/sitemap.xml\n",
             "text/plain")
    site.add("/pub/index.html", "<html><body><a href='away'>Away</a> <a href='inside'>In</a> "
                                "<a href='outside'>Out</a> <a href='nauru.pdf'>Nauru</a></body></html>")
    site.add("/pub/away", b"", status=302, location=f"http://localhost:{elsewhere.port}/")
    site.add("/pub/inside", b"", status=301, location="{{BASE}}/pub/moved-here.html")
    site.add("/pub/moved-here.html", f"<html><body><p>Palau open data portal. {WORDS}</p></body></html>")
    site.add("/pub/outside", b"", status=302, location="/blog/post.html")
    site.add("/blog/post.html", f"<html><body><p>Blog post. {WORDS}</p></body></html>")
    site.add("/pub/nauru.pdf", builders.make_pdf(["Nauru digital government roadmap."]), "application/pdf")
    with FixtureServer(site) as srv:
        yield srv


def crawl_from(server, **kw) -> CrawlSource:
    client = HttpClient(max_bytes=LIMIT, delay=0.0, backoff=0.0, retries=0, timeout=10)
    return CrawlSource(server.base + "/pub/index.html", client, name="fixture-site", prefix="/pub/", **kw)


def test_a_redirect_to_another_host_is_refused_and_that_host_hears_nothing(
        redirecting, elsewhere, whoosh_index, settings):
    report = run(crawl_from(redirecting), whoosh_index, settings)
    failed = dict(report.failed)
    reason = failed[redirecting.base + "/pub/away"]
    assert reason.startswith(f"redirects to another host: http://localhost:{elsewhere.port}/")
    assert "allow_hosts" in reason and "--allow-host" in reason
    assert elsewhere.site.arrivals == {} and elsewhere.site.log == [], "neither robots.txt, sitemap nor the page"
    # A same-host redirect outside the prefix is refused like a link there would be ...
    assert failed[redirecting.base + "/pub/outside"].startswith("redirects to outside the crawl's prefix /pub/")
    assert redirecting.site.requests("/blog/post.html") == []
    # ... one inside it is followed, and the rest of the crawl goes on.
    assert set(report.added) == {redirecting.base + "/pub/moved-here.html", redirecting.base + "/pub/nauru.pdf"}
    assert set(failed) == {redirecting.base + "/pub/away", redirecting.base + "/pub/outside"}
    assert not whoosh_index.search(Query(text="e-residency")).hits


def test_a_host_the_source_allows_is_followed_and_indexed(redirecting, elsewhere, whoosh_index, settings):
    source = crawl_from(redirecting, allow_hosts=[f"localhost:{elsewhere.port}"])
    report = run(source, whoosh_index, settings)
    landed = f"http://localhost:{elsewhere.port}/"
    assert landed in report.added and redirecting.base + "/pub/away" not in dict(report.failed)
    assert sorted(r.path for r in elsewhere.site.log) == ["/", "/robots.txt", "/sitemap.xml"], \
        "an allowed host is part of the site, its sitemap too"
    hit = whoosh_index.search(Query(text="Marshall Islands e-residency")).hits[0]
    assert hit.uri == landed
    assert redirecting.site.requests("/blog/post.html") == [], "the prefix still holds on the start's host"


def test_allowed_hosts_are_read_checked_and_matched(tmp_path):
    from kb.errors import UsageError
    from ingest.sources.config import build_source, load_sources

    config = tmp_path / "kb.toml"
    config.write_text('[sources.site]\nkind = "crawl"\nurl = "http://portal.example.org/pub/"\nprefix = "/pub/"\n'
                      'allow_hosts = ["cdn.example.org", "https://files.example.org/docs/"]\n')
    source = build_source(load_sources(config)["site"], max_bytes=LIMIT)
    for url in ("http://cdn.example.org/a/b.html", "https://cdn.example.org/x.pdf",
                "https://files.example.org/docs/a.pdf", "http://portal.example.org/x.pdf"):
        assert source.in_scope(url), url
    for url in ("http://cdn.example.org:8080/a.pdf", "http://files.example.org/docs/a.pdf",
                "https://files.example.org/other/a.pdf", "http://evil.example.org/a.pdf",
                "https://portal.example.org/pub/a.html", "http://portal.example.org/blog/"):
        assert not source.in_scope(url), url
    config.write_text('[sources.site]\nkind = "crawl"\nurl = "http://portal.example.org/"\nallow_hosts = "cdn.org"\n')
    with pytest.raises(UsageError, match="allow_hosts must be a list"):
        load_sources(config)
    config.write_text('[sources.site]\nkind = "crawl"\nurl = "http://portal.example.org/"\nallow_hosts = ["cdn.org/x"]\n')
    with pytest.raises(UsageError, match="not a host name"):
        load_sources(config)


def test_kb_ingest_crawl_takes_allow_host(redirecting, elsewhere, tmp_path):
    import json

    from tests.conftest import run_kb

    url = redirecting.base + "/pub/index.html"
    refused = json.loads(run_kb("ingest", "crawl", url, "--prefix", "/pub/", "--delay", "0", "--no-sitemap",
                                "--json", data_dir=tmp_path / "a", check=1).stdout)
    assert any(f["uri"].endswith("/pub/away") and "another host" in f["reason"] for f in refused["failed"])
    assert elsewhere.site.log == []
    allowed = json.loads(run_kb("ingest", "crawl", url, "--prefix", "/pub/", "--delay", "0", "--no-sitemap", "--json",
                                "--allow-host", f"localhost:{elsewhere.port}",
                                data_dir=tmp_path / "b", check=1).stdout)
    assert f"http://localhost:{elsewhere.port}/" in allowed["added"]
    assert [f["uri"] for f in allowed["failed"]] == [redirecting.base + "/pub/outside"], "the prefix still holds"


def test_a_url_list_follows_a_document_to_another_host(redirecting, elsewhere, whoosh_index, settings):
    """URL lists, feeds and OAI-PMH records name documents, which move between
    hosts (DOI resolvers, CDNs): there a redirect to another host is followed,
    unless it leads from a public host into an internal network."""
    from ingest.sources.urls import UrlListSource

    client = HttpClient(max_bytes=LIMIT, delay=0.0, backoff=0.0, retries=0, timeout=10)
    report = run(UrlListSource([redirecting.base + "/pub/away"], client, name="fixture-site"), whoosh_index, settings)
    assert report.added == [redirecting.base + "/pub/away"]
    assert entries(settings)["pub/away"].validators["url"] == f"http://localhost:{elsewhere.port}/"
