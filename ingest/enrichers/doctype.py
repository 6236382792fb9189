"""What kind of document this is, from cues in its title, first page and body.

Title cues beat first-page cues, which beat body cues, because the title says
what the author thinks the document is while the body of a strategy may well
quote an Act. Within one place the more specific kinds are tried first: a
"Summary report of the workshop on the national strategy" is a meeting document,
an "E-Government Survey" is statistics even though it reports.
"""
from __future__ import annotations

import re
from statistics import median
from typing import Mapping

from kb.models import Document
from kb.protocols import Inferred

from ingest.enrichers._text import first_page, quote, words

_I = re.IGNORECASE

# slug -> cue patterns, most specific kinds first. Patterns are applied to the
# title and the first page; "Act", "Bill" and "Code" are case-sensitive so
# "act" and "code" in prose do not count.
CUES: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("legislation", (
        re.compile(r"\b(?:Act|Bill|Decree|Ordinance|Code)\b(?:\s+(?:No\.?|of|\d{4}))?"),
        re.compile(r"\b(?:Law|Regulations?|Statutory Instrument|Legal Notice)\b(?!\s+(?:firm|school))"),
        re.compile(r"\bbe it enacted\b", _I),
        re.compile(r"\b(?:loi|décret|arrêté|ordonnance)\s+(?:n[°o]|portant|relative?|du|sur)\b", _I),
        re.compile(r"\b(?:ley|decreto|reglamento|resolución)\s+(?:n[°oº]|no\.|número|\d|de|sobre|que)", _I),
    )),
    ("meeting", (
        re.compile(r"\b(?<![Dd]igital )agenda\b(?!\s+(?:20\d\d|for\b|digital|numérique|2\d\d\d))", _I),
        re.compile(r"\b(?:minutes|proceedings|procès-verbal|compte[- ]rendu|acta de la reunión)\b", _I),
        re.compile(r"\b(?:summary|workshop|meeting|seminar|conference|forum)\s+report\b", _I),
        re.compile(r"\breport\s+of\s+the\s+(?:\w+\s+){0,4}(?:meeting|workshop|seminar|conference|forum|session)\b", _I),
        re.compile(r"\b(?:concept note|aide-mémoire|aide memoire|list of participants)\b", _I),
    )),
    ("case-study", (
        re.compile(r"\bcase stud(?:y|ies)\b", _I),
        re.compile(r"\b(?:étude de cas|estudio de caso|caso de estudio)\b", _I),
        re.compile(r"\bthe case of\b", _I),
        re.compile(r"\b(?:good|best) practices?\b", _I),
        re.compile(r"\b(?:bonnes? pratiques?|buenas prácticas)\b", _I),
        re.compile(r"\blessons learned from\b", _I),
    )),
    ("guideline", (
        re.compile(r"\b(?:guidelines?|toolkit|tool kit|handbook|manual|guidebook|how-to guide|playbook)\b", _I),
        re.compile(r"\b(?:guide (?:pratique|méthodologique)|lignes directrices|boîte à outils|"
                   r"guía|manual de|directrices|caja de herramientas)\b", _I),
        re.compile(r"\bframework for\b", _I),
        re.compile(r"\b(?:standards?|principles) for\b", _I),
    )),
    ("statistics", (
        re.compile(r"\b(?:survey|statistics|statistical|census|index|indices|ranking|indicators|"
                   r"barometer|scorecard|data ?book)\b", _I),
        re.compile(r"\b(?:enquête|statistiques?|encuesta|estadísticas?|índice)\b", _I),
    )),
    ("strategy", (
        re.compile(r"\b(?:strategy|strategic plan|policy|action plan|roadmap|road map|master ?plan|"
                   r"blueprint|national plan|white paper|vision 20\d\d|agenda 20\d\d)\b", _I),
        re.compile(r"\b(?:stratégie|politique nationale|plan d'action|plan national|feuille de route|"
                   r"estrategia|política nacional|plan de acción|plan nacional|hoja de ruta|"
                   r"agenda digital)\b", _I),
    )),
)

_REPORT = re.compile(r"\b(?:report|rapport|informe|review|assessment|evaluation|study|analysis|"
                     r"working paper|discussion paper|policy brief|paper|lessons|étude|estudio|evaluación)\b", _I)
# Numbered provisions, the body cue for legislation: "Section 1.", "Article 12", "Artículo 3".
_PROVISION = re.compile(r"(?m)^\s*(?:Section|Article|Art\.|Artículo|Articulo)\s+(\d+|premier|1er)\b")

SLIDE_FORMATS = {"pptx", "ppt", "odp", "key"}


def _first_cue(text: str) -> tuple[str, str] | None:
    for slug, patterns in CUES:
        for p in patterns:
            m = p.search(text)
            if m:
                return slug, m.group(0)
    return None


def _slide_like(document: Document) -> bool:
    """PDF exports of slide decks: many pages, each a handful of words. Only
    for PDF, since HTML and DOCX sections are short by nature."""
    if (document.format or "").lower() != "pdf":
        return False
    pages = [p for p in document.pages if p.text.strip()]
    if len(pages) < 5:
        return False
    counts = [len(words(p.text)) for p in pages]
    return median(counts) <= 40 and sum(c <= 60 for c in counts) >= 0.8 * len(counts)


def enrich_doctype(document: Document) -> Mapping[str, Inferred]:
    fmt = (document.format or "").lower()
    if fmt in SLIDE_FORMATS:
        return {"doc_type": Inferred("presentation", f"format is {fmt}")}

    title = document.title or ""
    found = _first_cue(title)
    if found:
        return {"doc_type": Inferred(found[0], f"title contains {quote(found[1])}")}

    body = "\n".join(p.text for p in document.pages[:40])
    provisions = {m.group(1) for m in _PROVISION.finditer(body)}
    if re.search(r"\bbe it enacted\b", body, _I) or len(provisions) >= 3:
        cue = "'Be it enacted'" if re.search(r"\bbe it enacted\b", body, _I) else \
            f"{len(provisions)} numbered sections or articles"
        return {"doc_type": Inferred("legislation", f"text has {cue}")}

    # The head of the first page stands in for a title the metadata lacked.
    head = first_page(document, 400)
    found = _first_cue(head)
    if found:
        return {"doc_type": Inferred(found[0], f"first page contains {quote(found[1])}")}

    if _slide_like(document):
        return {"doc_type": Inferred("presentation", "pages are short, slide-like")}

    m = _REPORT.search(title) or _REPORT.search(head)
    if m:
        return {"doc_type": Inferred("report", f"{'title' if _REPORT.search(title) else 'first page'} "
                                               f"contains {quote(m.group(0))}")}
    n_words = len(words(document.text))
    if len(document.pages) >= 5 and n_words >= 1500:
        return {"doc_type": Inferred("report", f"a {len(document.pages)}-page text document "
                                               "with no other type cue")}
    return {}
