"""Titles as a reader would give them: from the layout first, the stated
(metadata) title only when it is plausible and the text bears it out."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import docx
import pytest
from fpdf import FPDF
from pptx import Presentation
from pptx.util import Inches, Pt

from bench.enrich_eval import title_key
from ingest.extract import extract
from ingest.extract import titles
from ingest.extract.textutil import clean_title
from ingest.pipeline import Task, build_document
from kb.protocols import Hints, Limits

BODY = ("This report describes how the programme moved services online, what it cost, "
        "who used the new services and what the ministry learned along the way. ") * 4


def layout_pdf(lines: list[tuple[str, float, str]], title: str = "", body: str = BODY,
               width: float = 0, body_size: float = 10) -> bytes:
    """A one-page PDF: each (text, size, style) line set in that size (style
    "B" for bold, "C" for centred, "R" set to the right), then a paragraph of body text
    in `body_size`; `title` goes to the Info dictionary."""
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.add_page()
    for text, size, style in lines:
        pdf.set_font("Helvetica", "B" if "B" in style else "", size)
        pdf.multi_cell(width or 0, size * 0.5, text, align="C" if "C" in style else "R" if "R" in style else "L")
        pdf.ln(2)
    pdf.set_font("Helvetica", "", body_size)
    pdf.multi_cell(0, body_size / 2, body)
    return bytes(pdf.output())


def pdf_title(data: bytes):
    result = extract(data, Hints(name="report.pdf"), Limits())
    return result.title, result.title_reason


def test_the_largest_line_is_the_title_not_the_publisher_line_above_it():
    data = layout_pdf([("United Nations Department of Economic and Social Affairs", 9, ""),
                       ("Innovation and E-Governance for Sustainable Development", 24, "B")],
                      title="United Nations Department of Economic and Social Affairs")
    title, reason = pdf_title(data)
    assert title == "Innovation and E-Governance for Sustainable Development"
    assert "largest lines on page 1 (24 pt, bold" in reason
    assert "the name of an organisation" in reason       # why the metadata was passed over


def test_a_bodys_name_in_large_type_gives_way_to_the_title_past_the_front_matter():
    """A UN document: its body's name largest, then the symbol, distribution,
    session and agenda lines in text type, then the title in bold."""
    data = layout_pdf([("United Nations", 12, "B"), ("A/HRC/43/L.1", 10, ""), ("General Assembly", 24, "B"),
                       ("Distr.: Limited", 9, ""), ("16 March 2020", 9, ""), ("Original: English", 9, ""),
                       ("Human Rights Council", 12, "B"), ("Forty-third session", 10, ""),
                       ("Agenda item 3", 10, ""),
                       ("Promotion and protection of all human rights in the digital age", 14, "B")])
    title, reason = pdf_title(data)
    assert title == "Promotion and protection of all human rights in the digital age"
    assert "leaving out the letterhead" in reason


def test_a_national_plan_under_its_governments_name_takes_no_issuer():
    data = layout_pdf([("GOVERNMENT OF SAMOA", 12, "C"), ("E-GOVERNMENT", 26, "BC"), ("STRATEGIC PLAN", 26, "BC"),
                       ("2021 - 2026", 20, "BC")])
    title, _ = pdf_title(data)
    assert title == "E-Government Strategic Plan — 2021 - 2026"     # "e-government" names no body


def test_a_generic_title_takes_the_office_named_under_it():
    data = layout_pdf([("ANNUAL REPORT", 36, "B"), ("2022", 36, "B"),
                       ("Office of the Auditor General of Tonga", 16, "")])
    title, reason = pdf_title(data)
    assert title == "Office of the Auditor General of Tonga — Annual Report 2022"
    assert "the office under it" in reason


def test_a_title_broken_over_two_lines_is_joined():
    data = layout_pdf([("Connecting the Blue Continent: E-Government in the Pacific Islands", 22, "B")],
                      width=110)
    title, _ = pdf_title(data)
    assert title == "Connecting the Blue Continent: E-Government in the Pacific Islands"


def test_a_subtitle_under_the_title_is_kept_but_not_the_date_or_author():
    data = layout_pdf([("Rice Processing in Nigeria", 22, "B"), ("A Survey of Mills and Markets", 15, ""),
                       ("September 2003", 12, ""), ("By Frederic Lancon", 12, "")])
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Rice Processing in Nigeria: A Survey of Mills and Markets")
    assert "subtitle" in reason


def test_the_authors_under_a_title_are_not_its_subtitle():
    data = layout_pdf([("Mobile Money and Public Payments in Kenya", 20, "BC"),
                       ("Wanjiru Kamau, Peter Otieno and Amina Hassan", 13, "C")])
    title, reason = pdf_title(data)
    assert title == "Mobile Money and Public Payments in Kenya"
    assert "subtitle" not in reason


@pytest.mark.parametrize("stated, why", [
    ("Microsoft Word - OCTO-Open-Government-Report-final-draft.docx", "converted from"),
    ("Provisional", "template or draft"),
    ("Open Government Report Template due October 23 final draft", "template or draft"),
    ("report_v3_final.pdf", "file name"),
    ("Plan de déplacements urbains de la commune de Saint-Martin", "not in the document"),
])
def test_misleading_metadata_loses_to_the_page(stated, why):
    data = layout_pdf([("Programme Review of Online Services 2019", 20, "B")], title=stated)
    title, reason = pdf_title(data)
    assert title == "Programme Review of Online Services 2019"
    assert why in reason


def test_plausible_metadata_that_the_page_bears_out_is_kept():
    data = layout_pdf([("COMITÉ DE DÉMOLITION", 14, "BC"), ("PROCÈS-VERBAL", 14, "BC"),
                       ("Séance publique tenue le 20 juin à la salle du conseil", 14, "BC")],
                      title="Comité de démolition - Procès-verbal de la séance publique du 20 juin 2023",
                      body=BODY + " Résolution 2023-001.")
    title, reason = pdf_title(data)
    assert title == "Comité de démolition - Procès-verbal de la séance publique du 20 juin 2023"
    assert reason.startswith("the PDF metadata title, borne out by the largest lines")


def test_a_report_title_that_only_names_its_kind_keeps_the_office_above_it():
    """The letterhead's government line goes; the office that issued a
    report whose title alone says "Open Government Report" stays."""
    data = layout_pdf([("GOVERNMENT OF THE DISTRICT OF COLUMBIA", 12, "BC"),
                       ("OFFICE OF THE CHIEF MEDICAL EXAMINER", 11, "BC"),
                       ("Open Government Report 2014", 12, "BC")], body=BODY.replace("report", "Report"))
    title, reason = pdf_title(data)
    assert title == "Office of the Chief Medical Examiner — Open Government Report 2014"
    assert "after the name of the office above it" in reason


def test_a_stamp_above_the_title_is_not_the_title():
    data = layout_pdf([("PROVISIONAL", 26, "B"), ("WSIS Forum Open Consultation Process", 20, "B"),
                       ("Summary of the first physical meeting", 16, "")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("WSIS Forum Open Consultation Process: Summary of the first physical meeting")


def test_a_big_logo_name_above_a_smaller_title():
    data = layout_pdf([("The Law Library of Congress", 26, "B"), ("Iraq: Legal History and Traditions", 18, "B"),
                       ("June 2004", 12, "")], title="The Law Library serves the needs of the U")
    title, reason = pdf_title(data)
    assert title == "Iraq: Legal History and Traditions"
    assert "cut short" in reason


def test_a_section_heading_further_down_is_not_the_title():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 8, "Digital Transformation Roadmap 2030", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 6, BODY)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, "Transparency", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 12)
    pdf.multi_cell(0, 6, BODY)
    title, _ = pdf_title(bytes(pdf.output()))
    assert title == "Digital Transformation Roadmap 2030"


def test_a_law_is_titled_by_the_short_title_it_gives_itself():
    data = layout_pdf([("One Hundred Eighth Congress", 24, "C"), ("of the", 24, "C"),
                       ("United States of America", 24, "C"), ("An Act", 18, "C")],
                      body="SECTION 1. SHORT TITLE. This Act may be cited as the 'Healthy Forests "
                           "Restoration Act of 2003'. " + BODY)
    title, reason = pdf_title(data)
    assert title == "Healthy Forests Restoration Act of 2003"
    assert "may be cited as" in reason


def test_a_page_without_larger_type_takes_its_first_line_not_the_file_name():
    data = layout_pdf([], body="Quarterly bulletin of the statistics unit\n\n" + BODY,
                      title="Microsoft Word - Document1")
    title, reason = pdf_title(data)
    assert title == "Quarterly bulletin of the statistics unit"
    assert reason.startswith("the first line of text")


def test_a_pdf_pdfium_cannot_open_still_gets_its_stated_title():
    """pypdf reads a PDF without a header line that PDFium refuses; the
    title then comes from what pypdf has."""
    from tests.ingest.builders import make_pdf

    data = make_pdf(["Short note."], title="National ICT Strategy")
    damaged = data.replace(b"%PDF-1.3", b"%XXX-1.3", 1).replace(b"%PDF-1.4", b"%XXX-1.4", 1)
    result = extract(damaged, Hints(name="x.pdf"), Limits())
    assert result.title == "National ICT Strategy"


# --- other formats -----------------------------------------------------------

def test_html_title_without_the_sites_name():
    page = ("<html><head><title>Open Data Guide for Ministries | Government Digital Service</title>"
            "</head><body><main><p>" + BODY + "</p></main></body></html>").encode()
    result = extract(page, Hints(name="guide.html"), Limits())
    assert result.title == "Open Data Guide for Ministries"
    assert "without the site's name" in result.title_reason


def test_html_og_title_and_site_name():
    page = ('<html><head><title>GDS - Open data guide</title>'
            '<meta property="og:title" content="Open Data Guide - GDS">'
            '<meta property="og:site_name" content="GDS"></head>'
            "<body><main><p>The open data guide. " + BODY + "</p></main></body></html>").encode()
    result = extract(page, Hints(name="guide.html"), Limits())
    assert result.title == "Open Data Guide"
    assert result.title_reason.startswith("the page's og:title without the site's name")


def test_html_heading_when_the_title_tag_is_a_converters_name():
    page = ("<html><head><title>Microsoft Word - plan.docx</title></head><body><main>"
            "<h1>National Broadband Plan</h1><p>" + BODY + "</p></main></body></html>").encode()
    result = extract(page, Hints(name="plan.html"), Limits())
    assert result.title == "National Broadband Plan"
    assert "converted from" in result.title_reason


def _docx(paragraphs: list[tuple[str, str]], core_title: str = "") -> bytes:
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    document.core_properties.title = core_title
    out = __import__("io").BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_title_and_subtitle_styles_over_a_template_core_title():
    data = _docx([("Title", "Digital Inclusion Action Plan"), ("Subtitle", "Union Digital Centres 2014-2017"),
                  ("Heading 1", "Introduction"), ("Normal", BODY)], core_title="Report Template")
    result = extract(data, Hints(name="plan.docx"), Limits())
    assert title_key(result.title) == title_key("Digital Inclusion Action Plan: Union Digital Centres 2014-2017")
    assert "Title style and the Subtitle" in result.title_reason


def test_docx_first_heading_but_never_a_section_name():
    heading_first = _docx([("Heading 1", "Cyber Incident Response Guidance"), ("Normal", BODY)])
    assert extract(heading_first, Hints(name="a.docx"), Limits()).title == "Cyber Incident Response Guidance"
    intro_first = _docx([("Heading 1", "Introduction"), ("Normal", "This annual review of online services. " + BODY)],
                        core_title="Annual Review of Online Services")
    result = extract(intro_first, Hints(name="b.docx"), Limits())
    assert result.title == "Annual Review of Online Services"


def test_docx_letterhead_lines_then_the_title():
    data = _docx([("Normal", "GOVERNMENT OF SAINT LUCIA"), ("Normal", "Ministry of Public Service"),
                  ("Normal", "Annual Report 2019"), ("Normal", BODY)])
    result = extract(data, Hints(name="c.docx"), Limits())
    assert result.title == "Ministry of Public Service — Annual Report 2019"


def _formatted_docx(paragraphs: list[tuple[str, float, bool, bool]], core_title: str = "") -> bytes:
    """A DOCX of Normal paragraphs with direct formatting: (text, size,
    bold, centred); a "\n" in a text is a line break inside its paragraph."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt as DocPt

    document = docx.Document()
    for text, size, bold, centred in paragraphs:
        paragraph = document.add_paragraph()
        for i, part in enumerate(text.split("\n")):
            run = paragraph.add_run(part)
            run.font.size, run.bold = DocPt(size), bold
            if i < text.count("\n"):
                run.add_break()
        if centred:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.core_properties.title = core_title
    out = __import__("io").BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_without_a_title_style_is_titled_by_its_largest_type():
    data = _formatted_docx([("MINISTRY OF HOUSING AND LANDS", 12, True, True), ("DRAFT", 18, True, True),
                            ("Land Policies for Social Inclusion", 18, True, True), ("December 2014", 14, True, True),
                            ("Chapter One", 14, True, False), (BODY, 11, False, False)],
                           core_title="Internship report")
    result = extract(data, Hints(name="policy.docx"), Limits())
    assert result.title == "Land Policies for Social Inclusion"
    assert "largest lines at the start of the document (18 pt, bold; the text is 11 pt)" in result.title_reason


def test_docx_a_line_break_ends_the_title_before_its_number_and_the_letterhead_initials_go():
    data = _formatted_docx([("INSTITUTE OF TECHNOLOGICAL RESEARCH\nITR - SP", 11, True, True),
                            ("EXAMINATION CENTRES FOR THE FIRST AND SECOND ROUNDS\nNOTICE Nº 003/08", 11, True, True),
                            (BODY, 11, False, False)])
    result = extract(data, Hints(name="notice.docx"), Limits())
    assert title_key(result.title) == title_key("Examination Centres for the First and Second Rounds")


def test_docx_a_title_that_ends_its_sentence_stops_before_the_next_line():
    data = _formatted_docx([("Building a Search Engine for Public Records.", 18, True, True),
                            ("CIVIC SOLUTIONS LTD", 18, True, True), ("(Internship report)", 18, True, True),
                            (BODY, 11, False, False)])
    result = extract(data, Hints(name="r.docx"), Limits())
    assert result.title == "Building a Search Engine for Public Records."


def test_a_note_in_brackets_after_a_stated_title_that_the_text_never_says_is_left_out():
    data = _docx([("Normal", "Parental Involvement Guidance"), ("Normal", BODY)],
                 core_title="Parental Involvement Guidance (MS WORD)")
    assert extract(data, Hints(name="g.docx"), Limits()).title == "Parental Involvement Guidance"


def test_pptx_first_slide_without_a_title_placeholder_uses_its_largest_text():
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])      # blank: no placeholders
    small = slide.shapes.add_textbox(Inches(1), Inches(0.5), Inches(6), Inches(0.5)).text_frame
    small.text = "Senior Deputy President"
    small.paragraphs[0].runs[0].font.size = Pt(14)
    big = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(2)).text_frame
    big.text = "Role of the Fair Work Commission\x0bin the 4 yearly review of modern awards"
    big.paragraphs[0].runs[0].font.size = Pt(32)
    deck.core_properties.title = "Slide 1"
    out = __import__("io").BytesIO()
    deck.save(out)
    result = extract(out.getvalue(), Hints(name="deck.pptx"), Limits())
    assert result.title == "Role of the Fair Work Commission in the 4 yearly review of modern awards"
    assert "largest type on the first slide" in result.title_reason


def title_slide(title: str, subtitle: str) -> bytes:
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[0])      # title slide: title and subtitle
    slide.shapes.title.text = title
    slide.placeholders[1].text = subtitle
    out = __import__("io").BytesIO()
    deck.save(out)
    return out.getvalue()


def test_pptx_title_slide_keeps_a_subtitle_but_not_the_presenter():
    result = extract(title_slide("Publishing Open Data", "Part 2: Publishing What Agencies Hold\nFiji, 2020"),
                     Hints(name="deck.pptx"), Limits())
    assert title_key(result.title) == title_key("Publishing Open Data: Part 2: Publishing What Agencies Hold")
    assert "with its subtitle" in result.title_reason
    for presenter in ("Losana Tuivaga", "Losana Tuivaga, Ministry of Communications",
                      "Director, ICT Office — March 2020", "Peter Alterman, Ph.D."):
        result = extract(title_slide("Publishing Open Data", presenter), Hints(name="deck.pptx"), Limits())
        assert result.title == "Publishing Open Data", presenter


def test_pptx_soft_line_breaks_in_a_title_are_spaces():
    result = extract(title_slide("Positioning Colleges in the\x0bCurrent Environment", ""),
                     Hints(name="deck.pptx"), Limits())
    assert result.title == "Positioning Colleges in the Current Environment"
    assert "the Current Environment" in result.pages[0].text.replace("\n", " ")


def test_pptx_all_paragraphs_in_the_largest_type_make_the_title():
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    frame = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(4)).text_frame
    frame.text = "Realizing the Dividend:"
    for text, size in (("Community Networks in Rural Areas", 32), ("Ana Sousa", 24)):
        frame.add_paragraph().text = text
    for paragraph, size in zip(frame.paragraphs, (32, 32, 24)):
        paragraph.runs[0].font.size = Pt(size)
    out = __import__("io").BytesIO()
    deck.save(out)
    result = extract(out.getvalue(), Hints(name="deck.pptx"), Limits())
    assert result.title == "Realizing the Dividend: Community Networks in Rural Areas"


def test_docx_title_style_without_its_list_mark():
    data = _docx([("Title", "(V) ILLUSTRATIVE CASES"), ("Normal", BODY)])
    assert title_key(extract(data, Hints(name="v.docx"), Limits()).title) == "illustrative cases"


def test_pptx_a_long_first_placeholder_is_no_title_and_the_higher_of_two_frames_is():
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    for top, text in ((3, "\n".join(f"Unit {n}: Records and archives division of the ministry" for n in range(8))),
                      (0.5, "Records Service Scorecard")):
        frame = slide.shapes.add_textbox(Inches(1), Inches(top), Inches(8), Inches(1)).text_frame
        frame.text = text
        for paragraph in frame.paragraphs:
            paragraph.runs[0].font.size = Pt(24)
    out = __import__("io").BytesIO()
    deck.save(out)
    assert extract(out.getvalue(), Hints(name="s.pptx"), Limits()).title == "Records Service Scorecard"


# --- the rules themselves ------------------------------------------------------

@pytest.mark.parametrize("stated", ["Microsoft Word - report.docx", "Provisional", "Draft",
                                    "dc_2014_OCME_Open_Government_Report", "report-final-v2",
                                    "Ministry of Finance", "United Nations Department of Economic and Social Affairs",
                                    "[Insert title here]", "Slide 1", "Introduction",
                                    "The Law Library serves the needs of the U", "Distr.: General"])
def test_implausible_stated_titles(stated):
    assert titles.implausible(stated)


@pytest.mark.parametrize("stated", ["Rome Statute of the International Criminal Court",
                                    "Innovation and E-Governance for Sustainable Development",
                                    "Ministry of Finance Annual Report 2019", "Cooperative Energy Act",
                                    "Plan national de développement du numérique 2020-2025"])
def test_plausible_stated_titles(stated):
    assert titles.implausible(stated) == ""


def test_site_names_come_off_titles_but_dashes_inside_titles_stay():
    assert titles.strip_site("Timor-Leste: open data - progress report | Observatory") == \
        "Timor-Leste: open data - progress report"
    assert titles.strip_site("ARCHIVED - Cooperative Energy Act", heading="Cooperative Energy Act") == \
        "Cooperative Energy Act"
    assert titles.strip_site("E-Government Survey 2024 - UN DESA", site="UN DESA") == "E-Government Survey 2024"
    # no og:site_name: a part naming only a body is the site's, whichever side it is on
    assert titles.strip_site("Ministry of Justice - Cybercrime Act 2020") == "Cybercrime Act 2020"
    assert titles.strip_site("Cybercrime Act 2020 | Ministry of Justice | Government of Tonga") == \
        "Cybercrime Act 2020"
    assert titles.strip_site("Ministry of Finance Annual Report 2019 - Budget") == \
        "Ministry of Finance Annual Report 2019 - Budget"
    assert titles.strip_site("E-Government Strategy 2022 - 2026") == "E-Government Strategy 2022 - 2026"


def test_a_generic_title_takes_its_issuer_but_a_national_or_country_one_does_not():
    letterhead = ["MINISTRY OF COMMUNICATIONS"]
    assert titles.with_issuer("Annual Report 2019", letterhead)[0] == "Ministry of Communications — Annual Report 2019"
    assert titles.with_issuer("Open Government Report 2014", ["Office on Aging"])[0] == \
        "Office on Aging — Open Government Report 2014"
    for own in ("National Broadband Plan 2021–2025", "Tonga ICT Policy", "Plan national de la santé 2022",
                "Política Nacional de Datos Abiertos"):
        assert titles.with_issuer(own, letterhead) == (own, ""), own


def test_title_comparison_ignores_case_spacing_and_punctuation_only():
    assert title_key("Rice Processing in Nigeria: A Survey") == title_key("rice  processing in nigeria - a survey")
    assert title_key("Open Government Report 2014") != title_key("Office on Aging — Open Government Report 2014")
    assert title_key("Procès-verbal") != title_key("Proces-verbal")


# --- through the pipeline and kb explain ---------------------------------------

def test_the_reason_for_a_title_is_recorded_for_kb_explain():
    data = layout_pdf([("Programme Review of Online Services 2019", 20, "B")], title="Provisional")
    task = Task(uri="/tmp/review.pdf", data=data, hints=Hints(name="review.pdf"), curated={}, source="t",
                content_hash=hashlib.sha256(data).hexdigest(), limits=Limits(),
                fetched_at=datetime.now(timezone.utc))
    doc = build_document(task)
    assert doc.title == "Programme Review of Online Services 2019"
    assert doc.origins["title"].kind == "extracted"
    assert "largest lines on page 1" in doc.origins["title"].reason
    assert "'Provisional' was not used" in doc.origins["title"].reason


# --- real documents (skipped without ../shared/corpus) -------------------------

REAL = {
    "pdf/dc-2014_OCTO_Open_Government_Report.pdf":
        "Office of the Chief Technology Officer — Open Government Report 2014",
    "pdf/dc-2014_CFSA_Open_Government_Report.pdf":
        "DC Child and Family Services Agency — Open Government Report 2014",
    "pdf/govdocs1_219789.pdf": "Rice Processing in Nigeria: A Survey",
    "pdf/govdocs1_477139.pdf": "Healthy Forests Restoration Act of 2003",
    "pdf/pdfplumber_2023-06-20-PV.pdf":
        "Comité de démolition - Procès-verbal de la séance publique du 20 juin 2023",
    "html/dc_2014_OCTO_Open_Government_Report.html":
        "Office of the Chief Technology Officer — Open Government Report 2014",
    "html/gitlawca_C-41.5-eng.html": "Cooperative Energy Act",
    "pptx/poi_aptia.pptx": "Role of the Fair Work Commission in the 4 yearly review of modern awards",
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_titles_of_real_documents(name, shared_corpus):
    path = shared_corpus / name
    if not path.exists():
        pytest.skip(f"{name} is not in the shared corpus")
    result = extract(path.read_bytes(), Hints(name=path.name), Limits())
    assert title_key(result.title) == title_key(REAL[name]), result.title_reason


def test_a_cover_without_text_sends_the_reader_to_the_second_page():
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.image(Image.new("RGB", (300, 400), "navy"), x=10, y=10, w=180)    # the cover: a picture
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    pdf.multi_cell(0, 11, "Innovation and E-Governance for Sustainable Development",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, BODY)
    pdf.set_title("United Nations Department of Economic and Social Affairs")
    title, reason = pdf_title(bytes(pdf.output()))
    assert title == "Innovation and E-Governance for Sustainable Development"
    assert "page 2" in reason


def test_a_pdf_encrypted_without_a_user_password_keeps_its_layout_title():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(0, 10, "Open Data Action Plan", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, BODY)
    from fpdf.enums import EncryptionMethod
    pdf.set_encryption(owner_password="owner", user_password="", encryption_method=EncryptionMethod.RC4)
    title, _ = pdf_title(bytes(pdf.output()))
    assert title == "Open Data Action Plan"


def placed_pdf(boxes: list[tuple[float, float, float, str, float, str]], title: str = "") -> bytes:
    """A one-page PDF of text boxes set where a layout puts them: each
    (x, y, width, text, size, style) in millimetres from the top left."""
    pdf = FPDF()
    if title:
        pdf.set_title(title)
    pdf.add_page()
    for x, y, w, text, size, style in boxes:
        pdf.set_xy(x, y)
        pdf.set_font("Helvetica", "B" if "B" in style else "", size)
        pdf.multi_cell(w, size * 0.45, text, align="C" if "C" in style else "L")
    return bytes(pdf.output())


SIDE_TEXT = ("In 2019 the ministry opened a single window for business licences, so that a firm files "
             "once and every agency reads the same record. This note tells what changed.")


def test_a_title_in_the_left_column_is_joined_across_the_text_beside_it():
    """A brief's layout: the title over three lines in the left column,
    a summary in small type in the right column at the same height."""
    data = placed_pdf([(10, 20, 90, "Digital Licensing: Launching and Running the One-Stop Business Window",
                        20, ""),
                       (120, 18, 80, SIDE_TEXT, 8, ""),
                       (10, 75, 90, BODY, 10, "")])
    title, _ = pdf_title(data)
    assert title == "Digital Licensing: Launching and Running the One-Stop Business Window"


def test_an_edition_a_byline_and_a_date_under_the_title_are_not_part_of_it():
    data = layout_pdf([("Open Data Portal User Guide", 22, "BC"), ("Version 2.3", 22, "BC"),
                       ("Sione Tuilagi", 14, "BC"), ("Monday, 5 March 2018", 14, "BC")])
    title, reason = pdf_title(data)
    assert title == "Open Data Portal User Guide"
    assert "subtitle" not in reason


def test_an_author_with_an_affiliation_under_the_title_is_not_its_subtitle():
    data = layout_pdf([("Shared Services for Small Island Administrations", 22, "C"),
                       ("Ana Lucia Pereira", 14, "C"), ("University of the South Pacific, Suva, Fiji", 11, "C")])
    title, reason = pdf_title(data)
    assert title == "Shared Services for Small Island Administrations"
    assert "subtitle" not in reason


def test_a_reference_number_or_a_numbered_section_under_the_title_is_no_subtitle():
    for under in ("PAC-ICT-2019-04", "1.1 Scope of the Review"):
        data = layout_pdf([("Regional Connectivity Programme", 22, "B"), (under, 15, "B")])
        title, _ = pdf_title(data)
        assert title == "Regional Connectivity Programme", under


def test_a_section_heading_run_into_its_paragraph_is_no_subtitle():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 24)
    pdf.multi_cell(0, 11, "Customs Reform in the Caribbean", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 6, "Why Paper Declarations Cost Traders Days", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, BODY, new_x="LMARGIN", new_y="NEXT")
    title, reason = pdf_title(bytes(pdf.output()))
    assert title == "Customs Reform in the Caribbean"
    assert "subtitle" not in reason


def test_a_version_or_a_footnote_mark_after_the_title_is_left_out():
    for shown in ("Procurement Rules Quick Reference v1.2", "Procurement Rules Quick Reference 1)"):
        title, _ = pdf_title(layout_pdf([(shown, 20, "B")]))
        assert title == "Procurement Rules Quick Reference", shown


def test_a_line_right_above_in_nearly_the_same_type_starts_the_title():
    data = layout_pdf([("THE PUBLIC RECORDS ACT OF 2012", 14, "BC"), ("A Summary for Records Officers", 15, "BC"),
                       ("June 2013", 12, "C")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("The Public Records Act of 2012 A Summary for Records Officers")


def test_a_report_number_before_a_stated_title_is_left_out():
    data = layout_pdf([("Data Protection: Building the National Registry", 20, "")],
                      title="GAO-21-104567, Data Protection: Building the National Registry")
    title, reason = pdf_title(data)
    assert title == "Data Protection: Building the National Registry"


def test_a_kind_of_document_that_names_an_agency_is_no_letterhead():
    assert not titles.is_org_line("Broad Agency Announcement")
    assert not titles.is_org_line("Board Circular")
    data = layout_pdf([("Broad Agency Announcement", 20, "B"), ("Rural Broadband Pilots", 18, "")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Broad Agency Announcement: Rural Broadband Pilots")


def test_a_forms_number_in_the_largest_type_gives_way_to_its_name():
    data = layout_pdf([("Form 7104", 22, "B"), ("Application for Extension of Time to File Business Returns", 14, "B")],
                      title="Form 7104 (Rev. December 2018)")
    title, reason = pdf_title(data)
    assert title == "Application for Extension of Time to File Business Returns"
    assert "a form's number" in reason


def test_a_stated_title_the_text_gives_word_for_word_wins_over_a_journals_name():
    heading = "Mapping Informal Settlements with Open Satellite Imagery"
    data = layout_pdf([("Journal of Urban Statistics", 26, ""), (heading, 16, "B"), ("Lina Haddad", 11, "")],
                      title=heading)
    title, reason = pdf_title(data)
    assert title == heading
    assert reason.startswith("the PDF metadata title")
    # the journal's name alone in the largest type, the article's title further down
    data = layout_pdf([("Journal of Urban Statistics", 26, ""), ("Volume 12, Issue 3", 11, ""), (BODY, 10, ""),
                       (heading, 16, "B")], title=heading)
    title, reason = pdf_title(data)
    assert title == heading
    assert "word for word" in reason


def test_authors_with_their_affiliation_marks_are_not_a_subtitle():
    data = layout_pdf([("Telemedicine Uptake in Remote Atolls", 20, "B"), ("Hala Faragalla 1,*, Anna Plotkin 2", 13, "")])
    title, reason = pdf_title(data)
    assert title == "Telemedicine Uptake in Remote Atolls"
    assert "subtitle" not in reason


def test_a_body_named_in_a_point_less_under_the_title_ends_it():
    data = layout_pdf([("Verificación de Elegibilidad de Empleo", 13, "BC"),
                       ("Departamento de Seguridad Nacional", 12, "BC")])
    title, _ = pdf_title(data)
    assert title == "Verificación de Elegibilidad de Empleo"


def test_pptx_a_presenter_on_the_titles_last_line_is_left_out_but_not_a_title_that_runs_on():
    result = extract(title_slide("Docker for Data Scientists\x0bWill Angel", ""), Hints(name="d.pptx"), Limits())
    assert result.title == "Docker for Data Scientists"
    result = extract(title_slide("Getting started with\x0bGeoscientific Machine Learning", ""),
                     Hints(name="g.pptx"), Limits())
    assert result.title == "Getting started with Geoscientific Machine Learning"


def test_plain_title_lines_join_while_the_next_starts_with_a_connective():
    found = titles.from_lines(["UPDATED GUIDANCE ON", "CIVIL REGISTRATION FOR SMALL STATES,",
                               "AND VITAL STATISTICS", "AND RECORDS", "", BODY])
    assert title_key(found.text) == title_key(
        "Updated Guidance on Civil Registration for Small States, and Vital Statistics and Records")


def test_a_title_running_on_into_a_word_with_a_number_is_not_cut():
    data = layout_pdf([("Public Services After", 22, "B"), ("COVID-19", 22, "B")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Public Services After COVID-19")


def test_a_section_name_or_a_single_word_under_the_title_is_no_subtitle():
    for under in ("Índice", "Cardinality"):
        data = layout_pdf([("Guía para la apertura de datos", 30, "B"), (under, 18, "B")])
        title, reason = pdf_title(data)
        assert title == "Guía para la apertura de datos", under
        assert "subtitle" not in reason


def test_a_dash_left_before_a_revision_is_dropped_with_it():
    assert titles.strip_tail("Guide to Assessment Reports (SAR) – Rev5") == "Guide to Assessment Reports (SAR)"


def test_strip_tail_leaves_a_bracket_the_title_opened():
    assert titles.strip_tail("Data Protection Act (Chapter 12)") == "Data Protection Act (Chapter 12)"
    assert titles.strip_tail("Simplified Impact Assessment Form (Art R414-23 of the Environment Code)") \
        == "Simplified Impact Assessment Form"


def test_a_phrase_of_capitalised_words_is_no_persons_name():
    for phrase in ("Supporting Digital Development", "User Implementation Guide", "Gestión Documental"):
        assert not titles.looks_like_person(phrase), phrase
    for name in ("Marie Gee Wilson", "Clement Attlee", "Florence Nightingale", "Jean DUPONT"):
        assert titles.looks_like_person(name), name
    data = layout_pdf([("Registry Tools", 30, "B"), ("Supporting Registry Development", 18, "B")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Registry Tools: Supporting Registry Development")


def test_a_subtitle_under_a_very_large_title_may_be_less_than_half_its_size():
    data = layout_pdf([("Guide to the Land Registry", 40, "BC"), ("User Implementation Guide", 17, "BC"),
                       ("June 30, 2023", 14, "C")])
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Guide to the Land Registry: User Implementation Guide")
    assert "subtitle" in reason


def test_a_subtitles_lines_are_set_alike_and_a_smaller_line_under_it_is_not_one():
    data = layout_pdf([("Session 1 - Introduction to R", 30, ""), ("R for Data Analysis", 26, ""),
                       ("Analytics Unit", 19, ""), ("April 2025", 19, "")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Session 1 - Introduction to R: R for Data Analysis")


def test_a_title_that_ends_a_sentence_has_no_subtitle_nor_does_a_line_naming_the_kind_of_document():
    for lines in ([("Développement d'un moteur de recherche sur Internet.", 18, "B"), ("MULTIMEDIA CONSEILS", 14, "B")],
                  [("Plan directeur de transport actif de Chelsea", 30, ""), ("Rapport final", 18, "")]):
        title, reason = pdf_title(layout_pdf(lines))
        assert title_key(title) == title_key(lines[0][0].rstrip(".")), lines
        assert "subtitle" not in reason
    assert titles.names_only_a_kind("Final Report") and titles.names_only_a_kind("Informe técnico")
    assert not titles.names_only_a_kind("Report on Rural Broadband")


def test_a_name_over_an_issue_and_its_month_is_a_byline():
    data = layout_pdf([("Manoel de Oliveira", 14, "B"), ("Le langage pur", 14, "B"), ("Gérard Grugeau", 12, ""),
                       ("Numéro 189, décembre 2018", 8, "")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Manoel de Oliveira Le langage pur")


def test_government_as_a_documents_subject_is_no_issuer():
    for topic in ("Next Generation Digital Government Architecture", "Gobierno Abierto de la Provincia"):
        assert not titles.is_org_line(topic), topic
    for body in ("Ministry of Digital Government", "Department of Open Government"):
        assert titles.is_org_line(body), body


def test_a_note_of_when_the_document_was_updated_is_no_part_of_its_title():
    assert titles.strip_tail("Cybersecurity Guide (Updated on Jan 2022)") == "Cybersecurity Guide"
    assert titles.ends_title("(Last revised March 2021)") and not titles.ends_title("(Open Data)")


def test_a_country_and_its_parliament_over_an_act_are_no_issuer_even_broken_over_lines():
    assert titles.is_national_government("Parliament of the Republic of Fiji")
    data = layout_pdf([("PARLIAMENT OF THE", 20, "BC"), ("REPUBLIC OF FIJI", 20, "BC"),
                       ("ONLINE SAFETY ACT", 20, "BC"), ("No. 9 of 2024", 12, "C")])
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Online Safety Act — No. 9 of 2024")
    assert "letterhead" in reason


def test_a_cover_set_in_one_type_is_read_by_its_short_lines():
    lines = [("Dutch gender and", 30, ""), ("LGBT-equality policy", 30, ""), ("2013 - 2016", 30, "")]
    title, _ = pdf_title(layout_pdf(lines, body=""))
    assert title_key(title) == title_key("Dutch gender and LGBT-equality policy 2013 - 2016")
    # running text in one type is no cover: its sentence is not taken
    title, _ = pdf_title(layout_pdf([("Tonga launched a portal.", 12, ""), ("It served many.", 12, "")],
                                    body="", title="Tonga portal review"))
    assert title == "Tonga portal review"


def test_a_smaller_line_that_runs_on_into_the_title_starts_it():
    data = layout_pdf([("UPDATED RECOMMENDATIONS ON", 16, "B"), ("TREATMENT OF ADOLESCENTS AND", 25, "B"),
                       ("CHILDREN WITH CHRONIC INFECTION", 25, "B")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key(
        "Updated Recommendations on Treatment of Adolescents and Children with Chronic Infection")


def test_a_subtitle_running_over_lines_is_taken_whole_but_a_sentence_under_the_title_is_none():
    long = [("Open Data Strategy", 30, "B"), ("A plan for publishing the data the ministry holds, for", 18, ""),
            ("the people who use it and for", 18, ""), ("the firms that build on it", 18, ""), ("June 2024", 12, "")]
    title, reason = pdf_title(layout_pdf(long))
    assert title_key(title) == title_key("Open Data Strategy — A plan for publishing the data the ministry "
                                         "holds, for the people who use it and for the firms that build on it")
    assert "subtitle" in reason
    sentence = [("Open Data Strategy", 30, "B"), ("How the ministry will publish the data it holds and help", 18, ""),
                ("people use it.", 18, "")]
    title, reason = pdf_title(layout_pdf(sentence))
    assert title == "Open Data Strategy" and "office" not in reason


def test_a_sentence_naming_a_ministry_under_a_generic_title_is_not_its_issuer():
    data = layout_pdf([("Declaración de Accesibilidad", 16, ""),
                       ("El Ministerio de Asuntos Económicos y Transformación Digital - Secretaría General de", 11, ""),
                       ("Administración Digital se ha comprometido a hacer accesible su sitio web.", 11, "")], body="")
    title, _ = pdf_title(data)
    assert title == "Declaración de Accesibilidad"


def test_a_bodys_initials_over_its_department_are_letterhead_however_large():
    data = layout_pdf([("AGESIC", 26, "BC"), ("Área de tecnología", 26, "BC"),
                       ("Tutorial para la Solicitud de Certificados", 18, "BC"), ("Plataforma Java", 18, "BC")])
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Tutorial para la Solicitud de Certificados Plataforma Java")
    assert titles.is_initials("AGESIC") and not titles.is_initials("RAPPORT")


def test_offices_of_a_university_or_a_state_are_bodies():
    for body in ("Pró-Reitoria de Administração", "Superintendência de Tecnologia da Informação",
                 "Coordenação-Geral de Sistemas", "Contraloría General de la República"):
        assert titles.is_org_line(body), body
    data = layout_pdf([("Pró-Reitoria de Administração", 11, "B"),
                       ("NOTA DE ESCLARECIMENTO SOBRE A COMPRA DE ELEVADORES", 11, "B")])
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Nota de esclarecimento sobre a compra de elevadores")
    assert "letterhead" in reason


def test_a_cover_of_centred_lines_leaves_out_its_letterhead_and_its_place_and_year():
    data = layout_pdf([("MINISTÉRIO DA EDUCAÇÃO", 12, "C"), ("Universidade Federal do Recôncavo da Bahia", 12, "C"),
                       ("Plano de Dados Abertos para os Cursos de Graduação", 12, "C"),
                       ("Cruz das Almas/2015", 12, "C")], body="")
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Plano de Dados Abertos para os Cursos de Graduação")
    assert titles.is_place_and_year("Nairobi, 2019") and not titles.is_place_and_year("Annual Report - 2019")


def test_a_labelled_code_over_the_title_is_no_part_of_it():
    data = layout_pdf([("Proyecto: AG-SIGESMAN16", 20, "B"), ("Manual de Instalación y Configuración", 20, "B")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Manual de Instalación y Configuración")
    assert titles.is_form_number("Ref.: KB-2019-04") and not titles.is_form_number("PIA: Vue d'ensemble")


def test_a_stated_title_loses_the_number_it_had_in_a_list_of_files():
    assert clean_title("1. Manual Portal Padrão") == "Manual Portal Padrão"
    assert clean_title("03 - Annual Plan") == "Annual Plan"
    assert clean_title("2030 Agenda for Digital Government") == "2030 Agenda for Digital Government"


def test_a_title_set_to_the_right_is_read_whole_without_the_issuer_under_it():
    data = layout_pdf([("GUIA METODOLOGICA PARA DESARROLLADORES", 14, "BR"), ("PORTAL DE TRAMITES - MOVIL", 14, "BR"),
                       ("Dirección de Gobierno Digital", 14, "BR"), ("Bogotá, D.C, 09 de octubre de 2017", 10, "C")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Guia Metodologica para Desarrolladores Portal de Tramites - Movil")


def test_a_placeholder_an_edition_or_a_laws_chapter_ends_the_title():
    for tail in ("[Country Name]", "Versão <V1.9>", "Chapter 25:01"):
        data = layout_pdf([("DIGITAL WALLET INFRASTRUCTURE", 18, "BC"), ("Scope Document", 18, "BC"), (tail, 18, "BC")])
        title, _ = pdf_title(data)
        assert title_key(title) == title_key("Digital Wallet Infrastructure Scope Document"), tail


def test_a_subtitle_over_an_edition_in_lower_case_is_kept():
    data = layout_pdf([("Verifiable Credentialing Infrastructure", 18, "BC"),
                       ("User-Centric Architecture for Credential Sharing", 13, "C"), ("version 1.0", 11, "C")])
    title, reason = pdf_title(data)
    assert title_key(title) == title_key(
        "Verifiable Credentialing Infrastructure: User-Centric Architecture for Credential Sharing")
    assert "subtitle" in reason


def test_whom_a_report_was_prepared_for_is_not_its_issuer():
    data = layout_pdf([("Open Data Readiness Assessment", 40, ""), ("Prepared for the Government of Uganda", 14, "")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Open Data Readiness Assessment")


def test_a_stated_title_with_words_joined_by_an_underscore_is_a_files_name():
    assert titles.implausible("Verifiable Credentialing Infrastructure_ISVs") == "a file name"
    data = layout_pdf([("Verifiable Credentialing Infrastructure", 18, "B")],
                      title="Verifiable Credentialing Infrastructure_ISVs")
    title, _ = pdf_title(data)
    assert title == "Verifiable Credentialing Infrastructure"


def test_a_memorandum_is_known_by_its_subject_line():
    memo = [("EXECUTIVE OFFICE OF THE PRESIDENT", 10, "C"), ("OFFICE OF MANAGEMENT AND BUDGET", 9, "C"),
            ("WASHINGTON, D.C. 20503", 9, "C"), ("M-17-06", 10, ""),
            ("MEMORANDUM FOR THE HEADS OF EXECUTIVE DEPARTMENTS AND AGENCIES", 10, ""),
            ("SUBJECT: Policies for Federal Agency Public Websites and Digital Services", 10, "")]
    title, reason = pdf_title(layout_pdf(memo))
    assert title_key(title) == title_key("Policies for Federal Agency Public Websites and Digital Services")
    assert "subject line" in reason


def test_a_letterhead_left_a_placeholder_takes_the_office_the_text_names():
    data = layout_pdf([("GOVERNMENT OF THE DISTRICT OF COLUMBIA", 12, "BC"), ("[INSERT AGENCY NAME]", 12, "BC"),
                       ("Open Government Report 2014", 12, "BC")],
                      body="In accordance with the Mayor's Order 2014-170, this report describes how the "
                           "Office of Motion Picture and Television Development (OMPTD) has and will continue "
                           "to develop and enhance transparency. " * 3)
    title, reason = pdf_title(data)
    assert title == "Office of Motion Picture and Television Development — Open Government Report 2014"
    assert "the office the text under it names" in reason
    # a person's office in a possessive is no body, nor is a title that says what it is
    assert titles.office_in_text("under the Mayor's Order 2014-170 the Government of Samoa") == ""
    assert titles.issuer_from_text("Samoa ICT Policy 2022", "the Ministry of Communications")[1] == ""


def test_letters_read_from_a_scans_logo_are_no_title():
    lines = ["GOVERNMENT OF THE DISTRICT OF COLUMBIA", "DEPARTMENT OF HEALTH", "", "xk x", "E, usa", "ha.", "",
             "Open Government Report 2014", "", "To institutionalize a culture of open government, this report"]
    title = titles.from_lines(lines)
    assert title.text == "Department of Health — Open Government Report 2014"
    # a short title of real words stays one
    assert titles.from_lines(["ICT Act", "", "An act to provide for the use of ICT."]).text == "ICT Act"


def _boxes_deck(boxes: list[tuple[str, float]], core_title: str = "PowerPoint Presentation") -> bytes:
    """A blank slide with text boxes one under another, each (text, size in pt; 0 for none stated)."""
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    for i, (text, size) in enumerate(boxes):
        frame = slide.shapes.add_textbox(Inches(1), Inches(1 + 1.2 * i), Inches(8), Inches(1)).text_frame
        frame.text = text
        if size:
            frame.paragraphs[0].runs[0].font.size = Pt(size)
    deck.core_properties.title = core_title
    out = __import__("io").BytesIO()
    deck.save(out)
    return out.getvalue()


def test_a_title_ending_in_a_colon_or_mid_phrase_takes_the_line_under_it():
    data = _boxes_deck([("TECNOLOGÍAS EMERGENTES Y DATOS ABIERTOS:", 54), ("Inteligencia Artificial", 0),
                        ("Marzo 2020", 12)])
    result = extract(data, Hints(name="deck.pptx"), Limits())
    assert title_key(result.title) == title_key("Tecnologías emergentes y datos abiertos: Inteligencia Artificial")
    assert "with the line under it" in result.title_reason
    data = _boxes_deck([("Guia CKAN", 60), ("para administradores", 35), ("gastosabertos.org", 35)])
    assert extract(data, Hints(name="deck.pptx"), Limits()).title == "Guia CKAN para administradores"
    # a title that is whole keeps the next box out
    data = _boxes_deck([("Guia CKAN", 60), ("gastosabertos.org", 35)])
    assert extract(data, Hints(name="deck.pptx"), Limits()).title == "Guia CKAN"
    # on a page, the subtitle a colon announces is taken however small
    data = layout_pdf([("GLOBAL EDUCATION MONITORING REPORT SUMMARY 2023", 13, "C"),
                       ("Technology in education:", 38, "C"), ("A TOOL ON WHOSE TERMS?", 18, "C")], body=BODY * 2)
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Technology in education: A tool on whose terms?")


def test_the_occasion_of_a_talk_is_no_subtitle():
    result = extract(title_slide("Grants & Acquisition Data Elements",
                                 "Presentation at the DATA Act Town Hall\nSeptember 2014"),
                     Hints(name="deck.pptx"), Limits())
    assert result.title == "Grants & Acquisition Data Elements"
    for occasion in ("Presentación ante el Consejo Nacional", "Présentation au comité de pilotage",
                     "Keynote at the Pacific ICT Ministers Meeting"):
        assert not titles.may_be_subtitle(occasion)
    assert titles.may_be_subtitle("Presenting Data to Citizens")


def test_a_stated_title_with_words_the_page_has_replaced_is_an_earlier_versions():
    shown = titles.Title("Grants & Acquisition Data Elements An Exercise in Standardization", "the slide")
    text = "Grants & Acquisition Data Elements An Exercise in Standardization. The FFATA data elements " * 5
    chosen = titles.choose(shown, "FFATA Data Elements An Exercise in Standardization", text, "the title")
    assert chosen.text == shown.text and "shows another title" in chosen.reason
    # the same title spelt a little otherwise is borne out, and kept
    chosen = titles.choose(titles.Title("E Government Strategy of Tonga", "the page"),
                           "eGovernment Strategy of Tonga", "eGovernment Strategy of Tonga " * 10, "the title")
    assert chosen.text == "eGovernment Strategy of Tonga"


def test_the_words_of_a_stated_title_are_read_in_the_pages_order():
    shown = titles.Title("Government AI Readiness Index 2023", "the page")
    chosen = titles.choose(shown, "2023 Government AI Readiness Index", "Government AI Readiness Index 2023 " * 10,
                           "the title")
    assert chosen.text == "Government AI Readiness Index 2023" and "in the order the page gives" in chosen.reason
    # a line opening on "Government" that names no government is a title, not a letterhead
    assert not titles.is_org_line("Government AI Readiness Index")
    assert titles.is_org_line("Government of Samoa") and titles.is_org_line("Government Accountability Office")


def test_a_printed_web_pages_title_loses_the_sites_name():
    data = layout_pdf([("Executive Order on the Safe, Secure, and Trustworthy Development and Use of "
                        "Artificial Intelligence", 19, "B")],
                      title="Executive Order on the Safe, Secure, and Trustworthy Development and Use of "
                            "Artificial Intelligence | The White House")
    title, _ = pdf_title(data)
    assert title == "Executive Order on the Safe, Secure, and Trustworthy Development and Use of " \
                    "Artificial Intelligence"


def test_a_cover_ends_at_its_place_and_date_or_edition_and_names_its_documentation():
    for line in ("Brasília, Julho de 2014", "Paris, mars 2019", "2ª edición electrónica", "Second edition",
                 "3e édition"):
        assert titles.ends_title(line), line
    assert not titles.is_place_and_year("Annual Report, June 2014")
    data = layout_pdf([("BNMP - Banco Nacional de Mandados de Prisão", 16, "BC"),
                       ("Documentação Técnica do Web Service MPWS", 16, "BC"),
                       ("Brasília, Julho de 2014", 16, "BC")], body="")
    title, _ = pdf_title(data)
    assert title_key(title).endswith(title_key("Documentação Técnica do Web Service MPWS"))
    # a line naming documentation is a title, though it names a bank
    assert not titles.is_org_line("BNMP Banco Nacional de Mandados de Prisão Documentação Técnica do Web Service")
    data = layout_pdf([("REUTILIZACIÓN DE RECURSOS DE INFORMACIÓN", 21, ""),
                       ("Guía de aplicación de la Norma Técnica de Interoperabilidad", 16, ""),
                       ("2ª edición electrónica", 16, "")])
    title, _ = pdf_title(data)
    # each part in its own case
    assert title == "Reutilización de Recursos de Información — Guía de aplicación de la Norma Técnica " \
                    "de Interoperabilidad"


def test_a_title_set_twice_on_a_page_is_read_once():
    data = layout_pdf([("Stratégie de Gestion de la Dette à Moyen-Terme 2025-2027", 24, "B"),
                       ("Stratégie de Gestion de la Dette à Moyen Terme", 24, "B"), ("2025-2027", 16, "B")])
    title, _ = pdf_title(data)
    assert title == "Stratégie de Gestion de la Dette à Moyen-Terme 2025-2027"


def test_an_authors_name_as_large_as_the_title_is_a_byline_not_the_title():
    data = layout_pdf([("CÉDRIC VILLANI", 18, ""), ("Mathematician and", 9, ""),
                       ("Member of the French Parliament", 9, ""), ("", 9, ""), ("", 9, ""),
                       ("FOR A MEANINGFUL", 18, "B"), ("ARTIFICIAL INTELLIGENCE", 18, "B"),
                       ("TOWARDS A FRENCH AND EUROPEAN STRATEGY", 12, "")], body=BODY * 2)
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("For a Meaningful Artificial Intelligence: "
                                         "Towards a French and European Strategy")
    # a title of capitalised words is no person's name
    assert not titles.looks_like_person("Open Data Strategy")
    assert titles.looks_like_person("Cédric Villani")


def test_a_memorandums_subject_line_is_its_title_under_a_heading_naming_only_its_kind():
    data = layout_pdf([("Memorandum", 29, "B"), ("Department of Veterans Affairs", 16, "B"),
                       ("Date: FEB 26 2014", 11, ""),
                       ("From: Acting Assistant Secretary for Policy and Planning (008)", 11, ""),
                       ("subj: Open Data - Quarterly Data Asset Collection Requirements (VAIQ 7423360)", 11, ""),
                       ("To: Under Secretaries, Assistant Secretaries, and Other Key Officials", 11, "")])
    title, reason = pdf_title(data)
    assert title == "Open Data - Quarterly Data Asset Collection Requirements"
    assert "subject line" in reason


def test_the_stated_title_wins_over_a_page_whose_largest_type_names_only_its_issuer():
    data = layout_pdf([("United States Department of the Interior", 16, "C"), ("OFFICE OF THE SECRETARY", 11, "C"),
                       ("Washington, DC 20240", 11, "C")],
                      title="Implementation of the Department of the Interior's Open Data Policy",
                      body="Subject: Implementation of the Department of the Interior's Open Data Policy. "
                           "This order establishes the policy of the department for its open data. " * 2)
    title, reason = pdf_title(data)
    assert title == "Implementation of the Department of the Interior's Open Data Policy"
    assert "only names the body that issued it" in reason
    assert not titles.is_org_line("Implementation of the Department of the Interior's Open Data Policy")
    assert titles.is_org_line("Office of Women's Policy")


def test_a_title_naming_only_its_kind_goes_on_in_smaller_type_and_bold_lines_over_a_title_lead_it():
    data = layout_pdf([("RÉPUBLIQUE DU SÉNÉGAL", 11, "BC"), ("RAPPORT", 60, "BC"), ("D'ACTIVITÉS", 50, "BC"),
                       ("2021", 55, "BC")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Rapport d'activités 2021")
    data = layout_pdf([("REIMAGINING HUMAN", 32, "B"), ("CONNECTIONS", 32, "B"), ("TECHNOLOGY AND", 40, "B"),
                       ("INNOVATION IN", 40, "B"), ("EDUCATION AT", 40, "B"), ("THE WORLD BANK", 40, "B")])
    title, reason = pdf_title(data)
    assert title == "Reimagining Human Connections — Technology and Innovation in Education at the World Bank"
    assert "bold lines over them" in reason
    # a series line in small type over the title stays out
    data = layout_pdf([("WORKING PAPER SERIES", 14, "B"), ("Digital Identity in the Pacific", 30, "B")])
    assert pdf_title(data)[0] == "Digital Identity in the Pacific"


def test_an_act_is_titled_by_the_short_title_it_calls_itself_with_its_headings_article():
    text = ("THE UTTAR PRADESH HEALTH WORKERS AND HEALTH\nSUPERVISORS (REGULATION OF PAY) ACT, 19961\n"
            "[ PRESIDENT'S ACT NO. 2 OF 1996 ]\nAN\nACT\nto regulate the Pay of Health Workers and for matters "
            "connected therewith.\nShort title\n1. (1) This Act may be called the Uttar Pradesh Health Workers\n"
            "and Health Supervisors (Regulation of Pay) Act, 1996.\n(2) Sections 2 and 3 shall come into force.")
    shown = titles.Title("AN ACT to regulate the Pay of Health Workers", "the page")
    chosen = titles.choose(shown, "", text, "the title")
    assert chosen.text == "The Uttar Pradesh Health Workers and Health Supervisors (Regulation of Pay) Act, 1996"
    chosen = titles.choose(None, "", "An Act for data. 1. This Act may be called the Data Protection Act, 2019. "
                           "It extends to the whole of Fiji.", "the title")
    assert chosen.text == "Data Protection Act, 2019"


def test_an_eu_acts_note_is_no_part_of_its_title():
    data = layout_pdf([("REGULATION (EU) 2024/1689 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL", 12, "B"),
                       ("laying down harmonised rules on artificial intelligence", 10, ""),
                       ("(Text with EEA relevance)", 10, "")],
                      title="Regulation (EU) 2024/1689 of the European Parliament and of the Council laying down "
                            "harmonised rules on artificial intelligence Text with EEA relevance.",
                      body="Regulation (EU) 2024/1689 of the European Parliament and of the Council laying down "
                           "harmonised rules on artificial intelligence. Having regard to the Treaty. " * 2)
    title, _ = pdf_title(data)
    assert "EEA" not in title and title_key(title).startswith(title_key("Regulation (EU) 2024/1689"))


def test_recommendations_and_syntheses_are_kinds_of_document_and_a_procedures_number_no_title():
    assert not titles.is_org_line("Recommendation of the Council on Artificial Intelligence")
    assert not titles.is_org_line("Synthèse des entretiens avec les opérateurs et la Préfecture")
    assert titles.is_form_number("SOP 90 81") and not titles.is_form_number("Plan 2030")
    data = layout_pdf([("U.S. Small Business Administration", 12, ""), ("SOP 90 81", 24, "B"),
                       ("Open Data Program", 20, "B")])
    title, _ = pdf_title(data)
    assert title == "Open Data Program"


def test_text_set_off_the_page_is_no_title():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 28)
    pdf.text(20, -150, "AN OLDER DRAFT OF THE COVER")        # on the pasteboard above the page
    pdf.set_font("Helvetica", "B", 24)
    pdf.set_xy(10, 60)
    pdf.multi_cell(0, 12, "Conceptos basicos del open data")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, BODY)
    title, _ = pdf_title(bytes(pdf.output()))
    assert title == "Conceptos basicos del open data"


def test_a_cover_mostly_holding_its_title_in_large_type_reads_the_small_print_as_the_text():
    lines = [("Actualisation", 18, "B"), ("du rapport du Gouvernement au Parlement", 18, "B"),
             ("sur les impacts budgétaires induits par l'application des règles prévues aux articles", 18, "B"),
             ("du code rural concernant la qualité des approvisionnements en restauration collective", 18, "B"),
             ("Rapport n° 22071", 11, "B"), ("établi par Boris Bouville, inspecteur général", 9, ""),
             ("Novembre 2022", 11, "B")]
    pdf = FPDF()
    pdf.add_page()
    for text, size, style in lines:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, size * 0.5, text)
        pdf.ln(2)
    pdf.add_page()                  # a blank second page tells no text size either
    title, reason = pdf_title(bytes(pdf.output()))
    assert title_key(title).startswith(title_key("Actualisation du rapport du Gouvernement au Parlement sur les"))
    assert "the text is 9 pt" in reason


def test_a_subtitle_indented_under_a_title_set_in_steps_and_the_rest_of_its_phrase_are_kept():
    pdf = FPDF()
    pdf.add_page()
    for text, size, x in (("The Changing", 39, 10), ("Wealth of Nations", 39, 18), ("Measuring Sustainable", 20, 30),
                          ("Development in the New Millennium", 20, 30)):
        pdf.set_font("Helvetica", "B", size)
        pdf.set_x(x)
        pdf.cell(0, size * 0.5, text)
        pdf.ln(size * 0.5 + 2)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(0, 5, BODY)
    title, reason = pdf_title(bytes(pdf.output()))
    assert title == "The Changing Wealth of Nations — Measuring Sustainable Development in the New Millennium"
    data = layout_pdf([("LE CADRE JURIDIQUE DE LA", 32, "C"), ("RESTAURATION DURABLE", 32, "C"),
                       ("EN ÉTABLISSEMENTS DE SANTÉ", 14, "C"), ("ET MÉDICO-SOCIAUX", 14, "C")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Le cadre juridique de la restauration durable en établissements "
                                         "de santé et médico-sociaux")
    assert titles.opens_mid_phrase("EN ÉTABLISSEMENTS DE SANTÉ") and not titles.opens_mid_phrase("Enfance")


def test_a_models_label_an_edition_in_brackets_and_a_contents_heading_are_no_part_of_a_title():
    data = _formatted_docx([("MODELE", 14, True, True),
                            ("Convention de dons de denrées alimentaires (Edition 2017)", 14, True, True),
                            (BODY, 10, False, False)])
    assert extract(data, Hints(name="m.docx"), Limits()).title == "Convention de dons de denrées alimentaires"
    data = layout_pdf([("Self-Monitoring of Blood Glucose and Ketone in Diabetes Guideline", 16, ""),
                       ("Contents", 16, ""), ("Who should be offered self-monitoring? ........ 2", 12, "")])
    assert pdf_title(data)[0] == "Self-Monitoring of Blood Glucose and Ketone in Diabetes Guideline"
    # where a thing is done names no body
    assert not titles.is_org_line("How to Run an Agile Project in Government")
    assert titles.is_marking("Page 2/102")


def test_the_eval_takes_an_ordinal_sign_for_the_degree_sign_it_looks_like():
    assert title_key("Ordenanza Fiscal Nº 3057/2021") == title_key("Ordenanza Fiscal N° 3057/2021")
    assert title_key("Ordenanza Fiscal 3057/2021") != title_key("Ordenanza Fiscal N° 3057/2021")


def test_a_meetings_session_place_and_date_over_a_paper_are_front_matter():
    lines = ["SCIENTIFIC COMMITTEE", "TWENTIETH REGULAR SESSION", "Manila, Philippines", "14–21 August 2024",
             "Scoping the Next Generation of Tuna Stock Assessment Software:",
             "Progress Report and Outline of Options (Project 123)", "WCPFC-SC20-2024/SA-WP-01", "5 August 2024"]
    title = titles.from_lines(lines)
    assert title.text == "Scoping the Next Generation of Tuna Stock Assessment Software: Progress Report and " \
                         "Outline of Options (Project 123)"
    # a body's name broken over two lines is letterhead, whole
    title = titles.from_lines(["MINISTRY OF INFORMATION AND", "COMMUNICATIONS TECHNOLOGY", "",
                               "National Broadband Policy", "", "The policy sets out how the ministry will act."])
    assert title.text == "National Broadband Policy"


def test_a_meetings_day_and_hour_end_a_title_and_name_no_body_and_its_kind_takes_the_issuer():
    assert not titles.is_org_line("Séance publique tenue le 20 juin, à 16h00 à la salle du conseil")
    assert titles.is_org_line("Comité de démolition") and titles.is_org_line("Scientific Committee")
    data = layout_pdf([("COMITÉ DE DÉMOLITION", 12, "B"), ("PROCÈS-VERBAL", 12, "B"),
                       ("Séance publique tenue le 20 juin, à 16h00 à la salle du conseil", 12, "B"),
                       ("Membres : M. Gagné, conseiller municipal", 11, "")], body=BODY * 2)
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Comité de Démolition — Procès-Verbal — Séance publique tenue le 20 juin, "
                                         "à 16h00 à la salle du conseil")
    assert "with the subtitle under them" in reason


def test_a_subtitles_lines_are_set_alike_in_weight_too():
    data = layout_pdf([("SENSIBILISATION À L'ÉCOCONCEPTION NUMÉRIQUE", 28, "B"),
                       ("Sensibilisation pour les ministères sociaux : DNUM/SDPSN", 18, ""),
                       ("Format 1 heure", 18, "B"), ("Geoffrey Arthaud", 18, ""),
                       ("MTE - SG/DNUM - Responsable du groupe méthodes", 18, ""),
                       ("Pôle ministériel Transition Écologique Énergie Mer", 7, "B")], body="")
    title, _ = pdf_title(data)
    assert title == "Sensibilisation à l'Écoconception Numérique — Sensibilisation pour les ministères sociaux: " \
                    "DNUM/SDPSN"
    assert titles.smart_case("RAPPORT D’ACTIVITÉS 2021") == "Rapport d’Activités 2021"


def test_a_letterhead_in_the_texts_type_over_a_word_documents_title_is_no_running_text():
    data = _formatted_docx([("DIRECTION INTERMINISTÉRIELLE DU NUMÉRIQUE", 12, False, True),
                            ("Dossier de réponse à l'appel à projets", 16, False, True),
                            ("Défis de transition numérique des administrations", 22, True, True),
                            ("Rappel – contenu du dossier de réponse", 13, True, False),
                            (BODY, 11, False, False), (BODY, 11, False, False)])
    result = extract(data, Hints(name="f.docx"), Limits())
    assert result.title == "Défis de transition numérique des administrations"
    assert "largest lines at the start of the document" in result.title_reason


def test_a_year_over_the_title_and_the_author_under_it():
    data = layout_pdf([("2017", 30, ""), ("Affordability", 52, "B"), ("Report", 52, "B")])
    assert pdf_title(data)[0] == "2017 Affordability Report"
    data = layout_pdf([("Factors Influencing Outcome Expectations and Self-Efficacy in Driving", 13, ""),
                       ("Internet Use in Rural India", 13, ""), ("Rekha Jain", 13, ""),
                       ("Indian Institute of Management Ahmedabad", 10, "")])
    assert pdf_title(data)[0] == "Factors Influencing Outcome Expectations and Self-Efficacy in Driving " \
                                 "Internet Use in Rural India"


def test_a_common_noun_for_a_body_in_a_mixed_case_line_names_none():
    assert not titles.is_org_line("Accelerating the digital transformation of government services")
    assert titles.is_org_line("Ministère de la transition écologique")
    assert titles.is_org_line("ministry of finance") and titles.is_org_line("GOVERNMENT OF SAMOA")


def test_a_section_number_or_a_table_of_contents_is_no_title():
    assert titles.strip_tail("31. ANEXO IV - NÍVEIS MÍNIMOS DE SERVIÇO") == "ANEXO IV - NÍVEIS MÍNIMOS DE SERVIÇO"
    assert titles.strip_tail("2030 Agenda") == "2030 Agenda"
    for name in ("Tabla de Contenidos", "Conteúdo", "List of Figures"):
        assert titles.is_section_name(name), name


def test_a_law_over_its_enacting_words_is_titled_by_its_name_and_needs_no_issuer():
    data = layout_pdf([("LEY N° 28611", 12, "B"), ("EL PRESIDENTE DEL CONGRESO DE LA REPÚBLICA", 12, ""),
                       ("POR CUANTO:", 12, ""), ("EL CONGRESO DE LA REPÚBLICA;", 12, ""),
                       ("Ha dado la Ley siguiente:", 12, ""), ("LEY GENERAL DEL AMBIENTE", 16, "B"),
                       ("TÍTULO PRELIMINAR", 12, "B"), ("DERECHOS Y PRINCIPIOS", 12, "B")], body=BODY.replace(
                           "This report", "Toda persona") * 2)
    title, _ = pdf_title(data)
    assert title == "Ley General del Ambiente"
    assert titles.is_enacting_formula("Ha dado la Ley siguiente:") and titles.is_section_name("TÍTULO PRELIMINAR")
    # a law named for its subject, or known by its number, is no kind of document that needs its issuer
    assert not titles.is_generic("Data Protection Act 2019") and not titles.is_generic("Executive Order No. 476")
    assert titles.is_generic("Annual Report 2019")


def test_plain_lines_pass_over_an_address_a_telephone_and_a_code_to_a_numbered_order():
    lines = ["REPUBLIC OF PALAU", "OFFICE OF THE PRESIDENT", "", "P.O. Box 6051, Palau, PW 96940", "",
             "SURANGEL WHIPPS, JR. Tel. (680) 767-2403/2828", "Fax. (680) 767-2424/1662", "",
             "Email: president@palaupresident.info", "", "CONAIP/SNT/ACUERDO/EXT18/03/2016-05", "",
             "Executive Order No. 476", "", "WHEREAS, the Congress passed the budget, and provided for a plan;"]
    assert titles.from_lines(lines).text == "Executive Order No. 476"


def test_a_table_of_contents_entry_a_numbered_section_and_a_site_are_no_part_of_a_title():
    data = layout_pdf([("Poder EXECUTIVO ........................................ 2", 11, "B"),
                       ("DECRETOS .............................................. 3", 11, "B"),
                       ("Diário Oficial do Município de Pratânia", 9, "")], body=BODY * 2)
    assert "...." not in (pdf_title(data)[0] or "")
    data = layout_pdf([("Documento de Requisitos do Projeto (DRP)", 20, "B"), ("1. Visão Geral do Projeto", 14, "B")])
    assert pdf_title(data)[0] == "Documento de Requisitos do Projeto (DRP)"
    data = layout_pdf([("Guia de Dados Abertos", 24, ""), ("AMA | dados.gov", 14, "")])
    assert pdf_title(data)[0] == "Guia de Dados Abertos"


def test_a_titles_label_a_deliverables_number_a_mail_merge_field_and_a_trailing_day_are_left_out():
    assert titles.unlabelled("Course Name: Harmonized Approach to Cash Transfers (HACT) Lesson Name: Course "
                             "Introduction Page 1: Welcome Message") == "Harmonized Approach to Cash Transfers (HACT)"
    assert titles.unlabelled("Nombre del proyecto: Huella Latam") == "Huella Latam"
    assert titles.unlabelled("Naming Conventions: A Guide") == "Naming Conventions: A Guide"
    assert titles.strip_tail("D02.02 – Core Public Service Vocabulary") == "Core Public Service Vocabulary"
    assert titles.strip_tail("Paying Taxes Questionnaire – «Survey_Economy_FullName»") == "Paying Taxes Questionnaire"
    assert titles.strip_tail("Programme « Entrepreneurs d'Intérêt Général »").endswith("Général »")
    assert titles.strip_tail("Note explicative méthodologique / 19 février") == "Note explicative méthodologique"


def test_a_version_under_a_body_named_title_is_no_title_and_the_name_is():
    data = _formatted_docx([("Core Public Organization Vocabulary", 14, True, False), ("Version 1.0.0", 14, True, False),
                            ("Document Metadata", 14, True, False), (BODY, 10, False, False)])
    assert extract(data, Hints(name="v.docx"), Limits()).title == "Core Public Organization Vocabulary"


def test_a_gazettes_masthead_is_its_title_and_its_dateline_none():
    data = layout_pdf([("Diário Oficial do Município de Pratânia/SP", 9, ""),
                       ("Segunda-feira, 26 de Outubro de 2020 - Edição n° 136", 9, "B")], body=BODY.replace(
                           "This report", "Este decreto") * 2)
    data_title, _ = pdf_title(data)
    assert data_title == "Diário Oficial do Município de Pratânia/SP"
    assert titles.is_dateline("Segunda-feira, 26 de Outubro de 2020 - Edição n° 136")
    assert not titles.is_org_line("Diário Oficial do Município de Pratânia/SP")
    # a subtitle loses a trailing day as the title does
    data = layout_pdf([("Outil comparateur de modes de chauffage", 34, ""),
                       ("Note explicative méthodologique / 19 février", 20, "")])
    assert pdf_title(data)[0] == "Outil comparateur de modes de chauffage — Note explicative méthodologique"


def test_a_slide_titles_release_lines_and_the_meeting_under_it_are_no_part_of_it():
    result = extract(title_slide("The TOOP Exchange Data Model\x0bCurrent release v 1.4.1\x0b"
                                 "Proposed changes for release v. 2.0.0", "CCCEV meeting Brussels, 29 January 2020"),
                     Hints(name="deck.pptx"), Limits())
    assert result.title == "The TOOP Exchange Data Model"
    assert not titles.may_be_subtitle("Regional workshop Suva, Fiji")
    assert titles.may_be_subtitle("Report of the annual meeting")


def test_a_stated_title_that_is_a_date_is_none_and_one_ending_on_its_version_loses_it():
    assert titles.implausible("12 June 2019 Vincenzo Di Maro") == "a date"
    assert titles.implausible("2019 Annual Report") == ""
    chosen = titles.choose(None, "Référentiel général d'amélioration de l'accessibilité – version 4.1.2",
                           "Référentiel général d'amélioration de l'accessibilité, version 4.1.2. " * 8, "the title")
    assert chosen.text == "Référentiel général d'amélioration de l'accessibilité"


def _docx_with_body_xml(xml_paragraphs: list[str], then: list[tuple[str, str]]) -> bytes:
    """A DOCX whose body opens with raw WordprocessingML paragraphs, then (style, text) ones."""
    from docx.oxml import parse_xml

    document = docx.Document()
    body = document.element.body
    for xml in reversed(xml_paragraphs):
        body.insert(0, parse_xml(xml))
    for style, text in then:
        document.add_paragraph(text, style=style)
    out = __import__("io").BytesIO()
    document.save(out)
    return out.getvalue()


_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:v="urn:schemas-microsoft-com:vml" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')


def _boxed(lines: list[tuple[str, int]]) -> str:
    """A cover paragraph anchoring a text box of (text, size in pt) lines,
    stored as Word stores a drawing: DrawingML, and a VML copy for old readers."""
    inner = "".join(f'<w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:sz w:val="{2 * size}"/></w:rPr>'
                    f'<w:t>{text}</w:t></w:r></w:p>' for text, size in lines)
    return (f'<w:p {_NS}><w:r><mc:AlternateContent>'
            f'<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>'
            f'</w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>'
            f'</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')


def test_a_docx_cover_title_in_a_text_box_is_read_once_with_its_country_and_searchable():
    """A factsheet's cover: the title and the country in a text box, many
    blank lines after it, then the contents; the page text has the box's
    words once, and the text's size is the Normal style's."""
    blank = [("Normal", "")] * 70
    data = _docx_with_body_xml([_boxed([("Digital Government factsheet 2023", 28), ("Tuvalu", 22)])],
                               blank + [("Normal", "Table of Contents"), ("Heading 1", "Country Profile"),
                                        ("Normal", BODY)])
    result = extract(data, Hints(name="factsheet.docx"), Limits())
    assert title_key(result.title) == title_key("Digital Government factsheet 2023: Tuvalu")
    assert "with the subtitle under them" in result.title_reason
    text = "\n".join(p.text for p in result.pages)
    assert text.count("Digital Government factsheet 2023") == 1 and "Tuvalu" in text
    assert titles.may_be_subtitle("Saint Lucia") and not titles.may_be_subtitle("Lucia")


def test_docx_title_style_over_two_paragraphs_is_one_title():
    data = _docx([("Title", "Why cybercrime victims"), ("Title", "don’t report to the police"),
                  ("Subtitle", "Findings from the alpha research"), ("Normal", BODY)])
    result = extract(data, Hints(name="findings.docx"), Limits())
    assert title_key(result.title) == title_key(
        "Why cybercrime victims don’t report to the police: Findings from the alpha research")
    assert "paragraphs in the Title style and the Subtitle" in result.title_reason


def test_first_lines_a_kind_takes_what_it_is_about_and_contents_is_no_title():
    found = titles.from_lines(["Concept note", "Developing survey modules on access to justice", "December 2019",
                               "1. Objective of the activity", BODY])
    assert title_key(found.text) == title_key("Concept note: Developing survey modules on access to justice")
    assert titles.names_only_a_kind("Terms of Reference") and titles.names_only_a_kind("Nota de concepto")
    assert not titles.names_only_a_kind("Terms of Reference for the Data Portal")
    found = titles.from_lines(["Table of Contents", "Open Government Partnership National Action Plan", BODY])
    assert found.text == "Open Government Partnership National Action Plan"


def test_a_name_field_or_a_what_is_question_is_no_subtitle():
    result = extract(title_slide("Proyecto Registro Social", "Nombre: Ana Pérez\nCurso 2021"),
                     Hints(name="deck.pptx"), Limits())
    assert result.title == "Proyecto Registro Social"
    data = layout_pdf([("Gastos Abertos", 24, "B"), ("O que é o Gastos Abertos?", 16, "B")])
    assert pdf_title(data)[0] == "Gastos Abertos"
    assert not titles.may_be_subtitle("What is the open spending portal?")
    assert titles.may_be_subtitle("What Agencies Hold and How to Publish It")


def test_a_slide_title_naming_a_body_goes_before_the_title_set_nearly_as_large_beside_it():
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[5])      # title only
    slide.shapes.title.text = "Open Data Working Group"
    slide.shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(44)
    box = slide.shapes.add_textbox(Inches(1), Inches(3), Inches(8), Inches(1)).text_frame
    box.text = "Review of the National Data Catalogue"
    box.paragraphs[0].runs[0].font.size = Pt(40)
    small = slide.shapes.add_textbox(Inches(1), Inches(5), Inches(8), Inches(1)).text_frame
    small.text = "Meeting of 20 June 2025"
    out = __import__("io").BytesIO()
    deck.save(out)
    result = extract(out.getvalue(), Hints(name="deck.pptx"), Limits())
    assert result.title == "Open Data Working Group — Review of the National Data Catalogue"
    assert "after the body its title names" in result.title_reason
    assert titles.is_org_line("VTL Task Force")


def test_a_slide_text_box_sized_by_its_own_list_style_is_as_large_as_it_looks():
    """A title box whose runs state no size, styled once for all of them
    (44 pt in its list style), over a box of names in 10 pt."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    title = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(2)).text_frame
    title.text = "Mapping the Application Capability Model to Technology Standards"
    body = title._txBody
    body.remove(body.find(qn("a:lstStyle")))
    body.insert(1, parse_xml(f'<a:lstStyle {nsdecls("a")}><a:lvl1pPr><a:defRPr sz="4400"/></a:lvl1pPr></a:lstStyle>'))
    names = slide.shapes.add_textbox(Inches(3), Inches(5), Inches(5), Inches(1)).text_frame
    names.text = "Claude Martel, Jean Lapierre, Keith Murphy"
    names.paragraphs[0].runs[0].font.size = Pt(10)
    out = __import__("io").BytesIO()
    deck.save(out)
    result = extract(out.getvalue(), Hints(name="deck.pptx"), Limits())
    assert result.title == "Mapping the Application Capability Model to Technology Standards"


def test_a_countrys_name_in_a_title_cased_from_capitals_is_no_acronym():
    assert titles.smart_case("HERRAMIENTAS DE DATOS ABIERTOS EN COSTA RICA") == \
        "Herramientas de Datos Abiertos en Costa Rica"
    assert titles.smart_case("PARLIAMENT OF SRI LANKA") == "Parliament of Sri Lanka"
    assert titles.smart_case("DIGITAL STRATEGY OF FIJI") == "Digital Strategy of Fiji"
    # acronyms stay: a body's, and a country's code
    assert titles.smart_case("UNDP SUPPORT TO THE USA AND UK") == "UNDP Support to the USA and UK"


def test_a_memos_subject_over_two_lines_is_read_whole_and_a_subtitle_that_is_an_edition_is_none():
    found = titles.memo_subject(["MEMORANDUM", "AUX : CONSEILS D'ADMINISTRATION", "DE : Secrétaire générale",
                                 "OBJET : NOTE D'INFORMATION SUR LA SEMAINE",
                                 "MONDIALE DE LA STATISTIQUE 2015*",
                                 "Veuillez trouver ci-joint le document cité en objet."])
    assert found.text == "Note d'Information sur la Semaine Mondiale de la Statistique 2015"
    found = titles.memo_subject(["SUBJECT: Policies for Federal Agency Public Websites",
                                 "This memorandum sets out new policies for the agencies and", "their websites."])
    assert found.text == "Policies for Federal Agency Public Websites"
    data = _docx([("Title", "La seguridad en el servicio de firma"), ("Subtitle", "Versión 1.4"), ("Normal", BODY)])
    assert extract(data, Hints(name="firma.docx"), Limits()).title == "La seguridad en el servicio de firma"


def test_a_letter_spaced_masthead_is_a_letterhead_not_the_title():
    data = layout_pdf([("U N I T E D   N A T I O N S", 14, "B"),
                       ("Message on World Statistics Day", 11, "B")])
    assert pdf_title(data)[0] == "Message on World Statistics Day"
    assert titles.is_letter_spaced("N A T I O N S  U N I E S") and not titles.is_letter_spaced("A New Deal")


def test_a_paragraph_run_on_from_its_first_line_is_never_the_title():
    """A first page whose title is in a picture: the text opens on a numbered
    section and a paragraph whose lines run on ("… to strengthen the" /
    "knowledge …"). No title from the text is better than the paragraph."""
    opening = ("The evaluation association is a body of professional practitioners that aims to strengthen the\n"
               "knowledge and practices in monitoring and evaluation, research, and learning among its\n"
               "membership, with the office of the prime minister as the lead agency in promoting the\n"
               "culture of evaluation in ministries, departments and agencies.")
    data = layout_pdf([("1. Introduction", 20, "B")], body=opening + "\n\n" + BODY)
    title, _ = pdf_title(data)
    assert len(titles.words(title)) <= 20 and "practitioners" not in title


def test_a_lead_in_ending_in_a_colon_does_not_take_the_paragraphs_after_it():
    data = _docx([("Normal", "Considerando que:"), ("Normal", BODY), ("Normal", BODY)])
    result = extract(data, Hints(name="acordo.docx"), Limits())
    assert "Considerando" not in result.title and len(titles.words(result.title)) <= 20


def test_docx_title_in_the_page_header_when_the_body_opens_on_running_text():
    """An agreement template that sets its name in the page header, a blank
    left in it for the other party, and a running header's reference line."""
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = "Protocolo | n.º /-AMA"
    header.add_paragraph("PROTOCOLO ENTRE A AGÊNCIA PARA A MODERNIZAÇÃO ADMINISTRATIVA, I.P. E O/A "
                         "__________________ PARA A DISPONIBILIZAÇÃO DO SERVIÇO DE ASSINATURA DE FATURAS")
    for text in ("Entre a Agência para a Modernização Administrativa, I.P., de ora em diante designada "
                 "por AMA ou Primeira Outorgante, com sede em Lisboa, neste ato representada pela sua presidente.",
                 "E", "Considerando que:", BODY):
        document.add_paragraph(text)
    out = __import__("io").BytesIO()
    document.save(out)
    result = extract(out.getvalue(), Hints(name="protocolo.docx"), Limits())
    assert title_key(result.title) == title_key(
        "Protocolo entre a Agência para a Modernização Administrativa, I.P. e o/a para a disponibilização "
        "do serviço de assinatura de faturas")
    assert "_" not in result.title and "page header" in result.title_reason


def test_a_one_word_line_over_the_line_it_leads_is_part_of_the_subtitle():
    data = layout_pdf([("OPEN DATA", 40, "B"), ("ATELIER", 30, "B"), ("FRESQUE DE LA DONNEE OUVERTE", 30, "B")],
                      body="Direction des données. " + BODY)
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Open Data: Atelier Fresque de la Donnee Ouverte")
    assert "with the subtitle" in reason


def test_a_space_pdfium_puts_into_tracked_capitals_is_taken_out():
    """Widely tracked capitals where the PDF's text has a space no gap shows
    ("RAPPOR T"): the word as printed, and the title with it."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 36)
    pdf.set_char_spacing(8)
    pdf.text(40, 120, "RAPPOR ")
    pdf.text(40 + pdf.get_string_width("RAPPOR"), 120, "T")
    pdf.text(40, 140, "D'ACTIVITES 2023")
    pdf.set_char_spacing(0)
    pdf.set_font("Helvetica", "", 10)
    pdf.set_xy(20, 160)
    pdf.multi_cell(0, 5, BODY)
    title, _ = pdf_title(bytes(pdf.output()))
    assert title_key(title) == "rapport d activites 2023"


def _saved(deck) -> bytes:
    out = __import__("io").BytesIO()
    deck.save(out)
    return out.getvalue()


def test_pptx_a_cover_of_pictures_only_is_titled_by_the_next_slide_with_its_one_line_body():
    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[6])                # a logo-only cover: no text at all
    section = deck.slides.add_slide(deck.slide_layouts[2])      # section header: title and one body line
    section.shapes.title.text = "Mesa de Discusión"
    section.placeholders[1].text = "Diagnóstico y panorama general de posibles proyectos de intervención"
    points = deck.slides.add_slide(deck.slide_layouts[1])
    points.shapes.title.text = "Objetivos"
    points.placeholders[1].text = "Conocer el diagnóstico\nPriorizar proyectos"
    deck.core_properties.title = "Sesión 3.3. Otra sesión del año anterior"
    result = extract(_saved(deck), Hints(name="taller.pptx"), Limits())
    assert title_key(result.title) == title_key(
        "Mesa de Discusión: Diagnóstico y panorama general de posibles proyectos de intervención")
    assert "the second slide" in result.title_reason and "first slide has no text" in result.title_reason


def test_pptx_one_text_box_of_title_subtitle_and_office_in_one_size_keeps_the_title_and_subtitle():
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    site = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(3), Inches(0.5)).text_frame
    site.text = "mg.gov.br"
    site.paragraphs[0].runs[0].font.size = Pt(24)
    frame = slide.shapes.add_textbox(Inches(1), Inches(1.5), Inches(8), Inches(4)).text_frame
    for i, text in enumerate(["Abertura de Dados", "", "Oficina hands-on", "",
                              "Diretoria Central de Transparência Ativa",
                              "Controladoria Geral do Estado de Minas Gerais"]):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if text:
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(40)
    result = extract(_saved(deck), Hints(name="oficina.pptx"), Limits())
    assert title_key(result.title) == title_key("Abertura de Dados: Oficina hands-on")


def test_docx_the_authors_line_set_like_the_title_is_not_part_of_it():
    data = _formatted_docx([("Balancing Governance Efficiency and Information Privacy in Urban Governance", 11, True, False),
                            ("Gautham Ravichander and Chintan Vaishnav", 11, True, False),
                            (BODY, 11, False, False)])
    result = extract(data, Hints(name="memo.docx"), Limits())
    assert result.title == "Balancing Governance Efficiency and Information Privacy in Urban Governance"


def test_a_memos_to_from_and_date_fields_are_not_its_title():
    data = _docx([("Normal", "To: Tennessee Higher Education Commission"), ("Normal", "From: Chase Stahl"),
                  ("Normal", "Date: February 15th, 2023"), ("Normal", "Tennessee Education Lottery Scholarship Bill"),
                  ("Normal", BODY)])
    result = extract(data, Hints(name="memo.docx"), Limits())
    assert result.title == "Tennessee Education Lottery Scholarship Bill"


@pytest.mark.parametrize("frequency", ["PARAISSANT LE SAMEDI DE CHAQUE SEMAINE", "Published every Friday by authority",
                                       "Publicado todos los días hábiles"])
def test_a_gazettes_frequency_under_its_name_is_no_subtitle(frequency):
    data = layout_pdf([("JOURNAL OFFICIEL", 44, "BC"), ("DE LA REPUBLIQUE DU SENEGAL", 22, "BC"),
                       (frequency, 16, "BC")])
    title, _ = pdf_title(data)
    assert title_key(title) == "journal officiel de la republique du senegal"


def test_plain_lines_a_long_title_whose_first_line_ends_in_a_comma_is_joined_whole():
    data = _docx([("Normal", "Lineamientos para la Integración y Funcionamiento de los Comités Bienestar,"),
                  ("Normal", "de los Comités de Contraloría Social y de los Vocales de Control y Vigilancia en"),
                  ("Normal", "el Estado de Oaxaca y sus Municipios"), ("Normal", ""), ("Normal", "TÍTULO I"),
                  ("Normal", "Artículo 1º.- Los presentes Lineamientos tienen por objeto establecer las bases. " * 3)])
    result = extract(data, Hints(name="lineamientos.docx"), Limits())
    assert result.title == ("Lineamientos para la Integración y Funcionamiento de los Comités Bienestar, de los "
                            "Comités de Contraloría Social y de los Vocales de Control y Vigilancia en el Estado "
                            "de Oaxaca y sus Municipios")


@pytest.mark.parametrize("opening", [
    ["In its second year the ministry of health and the digital agency launched,",
     "with the support of partners, a service that reached every district."],
    ["de los Comités de Contraloría Social y de los Vocales de Control y Vigilancia"],
])
def test_plain_lines_a_sentence_or_the_rest_of_a_phrase_is_no_title(opening):
    data = _docx([("Normal", line) for line in opening] + [("Normal", ""), ("Normal", BODY)])
    result = extract(data, Hints(name="nota.docx"), Limits())
    assert not any(title_key(line) in title_key(result.title) for line in opening)


def test_a_law_named_by_its_number_takes_what_it_does_from_under_its_date_and_gazette():
    """A legislation site's page printed to PDF: its address and rights notice
    in larger type, the law's number in bold, then its date, gazette and
    enacting body, then what it does."""
    data = layout_pdf([("http://www.secretariasenado.gov.co/senado/basedoc/ley_1801_2016.html", 14, ""),
                       ("Derechos de autor reservados - Prohibida su reproducción", 12, "B"),
                       ("LEY 1801 DE 2016", 12, "BC"), ("(Julio 29)", 10, "C"),
                       ("Diario Oficial No. 49.949 de 29 de julio de 2016", 10, "C"),
                       ("CONGRESO DE LA REPÚBLICA", 10, "BC"),
                       ("Por la cual se expide el Código Nacional de Seguridad y Convivencia Ciudadana.", 10, "C")],
                      title="Texto oficial sin modificaciones",
                      body="Texto oficial sin modificaciones. " + BODY)
    title, reason = pdf_title(data)
    assert title_key(title) == title_key(
        "Ley 1801 de 2016 por la cual se expide el Código Nacional de Seguridad y Convivencia Ciudadana")
    assert not title.endswith(".") and "what the law does" in reason


def test_a_portuguese_law_number_takes_its_dispoe_sobre_clause():
    data = layout_pdf([("LEI Nº 13.709, DE 14 DE AGOSTO DE 2018", 16, "BC"),
                       ("Dispõe sobre a proteção de dados pessoais e altera a Lei nº 12.965, de 23 de abril de 2014.",
                        11, "C"),
                       ("O PRESIDENTE DA REPÚBLICA Faço saber que o Congresso Nacional decreta e eu sanciono a "
                        "seguinte Lei:", 10, "")])
    title, _ = pdf_title(data)
    assert title_key(title) == title_key("Lei nº 13.709, de 14 de agosto de 2018 Dispõe sobre a proteção de dados "
                                         "pessoais e altera a Lei nº 12.965, de 23 de abril de 2014")


@pytest.mark.parametrize("line", ["Derechos de autor reservados - Prohibida su reproducción",
                                  "© 2021 Ministry of Finance. All rights reserved.", "Tous droits réservés"])
def test_a_rights_notice_is_a_marking_not_a_title(line):
    assert titles.is_marking(line)
    assert not titles.is_marking("The Digital Millennium Copyright Act of 1998")


def test_a_collections_banner_gives_way_to_the_stated_title_that_a_line_under_it_says():
    data = layout_pdf([("LEGISLACIÓN CONSOLIDADA", 14, "BC"), ("Constitución Española.", 13, "C"),
                       ("Cortes Generales", 10, "C"), ("«BOE» núm. 311, de 29 de diciembre de 1978", 10, "C")],
                      title="Constitución Española.")
    title, reason = pdf_title(data)
    assert title == "Constitución Española" and reason.startswith("the PDF metadata title")


def test_an_annexs_label_over_its_title_and_the_articles_it_is_made_under_are_left_out():
    data = _formatted_docx([("ANEXO II", 12, True, True), ("PLANO DE TRABALHO", 12, True, True),
                            ("Art. 22 da Lei federal 13.019/2014 e alterações", 12, True, True),
                            ("Art. 25 do Decreto municipal nº 27.391/2017", 12, True, True),
                            ("Dados da Administração Pública Municipal", 12, True, False),
                            ("Secretaria Municipal Responsável", 12, False, False), (BODY, 12, False, False)])
    result = extract(data, Hints(name="anexo.docx"), Limits())
    assert result.title == "Plano de Trabalho"


def test_the_class_group_under_a_course_works_title_is_not_its_subtitle():
    deck = title_slide("Prévision des Crues", "Projet TPE INF 365 - Groupe 24")
    assert extract(deck, Hints(name="p.pptx"), Limits()).title == "Prévision des Crues"
    assert not titles.may_be_subtitle("Team 7 final submission") and titles.may_be_subtitle("Open Data for Group Work")


def test_a_short_word_in_a_capitals_title_that_the_text_writes_in_lower_case_is_no_acronym():
    data = layout_pdf([("TRABAJO FIN DE CICLO", 24, "BC"), ("GESTIÓN DE LAS TIC EN LA ADMINISTRACIÓN", 16, "BC")],
                      body="Este trabajo se hizo con el fin de mejorar la gestión de las tic en la administración. " * 4)
    title, _ = pdf_title(data)
    assert title.startswith("Trabajo Fin de Ciclo")
    plain, _ = pdf_title(layout_pdf([("TRABAJO FIN DE CICLO", 24, "BC")], body=BODY))
    assert plain.startswith("Trabajo FIN de Ciclo")       # nothing says otherwise: it may be an acronym


def test_an_update_note_after_a_dash_leaves_the_title():
    assert titles.strip_tail("Códigos de erro da aplicação e SDK - actualizado a 06/06/2025") == \
        "Códigos de erro da aplicação e SDK"
    assert titles.strip_tail("Open Data Charter – updated March 2024") == "Open Data Charter"


def test_a_files_reference_over_the_title_is_passed_over():
    data = _formatted_docx([("PE-CONS 2/26 - 2023/0447(COD)", 12, True, False),
                            ("REGULAMENTO (UE) 2026/... DO PARLAMENTO EUROPEU E DO CONSELHO", 12, True, True),
                            ("relativo ao bem-estar dos cães e dos gatos e à respetiva rastreabilidade", 12, True, True),
                            ("(Texto relevante para efeitos do EEE)", 12, False, True), (BODY, 12, False, False)])
    result = extract(data, Hints(name="regulamento.docx"), Limits())
    assert "PE-CONS" not in result.title and "bem-estar dos cães" in result.title
    assert titles.is_reference_line("Ref. 12/2020/DG-45") and not titles.is_reference_line("Decreto nº 9.094/2017")


@pytest.mark.parametrize("line", ["March 13th and 14th 2023 | IIIT Bangalore", "Kigali, 3 et 4 mai 2019"])
def test_when_and_where_an_event_was_held_is_no_title(line):
    assert titles.is_date_and_place(line)
    data = layout_pdf([(line, 24, "BC"), ("Digital Identity Country Conversations", 18, "BC")])
    title, _ = pdf_title(data)
    assert title == "Digital Identity Country Conversations"


def test_a_cover_set_in_the_texts_type_is_titled_by_its_block_of_centred_capitals():
    """A development bank's project document: its letterhead, a marking and
    a report number over a centred block of capitals in the text's own
    size, joined by lines of small words ("ON A", "TO THE"), down to the date."""
    block = ["PROJECT APPRAISAL DOCUMENT", "ON A", "PROPOSED LOAN", "IN THE AMOUNT OF US$200 MILLION", "TO THE",
             "DEMOCRATIC SOCIALIST REPUBLIC OF SRI LANKA", "FOR A", "PRIMARY HEALTH CARE SYSTEM STRENGTHENING PROJECT"]
    data = layout_pdf([("Document of", 11, "C"), ("The World Bank", 14, "BC"), ("FOR OFFICIAL USE ONLY", 12, "BC"),
                       ("Report No: PAD2695", 12, "R"), ("INTERNATIONAL BANK FOR RECONSTRUCTION AND DEVELOPMENT", 12, "C"),
                       *[(line, 12, "C") for line in block], ("June 4, 2018", 12, "C")],
                      title="World Bank Document", body_size=12)
    title, reason = pdf_title(data)
    assert title_key(title) == title_key(" ".join(block))
    assert "centred capitals" in reason


def test_a_line_set_far_under_a_title_of_several_lines_is_neither_its_next_line_nor_its_subtitle():
    data = _formatted_docx([("POLÍTICAS, BASES Y LINEAMIENTOS EN", 22, True, True),
                            ("MATERIA DE ADQUISICIONES, ARRENDAMIENTOS", 22, True, True),
                            ("Y SERVICIOS", 22, True, True), ("", 22, False, True), ("", 22, False, True),
                            ("NOGALES SONORA.", 22, True, True), ("Abril 2023", 11, False, True),
                            (BODY, 11, False, False)])
    result = extract(data, Hints(name="pobalines.docx"), Limits())
    assert result.title == "Políticas, Bases y Lineamientos en Materia de Adquisiciones, Arrendamientos y Servicios"


def test_a_line_that_only_lists_countries_is_where_a_project_is_not_its_title():
    data = layout_pdf([("PROJECT APPRAISAL REPORT", 14, "BC"),
                       ("MULTI-NATIONAL - CLIMATE DISASTER RISK FINANCING PROJECT", 12, "C"),
                       ("April 2024", 12, "C"), ("MULTI-NATIONAL (COMOROS, DJIBOUTI, SOMALIA)", 18, "C")],
                      body_size=9)
    title, _ = pdf_title(data)
    assert title_key(title) == "project appraisal report multi national climate disaster risk financing project"
    assert titles.lists_countries("Fiji, Samoa and Tonga") and not titles.lists_countries("Digital Fiji and Samoa")


def test_a_title_far_under_a_letter_spaced_logo_is_still_found():
    data = _formatted_docx([("A F R I C A N  D E V E L O P M E N T  B A N K  G R O U P", 16, False, True)]
                           + [("", 11, False, False)] * 18
                           + [("PROJECT APPRAISAL REPORT", 14, True, True), ("April 2024", 12, False, True),
                              (BODY, 9, False, False)])
    result = extract(data, Hints(name="par.docx"), Limits())
    assert title_key(result.title) == "project appraisal report"


def test_a_lead_in_over_numbered_questions_is_the_title_without_its_colon():
    data = _docx([("Normal", "Tire suas dúvidas sobre a proposta do Plano Diretor Sustentável:"),
                  ("Normal", "1. O que é o Plano Diretor Sustentável e por que ele importa para a minha vida?"),
                  ("Normal", "O Plano Diretor Sustentável é a principal lei que organiza o crescimento da cidade. " * 3)],
                 core_title="Word Document")
    result = extract(data, Hints(name="faq.docx"), Limits())
    assert result.title == "Tire suas dúvidas sobre a proposta do Plano Diretor Sustentável"


def test_a_forms_field_and_its_number_are_not_the_title():
    data = _docx([("Normal", "EXERCÍCIO: 2017"), ("Normal", "PÁGINA: 1"),
                  ("Normal", "Relatório de Gestão Fiscal do Poder Executivo"), ("Normal", BODY)])
    result = extract(data, Hints(name="rgf.docx"), Limits())
    assert result.title == "Relatório de Gestão Fiscal do Poder Executivo"


_REGULATOR = [(20, 18, 80, "Autorité de Régulation", 12, "BC"),
              (20, 24, 80, "des Postes et des Communications", 12, "BC"),
              (20, 30, 80, "et du Numérique", 12, "BC")]
_MOTTO = [(130, 17, 60, "REPUBLIQUE DU BELIZIA", 9, "BC"), (130, 22, 60, "Travail - Liberté - Patrie", 9, "C")]


@pytest.mark.parametrize("beside, size, act", [
    # the country and its motto on the right, the decision a little larger than the name
    (_MOTTO, 13.5, "Portant attribution d'un numéro court au Service national des impôts"),
    # nothing beside, the decision in the name's own type (it names a ministry too)
    ([], 12, "Portant attribution de numéro court au Ministère de l'Economie Numérique"),
], ids=["motto beside the name", "the name's own type"])
def test_a_regulators_name_over_three_lines_is_peeled_whole_from_its_decision(beside, size, act):
    """A regulator's decision: its name over three lines on the left (the
    second and third go on from the first), then the decision's number and
    what it does in bold, set apart under it. A motto beside the name is
    letterhead, not running text."""
    data = placed_pdf(_REGULATOR + beside + [(20, 45, 170, "DECISION N° 114/ARPC/DG/21", size, "BC"),
                                             (20, 52, 170, act, size, "BC"), (20, 75, 170, BODY, 11, "")])
    title, reason = pdf_title(data)
    assert title_key(title) == title_key(f"DECISION N° 114/ARPC/DG/21 {act}"), (title, reason)


def test_a_parliaments_session_line_is_front_matter_not_the_title():
    for line in ("PREMIERE SESSION EXTRAORDINAIRE DE L'ANNÉE 2024", "XIVème LÉGISLATURE", "Seventy-eighth session",
                 "SESSION ORDINAIRE DE 2023-2024", "Seizième législature", "Segunda Legislatura"):
        assert titles.is_marking(line), line
    for line in ("Session Report", "Closing the Digital Divide", "La législature et le numérique"):
        assert not titles.is_marking(line), line


def test_a_committee_report_is_titled_from_its_kind_to_its_rapporteur():
    """A francophone parliament's report on a bill: the assembly and its
    session over it, then "RAPPORT" / "FAIT AU NOM DE" / the committee /
    "SUR" / the bill, in two sizes, then "PAR" and the rapporteur."""
    data = layout_pdf([("RÉPUBLIQUE DU BELIZIA", 16, ""), ("ASSEMBLÉE NATIONALE", 16, ""),
                       ("XIVème LÉGISLATURE", 16, ""),
                       ("PREMIERE SESSION EXTRAORDINAIRE DE L'ANNÉE 2024", 17, "C"),
                       ("RAPPORT", 14, "C"), ("FAIT AU NOM DE", 14, "C"),
                       ("LA COMMISSION DES LOIS, DE LA DÉCENTRALISATION ET DU TRAVAIL", 16, "C"),
                       ("SUR", 14, "C"),
                       ("LA PROPOSITION DE LOI ORGANIQUE N°10/2024 MODIFIANT LA LOI ORGANIQUE N°2002-20 "
                        "PORTANT RÈGLEMENT INTÉRIEUR DE L'ASSEMBLÉE NATIONALE", 16, "C"),
                       ("PAR", 14, "R"), ("M. Abdou DIALLO", 14, "R"), ("RAPPORTEUR", 14, "R")],
                      body_size=14)
    title, reason = pdf_title(data)
    assert title_key(title) == title_key(
        "Rapport fait au nom de la Commission des lois, de la décentralisation et du travail sur la proposition "
        "de loi organique n°10/2024 modifiant la loi organique n°2002-20 portant règlement intérieur de "
        "l'Assemblée nationale"), (title, reason)


def test_a_gazettes_section_headings_are_not_the_title_of_the_act_under_them():
    data = layout_pdf([("JOURNAL OFFICIEL DE LA RÉPUBLIQUE FRANÇAISE", 9, "C"),
                       ("Décrets, arrêtés, circulaires", 25, "C"), ("TEXTES GÉNÉRAUX", 16, "C"),
                       ("PREMIER MINISTRE", 10.5, "BC"),
                       ("Décret no 2016-1036 du 28 juillet 2016 relatif aux modalités de fixation des redevances "
                        "de réutilisation des informations du secteur public", 11, "BC"),
                       ("NOR : PRMJ1614172D", 8, "C")], body_size=11)
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Décret n° 2016-1036 du 28 juillet 2016 relatif aux modalités de fixation "
                                         "des redevances de réutilisation des informations du secteur public"), \
        (title, reason)
    for line in ("Normas Legales", "Atos do Poder Executivo", "Mesures nominatives", "Avis et communications"):
        assert titles.is_section_name(line), line


def test_a_title_line_that_runs_on_is_continued_even_by_a_dated_line():
    """"… prises sur le fondement de la" / "loi n° 2017-1340 du 15 septembre
    2017 d'habilitation …": the date is inside the title's phrase."""
    data = layout_pdf([("Décision n° 2018-761 DC", 18, "BC"),
                       ("Loi ratifiant diverses ordonnances prises sur le fondement de la", 18, "BC"),
                       ("loi n° 2017-1340 du 15 septembre 2017 d'habilitation à prendre par ordonnances", 18, "BC"),
                       ("Liste des contributions extérieures", 16, "BC")])
    title, reason = pdf_title(data)
    assert "loi n° 2017-1340 du 15 septembre 2017 d'habilitation" in title, (title, reason)


def test_a_title_line_stopping_mid_phrase_goes_on_in_capitals_that_read_smaller():
    """OCR gives a line of capitals a smaller size than the lines above it
    (no descenders): "implementación del" / "DCAT-AP-ES HVD" is one title."""
    data = layout_pdf([("Guía técnica de", 40, ""), ("implementación del", 40, ""), ("DCAT-AP-ES HVD", 34, ""),
                       ("Enero de 2025", 14, "")], body_size=12)
    title, reason = pdf_title(data)
    assert title == "Guía técnica de implementación del DCAT-AP-ES HVD", (title, reason)


def test_a_kind_of_document_inside_a_bodys_name_leaves_it_a_letterhead():
    """"Ministère … du Plan", "Direction des Études": the kind is part of the
    body's name; "Ministry of Health Strategic Plan" is a title."""
    assert titles.is_org_line("Ministère de l’Économie, du Plan et de la Coopération")
    assert titles.is_org_line("Direction des Études et des Statistiques")
    assert not titles.is_org_line("Ministry of Health Strategic Plan 2020-2024")
    assert not titles.is_org_line("Ministère de la Santé : plan national de santé numérique")
    data = _formatted_docx([("Ministère de l’Économie, du Plan et de la Coopération", 12, False, False),
                            ("Direction Générale de la Planification", 12, False, False),
                            ("MANUEL DE PROCÉDURE", 16, True, True),
                            ("Plateforme de Soumission et Maturation des Projets", 16, True, True),
                            ("Version 1.0 - Novembre 2025", 12, True, True), (BODY, 12, False, False)])
    result = extract(data, Hints(name="manuel.docx"), Limits())
    assert title_key(result.title) == title_key("Manuel de procédure: Plateforme de Soumission et Maturation "
                                                "des Projets"), (result.title, result.title_reason)


def test_docx_minutes_opening_on_a_label_and_tabbed_rows_take_the_title_in_the_header():
    """Minutes whose body opens on "Participants:" in bold over rows set out
    with tabs (body, name); the header says what they are."""
    import io

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "ICEG Review Committee\t\tMeeting minutes"
    document.add_paragraph().add_run("Participants:").bold = True
    for row in ("Flemish Community:\tBuyle Raf", "French Community\t\tBrouwer Thierry",
                "FPS Finance\t\t\tJanssens Raf", "Region Brussels\t\tHof Alexander"):
        document.add_paragraph(row)
    document.add_paragraph(BODY)
    out = io.BytesIO()
    document.save(out)
    result = extract(out.getvalue(), Hints(name="minutes.docx"), Limits())
    assert title_key(result.title) == title_key("ICEG Review Committee Meeting minutes"), \
        (result.title, result.title_reason)


def test_docx_capitals_title_is_cased_by_the_words_its_text_writes_in_lower_case():
    """A press release's title in capitals: "RED" is written "red" in its
    text, so it is a word, not an acronym; "AFIN" and "TIPO" are common words."""
    data = _formatted_docx([("NUEVA RED DE OFICINAS AFIN DE ACERCAR CADA TIPO DE TRÁMITE", 14, True, False),
                            ("La red de oficinas abre en marzo. " + BODY, 11, False, False)])
    result = extract(data, Hints(name="comunicado.docx"), Limits())
    assert result.title == "Nueva Red de Oficinas Afin de Acercar Cada Tipo de Trámite", \
        (result.title, result.title_reason)


def test_a_kind_of_document_that_says_what_it_is_about_takes_no_issuer():
    assert not titles.is_generic("RAPPORT SUR LES FINANCES PUBLIQUES")
    assert not titles.is_generic("Informe sobre la situación fiscal de los municipios")
    assert titles.is_generic("Annual Report 2019") and titles.is_generic("Report on Activities 2019")


def test_a_speech_by_a_minister_is_no_letterhead():
    assert not titles.is_org_line("Discours de M. Gabriel Attal, Premier ministre")
    assert titles.is_org_line("PREMIER MINISTRE")


def test_a_standards_version_after_its_number_is_no_draft_mark():
    assert titles.implausible("Evaluación de aplicaciones móviles aplicando EN 301549 V2.1.2") == ""
    assert titles.implausible("Open data strategy v1.2") != ""
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = "Evaluación de la accesibilidad de aplicaciones móviles aplicando EN 301549 V2.1.2"
    slide.placeholders[1].text = "José Ramón Hilera González\vjose.hilera@uah.es\n(2019)"
    import io
    out = io.BytesIO()
    prs.save(out)
    result = extract(out.getvalue(), Hints(name="slides.pptx"), Limits())
    assert result.title == "Evaluación de la accesibilidad de aplicaciones móviles aplicando EN 301549 V2.1.2", \
        (result.title, result.title_reason)


def test_a_scanning_apps_mark_is_no_title():
    for line in ("Scanned with CamScanner", "Digitalizado com CamScanner", "Escaneado con CamScanner"):
        assert titles.is_marking(line), line
    assert not titles.is_marking("Scanner procurement guide")
    data = layout_pdf([("Llamado a Licitación Pública N° 10/2023", 16, "BC"), ("Scanned with CamScanner", 21, "R")])
    assert pdf_title(data)[0] == "Llamado a Licitación Pública N° 10/2023"


def test_plain_lines_a_heading_in_capitals_over_two_lines_is_joined():
    found = titles.from_lines(["ACTA DE SESIÓN DEL CONSEJO CIUDADANO DE RADIO UNIVERSIDAD",
                               "AUTÓNOMA DE AGUASCALIENTES 94.5FM XHUAA. 12-06-2020",
                               "En la ciudad de Aguascalientes, siendo las once horas del día doce de junio, se reúne"])
    assert found is not None and title_key(found.text) == title_key(
        "Acta de sesión del Consejo Ciudadano de Radio Universidad Autónoma de Aguascalientes 94.5FM XHUAA. "
        "12-06-2020"), found
    # a heading in capitals over a line of capitals that names the office stays one line
    found = titles.from_lines(["INFORME DE GESTIÓN ANUAL", "MINISTERIO DE HACIENDA", "El presente informe resume"])
    assert found is not None and title_key(found.text) == title_key("Informe de gestión anual"), found


def test_a_programme_and_its_bodys_initials_under_the_title_are_no_subtitle():
    data = layout_pdf([("Guía Técnica de Servicios Terminológicos", 24, "B"), ("Salud Digital - AGESIC", 20, ""),
                       ("Versión 3.3", 20, ""), ("Diciembre 2024", 20, "")], body_size=12)
    title, reason = pdf_title(data)
    assert title == "Guía Técnica de Servicios Terminológicos", (title, reason)
    kept = layout_pdf([("Guía Técnica de Servicios Terminológicos", 24, "B"),
                       ("Interoperabilidad semántica en salud", 20, "")], body_size=12)
    assert pdf_title(kept)[0] == "Guía Técnica de Servicios Terminológicos — Interoperabilidad semántica en salud"


def test_a_report_to_parliament_takes_its_subject_past_the_article_it_is_made_under():
    """"Rapport du gouvernement au Parlement", then the article of the code
    that requires it in smaller type, then what it reports on."""
    assert titles.cites_an_article("Établi conformément à l'article L. 230-5-1 du code rural")
    assert titles.cites_an_article("Submitted pursuant to section 3 of the Act")
    data = layout_pdf([("Rapport du gouvernement au Parlement", 20, "BC"),
                       ("Établi conformément à l'article L. 230-5-1 du code rural et de la pêche maritime", 12, "BC"),
                       ("Bilan statistique annuel 2023 de l'application des objectifs d'approvisionnement", 16, "BC"),
                       ("N°59 (2023-2024)", 10, "C")])
    title, reason = pdf_title(data)
    assert title_key(title) == title_key("Rapport du gouvernement au Parlement — Bilan statistique annuel 2023 de "
                                         "l'application des objectifs d'approvisionnement"), (title, reason)


def test_a_decks_presenters_in_its_largest_type_are_no_title():
    """A slide deck printed to PDF whose title is a picture: its text is the
    presenters' names over their addresses, and its metadata the office
    suite's name for a new deck."""
    for stated in ("Apresentação do PowerPoint", "PowerPoint Presentation", "Presentación de PowerPoint",
                   "Diapositiva 1"):
        assert titles.implausible(stated), stated
    assert not titles.implausible("PowerPoint tips for civil servants")
    data = layout_pdf([("Lara Mesquita", 22, "BR"), ("lara.mesquita@example.org", 22, "R"),
                       ("Guilherme Russo", 22, "BR"), ("guilherme.russo@example.org", 22, "R")],
                      title="Apresentação do PowerPoint", body="")
    result = extract(data, Hints(name="dados-eleitorais.pdf"), Limits())
    assert "Mesquita" not in result.title and "Apresentação" not in result.title, result.title
    assert titles.from_lines(["(Nicolau 2017: Zahar)", "Lara Mesquita", "lara@example.org"]) is None
