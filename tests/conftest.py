"""Shared fixtures: a real Whoosh index on disk in tmp_path, a document factory,
and paths to the demo corpus and the shared real-world corpus."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kb.models import Document, Origin, Page, document_id
from kb.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DEMO_CORPUS = ROOT / "demo" / "corpus"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
SHARED_DATA = ROOT.parent / "shared" / "data"

# The `kb` and `kb serve` processes the tests start ingest without page
# vectors unless a test asks for them (run_kb(..., vectors="on")): loading the
# model and embedding in every CLI ingest doubled the CLI tests' time (96 s ->
# 189 s). The vector tests (tests/indexes/test_vectors.py,
# tests/ingest/test_embed.py) run with vectors on; KB_VECTORS=on in the
# environment runs every test with them.
os.environ.setdefault("KB_VECTORS", "off")


def make_document(**overrides) -> Document:
    """A plausible document; override any field. `pages` may be given as strings."""
    uri = overrides.pop("uri", f"/docs/{overrides.get('id', 'sample')}.pdf")
    pages = overrides.pop("pages", ("Digital government services in Fiji.",))
    pages = tuple(
        p if isinstance(p, Page) else Page(number=i, text=p)
        for i, p in enumerate(pages, start=1)
    )
    fields = dict(
        id=document_id(uri), uri=uri, title="A sample document", format="pdf",
        pages=pages, doc_type="report", year=2020, countries=("FJI",),
        regions=("Melanesia",), sids=("Pacific",), topics=("e-services",),
        language="en", source="test", origins={"title": Origin("extracted")},
    )
    fields.update(overrides)
    return Document(**fields)


def run_kb(*args: str, data_dir: Path, check: int | None = None, cwd: Path | None = None,
           **env: str) -> subprocess.CompletedProcess:
    """The `kb` command as a curator runs it: a real process on a real data dir.
    Extra keyword arguments become `KB_` variables (backend="tantivy")."""
    environ = dict(os.environ, KB_DATA_DIR=str(data_dir), KB_WORKERS="2",
                   **{f"KB_{k.upper()}": v for k, v in env.items()})
    proc = subprocess.run([sys.executable, "-m", "kb.cli", *args], capture_output=True, text=True,
                          env=environ, timeout=300, cwd=cwd)
    if check is not None:
        assert proc.returncode == check, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="session", autouse=True)
def _solr_cluster_stops():
    """The SolrCloud a Solr test started (tests/solrcloud.py) stops with the session."""
    yield
    from tests import solrcloud

    solrcloud.stop()


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "var", workers=2, extract_timeout=20)


@pytest.fixture
def whoosh_index(tmp_path):
    from indexes.whoosh import WhooshIndex

    index = WhooshIndex(tmp_path / "index")
    yield index
    index.close()


def require_tool(program: str, variable: str, what: str) -> str:
    """The path of an optional system program the test needs. Absent, the test
    skips with the reason, unless `variable`=1 (as `.ci/run` sets it), which
    makes the absence a failure: CI installs the program, so there it must run."""
    import shutil

    path = shutil.which(program)
    if path is None:
        reason = f"{what} is not installed ({program} is not on PATH)"
        if os.environ.get(variable) == "1":
            pytest.fail(f"{reason}, and {variable}=1 requires these tests")
        pytest.skip(reason)
    return path


@pytest.fixture
def tesseract() -> str:
    """Tesseract OCR with its English, French, Spanish and Portuguese data
    (Debian: tesseract-ocr, tesseract-ocr-eng/fra/spa/por); KB_REQUIRE_OCR=1 requires it."""
    path = require_tool("tesseract", "KB_REQUIRE_OCR", "Tesseract OCR")
    listed = subprocess.run([path, "--list-langs"], capture_output=True, text=True, timeout=60).stdout.split()
    missing = [lang for lang in ("eng", "fra", "spa", "por") if lang not in listed]
    if missing:
        reason = f"Tesseract lacks the language data {', '.join(missing)} (tesseract-ocr-{missing[0]})"
        if os.environ.get("KB_REQUIRE_OCR") == "1":
            pytest.fail(f"{reason}, and KB_REQUIRE_OCR=1 requires the OCR tests")
        pytest.skip(reason)
    return path


@pytest.fixture
def soffice() -> str:
    """LibreOffice headless (Debian: libreoffice-core-nogui, -writer-nogui,
    -impress-nogui); KB_REQUIRE_LIBREOFFICE=1 requires it."""
    return require_tool("soffice", "KB_REQUIRE_LIBREOFFICE", "LibreOffice")


@pytest.fixture
def shared_corpus() -> Path:
    if not SHARED_CORPUS.is_dir():
        pytest.skip(f"real-world corpus not present at {SHARED_CORPUS}")
    return SHARED_CORPUS
