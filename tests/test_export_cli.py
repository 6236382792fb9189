"""`kb export`: the documents of a search as CSV, RIS, BibTeX or CSL-JSON,
from a real ingest, read back with csv, rispy and bibtexparser."""
from __future__ import annotations

import csv
import io
import json

import bibtexparser
import pytest
import rispy

from tests.conftest import run_kb
from tests.ingest import builders


@pytest.fixture
def ingested(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    builders.write_case_studies(root)
    data = tmp_path / "var"
    run_kb("ingest", "folder", str(root), data_dir=data, check=0)
    return root, data


def test_export_every_format_without_server_paths(ingested, tmp_path):
    root, data = ingested
    out = run_kb("export", "one stop shop", "--format", "csv", data_dir=data, check=0)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows) == 2 and {r["uri"] for r in rows} == {"fiji.pdf", "jamaica.pdf"}
    assert "2 of 2 documents exported" in out.stderr
    ris = rispy.loads(run_kb("export", "one stop shop", "--format", "ris", data_dir=data, check=0).stdout)
    assert {r["id"] for r in ris} == {r["id"] for r in rows}
    bib = bibtexparser.parse_string(
        run_kb("export", "one stop shop", "--format", "bibtex", data_dir=data, check=0).stdout)
    assert not bib.failed_blocks and {e.key for e in bib.entries} == {f"kb{r['id']}" for r in rows}
    target = tmp_path / "refs.json"
    run_kb("export", "--country", "Fiji", "--format", "csljson", "-o", str(target), data_dir=data, check=0)
    items = json.loads(target.read_text(encoding="utf-8"))
    assert len(items) == 1 and {"id", "type", "title"} <= set(items[0])
    for text in (out.stdout, target.read_text(encoding="utf-8")):
        assert str(root) not in text and str(tmp_path) not in text


def test_export_cap_and_bad_input(ingested):
    _, data = ingested
    capped = run_kb("export", "--format", "csv", "--limit", "1", data_dir=data, check=0)
    assert len(list(csv.DictReader(io.StringIO(capped.stdout)))) == 1
    assert "1 of 2 documents exported (the export stops at 1" in capped.stderr
    over = run_kb("export", "--format", "csv", "--limit", "10001", data_dir=data, check=2)
    assert "at most 10000" in over.stderr and "Traceback" not in over.stderr
    unknown = run_kb("export", "--format", "ris", "--country", "XYZ", data_dir=data, check=2)
    assert "No country XYZ" in unknown.stderr and unknown.stdout == ""
    assert run_kb("export", "--format", "docx", data_dir=data, check=2).stdout == ""
