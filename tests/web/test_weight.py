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


def test_every_demo_document_page_is_within_50_kb_with_its_css_and_js(demo):
    index, client = demo
    docs = [index.get(i) for i in index.ids()]
    assert len(docs) >= 20
    weights = {}
    for doc in docs:
        path = f"/documents/{doc.id}"
        html = client.get(path).get_data(as_text=True)
        assert str(escape(doc.pages[0].text.split()[0])) in html      # the pages' text is on the page
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
        assert assets == ["/static/kb.css", "/static/kb.js"]
        weights[doc.uri] = wire_size(client, path) + sum(wire_size(client, a) for a in assets)
    largest = max(docs, key=lambda d: len(d.text))
    print("largest demo document:", largest.uri, "page weight, gzip:", weights[largest.uri])
    print("heaviest document page:", max(weights.items(), key=lambda kv: kv[1]))
    assert weights[largest.uri] <= BUDGET
    assert max(weights.values()) <= BUDGET
    # searching within it and opening one of its pages stay light too
    word = largest.title.split()[0]
    for path in (f"/documents/{largest.id}?q={word}", f"/documents/{largest.id}/pages/1?q={word}"):
        assert wire_size(client, path) + wire_size(client, "/static/kb.css") \
            + wire_size(client, "/static/kb.js") <= BUDGET, path
