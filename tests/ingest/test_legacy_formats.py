""".doc, .rtf, .odt, .ppt and .odp read through LibreOffice: files LibreOffice
itself writes from a DOCX/PPTX made by python-docx/python-pptx in the test,
and the real legacy deck and ODP in ../shared/corpus/office. The conversion
tests skip when LibreOffice is not installed, unless KB_REQUIRE_LIBREOFFICE=1
(as in CI)."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from ingest.catalog import Catalog
from ingest.extract import extract, sniff
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource
from kb.errors import TimedOut, Unsupported
from kb.models import Query
from kb.protocols import Hints, Limits

from .builders import make_docx, make_pptx

SECTIONS = [("Scope", ["Fiji launched a one stop shop portal for business registration."]),
            ("Method", ["Interviews with officials of the Ministry of Commerce in Suva."])]
SLIDES = [("Digital identity in Tonga", "A national ID for every citizen", ""),
          ("Next steps", "Open data portal and e-procurement", "")]
FILTERS = {"doc": "doc:MS Word 97", "rtf": "rtf", "odt": "odt", "ppt": "ppt:MS PowerPoint 97", "odp": "odp"}


def convert_with_soffice(soffice: str, data: bytes, source: str, target: str, work: Path) -> bytes:
    """`data` (a .`source` file) saved as .`target` by LibreOffice, as a curator's
    office suite would have written it."""
    work.mkdir(parents=True, exist_ok=True)
    (work / f"made.{source}").write_bytes(data)
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", FILTERS[target], "--outdir", str(work / "out"), str(work / f"made.{source}")],
                   check=True, capture_output=True, timeout=180)
    return (work / "out" / f"made.{target}").read_bytes()


@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt"])
def test_word_processor_formats_are_paged_by_heading_like_docx(fmt, soffice, tmp_path):
    data = convert_with_soffice(soffice, make_docx(SECTIONS, title="Business registration"), "docx", fmt,
                                tmp_path)
    result = extract(data, Hints(name=f"report.{fmt}"), Limits())
    assert result.format == fmt
    assert [p.title for p in result.pages] == ["Scope", "Method"]
    assert "one stop shop portal" in result.pages[0].text
    assert "Ministry of Commerce" in result.pages[1].text
    assert result.metadata["converted"] == "to docx by LibreOffice"


@pytest.mark.parametrize("fmt", ["ppt", "odp"])
def test_presentation_formats_are_paged_by_slide_like_pptx(fmt, soffice, tmp_path):
    data = convert_with_soffice(soffice, make_pptx(SLIDES), "pptx", fmt, tmp_path)
    result = extract(data, Hints(name=f"deck.{fmt}"), Limits())
    assert result.format == fmt
    assert len(result.pages) == 2
    assert "Digital identity in Tonga" in result.pages[0].text and "national ID" in result.pages[0].text
    assert "e-procurement" in result.pages[1].text


def test_the_format_is_sniffed_from_the_bytes_not_the_name(soffice, tmp_path):
    odt = convert_with_soffice(soffice, make_docx(SECTIONS), "docx", "odt", tmp_path / "a")
    doc = convert_with_soffice(soffice, make_docx(SECTIONS), "docx", "doc", tmp_path / "b")
    ppt = convert_with_soffice(soffice, make_pptx(SLIDES), "pptx", "ppt", tmp_path / "c")
    assert sniff(odt, Hints(name="download.bin")) == "odt"
    assert sniff(doc, Hints(name="report.txt")) == "doc"
    assert sniff(ppt, Hints(name="slides")) == "ppt"
    assert extract(doc, Hints(name="report.txt"), Limits()).format == "doc"


def test_conversion_runs_under_the_documents_time_limit(soffice, tmp_path):
    data = convert_with_soffice(soffice, make_docx(SECTIONS), "docx", "doc", tmp_path)
    with pytest.raises(TimedOut):
        extract(data, Hints(name="report.doc"), Limits(timeout=1.6))


def test_legacy_files_ingest_and_are_found(soffice, tmp_path, whoosh_index, settings):
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "report.doc").write_bytes(
        convert_with_soffice(soffice, make_docx(SECTIONS), "docx", "doc", tmp_path / "a"))
    (folder / "deck.odp").write_bytes(
        convert_with_soffice(soffice, make_pptx(SLIDES), "pptx", "odp", tmp_path / "b"))
    with Catalog(settings.catalog_path) as catalog:
        report = run_job(FolderSource(folder), whoosh_index, catalog, limits=settings.limits,
                         workers=2, progress=False)
    assert not report.failed and len(report.added) == 2
    hits = whoosh_index.search(Query(text="one stop shop portal")).hits
    assert [(h.format, h.page) for h in hits] == [("doc", 1)]
    hits = whoosh_index.search(Query(text="e-procurement")).hits
    assert [(h.format, h.page, h.page_count) for h in hits] == [("odp", 2, 2)]


def test_without_libreoffice_legacy_files_are_reported_with_what_to_install(monkeypatch, tmp_path):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    monkeypatch.setenv("PATH", str(tmp_path))         # a machine without LibreOffice
    with pytest.raises(Unsupported) as info:
        extract(out.getvalue(), Hints(name="minutes.odt"), Limits())
    message = str(info.value)
    assert message.startswith("unsupported type: OpenDocument text (ODT)")
    assert "install LibreOffice" in message and "libreoffice-writer-nogui" in message
    assert "save it as DOCX" in message


def test_rtf_without_libreoffice_is_named_in_the_report(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Unsupported, match="RTF document: install LibreOffice"):
        extract(rb"{\rtf1\ansi Hello world}", Hints(name="note.rtf"), Limits())


def test_the_real_legacy_deck_and_odp_are_read(soffice, shared_corpus):
    deck = extract((shared_corpus / "office" / "formatcorpus_ecdl_paris.ppt").read_bytes(),
                   Hints(name="ecdl.ppt"), Limits())
    assert deck.format == "ppt" and len(deck.pages) == 16
    assert "JISC Digital Library initiatives" in deck.pages[0].text
    # the first slide's title, as in the labelled set (the file's metadata names another deck)
    assert deck.title.lower() == "jisc digital library initiatives"
    odp = extract((shared_corpus / "office" / "formatcorpus_LibreOfficeImpress_odp_1.3.odp").read_bytes(),
                  Hints(name="beehive.odp"), Limits())
    assert odp.format == "odp" and "An example Impress file" in odp.pages[0].text
