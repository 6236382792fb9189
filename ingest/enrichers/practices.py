"""Practice cards: the initiatives a document describes, in one uniform shape.

A case study, a good-practice note or a project presentation tells its story
under headings a reader recognises in any of KB's languages: the challenge
("Challenge", "Le défi", "El problema", "O desafio", "Background", "Starting
point"), what was done ("The solution", "La réponse", "Lo que se hizo"), the
results ("Results", "Résultats", "Resultados") and the lessons ("Lessons
learned", "Leçons apprises", "Lecciones aprendidas", "Lições"). This module
finds those sections page by page and fills a card's fields with the text of
the section (sentences the document wrote, never a paraphrase), each field
linked to its page and saying which heading or cue it came from.

What the text does not state stays empty: no field is filled from a default
or from another field, so a card never shows a guess. Figures are the
document's own words, so every number on a card is on the page it links to.
Where the structure says nothing (a strategy, a law), no card is made.

`ingest.pipeline.build_document` runs it after the other enrichers (a
card's country is the document's), on the merged document; curated values
from a manifest (`practice_*` columns) replace what was extracted, field by
field (`apply_curated`).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Iterable, Mapping

from kb.models import OUTCOMES, PRACTICE_FIELDS, CardField, Document, Origin, Page, Practice
from kb.taxonomy.gazetteer import find_countries

# Longest text kept for a field: enough for a trainer's slide, not the page.
MAX_CHARS = 600

# Heading cues, matched against a heading folded to lowercase without accents
# and without its numbering ("2.", "Session 3:"). Order matters: the first
# kind whose pattern matches names the section.
_HEADINGS: tuple[tuple[str, str], ...] = (
    ("lessons", r"^(?:the |key |main )?(?:lessons?|takeaways?|what (?:we|they) learn|what did not work|"
                r"what went wrong|recommendations?|lecons?|enseignements?|lecciones?|aprendizajes?|"
                r"licoes?|ensinamentos?|recomendac|recomendaciones)"),
    ("results", r"^(?:the |key |main |early |first )?(?:results?|outcomes?|achievements?|performance|"
                r"roll-?out status|what changed|resultats?|les resultats|bilan|acquis|"
                r"resultados?|los resultados|os resultados|logros|conquistas)"),
    ("cost", r"^(?:cost|costs|funding|financing|budget|cout|couts|financement|costo|costos|"
             r"financiamiento|financiacion|presupuesto|custo|custos|financiamento|orcamento)\b"),
    ("partners", r"^(?:partners?|partnerships? and funding|partenaires?|socios|aliados|parceiros?)\b"),
    ("contact", r"^(?:contacts?|for more information|pour en savoir plus|mas informacion|"
                r"mais informacoes|contacto)\b"),
    ("challenge", r"^(?:the |a |le |la |les |el |los |o |os |a )?(?:challenges?|problems?|background|context|"
                  r"starting point|the situation|situation before|why |before |service delivery before|what happened|"
                  r"impact on|the issue|"
                  r"defis?|probleme|contexte|point de depart|constat|situation|"
                  r"desafios?|retos?|problema|contexto|punto de partida|situacion|"
                  r"ponto de partida|situacao|enquadramento)"),
    ("solution", r"^(?:the |a |la |le |el |o |our )?(?:solution|solucion|solucao|response|reponse|"
                 r"respuesta|resposta|approach|approche|enfoque|abordagem|what (?:was|we) (?:done|did|built)|"
                 r"what we built|ce qui a ete fait|lo que se hizo|o que foi feito|o que fizemos|"
                 r"o que propomos|design of|how (?:the|it) |implementation|mise en oeuvre|"
                 r"implementacion|implementacao|the initiative|l'initiative|la iniciativa|a iniciativa|"
                 r"the project|le projet|el proyecto|o proje?cto|the reform|la reforme|la reforma|a reforma)"),
    ("summary", r"^(?:summary|executive summary|overview|abstract|resume|synthese|resumen|"
                r"resumo|sumario|introduction|introduccion|introducao)\b"),
)
# All cues in one pattern, a group per kind in the order above: each is
# anchored at the start, so the first alternative that matches there is the
# first kind whose own pattern matches (one search a line instead of seven).
_HEADING_RE = re.compile("|".join(f"(?P<{kind}>{p})" for kind, p in _HEADINGS))
_NUMBERING = re.compile(r"^(?:\(?\d+[.)]?\s*|[ivx]+\.\s+|(?:session|part|partie|parte|step|etape|paso|passo)"
                        r"\s+\d+\s*[:.-]\s*)")

# Sentence cues for the fields no heading announces.
_CUES: dict[str, re.Pattern[str]] = {
    "cost": re.compile(
        r"(?i)\b(?:cost|costs|costed|budget|invest(?:ed|ment)|funded|financed|"
        r"co[uû]t(?:e|é)?|financ[ée]|investissement|costo|cost[oó]|presupuesto|financiad[oa]|inversi[oó]n|"
        r"custo|custou|or[cç]amento|investimento)\b[^.]{0,80}?"
        r"(?:US\$|USD|\$|€|EUR|F\s?CFA|R\$|\d[\d.,]*\s*(?:million|millions|millones|milh[õo]es|bn|billion))"),
    "partners": re.compile(
        r"(?i)\b(?:in partnership with|with (?:the )?support (?:of|from)|supported by|partners (?:were|included)|"
        r"en partenariat avec|avec l'appui d|avec le soutien d|con el apoyo d|en alianza con|con apoyo d|"
        r"com o apoio d|em parceria com)"),
    "contact": re.compile(
        r"(?i)(?:\bcontact\b|\bfor more information\b|\bpour en savoir plus\b|\bpour tout renseignement\b|"
        r"\bm[aá]s informaci[oó]n\b|\bmais informa[cç][õo]es\b|\bcontacte\b|\bcont[aá]cte\b|"
        r"[\w.+-]+@[\w-]+\.[\w.]+)"),
    "place": re.compile(
        r"(?:\b(?:led|run|managed|implemented|operated|coordinated) by|\bpilot[ée] par|\bg[ée]r[ée] par|"
        r"\bmis en (?:œ|oe)uvre par|\ba cargo de|\bgestionad[oa] por|\bliderad[oa] por|\bimplementad[oa] por|"
        r"\bgerid[oa] pel[oa]|\bcoordenad[oa] pel[oa]|\bexecutad[oa] pel[oa])"
        r"\s+(?:the |l'|la |le |el |o |a )?((?:[A-ZÉÈÀÁÍÓÚÇ][\w'’-]*)(?:\s+(?:of|for|the|de|du|des|del|da|do|"
        r"dos|das|la|los|las|and|et|y|e|[A-ZÉÈÀÁÍÓÚÇ][\w'’-]*))*)"),
}

_OUTCOME_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("did-not", re.compile(
        r"(?i)\b(?:did not work|failed|was abandoned|were abandoned|was discontinued|was cancelled|"
        r"never took off|n'a pas fonctionné|a échoué|ont échoué|abandonné|échec|no funcionó|fracasó|"
        r"fue abandonad[oa]|se abandonó|não funcionou|fracassou|foi abandonad[oa])")),
    ("partly", re.compile(
        r"(?i)\b(?:partly|partially|mixed results|open questions|fell short|below (?:the )?target|not yet|"
        r"only (?:some|a few|half)|en partie|partiellement|mitigés?|pas encore|en parte|parcialmente|"
        r"aún no|todavía no|em parte|ainda não|questions ouvertes|preguntas abiertas|questões em aberto)")),
)

_YEAR = re.compile(r"(?<![\d,.])(19[5-9]\d|20[0-4]\d)(?![\d,])")
_YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:-|–|—|to|à|a|al|até)\s*((?:19|20)\d\d)(?!\d)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÉÈÀÁÍÓÚÇ0-9«\"'(])")
_HEADING_MAX = 90
_NUMBERED = re.compile(r"^\d{1,2}\.\s+[A-ZÉÈÀÁÍÓÚÇ¿]")


class _Marks(dict):
    """str.translate's table that drops combining marks: each character
    looked up once, then answered from the table."""

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        self[code] = found = None if unicodedata.combining(char) else char
        return found


_DROP_MARKS = _Marks()


def fold(text: str) -> str:
    """Lowercase without accents, for matching headings in four languages.
    Every line of a document is folded once: plain ASCII, most lines of an
    English one, is only lowercased, as the full path would leave it."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.lower().replace("œ", "oe"))
    return text.translate(_DROP_MARKS).replace("’", "'")


def heading_kind(line: str) -> str | None:
    """What a heading announces (challenge, solution, results, lessons,
    cost, partners, contact, summary), or None for any other heading."""
    text = fold(" ".join(line.split())).strip(" :-–—")
    text = _NUMBERING.sub("", text).strip()
    m = _HEADING_RE.match(text)
    return m.lastgroup if m else None


class Section:
    """A heading and the text under it, on one page."""

    __slots__ = ("page", "heading", "kind", "lines")

    def __init__(self, page: int, heading: str, kind: str | None):
        self.page, self.heading, self.kind = page, heading, kind
        self.lines: list[str] = []


def _is_heading_line(line: str) -> bool:
    """Short, not ending like a sentence, starting with a capital or a number."""
    s = line.strip()
    return 0 < len(s) <= _HEADING_MAX and not s.endswith((".", ",", ";")) and (s[:1].isupper() or s[:1].isdigit())


def sections(document: Document) -> list[Section]:
    """The document as sections: each page's own title (a slide title, an
    HTML or DOCX heading) opens one; inside a page, a short line that a
    heading cue recognises opens another (PDF pages carry their headings as
    lines). Lines that repeat the document's title (a PDF's running footer)
    are left out."""
    title_start = fold(document.title)[:30]
    out: list[Section] = []
    for page in document.pages:
        lines = [ln for ln in page.text.splitlines()]
        current: Section | None = None
        if page.title.strip():
            current = Section(page.number, page.title.strip(), heading_kind(page.title))
            out.append(current)
            if lines and lines[0].strip() == page.title.strip():
                lines = lines[1:]
        for line in lines:
            s = line.strip()
            if not s:
                continue
            if len(title_start) >= 12 and fold(s).startswith(title_start):
                continue
            # Headings inside a page: only where the format gives pages no
            # title of their own (PDF); never a table row.
            inline = not page.title.strip() and "|" not in s and _is_heading_line(s)
            kind = heading_kind(s) if inline else None
            if kind is not None or (inline and _NUMBERED.match(s) and len(s) <= 70):
                current = Section(page.number, s, kind)
                out.append(current)
                continue
            if current is None:
                current = Section(page.number, "", None)
                out.append(current)
            current.lines.append(s)
    return out


def section_text(section: Section, fmt: str) -> str:
    """The section's lines as running text: a PDF's lines are wrapped
    sentences; elsewhere each line is a paragraph or a bullet."""
    parts: list[str] = []
    for line in section.lines:
        line = line.lstrip("-•▪ ").strip() if line.startswith(("- ", "• ", "▪ ")) else line
        if not parts:
            parts.append(line)
        elif fmt == "pdf" and not line.startswith(("-", "•")) and not parts[-1].endswith((".", "!", "?", ":")):
            parts[-1] += " " + line
        else:
            parts.append(line)
    joined = ""
    for part in parts:
        if joined:
            joined += " " if joined.endswith((".", "!", "?", ":", ";")) else "; "
        joined += part
    return " ".join(joined.split())


def clip(text: str, limit: int = MAX_CHARS) -> str:
    """At most `limit` characters, cut after a whole sentence (or bullet)
    so that no figure is cut in two."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    ends = [m.end() for m in re.finditer(r"[.!?;](?=\s)", cut)]
    if ends and ends[-1] > limit // 3:
        return cut[:ends[-1]].rstrip(" ;")
    return cut.rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def _field(value: str, page: int, reason: str) -> CardField:
    return CardField(value, page, Origin("extracted", reason))


def _first_cue(sections: Iterable[Section], fmt: str, kind: str) -> CardField | None:
    pattern = _CUES[kind]
    for sec in sections:
        text = section_text(sec, fmt)
        if not pattern.search(text):    # a match in one of its sentences is a match in it
            continue
        for sentence in _sentences(text):
            m = pattern.search(sentence)
            if m:
                if kind == "place":
                    value = re.sub(r"(?:\s+(?:of|for|the|de|du|des|del|da|do|dos|das|la|los|las|and|et|y|e))+$",
                                   "", m.group(1).strip())
                    if len(value.split()) < 2:
                        continue
                    return _field(value, sec.page, f"named after '{m.group(0).split()[0]} …' on page {sec.page}")
                return _field(clip(sentence, 300), sec.page,
                              f"sentence with the cue '{m.group(0)[:40]}' on page {sec.page}")
    return None


def _years(secs: list[Section], fmt: str) -> CardField | None:
    """A span of years the text gives ("2014-2017"), else the years the
    section on what was done names, else those of the results or the
    challenge: from one section, so every year on the card is on its page."""
    for sec in secs:
        text = section_text(sec, fmt)
        m = _YEAR_RANGE.search(text)
        if m and m.group(1) < m.group(2):
            return _field(f"{m.group(1)}–{m.group(2)}", sec.page, f"the span '{m.group(0)}' on page {sec.page}")
    for sec in secs:
        years = sorted({int(y) for y in _YEAR.findall(section_text(sec, fmt))})
        if years:
            value = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
            return _field(value, sec.page, f"years named in the section '{sec.heading[:50]}'")
    return None


def _country(document: Document, code: str | None = None) -> CardField | None:
    """The document's country (or `code`), linked to the first page that names it."""
    codes = (code,) if code else document.countries[:1]
    for c in codes:
        for page in document.pages:
            if any(found == c for found, _, _ in find_countries(page.text)):
                origin = document.origins.get("countries")
                why = "the document's country" if code is None else "the country the section is about"
                if origin and code is None:
                    why += f" ({origin.kind})"
                return _field(c, page.number, f"{why}, named on page {page.number}")
    return None


def _name(document: Document, heading: str | None = None, page: int | None = None) -> CardField | None:
    """The initiative's name: a section heading for a card of its own, else
    the document's title without a leading "Country:"."""
    if heading is not None:
        name = re.split(r"\s*[:–—-]\s+", heading, maxsplit=1)
        return _field(name[-1].strip() or heading, page or 1, f"the heading of page {page}")
    title = document.title.split(" | ")[0].strip()
    if not title or not document.pages:
        return None
    first = fold(" ".join(document.pages[0].text.split()))
    parts = re.split(r"\s*:\s+", title, maxsplit=1)
    name = parts[1] if len(parts) == 2 and fold(parts[0]) not in fold(parts[1]) and len(parts[0]) < 40 else title
    if fold(" ".join(name.split())) not in first:
        return None
    return _field(name[:1].upper() + name[1:], document.pages[0].number, "the document's title")


def _solution_type(text: str, title: str = "", doc_topics: tuple[str, ...] = ()) -> str | None:
    """The topic the text on what was done names most, the card's name
    counting as a title does for a document's topics."""
    from ingest.enrichers.topics import score_topics
    scored = score_topics(Document(id="s", uri="s:", title=title, format="text", pages=(Page(1, text),)))
    if not scored:
        return None
    # Of the topics the document is about (most mentioned first), the first
    # one the text on what was done names; else what that text names most.
    named = {slug for slug, *_ in scored}
    return next((t for t in doc_topics if t in named), scored[0][0])


def _outcome(results: Section | None, lessons: Section | None, fmt: str) -> CardField | None:
    """worked / partly / did-not, only when there are results to judge by:
    a failure cue in the results or lessons says did-not, a qualifying cue
    ("partly", "open questions", "pas encore") says partly, results without
    either say worked."""
    if results is None:
        return None
    for kind, pattern in _OUTCOME_CUES:
        for sec in (results, lessons):
            if sec is None:
                continue
            m = pattern.search(sec.heading + " " + section_text(sec, fmt))
            if m:
                return _field(kind, sec.page, f"the cue '{m.group(0)}' in '{sec.heading[:50]}'")
    return _field("worked", results.page, f"results reported under '{results.heading[:50]}' with no "
                                          "cue of failure or of a partial result")


def _country_sections(document: Document, secs: list[Section]) -> list[tuple[Section, str]]:
    """Sections whose heading starts with a country's name ("Maurice : une
    stratégie de plateforme"): a document comparing two countries' initiatives."""
    out = []
    for sec in secs:
        head = sec.heading.split(":")[0] if ":" in sec.heading else ""
        found = find_countries(head) if head and len(head) <= 40 else []
        if len(found) == 1 and sec.kind in (None, "solution"):
            out.append((sec, found[0][0]))
    return out if len({c for _, c in out}) >= 2 else []


def _body(sec: Section | None, fmt: str, reason: str) -> CardField | None:
    if sec is None:
        return None
    text = section_text(sec, fmt)
    if not text:
        return None
    return _field(clip(text), sec.page, f"{reason} '{sec.heading[:60]}' (page {sec.page})")


def extract_practices(document: Document) -> tuple[Practice, ...]:
    secs = sections(document)
    fmt = document.format
    kinds = [s.kind for s in secs]
    first = {k: next((s for s in secs if s.kind == k), None) for k in set(kinds) if k}
    challenge = first.get("challenge")
    solution = first.get("solution")
    results = first.get("results")
    lessons = first.get("lessons")
    per_country = _country_sections(document, secs)
    if per_country:
        cards = []
        for sec, code in per_country:
            solution_f = _body(sec, fmt, "the section")
            stype = _solution_type(section_text(sec, fmt), sec.heading, document.topics)
            cards.append(Practice(
                name=_name(document, sec.heading, sec.page), country=_country(document, code),
                solution=solution_f, lessons=_body(lessons, fmt, "the lessons under"),
                years=_years([sec], fmt), place=_first_cue([sec], fmt, "place"),
                solution_type=_field(stype, sec.page, "the topic named most in the section") if stype else None,
            ))
        return tuple(cards)
    # The structure of a practice: what was done, and where it started or
    # what came of it. Without a "solution" heading, the first untitled-kind
    # section after the challenge (or the summary) and before the results,
    # lessons or later challenges is what was done.
    later_challenges = [s for s in secs if s.kind == "challenge" and s is not challenge]
    if solution is None and (results or (challenge and (lessons or later_challenges))):
        start = secs.index(challenge) + 1 if challenge else next(
            (i + 1 for i, s in enumerate(secs) if s.kind == "summary"), 1)
        ends = [secs.index(s) for s in (results, lessons, *later_challenges) if s is not None]
        stop = min([e for e in ends if e >= start] or [len(secs)])
        between = [s for s in secs[start:stop] if s.kind is None and s.lines]
        solution = between[0] if between else None
    if solution is None:
        return ()
    # A "challenges" heading after what was done is what remains to be
    # solved: lessons, not the starting point.
    after = [s for s in secs[secs.index(solution) + 1:] if s.kind == "challenge"]
    if challenge is not None and secs.index(challenge) > secs.index(solution):
        challenge = next((s for s in secs[:secs.index(solution)] if s.kind == "challenge"), None)
    if lessons is None and after:
        lessons = after[0]
    if not (challenge or results or lessons):
        return ()
    core = [s for s in (challenge, solution, results) if s is not None]
    name = _name(document)
    stype = _solution_type(section_text(solution, fmt), name.value if name else "", document.topics)
    card = Practice(
        name=name,
        country=_country(document),
        place=_first_cue(core, fmt, "place"),
        years=_years([s for s in (solution, results, challenge) if s is not None], fmt),
        challenge=_body(challenge, fmt, "the section"),
        solution=_body(solution, fmt, "the section"),
        results=_body(results, fmt, "the section"),
        lessons=_body(lessons, fmt, "the section"),
        cost=_body(first.get("cost"), fmt, "the section") or _first_cue(secs, fmt, "cost"),
        partners=_body(first.get("partners"), fmt, "the section") or _first_cue(secs, fmt, "partners"),
        contact=_body(first.get("contact"), fmt, "the section") or _first_cue(secs, fmt, "contact"),
        outcome=_outcome(results, lessons, fmt),
        solution_type=_field(stype, solution.page, "the topic named most in what was done and in the name")
        if stype else None,
    )
    return (card,)


def apply_curated(cards: tuple[Practice, ...], curated: Mapping[str, str] | None) -> tuple[Practice, ...]:
    """Curated card values (a manifest's `practice_*` columns) replace the
    first card's extracted ones; with no card extracted they make one."""
    if not curated:
        return cards
    values = {name: CardField(str(v), None, Origin("curated", "from the manifest"))
              for name, v in curated.items() if name in PRACTICE_FIELDS and str(v).strip()}
    if not values:
        return cards
    if "outcome" in values and values["outcome"].value not in OUTCOMES:
        values.pop("outcome")
    return lay_over(cards, (Practice(**values),))


def lay_over(cards: tuple[Practice, ...], curated: tuple[Practice, ...]) -> tuple[Practice, ...]:
    """`cards` with each card of `curated` laid over the card in its place:
    the fields it has replace theirs; one past the last card is added."""
    out = list(cards)
    for number, card in enumerate(curated):
        values = {name: f for name in PRACTICE_FIELDS if (f := card.get(name)) is not None}
        if values:
            while len(out) <= number:
                out.append(Practice())
            out[number] = replace(out[number], **values)
    return tuple(out)
