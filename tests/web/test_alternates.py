"""A report ingested as PDF, DOCX and HTML: one hit that says "also available
as", each format downloadable from inside its folder only, facets counting
it once, and no server path anywhere. Real ingest, real Whoosh, real app."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from indexes.whoosh import WhooshIndex
from ingest.catalog import Catalog
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource
from kb.models import Query
from kb.settings import Settings
from tests.ingest.test_duplicates import OTHER, REPORT, as_docx, as_html, as_pdf
from web import create_app


@contextmanager
def ingested(tmp_path, root):
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


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "docs"
    (root / "web").mkdir(parents=True)
    (root / "tuvalu-review.pdf").write_bytes(as_pdf(REPORT))
    (root / "tuvalu-review.docx").write_bytes(as_docx(REPORT))
    (root / "web" / "tuvalu-review.html").write_bytes(as_html(REPORT))
    (root / "samoa.docx").write_bytes(OTHER)
    return root


def test_one_hit_says_also_available_as_and_each_format_downloads(tmp_path, root):
    with ingested(tmp_path, root) as (app, index):
        client = app.test_client()
        page = client.get("/?q=Tuvalu+telecentre").get_data(as_text=True)
        assert page.count('<li class="hit">') == 1
        alts = re.search(r'<p class="alts">(.*?)</p>', page, re.S).group(1)
        assert "Also available as" in alts
        links = dict((label, href) for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', alts))
        assert set(links) == {"Word", "Web page"}, links
        word, web = client.get(links["Word"]), client.get(links["Web page"])
        assert word.status_code == web.status_code == 200
        assert word.get_data() == (root / "tuvalu-review.docx").read_bytes()
        assert web.get_data() == (root / "web" / "tuvalu-review.html").read_bytes()
        assert web.mimetype == "text/plain", "a page's markup never runs on our origin"
        # the format facet counts the document once, as its PDF
        everything = client.get("/api/search").get_json()
        assert everything["total"] == 2
        assert {r["value"]: r["count"] for r in everything["facets"]["format"]} == {"pdf": 1, "docx": 1}

        hit = client.get("/api/search?q=Tuvalu+telecentre").get_json()["hits"][0]
        assert sorted(a["uri"] for a in hit["alternates"]) == ["tuvalu-review.docx", "web/tuvalu-review.html"]
        assert all("root" not in a and a["url"].startswith("http://localhost/documents/") for a in hit["alternates"])
        doc_page = client.get(f"/documents/{hit['id']}").get_data(as_text=True)
        assert 'id="alth">Also available as' in doc_page
        assert "web/tuvalu-review.html" in doc_page
        api_doc = client.get(f"/api/documents/{hit['id']}").get_json()
        assert len(api_doc["alternates"]) == 2
        for url in ["/?q=Tuvalu", f"/documents/{hit['id']}", f"/api/documents/{hit['id']}",
                    "/api/search?q=Tuvalu"]:
            assert str(tmp_path) not in client.get(url).get_data(as_text=True), url

        fr = client.get("/?q=Tuvalu+telecentre&lang=fr").get_data(as_text=True)
        assert "Également disponible en" in fr


def test_an_alternate_is_served_only_from_inside_its_folder(tmp_path, root):
    secret = tmp_path / "secret.txt"
    secret.write_text("private notes of the server's owner", encoding="utf-8")
    with ingested(tmp_path, root) as (app, index):
        client = app.test_client()
        doc = index.get(index.search(Query(text="Tuvalu telecentre")).hits[0].id)
        html_alt = next(a for a in doc.alternates if a.format == "html")
        url = f"/documents/{doc.id}/formats/{html_alt.id}"
        assert client.get(url).status_code == 200
        target = root / "web" / "tuvalu-review.html"
        target.unlink()
        target.symlink_to(secret)
        swapped = client.get(url)
        assert swapped.status_code == 404 and "private notes" not in swapped.get_data(as_text=True)
        page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
        assert "no longer where it was ingested from" in page
        # an id the document does not name is not served, whatever it is
        other = index.search(Query(text="Samoa patient records")).hits[0].id
        assert client.get(f"/documents/{doc.id}/formats/{other}").status_code == 404
        assert client.get(f"/documents/{doc.id}/formats/..%2F..%2Fetc").status_code == 404
