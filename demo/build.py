"""Build the illustrative demo corpus in demo/corpus/ from the texts in demo/texts/.

Every text here was written for KB; none is copied from an official publication.
The output is deterministic: fixed metadata dates, fixed zip entry timestamps for
the Office files, no random ids, so a re-run gives the same bytes.

    .venv/bin/python demo/build.py
"""
from __future__ import annotations

import csv
import html
import io
import json
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from texts import ALL_DOCS  # noqa: E402

OUT = HERE / "corpus"
SOURCE = "KB demo corpus"
LABEL = {
    "en": "Illustrative sample document written for the KB demo corpus; not an official publication.",
    "fr": "Document d'exemple fictif rédigé pour le corpus de démonstration KB ; ce n'est pas une publication officielle.",
    "es": "Documento de ejemplo ilustrativo redactado para el corpus de demostración de KB; no es una publicación oficial.",
    "pt": "Documento de exemplo ilustrativo redigido para o corpus de demonstração do KB; não é uma publicação oficial.",
}
LABEL_EN = LABEL["en"]
MANIFEST_COLUMNS = ["path", "title", "countries", "doc_type", "year", "topics",
                    "language", "source", "organisation"]


def label_lines(doc: dict) -> list[str]:
    lang = doc["lang"]
    return [LABEL[lang]] if lang == "en" else [LABEL[lang], f"({LABEL_EN})"]


def when(doc: dict) -> datetime:
    return datetime(doc["year"], doc.get("month", 6), doc.get("day", 15), 9, 0, 0,
                    tzinfo=timezone.utc)


def paragraphs(page: dict) -> list[str]:
    p = page.get("p", [])
    return [p] if isinstance(p, str) else list(p)


# --------------------------------------------------------------------------- PDF

def latin1(text: str) -> str:
    """The core PDF fonts speak cp1252; keep the texts inside it."""
    table = {"\u2014": "-", "\u2013": "-", "\u2019": "'", "\u2018": "'",
             "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u00a0": " ",
             "\u0153": "oe", "\u0152": "OE"}
    return "".join(table.get(ch, ch) for ch in text)


def build_pdf(doc: dict, path: Path) -> None:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 6, latin1(f"{doc['title']} - page {self.page_no()}"), align="C")

    pdf = Pdf(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(latin1(doc["title"]))
    pdf.set_author(latin1(doc["author"]))
    pdf.set_subject(LABEL_EN)
    pdf.set_keywords(latin1("; ".join(doc["topics"])))
    pdf.set_creator("KB demo corpus (demo/build.py)")
    pdf.set_producer("fpdf2")
    pdf.set_creation_date(when(doc))
    pdf.set_lang(doc["lang"])
    nl = dict(new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    for i, page in enumerate(doc["pages"]):
        pdf.add_page()
        if i == 0:
            pdf.set_font("Helvetica", "B", 17)
            pdf.multi_cell(0, 8, latin1(doc["title"]), **nl)
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5, latin1(f"{doc['org']} - {doc['author']} - {doc['date_text']}"), **nl)
            pdf.ln(2)
            pdf.set_font("Helvetica", "I", 9)
            for line in label_lines(doc):
                pdf.multi_cell(0, 5, latin1(line), **nl)
            pdf.ln(4)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(0, 7, latin1(page["h"]), **nl)
        pdf.ln(2)
        for para in paragraphs(page):
            if para.startswith("## "):
                pdf.set_font("Helvetica", "B", 11)
                pdf.multi_cell(0, 6, latin1(para[3:]), **nl)
            else:
                pdf.set_font("Helvetica", "", 10.5)
                pdf.multi_cell(0, 5.2, latin1(para), **nl)
            pdf.ln(2)
        for bullet in page.get("b", []):
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.2, latin1(f"-  {bullet}"), **nl)
        if page.get("t"):
            pdf.ln(2)
            pdf.set_font("Helvetica", "", 9.5)
            with pdf.table(line_height=5.5) as table:
                for row in page["t"]:
                    cells = table.row()
                    for value in row:
                        cells.cell(latin1(str(value)))
            pdf.ln(2)
        for para in page.get("after", []):
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(0, 5.2, latin1(para), **nl)
            pdf.ln(2)
    path.write_bytes(bytes(pdf.output()))


# ------------------------------------------------------------------ Office files

def set_core(props, doc: dict) -> None:
    props.title = doc["title"]
    props.author = doc["author"]
    props.subject = LABEL_EN
    props.comments = LABEL_EN
    props.keywords = "; ".join(doc["topics"])
    props.category = doc["doc_type"]
    props.language = doc["lang"]
    props.last_modified_by = "KB demo corpus"
    props.revision = 1
    props.created = when(doc).replace(tzinfo=None)
    props.modified = when(doc).replace(tzinfo=None)
    props.last_printed = when(doc).replace(tzinfo=None)


def normalise_zip(data: bytes, year: int) -> bytes:
    """Rewrite an OOXML zip with fixed entry timestamps so re-runs are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(year, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_docx(doc: dict, path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    d = Document()
    set_core(d.core_properties, doc)
    d.add_heading(doc["title"], level=0)
    meta = d.add_paragraph(f"{doc['org']} — {doc['author']} — {doc['date_text']}")
    meta.runs[0].font.size = Pt(9)
    for line in label_lines(doc):
        d.add_paragraph(line).runs[0].italic = True
    for page in doc["pages"]:
        d.add_heading(page["h"], level=1)
        for para in paragraphs(page):
            if para.startswith("## "):
                d.add_heading(para[3:], level=2)
            else:
                d.add_paragraph(para)
        for bullet in page.get("b", []):
            d.add_paragraph(bullet, style="List Bullet")
        if page.get("t"):
            rows = page["t"]
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = str(value)
                    if r == 0:
                        table.cell(r, c).paragraphs[0].runs[0].bold = True
        for para in page.get("after", []):
            d.add_paragraph(para)
    buf = io.BytesIO()
    d.save(buf)
    path.write_bytes(normalise_zip(buf.getvalue(), doc["year"]))


def build_pptx(doc: dict, path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    set_core(prs.core_properties, doc)

    title_slide = prs.slides.add_slide(prs.slide_layouts[0])
    title_slide.shapes.title.text = doc["title"]
    sub = title_slide.placeholders[1].text_frame
    sub.text = f"{doc['author']}, {doc['org']} — {doc['date_text']}"
    for line in label_lines(doc):
        p = sub.add_paragraph()
        p.text = line
        p.font.size = Pt(14)
        p.font.italic = True
    title_slide.notes_slide.notes_text_frame.text = LABEL_EN

    for page in doc["pages"]:
        has_table = bool(page.get("t"))
        slide = prs.slides.add_slide(prs.slide_layouts[5 if has_table else 1])
        slide.shapes.title.text = page["h"]
        items = paragraphs(page) + page.get("b", [])
        if has_table:
            top = Inches(1.6)
            if items:
                box = slide.shapes.add_textbox(Inches(0.6), top, Inches(12), Inches(1.2))
                tf = box.text_frame
                tf.word_wrap = True
                tf.text = items[0]
                for extra in items[1:]:
                    tf.add_paragraph().text = extra
                top = Inches(2.9)
            rows = page["t"]
            shape = slide.shapes.add_table(len(rows), len(rows[0]), Inches(0.6), top,
                                           Inches(12), Inches(0.4) * len(rows))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = shape.table.cell(r, c)
                    cell.text = str(value)
                    cell.text_frame.paragraphs[0].font.size = Pt(14)
        else:
            body = slide.placeholders[1].text_frame
            body.text = items[0] if items else ""
            for extra in items[1:]:
                body.add_paragraph().text = extra
            for p in body.paragraphs:
                p.font.size = Pt(18 if len(items) < 6 else 15)
        if page.get("n"):
            slide.notes_slide.notes_text_frame.text = page["n"]
    buf = io.BytesIO()
    prs.save(buf)
    path.write_bytes(normalise_zip(buf.getvalue(), doc["year"]))


# -------------------------------------------------------------------------- HTML

HTML_NAV = {
    "en": ("Home", "Services", "Publications", "News", "Contact", "Skip to content",
           "Cookie settings", "Accessibility statement", "Site map"),
    "fr": ("Accueil", "Services", "Publications", "Actualités", "Contact", "Aller au contenu",
           "Cookies", "Accessibilité", "Plan du site"),
    "es": ("Inicio", "Servicios", "Publicaciones", "Noticias", "Contacto", "Ir al contenido",
           "Cookies", "Accesibilidad", "Mapa del sitio"),
    "pt": ("Início", "Serviços", "Publicações", "Notícias", "Contacto", "Saltar para o conteúdo",
           "Cookies", "Acessibilidade", "Mapa do sítio"),
}


def build_html(doc: dict, path: Path) -> None:
    e = html.escape
    nav = HTML_NAV[doc["lang"]]
    date = when(doc).date().isoformat()
    body: list[str] = []
    for i, page in enumerate(doc["pages"]):
        body.append(f'<section id="s{i + 1}">\n<h2>{e(page["h"])}</h2>')
        for para in paragraphs(page):
            if para.startswith("## "):
                body.append(f"<h3>{e(para[3:])}</h3>")
            else:
                body.append(f"<p>{e(para)}</p>")
        if page.get("b"):
            body.append("<ul>\n" + "\n".join(f"  <li>{e(b)}</li>" for b in page["b"]) + "\n</ul>")
        if page.get("t"):
            head, *rows = page["t"]
            body.append("<table>\n<thead><tr>" + "".join(f"<th>{e(str(c))}</th>" for c in head)
                        + "</tr></thead>\n<tbody>\n"
                        + "\n".join("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>"
                                    for row in rows)
                        + "\n</tbody>\n</table>")
        for para in page.get("after", []):
            body.append(f"<p>{e(para)}</p>")
        body.append("</section>")
    labels = "\n".join(f'<p class="sample-notice"><em>{e(line)}</em></p>' for line in label_lines(doc))
    site = doc.get("site", doc["org"])
    text = f"""<!DOCTYPE html>
<html lang="{doc['lang']}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(doc['title'])} | {e(site)}</title>
<meta name="description" content="{e(doc['description'])}">
<meta name="author" content="{e(doc['author'])}">
<meta name="date" content="{date}">
<meta name="dcterms.date" content="{date}">
<meta property="article:published_time" content="{date}T09:00:00Z">
<meta name="keywords" content="{e(', '.join(doc['topics']))}">
<meta name="generator" content="KB demo corpus (demo/build.py)">
<link rel="stylesheet" href="/static/site.css">
<script>
  window.dataLayer = window.dataLayer || [];
  function track(event) {{ window.dataLayer.push({{event: event, page: location.pathname}}); }}
  document.addEventListener("DOMContentLoaded", function () {{ track("page_view"); }});
</script>
<style>body {{ font-family: sans-serif; max-width: 60em; margin: auto; }} nav a {{ margin-right: 1em; }}</style>
</head>
<body>
<a class="skip" href="#content">{nav[5]}</a>
<header class="site-header">
  <div class="brand">{e(site)}</div>
  <form class="site-search" action="/search"><input name="q" aria-label="Search"><button>Search</button></form>
</header>
<nav class="main-nav" aria-label="Main">
  <a href="/">{nav[0]}</a> <a href="/services">{nav[1]}</a> <a href="/publications">{nav[2]}</a>
  <a href="/news">{nav[3]}</a> <a href="/contact">{nav[4]}</a>
</nav>
<nav class="breadcrumb" aria-label="Breadcrumb"><a href="/">{nav[0]}</a> &rsaquo; <a href="/publications">{nav[2]}</a></nav>
<main id="content">
<article>
<h1>{e(doc['title'])}</h1>
<p class="byline">{e(doc['author'])} &middot; <time datetime="{date}">{e(doc['date_text'])}</time></p>
{labels}
{chr(10).join(body)}
</article>
</main>
<aside class="related">
  <h2>{nav[3]}</h2>
  <ul><li><a href="/news/1">Portal maintenance window this weekend</a></li>
  <li><a href="/news/2">Office opening hours during the holidays</a></li></ul>
</aside>
<footer class="site-footer">
  <p>&copy; {doc['year']} {e(site)} (fictional site for the KB demo corpus)</p>
  <p><a href="/cookies">{nav[6]}</a> | <a href="/accessibility">{nav[7]}</a> | <a href="/sitemap">{nav[8]}</a></p>
</footer>
<div id="cookie-banner" hidden>We use cookies to improve this site. <button>Accept</button></div>
<script src="/static/analytics.js" defer></script>
<script>
  document.getElementById("cookie-banner").hidden = document.cookie.indexOf("ok=1") >= 0;
</script>
</body>
</html>
"""
    path.write_text(text, encoding="utf-8", newline="\n")


BUILDERS = {"pdf": build_pdf, "docx": build_docx, "pptx": build_pptx, "html": build_html}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for old in OUT.iterdir():
        if old.suffix in {".pdf", ".docx", ".pptx", ".html"}:
            old.unlink()
    files = set()
    manifest_rows, labels = [], {}
    for doc in ALL_DOCS:
        name = doc["file"]
        assert name not in files, name
        files.add(name)
        fmt = name.rsplit(".", 1)[1]
        BUILDERS[fmt](doc, OUT / name)
        curated = doc.get("curated", False)
        manifest_rows.append({
            "path": name,
            "title": doc["title"] if curated else "",
            "countries": ";".join(doc["countries"]) if curated else "",
            "doc_type": doc["doc_type"] if curated else "",
            "year": doc["year"] if curated else "",
            "topics": ";".join(doc["topics"]) if curated else "",
            "language": doc["lang"] if curated else "",
            "source": SOURCE,
            "organisation": doc["org"] if curated else "",
        })
        labels[name] = {
            "title": doc["title"],
            "countries": doc["countries"],
            "doc_type": doc["doc_type"],
            "year": doc["year"],
            "topics": doc["topics"],
            "language": doc["lang"],
            "sids": doc["sids"],
            "regions": doc["regions"],
            "format": fmt,
            "curated_in_manifest": curated,
        }
    with open(OUT / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(manifest_rows)
    (HERE / "labels.json").write_text(
        json.dumps(labels, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {len(ALL_DOCS)} documents to {OUT} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
