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
from kb.taxonomy.gazetteer import find_countries

from ingest.enrichers._text import first_page, quote, word_count, words

_I = re.IGNORECASE

# slug -> cue patterns, most specific kinds first. Patterns are applied to the
# title and the first page; "Act", "Bill" and "Code" are case-sensitive so
# "act" and "code" in prose do not count.
CUES: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("legislation", (
        re.compile(r"\b(?:Act|Bill|Decree|Ordinance|Code)\b(?:\s+(?:No\.?|of|\d{4}))?"),
        re.compile(r"\b(?:Law|Regulations?|Statutory Instrument|Legal Notice)\b"
                   r"(?!\s+(?:firm|school|Administration|Authority|Agency|Commission|Board|Department|"
                   r"Office|Unit|Division|Enforcement|Society|Library|Review))"),
        re.compile(r"\b(?:proposed rules?|final rule|notice of proposed rulemaking|CFR Part)\b", _I),
        re.compile(r"\bbe it enacted\b", _I),
        re.compile(r"\b(?:loi|décret|arrêté|ordonnance)\s+(?:n[°o]|portant|relative?|du|sur)\b", _I),
        re.compile(r"\b(?:ley|decreto|reglamento|resolución)\s+(?:n[°oº]|no\.|número|\d|de|sobre|que)", _I),
        re.compile(r"\b(?:lei|decreto(?:-lei)?|portaria|regulamento|resolução)\s+(?:n\.?\s?[°oº]|número|\d|"
                   r"de|da|do|das|dos|sobre|que|relativ[ao])\b", _I),
        re.compile(r"\b(?:projet|avant-projet|proposition) de loi\b|\b(?:proyecto|anteproyecto) de ley\b|"
                   r"\b(?:projeto|projecto|anteprojeto|anteprojecto|proposta) de lei\b", _I),
    )),
    ("meeting", (
        re.compile(r"\b(?<![Dd]igital )agenda\b(?!\s+(?:20\d\d|for\b|digital|numérique|2\d\d\d))", _I),
        re.compile(r"\b(?:minutes|proceedings|procès-verbal|compte[- ]rendu|acta de la reunión)\b", _I),
        re.compile(r"\b(?:summary|workshop|meeting|seminar|conference|forum)\s+report\b", _I),
        re.compile(r"\breport\s+of\s+the\s+(?:\w+\s+){0,4}(?:meeting|workshop|seminar|conference|forum|session)\b", _I),
        re.compile(r"\b(?:concept note|aide-mémoire|aide memoire|list of participants|"
                   r"list of participating countries|summary of (?:the )?discussions?|summary records?|"
                   r"record of (?:the )?(?:\w+\s+){0,3}meeting|"
                   r"order of business|ordre du jour|orden del día)\b", _I),
        re.compile(r"\b(?:rapport|compte rendu) (?:de l'atelier|de la réunion|de la conférence|du séminaire|"
                   r"du forum)|\b(?:note conceptuelle|liste des participants|relevé de conclusions)\b|"
                   r"\binforme (?:del taller|de la reunión|de la conferencia|del seminario|del foro)|"
                   r"\b(?:relatoría|nota conceptual|lista de participantes)\b|"
                   r"\brelatório (?:do seminário|do workshop|da reunião|da conferência|do fórum|do encontro|"
                   r"da oficina)|\b(?:ata|acta) da reunião\b|\b(?:ordem do dia|ordem de trabalhos|"
                   r"nota conceptual|nota conceitual|lista de participantes|síntese dos debates)\b", _I),
    )),
    ("case-study", (
        re.compile(r"\bcase stud(?:y|ies)\b", _I),
        re.compile(r"\b(?:études? de cas|estudios? de caso|casos? de estudio|estudos? de caso)\b", _I),
        re.compile(r"\bthe case of\b", _I),
        re.compile(r"\b(?:good|best) practices?\b", _I),
        re.compile(r"\b(?:bonnes? pratiques?|buenas prácticas|boas práticas)\b", _I),
        re.compile(r"\blessons learned from\b", _I),
    )),
    ("guideline", (
        re.compile(r"\b(?:guidelines?|guidance|toolkit|tool kit|handbook|manual|guidebook|how-to guide|"
                   r"playbook)\b", _I),
        re.compile(r"\b(?:guide (?:pratique|méthodologique)|lignes directrices|boîte à outils|"
                   r"guía|manual de|directrices|caja de herramientas|lineamientos|"
                   r"guia (?:de|para|do|da|prático|metodológico)|diretrizes|directrizes|orientações|"
                   r"caixa de ferramentas|manual de procedimentos)\b", _I),
        re.compile(r"\bframework for\b", _I),
        re.compile(r"\b(?:standards?|principles) for\b", _I),
    )),
    ("statistics", (
        re.compile(r"\b(?:survey|statistics|statistical|census|index|indices|ranking|indicators|"
                   r"barometer|scorecard|data ?book)\b", _I),
        re.compile(r"\b(?:enquête|statistiques?|recensement|baromètre|encuesta|estadísticas?|índice|censo|"
                   r"inquérito|estatísticas?|recenseamento|barómetro|barômetro)\b", _I),
    )),
    ("strategy", (
        re.compile(r"\b(?:strategy|strategic plan|policy|action plan|roadmap|road map|master ?plan|"
                   r"blueprint|national plan|white paper|vision 20\d\d|agenda 20\d\d)\b", _I),
        re.compile(r"\b(?:stratégie|politique nationale|plan d'action|plan national|feuille de route|"
                   r"estrategia|política nacional|plan de acción|plan nacional|hoja de ruta|"
                   r"agenda digital|plan stratégique|livre blanc|schéma directeur|plan estratégico|libro blanco)\b", _I),
        re.compile(r"\b(?:estratégia|política nacional|plano de a[cç]?ção|plano nacional|plano estratégico|"
                   r"plano diretor|plano director|roteiro|livro branco)\b", _I),
    )),
)

_REPORT = re.compile(r"\b(?:report|rapport|informe|review|overview|assessment|evaluation|study|analysis|"
                     r"working paper|discussion paper|policy brief|research brief|brief|paper|lessons|"
                     r"consultation|what we heard|étude|estudio|evaluación|bilan|balance|analyse|análisis|"
                     r"document de travail|documento de trabajo|relatório|estudo|avaliação|análise|balanço|"
                     r"documento de trabalho|nota técnica)\b", _I)
# Numbered provisions, the body cue for legislation: "Section 1.", "Article 12", "Artículo 3".
_PROVISION = re.compile(r"(?m)^\s*(?:Section|Article|Art\.|Artículo|Articulo|Artigo)\s+(\d+|premier|1er)\b")

SLIDE_FORMATS = {"pptx", "ppt", "odp", "key"}


# "Consultation on the Cybercrime Bill", "Minutes of the debate on the Data
# Protection Act": a document *about* a law, not the law. The legislation cue
# is skipped when the law's name follows one of these words.
_ABOUT_A_LAW = re.compile(r"\b(?:on|of|to|for|about|concerning|regarding|under|into|amending)\s+the\s+"
                          r"(?:[A-Z][\w'’-]*\s+){0,6}$")


# Any cue at all, one search: most lines of a first page hold none, and then
# the patterns need not be tried one by one.
_ANY_CUE = re.compile("|".join(f"(?{'i' if p.flags & re.IGNORECASE else '-i'}:{p.pattern})"
                               for _, patterns in CUES for p in patterns))


def _first_cue(text: str) -> tuple[str, str] | None:
    if not _ANY_CUE.search(text):
        return None
    for slug, patterns in CUES:
        for p in patterns:
            for m in p.finditer(text):
                if slug == "legislation" and _ABOUT_A_LAW.search(text[max(0, m.start() - 80):m.start()]):
                    continue
                return slug, m.group(0)
    return None


def _clean_title(title: str) -> str:
    """The title without a site or series name after a bar ("... | Asia
    Public Service Review"), which says what the site is, not the page."""
    head = re.split(r"\s+[|·]\s+", title or "")[0]
    return head if len(head) >= 12 else (title or "")


def _head_cue(head: str) -> tuple[str, str] | None:
    """Cues on the first lines of the first page, line by line: the line
    nearest the top wins, so "Open Government Report 2014" on line 3 beats
    "Alcoholic Beverage Regulation" in the paragraph under it."""
    for line in head.splitlines():
        found = _first_cue(line)
        if found:
            return found
    return None


# "This report describes", "This case study shows", "cette étude de cas",
# "esta guía": the document saying what it is, in its opening pages.
_SELF = re.compile(
    r"\b(?:this|the present|cette|ce|esta|este|el presente|la presente|o presente|a presente)\s+"
    r"(?:\w+\s+){0,2}?"
    r"(case stud(?:y|ies)|étude de cas|estudio de caso|estudo de caso|report|rapport|informe|relatório|"
    r"review|overview|note|nota|brief|paper|guidance|guidelines?|guide|guía|guia|diretrizes|directrizes|"
    r"toolkit|handbook|manual|strategy|stratégie|estrategia|estratégia|policy|action plan|plan d'action|"
    r"plan de acción|plano de ação|plano de acção|roadmap|survey|enquête|encuesta|inquérito|"
    r"minutes|summary report|agenda)\b", _I)
_SELF_TYPE = (
    ("case-study", ("case stud", "étude de cas", "estudio de caso", "estudo de caso")),
    ("guideline", ("guidance", "guideline", "guide", "guía", "guia", "diretrizes", "directrizes", "toolkit",
                   "handbook", "manual")),
    ("strategy", ("strateg", "stratég", "estrategia", "estratégia", "policy", "action plan", "plan d'action",
                  "plan de acción", "plano de ação", "plano de acção", "roadmap")),
    ("statistics", ("survey", "enquête", "encuesta", "inquérito")),
    ("meeting", ("minutes", "summary report", "agenda")),
    ("report", ("report", "rapport", "informe", "relatório", "review", "overview", "note", "nota", "brief",
                "paper")),
)


def _self_description(document: Document) -> tuple[str, str] | None:
    text = "\n".join(p.text for p in document.pages[:3])[:4000]
    for m in _SELF.finditer(text):
        noun = m.group(1).lower()
        for slug, stems in _SELF_TYPE:
            if any(noun.startswith(stem) for stem in stems):
                return slug, m.group(0)
    return None


# Section headings of a case study: where things stood, what was done, what
# came of it, what others can learn. In English, French, Spanish and Portuguese.
_CASE_SECTIONS = {
    "situation": r"background|context|the challenge|the problem|starting point|what happened|"
                 r"contexte|situation initiale|antecedentes|contexto|el desafío|el problema|"
                 r"o desafio|o problema|enquadramento|ponto de partida|situação inicial",
    "action": r"what was done|the solution|the response|the approach|implementation|how it works|"
              r"mise en œuvre|mise en oeuvre|la solution|solución|implementación|qué se hizo|"
              r"a solução|implementação|o que foi feito|como funciona",
    "outcome": r"results?|outcomes?|impact|achievements|résultats?|resultados?|logros|impacto|conquistas",
    "lessons": r"lessons?(?: learned| learnt)?|lessons for .{0,40}|leçons|enseignements|"
               r"lecciones(?: aprendidas)?|lições(?: aprendidas)?|lições para .{0,40}|ensinamentos",
}
_HEADING = re.compile(r"^\s*(?:\d+[.)]?\s*)?(.{3,60}?)\s*:?\s*$")
# Per kind: a heading that starts with one of its words, or ends "and <word>"
# ("Results and lessons" counts for both).
_CASE_PATTERNS = {
    kind: (re.compile(rf"^(?:{words_})\b", _I), re.compile(rf"\band (?:{words_})$", _I))
    for kind, words_ in _CASE_SECTIONS.items()
}
_PLACE_COLON = re.compile(r"\s*([^:]{2,40})\s?:\s")
# The enacting formula: "Be it enacted", "L'Assemblée nationale a adopté",
# "La Asamblea Legislativa decreta", "A Assembleia Nacional decreta".
_ENACTED = re.compile(r"\bbe it enacted\b|\bl'Assemblée nationale a (?:délibéré et )?adopté\b|"
                      r"\b(?:la Asamblea (?:Legislativa|Nacional)|el Congreso(?: de la República)?) decreta\b|"
                      r"\ba Assembleia (?:Nacional|da República|Legislativa) decreta\b", _I)


def _headings(document: Document) -> list[str]:
    """Section titles, or short lines that look like headings in page text."""
    out = [p.title for p in document.pages if p.title]
    for page in document.pages[:30]:
        for line in page.text.splitlines()[:6]:
            if 0 < len(line.split()) <= 7 and not line.rstrip().endswith((".", ",", ";")):
                out.append(line)
    return out


def _case_structure(document: Document) -> tuple[str, ...]:
    """Which case-study section kinds the headings show."""
    kinds = []
    heads = [m.group(1).strip().lower() for h in _headings(document) if (m := _HEADING.match(h))]
    for kind, (starts, ends) in _CASE_PATTERNS.items():
        if any(starts.search(h) or ends.search(h) for h in heads):
            kinds.append(kind)
    return tuple(kinds)


def _country_titled(title: str) -> bool:
    """"Tonga: Keeping Government Running", "Bénin : le guichet unique": a
    place, a colon, then the story — how practice notes title case studies."""
    m = _PLACE_COLON.match(title)
    return bool(m and find_countries(m.group(1)))


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

    title = _clean_title(document.title or "")
    found = _first_cue(title)
    if found:
        return {"doc_type": Inferred(found[0], f"title contains {quote(found[1])}")}

    body = "\n".join(p.text for p in document.pages[:40])
    provisions = {m.group(1) for m in _PROVISION.finditer(body)}
    enacted = _ENACTED.search(body)
    if enacted or len(provisions) >= 3:
        cue = quote(enacted.group(0)[:1].upper() + enacted.group(0)[1:]) if enacted else \
            f"{len(provisions)} numbered sections or articles"
        return {"doc_type": Inferred("legislation", f"text has {cue}")}

    # The head of the first page stands in for a title the metadata lacked.
    head = first_page(document, 400)
    found = _head_cue(head)
    if found:
        return {"doc_type": Inferred(found[0], f"first page contains {quote(found[1])}")}

    found = _self_description(document)
    if found:
        return {"doc_type": Inferred(found[0], f"the text calls itself {quote(found[1])}")}

    if _slide_like(document):
        return {"doc_type": Inferred("presentation", "pages are short, slide-like")}

    m = _REPORT.search(title)
    if m:
        return {"doc_type": Inferred("report", f"title contains {quote(m.group(0))}")}

    kinds = _case_structure(document)
    titled = _country_titled(title)
    if (len(kinds) >= 2 and ({"outcome", "lessons"} & set(kinds))) or (titled and "lessons" in kinds):
        sections = ", ".join(kinds)
        why = f"sections read like a case study ({sections})" + \
            (" under a 'Country: story' title" if titled else "")
        return {"doc_type": Inferred("case-study", why)}

    m = _REPORT.search(head)
    if m:
        return {"doc_type": Inferred("report", f"first page contains {quote(m.group(0))}")}
    n_words = word_count(document.text)
    if len(document.pages) >= 5 and n_words >= 1500:
        return {"doc_type": Inferred("report", f"a {len(document.pages)}-page text document "
                                               "with no other type cue")}
    return {}
