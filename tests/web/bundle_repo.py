"""A small repository for the offline bundle tests: real files on disk (a PDF
made by fpdf2, a DOCX by python-docx, an HTML page, a text file), documents
that point at them as ingest records them (the source folder as the
provenance root), practice cards, a document fetched from the web (no local
file), one whose file has gone, one whose path now leads outside its folder
by a symbolic link, and a title that tries to be markup."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from kb.models import CardField, Document, Origin, Practice
from tests.conftest import make_document

XSS_TITLE = "Portal review <script>alert('title')</script> & more"
WHEN = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)


def _pdf(path: Path, pages: list[str]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    pdf.output(str(path))


def _docx(path: Path, paragraphs: list[str]) -> None:
    import docx

    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    d.save(str(path))


def build_files(folder: Path, outside: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    files = {
        "fiji": folder / "fiji-one-stop-shop.pdf",
        "samoa": folder / "Samoa ID roadmap (final).docx",
        "jamaica": folder / "jamaica-procurement.html",
        "xss": folder / "xss.txt",
        "escape": folder / "escape.pdf",
    }
    _pdf(files["fiji"], ["Introduction to digital government in Fiji.",
                         "The one stop shop portal lets citizens register a business online.",
                         "Lessons learned: the portal needs a shared identity service."])
    _docx(files["samoa"], ["Digital identity for every citizen of Samoa.", "Roadmap and costs."])
    files["jamaica"].write_text("<html><body><h1>Electronic procurement</h1><p>An act on "
                                "e-procurement in Jamaica.</p></body></html>" * 40, encoding="utf-8")
    files["xss"].write_text("A review of the <b>portal</b>.\n", encoding="utf-8")
    secret = outside / "secret.pdf"
    _pdf(secret, ["Not part of any source folder."])
    files["escape"].symlink_to(secret)       # swapped in after ingest: leads outside the folder
    return files


def _local(path: Path, root: Path, **fields) -> Document:
    extra = {"provenance": {"source": "test folder", "uri": str(path), "root": str(root)}}
    return make_document(uri=str(path), size=path.stat().st_size if path.exists() else 0,
                         fetched_at=WHEN, extra=extra, **fields)


def card(name: str, country: str, solution: str, page: int | None = None) -> Practice:
    extracted = Origin("extracted", "stated in the text")
    return Practice(name=CardField(name, page, extracted), country=CardField(country, None, extracted),
                    solution=CardField(solution, page, extracted),
                    results=CardField("Registrations online rose to 60%.", 2, extracted),
                    solution_type=CardField("one-stop-shop", None, extracted))


def build_documents(folder: Path, outside: Path) -> list[Document]:
    files = build_files(folder, outside)
    return [
        _local(files["fiji"], folder, title="Fiji one stop shop portal: a case study", format="pdf",
               doc_type="case-study", year=2021, countries=("FJI",), regions=("Melanesia",),
               sids=("Pacific",), topics=("e-services", "one-stop-shop"), organisation="Government of Fiji",
               description="How Fiji brought business registration into one portal.",
               pages=("Introduction to digital government in Fiji.",
                      "The one stop shop portal lets citizens register a business online.",
                      "Lessons learned: the portal needs a shared identity service."),
               practices=(card("bizFiji portal", "FJI", "A single online portal for business registration.", 2),)),
        _local(files["samoa"], folder, title="Samoa digital identity roadmap", format="docx",
               doc_type="strategy", year=2019, countries=("WSM",), regions=("Polynesia",),
               sids=("Pacific",), topics=("digital-identity",),
               pages=("Digital identity for every citizen of Samoa.", "Roadmap and costs.")),
        _local(files["jamaica"], folder, title="Jamaica electronic procurement act", format="html",
               doc_type="legislation", year=2018, countries=("JAM",), regions=("Caribbean",),
               sids=("Caribbean",), topics=("e-procurement",), language="en",
               pages=("An act on e-procurement in Jamaica.",)),
        _local(files["xss"], folder, title=XSS_TITLE, format="text", doc_type="report", year=2010,
               countries=("NZL",), regions=("Australia and New Zealand",), sids=(), topics=("e-services",),
               description="<img src=x onerror=alert('description')>",
               pages=("A review of the <b>portal</b>.",)),
        _local(files["escape"], folder, title="Tonga portal review", format="pdf", doc_type="report",
               year=2022, countries=("TON",), regions=("Polynesia",), sids=("Pacific",),
               topics=("e-services",), pages=("Tonga reviews its portal.",)),
        _local(folder / "gone.pdf", folder, title="Vanuatu strategy (file gone)", format="pdf",
               doc_type="strategy", year=2020, countries=("VUT",), regions=("Melanesia",),
               sids=("Pacific",), topics=("digital-strategy",), pages=("Vanuatu digital strategy.",)),
        make_document(uri="https://example.org/papers/uruguay.html", title="Agenda digital del Uruguay",
                      format="html", doc_type="strategy", year=2020, countries=("URY",),
                      regions=("South America",), sids=(), topics=("digital-strategy",), language="es",
                      fetched_at=WHEN,
                      pages=("La agenda digital orienta el gobierno electrónico del Uruguay.",)),
    ]
