"""Fixtures for the web tests: a real index (Whoosh, then tantivy) built in a
temporary directory from a dozen documents, the app on it, its test client,
and the app served over real HTTP on 127.0.0.1 for the browser tests.

The index is built once per session because no web test writes to it; each
test that needs a different repository builds its own."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import pytest
from werkzeug.serving import make_server

from kb import taxonomy
from kb.models import Document, Origin
from kb.settings import Settings
from tests.conftest import make_document

XSS_TITLE = "Portal review <script>alert('title')</script> & more"


def _pdf(path: Path, pages: list[str]) -> Path:
    """A real PDF with one text page per entry, for the download route."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def _doc(files: Path, name: str, *, countries: tuple[str, ...], real_file: bool = False,
         **fields) -> Document:
    """A document whose regions and SIDS groups follow from its countries, as
    the enrichers would set them."""
    fmt = fields.get("format", "pdf")
    uri = str(files / f"{name}.{fmt}") if real_file else f"/nonexistent/{name}.{fmt}"
    if real_file:
        _pdf(Path(uri), list(fields["pages"]))
    infos = [taxonomy.get_country(c) for c in countries]
    regions = tuple(dict.fromkeys(i.subregion for i in infos if i and i.subregion))
    sids = tuple(dict.fromkeys(i.sids_group for i in infos if i and i.sids_group))
    origins = {
        "title": Origin("curated", "manifest row"),
        "doc_type": Origin("curated", "manifest row"),
        "countries": Origin("inferred", f"named {len(countries)} time(s) in the first pages"),
        "year": Origin("extracted", "PDF creation date"),
        "topics": Origin("inferred", "topic terms on several pages"),
    }
    return make_document(uri=uri, countries=countries, regions=regions, sids=sids,
                         origins=origins, fetched_at=datetime(2024, 5, 1, 12, tzinfo=timezone.utc),
                         size=12345, **fields)


def build_documents(files: Path) -> list[Document]:
    files.mkdir(parents=True, exist_ok=True)
    return [
        _doc(files, "fiji-one-stop-shop", countries=("FJI",), real_file=True,
             title="Fiji one stop shop portal: a case study", doc_type="case-study", year=2021,
             topics=("e-services", "one-stop-shop"), source="Pacific e-gov library",
             pages=("Introduction to digital government in Fiji and the Pacific.",
                    "The one stop shop portal lets citizens register a business online.",
                    "Lessons learned: the portal needs a shared identity service.")),
        _doc(files, "samoa-digital-id", countries=("WSM",), format="pptx",
             title="Samoa digital identity roadmap", doc_type="strategy", year=2019,
             topics=("digital-identity",), source="Pacific e-gov library",
             pages=("Digital identity for every citizen of Samoa.",
                    "Roadmap: registration, portal integration, one stop shop services.")),
        _doc(files, "jamaica-procurement", countries=("JAM",), format="docx",
             title="Jamaica electronic procurement act", doc_type="legislation", year=2018,
             topics=("e-procurement",), source="Caribbean legal texts",
             pages=("An act to provide for electronic government procurement in Jamaica.",)),
        _doc(files, "barbados-portal", countries=("BRB",), format="pptx",
             title="Barbados government portal relaunch", doc_type="presentation", year=2022,
             topics=("e-services",), source="Caribbean legal texts",
             pages=("The Barbados portal brings services into one place.",
                    "Usage grew after the relaunch of the portal.",
                    "Next steps: mobile payments.")),
        _doc(files, "mauritius-open-data", countries=("MUS",),
             title="Mauritius open data readiness report", doc_type="report", year=2020,
             topics=("open-data",), source="Pacific e-gov library",
             pages=("Open data readiness assessment for Mauritius.",
                    "Recommendations for the open data portal.")),
        _doc(files, "estonia-xroad", countries=("EST",), format="html",
             title="X-Road data exchange in Estonia", doc_type="case-study", year=2015,
             topics=("interoperability",), source="World practice notes",
             pages=("X-Road connects registries so citizens give data only once.",)),
        _doc(files, "kenya-huduma", countries=("KEN",),
             title="Huduma centres: one stop shops in Kenya", doc_type="case-study", year=2017,
             topics=("one-stop-shop", "e-services"), source="World practice notes",
             pages=("Huduma centres bring government services under one roof.",
                    "The one stop shop model and its online portal.",
                    "Costs and staffing of the centres.", "Annex: statistics.")),
        _doc(files, "rwanda-irembo", countries=("RWA",), format="html",
             title="Irembo e-services platform in Rwanda", doc_type="report", year=2019,
             topics=("e-services",), source="World practice notes",
             pages=("Irembo is the single portal for government services in Rwanda.",)),
        _doc(files, "chile-atiende", countries=("CHL",),
             title="ChileAtiende service network strategy", doc_type="strategy", year=2016,
             topics=("one-stop-shop",), source="World practice notes",
             pages=("ChileAtiende offers a network of one stop shop offices and a portal.",)),
        _doc(files, "uruguay-agenda", countries=("URY",), format="docx", language="es",
             title="Agenda digital del Uruguay", doc_type="strategy", year=2020,
             topics=("digital-strategy",), source="World practice notes",
             pages=("La agenda digital orienta el gobierno electrónico del Uruguay.",)),
        _doc(files, "india-meeting", countries=("IND",),
             title="Regional meeting on digital public infrastructure", doc_type="meeting",
             year=2023, topics=("digital-identity",), source="World practice notes",
             pages=("Minutes of the meeting on digital public infrastructure.",
                    "Delegates discussed identity and payments.")),
        _doc(files, "singapore-smart-nation", countries=("SGP",), format="html",
             title="Smart Nation and the single service portal", doc_type="report", year=2018,
             topics=("e-services",), source="World practice notes",
             pages=("Singapore's single portal for citizens and businesses.",)),
        _doc(files, "xss", countries=("NZL",),
             title=XSS_TITLE, doc_type="report", year=2010, topics=("e-services",),
             source="World practice notes",
             pages=("A review of the <b>portal</b> with <script>alert('body')</script> inside.",)),
    ]


@pytest.fixture(scope="session")
def web_data(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web") / "var"


# Every test on the shared repository runs once per backend: the pages and the
# API must behave the same whichever index answers them. On Solr the repository
# is a collection of the session's SolrCloud (tests/solrcloud.py; skipped with
# the reason when there is none).
@pytest.fixture(scope="session", params=["whoosh", "tantivy", "solr"])
def web_settings(request, web_data) -> Settings:
    if request.param == "solr":
        from tests import solrcloud

        return Settings(data_dir=web_data, backend="solr", solr_url=solrcloud.url(),
                        solr_collection=solrcloud.collection("kbweb"))
    return Settings(data_dir=web_data, backend=request.param)


@pytest.fixture(scope="session")
def web_documents(web_data) -> list[Document]:
    return build_documents(web_data.parent / "files")


@pytest.fixture(scope="session")
def web_index(web_settings, web_documents):
    from indexes import open_index

    index = open_index(web_settings.backend, web_settings.index_dir, **web_settings.index_options)
    if web_settings.backend == "solr":
        index.clear()
    index.upsert(web_documents)
    yield index
    index.close()


@pytest.fixture(scope="session")
def app(web_settings, web_index):
    from web import create_app

    return create_app(web_settings, index=web_index)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def doc_by_name(web_documents):
    """Look a fixture document up by the file name it was built from."""
    def find(name: str) -> Document:
        return next(d for d in web_documents if Path(d.uri).stem == name)
    return find


@contextmanager
def serving(app) -> Iterator[str]:
    """An app on a real HTTP server on 127.0.0.1, on a free port, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextmanager
def app_over(path: Path, docs: Iterable[Document]) -> Iterator:
    """The app over a Whoosh index in `path/index` holding only `docs`, for a
    test that needs a repository of its own."""
    from indexes.whoosh import WhooshIndex
    from web import create_app

    index = WhooshIndex(path / "index")
    try:
        index.upsert(docs)
        yield create_app(Settings(data_dir=path), index=index)
    finally:
        index.close()


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[str]:
    with serving(app) as url:
        yield url
