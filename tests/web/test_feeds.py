"""Atom feeds of searches, country pages and SIDS groups, read by feedparser
(a real feed reader's parser) through the real app."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import feedparser
from lxml import etree

from tests.conftest import make_document
from tests.web.conftest import XSS_TITLE, app_over

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type.startswith("application/atom+xml")
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")      # well-formed XML
    assert parsed.version == "atom10"
    return response, parsed


def _links(parsed) -> dict[str, str]:
    return {link["rel"]: link["href"] for link in parsed.feed.links}


def test_search_feed_lists_matching_documents_with_stable_ids(client, web_documents):
    response, parsed = _feed(client, "/feed.atom?q=portal&country=FJI&country=WSM")
    titles = {e.title for e in parsed.entries}
    assert titles == {"Fiji one stop shop portal: a case study", "Samoa digital identity roadmap"}
    by_title = {d.title: d for d in web_documents}
    for entry in parsed.entries:
        doc = by_title[entry.title]
        assert entry.id == f"http://localhost/documents/{doc.id}"
        assert entry.link == entry.id
        assert entry.updated_parsed[:6] == (2024, 5, 1, 12, 0, 0)     # fetched_at
    # the same ids on a second request, in the same order
    _, again = _feed(client, "/feed.atom?q=portal&country=FJI&country=WSM")
    assert [e.id for e in again.entries] == [e.id for e in parsed.entries]
    assert parsed.feed.title == "KB: newest documents for “portal”"
    assert _links(parsed)["alternate"] == "http://localhost/?q=portal&country=FJI&country=WSM"


def test_feed_is_valid_atom_with_required_elements(client):
    response = client.get("/feed.atom")
    root = etree.fromstring(response.data)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 13
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.find(f"{ATOM}{name}").text or "").strip()


def test_newest_first_and_paging_links(client):
    _, first = _feed(client, "/feed.atom?size=5")
    assert len(first.entries) == 5
    links = _links(first)
    assert "previous" not in links
    assert links["next"] == "http://localhost/feed.atom?size=5&page=2"
    assert links["last"] == "http://localhost/feed.atom?size=5&page=3"
    _, second = _feed(client, "/feed.atom?size=5&page=2")
    assert _links(second)["previous"] == "http://localhost/feed.atom?size=5"
    _, third = _feed(client, "/feed.atom?size=5&page=3")
    assert "next" not in _links(third)
    ids = [e.id for feed in (first, second, third) for e in feed.entries]
    assert len(ids) == 13 and len(set(ids)) == 13          # every document once across the pages
    # the feed is one feed whichever page is read
    assert first.feed.id == second.feed.id == third.feed.id == "http://localhost/feed.atom"


def test_entries_come_in_the_order_kb_indexed_them_last_first(tmp_path):
    """A feed lists what is new to the repository: a report of 2005 ingested
    today comes before this year's report indexed last week (by year, it would
    sit on a page no feed reader reads); documents with no indexing date last."""
    base = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)
    docs = [make_document(uri=f"/docs/d{i}.pdf", title=f"Report {i}", year=2020 + i,
                          fetched_at=base + timedelta(days=i)) for i in range(3)]
    docs += [make_document(uri="/docs/old.pdf", title="Harbour Act", year=2005, fetched_at=base + timedelta(days=30)),
             make_document(uri="/docs/undated.pdf", title="Annex", year=2030, fetched_at=None)]
    with app_over(tmp_path, docs) as app:
        _, parsed = _feed(app.test_client(), "/countries/FJI/feed.atom")
        assert [e.title for e in parsed.entries] == ["Harbour Act", "Report 2", "Report 1", "Report 0", "Annex"]
        _, page = _feed(app.test_client(), "/feed.atom?size=1")
        assert [e.title for e in page.entries] == ["Harbour Act"]


def test_conditional_get_answers_304_until_the_feed_changes(client):
    response = client.get("/countries/FJI/feed.atom")
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert etag and modified == "Wed, 01 May 2024 12:00:00 GMT"
    again = client.get("/countries/FJI/feed.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    since = client.get("/countries/FJI/feed.atom", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    older = client.get("/countries/FJI/feed.atom",
                       headers={"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})
    assert older.status_code == 200
    other = client.get("/countries/FJI/feed.atom", headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200
    # another feed has another tag
    assert client.get("/countries/WSM/feed.atom").headers["ETag"] != etag


def test_a_new_document_changes_the_feed_and_its_dates(tmp_path):
    base = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)
    docs = [make_document(uri=f"/docs/d{i}.pdf", title=f"Report {i}", year=2020 + i,
                          fetched_at=base + timedelta(days=i)) for i in range(3)]
    with app_over(tmp_path / "one", docs) as app:
        client = app.test_client()
        first = client.get("/countries/FJI/feed.atom")
        parsed = feedparser.parse(first.data)
        assert [e.title for e in parsed.entries] == ["Report 2", "Report 1", "Report 0"]
        assert [e.updated_parsed[:3] for e in parsed.entries] == [(2025, 3, 3), (2025, 3, 2), (2025, 3, 1)]
        assert parsed.feed.updated_parsed[:3] == (2025, 3, 3)
        assert first.headers["Last-Modified"] == "Mon, 03 Mar 2025 09:00:00 GMT"
    newer = docs + [make_document(uri="/docs/d9.pdf", title="Report 9", year=2029,
                                  fetched_at=base + timedelta(days=9))]
    with app_over(tmp_path / "two", newer) as app:
        response = app.test_client().get("/countries/FJI/feed.atom",
                                         headers={"If-None-Match": first.headers["ETag"]})
        assert response.status_code == 200
        assert feedparser.parse(response.data).entries[0].title == "Report 9"


def test_hostile_title_is_escaped_in_the_feed(client):
    response, parsed = _feed(client, "/feed.atom?country=NZL")
    assert b"<script>" not in response.data
    assert [e.title for e in parsed.entries] == [XSS_TITLE]


def test_country_and_sids_feeds(client):
    _, fiji = _feed(client, "/countries/fji/feed.atom")
    assert fiji.feed.title == "KB: newest documents about Fiji"
    assert [e.title for e in fiji.entries] == ["Fiji one stop shop portal: a case study"]
    assert _links(fiji)["alternate"] == "http://localhost/countries/FJI"
    assert fiji.feed.id == "http://localhost/countries/FJI/feed.atom"      # one feed, however the code is written
    _, pacific = _feed(client, "/sids/Pacific/feed.atom")
    assert {e.title for e in pacific.entries} == {"Fiji one stop shop portal: a case study",
                                                  "Samoa digital identity roadmap"}
    _, french = _feed(client, "/countries/FJI/feed.atom?lang=fr")
    assert french.feed.title == "KB : documents les plus récents sur Fidji"


def test_bad_feed_requests_are_clear_errors(client):
    assert client.get("/countries/XXX/feed.atom").status_code == 404
    assert client.get("/sids/Atlantis/feed.atom").status_code == 404
    bad = client.get("/feed.atom?country=Atlantis")
    assert bad.status_code == 400 and "Atlantis" in bad.get_data(as_text=True)
    assert client.get("/feed.atom?page=0").status_code == 400


def test_pages_link_their_feeds_in_head_and_body(client):
    for url, feed in (("/?q=portal&country=FJI", "/feed.atom?q=portal&amp;country=FJI"),
                      ("/countries/FJI", "/countries/FJI/feed.atom"),
                      ("/sids", "/sids/Pacific/feed.atom")):
        html = client.get(url).get_data(as_text=True)
        head = html[:html.index("</head>")]
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="'
                         + re.escape(feed) + '">', head), url
        body = html[html.index("<body>"):]
        assert f'href="{feed}" type="application/atom+xml">' in body, url
