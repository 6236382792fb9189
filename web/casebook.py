"""A case book: chosen practice cards as one document a trainer can present,
each practice on the same layout, sources cited. PDF through fpdf2, PPTX
through python-pptx; the fixed labels come in as a mapping, so the web (in
the request's language) and `kb casebook` (in the language asked for) share
this code without it knowing about locales.

The PDF uses fpdf2's core fonts, which cover the Latin-1 letters of KB's four
languages; any other character is written as its closest ASCII form or "?".
"""
from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

from kb.models import PRACTICE_FIELDS, Practice

# Fields in the body of a practice's page, in order (name, country, years,
# outcome and solution type make its heading).
BODY_FIELDS: tuple[str, ...] = ("place", "challenge", "solution", "results", "lessons", "cost",
                                "partners", "contact")
LABEL_KEYS = (*PRACTICE_FIELDS, "casebook", "practices_count", "source", "page", "absent",
              "made", "illustrative")
ENGLISH: dict[str, str] = {
    "name": "Initiative", "country": "Country", "place": "City or agency", "years": "Years",
    "challenge": "Challenge", "solution": "What was done", "results": "Results",
    "lessons": "Lessons, including what did not work", "cost": "Cost and funding",
    "partners": "Partners", "contact": "Organisation to contact", "outcome": "Outcome",
    "solution_type": "Solution type", "casebook": "Case book", "practices_count": "%(num)s practices",
    "source": "Source", "page": "page %(num)s", "absent": "Not stated in the document",
    "made": "Made by KB on %(date)s from the documents cited on each page.",
    "illustrative": "",
}


@dataclass(frozen=True)
class Entry:
    """One practice of the book, with its values already shown as labels
    (country name, outcome, solution type) and the document it comes from."""

    card: Practice
    title: str              # the source document's title
    source: str             # where it can be found: a URL, or the document page's
    shown: Mapping[str, str]  # field -> the value as shown (labels for codes)


_ASCII = {"\u2013": "-", "\u2014": "-", "\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
          "\u2026": "...", "\u00a0": " ", "\u202f": " ", "\u0153": "oe", "\u0152": "OE", "\u20ac": "EUR",
          "\u2022": "-", "\u2192": "->", "\u00b2": "2"}


def latin1(text: str) -> str:
    out = []
    for ch in text:
        ch = _ASCII.get(ch, ch)
        try:
            ch.encode("latin-1")
        except UnicodeEncodeError:
            ch = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or "?"
        out.append(ch)
    return "".join(out)


def _value(entry: Entry, name: str) -> str | None:
    f = entry.card.get(name)
    if f is None:
        return None
    return entry.shown.get(name, f.value)


def _cited(entry: Entry, name: str, labels: Mapping[str, str]) -> str:
    f = entry.card.get(name)
    return f" ({labels['page'] % {'num': f.page}})" if f is not None and f.page else ""


def _heading_line(entry: Entry) -> str:
    return " · ".join(v for v in (_value(entry, "country"), _value(entry, "years"),
                                  _value(entry, "outcome"), _value(entry, "solution_type")) if v)


def _name(entry: Entry) -> str:
    return entry.card.name.value if entry.card.name else entry.title


def casebook_pdf(entries: Sequence[Entry], labels: Mapping[str, str], title: str | None = None) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    nl = dict(new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    book = title or labels["casebook"]

    class Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 6, latin1(f"{book} - {self.page_no()}"), align="C")

    pdf = Pdf(format="A4")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_title(latin1(book))
    pdf.set_creator("KB (web/casebook.py)")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 22)
    pdf.multi_cell(0, 11, latin1(book), **nl)
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, latin1(labels["practices_count"] % {"num": len(entries)}), **nl)
    pdf.multi_cell(0, 6, latin1(labels["made"] % {"date": date.today().isoformat()}), **nl)
    if labels.get("illustrative"):
        pdf.set_font("Helvetica", "I", 9)
        pdf.multi_cell(0, 5, latin1(labels["illustrative"]), **nl)
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 11)
    for n, entry in enumerate(entries, start=1):
        pdf.multi_cell(0, 6, latin1(f"{n}. {_name(entry)} - {_heading_line(entry)}"), **nl)
    for n, entry in enumerate(entries, start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 16)
        pdf.multi_cell(0, 8, latin1(f"{n}. {_name(entry)}"), **nl)
        pdf.set_font("Helvetica", "", 10.5)
        pdf.multi_cell(0, 6, latin1(_heading_line(entry)), **nl)
        pdf.ln(2)
        for name in BODY_FIELDS:
            pdf.set_font("Helvetica", "B", 11)
            pdf.multi_cell(0, 6, latin1(labels[name]), **nl)
            value = _value(entry, name)
            if value is None:
                pdf.set_font("Helvetica", "I", 10)
                pdf.multi_cell(0, 5.2, latin1(labels["absent"]), **nl)
            else:
                pdf.set_font("Helvetica", "", 10)
                pdf.multi_cell(0, 5.2, latin1(value + _cited(entry, name, labels)), **nl)
            pdf.ln(1.5)
        pdf.ln(2)
        pdf.set_font("Helvetica", "I", 9)
        pdf.multi_cell(0, 5, latin1(f"{labels['source']}: {entry.title} - {entry.source}"), **nl)
    return bytes(pdf.output())


def casebook_pptx(entries: Sequence[Entry], labels: Mapping[str, str], title: str | None = None) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches, Pt

    book = title or labels["casebook"]
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    prs.core_properties.title = book
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = book
    cover.placeholders[1].text = (labels["practices_count"] % {"num": len(entries)} + "\n"
                                  + labels["made"] % {"date": date.today().isoformat()})

    def slide(heading: str, parts: list[tuple[str, str]], note: str) -> None:
        s = prs.slides.add_slide(prs.slide_layouts[5])      # title only
        s.shapes.title.text = heading
        box = s.shapes.add_textbox(Inches(0.6), Inches(1.5), Inches(12.1), Inches(5.6))
        tf = box.text_frame
        tf.word_wrap = True
        first = True
        for label, text in parts:
            p = tf.paragraphs[0] if first else tf.add_paragraph()
            first = False
            p.text = label
            p.font.bold = True
            p.font.size = Pt(16)
            q = tf.add_paragraph()
            q.text = text
            q.font.size = Pt(13)
        s.notes_slide.notes_text_frame.text = note

    for n, entry in enumerate(entries, start=1):
        source = f"{labels['source']}: {entry.title} - {entry.source}"

        def part(name: str) -> tuple[str, str]:
            value = _value(entry, name)
            return labels[name], (value + _cited(entry, name, labels)) if value else labels["absent"]

        head = f"{n}. {_name(entry)}"
        slide(head, [(_heading_line(entry), ""), part("challenge"), part("solution")], source)
        slide(head, [part("results"), part("lessons")], source)
        slide(head, [part("place"), part("cost"), part("partners"), part("contact"),
                     (labels["source"], f"{entry.title} - {entry.source}")], source)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
