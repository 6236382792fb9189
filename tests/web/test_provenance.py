"""Where a harvested or crawled document came from, and the countries its text
names besides the ones it is about, on the document page."""
from __future__ import annotations

import pytest

from tests.conftest import make_document
from tests.web.conftest import app_over
from tests.web.helpers import FILE, RECORD, oai_document

PAGE = "https://gov.example/services/portal.html"


def _crawled_document():
    return make_document(
        uri=PAGE, title="Government portal services", format="html",
        pages=("The portal lists every service.",),
        extra={"provenance": {
            "source": "gov-site", "uri": PAGE, "fetched_at": "2024-07-01T12:00:00+00:00",
            "validators": {"url": PAGE, "etag": 'W/"<script>x</script>"',
                           "last-modified": "Mon, 01 Jul 2024 09:00:00 GMT"},
        }})


def _hostile_document():
    """A record whose 'file' is not a web address must not become a link."""
    uri = RECORD.replace("42", "43")
    return make_document(uri=uri, title="Record without a usable file", extra={"provenance": {
        "source": "Pacific repository", "uri": uri,
        "validators": {"oai-identifier": "oai:repo:43", "full-text": "javascript:alert(1)"}}})


@pytest.fixture(scope="module")
def docs():
    return {"oai": oai_document(), "crawled": _crawled_document(), "hostile": _hostile_document()}


@pytest.fixture(scope="module")
def client(tmp_path_factory, docs):
    with app_over(tmp_path_factory.mktemp("prov"), docs.values()) as app:
        yield app.test_client()


def section(html: str, heading_id: str) -> str:
    part = html[html.index(f'id="{heading_id}"'):]
    return part[: part.index("</section>")]


def test_oai_record_shows_where_and_when_it_was_fetched(client, docs):
    doc = docs["oai"]
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    prov = section(html, "prh")
    assert "Where it came from" in prov
    assert "<dt>Source</dt><dd>Pacific repository</dd>" in prov
    record = RECORD.replace("&", "&amp;")
    assert f'<dt>OAI-PMH record</dt>\n<dd class="uri"><a href="{record}" rel="nofollow">{record}</a>' in prov
    assert "oai:repo:42 (record dated 2024-05-30)" in prov
    assert f'<dt>File fetched from</dt><dd class="uri"><a href="{FILE}" rel="nofollow">{FILE}</a>' in prov
    assert "<dt>Fetched</dt><dd>Jun 2, 2024, 08:30 UTC</dd>" in prov
    assert "<code>&#34;abc123&#34;</code>" in prov
    assert "<dt>Last modified</dt><dd>Thu, 30 May 2024 10:00:00 GMT</dd>" in prov


def test_open_the_original_of_an_oai_record_goes_to_its_file(client, docs):
    doc = docs["oai"]
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert f'<a class="button" href="{FILE}">Open the original PDF file</a>' in html
    assert f'<a href="{FILE}#page=2">in the PDF</a>' in html
    page = client.get(f"/documents/{doc.id}/pages/3").get_data(as_text=True)
    assert f'<a href="{FILE}#page=3">Open the original at page 3</a>' in page
    # search hits link to /original, which sends the browser on to the file
    response = client.get(f"/documents/{doc.id}/original")
    assert response.status_code == 302 and response.headers["Location"] == FILE


def test_crawled_page_keeps_its_own_url_and_escapes_validators(client, docs):
    doc = docs["crawled"]
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    prov = section(html, "prh")
    assert f'<dt>Fetched from</dt>\n<dd class="uri"><a href="{PAGE}" rel="nofollow">{PAGE}</a>' in prov
    assert "File fetched from" not in prov and "Final URL" not in prov
    assert "W/&#34;&lt;script&gt;x&lt;/script&gt;&#34;" in prov and "<script>x" not in html
    assert "<dt>Fetched</dt><dd>Jul 1, 2024, 12:00 UTC</dd>" in prov
    assert '<a class="button" href="/documents/' in html
    assert client.get(f"/documents/{doc.id}/original").headers["Location"] == PAGE


def test_a_file_url_that_is_not_a_web_address_is_never_linked(client, docs):
    doc = docs["hostile"]
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "javascript:" not in html
    assert client.get(f"/documents/{doc.id}/original").headers["Location"] == doc.uri


def test_local_documents_show_no_provenance_section(tmp_path):
    doc = make_document(uri="/docs/plain.pdf")
    with app_over(tmp_path, [doc]) as app:
        html = app.test_client().get(f"/documents/{doc.id}").get_data(as_text=True)
    assert 'id="prh"' not in html and 'id="amh"' not in html
    # the file's name only: no server folder on a page
    assert '<dt>Fetched from</dt>\n<dd class="uri">plain.pdf</dd>' in html and "/docs/" not in html


def test_also_mentions_lists_other_countries_with_counts_linking_to_their_search(client, docs):
    doc = docs["oai"]
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    also = section(html, "amh")
    names = [n for n in ("Australia", "New Zealand", "Tonga", "Fiji") if f">{n}</a>" in also]
    assert names == ["Australia", "New Zealand", "Tonga"]     # not Fiji: it is about Fiji
    assert also.index("Australia") < also.index("New Zealand") < also.index("Tonga")
    assert '<a href="/?country=AUS">Australia</a> <span class="n">4 mentions</span>' in also
    assert '<a href="/?country=NZL">New Zealand</a> <span class="n">1 mention</span>' in also
    assert '<a href="/?country=TON">Tonga</a> <span class="n">in the title</span>' in also
    # the pages where it is named open with the name marked
    assert (f'<a class="pg" href="/documents/{doc.id}/pages/2?q=Australia" '
            'aria-label="Page 2">2</a>') in also
    page = client.get(f"/documents/{doc.id}/pages/2?q=Australia").get_data(as_text=True)
    assert "<mark>Australia</mark> funds the portal." in page
    # the countries it is about stay where they were, in the metadata
    fields = html[html.index('<dl class="fields">'):html.index("</dl>")]
    assert '<a href="/?country=FJI">Fiji</a>' in fields and "Australia" not in fields
