"""The 50 KB budget (gzip, CSS and JS included) on the document pages of the
demo corpus, ingested for real from its manifest as `make run` does."""
from __future__ import annotations

import re

import pytest
from markupsafe import escape

from kb.settings import Settings
from tests.conftest import DEMO_CORPUS
from tests.web.helpers import wire_size

BUDGET = 50 * 1024


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from indexes.whoosh import WhooshIndex
    from ingest.catalog import Catalog
    from ingest.pipeline import run_job
    from ingest.sources.manifest import ManifestSource
    from web import create_app

    manifest = DEMO_CORPUS / "manifest.csv"
    if not manifest.is_file():
        pytest.skip(f"demo corpus manifest not found at {manifest}")
    settings = Settings(data_dir=tmp_path_factory.mktemp("demo") / "var")
    index = WhooshIndex(settings.index_dir)
    with Catalog(settings.catalog_path) as catalog:
        report = run_job(ManifestSource(manifest, name="KB demo corpus"), index, catalog,
                         limits=settings.limits, workers=2, progress=False)
    assert not report.failed, report.render()
    yield index, create_app(settings, index=index).test_client()
    index.close()


LANGUAGES = ("en", "fr", "es", "pt")


def test_every_demo_document_page_is_within_50_kb_with_its_css_and_js(demo):
    """In every UI language: translated labels must not push a page over."""
    index, client = demo
    docs = [index.get(i) for i in index.ids()]
    assert len(docs) >= 20
    weights = {}
    for doc in docs:
        for lang in LANGUAGES:
            path = f"/documents/{doc.id}?lang={lang}"
            html = client.get(path).get_data(as_text=True)
            assert f'<html lang="{"pt-PT" if lang == "pt" else lang}">' in html
            assert str(escape(doc.pages[0].text.split()[0])) in html      # the pages' text is on the page
            assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
            assert assets == ["/static/kb.css", "/static/kb.js"]
            weights[doc.uri, lang] = wire_size(client, path) + sum(wire_size(client, a) for a in assets)
    largest = max(docs, key=lambda d: len(d.text))
    print("largest demo document:", largest.uri, "page weight, gzip:",
          {lang: weights[largest.uri, lang] for lang in LANGUAGES})
    print("heaviest document page:", max(weights.items(), key=lambda kv: kv[1]))
    assert max(weights.values()) <= BUDGET
    # searching within it and opening one of its pages stay light too
    word = largest.title.split()[0]
    for lang in LANGUAGES:
        for path in (f"/documents/{largest.id}?q={word}&lang={lang}",
                     f"/documents/{largest.id}/pages/1?q={word}&lang={lang}"):
            assert wire_size(client, path) + wire_size(client, "/static/kb.css") \
                + wire_size(client, "/static/kb.js") <= BUDGET, path


def test_the_search_and_browse_pages_of_the_demo_corpus_are_within_50_kb_in_every_language(demo):
    _, client = demo
    for lang in LANGUAGES:
        for path in (f"/?lang={lang}", f"/?q=government&lang={lang}", f"/countries?lang={lang}",
                     f"/sids?lang={lang}", f"/countries/FJI?lang={lang}", f"/countries/TON?lang={lang}",
                     f"/practices?lang={lang}", f"/practices?q=portal&lang={lang}"):
            weight = _weight(client, path)
            print(path, weight)
            assert weight <= BUDGET, path


def _long_document(sections: int, seed: int = 7):
    """An HTML document of `sections` sections of varied prose (about 1,600
    characters each, a title each), as a long report or a crawled handbook is."""
    import random

    from tests.conftest import make_document

    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 11)))
        for _ in range(3000)] + ["portal", "government", "citizens", "services", "digital"]
    pages = []
    for n in range(1, sections + 1):
        words = []
        while sum(len(w) + 1 for w in words) < 1600:
            words.append(rng.choice(vocabulary))
        pages.append(" ".join(words).capitalize() + ".")
    doc = make_document(uri=f"https://example.org/handbook-{sections}.html", format="html",
                        title=f"Handbook of digital government, {sections} sections", pages=pages)
    from dataclasses import replace

    titled = tuple(replace(p, title=f"Chapter {p.number}: {' '.join(p.text.split()[:4])}")
                   for p in doc.pages)
    return replace(doc, pages=titled)


def _weight(client, path: str) -> int:
    return wire_size(client, path) + wire_size(client, "/static/kb.css") \
        + wire_size(client, "/static/kb.js")


@pytest.mark.parametrize("sections", [75, 500])
def test_a_document_of_many_sections_stays_within_50_kb(tmp_path, sections):
    from tests.web.conftest import app_over

    doc = _long_document(sections)
    with app_over(tmp_path, [doc]) as app:
        client = app.test_client()
        path = f"/documents/{doc.id}"
        html = client.get(path).get_data(as_text=True)
        weight = _weight(client, path)
        print(f"{sections} sections: document page {weight} bytes gzipped with CSS and JS")
        assert weight <= BUDGET
        # every section is still reachable: listed (with its start) page by page of the list
        seen, url = set(), path
        for _ in range(sections):
            html = client.get(url).get_data(as_text=True)
            assert _weight(client, url) <= BUDGET, url
            seen |= {int(n) for n in re.findall(rf'href="/documents/{doc.id}/pages/(\d+)"', html)}
            more = re.search(r'<a href="([^"]+)" rel="next">', html)
            if not more:
                break
            url = more.group(1).replace("&amp;", "&").split("#")[0]
        assert seen == set(range(1, sections + 1))
        # a list page out of range or unreadable shows the nearest one, never an error
        for odd in ("list=0", "list=99999", "list=abc"):
            assert client.get(f"{path}?{odd}").status_code == 200, odd
        # each section opens on its own page, whole
        last = doc.pages[-1]
        page = client.get(f"/documents/{doc.id}/pages/{last.number}").get_data(as_text=True)
        assert str(escape(last.text)) in page
        # searching within the document stays light too
        assert _weight(client, f"{path}?q=portal") <= BUDGET
