"""The document page, a page's text, and the original file."""
from __future__ import annotations

from kb.models import Query
from tests.web.conftest import XSS_TITLE


def test_metadata_marks_where_each_value_came_from(client, doc_by_name):
    doc = doc_by_name("fiji-one-stop-shop")
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "<h1>Fiji one stop shop portal: a case study</h1>" in html
    fields = html[html.index('<dl class="fields">'):html.index("</dl>")]
    assert '<span class="origin curated" title="manifest row">curated</span>' in fields
    assert '<span class="origin inferred" title="named 1 time(s) in the first pages">inferred</span>' in fields
    assert '<span class="origin extracted" title="PDF creation date">from the file</span>' in fields
    # facet values link to the search narrowed to them, with display labels
    assert '<a href="/?country=FJI">Fiji</a>' in fields
    assert '<a href="/?doc_type=case-study">Case study</a>' in fields
    # where it was fetched from, without the server's folders
    assert '<dt>Fetched from</dt>\n<dd class="uri">fiji-one-stop-shop.pdf</dd>' in fields
    assert doc.uri not in html
    assert "May 1, 2024, 12:00 UTC" in fields


def test_pages_related_documents_and_more_from_the_country(client, doc_by_name):
    doc = doc_by_name("fiji-one-stop-shop")
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    for n in (1, 2, 3):
        assert f'<summary>Page {n}</summary>' in html
    assert "The one stop shop portal lets citizens register a business online." in html
    related = html[html.index('id="rel"'):html.index("</aside>")]
    assert related.count("<li>") >= 1 and doc.id not in related.split("More from")[0]
    assert '<a href="/?country=FJI">More from Fiji</a>' in related
    assert '<a href="/countries/FJI">Fiji country page</a>' in related


def test_search_within_the_document(client, doc_by_name):
    doc = doc_by_name("fiji-one-stop-shop")
    html = client.get(f"/documents/{doc.id}?q=identity").get_data(as_text=True)
    matches = html[html.index('<ol class="matches">'):]
    matches = matches[: matches.index("</ol>")]
    assert f'/documents/{doc.id}/pages/3?q=identity">Page 3</a>' in matches
    assert "<mark>identity</mark>" in matches
    none = client.get(f"/documents/{doc.id}?q=blockchain").get_data(as_text=True)
    assert "No page of this document contains “blockchain”" in none


def test_page_text_route(client, doc_by_name):
    doc = doc_by_name("kenya-huduma")
    html = client.get(f"/documents/{doc.id}/pages/2").get_data(as_text=True)
    assert "Page 2 of 4" in html
    assert "The one stop shop model and its online portal." in html
    assert f'href="/documents/{doc.id}/pages/1" rel="prev"' in html
    assert f'href="/documents/{doc.id}/pages/3" rel="next"' in html
    slides = doc_by_name("barbados-portal")
    assert "Slide 3 of 3" in client.get(f"/documents/{slides.id}/pages/3").get_data(as_text=True)
    back = client.get(f"/documents/{doc.id}/pages/2?q=%3Cb%3Eportal").get_data(as_text=True)
    assert f'href="/documents/{doc.id}?q=%3Cb%3Eportal#wh">other pages matching “&lt;b&gt;portal”' in back
    missing = client.get(f"/documents/{doc.id}/pages/9")
    assert missing.status_code == 404 and "has no page 9" in missing.get_data(as_text=True)


def test_original_pdf_is_served_inline_for_page_links(client, doc_by_name):
    doc = doc_by_name("fiji-one-stop-shop")
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert f'href="/documents/{doc.id}/original#page=2"' in html
    response = client.get(f"/documents/{doc.id}/original")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.get_data().startswith(b"%PDF")
    assert "inline" in response.headers.get("Content-Disposition", "inline")
    assert "sandbox" in response.headers["Content-Security-Policy"]


def test_original_that_is_gone_is_a_404_not_a_file_from_elsewhere(client, doc_by_name):
    gone = doc_by_name("kenya-huduma")        # its uri points at a file that does not exist
    response = client.get(f"/documents/{gone.id}/original")
    assert response.status_code == 404
    assert "no longer where it was ingested from" in response.get_data(as_text=True)
    html = client.get(f"/documents/{gone.id}").get_data(as_text=True)
    assert "Open the original" not in html
    # only ids the index knows are served; a path in the URL is never read
    assert client.get("/documents/..%2f..%2fetc%2fpasswd/original").status_code == 404


def test_unknown_document_is_a_404_page(client):
    response = client.get("/documents/0000000000000000")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "<h1>Not found</h1>" in html and "no document with id" in html
    assert "Content-Security-Policy" in response.headers


def test_document_content_is_escaped(client, doc_by_name):
    doc = doc_by_name("xss")
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert XSS_TITLE not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in html
    within = client.get(f"/documents/{doc.id}?q=portal").get_data(as_text=True)
    assert "<mark>portal</mark>" in within and "<b>" not in within


def test_a_page_opened_from_a_search_marks_the_query_terms_in_its_text(client, doc_by_name):
    doc = doc_by_name("fiji-one-stop-shop")
    # "services" finds "service" through the index's stemming, and the page says so
    html = client.get(f"/documents/{doc.id}/pages/3?q=services").get_data(as_text=True)
    body = html[html.index('class="text pagebody"'):]
    body = body[: body.index("</div>")]
    assert "Lessons learned: the portal needs a shared identity <mark>service</mark>." in body
    assert "1 match for “services” marked on this page." in html
    two = client.get(f"/documents/{doc.id}/pages/3?q=identity+portal").get_data(as_text=True)
    assert "the <mark>portal</mark> needs a shared <mark>identity</mark> service" in two
    # paging on keeps the words marked, and the other matching pages are one click away
    assert f'href="/documents/{doc.id}/pages/2?q=identity+portal" rel="prev"' in two
    assert f'href="/documents/{doc.id}/pages/2?q=identity+portal">Previous match (page 2)</a>' in two
    # without a query nothing is marked
    plain = client.get(f"/documents/{doc.id}/pages/3").get_data(as_text=True)
    assert "<mark>" not in plain and "Previous match" not in plain


def test_a_page_without_the_words_says_where_they_are(client, doc_by_name):
    doc = doc_by_name("kenya-huduma")
    html = client.get(f"/documents/{doc.id}/pages/3?q=portal").get_data(as_text=True)
    assert "<mark>" not in html
    assert (f'“portal” is not on this page; it is on page '
            f'<a href="/documents/{doc.id}/pages/2?q=portal">2</a>.') in html
    nowhere = client.get(f"/documents/{doc.id}/pages/1?q=blockchain").get_data(as_text=True)
    assert "No page of this document contains “blockchain”." in nowhere


def test_page_highlighting_marks_escaped_text(client, doc_by_name):
    doc = doc_by_name("xss")
    html = client.get(f"/documents/{doc.id}/pages/1?q=portal").get_data(as_text=True)
    assert ("A review of the &lt;b&gt;<mark>portal</mark>&lt;/b&gt; with "
            "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt; inside.") in html
    assert "<b>" not in html and "<script>alert" not in html
    hostile = client.get(f"/documents/{doc.id}/pages/1?q=%3Cmark%3Eportal").get_data(as_text=True)
    assert "&lt;mark&gt;portal" in hostile and "<mark>portal</mark>" in hostile


# ---------------------------------------------------------------- a repository ingested from disk

def _ingested(tmp_path, root):
    """A real ingest of `root` (worker processes, catalog, Whoosh index under
    tmp_path/var) and the app over it."""
    from contextlib import contextmanager

    from indexes.whoosh import WhooshIndex
    from ingest.catalog import Catalog
    from ingest.pipeline import run_job
    from ingest.sources.folder import FolderSource
    from kb.settings import Settings
    from web import create_app

    @contextmanager
    def app():
        settings = Settings(data_dir=tmp_path / "var", workers=1)
        index = WhooshIndex(settings.index_dir)
        try:
            with Catalog(settings.catalog_path) as catalog:
                report = run_job(FolderSource(root), index, catalog, limits=settings.limits, workers=1,
                                 progress=False)
            assert not report.failed, report.failed
            yield create_app(settings, index=index), index
        finally:
            index.close()
    return app()


def _write_docs(root):
    from tests.ingest import builders

    (root / "reports").mkdir(parents=True)
    (root / "reports" / "tonga.pdf").write_bytes(builders.make_pdf(
        ["Tonga digital government review.", "The one stop shop portal of Tonga."],
        title="Tonga portal review"))
    (root / "samoa.html").write_text(
        "<html><head><title>Samoa e-services</title></head><body>"
        "<p>Samoa offers a one stop shop portal for business registration.</p></body></html>",
        encoding="utf-8")


def test_the_original_is_served_only_from_inside_its_folder(tmp_path):
    root = tmp_path / "docs"
    _write_docs(root)
    secret = tmp_path / "secret.txt"
    secret.write_text("private notes of the server's owner", encoding="utf-8")
    with _ingested(tmp_path, root) as (app, index):
        client = app.test_client()
        doc = index.search(Query(text="Tonga portal review")).hits[0]
        first = client.get(f"/documents/{doc.id}/original")
        assert first.status_code == 200 and first.get_data().startswith(b"%PDF")

        # After ingest the file is swapped for a link out of the folder.
        target = root / "reports" / "tonga.pdf"
        target.unlink()
        target.symlink_to(secret)
        swapped = client.get(f"/documents/{doc.id}/original")
        body = swapped.get_data(as_text=True)
        assert swapped.status_code == 404, body
        assert "private notes" not in body
        assert "leads outside the folder it was ingested from" in body
        assert str(tmp_path) not in body
        page = client.get(f"/documents/{doc.id}")
        assert page.status_code == 200 and "Open the original" not in page.get_data(as_text=True)

        # A link that stays inside the folder is served.
        target.unlink()
        target.symlink_to(root / "samoa.html")
        inside = client.get(f"/documents/{doc.id}/original")
        assert inside.status_code == 200 and b"Samoa offers" in inside.get_data()

        # A folder swapped for a link elsewhere: not served.
        target.unlink()
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / "tonga.pdf").write_bytes(b"%PDF-1.4 not the ingested file")
        (root / "reports").rmdir()
        (root / "reports").symlink_to(elsewhere)
        moved = client.get(f"/documents/{doc.id}/original")
        assert moved.status_code == 404 and b"not the ingested file" not in moved.get_data()


def test_no_page_or_api_response_shows_a_server_path(tmp_path):
    root = tmp_path / "docs"
    _write_docs(root)
    with _ingested(tmp_path, root) as (app, index):
        client = app.test_client()
        results = client.get("/api/search?q=portal").get_json()
        assert results["total"] == 2
        by_title = {h["title"]: h for h in results["hits"]}
        tonga = by_title["Tonga portal review"]
        assert tonga["uri"] == "tonga.pdf"      # a hit carries no root: the file's name
        urls = ["/", "/?q=portal", "/?q=portal&format=pdf", "/api/search?q=portal", "/countries", "/sids",
                "/api/countries", "/api/suggest?q=por"]
        for hit in results["hits"]:
            urls += [f"/documents/{hit['id']}", f"/documents/{hit['id']}/pages/1",
                     f"/documents/{hit['id']}?q=portal", f"/api/documents/{hit['id']}"]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.get_data(as_text=True)
            assert str(tmp_path) not in body and str(root) not in body, url
        doc = client.get(f"/api/documents/{tonga['id']}").get_json()
        assert doc["uri"] == "reports/tonga.pdf"
        assert doc["extra"]["provenance"]["uri"] == "reports/tonga.pdf"
        assert "root" not in doc["extra"]["provenance"]
        html = client.get(f"/documents/{tonga['id']}").get_data(as_text=True)
        assert '<dt>Fetched from</dt>\n<dd class="uri">reports/tonga.pdf</dd>' in html
