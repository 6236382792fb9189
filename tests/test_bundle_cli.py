"""`kb bundle` as a curator runs it: a real process on a real data directory
whose index points at real files; the zip it writes is read back with
zipfile, bs4 and csv."""
from __future__ import annotations

import csv
import io
import zipfile

import pytest
from bs4 import BeautifulSoup

from tests.conftest import run_kb
from tests.web.bundle_repo import build_documents


@pytest.fixture
def data_dir(tmp_path):
    from indexes.whoosh import WhooshIndex

    data = tmp_path / "var"
    index = WhooshIndex(data / "index")
    try:
        index.upsert(build_documents(tmp_path / "source", tmp_path / "elsewhere"))
    finally:
        index.close()
    return data


def test_kb_bundle_writes_a_country_s_bundle(data_dir, tmp_path):
    out = tmp_path / "fiji.zip"
    proc = run_kb("bundle", "--sids", "Pacific", "--type", "Case study", "--lang", "pt",
                  "-o", str(out), data_dir=data_dir, check=0)
    assert "1 documents, 1 original files" in proc.stdout
    zf = zipfile.ZipFile(out)
    assert zf.testzip() is None
    soup = BeautifulSoup(zf.read("index.html"), "html.parser")
    assert soup.html["lang"] == "pt-PT"
    titles = [li.h2.get_text(strip=True) for li in soup.select("ol#docs > li")]
    assert titles == ["Fiji one stop shop portal: a case study"]
    rows = list(csv.DictReader(io.StringIO(zf.read("metadata.csv").decode("utf-8"))))
    assert [r["title"] for r in rows] == titles
    assert rows[0]["url"].startswith("http://127.0.0.1:5000/documents/")
    assert zf.read(rows[0]["file"])[:5] == b"%PDF-"


def test_kb_bundle_of_a_search_and_its_limits(data_dir, tmp_path):
    out = tmp_path / "portal.zip"
    run_kb("bundle", "portal", "-o", str(out), data_dir=data_dir, check=0)
    soup = BeautifulSoup(zipfile.ZipFile(out).read("index.html"), "html.parser")
    assert len(soup.select("ol#docs > li")) == 3
    refused = run_kb("bundle", "-o", str(tmp_path / "all.zip"), data_dir=data_dir,
                     bundle_max_documents="2", check=1)
    assert "This collection has 7 documents; an offline bundle holds at most 2." in refused.stderr
    assert not (tmp_path / "all.zip").exists()
    wrong = run_kb("bundle", "-o", str(tmp_path / "all.tar"), data_dir=data_dir, check=2)
    assert "a bundle is written as FILE.zip" in wrong.stderr
    unknown = run_kb("bundle", "--country", "Atlantis", "-o", str(out), data_dir=data_dir, check=2)
    assert "Atlantis" in unknown.stderr
