"""URL lists, RSS/Atom feeds and named sources in sources.toml run by `kb sync`,
against a real HTTP server on 127.0.0.1; `kb` runs as a real process."""
from __future__ import annotations

import json

import pytest

from kb.errors import UsageError
from kb.models import document_id
from ingest.catalog import Catalog
from ingest.http import HttpClient
from ingest.pipeline import run_job
from ingest.sources.config import build_source, load_sources
from ingest.sources.feed import FeedSource, feed_entries
from ingest.sources.urls import UrlListSource, read_urls
from tests.conftest import run_kb
from tests.ingest import builders
from tests.ingest.fixture_server import DOCX, PDF, FixtureServer, Site, populate

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
<item><title>Tonga cyber security act</title><link>{{BASE}}/news/1</link>
  <enclosure url="{{BASE}}/gazette/tonga-act.pdf" type="application/pdf" length="1"/></item>
<item><title>Barbados notice</title><link>/gazette/barbados.docx</link></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Reports</title>
<entry><title>Report one</title><link rel="alternate" href="https://h.org/r/1"/>
  <link rel="enclosure" href="https://h.org/files/r1.pdf"/></entry>
<entry><title> Report   two </title><link href="https://h.org/r/2"/></entry>
</feed>"""


@pytest.fixture
def server():
    site = Site()
    populate(site)
    site.add("/gazette/feed.xml", RSS, "application/rss+xml")
    site.add("/gazette/tonga-act.pdf", builders.make_pdf(["Tonga cyber security act on critical infrastructure."]), PDF)
    site.add("/gazette/barbados.docx", builders.make_docx([
        ("Notice", ["Barbados digital transformation notice on online passports."])]), DOCX)
    with FixtureServer(site) as srv:
        yield srv


def client() -> HttpClient:
    return HttpClient(delay=0.0, backoff=0.0, retries=1, timeout=10)


def run(source, index, settings, prune=False):
    with Catalog(settings.catalog_path) as catalog:
        return run_job(source, index, catalog, limits=settings.limits, workers=2, progress=False, prune=prune)


def test_feed_entries_from_rss_and_atom():
    assert feed_entries(RSS.replace("{{BASE}}", "http://g.org").encode(), "http://g.org/gazette/feed.xml") == [
        ("http://g.org/gazette/tonga-act.pdf", "Tonga cyber security act"),
        ("http://g.org/gazette/barbados.docx", "Barbados notice")]
    assert feed_entries(ATOM.encode(), "https://h.org/feed") == [
        ("https://h.org/files/r1.pdf", "Report one"), ("https://h.org/r/2", "Report two")]


def test_a_feed_is_synced_incrementally_and_pruned_only_for_404s(server, whoosh_index, settings):
    feed = server.base + "/gazette/feed.xml"
    report = run(FeedSource(feed, client(), name="gazette"), whoosh_index, settings)
    assert len(report.added) == 2 and not report.failed
    tonga = whoosh_index.get(document_id(server.base + "/gazette/tonga-act.pdf"))
    assert tonga.title == "Tonga cyber security act" and tonga.source == "gazette"
    server.site.clear_log()
    again = run(FeedSource(feed, client(), name="gazette"), whoosh_index, settings)
    assert len(again.unchanged) == 2 and server.site.downloads("/gazette/tonga-act.pdf") == 0
    # The Barbados entry drops off the feed (feeds show recent entries): kept.
    server.site.change("/gazette/feed.xml", RSS.split("<item><title>Barbados")[0] + "</channel></rss>")
    report = run(FeedSource(feed, client(), name="gazette"), whoosh_index, settings, prune=True)
    assert not report.removed and whoosh_index.count() == 2
    # The Tonga file is taken down: pruned.
    del server.site.routes["/gazette/tonga-act.pdf"]
    report = run(FeedSource(feed, client(), name="gazette"), whoosh_index, settings, prune=True)
    assert report.removed == [server.base + "/gazette/tonga-act.pdf"]
    assert whoosh_index.count() == 1


def test_a_url_list_reports_bad_lines_and_prunes_what_left_it(server, whoosh_index, settings, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# documents\n{server.base}/pub/fiji-strategy.pdf\n\n{server.base}/pub/download?id=7\n"
                       f"ftp://example.org/x.pdf\n{server.base}/pub/missing.pdf\n")
    assert len(read_urls(listing)) == 4
    report = run(UrlListSource.from_file(listing, client()), whoosh_index, settings)
    assert len(report.added) == 2
    why = dict(report.failed)
    assert why["ftp://example.org/x.pdf"].startswith("only http and https")
    assert why[server.base + "/pub/missing.pdf"].startswith("gone: HTTP 404")
    listing.write_text(f"{server.base}/pub/fiji-strategy.pdf\n")
    report = run(UrlListSource.from_file(listing, client()), whoosh_index, settings, prune=True)
    assert report.unchanged == [server.base + "/pub/fiji-strategy.pdf"]
    assert server.base + "/pub/download?id=7" in report.removed
    assert whoosh_index.count() == 1


def test_config_errors_name_the_source(tmp_path):
    path = tmp_path / "sources.toml"
    for text, message in [
        ('[sources.a]\nkind = "ftp"\n', "kind must be one of"),
        ('[sources.a]\nkind = "crawl"\n', "crawl needs url"),
        ('[sources.a]\nkind = "feed"\nurl = "http://x.org/f"\ndepth = 2\n', "unknown setting 'depth'"),
        ('[sources.a]\nkind = "oai"\nurl = "http://x.org/oai"\n[sources.a.metadata]\ncountries = "Atlantis"\n',
         "unknown country"),
        ("[sources.a\n", "not valid TOML"),
        ("title = 'x'\n", r"no \[sources\.NAME\]"),
    ]:
        path.write_text(text)
        with pytest.raises(UsageError, match=message):
            load_sources(path)
    path.write_text('[sources.laws]\nkind = "urls"\nurls = ["http://x.org/a.pdf"]\ndelay = 0\n'
                    '[sources.laws.metadata]\ncountries = "FJ"\ndoc_type = "legislation"\n')
    spec = load_sources(path)["laws"]
    assert spec.metadata == {"countries": ("FJI",), "doc_type": "legislation"}
    source = build_source(spec, max_bytes=1000)
    assert [i.curated for i in source.items()] == [{"countries": ("FJI",), "doc_type": "legislation"}]


kb = run_kb


def test_kb_sync_runs_named_sources_with_their_default_metadata(server, tmp_path):
    work, data = tmp_path / "work", tmp_path / "var"
    work.mkdir()
    (work / "sources.toml").write_text(f"""
[sources.gazette]
kind = "feed"
url = "{server.base}/gazette/feed.xml"
delay = 0
[sources.gazette.metadata]
countries = "TO"
doc_type = "legislation"

[sources.site]
kind = "crawl"
url = "{server.base}/pub/law.html"
prefix = "/pub/law"
depth = 0
delay = 0
""")
    first = kb("sync", "--json", cwd=work, data_dir=data, check=0)
    reports = {r["source"]: r for r in json.loads(first.stdout)}
    assert reports["gazette"]["counts"]["added"] == 2
    assert reports["site"]["counts"]["added"] == 1
    shown = kb("search", "cyber security", "--json", cwd=work, data_dir=data, check=0)
    hit = json.loads(shown.stdout)["hits"][0]
    assert hit["countries"] == ["TON"] and hit["doc_type"] == "legislation"
    again = kb("sync", "gazette", "--json", "--prune", cwd=work, data_dir=data, check=0)
    assert json.loads(again.stdout)["counts"] == {"added": 0, "updated": 0, "unchanged": 2, "removed": 0,
                                                  "failed": 0, "still_failing": 0}
    assert kb("sync", "nosuch", cwd=work, data_dir=data).returncode == 2
    # A source that is down: its job fails, the other runs, nothing is removed.
    server.stop()
    down = kb("sync", "--prune", cwd=work, data_dir=data, check=1)
    assert "nothing pruned" in down.stdout and "0 removed" in down.stdout
