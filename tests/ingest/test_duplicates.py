"""One entry per document: a report as PDF, DOCX and HTML, or the same file
under another name, is indexed once and carries its other files; documents
written on one template stay apart; a curator's split holds through re-ingest
and `kb reindex`. Real files in a folder, real workers, a real Whoosh index."""
from __future__ import annotations

import html
import itertools
import shutil

import pytest

from kb.models import Query, document_id
from ingest import duplicates
from ingest.catalog import Catalog
from ingest.extract import extract
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource
from kb.protocols import Hints, Limits
from tests.conftest import run_kb
from tests.ingest import builders

REPORT = [
    ("Tuvalu connectivity review", [
        "This review looks at how the government of Tuvalu brought its outer islands online "
        "between 2015 and 2020, what the submarine cable and the satellite links cost, and "
        "which public services moved to the web once the links were in place.",
        "Funafuti hosts the only data centre. Each outer island has a community telecentre "
        "run by the island council, where residents renew licences, pay fees and speak to "
        "clinics on Funafuti by video.",
    ]),
    ("Findings", [
        "Bandwidth tripled after the cable landed, yet prices for households fell only a "
        "little, because the single operator kept its tariffs. Schools gained the most: "
        "every secondary school now follows the national curriculum with online material.",
        "The review recommends an independent regulator, a shared registry of land titles, "
        "and training for the council clerks who run the telecentres every day of the week.",
    ]),
]


def as_pdf(sections) -> bytes:
    return builders.make_pdf(["\n\n".join([h, *ps]) for h, ps in sections],
                             title="Tuvalu connectivity review")


def as_docx(sections) -> bytes:
    return builders.make_docx(sections, title="Tuvalu connectivity review")


def as_html(sections) -> bytes:
    body = "".join(f"<h2>{html.escape(h)}</h2>" + "".join(f"<p>{html.escape(p)}</p>" for p in ps)
                   for h, ps in sections)
    return builders.make_html(body, title="Tuvalu connectivity review")


OTHER = builders.make_docx([("Samoa e-health", [
    "Samoa keeps patient records in one national system that every hospital and clinic reads, "
    "and nurses on Savai'i update them from tablets when they visit villages."])])


def templated(agency: str, detail: str) -> bytes:
    """One agency's report on a shared template: the same headings and
    boilerplate, its own facts (as the District of Columbia's 2014 open
    government reports are)."""
    boiler = ("This Open Government Report describes how the agency publishes information, "
              "engages the public and answers requests under the freedom of information act. ")
    return builders.make_pdf([
        f"{agency} Open Government Report 2014\n\n{boiler}",
        f"Transparency. {detail} The agency posted its budget, contracts and meeting minutes.",
        "Participation. " + detail.replace("The ", "Residents of the ward asked the ") +
        " Public comments were received at hearings held in each ward during the spring.",
        f"Collaboration. {agency} worked with community groups on {detail.lower()}",
    ], title=f"{agency} Open Government Report")


def run(root, index, settings, **kw):
    with Catalog(settings.catalog_path) as catalog:
        return run_job(FolderSource(root), index, catalog, limits=settings.limits, workers=2,
                       batch_size=kw.pop("batch_size", 50), progress=False, **kw)


@pytest.fixture
def formats(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "tuvalu-review.pdf").write_bytes(as_pdf(REPORT))
    (root / "tuvalu-review.docx").write_bytes(as_docx(REPORT))
    (root / "tuvalu-review.html").write_bytes(as_html(REPORT))
    (root / "samoa.docx").write_bytes(OTHER)
    return root


def test_a_report_in_three_formats_is_one_hit_with_each_format_downloadable(formats, whoosh_index, settings):
    report = run(formats, whoosh_index, settings, batch_size=2)
    assert not report.failed and len(report.added) == 4
    results = whoosh_index.search(Query(text="Tuvalu outer islands telecentre"))
    assert results.total == 1
    hit = results.hits[0]
    assert hit.format == "pdf", "the PDF is the copy shown"
    assert sorted(a.format for a in hit.alternates) == ["docx", "html"]
    assert all(a.similarity >= duplicates.THRESHOLD and not a.exact for a in hit.alternates)
    assert dict((c.value, c.count) for c in results.facets["format"]) == {"pdf": 1}
    everything = whoosh_index.search(Query())
    assert everything.total == 2
    assert dict((c.value, c.count) for c in everything.facets["format"]) == {"pdf": 1, "docx": 1}
    assert {u.rsplit("/", 1)[-1] for u in report.duplicates} == {"tuvalu-review.docx", "tuvalu-review.html"}
    doc = whoosh_index.get(hit.id)
    assert {a.path for a in doc.alternates} == {"tuvalu-review.docx", "tuvalu-review.html"}
    assert all(a.root == str(formats) for a in doc.alternates)


def test_the_preferred_format_arriving_later_takes_over(formats, whoosh_index, settings):
    pdf = (formats / "tuvalu-review.pdf").read_bytes()
    (formats / "tuvalu-review.pdf").unlink()
    run(formats, whoosh_index, settings)
    first = whoosh_index.search(Query(text="Tuvalu telecentre"))
    assert [h.format for h in first.hits] == ["docx"]
    (formats / "tuvalu-review.pdf").write_bytes(pdf)
    report = run(formats, whoosh_index, settings)
    assert len(report.added) == 1
    second = whoosh_index.search(Query(text="Tuvalu telecentre"))
    assert [h.format for h in second.hits] == ["pdf"]
    assert sorted(a.format for a in second.hits[0].alternates) == ["docx", "html"]


def test_an_exact_copy_under_another_name_is_indexed_once(tmp_path, whoosh_index, settings):
    root = tmp_path / "docs"
    (root / "sub").mkdir(parents=True)
    (root / "tuvalu-review.pdf").write_bytes(as_pdf(REPORT))
    shutil.copy(root / "tuvalu-review.pdf", root / "sub" / "copy of review.pdf")
    # a one-line note twice: too short to compare by text, the same bytes all the same
    (root / "note.txt").write_text("Meeting moved to Tuesday.\n", encoding="utf-8")
    (root / "note-again.txt").write_text("Meeting moved to Tuesday.\n", encoding="utf-8")
    report = run(root, whoosh_index, settings)
    assert len(report.added) == 4
    assert whoosh_index.search(Query()).total == 2
    hit = whoosh_index.search(Query(text="Tuvalu")).hits[0]
    assert [(a.path, a.exact, a.similarity) for a in hit.alternates] in (
        [("sub/copy of review.pdf", True, 1.0)], [("tuvalu-review.pdf", True, 1.0)])


def test_reports_on_one_template_stay_separate(tmp_path, whoosh_index, settings):
    root = tmp_path / "docs"
    root.mkdir()
    facts = {
        "DPW": "The department collected 120,000 tons of household waste and swept 4,000 miles of streets.",
        "OCTO": "The office opened 300 data sets on its portal and replaced the city's payroll software.",
        "DCPL": "The library lent two million books and opened a new branch in Anacostia with a makerspace.",
    }
    for agency, detail in facts.items():
        (root / f"{agency}.pdf").write_bytes(templated(agency, detail))
    run(root, whoosh_index, settings)
    assert whoosh_index.search(Query()).total == 3
    with Catalog(settings.catalog_path) as catalog:
        assert catalog.groups() == {}


def test_a_changed_file_that_no_longer_matches_leaves_its_group(formats, whoosh_index, settings):
    run(formats, whoosh_index, settings)
    (formats / "tuvalu-review.html").write_bytes(builders.make_html(
        "<p>Kiribati moved its civil registry online: births, deaths and marriages are now "
        "registered at island council offices and the records reach Tarawa the same day, where "
        "the registrar signs certificates that citizens print at home.</p>"))
    run(formats, whoosh_index, settings)
    assert whoosh_index.search(Query()).total == 3
    hit = whoosh_index.search(Query(text="Tuvalu telecentre")).hits[0]
    assert [a.format for a in hit.alternates] == ["docx"]


def test_pruning_the_shown_copy_shows_another_format(formats, whoosh_index, settings):
    run(formats, whoosh_index, settings)
    (formats / "tuvalu-review.pdf").unlink()
    report = run(formats, whoosh_index, settings, prune=True)
    assert [u.rsplit("/", 1)[-1] for u in report.removed] == ["tuvalu-review.pdf"]
    hits = whoosh_index.search(Query(text="Tuvalu telecentre")).hits
    assert [h.format for h in hits] == ["docx"]
    assert [a.format for a in hits[0].alternates] == ["html"]
    assert whoosh_index.search(Query()).total == 2


def test_split_keeps_two_files_apart_through_reingest_and_reindex(formats, tmp_path):
    data = tmp_path / "var"
    run_kb("ingest", "folder", str(formats), data_dir=data, vectors="off", check=0)
    listed = run_kb("duplicates", "list", data_dir=data, vectors="off", check=0).stdout
    assert "tuvalu-review.pdf" in listed and "tuvalu-review.html" in listed
    pdf_id = document_id(str(formats / "tuvalu-review.pdf"))
    html_id = document_id(str(formats / "tuvalu-review.html"))
    explained = run_kb("explain", str(formats / "tuvalu-review.html"), data_dir=data, vectors="off", check=2)
    assert f"kb explain {pdf_id}" in explained.stderr
    # a file path works as well as an id
    run_kb("duplicates", "split", str(formats / "tuvalu-review.pdf"), html_id, data_dir=data, vectors="off", check=0)

    def shown() -> list[str]:
        out = run_kb("search", "Tuvalu telecentre", "--json", data_dir=data, vectors="off", check=0).stdout
        import json
        return sorted((h["format"], len(h["alternates"])) for h in json.loads(out)["hits"])

    assert shown() == [("html", 0), ("pdf", 1)]
    # re-ingest: the unchanged files keep their places; a changed one is placed again, apart
    run_kb("ingest", "folder", str(formats), data_dir=data, vectors="off", check=0)
    assert shown() == [("html", 0), ("pdf", 1)]
    (formats / "tuvalu-review.html").write_bytes(as_html(REPORT[:1] + REPORT[1:]) + b"<!-- v2 -->")
    run_kb("ingest", "folder", str(formats), data_dir=data, vectors="off", check=0)
    assert shown() == [("html", 0), ("pdf", 1)]
    run_kb("reindex", data_dir=data, vectors="off", check=0)
    assert shown() == [("html", 0), ("pdf", 1)]
    assert pdf_id in run_kb("duplicates", "list", data_dir=data, vectors="off", check=0).stdout
    # two documents that are not in one group: said so, exit 2
    samoa = run_kb("duplicates", "split", pdf_id, str(formats / "samoa.docx"), data_dir=data, vectors="off", check=2)
    assert "not grouped" in samoa.stderr


def test_signatures_need_enough_text():
    assert duplicates.signature("Too short to compare.") is None
    text = " ".join(p for _, ps in REPORT for p in ps)
    sig = duplicates.signature(text)
    assert sig is not None and duplicates.similarity(sig, duplicates.signature(text.upper())) == 1.0


def _text(path) -> str:
    ex = extract(path.read_bytes(), Hints(name=path.name), Limits())
    return "\n".join(p.text for p in ex.pages)


def test_real_report_pdf_and_html_match_and_the_dc_reports_do_not(shared_corpus):
    """The HTML edition of the DC technology office's 2014 report is its PDF;
    the other agencies' reports, on the same template, are other documents."""
    octo_html = duplicates.signature(_text(shared_corpus / "html" / "dc_2014_OCTO_Open_Government_Report.html"))
    sigs = {}
    for path in sorted((shared_corpus / "pdf").glob("dc-2014_*.pdf")):
        try:
            sigs[path.name] = duplicates.signature(_text(path))
        except Exception:       # noqa: BLE001 - the scan without a text layer
            continue
    assert len(sigs) >= 30
    assert duplicates.similarity(octo_html, sigs["dc-2014_OCTO_Open_Government_Report.pdf"]) >= 0.9
    close = [(a, b) for a, b in itertools.combinations(sigs, 2)
             if sigs[a] and sigs[b] and duplicates.similarity(sigs[a], sigs[b]) >= duplicates.THRESHOLD]
    assert close == []


def test_the_tantivy_backend_shows_one_hit_with_its_formats_too(formats, tmp_path, settings):
    from indexes.tantivy import TantivyIndex

    index = TantivyIndex(tmp_path / "tantivy")
    try:
        run(formats, index, settings)
        results = index.search(Query(text="Tuvalu telecentre"))
        assert results.total == 1
        assert sorted(a.format for a in results.hits[0].alternates) == ["docx", "html"]
        assert dict((c.value, c.count) for c in index.search(Query()).facets["format"]) == {"pdf": 1, "docx": 1}
        assert sorted(a.format for a in index.get(results.hits[0].id).alternates) == ["docx", "html"]
    finally:
        index.close()


def test_a_manifest_column_keeps_two_files_apart(formats, whoosh_index, settings):
    from ingest.sources.manifest import ManifestSource

    (formats / "manifest.csv").write_text(
        "path,not_duplicate_of\n"
        "tuvalu-review.pdf,\n"
        "tuvalu-review.docx,tuvalu-review.pdf\n"
        "tuvalu-review.html,\n", encoding="utf-8")
    with Catalog(settings.catalog_path) as catalog:
        report = run_job(ManifestSource(formats / "manifest.csv"), whoosh_index, catalog,
                         limits=settings.limits, workers=2, progress=False)
    assert not report.failed and len(report.added) == 3
    hits = whoosh_index.search(Query(text="Tuvalu telecentre")).hits
    assert len(hits) == 2
    groups = [{h.format, *(a.format for a in h.alternates)} for h in hits]
    assert not any({"pdf", "docx"} <= g for g in groups), groups


def test_real_report_in_two_formats_among_template_siblings(shared_corpus, tmp_path, whoosh_index, settings):
    root = tmp_path / "dc"
    root.mkdir()
    names = ["dc-2014_OCTO_Open_Government_Report.pdf", "dc-2014_DPW_Open_Government_Report.pdf",
             "dc-2014_OWPI_Open_Government_Report.pdf", "dc-2014_DCPL_Open_Government_Report.pdf"]
    for name in names:
        shutil.copy(shared_corpus / "pdf" / name, root / name)
    shutil.copy(shared_corpus / "html" / "dc_2014_OCTO_Open_Government_Report.html", root / "octo.html")
    report = run(root, whoosh_index, settings)
    assert not report.failed
    assert [u.rsplit("/", 1)[-1] for u in report.duplicates] == ["octo.html"]
    everything = whoosh_index.search(Query(page_size=10))
    assert everything.total == 4
    octo = next(h for h in everything.hits if h.uri.endswith("OCTO_Open_Government_Report.pdf"))
    assert [(a.format, a.path) for a in octo.alternates] == [("html", "octo.html")]
    assert all(not h.alternates for h in everything.hits if h is not octo)
