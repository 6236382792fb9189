"""Builders for real fixture documents, generated in memory.

Tests across ingest (extraction, pipeline, sources) need PDFs, decks, Word
files and web pages with known content; generating them with the same
libraries authors' tools use keeps the fixtures honest and the repository
free of binary blobs.
"""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from typing import Sequence

import docx
from fpdf import FPDF
from fpdf.enums import EncryptionMethod
from pptx import Presentation
from pptx.util import Inches

WHEN = datetime(2021, 3, 4, 5, 6, 7, tzinfo=timezone.utc)


def make_pdf(
    pages: Sequence[str],
    title: str = "Digital Government Strategy",
    author: str = "Ministry of Digital Affairs",
    encrypt_password: str | None = None,
    subject: str = "",
    keywords: str = "",
    created: datetime | None = WHEN,
) -> bytes:
    """A text PDF, one physical page per string (an empty string gives a
    blank page). With `encrypt_password` the PDF needs that password to open."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    if subject:
        pdf.set_subject(subject)
    if keywords:
        pdf.set_keywords(keywords)
    if created is not None:
        pdf.set_creation_date(created)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 8, text)
    if encrypt_password is not None:
        pdf.set_encryption(
            owner_password="owner-" + encrypt_password,
            user_password=encrypt_password,
            encryption_method=EncryptionMethod.RC4,
        )
    return bytes(pdf.output())


def make_image_only_pdf(pages: int = 2) -> bytes:
    """A PDF like a scan: each page one picture, no text layer at all."""
    from PIL import Image, ImageDraw  # Pillow comes with fpdf2

    pdf = FPDF()
    for n in range(pages):
        image = Image.new("RGB", (400, 500), "white")
        draw = ImageDraw.Draw(image)
        for y in range(40, 460, 24):
            draw.rectangle((40, y, 360 - (y * 7 + n * 13) % 120, y + 10), fill="black")
        pdf.add_page()
        pdf.image(image, x=10, y=10, w=180)
    return bytes(pdf.output())


def make_scanned_pdf(pages: Sequence[str], scanned: set[int] | None = None, dpi: int = 200) -> bytes:
    """A PDF like a scanner makes: each page of `pages` printed as a text PDF,
    then rendered to a picture (by PDFium) and placed as the page's only
    content, so it has no text layer. `scanned` (page numbers from 1; all by
    default) chooses which pages become pictures; the others keep their text."""
    import pypdfium2 as pdfium

    printed = pdfium.PdfDocument(make_pdf_large(pages))
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("Helvetica", size=14)
    for number, text in enumerate(pages, start=1):
        pdf.add_page()
        if scanned is None or number in scanned:
            _place_picture(pdf, printed[number - 1], dpi)
        elif text:
            pdf.set_xy(56, 56)
            pdf.multi_cell(pdf.w - 112, 20, text)
    return bytes(pdf.output())


def make_scan_of(data: bytes, dpi: int = 200) -> bytes:
    """The PDF `data` as a scanner would give it back: each page a picture
    (rendered by PDFium) and nothing else, so no text layer."""
    import pypdfium2 as pdfium

    printed = pdfium.PdfDocument(data)
    pdf = FPDF(unit="pt", format="A4")
    for page in printed:
        pdf.add_page()
        _place_picture(pdf, page, dpi)
    return bytes(pdf.output())


def _place_picture(pdf: FPDF, page, dpi: int) -> None:
    """A PDFium page, rendered at `dpi` in grey, as the whole of `pdf`'s current page."""
    pdf.image(page.render(scale=dpi / 72, grayscale=True).to_pil(), x=0, y=0, w=pdf.w, h=pdf.h)


def pdf_file(objects: Sequence[bytes], root: int) -> bytes:
    """A PDF file of hand-written objects (object i+1 is `objects[i]`), with
    its cross-reference table and trailer; `root` is the catalog's number."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, xref))
    return out.getvalue()


def make_drawn_pdf(streams: Sequence[bytes], width: int = 612, height: int = 792) -> bytes:
    """A PDF written by hand, one page per content stream, so that a test
    says exactly how its text is set (text objects, kerning, spacing, rise,
    rotation): /F1 is the standard Helvetica, /F2 Helvetica-Bold, /F3
    Helvetica-Bold stating every capital 0.95 em wide, more than its letter
    is (as some design tools' fonts do): words placed apart in it have no
    space between them in PDFium's text."""
    bodies: list[bytes] = [
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding "
        b"/FirstChar 65 /LastChar 90 /Widths [%s] >>" % b" ".join([b"950"] * 26),
    ]
    pages_id = len(bodies) + 2 * len(streams) + 1
    kids = []
    for stream in streams:
        bodies.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        bodies.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                      b"/Resources << /Font << /F1 1 0 R /F2 2 0 R /F3 3 0 R >> >> >>"
                      % (pages_id, width, height, len(bodies)))
        kids.append(len(bodies))
    bodies.append(b"<< /Type /Pages /Kids [%s] /Count %d >>"
                  % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
    bodies.append(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    return pdf_file(bodies, root=len(bodies))


def make_pdf_large(pages: Sequence[str]) -> bytes:
    """A text PDF in 14-point type (the size a scanned report is printed in)."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_font("Helvetica", size=14)
    for text in pages:
        pdf.add_page()
        pdf.set_xy(56, 56)
        pdf.multi_cell(pdf.w - 112, 20, text)
    return bytes(pdf.output())


def make_page_tree_pdf(cyclic: bool = False, depth: int = 1, text: str = "Hello") -> bytes:
    """A hand-written PDF whose page tree is `depth` levels of /Pages nodes
    deep, or (with `cyclic`) whose tree lists its own root as a kid: the shapes
    of damaged page trees that make naive readers recurse forever."""
    objects: list[bytes] = []  # object i+1
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    # 1: catalog, 2: font, 3: content, 4: page, 5..: Pages nodes (5 is the root)
    first_node = 5
    nodes = max(depth, 1)
    objects.append(f"<< /Type /Catalog /Pages {first_node} 0 R >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    leaf_parent = first_node + nodes - 1
    objects.append(
        f"<< /Type /Page /Parent {leaf_parent} 0 R /MediaBox [0 0 612 792] "
        f"/Resources << /Font << /F1 2 0 R >> >> /Contents 3 0 R >>".encode()
    )
    for i in range(nodes):
        number = first_node + i
        kids = [f"{number + 1} 0 R"] if i < nodes - 1 else ["4 0 R"]
        if cyclic and i == nodes - 1:
            kids.append(f"{first_node} 0 R")
        parent = f"/Parent {number - 1} 0 R " if i else ""
        objects.append(
            f"<< /Type /Pages {parent}/Kids [{' '.join(kids)}] /Count 1 >>".encode()
        )
    return pdf_file(objects, root=1)


def make_pptx(
    slides: Sequence[tuple[str, str, str]],
    title: str = "",
    author: str = "",
    table: Sequence[Sequence[str]] | None = None,
    group_text: str | None = None,
) -> bytes:
    """A deck with one slide per (title, body, notes); empty notes add none.

    `table` puts a table on the first slide and `group_text` a text box
    inside a group shape on the first slide, the places text hides in decks.
    """
    deck = Presentation()
    layout = deck.slide_layouts[1]  # "Title and Content"
    for index, (heading, body, notes) in enumerate(slides):
        slide = deck.slides.add_slide(layout)
        slide.shapes.title.text = heading
        slide.placeholders[1].text = body
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
        if index == 0 and table:
            rows, cols = len(table), max(len(r) for r in table)
            frame = slide.shapes.add_table(rows, cols, Inches(1), Inches(4), Inches(6), Inches(1))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    frame.table.cell(r, c).text = value
        if index == 0 and group_text:
            group = slide.shapes.add_group_shape()
            box = group.shapes.add_textbox(Inches(1), Inches(6), Inches(3), Inches(1))
            box.text_frame.text = group_text
    deck.core_properties.title = title
    deck.core_properties.author = author
    deck.core_properties.created = WHEN.replace(tzinfo=None)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def make_docx(
    sections: Sequence[tuple[str, Sequence[str]]],
    table: Sequence[Sequence[str]] | None = None,
    title: str = "",
    author: str = "",
    heading_level: int = 1,
) -> bytes:
    """A Word document: each (heading, paragraphs) as a Heading paragraph and
    body paragraphs (an empty heading adds none); `table` is appended after
    the first section's paragraphs so document order can be checked."""
    document = docx.Document()
    for index, (heading, paragraphs) in enumerate(sections):
        if heading:
            document.add_heading(heading, level=heading_level)
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        if index == 0 and table:
            grid = document.add_table(rows=len(table), cols=max(len(r) for r in table))
            for r, row in enumerate(table):
                for c, value in enumerate(row):
                    grid.cell(r, c).text = value
    document.core_properties.title = title
    document.core_properties.author = author
    document.core_properties.created = WHEN.replace(tzinfo=None)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip_bomb_pptx(inflated_bytes: int = 64 * 1024 * 1024) -> bytes:
    """A real deck plus one media entry of `inflated_bytes` zeros: tens of
    kilobytes on disk, far more once unpacked (about 1000:1)."""
    base = make_pptx([("Budget", "Figures", "")])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED, compresslevel=9
    ) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        chunk = bytes(1024 * 1024)
        with dst.open("ppt/media/image99.bin", "w", force_zip64=True) as entry:
            left = inflated_bytes
            while left > 0:
                entry.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
    return out.getvalue()


def make_html(
    main: str,
    title: str = "e-Services Portal",
    lang: str | None = "en",
    head: str = "",
    chrome: bool = True,
    charset: str | None = "utf-8",
    wrap_main: bool = True,
) -> bytes:
    """A page with `main` (HTML) as its content, surrounded (with `chrome`) by
    the navigation, banner, scripts, cookie form and footer real sites have;
    every chrome text contains the word CHROME so tests can look for it."""
    meta = f'<meta charset="{charset}">' if charset else ""
    lang_attr = f' lang="{lang}"' if lang else ""
    around_top = around_bottom = ""
    if chrome:
        around_top = (
            '<header><a href="/">Home CHROME banner</a></header>'
            '<nav><ul><li><a href="/a">Services CHROME nav</a></li></ul></nav>'
            '<div role="navigation">Breadcrumb CHROME</div>'
            "<script>var x = 'CHROME script';</script>"
            "<style>body { color: red } /* CHROME style */</style>"
            "<noscript>CHROME enable javascript</noscript>"
        )
        around_bottom = (
            "<aside>Related CHROME aside</aside>"
            '<form action="/search"><input name="q"><label>Search CHROME form</label></form>'
            '<footer>Copyright CHROME footer</footer>'
            "<script>document.write('CHROME late script')</script>"
        )
    content = f"<main>{main}</main>" if wrap_main else main
    page = (
        f"<!DOCTYPE html><html{lang_attr}><head>{meta}<title>{title}</title>{head}</head>"
        f"<body>{around_top}{content}{around_bottom}</body></html>"
    )
    return page.encode(charset or "utf-8")


def write_case_studies(root) -> None:
    """Two small real PDFs the command-line tests search: a Fiji case study of
    a one stop shop portal and a Jamaica digital identity strategy."""
    (root / "fiji.pdf").write_bytes(make_pdf(
        ["Case study: Fiji.", "The one stop shop portal in Fiji joins business registration services."],
        title="Case study: the Fiji one stop shop"))
    (root / "jamaica.pdf").write_bytes(make_pdf(
        ["Jamaica national strategy for digital identity and one stop shop services."],
        title="Jamaica digital identity strategy"))


def with_link_to_a_missing_part(data: bytes, rels: str) -> bytes:
    """An OOXML package whose `rels` member gains a hyperlink written as an
    internal target ("#Licence") that names no part: what Word sometimes
    saves for a link to a bookmark."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    link = ('<Relationship Id="rIdKbLink" Target="#Licence" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/hyperlink"/></Relationships>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == rels:
                body = body.replace(b"</Relationships>", link.encode())
            copy.writestr(info, body)
    return out.getvalue()
