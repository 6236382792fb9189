"""`kb practices` in real processes on a real data directory: cards made at
ingest, filtered like a search, kept by the catalog and brought back by `kb
reindex` on the other backend unchanged."""
from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import DEMO_CORPUS, run_kb

FILES = ("jamaica-property-tax-mobile-app-case-study-2019.pdf", "benin-guichet-unique-foncier-en-ligne-2020.pptx",
         "madagascar-declaration-fiscale-en-ligne-pme-2022.html",
         "panama-permisos-construccion-en-linea-municipios-2020.docx",
         "costa-rica-ley-firma-digital-2005.docx")


def kb(*args, data_dir, backend="whoosh", check=0):
    return run_kb(*args, data_dir=data_dir, check=check, backend=backend)


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("cards")
    docs = root / "docs"
    docs.mkdir()
    for name in FILES:
        shutil.copy(DEMO_CORPUS / name, docs / name)
    data = root / "var"
    kb("ingest", "folder", str(docs), data_dir=data)
    return data


def cards(data, *args, backend="whoosh") -> dict:
    return json.loads(kb("practices", *args, "--json", data_dir=data, backend=backend).stdout)


def test_cards_are_listed_and_filtered(ingested):
    everything = cards(ingested)
    assert everything["total"] == 4          # the law makes no card
    assert everything["facets"]["outcome"] == {"worked": 1, "partly": 2, "did-not": 1}
    failed = cards(ingested, "--outcome", "did-not")
    (card,) = failed["cards"]
    assert card["card"]["country"]["value"] == "JAM" and card["card"]["cost"]["page"] == 5
    assert "450,000" in card["card"]["cost"]["value"]
    french = cards(ingested, "--language", "French")
    assert {c["card"]["country"]["value"] for c in french["cards"]} == {"BEN", "MDG"}
    text = kb("practices", "guichet", "--full", data_dir=ingested).stdout
    assert "Bénin" in text or "Benin" in text
    assert "not stated in the document" in text


def test_a_bad_outcome_is_a_usage_error(ingested):
    proc = kb("practices", "--outcome", "great", data_dir=ingested, check=None)
    assert proc.returncode == 2 and "outcome must be one of worked, partly, did-not" in proc.stderr


def test_reindex_on_tantivy_keeps_every_card(ingested):
    before = cards(ingested)
    kb("reindex", "--backend", "tantivy", data_dir=ingested)
    after = cards(ingested, backend="tantivy")
    key = lambda out: sorted((c["document"], c["number"], json.dumps(c["card"], sort_keys=True))  # noqa: E731
                             for c in out["cards"])
    assert key(after) == key(before) and after["facets"] == before["facets"]


def test_kb_casebook_writes_a_pdf_and_a_pptx_in_the_language_asked(ingested, tmp_path):
    from pypdf import PdfReader
    from pptx import Presentation

    out = kb("casebook", str(tmp_path / "book.pdf"), "--outcome", "did-not", "--lang", "pt", data_dir=ingested)
    assert "1 practices" in out.stdout
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "book.pdf").pages)
    assert "Livro de casos de práticas" in text and "Não funcionou" in text and "450,000" in text
    kb("casebook", str(tmp_path / "book.pptx"), "--language", "fr", data_dir=ingested)
    assert len(Presentation(tmp_path / "book.pptx").slides) == 1 + 2 * 3
    bad = kb("casebook", str(tmp_path / "book.doc"), data_dir=ingested, check=None)
    assert bad.returncode == 2 and ".pdf or .pptx" in bad.stderr


def test_a_manifest_s_practice_columns_win_over_what_was_extracted(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    name = "madagascar-declaration-fiscale-en-ligne-pme-2022.html"
    shutil.copy(DEMO_CORPUS / name, docs / name)
    (docs / "manifest.csv").write_text(
        "path,practice_contact,practice_outcome\n"
        f"{name},Direction générale des Impôts (fictive),worked\n", encoding="utf-8")
    data = tmp_path / "var"
    kb("ingest", "manifest", str(docs / "manifest.csv"), data_dir=data)
    (card,) = cards(data)["cards"]
    assert card["card"]["contact"]["value"] == "Direction générale des Impôts (fictive)"
    assert card["card"]["contact"]["origin"]["kind"] == "curated"
    assert card["card"]["outcome"] == {"value": "worked", "page": None,
                                       "origin": {"kind": "curated", "reason": "from the manifest"}}
    assert card["card"]["challenge"]["origin"]["kind"] == "extracted"
    (docs / "manifest.csv").write_text(f"path,practice_outcome\n{name},brilliant\n", encoding="utf-8")
    proc = kb("ingest", "manifest", str(docs / "manifest.csv"), data_dir=data, check=None)
    assert proc.returncode == 1 and "practice_outcome 'brilliant'" in proc.stdout + proc.stderr
