"""A title that unrelated files all state is not used: each file takes the
title its first lines give it, whatever order the files came in, while the
formats of one document keep the title they share. Real PDFs (fpdf2) and
Word files (python-docx), real workers, a real Whoosh index and catalog."""
from __future__ import annotations

import json

from kb.models import Query, document_id
from ingest import duplicates
from ingest.catalog import Catalog
from ingest.extract import extract
from ingest.pipeline import run_job
from ingest.sources.folder import FolderSource
from ingest.sources.manifest import ManifestSource
from kb.protocols import Hints, Limits
from tests.conftest import run_kb
from tests.ingest import builders

TEMPLATE = "Annual Report"
# Each an unrelated annual report: its own first line, no type larger than
# the body's (so no title from the layout), the template's Info title.
REPORTS = {
    "tuvalu.pdf": ("Tuvalu Telecommunications Corporation Annual Report 2019",
                   "This annual report of the corporation describes the year in which the outer "
                   "islands were connected to the national network, tariffs were lowered and a mobile "
                   "money service was started for the people of Funafuti with the support of partners."),
    "samoa.pdf": ("Samoa Bureau of Statistics Annual Report 2020",
                  "The annual report sets out the census preparations, the household survey of income "
                  "and expenditure, and the new online release calendar for official statistics "
                  "published by the bureau during the financial year ending in June."),
    "fiji.pdf": ("Fiji Revenue and Customs Service Annual Report 2018",
                 "In this annual report the service accounts for the taxes it collected, the customs "
                 "declarations it cleared at the ports of Suva and Lautoka, and the online filing "
                 "system that most companies used for the first time this year."),
}
VANUATU = ("Vanuatu Office of the Government Chief Information Officer Annual Report 2021",
           "This annual report records the rollout of the government broadband network to the "
           "provincial centres, the new e-government portal, and the cyber security team that "
           "answered its first incidents during the tropical cyclone season.")
TONGA = ("National Broadband Policy of Tonga",
         "The national broadband policy of Tonga sets the targets for household connections, the "
         "rules for sharing the submarine cable, and the duties of the regulator towards the "
         "islands of Vava'u, Ha'apai and 'Eua over the next five years.")


def report_pdf(first_line: str, body: str, title: str = TEMPLATE) -> bytes:
    return builders.make_pdf([f"{first_line}\n\n{body}"], title=title)


def report_docx(first_line: str, body: str, title: str = TEMPLATE) -> bytes:
    return builders.make_docx([("", [first_line, body])], title=title)


def write_reports(root, names=tuple(REPORTS)) -> None:
    root.mkdir(exist_ok=True)
    for name in names:
        (root / name).write_bytes(report_pdf(*REPORTS[name]))


def run(root, index, settings, **kw):
    return run_source(FolderSource(root), index, settings, **kw)


def run_source(source, index, settings, **kw):
    with Catalog(settings.catalog_path) as catalog:
        return run_job(source, index, catalog, limits=settings.limits, workers=2,
                       batch_size=kw.pop("batch_size", 50), progress=False, **kw)


def titles(index, root) -> dict[str, str]:
    """File name -> title of the document the index shows for it."""
    out = {}
    for hit in index.search(Query(page_size=50)).hits:
        out[hit.uri.rsplit("/", 1)[-1]] = hit.title
    return out


def stored_titles(settings, root) -> dict[str, str]:
    with Catalog(settings.catalog_path) as catalog:
        return {e.uri.rsplit("/", 1)[-1]: catalog.document(e.doc_id).title for e in catalog.entries()}


def test_a_stated_title_alone_is_used_and_records_the_title_without_it():
    result = extract(report_pdf(*REPORTS["tuvalu.pdf"]), Hints(name="tuvalu.pdf"), Limits())
    assert result.title == TEMPLATE, "read alone, the Info title is plausible and borne out by the text"
    noted = result.metadata["stated_title"]
    assert noted["key"] == "annual report"
    assert noted["without"] == REPORTS["tuvalu.pdf"][0]


def test_unrelated_files_stating_one_title_each_get_their_own(tmp_path, whoosh_index, settings):
    root = tmp_path / "docs"
    write_reports(root)
    (root / "vanuatu.docx").write_bytes(report_docx(*VANUATU))
    (root / "tonga.pdf").write_bytes(report_pdf(*TONGA, title="Tonga National Broadband Policy"))
    report = run(root, whoosh_index, settings, batch_size=2)
    assert not report.failed and len(report.added) == 5
    expected = {name: first for name, (first, _) in REPORTS.items()}
    expected["vanuatu.docx"] = VANUATU[0]
    expected["tonga.pdf"] = "Tonga National Broadband Policy"    # its own stated title, unique: kept
    assert titles(whoosh_index, root) == expected
    assert stored_titles(settings, root) == expected
    hit = whoosh_index.search(Query(text="Lautoka customs declarations")).hits[0]
    assert hit.title == REPORTS["fiji.pdf"][0]
    doc = whoosh_index.get(document_id(str(root / "vanuatu.docx")))
    assert doc.origins["title"].reason == (
        "the first line of text; the DOCX core properties title 'Annual Report' was not used: "
        "other, unrelated files state it too (3)")
    tonga = whoosh_index.get(document_id(str(root / "tonga.pdf")))
    assert tonga.origins["title"].reason == "the PDF metadata title"


def test_the_order_of_ingest_does_not_matter(tmp_path, whoosh_index, settings):
    # all at once, into a data directory of its own
    together = tmp_path / "together"
    write_reports(together)
    from indexes.whoosh import WhooshIndex
    from kb.settings import Settings
    other = Settings(data_dir=tmp_path / "var-together", workers=2, extract_timeout=20)
    other_index = WhooshIndex(tmp_path / "index-together")
    try:
        run(together, other_index, other)
        at_once = titles(other_index, together)
    finally:
        other_index.close()
    assert at_once == {name: first for name, (first, _) in REPORTS.items()}

    # one first, the others in a later run, one commit each
    root = tmp_path / "docs"
    write_reports(root, ["tuvalu.pdf"])
    run(root, whoosh_index, settings)
    assert titles(whoosh_index, root) == {"tuvalu.pdf": TEMPLATE}, "alone, nothing says it is shared"
    write_reports(root)
    report = run(root, whoosh_index, settings, batch_size=1)
    assert sorted(report.added) == sorted(str(root / n) for n in ("samoa.pdf", "fiji.pdf"))
    assert titles(whoosh_index, root) == at_once, "the first one was re-titled when the others came"
    assert stored_titles(settings, root) == at_once

    # a changed file that states another title leaves the others
    (root / "samoa.pdf").write_bytes(report_pdf(*REPORTS["samoa.pdf"], title="Samoa Statistics Annual Report"))
    run(root, whoosh_index, settings)
    assert titles(whoosh_index, root)["samoa.pdf"] == "Samoa Statistics Annual Report"
    tuvalu = whoosh_index.get(document_id(str(root / "tuvalu.pdf")))
    assert tuvalu.title == REPORTS["tuvalu.pdf"][0]
    assert tuvalu.origins["title"].reason.endswith("other, unrelated files state it too (1)")

    # and once the others are gone, the one left keeps its stated title again
    (root / "fiji.pdf").unlink()
    run(root, whoosh_index, settings, prune=True)
    assert titles(whoosh_index, root) == {"tuvalu.pdf": TEMPLATE,
                                          "samoa.pdf": "Samoa Statistics Annual Report"}
    assert stored_titles(settings, root)["tuvalu.pdf"] == TEMPLATE


REVIEW = [
    ("", ["Tuvalu connectivity review",
          "This annual report looks at how the government of Tuvalu brought its outer islands online "
          "between 2015 and 2020, what the submarine cable and the satellite links cost, and "
          "which public services moved to the web once the links were in place.",
          "Funafuti hosts the only data centre. Each outer island has a community telecentre "
          "run by the island council, where residents renew licences, pay fees and speak to "
          "clinics on Funafuti by video."]),
]


def test_a_document_in_two_formats_keeps_the_title_both_state(tmp_path, whoosh_index, settings):
    root = tmp_path / "docs"
    root.mkdir()
    text = "\n\n".join(REVIEW[0][1])
    (root / "review.pdf").write_bytes(builders.make_pdf([text], title=TEMPLATE))
    (root / "review.docx").write_bytes(builders.make_docx(REVIEW, title=TEMPLATE))
    run(root, whoosh_index, settings)
    hits = whoosh_index.search(Query()).hits
    assert [(h.title, h.format, [a.format for a in h.alternates]) for h in hits] == [
        (TEMPLATE, "pdf", ["docx"])], "one document, in two formats: its title is its own"

    # an unrelated file stating it too: the pair counts as one document
    write_reports(root, ["samoa.pdf"])
    run(root, whoosh_index, settings)
    assert titles(whoosh_index, root) == {"review.pdf": "Tuvalu connectivity review",
                                          "samoa.pdf": REPORTS["samoa.pdf"][0]}
    pdf_id, docx_id = (document_id(str(root / n)) for n in ("review.pdf", "review.docx"))
    assert whoosh_index.get(pdf_id).origins["title"].reason.endswith("state it too (1)")
    samoa = whoosh_index.get(document_id(str(root / "samoa.pdf")))
    assert samoa.origins["title"].reason.endswith("state it too (2)"), "two files, one document"

    # split apart by a curator, the two formats are unrelated files too
    (root / "samoa.pdf").unlink()
    run(root, whoosh_index, settings, prune=True)
    assert titles(whoosh_index, root) == {"review.pdf": TEMPLATE}
    with Catalog(settings.catalog_path) as catalog:
        duplicates.split(catalog, whoosh_index, pdf_id, docx_id)
        assert catalog.document(docx_id).title == "Tuvalu connectivity review"
    assert titles(whoosh_index, root) == {"review.pdf": "Tuvalu connectivity review",
                                          "review.docx": "Tuvalu connectivity review"}


def test_kb_explain_says_why_and_kb_reindex_keeps_the_titles(tmp_path):
    root = tmp_path / "docs"
    write_reports(root)
    data = tmp_path / "var"
    run_kb("ingest", "folder", str(root), data_dir=data, vectors="off", check=0)
    out = run_kb("explain", str(root / "samoa.pdf"), data_dir=data, vectors="off", check=0).stdout
    assert out.startswith(REPORTS["samoa.pdf"][0] + "\n")
    assert ("the PDF metadata title 'Annual Report' was not used: other, unrelated files state it "
            "too (2)") in out
    run_kb("reindex", data_dir=data, vectors="off", check=0)
    found = json.loads(run_kb("search", "", "--sort", "title", "--json", data_dir=data,
                              vectors="off", check=0).stdout)
    assert sorted(h["title"] for h in found["hits"]) == sorted(first for first, _ in REPORTS.values())


def test_files_of_different_sources_count_together(tmp_path, whoosh_index, settings):
    first, second = tmp_path / "ministry", tmp_path / "bureau"
    write_reports(first, ["tuvalu.pdf"])
    write_reports(second, ["samoa.pdf"])
    for root in (first, second):
        with Catalog(settings.catalog_path) as catalog:
            run_job(FolderSource(root, name=root.name), whoosh_index, catalog, limits=settings.limits,
                    workers=2, progress=False)
    hits = whoosh_index.search(Query()).hits
    assert sorted((h.source, h.title) for h in hits) == [
        ("bureau", REPORTS["samoa.pdf"][0]), ("ministry", REPORTS["tuvalu.pdf"][0])]


def _year_in(first_line: str) -> int:
    return int(first_line.rsplit(" ", 1)[1])


def test_a_retitled_document_has_its_fields_inferred_from_its_own_title(tmp_path, whoosh_index, settings):
    """The year, countries and type read from the title the document is shown
    with, not from the template's: each report's year is the one its first
    line names, not its file's creation date, also for the report re-titled
    from the catalog when the others came, and back when they are gone."""
    root = tmp_path / "docs"
    write_reports(root, ["tuvalu.pdf"])
    run(root, whoosh_index, settings)
    tuvalu_id = document_id(str(root / "tuvalu.pdf"))
    alone = whoosh_index.get(tuvalu_id)
    assert alone.title == TEMPLATE and alone.origins["year"].reason.startswith("file metadata")
    write_reports(root)
    run(root, whoosh_index, settings, batch_size=1)
    for name, (first_line, _) in REPORTS.items():
        doc = whoosh_index.get(document_id(str(root / name)))
        assert doc.title == first_line
        assert doc.year == _year_in(first_line), name
        assert doc.origins["year"].reason == f"title contains '{doc.year}'"
        with Catalog(settings.catalog_path) as catalog:     # what is stored is what is indexed
            assert catalog.document(doc.id).year == doc.year
    hits = whoosh_index.search(Query(filters={"year": ("2019",)})).hits
    assert [h.uri for h in hits] == [str(root / "tuvalu.pdf")], "the facet follows the field"
    for name in ("samoa.pdf", "fiji.pdf"):
        (root / name).unlink()
    run(root, whoosh_index, settings, prune=True)
    back = whoosh_index.get(tuvalu_id)
    assert back.title == TEMPLATE and back.year == alone.year and back.origins["year"] == alone.origins["year"]


def test_a_curated_field_stays_when_the_title_changes(tmp_path, whoosh_index, settings):
    root = tmp_path / "docs"
    write_reports(root)
    manifest = root / "list.csv"
    manifest.write_text("path,year,countries\ntuvalu.pdf,2017,KIR\nsamoa.pdf,,\nfiji.pdf,,\n")
    report = run_source(ManifestSource(manifest), whoosh_index, settings)
    assert not report.failed and len(report.added) == 3
    doc = whoosh_index.get(document_id(str(root / "tuvalu.pdf")))
    assert doc.title == REPORTS["tuvalu.pdf"][0]
    assert doc.year == 2017 and doc.origins["year"].kind == "curated"
    assert doc.countries == ("KIR",) and doc.origins["countries"].kind == "curated"
    assert doc.sids == ("Pacific",), "the SIDS group follows the curated country"
    samoa = whoosh_index.get(document_id(str(root / "samoa.pdf")))
    assert samoa.year == 2020 and samoa.origins["year"].kind == "inferred"


CASES = {
    "tonga.pdf": ("Tonga Digital Identity Programme 2019",
                  "Citizens travelled by boat to Nuku'alofa to prove who they were, and paper birth "
                  "records were lost in cyclones.",
                  "The ministry issued a national digital identity card with a chip, enrolled people "
                  "in village halls and linked it to the civil register.",
                  "Within a year most adults held a card and opening a bank account took a day "
                  "instead of a month."),
    "samoa.pdf": ("Samoa Online Business Registry 2020",
                  "Companies filed forms on paper at one counter in Apia and waited weeks for a "
                  "certificate.",
                  "The registry moved filing, fees and annual returns to a website that sends "
                  "certificates by email.",
                  "New companies registered in an hour and the counter queue disappeared by the end "
                  "of the year."),
}


def test_a_retitled_case_study_names_its_practice_card_by_its_own_title(tmp_path, whoosh_index, settings):
    """The card of a case study is named after the document's title: after
    the template's title gives way, the card takes the document's own name,
    and a curated card field (a manifest's practice column) stays."""
    root = tmp_path / "docs"
    root.mkdir()
    for name, (first, challenge, solution, results) in CASES.items():
        text = (f"{first}\n\nThis annual report describes one initiative.\n\nChallenge\n{challenge}\n\n"
                f"Solution\n{solution}\n\nResults\n{results}\n")
        (root / name).write_bytes(builders.make_pdf([text], title=TEMPLATE))
    manifest = root / "list.csv"
    manifest.write_text("path,practice_partners\ntonga.pdf,Asian Development Bank\nsamoa.pdf,\n")
    report = run_source(ManifestSource(manifest), whoosh_index, settings)
    assert not report.failed and len(report.added) == 2
    for name, (first, *_) in CASES.items():
        doc = whoosh_index.get(document_id(str(root / name)))
        assert doc.title == first
        (card,) = doc.practices
        assert card.name.value == first and card.name.origin.reason == "the document's title"
        assert card.solution is not None and card.results is not None
    tonga = whoosh_index.get(document_id(str(root / "tonga.pdf")))
    partners = tonga.practices[0].partners
    assert partners.value == "Asian Development Bank" and partners.origin.kind == "curated"
