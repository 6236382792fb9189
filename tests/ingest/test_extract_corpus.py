"""The extractors against real-world documents in ../shared/corpus/.

Generated fixtures test each feature; these check that the same code copes
with what curators will actually point it at. Skipped when the shared corpus
is not beside the checkout.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.extract import extract
from kb.errors import Corrupt, Encrypted, ExtractionError, NoText, Unsupported
from kb.protocols import Hints, Limits

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

# Known exceptions in the readable folders, by file-name prefix: a deck with no
# text, and the scanned report when there is no Tesseract to read it.
EXPECTED_NO_TEXT = ("poi_tika-2605",) + (() if shutil.which("tesseract") else ("dc-2014_DOH_",))
# What the broken files must say, where the corpus README states it.
EXPECTED_REASON: dict[str, type[ExtractionError]] = {
    "handbuilt_T02-02_002_page-tree-kids-links-recursive.pdf": Corrupt,
    "handbuilt_T02-03_006_page-object-missing.pdf": Corrupt,
    "horrors_encryption_openpassword.pdf": Encrypted,
    "pdfplumber_password-example.pdf": Encrypted,
}
# Read through LibreOffice when it is installed (tests/ingest/test_legacy_formats.py), else unsupported.
if not shutil.which("soffice"):
    EXPECTED_REASON |= {"formatcorpus_ecdl_paris.ppt": Unsupported,
                        "formatcorpus_LibreOfficeImpress_odp_1.3.odp": Unsupported}


def _files(*folders: str) -> list:
    found = [
        pytest.param(path, id=f"{path.parent.name}/{path.name}")
        for folder in folders
        for path in sorted((CORPUS / folder).glob("*"))
        if path.is_file()
    ]
    return found or [pytest.param(None, marks=pytest.mark.skip(reason=f"no shared corpus at {CORPUS}"))]


@pytest.mark.parametrize("path", _files("pdf", "pptx", "html"))
def test_readable_documents_give_text(path: Path) -> None:
    data = path.read_bytes()
    if path.name.startswith(EXPECTED_NO_TEXT):
        with pytest.raises(NoText):
            extract(data, Hints(name=path.name), Limits())
        return
    result = extract(data, Hints(name=path.name), Limits())
    assert result.format == path.suffix.lstrip(".")
    assert sum(len(p.text) for p in result.pages) > 200
    assert [p.number for p in result.pages] == list(range(1, len(result.pages) + 1))


@pytest.mark.parametrize("path", _files("tricky", "office"))
def test_tricky_documents_give_text_or_a_reason(path: Path) -> None:
    data = path.read_bytes()
    expected = EXPECTED_REASON.get(path.name)
    try:
        result = extract(data, Hints(name=path.name), Limits())
    except ExtractionError as exc:
        assert str(exc).startswith(f"{exc.reason}: ") and len(str(exc)) > len(exc.reason) + 5
        if expected is not None:
            assert isinstance(exc, expected), str(exc)
        return
    assert expected is None, f"expected {expected.__name__}, got text"
    assert any(p.text.strip() for p in result.pages)
