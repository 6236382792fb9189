"""The whole real-world corpus beside the checkout, `tricky/` included: what a
curator would see after `kb ingest folder ../shared/corpus`."""
from __future__ import annotations

import shutil

from kb.models import Query
from ingest.catalog import Catalog
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource


def test_the_real_corpus_is_indexed_and_its_broken_files_explained(shared_corpus, whoosh_index, settings):
    def run():
        with Catalog(settings.catalog_path) as catalog:
            # OCR of the scanned pages takes seconds a page on a busy machine:
            # a generous time limit, the test is about what is read
            return run_job(FolderSource(shared_corpus), whoosh_index, catalog,
                           limits=settings.with_(extract_timeout=180).limits,
                           workers=2, progress=False)

    report = run()
    failed = {uri.split("corpus/", 1)[1]: reason for uri, reason in report.failed}
    added = {uri.split("corpus/", 1)[1] for uri in report.added}
    # Readable real documents are in.
    assert "pdf/pdfplumber_2023-06-20-PV.pdf" in added
    assert "html/gitlawca_C-41.5-eng.html" in added
    assert "pptx/poi_aptia.pptx" in added
    assert sum(1 for a in added if a.startswith("pdf/dc-2014_")) >= 35
    # Each unreadable one has a clear reason.
    # The scan and the legacy deck: read when Tesseract and LibreOffice are
    # installed, else reported with what to install.
    if shutil.which("tesseract"):
        assert "pdf/dc-2014_DOH_Open_Government_Report.pdf" in added
    else:
        assert failed["pdf/dc-2014_DOH_Open_Government_Report.pdf"].startswith("no text")
        assert "install Tesseract OCR" in failed["pdf/dc-2014_DOH_Open_Government_Report.pdf"]
    if shutil.which("soffice"):
        assert {"office/formatcorpus_ecdl_paris.ppt", "office/formatcorpus_LibreOfficeImpress_odp_1.3.odp"} <= added
    else:
        assert failed["office/formatcorpus_ecdl_paris.ppt"].startswith("unsupported")
        assert "install LibreOffice" in failed["office/formatcorpus_ecdl_paris.ppt"]
    assert failed["tricky/horrors_encryption_openpassword.pdf"].startswith("encrypted")
    assert failed["tricky/pdfplumber_password-example.pdf"].startswith("encrypted")
    assert all(a.startswith(("pdf/", "pptx/", "html/", "office/", "tricky/", "README")) for a in added)
    for name in (p.relative_to(shared_corpus).as_posix() for p in (shared_corpus / "tricky").iterdir()):
        assert name in failed or name in added, f"{name} was neither indexed nor reported"
        if name in failed:
            assert failed[name].split(":")[0] in {
                "broken", "truncated", "encrypted", "no text", "unsupported type", "too large", "timed out"}
    assert whoosh_index.search(Query(text="open government")).total >= 30
    # One entry per document: the HTML edition of the DC technology office's
    # report is shown under its PDF; nothing else in the corpus is a copy.
    shown_as = {u.split("corpus/", 1)[1]: p.split("corpus/", 1)[1] for u, p in report.duplicates.items()}
    assert shown_as == {"html/dc_2014_OCTO_Open_Government_Report.html":
                        "pdf/dc-2014_OCTO_Open_Government_Report.pdf"}
    assert whoosh_index.count() == len(added) - 1

    again = run()
    assert not again.added and not again.updated and not again.failed
    assert len(again.unchanged) + len(again.still_failing) == len(report.added) + len(report.failed)
