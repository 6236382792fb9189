"""Choosing a document's title as a reader would, whatever its format.

A reader takes the title from what the document shows: the big lines of a
PDF's first page, the title of a deck's first slide, a Word document's Title
paragraph, a web page's heading. The title a file states about itself (PDF
Info, Office core properties, HTML <title>) is often something else: the
name of the file it was made from ("Microsoft Word - report-final.docx"), the
template it started from, a word such as "Provisional", the publisher, or a
title left over from another document. So each extractor proposes what the
layout shows and what the file states, and `choose` keeps the stated title
only when it is plausible and the document's own text bears it out.

Every choice comes with the reason `kb explain` shows.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Container, Iterable, Sequence

from ingest.shared_titles import STATED
from kb.taxonomy.gazetteer import find_countries

from .textutil import clean_title, strip_list_number

# Words that make a line the name of a body rather than a document.
_ORG_WORDS = re.compile(     # not after a hyphen: an e-government strategy is no government
    r"\b(?<![-‐])(government|gouvernement|gobierno|governo|ministry|minist[eè]re|ministerio|minist[ée]rio|"
    r"department|d[ée]partement|departamento|office|bureau|agency|agence|agencia|ag[êe]ncia|"
    r"administration|commission|comisi[óo]n|comiss[ãa]o|council|conseil|consejo|conselho|board|"
    r"authority|autorit[ée]|autoridad|autoridade|united nations|nations unies|naciones unidas|"
    r"na[çc][õo]es unidas|republic|r[ée]publique|rep[úu]blica|kingdom|royaume|reino|"
    r"university|universit[ée]|universidad|universidade|institute|institut|instituto|bank|"
    r"banque|banco|organi[sz]ation|organisation|organizaci[óo]n|organiza[çc][ãa]o|"
    r"secretariat|secr[ée]tariat|secretar[íi]a|secretaria|division|directorate|direction|"
    r"direcci[óo]n|dire[çc][ãa]o|mayor|municipality|municipalit[ée]|municipalidad|"
    r"munic[íi]pio|county|library|court|tribunal|parliament|parlement|parlamento|senate|"
    r"s[ée]nat|senado|assembly|assembl[ée]e|asamblea|congress|congr[eè]s|congreso|"
    r"embassy|ambassade|embajada|delegation|d[ée]l[ée]gation|delegaci[óo]n|programme|"
    r"united states|[ée]tats-unis|estados unidos|district of columbia|commonwealth|"
    r"union|uni[óo]n|corporation|company|inc|ltd|association|foundation|fondation|fundaci[óo]n|"
    r"mairie|ville de|commune de|communaut[ée] (de communes|d[’']agglom[ée]ration|urbaine)|m[ée]tropole|"
    r"pr[ée]fecture|pr[ée]fet|ayuntamiento|alcald[íi]a|intendencia|gobernaci[óo]n|prefeitura|"
    r"c[âa]mara municipal|junta|pr[óo]-reitoria|reitoria|rectorado|rectorat|diretoria|"
    r"coordena[çc][ãa]o|superintend[êe]ncia|gerencia|ger[êe]ncia|subsecretar[íi]a|procuradoria|"
    r"procuradur[íi]a|defensoria|ouvidoria|controladoria|contralor[íi]a|[áa]rea de|committee|comit[ée]|"
    r"sistema nacional|national system|task force|working (group|party)|groupe de travail|"
    r"grupo de (trabajo|trabalho)|premier ministre|prime minister|primer ministro|primeiro-ministro|"
    r"presid[êe]ncia|presidencia)\b",
    re.IGNORECASE,
)
# Words that name a kind of document: a line with one is a title, not a
# letterhead. The weak ones also name offices ("Office of Women's Policy").
_GENRE_WORDS = re.compile(
    r"\b(report|rapport|informe|relat[óo]rio|strategy|strat[ée]gie|estrategia|estrat[ée]gia|"
    r"plan|plano|guide|guidelines|gu[íi]a|guia|act|law|loi|ley|lei|bill|decree|d[ée]cret|decreto|"
    r"regulations?|r[èe]glement|reglamento|survey|enqu[êe]te|encuesta|review|study|[ée]tude|"
    r"estudio|estudo|minutes|proc[èe]s-verbal|acta|ata|agenda|statement|d[ée]claration|"
    r"declaraci[óo]n|summary|r[ée]sum[ée]|resumen|resumo|handbook|manual|toolkit|assessment|"
    r"roadmap|feuille de route|hoja de ruta|notice|avis|aviso|proposal|propuesta|proposta|"
    r"newsletter|bulletin|bolet[íi]n|case study|[ée]tude de cas|estudio de caso|estudo de caso|"
    r"statute|statut|estatuto|convention|convenci[óo]n|conven[çc][ãa]o|treaty|trait[ée]|tratado|"
    r"charter|charte|carta|protocol|protocole|protocolo|constitution|constituci[óo]n|"
    r"constitui[çc][ãa]o|code|c[óo]digo|agreement|accord|acuerdo|acordo|resolution|r[ée]solution|"
    r"resoluci[óo]n|resolu[çc][ãa]o|ordinance|ordonnance|ordenanza|directive|directiva|announcement|"
    r"solicitation|memorandum|circular|circulaire|communiqu[ée]|press release|white paper|"
    r"livre blanc|libro blanco|livro branco|green paper|livre vert|documentation|documenta[çc][ãa]o|"
    r"documentaci[óo]n|specification|sp[ée]cification|especifica[çc][ãa]o|especificaci[óo]n|"
    r"recommendation|recommandation|recomendaci[óo]n|recomenda[çc][ãa]o|synthesis|synth[èe]se|"
    r"s[íi]ntesis|s[íi]ntese|executive order|arr[êe]t[ée]|portaria|instru[çc][ãa]o normativa|"
    r"methodology|m[ée]thodologie|metodolog[íi]a|questionnaire|cuestionario|question[áa]rio|"
    r"gazette|journal officiel|di[áa]rio oficial|bolet[íi]n oficial|moniteur|"
    r"fact\s?sheet|fiche|ficha|brochure|leaflet|guidance|playbook|blueprint|primer|"
    r"concept note|note conceptuelle|nota (de )?concepto|nota conceptual|nota conceitual|"
    r"terms of reference|termes de r[ée]f[ée]rence|t[ée]rminos de referencia|termos de refer[êe]ncia|"
    r"speech|discours|discurso|allocution|remarks)(e?s)?\b",
    re.IGNORECASE,
)
_WEAK_GENRE_WORDS = re.compile(
    r"\b(policy|politique|pol[íi]tica|framework|cadre|marco|evaluation|[ée]valuation|"
    r"evaluaci[óo]n|avalia[çc][ãa]o|analysis|analyse|an[áa]lisis|an[áa]lise|action|"
    r"programme|program|planning|index|indice|[íi]ndice)\b", re.IGNORECASE)
# government as what a document is about, not who issued it: "Next
# Generation Digital Government Architecture", "Gobierno Abierto"
_GOVERNMENT_AS_TOPIC = re.compile(
    r"\b((digital|open|smart|electronic|mobile|connected)\s+government|"
    # where a thing is done: "How to Run an Agile Project in Government"
    r"(in|for|across|into|within|to)\s+government$|"
    r"(gobierno|governo|gouvernement|administraci[óo]n|administra[çc][ãa]o|administration)\s+"
    r"(digital|abierto|aberto|ouvert|num[ée]rique|electr[óo]nic[oa]|eletr[ôo]nic[oa]|[ée]lectronique)|"
    # a line opening on "Government" that names no government of somewhere: "Government AI Readiness Index"
    r"^((19|20)\d\d\s+)?government(?=\s+(?!(of|and|&|in|at|for|,)\b)[^\W\d]))\b",
    re.IGNORECASE)
_ORG_FIRST = re.compile(r"^(the\s+)?((?!(of|de|du|des|del|da|do|for|on|pour|para)\s)[\w.’']+\s+){0,3}?(government|ministry|minist\w+|department|"
                        r"d[ée]partement|departamento|office|bureau|agency|commission|council|"
                        r"conseil|board|authority|secretariat|division|directorate|direction)\b",
                        re.IGNORECASE)
# Stated titles that are never the title of a finished document.
_NOT_A_TITLE = re.compile(
    r"^(provisional|draft|final|final draft|template|untitled|new document|document|"
    r"report|rapport|informe|presentation|pr[ée]sentation|title|titre|t[íi]tulo|"
    r"slide \d+|page \d+|copy of .*|.*\btemplate\b.*|.*\bdue (on )?\w+ \d+.*|"
    # the name an office suite gives a new deck: "Apresentação do PowerPoint", "Diapositiva 1"
    r"((powerpoint|keynote|impress)\s+presentation|(pr[ée]sentation|presentaci[óo]n|apresenta[çc][ãa]o)"
    r"(\s+(de|do|da))?\s+(microsoft\s+)?(powerpoint|keynote|impress)|(diapositiva|diapositive|diapositivo)\s+\d+)|"
    r"versi[oó]n? \d.*|v\d+(\.\d+)*)$",
    re.IGNORECASE,
)
_DRAFT_MARKS = re.compile(r"\b(template|final[ _-]?draft|draft[ _-]?\d|(?<!\d\s)v\d+(\.\d+)+|"
                          r"rev\d+|track(ed)? changes|do not (cite|distribute))\b", re.IGNORECASE)
_FILE_NAME = re.compile(r"(^\S+\.(docx?|pptx?|xlsx?|pdf|rtf|odt|indd|qxd|html?|tex|dvi)$)|"
                        r"(\.(docx?|pptx?|xlsx?|pdf|rtf|odt|indd|qxd)\s*$)|"
                        r"^[\w.+-]*[_]\w[\w.+-]*$|^[a-z0-9]+(-[a-z0-9]+){2,}$|"
                        r"^[\w-]*\d{4,}[\w-]*$|^[a-z]:\\|^/\S|\S\\\S", re.IGNORECASE)
# words joined by an underscore are a file's name: "Credentialing Infrastructure_ISVs"
_UNDERSCORED = re.compile(r"[^\W_]_[^\W_]")
_TOOL_PREFIX = re.compile(r"^\s*(microsoft\s+(word|powerpoint|excel)|word|powerpoint)\s*-\s*",
                          re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^\[[^\]]*(insert|name|title|agency|here)[^\]]*\]$|^<[^>]*>$|"
                          r"^x{3,}$|^lorem ipsum", re.IGNORECASE)
_NATIONAL = re.compile(r"\b(national|nationale?s?|nacional(es)?|nationaux)\b", re.IGNORECASE)
_STRONG_SEPARATORS = re.compile(r"\s+(?:\||·|»|::)\s+|\s*\|\s*")
_SITE_SEPARATORS = re.compile(r"\s+(?:\||·|»|::|-|–|—)\s+|\s*\|\s*")
_MARKINGS = re.compile(
    r"^(provisional|draft|final draft|confidential|restricted|embargoed|unedited|for official use only|"
    r"limited distribution|advance (unedited )?(copy|version)|check against delivery|"
    r"distr\.?\s*:?\s*(general|limited|restricted)|original\s*:\s*\w+|provisoire|projet|"
    r"confidentiel|borrador( final)?|provisional|rascunho|provis[óo]rio|page \d+( of \d+)?|"
    # a model's label over the agreement it is the model of
    r"mod[èe]le|modelo|template|sample|specimen|sp[ée]cimen|page\s*\d+\s*/\s*\d+|"
    # a scanning app's mark on each page it made
    r"(scanned|escaneado|digitalizado|num[ée]ris[ée])\s+(with|by|con|com|avec|por|par)\s+\w*\s*scanner\w*)\.?$",
    re.IGNORECASE)
# a parliament's session or term over a paper it issued: "PREMIÈRE SESSION EXTRAORDINAIRE DE
# L'ANNÉE 2024", "XIVème LÉGISLATURE", "Seventy-eighth session", "SESSION ORDINAIRE DE 2023-2024"
_ORDINAL_WORD = (r"([\w-]*\w(ème|eme|e|er|re|th|st|nd|rd|ª|º|a|o)|[ivxlc]+(ème|eme|e)?|"
                 r"premi[èe]re?|seconde?|primera|segunda|primeira)")
_PARLIAMENT_TERM = re.compile(
    rf"^({_ORDINAL_WORD}\s+)?(session|l[ée]gislature|legislature|legislatura|sess[ãa]o|sesi[óo]n)"
    r"(\s+(ordinaire|extraordinaire|ordinaria|extraordinaria|ordin[áa]ria|extraordin[áa]ria|unique|"
    r"pl[ée]ni[èe]re|regular|special))?"
    r"(\s+(de|of|del|da|do|du)\s+(l['’]\s*ann[ée]e\s+)?(19|20)\d\d(\s*[-–/]\s*(19|20)?\d\d)?)?$", re.IGNORECASE)
# a rights notice, as a printed web page or a publisher's page carries one
_RIGHTS = re.compile(r"\b(all rights reserved|derechos (de autor )?reservados|todos los derechos|"
                     r"tous droits r[ée]serv[ée]s|(todos os )?direitos reservados|prohibida su reproducci[óo]n)\b|"
                     r"©", re.IGNORECASE)
# "The Law Library serves the needs of the U": a sentence cut off mid-word.
_CUT_SHORT = re.compile(r"(\s[^\W\dIVX]|\s(of|the|and|for|to|in|a|an|de|la|le|du|des|et|el|y|do|da))$",
                        re.IGNORECASE)
_SECTION_NAMES = re.compile(
    r"^(\d+[.)]?\s*)?(introduction|executive summary|summary|background|contents|table of contents|"
    r"foreword|preface|abstract|overview|purpose|context|acknowledg(e)?ments|conclusions?|annex(es)?|"
    r"appendix|r[ée]sum[ée]( analytique)?|sommaire|avant-propos|contexte|pr[ée]face|"
    r"table des mati[èe]res|introducci[óo]n|resumen( ejecutivo)?|[íi]ndice|antecedentes|contexto|"
    r"presentaci[óo]n|pr[óo]logo|introdu[çc][ãa]o|resumo( executivo)?|sum[áa]rio|apresenta[çc][ãa]o|"
    r"agradecimientos|agradecimentos|remerciements|tabla de contenidos?|[íi]ndice general|"
    r"conte[úu]do|list of (figures|tables|abbreviations|acronyms)|"
    r"(chapter|chapitre|cap[íi]tulo|part|partie|parte|section|secci[óo]n|se[çc][ãa]o|t[íi]tulo|title|titre|"
    r"libro|livro|livre|book)\s+\w+)$",
    re.IGNORECASE)
# "This Act may be cited as the 'Healthy Forests Restoration Act of 2003'."
_CITED_AS = re.compile(r"\b(may be cited as|peut être cité[e]? sous le (?:nom|titre) de|"
                       r"podr[áa] citarse como|pode ser citad[ao] como)\s+(?:the\s+|la\s+|le\s+|a\s+)?"
                       r"[‘'“\"«]+\s*(?P<title>.+?)\s*[’'”\"»]", re.IGNORECASE)
# and unquoted, as the Acts of India and others write it: "This Act may be
# called the Uttar Pradesh Health Workers … (Regulation of Pay) Act, 1996."
_CALLED = re.compile(r"\bmay be (?:called|cited as)\s+(?:the\s+)?(?P<title>[A-Z][^.;:“”\"]{3,200}?"
                     r"\b(?:Act|Code|Rules|Regulations|Order|Ordinance|Bill)(?:,?\s+(?:19|20)\d\d)?)(?=\s*[.;(])")
_MONTHS = (r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|f[ée]v|mars|avr|mai|juin|juil|ao[uû]t|"
           r"sept|oct|nov|d[ée]c|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
           r"noviembre|diciembre|janeiro|fevereiro|mar[çc]o|maio|junho|julho|setembro|outubro|novembro|"
           r"dezembro)\w*\.?")
# a line that is a date: "December 1998", "November - 2015", "5 mai 2019", "2014"
DATE_LINE = re.compile(
    rf"^((\d{{1,2}}(st|nd|rd|th)?\s+)?{_MONTHS}\s*[-–,]?\s*(\d{{1,2}},?\s*)?(de\s+)?\d{{4}}|"
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4})$", re.IGNORECASE)
# where and when, at the foot of a cover: "Cruz das Almas/2015", "Nairobi, 2019",
# "Brasília, Julho de 2014"
_PLACE_AND_YEAR = re.compile(rf"^([^\W\d][\w'’.-]*\s+){{0,3}}[^\W\d][\w'’.-]*\s*[/,–—-]\s*"
                             rf"({_MONTHS}\s*(de\s+)?)?(19|20)\d\d\.?$", re.IGNORECASE)


def is_place_and_year(line: str) -> bool:
    """A place's name and a year, and no kind of document ("Report - 2014" is a title)."""
    text = tidy(line)
    return bool(_PLACE_AND_YEAR.match(text)) and not _GENRE_WORDS.search(text) \
        and not _WEAK_GENRE_WORDS.search(text)


# a line that gives a day's date somewhere: "Monday, December 5, 2011", "Paris, 3 mai 2019"
# (a day, or days: "13-14", "13th and 14th", "3 et 4")
_DAYS = r"\d{1,2}(st|nd|rd|th|er)?(\s*([-–&]|and|to|et|au|y|al|e|a)\s*\d{1,2}(st|nd|rd|th)?)?"
DATED = re.compile(rf"\b({_DAYS}\s+(de\s+)?{_MONTHS},?\s+(de\s+)?\d{{4}}|"
                    rf"{_MONTHS}\s+{_DAYS},?\s+\d{{4}}|\d{{4}}-\d\d-\d\d)\b", re.IGNORECASE)
# a day of a month or an hour: a meeting's, never in a body's name ("tenue le 20 juin, à 16h00")
_DAY_OR_HOUR = re.compile(rf"\b(\d{{1,2}}(er|st|nd|rd|th)?\s+(de\s+)?{_MONTHS}|{_MONTHS}\s+\d{{1,2}}(st|nd|rd|th)?\b|"
                          r"\d{1,2}\s*h\s*\d\d\b|\d{1,2}:\d\d\s*(am|pm)?\b)", re.IGNORECASE)
# a month and its year anywhere in a line: "Numéro 189, décembre 2018"
MONTH_YEAR = re.compile(rf"\b{_MONTHS}\s*[-–,]?\s*(de\s+)?\d{{4}}\b", re.IGNORECASE)
BYLINE = re.compile(r"^(by|par|por|prepared by|written by|author|authors?:|auteurs?|autores?)\b"
                    # a form's field for who made it: "Nombre: Diego Espinoza", "Student: …"
                    r"|^(names?|nom|nombres?|nomes?|presented by|pr[ée]sent[ée]e? par|presentad[oa] por|"
                    r"apresentad[oa] por|students?|[ée]tudiant(e|s)?|estudiantes?|alumn[oa]s?|alun[oa]s?|"
                    r"tutor(es)?|docente|profes+or(es)?|professeur)\s*:",
                    re.IGNORECASE)
# a section that opens by asking what the thing is: "O que é o Gastos Abertos?"
_WHAT_IS = re.compile(r"^¿?\s*(what (is|are)|qu['’]est[- ]ce que?|o que (é|são)|qu[ée] (es|son))\b.*\?$",
                      re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SMALL = {"a", "an", "the", "of", "and", "or", "for", "in", "on", "at", "to", "by", "with",
          "de", "des", "du", "la", "le", "les", "et", "en", "pour", "el", "los", "las", "del",
          "y", "para", "por", "da", "do", "das", "dos", "e", "em", "um", "uma", "à", "au", "aux",
          "un", "une", "l", "d", "al", "lo", "una", "o", "os", "as", "no", "na", "nos", "nas",
          "se", "que", "qui", "cual", "su", "sus", "sur", "par", "dans", "avec", "sobre", "con", "com"}
# Short words of titles that are not acronyms, for title-casing capitals.
_SHORT_WORDS = _SMALL | {
    "su", "sus", "mi", "se", "es", "ya", "bank", "fund", "part", "user", "web", "next", "view", "vote", "tax", "aid", "job", "jobs", "laws",
    "food", "farm", "loan", "home", "post", "port", "town", "care", "safe", "fair", "free", "risk",
    "act", "law", "plan", "data", "open", "city", "new", "year", "more", "less", "from", "into",
    "over", "upon", "via", "your", "our", "its", "all", "one", "two", "six", "ten", "use", "how",
    "why", "who", "what", "when", "work", "road", "map", "life", "land", "sea", "air", "time",
    "age", "case", "call", "bill", "code", "rule", "role", "real", "good", "best", "key", "step",
    "unit", "ley", "loi", "lei", "guia", "guía", "plan", "une", "sur", "dans", "avec", "por",
    "con", "sin", "sem", "com", "ano", "año", "an", "as", "is", "it", "we", "up", "not", "and",
    "next", "past", "post", "pre", "e", "vs", "area", "zone", "list", "base", "fund", "team",
    "view", "link", "book", "page", "news", "note", "form", "test", "site", "web", "net",
    "user", "end", "top", "high", "low", "safe", "fair", "free", "full", "each", "every",
    # French, Spanish and Portuguese ones
    "fait", "nom", "lois", "leis", "mai", "juin", "mars", "mayo", "maio", "avis", "pays", "vie", "eau",
    "état", "etat", "mise", "rôle", "sous", "vers", "plus", "tout", "tous", "été", "ação", "país", "vida",
    "agua", "água", "dia", "día", "mes", "mês", "obra", "sede", "rede", "voto", "afin", "bien", "fois",
    "lieu", "type", "tipo", "modo", "caso", "meta", "nota", "acta", "acto", "ruta", "hoja", "zona", "área",
    "cada", "otro", "otra", "todo", "toda", "como", "mais", "onde", "ante", "bajo", "tras", "chez", "tech",
    "pelo", "pela", "eixo"}
_DATE_WORDS = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|f[ée]v|avr|mai|juin|juil|ao[uû]t|"
    r"d[ée]c|ene|abr|ago|dic|set|out|dez|page|p|vol|no|n[°º])\w*\.?(\s|$)", re.IGNORECASE)
# A line ending with one of these runs on into the next one.
_RUNS_ON = re.compile(r"([,:;\-–—/&(]|\b(of|and|or|for|in|on|at|to|the|a|an|by|with|de|des|du|"
                      r"la|le|les|et|en|pour|el|los|las|del|y|para|por|da|do|das|dos|e|em))$",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Title:
    """A title and why it was chosen (shown by `kb explain`).

    `choose` also says what the file stated (`stated`, described by
    `stated_as`) and, when `text` is that stated title, the title the
    document would have without it (`without`; empty when nothing else
    names it): a stated title may turn out to be shared by unrelated files,
    which only the pipeline, seeing every document, can tell
    (ingest/shared_titles.py)."""

    text: str
    reason: str
    stated: str = ""
    stated_as: str = ""
    without: "Title | None" = None


def stated_key(stated: str) -> str:
    """A stated title as compared with other files' ones: its words, folded."""
    return " ".join(words(clean_title(stated)))


def note(metadata: dict, title: Title) -> dict:
    """`metadata` with what the pipeline needs to tell a stated title shared
    by unrelated files: the stated title (every file that states one counts),
    and, when it was the one chosen, the title chosen with its reason and
    the title the document would have without it."""
    key = stated_key(title.stated)
    if not key:
        return metadata
    record: dict = {"key": key, "text": " ".join(title.stated.split())[:200], "as": title.stated_as}
    if title.without is not None:
        record.update(title=title.text, reason=title.reason, without=title.without.text,
                      without_reason=title.without.reason)
    return {**metadata, STATED: record}


# A line starting with one of these continues the one before ("... SERVICE DELIVERY / AND DIAGNOSTICS").
_CONTINUES = re.compile(r"^(and|or|of|for|with|et|ou|y|e|o|com|con|avec)\s", re.IGNORECASE)


_MID_PHRASE = re.compile(r"^(en|in|of|for|de|des|du|d['’]|pour|para|sobre|on|et|and|y|e|à|au|aux|dans|sur)\s",
                         re.IGNORECASE)


def opens_mid_phrase(line: str) -> bool:
    """A line that opens on a preposition or a conjunction, in any case
    ("EN ÉTABLISSEMENTS DE SANTÉ"): the rest of a phrase set above it."""
    return bool(_MID_PHRASE.match(re.sub(r"^[^\w(]+", "", tidy(line))))


def continues(before: str, line: str) -> bool:
    """`line` goes on from `before`: that ends mid-phrase, or this starts
    in lower case or with a connective."""
    return bool(_RUNS_ON.search(before) or line[:1].islower() or _CONTINUES.match(line))


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in _SMALL]


_BLANK = re.compile(r"_{3,}")
_ACT_NO = re.compile(r"\b(d[ée]crets?|lois?|arr[êe]t[ée]s?|ordonnances?|d[ée]cisions?|d[ée]lib[ée]rations?|"
                     r"circulaires?)\s+no\s+(?=\d)", re.IGNORECASE)


def tidy(text: str) -> str:
    """One line, no stray brackets or spacing around a title, no blank left
    to fill in ("PROTOCOLO ENTRE A AMA E O/A ______ PARA …"); an act's
    number sign that lost its raised "o" ("Décret no 2016-1036") is "n°" again."""
    text = " ".join(_BLANK.sub(" ", text).split())
    text = _ACT_NO.sub(r"\1 n° ", text)
    text = re.sub(r"\s+([,:;.!?)])", r"\1", text)
    text = re.sub(r"([(])\s+", r"\1", text)
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1].strip()
    return text.strip(" \t-–—_|•·")


def join_lines(lines: Sequence[str]) -> str:
    """Lines of one title as one string: a line that runs on (ends with a
    comma, a colon, a preposition, or is followed by a lower-case word) joins
    the next with a space; separate statements (an office's name above its
    report's title) join with a dash."""
    out = ""
    for line in (tidy(x) for x in lines):
        if not line:
            continue
        if not out:
            out = line
        elif continues(out, line) or line[:1] in "(:":
            out = f"{out} {line}"
        else:
            out = f"{out} — {line}"
    return out


def written_in_lower_case(texts: Iterable[str]) -> frozenset[str]:
    """The words `texts` write in lower case: a short word in a title's
    capitals that the text also writes so ("FIN", "fin") is no acronym."""
    found = (token.strip(",.;:!?\"'()«»“”") for text in texts for token in text.split())
    return frozenset(w for w in found if w.isalpha() and w.islower())    # not a web address's part


def smart_case(text: str, written: Container[str] = frozenset()) -> str:
    """An all-capitals title in title case, small words lower-case; mixed
    case is left as the author wrote it. The parts of a title joined to
    its subtitle or its issuer ("REUTILIZACIÓN DE RECURSOS — Guía de …")
    are cased each on its own. A short word is kept in capitals as an
    acronym unless it is a common word or one of those `written` in lower
    case elsewhere in the document."""
    if " — " in text:
        return " — ".join(smart_case(part, written) for part in text.split(" — "))
    if is_letter_spaced(text):
        return text               # "A F R I C A N  D E V E L O P M E N T": letters, not words to case
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 8 or any(c.islower() for c in letters):
        return text
    # a country's name is a name, however short its words ("SRI LANKA", "COSTA RICA", "FIJI")
    named = [(start, end) for _, start, end in find_countries(text) if " " in text[start:end] or end - start >= 4]
    out = []
    at = 0
    for i, word in enumerate(text.split(" ")):
        lower = word.lower()
        in_name = any(start <= at < end for start, end in named) and any(c in "aeiouy" for c in lower)
        at += len(word) + 1
        if i and lower in _SMALL:
            out.append(lower)
        elif in_name:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
        elif (2 <= len(word.strip("(),:;")) <= 4 and word.strip("(),:;").isalpha()
              and lower.strip("(),:;") not in _SHORT_WORDS
              and (lower.strip("(),:;") not in written or word.startswith("("))) \
                or any(c.isdigit() or c == "." for c in word):
            out.append(word)          # an acronym (ICT, UNDP, D.C.) or a number
        elif re.match(r"^[ld][’']\w", lower):                            # "l’Écoconception", "d’Activités"
            out.append((lower[:2] if i else lower[:1].upper() + lower[1]) + lower[2:3].upper() + lower[3:])
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in word.split("-")))
    return " ".join(out)


def is_placeholder(line: str) -> bool:
    return bool(_PLACEHOLDER.match(" ".join(line.split())))


# the words that enact a law, between its number and its title: "Ha dado la
# Ley siguiente:", "POR CUANTO:", "DECRETA:", "BE IT ENACTED by …"
_ENACTING = re.compile(
    r"^(por cuanto|considerando|visto|vistos|decreta|resuelve|ha dado la ley siguiente|"
    r"el congreso de la rep[úu]blica|the president is pleased to enact|be it enacted|"
    r"enacted by the|a adopt[ée]|l[’']assembl[ée]e nationale a adopt[ée]|promulgue la loi|d[ée]cr[èe]te|"
    r"arr[êe]te|faz saber que|sanciona|decreta e eu sanciono|resolve)\b[^.]{0,80}[:;]?$", re.IGNORECASE)


def is_enacting_formula(line: str) -> bool:
    """The enacting words of a law or a decree, not running text."""
    return bool(_ENACTING.match(tidy(line)))


_WEEKDAY = re.compile(r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|"
                      r"vendredi|samedi|dimanche|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|"
                      r"segunda|ter[çc]a|quarta|quinta|sexta)(-feira)?\b,?", re.IGNORECASE)


def is_date_and_place(line: str) -> bool:
    """A day's date and little more, where and when an event was held:
    "March 13th and 14th 2023 | IIIT Bangalore", "Kigali, 3 et 4 mai 2019"."""
    text = tidy(line)
    found = DATED.search(text)
    return bool(found) and len(content_words(text[:found.start()] + " " + text[found.end():])) <= 3 \
        and not _LAW_WORDS.search(text) and not _GENRE_WORDS.search(text)     # not "Lei nº 13.709, de 14 …"


def is_dateline(line: str) -> bool:
    """A line that opens on a day of the week and gives a date: "Segunda-feira,
    26 de Outubro de 2020 - Edição n° 136", a gazette's or a newspaper's dateline."""
    text = tidy(line)
    return bool(_WEEKDAY.match(text) and (DATED.search(text) or MONTH_YEAR.search(text)))


def gives_day_or_hour(line: str) -> bool:
    """Names a day of a month or an hour ("tenue le 20 juin, à 16h00"): when
    a meeting was held, not what a document is called."""
    return bool(_DAY_OR_HOUR.search(line))


def _kinds_in_name(text: str) -> bool:
    """A line that opens with a body ("Ministère …", "Direction …") and names
    kinds of document only as what the body is of ("… du Plan et de la
    Coopération"), not as what it issued ("Ministry of Health Strategic Plan")."""
    return bool(_ORG_FIRST.match(text)) and ":" not in text and all(
        _GLUE_BEFORE.search(text[:m.start()]) for m in _GENRE_WORDS.finditer(text))


@functools.lru_cache(maxsize=4096)
def is_org_line(line: str) -> bool:
    """A letterhead line: names a government, office or other body, and no
    kind of document. Kept for the lines asked about again (a PDF's title
    reader asks of one line up to three times; each answer takes a few
    long patterns' searches)."""
    text = _GOVERNMENT_AS_TOPIC.sub(" ", tidy(line))
    if _LAW_PURPOSE.match(text):      # "Portant attribution … au Ministère de …": what an act does
        return False
    n = len(words(text))
    if not (0 < n <= 14 and _ORG_WORDS.search(text)) or ":" in text or _DAY_OR_HOUR.search(text):
        return False
    # a line in mixed case names a body with capitals: "transformation of
    # government services" is about government
    if not text.isupper() and not text.islower() \
            and all(m.group(0)[:1].islower() for m in _ORG_WORDS.finditer(text)):
        return False
    # a kind of document named right before a body is part of its name: Law Library, Survey Department
    bare = re.sub(rf"({_GENRE_WORDS.pattern}|{_WEAK_GENRE_WORDS.pattern})\s+(?={_ORG_WORDS.pattern})", "",
                  text, flags=re.IGNORECASE)
    if _GENRE_WORDS.search(bare) and not _kinds_in_name(bare):
        return False
    text = bare
    return not _WEAK_GENRE_WORDS.search(text) or bool(_ORG_FIRST.match(text))


# a state's motto under its name in a letterhead: "Travail - Liberté - Patrie",
# "Un Peuple – Un But – Une Foi": three or four short capitalised parts between dashes or dots
_MOTTO_PART = r"[^\W\d_a-zß-ÿ][^\W\d_]*([\s'’]+[^\W\d_]+){0,2}"
_MOTTO = re.compile(rf"^{_MOTTO_PART}(\s*[-–—·•]\s*{_MOTTO_PART}){{2,3}}$")


def is_motto(line: str) -> bool:
    return bool(_MOTTO.match(tidy(line)))


def is_letter_spaced(line: str) -> bool:
    """Capitals set apart letter by letter, as a logo or a masthead is
    ("U N I T E D  N A T I O N S")."""
    tokens = tidy(line).split()
    single = sum(len(t) == 1 and t.isalpha() for t in tokens)
    return single >= 5 and single >= 0.7 * len(tokens)


def is_initials(line: str) -> bool:
    """One word in capitals that names no kind of document ("AGESIC", not "RAPPORT")."""
    text = tidy(line)
    return text.isalpha() and text.isupper() and 2 <= len(text) <= 8 and not _GENRE_WORDS.fullmatch(text) \
        and not _WEAK_GENRE_WORDS.fullmatch(text)


def is_acronyms(line: str) -> bool:
    """A body's initials on a line of their own ("IPT - SP", "UNDP"), as
    under its name in a letterhead."""
    tokens = [t for t in re.split(r"[\s/–—-]+", tidy(line)) if t]
    return 1 <= len(tokens) <= 3 and all(t.isupper() and t.isalpha() and len(t) <= 4
                                         and t.casefold() not in _SHORT_WORDS for t in tokens)


def signed_by_initials(line: str) -> bool:
    """A short name, then a body's initials after a dash or a bar ("Salud
    Digital - AGESIC", "Dirección de Datos | MEF"): who issued it, not what it is."""
    parts = [p for p in re.split(r"\s+[-–—|]\s+", tidy(line)) if p]
    return len(parts) >= 2 and (is_initials(parts[-1]) or is_acronyms(parts[-1])) \
        and len(words(" ".join(parts[:-1]))) <= 5 and not _GENRE_WORDS.search(line)


def is_marking(line: str) -> bool:
    """A stamp on a page, not its title: "Provisional", "Distr.: General",
    a rights notice ("Derechos de autor reservados - Prohibida su reproducción")."""
    text = tidy(line)
    return bool(_MARKINGS.match(text) or _RIGHTS.search(text) or _PARLIAMENT_TERM.match(text))


# the parts of an official gazette an act is printed under: "Décrets, arrêtés, circulaires",
# "TEXTES GÉNÉRAUX", "NORMAS LEGALES", "Atos do Poder Executivo", "Primera Sección"
_GAZETTE_SECTIONS = re.compile(
    r"^(d[ée]crets,?\s+arr[êe]t[ée]s,?\s+circulaires|textes g[ée]n[ée]raux|mesures nominatives|"
    r"avis et communications|informations parlementaires|conventions collectives|normas legales|"
    r"atos do poder (executivo|legislativo|judici[áa]rio)|(primera|segunda|tercera|cuarta|quinta) secci[óo]n|"
    r"se[çc][ãa]o [1-3]|edi[çc][ãa]o extra)$", re.IGNORECASE)


def is_section_name(line: str) -> bool:
    """The name of a part of a document ("Introduction", "Résumé"), or of
    the part of a gazette an act is printed in, not of a document."""
    text = tidy(line)
    return bool(_SECTION_NAMES.match(text) or _GAZETTE_SECTIONS.match(text))


def implausible(stated: str) -> str:
    """Why a stated (metadata) title cannot be the document's title, or ""."""
    raw = " ".join(stated.split())
    if not raw:
        return "empty"
    if _TOOL_PREFIX.match(raw):
        return "the name of the file it was converted from"
    if _FILE_NAME.search(raw) or _UNDERSCORED.search(raw):
        return "a file name"
    if _NOT_A_TITLE.match(raw) or _DRAFT_MARKS.search(raw) or is_marking(raw):
        return "a template or draft name"
    if _CUT_SHORT.search(raw):
        return "cut short"
    if _FORM_NUMBER.match(_REVISION.sub("", raw)):
        return "a form's number"
    if len(content_words(raw)) < 2 and len(raw) < 25:
        return "a single word"
    if is_org_line(raw):
        return "the name of an organisation"
    if is_placeholder(raw):
        return "a placeholder"
    if is_section_name(raw):
        return "the name of a section"
    if DATED.match(raw) or is_dateline(raw):
        return "a date"           # "12 June 2019 Vincenzo Di Maro": when and by whom, not what
    return ""


def covered(part: str, whole: str) -> float:
    """Share of the content words of `part` found in `whole`."""
    mine = content_words(part)
    if not mine:
        return 0.0
    theirs = set(words(whole))
    return sum(w in theirs for w in mine) / len(mine)


def strip_site(title: str, site: str = "", heading: str = "") -> str:
    """A web page's <title> without the site's name: "Open Data Guide |
    Ministry of X" -> "Open Data Guide". The page's own heading, when it is
    one of the parts, says which part is the page's; else the site's name
    (og:site_name, or failing that the parts that only name a government or
    other body) is dropped, and of what is left the longest part is kept."""
    title = " ".join(title.split())
    if not title:
        return ""

    def key(text: str) -> str:
        return " ".join(words(text))

    parts = [p for p in _SITE_SEPARATORS.split(title) if p.strip()]
    if heading and key(heading) and key(heading) != key(title):
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                if key(" ".join(parts[i:j])) == key(heading):
                    return tidy(heading)
    strong = [p for p in _STRONG_SEPARATORS.split(title) if p.strip()]

    def left(kept: list[str]) -> str | None:
        """What remains when only `kept` of the parts are the page's own."""
        if not kept or len(kept) == len(parts):
            return None
        return tidy(" - ".join(kept)) if len(kept) > 1 and len(strong) == 1 else \
            tidy(max(kept, key=lambda p: len(words(p))))

    if site and key(site):
        shown = left([p for p in parts if key(p) != key(site) and key(site) not in key(p)])
        if shown:
            return shown
    # without og:site_name, a part that only names a body is the site's:
    # "Ministry of Justice - Cybercrime Act 2020"
    shown = left([p for p in parts if not is_org_line(p)])
    if shown:
        return shown
    if len(strong) > 1:
        return tidy(max(strong, key=lambda p: len(words(p))))
    return tidy(title)


_OPENING_LINES = 40     # the lines of the first pages a stated title is looked for on, as a line of its own


def choose(shown: Title | None, stated: str, text: str, stated_as: str,
           fallback: Iterable[str] = (), check_text: bool = True) -> Title:
    """The title of a document from what its layout shows (`shown`), the
    title its file states (`stated`, described by `stated_as`, such as "the
    PDF metadata title"), the text of its first pages (`text`) and, failing
    both, its first lines (`fallback`). `check_text`: a stated title must
    find most of its words in the text (not for web pages, whose <title> the
    site writes for each page, so it is never left over from another one)."""
    raw = " ".join((stated or "").split())
    why_not = implausible(raw) if raw else "empty"
    stated = re.sub(rf"{_EEA_NOTE}$|{_STATED_VERSION}", "", clean_title(raw), flags=re.IGNORECASE)
    stated = re.sub(r"(?<=[^\W\d_]{4})\.$", "", stated)      # "Constitución Española.", not "… S.A."
    # "GAO-23-106826, Cybersecurity: ...": the report's number before its title
    numbered = _CODE_FIRST.match(stated)
    if numbered and content_words(stated[numbered.end():]):
        stated = stated[numbered.end():]
    # "... Guidance (MS WORD)", "... Form (Press Tab to move between fields)":
    # a note in brackets after the title that the document itself never says
    noted = _LAST_BRACKETS.search(stated)
    if noted and content_words(stated[:noted.start()]) and covered(noted.group(1), text) < 0.5:
        stated = stated[:noted.start()].rstrip(" -–—,;:")
    if not stated and not why_not:
        why_not = "a placeholder"
    # a page of a few words can neither bear a stated title out nor refute it
    if not why_not and check_text and len(words(text)) >= 30 and covered(stated, text) < 0.8:
        why_not = "its words are not in the document's first pages (left from another document?)"
    unused = f"; {stated_as} '{raw[:80]}' was not used: {why_not}" \
        if raw and why_not != "empty" else ""

    def told(title: Title, without: Title | None = None) -> Title:
        return Title(title.text, title.reason, raw, stated_as, without)

    cited = _CITED_AS.search(text) or _CALLED.search(text)
    if cited and 2 <= len(words(cited.group("title"))) <= 20 \
            and (shown is None or covered(cited.group("title"), shown.text) < 1):
        short = tidy(cited.group("title"))
        # with the article its heading gives it: "THE UTTAR PRADESH … ACT, 1996" at the top
        top = " ".join(words(" ".join(text.splitlines()[:3])))
        if top.startswith(" ".join(words(f"the {short}"))):
            short = f"The {short}"
        return told(Title(short, "the short title the text gives itself ('may be cited as ...')"))
    if shown and names_only_a_kind(shown.text.rpartition(" — ")[2]):      # ("Office X — ") "Memorandum"
        # "Memorandum" over a subject line: the subject is what a reader cites
        subject = memo_subject(text.splitlines())
        if subject is not None:
            return told(Title(subject.text, f"{subject.reason}, under a heading that only names "
                                            f"its kind ('{shown.text[:40]}')"))
    if shown and shown.text:
        # a web page printed to PDF states its <title>, the site's name after
        # a bar ("… Artificial Intelligence | The White House"): the page shows its own part
        parts = [p for p in _STRONG_SEPARATORS.split(stated) if p.strip()]
        own = [p for p in parts if words(p) == words(shown.text)] if len(parts) > 1 else []
        if own:
            stated = tidy(own[0])
        said, seen = " ".join(words(stated)), " ".join(words(shown.text))
        # each with words the other lacks (not the same words spelt apart,
        # "e-Government" / "eGovernment"): the stated title is an earlier
        # version's ("FFATA Data Elements" for a deck now titled "Grants &
        # Acquisition Data Elements"), and the page shows the title it has now
        glued = "".join(words(stated)), "".join(words(shown.text))
        replaced = [w for w in set(content_words(stated)) - set(content_words(shown.text))
                    if w.isalpha() and w not in glued[1]] \
            and [w for w in set(content_words(shown.text)) - set(content_words(stated))
                 if w.isalpha() and w not in glued[0]]
        if not why_not and not replaced and covered(stated, shown.text) >= 0.6 \
                and covered(shown.text, stated) >= 0.6:
            # more words after the stated title (a subtitle), not a line before it (a journal's name)
            below = " ".join(words(shown.text.partition(" — ")[2]))
            if covered(stated, shown.text) == 1 and not (below and below.startswith(said)) and \
                    len(set(content_words(shown.text))) > len(set(content_words(stated))):
                return told(Title(shown.text, f"{shown.reason}, which says more than {stated_as} "
                                              f"'{raw[:80]}'"))
            if sorted(content_words(stated)) == sorted(content_words(shown.text)) \
                    and content_words(stated) != content_words(shown.text):
                # the same words in another order: the page's order is the one read
                return told(Title(shown.text, f"{shown.reason}, the words of {stated_as} "
                                              f"'{raw[:80]}' in the order the page gives them"))
            return told(Title(stated, f"{stated_as}, borne out by {shown.reason}"),
                        Title(shown.text, shown.reason))
        # The page's largest type is a journal's or a series' name, a form's
        # number or the issuer's: the stated title, written out word for
        # word in the text, is the one a reader finds under it.
        # (Not when the page's title starts with the stated one and says a
        # few words more: a subtitle the file left out.)
        if not why_not and stated and is_org_line(shown.text) and not is_org_line(stated):
            return told(Title(stated, f"{stated_as}, since the page's largest type only names the body "
                                      f"that issued it ('{shown.text[:60]}')"), Title(shown.text, shown.reason))
        extra = len(set(content_words(shown.text)) - set(content_words(stated)))
        # a short stated title counts when a line of the page says it and no more ("Constitución Española.")
        own_line = not is_section_name(stated) and not names_only_a_kind(stated) and any(
            " ".join(words(line)) == said for line in text.splitlines()[:_OPENING_LINES])
        if not why_not and stated and (own_line or (not is_generic(stated) and len(content_words(stated)) >= 3)) \
                and not (seen.startswith(said) and extra <= 8) and not opens_with_law_number(shown.text) \
                and f" {said} " in f" {' '.join(words(text))} ":
            return told(Title(stated, f"{stated_as}, which the first pages give word for word "
                                      f"(their largest type reads '{shown.text[:60]}')"),
                        Title(shown.text, shown.reason))
        if not why_not and stated:
            unused = f"; {stated_as} '{raw[:80]}' was not used: the first page shows another title"
        return told(Title(shown.text, shown.reason + unused))
    found = from_lines(fallback)
    if not why_not:
        return told(Title(stated, stated_as + ("" if len(words(text)) >= 30 else
                                               " (too little text to check it against)")),
                    found or Title("", ""))
    if found is not None:
        return told(Title(found.text, found.reason + unused))
    return told(Title("", ""))


# an act known by its number: "Executive Order No. 476", "Ley N° 28611", "Decreto nº 9.094"
_NUMBERED_ACT = re.compile(r"\b(no|n[°º]|nr|núm|num)\.?\s*\d", re.IGNORECASE)


# a law or a decree named only by its number and year: "LEY 599 DE 2000", "Decreto Nº 9.094, de 2017"
_LAW_NUMBER = re.compile(r"^(ley|lei|loi|decreto|d[ée]cret|decree|act|resoluci[óo]n|resolu[çc][ãa]o|"
                         r"ordenanza|ordonnance|arr[êe]t[ée]|portaria|acuerdo)(\s+(org[áa]nica|complementar|"
                         r"federal|estatutaria|n[°º.]*|no\.?|núm\.?|num\.?))*\s*\d[\d.\-/]*"
                         r"(\s*,?\s*(de|del|of|du)\s+(\d{1,2}\s+de\s+\w+\s+de\s+)?\d{4})?\b", re.IGNORECASE)
# what a law numbered so says it does, under its number: "por la cual se expide el Código
# Penal", "Dispõe sobre …", "portant règlement intérieur …", "An Act to provide for …"
_LAW_PURPOSE = re.compile(r"^(por\s+(la|el|lo|medio\s+de\s+la|medio\s+del)\s+cual(es)?|por\s+(el|la)\s+que|"
                          r"mediante\s+(la|el)\s+cual|disp[õo]e\s+sobre|institui|portant|relati(f|ve)\s+(à|au|aux)|"
                          r"an\s+act\s+to|to\s+provide\s+for)\b", re.IGNORECASE)


# a parliament committee's report or opinion on a bill, over the committee's name:
# "RAPPORT" / "FAIT AU NOM DE" / "LA COMMISSION DES LOIS …", "INFORME … en nombre de la Comisión …"
_REPORT_KIND = re.compile(r"^(rapport|avis|informe|dictamen|relat[óo]rio|parecer|report)"
                          r"(\s+(fait|pr[ée]sent[ée]|d['’]information))?$", re.IGNORECASE)
_FOR_A_COMMITTEE = re.compile(r"^(rapport|avis|informe|dictamen|relat[óo]rio|parecer|report)\b.{0,40}?"
                              r"\b(au nom d[eu]|en nombre de|em nome d[aoe]|on behalf of)\b", re.IGNORECASE)


def opens_a_committee_report(line: str, opening: str) -> bool:
    """`line` names only a kind of report, and `opening` (it and the lines
    under it) says which committee it is made for."""
    return bool(_REPORT_KIND.match(tidy(line).rstrip(" .,:")) and _FOR_A_COMMITTEE.match(tidy(opening)))


def names_a_law_by_number(line: str) -> bool:
    """Only a law's or a decree's number: "LEY 599 DE 2000"."""
    text = tidy(line).rstrip(" .,:")
    found = _LAW_NUMBER.match(text)
    return bool(found) and found.end() == len(text)


def opens_with_law_number(title: str) -> bool:
    """A title that starts with a law's number ("Ley 599 de 2000 por la cual …")."""
    return bool(_LAW_NUMBER.match(tidy(title)))


def states_a_law_purpose(line: str) -> bool:
    return bool(_LAW_PURPOSE.match(tidy(line)))


# an annex's label on a line of its own over its title: "ANEXO II", "Annex 3", "Appendix B"
_ANNEX_LABEL = re.compile(r"^(anexo|annex|annexe|appendix|ap[ée]ndice|ap[êe]ndice)\s+([ivxlc]+|\d{1,3}|[a-z])\s*[.:]?$",
                          re.IGNORECASE)
# a line citing the article of a law a document is made under: "Art. 22 da Lei federal 13.019/2014"
_ARTICLE_CITED = re.compile(
    r"^((art\.|arts\.|artigo|art[íi]culo|article)\s*\d|"
    # "Établi conformément à l'article L. 230-5-1 …", "Submitted pursuant to section 3 …"
    r"([ée]tablie?|made|submitted|prepared|presented|pr[ée]sent[ée]e?|elaborad[oa]|presentad[oa]|apresentad[oa])?"
    r"\s*(conform[ée]ment [àa]|pursuant to|en application de|en virtud del?|nos termos d[oa]|de acuerdo con)\s+"
    r"(l['’]\s*|la |el |o |a |the )?(article|section|art[íi]culo|artigo|art\.|loi|law|ley|lei|d[ée]cret|decreto))",
    re.IGNORECASE)


def is_annex_label(line: str) -> bool:
    return bool(_ANNEX_LABEL.match(tidy(line)))


def cites_an_article(line: str) -> bool:
    return bool(_ARTICLE_CITED.match(tidy(line)))


def is_reference_line(line: str) -> bool:
    """A file reference on a line of its own, more digits than letters
    between slashes ("PE-CONS 2/26 - 2023/0447(COD)", "Ref. 12/2020/DG"),
    not a law's or a document's number ("Decreto nº 9.094/2017")."""
    text = tidy(line)
    digits, letters = sum(c.isdigit() for c in text), sum(c.isalpha() for c in text)
    return "/" in text and digits >= letters and not _LAW_WORDS.search(text) and not _GENRE_WORDS.search(text)


def is_web_address(line: str) -> bool:
    """A line that is only a web address (a printed web page's header or footer)."""
    return bool(re.fullmatch(r"(https?://|www\.)\S+", tidy(line), re.IGNORECASE))


_LAW_WORDS = re.compile(r"\b(act|law|loi|ley|lei|code|c[óo]digo|decree|d[ée]cret|decreto|statute|ordinance|"
                        r"ordonnance|ordenanza|bill|regulations?|r[èe]glement|reglamento)\b", re.IGNORECASE)


def is_generic(title: str) -> bool:
    """A title that only names a kind of document ("Annual Report 2019",
    "Open Government Report 2014", "Minutes"): it needs the name of the
    office that issued it to tell one such document from another. A national
    plan or a country's strategy is not one of these."""
    content = [w for w in content_words(title) if not w.isdigit()]
    if len(content) > 4 or not _GENRE_WORDS.search(title) or _NUMBERED_ACT.search(title) \
            or opens_with_law_number(title) \
            or (_LAW_WORDS.search(title) and len(content) > 1):
        return False              # a law named for its subject is no kind of document: "Ley General del Ambiente"
    about = _ABOUT.search(title)
    if about and len([w for w in content_words(title[about.end():]) if not w.isdigit()]) >= 2:
        return False              # it says what it is about: "Rapport sur les finances publiques"
    # one that says whose it is needs no issuer: "National Broadband Plan
    # 2021-2025", "Tonga ICT Policy"
    return not (_NATIONAL.search(title) or find_countries(title))


# a kind of document, then what it is about: "Report on …", "Rapport sur …", "Informe sobre …"
_ABOUT = re.compile(rf"(?:{_GENRE_WORDS.pattern})\s+(on|about|sur|sobre|acerca de)\s", re.IGNORECASE)


_NATION_WORDS = frozenset(fold(w) for w in (
    "government gouvernement gobierno governo republic république república kingdom royaume reino "
    "state states état estado independent federal federated socialist democratic people's peoples "
    "islamic arab united plurinational bolivarian commonwealth "
    # its legislature: "Parliament of the Republic of Fiji"
    "parliament parlement parlamento congress congreso congresso national nationale nacional assembly "
    "assemblée asamblea assembleia senate sénat senado legislature legislative "
    "of the de du la des del do da").split())


def is_national_government(line: str) -> bool:
    """A country's government or legislature named on its own ("Government
    of Samoa", "REPUBLIC OF FIJI", "Parliament of Tonga"): the issuer of a
    national plan or law, which says no more about which one it is."""
    found = find_countries(line)
    if not found:
        return False
    rest = line
    for _, start, end in reversed(found):
        rest = rest[:start] + " " + rest[end:]
    return all(w.casefold() in _NATION_WORDS for w in words(rest))


# whom a document was made for or by, not its issuer: "Prepared for the Government of Uganda"
_FOR_WHOM = re.compile(r"^(prepared|submitted|presented|commissioned|produced|written|elaborado|pr[ée]par[ée]|"
                       r"r[ée]alis[ée]|preparado|elaborado|apresentado|presentado)\s+(for|to|by|pour|par|para|por)\b",
                       re.IGNORECASE)


def with_issuer(title: str, letterhead: Sequence[str], where: str = "above") -> tuple[str, str]:
    """`title` after the office that issued it when the title alone only
    names a kind of document (not after a country's government alone); and
    the words for the reason."""
    offices = [ln for ln in letterhead if is_org_line(ln) and not is_placeholder(ln)
               and not is_national_government(ln) and not _FOR_WHOM.match(tidy(ln))]
    if not offices or not is_generic(title):
        return title, ""
    return join_lines([smart_case(offices[-1]), smart_case(title)]), (
        f"after the name of the office {where} it ('{tidy(offices[-1])[:60]}'), "
        "since the title alone only names a kind of document")


# A name in running text: capitalised words, the small words of a name
# between them ("the Office of Motion Picture and Television Development",
# "la Secretaría de Gobierno Digital"), after an article or a preposition.
_CAPITAL_WORD = r"[A-ZÀ-ÖØ-Þ][\w’'.&-]*"
_NAME_GLUE = r"(?:of|and|for|on|the|de|del|de la|des|du|da|do|das|dos|y|e|et|pour|para|à|a)"
# the small words of a name right before one of its words: "Ministère … du Plan", "Direction des Études"
_GLUE_BEFORE = re.compile(rf"\b({_NAME_GLUE}\s+((the|los|las)\s+)?|(de\s+)?[ld]['’]\s*)$", re.IGNORECASE)
_NAME_IN_TEXT = re.compile(
    rf"(?:^|[\s(])(?:the|la|el|le|les|l[’']|los|las|o|a|os|as|of|by|de|du|del|da|do)\s+"
    rf"({_CAPITAL_WORD}(?:\s+(?:{_NAME_GLUE}\s+)*{_CAPITAL_WORD})+)")


def office_in_text(text: str) -> str:
    """The first office the opening text names as a whole name ("… describes
    how the Alcoholic Beverage Regulation Administration (ABRA) has …"), or ""."""
    for m in _NAME_IN_TEXT.finditer(" ".join(text.split())):
        name = m.group(1).strip(" .,;:")
        # a possessive names a person's office, not a body: "the Mayor's Order"
        bare = re.sub(r"\S+[’']s\b", " ", name)
        if len(words(name)) >= 2 and is_org_line(bare) and not is_national_government(name):
            return name
    return ""


def issuer_from_text(title: str, text: str) -> tuple[str, str]:
    """`title` after the office its opening text names, when the title alone
    only names a kind of document (for a letterhead whose office was left a
    template's placeholder: "[INSERT AGENCY NAME]")."""
    office = office_in_text(text) if is_generic(title) else ""
    if not office:
        return title, ""
    return join_lines([office, smart_case(title)]), (
        f"after the office the text under it names ('{office[:60]}'), "
        "since the title alone only names a kind of document")


def is_not_a_title_line(line: str) -> bool:
    """A date, a page number, a reference or an address: not a title."""
    if _WEB.search(line) or LEADER.search(line):
        return True               # a web address, or an entry of a table of contents
    # a postal address or a telephone: "P.O. Box 6051, Koror", "B.P. 4017", "Tel. (680) 767-2403"
    if re.search(r"\b(p\.?\s?o\.?\s+box|b\.\s?p\.|caixa postal|apartado postal|casilla|tel|t[ée]l[ée]?|"
                 r"phone|telephone|t[ée]l[ée]phone|tel[ée]fono|fax)\.?\s*:?\s*[(+]?\d", line, re.IGNORECASE):
        return True
    plain = [w for w in content_words(line) if not any(c.isdigit() for c in w)]
    if not any(c.isdigit() for c in line) or (plain and _GENRE_WORDS.search(line)):
        return False              # "Executive Order No. 476" is a title
    return not plain or len(plain) <= 2 and bool(_DATE_WORDS.search(line))


def looks_like_names(line: str) -> bool:
    """A list of people ("Frederic Lançon, Olaf Erenstein and S.O. Akande"),
    as under a title: two or more capitalised names, no small words."""
    if _names(line, 1):
        return True
    # with the marks of their affiliations: "Hala Faragalla 1,*, Anna Plotkin 2"
    marked = _AFFILIATION_MARKS.sub(" ", line)
    return marked != line and _names(marked, 2)


def _names(line: str, least: int) -> bool:
    """Two or more parts of `least` to four capitalised words, no small words."""
    parts = [p.strip(" *") for p in re.split(r",|;|&|\band\b|\bet\b|\by\b", line) if p.strip(" *")]
    if len(parts) < 2:
        return False
    for part in parts:
        tokens = part.split()
        if not least <= len(tokens) <= 4 or any(not t[:1].isupper() for t in tokens) \
                or set(words(part)) & _SMALL:
            return False
    return True


_PERSON_SUFFIX = re.compile(r",?\s*\b(ph\.?\s?d|m\.?d|jr|sr|esq|mba|msc|prof)\.?$", re.IGNORECASE)
_PERSON_TOKEN = re.compile(r"^[^\W\d_][\w.'’-]*$")
# words that name a thing or an act, never a person ("User Implementation
# Guide", "Gestión Documental"), and a verb's -ing form, which starts a
# phrase ("Supporting OSCAL Development")
_NOT_A_NAME = re.compile(r"(\w{2}[tsc]i[óo]n(es)?|\w{2}[ts]ions?|ç[ãõ]o|ções|\w{4}ments?|\w{3}ness|"
                         r"\w{3}it(y|ies|é|és)|idades?|olog(y|ies|ie|ía|ia))$", re.IGNORECASE)
_GERUND = re.compile(r"^\w{4,}ing$", re.IGNORECASE)


def looks_like_person(line: str) -> bool:
    """One person's name ("Marie Gee Wilson", "Peter Alterman, Ph.D."): two
    to four capitalised words, no small words, no digits. A short title can
    read the same ("Free Culture"), so callers ask this only where a name is
    expected: under a title, before a date or an affiliation."""
    text = _PERSON_SUFFIX.sub("", tidy(line)).strip(" ,")
    tokens = text.split()
    return 2 <= len(tokens) <= 4 and all(_PERSON_TOKEN.match(t) and t[:1].isupper() for t in tokens) \
        and not any(c.isdigit() for c in text) and not set(words(text)) & _SMALL and not is_org_line(text) \
        and not _GERUND.match(tokens[0]) and not any(_NOT_A_NAME.search(t) for t in tokens) \
        and not _GENRE_WORDS.search(text) and not _WEAK_GENRE_WORDS.search(text)     # "Open Data Strategy"


# What ends a title's lines rather than belonging to it: an edition or a
# version ("Version 1.1", "Edition 1.0", "v2.3"), a reference number
# ("DARPA-BAA-15-58", "A/RES/70/1"), a numbered section ("1.1 Nature of
# Science"), an address on the web.
_VERSION = re.compile(r"^(version|vers[ãa]o|versi[óo]n|vers\.|v\.?|edition|[ée]dition|edici[óo]n|edi[çc][ãa]o|"
                      r"release|revision|rev\.?)\s*[<\[(]?\s*v?\d+(\.\d+)*[a-z]?\b", re.IGNORECASE)
# which edition, in words: "2ª edición electrónica", "Second edition", "3e édition revue"
_EDITION = re.compile(r"^(\d+\.?\s*(st|nd|rd|th|ª|º|a|o|e|è|ème|eme|re|er)?|first|second|third|fourth|fifth|"
                      r"new|revised|updated|primera|segunda|tercera|cuarta|nueva|primeira|terceira|quarta|nova|"
                      r"premi[èe]re|deuxi[èe]me|troisi[èe]me|nouvelle)\s+"
                      r"(edition|[ée]dition|edici[óo]n|edi[çc][ãa]o)\b", re.IGNORECASE)
# the chapter a law has in the laws of its country: "Chapter 25:01", "Cap. 73:06"
_LAW_CHAPTER = re.compile(r"^(chapter|cap\.?|chapitre|cap[íi]tulo)\s+\d+([:.]\d+)*$", re.IGNORECASE)
# one token with a digit and two separators or more ("COVID-19" is a word)
_REFERENCE = r"(?=\S*\d)\S+[-‐‑–/.]\S*[-‐‑–/.]\S*"
# a note of when the document was last changed, in brackets: "(Updated on Jan 2022)"
_UPDATE_NOTE = (r"\((last\s+)?(updated|revised|amended|actualizad[oa]|mis[e]? à jour|atualizad[oa]|"
                r"modifi[ée]e?|rev\.)\b[^()]*\)")
# the version a stated title ends on after a dash: "… de l'accessibilité – version 4.1.2"
_STATED_VERSION = r"\s+[–—-]\s+(version|versão|versión|v\.?)\s*\d+(\.\d+)*$"
# the note an EU act carries under its title
_EEA_NOTE = (r"\s*\(?(text with EEA relevance|texte présentant de l'intérêt pour l'EEE|"
             r"texto pertinente a efectos del EEE|texto relevante para efeitos do EEE)\)?\.?")
_TRAILING = re.compile(rf"(\s+(v|version|edition|release|rev\.?)\s*\d+(\.\d+)*[a-z]?"   # "... Sheet v1.1"
                       r"|\s+\(?\d{1,2}\)|\s*\*+"            # a footnote's mark: "... 2019 1)"
                       rf"|\s+{_REFERENCE}"                    # a reference number: "... ENTR/6418/01"
                       rf"|\s*{_UPDATE_NOTE}"
                       # after a dash: "… e SDK - actualizado a 06/06/2025", "… – updated March 2024"
                       r"|\s+[-–—|]\s+(last\s+)?(updated|revised|actuali[sz]ad[oa]|mis[e]? à jour|atualizad[oa])\b.*"
                       rf"|{_EEA_NOTE}"
                       # a day after a bar or a dash: "… méthodologique / 19 février"
                       rf"|\s*[/|–—-]\s*\d{{1,2}}(er)?\s+{_MONTHS}(\s+(19|20)\d\d)?"
                       # a mail merge's field left in: "… Questionnaire – «Survey_Economy_FullName»"
                       r"|\s*[–—-]?\s*«[^»\s]+»"
                       # which edition, in brackets: "(Edición 2017)"
                       r"|\s*\((edition|[ée]dition|edici[óo]n|edi[çc][ãa]o)\s+(19|20)\d\d\)"
                       r"|\s*\((art\.?|arts\.?|articles?|art[íi]culos?|artigos?|section|sec\.|§)\s[^()]*\))$",  # "(Art R414-23 ...)"
                       re.IGNORECASE)
_LIST_MARK = re.compile(r"^(\(?([ivxlc]{1,5}|\d{1,2}|[a-z])\)|"
                        # a project's deliverable number: "D02.02 – "
                        r"(?-i:[A-Z]{1,2}\d+(\.\d+)+)\s+[–—-])\s+", re.IGNORECASE)
_CODE = re.compile(rf"^{_REFERENCE}$")
_LAST_BRACKETS = re.compile(r"\s*[(\[]([^()\[\]]+)[)\]]\s*$")
_CODE_FIRST = re.compile(r"^((?=[^\s,:]*\d)(?=[^\s,:]*[-‐‑–/.])[^\s,:]{5,}[,:]\s+|"
                         r"[A-Z0-9]*\d[A-Z0-9]*[-‐‑–](?=[A-Z][a-z]))")        # "1490S-Patient's Request ..."
_AFFILIATION_MARKS = re.compile(r"(?<=[^\W\d_])\s*[\d*†‡§]+(\s*,\s*[\d*†‡§]+)*(?=\s*(,|$|\s(and|et|y|e)\s))")
_REVISION = re.compile(r"\s*\((rev|r[ée]v|revised|revisado)\.?[^)]*\)\s*$", re.IGNORECASE)
# a form's number, shown larger than its name: "Form 7004", "1040NR", "Form 940-B"
_FORM_NUMBER = re.compile(r"^(form|formulaire|formulario|formul[áa]rio|schedule|cerfa)\s+(n[°º]\s*)?"
                          r"(?=[\w-]*\d)[A-Z0-9][A-Z0-9-]*$|^\d+[A-Z]+[A-Z0-9-]*$|"
                          # a procedure's or an order's number in capitals: "SOP 90 81", "DO 2019-04"
                          r"^(?-i:[A-Z]{2,5})(\s+[\d.-]+){1,3}$|"
                          # a labelled code: "Proyecto: AG-SIGESMAN16", "Ref.: KB-2019-04"
                          r"^\w+(\s\w+)?\.?\s*:\s*(?=[\w/-]*\d)[A-Z0-9][A-Z0-9/-]*$", re.IGNORECASE)
_NUMBERED = re.compile(r"^\d+(\.\d+)+\.?\s+\S")
_ADDRESS = re.compile(r"\S@\S+\.\w|https?://|\bwww\.", re.IGNORECASE)


def runs_on(line: str) -> bool:
    """A line that ends mid-phrase ("Getting started with"), so the next one continues it."""
    return bool(_RUNS_ON.search(tidy(line)))


def is_form_number(line: str) -> bool:
    return bool(_FORM_NUMBER.match(tidy(line)))


def ends_title(line: str) -> bool:
    """A line that is not part of the title it follows (see `_VERSION`)."""
    text = tidy(line)
    return bool(_VERSION.match(text) or _CODE.match(text) or _NUMBERED.match(text) or _ADDRESS.search(text)
                or re.fullmatch(_UPDATE_NOTE, text, re.IGNORECASE) or is_place_and_year(text)
                or _LAW_CHAPTER.match(text) or _EDITION.match(text))


_LABEL = r"(?:[^\W\d_]+\s+){0,2}(?:name|title|titre|t[íi]tulo|nombre|nome|page|p[áa]gina)\s*\d*\s*:"
_LABELLED = re.compile(rf"^(?:[^\W\d_]+\s+){{0,2}}(?:name|title|titre|t[íi]tulo|nombre|nome)"
                       rf"(?:\s+(?:of the|of|del|de la|de|do|da|du)\s+[^\W\d_]+)?\s*:\s*"
                       rf"(?P<value>.+?)(?=\s+{_LABEL}|$)", re.IGNORECASE)


def unlabelled(title: str) -> str:
    """The value of a labelled title: "Course Name: Harmonized Approach to
    Cash Transfers (HACT) Lesson Name: …" -> "Harmonized Approach to Cash
    Transfers (HACT)"."""
    found = _LABELLED.match(title)
    return found["value"].strip(" .,;") if found and content_words(found["value"]) else title


def strip_tail(title: str) -> str:
    """A title without the version or footnote mark set after it, nor the
    list mark before it ("(V) Illustrative Cases")."""
    stripped = _LIST_MARK.sub("", strip_list_number(_TRAILING.sub("", title).rstrip(" ,;-–—")))
    # not the end of a bracket the title opened: "Data Protection Act (Chapter 12)"
    if stripped.count("(") > stripped.count(")"):
        stripped = _LIST_MARK.sub("", title)
    return stripped if content_words(stripped) else title


_KIND_QUALIFIERS = frozenset(fold(w) for w in (
    "final annual anual annuel annuelle interim intermédiaire intermediário provisional provisoire "
    "draft technical technique técnico técnica executive exécutif ejecutivo executivo full complete "
    "complet completo short abridged synthèse síntesis síntese general général geral").split())


def is_field_label(line: str) -> bool:
    """A label over what fills it in ("Participants:", "Objet :"), not a
    title ending in a colon over its subtitle ("A Brief User Guide:")."""
    text = tidy(line)
    return text.endswith(":") and len(words(text)) <= 4 and not _GENRE_WORDS.search(text)


def names_only_a_kind(line: str) -> bool:
    """A line that only says what kind of document this is ("Rapport final",
    "Final Report", "Informe técnico"), not what it is about."""
    content = content_words(line)
    return 1 <= len(content) <= 3 and bool(_GENRE_WORDS.search(line)) and all(
        fold(w) in _KIND_QUALIFIERS for w in content_words(_GENRE_WORDS.sub(" ", line)))


# a release or a version named in words: "Current release v 1.4.1", "Proposed changes for release v. 2.0.0"
_RELEASE = re.compile(r"\b(release|version|versão|versión|révision)\s+v?\.?\s*\d+(\.\d+)+\b", re.IGNORECASE)


def names_a_release(line: str) -> bool:
    """A line about a release of the thing its title names, not part of the title."""
    return bool(_RELEASE.search(tidy(line)))


# the occasion a talk was given at, under its title: no subtitle
# how often a gazette or a bulletin comes out, under its name: "Paraissant le samedi
# de chaque semaine", "Published every Friday", "Publicado los días hábiles"
_FREQUENCY = re.compile(r"^(paraissant|para[îi]t|published|issued|appearing|publicad[oa]|publicação|"
                        r"sale|circula)\b.{0,40}\b(every|each|chaque|tous|toutes|cada|todos|todas|los|"
                        r"weekly|daily|monthly|hebdomadaire|mensuel|semanal|mensual|diari[oa])\b", re.IGNORECASE)
# the class group or team that made a piece of course work: "Projet TPE INF 365 - Groupe 24"
_TEAM = re.compile(r"\b(groupe|group|grupo|[ée]quipe|equipo|team|turma)\s*(n[°º.]?\s*|#\s*)?\d+\b", re.IGNORECASE)
_OCCASION = re.compile(
    r"^(a\s+)?(presentation|presented|talk|keynote|remarks|speech|briefing|webinar|lecture|"
    r"apresenta[çc][ãa]o|apresentado|presentaci[óo]n|presentado|ponencia|conferencia|palestra|"
    r"pr[ée]sentation|pr[ée]sent[ée]e?|intervention|expos[ée])\s+"
    r"(at|to|for|before|given|delivered|en|ante|para|no|na|ao|à|au|aux|devant|lors)\b|"
    # or a meeting and the city it met in: "CCCEV meeting Brussels, 29 January 2020"
    r"^.{0,40}\b(meeting|workshop|webinar|seminar|r[ée]union|atelier|reuni[óo]n|taller|reuni[ãa]o|"
    r"semin[áa]rio)\s+(in\s+|en\s+|à\s+|em\s+)?(?-i:[A-ZÀ-Þ])[\w-]+\s*(,|$)", re.IGNORECASE)


# the dots that lead a table of contents' entry to its page number
LEADER = re.compile(r"(\.\s?){5,}|…{3,}|_{5,}")
# a web address, a site's or a mailbox: "AMA | dados.gov", "info@ict.gov.ws"
_WEB = re.compile(r"https?://|www\.|@|\.(org|gov|com|int|net)\b", re.IGNORECASE)
# a numbered section's heading: "1. Visão Geral do Projeto"
_SECTION_NUMBER = re.compile(r"^\d{1,2}(\.\d{1,2})*\.?\s+[A-ZÀ-Þ]")


def names_a_country(text: str) -> bool:
    """The line is a country's name and nothing else."""
    found = find_countries(text) if len(text) <= 40 else []
    return len(found) == 1 and found[0][1] == 0 and found[0][2] == len(text)


_MANY_COUNTRIES = frozenset({"multi", "national", "multinational", "regional", "countries", "pays", "países",
                             "paises", "multinacional", "multinationale", "plurinational"})


def lists_countries(line: str) -> bool:
    """A line that only names countries, two or more ("MULTI-NATIONAL
    (COMOROS, DJIBOUTI, SOMALIA, AND SOUTH SUDAN)"): where a project is, not
    what it is called."""
    text = tidy(line)
    found = find_countries(text)
    if len(found) < 2:
        return False
    rest, at = [], 0
    for _, start, end in found:
        rest.append(text[at:start])
        at = end
    rest.append(text[at:])
    return all(w in _MANY_COUNTRIES for w in content_words(" ".join(rest)))


def may_be_subtitle(line: str) -> bool:
    """What any line under a title must be to be its subtitle: a country's
    name, or two words or more, and not a label ("Name of School:"), a
    date, a byline, a body, names of people, an edition or a number, a
    placeholder, a stamp, only the kind of document ("Final Report") or a
    section's question ("What is …?")."""
    text = tidy(line).strip(" .,")
    if names_a_country(text):
        return True              # the country a series' issue is about ("… factsheet 2023" / "Cyprus")
    return bool(text) and len(content_words(text)) >= 2 and not text.endswith(":") \
        and not DATE_LINE.match(text) and not DATED.search(text) and not BYLINE.match(text) \
        and not is_org_line(text) and not looks_like_names(text) and not ends_title(text) \
        and not is_placeholder(text) and not is_placeholder(line.strip(" .,")) and not is_marking(text) \
        and not names_only_a_kind(text) and not _OCCASION.match(text) and not _FREQUENCY.match(text) \
        and not _ARTICLE_CITED.match(text) and not _TEAM.search(text) \
        and not _WEB.search(text) \
        and not _SECTION_NUMBER.match(text) and not _WHAT_IS.match(text)


def completes(title: str, line: str) -> bool:
    """`line`, set apart under `title`, is the rest of it: the subtitle a
    title ending in a colon announces, or the end of a phrase the line goes
    on with ("Guia CKAN" / "para administradores")."""
    if tidy(title).endswith(":"):
        return may_be_subtitle(line)
    return continues(title, line) and bool(content_words(line)) and not is_not_a_title_line(line) \
        and not DATE_LINE.match(tidy(line)) and not BYLINE.match(tidy(line)) and not is_org_line(line)


def is_subtitle(line: str) -> bool:
    """Whether a line set under a title with nothing known of its look (a
    slide's subtitle) reads as the rest of the title rather than who gives
    it and when: `may_be_subtitle`, at most 20 words, no month, no person
    named first."""
    text = tidy(line).strip(" .,")
    first = re.split(r"\s*[,(–—|]\s*|\s+-\s+", text, maxsplit=1)[0]
    return may_be_subtitle(text) and len(words(text)) <= 20 and not MONTH_YEAR.search(text) \
        and not looks_like_person(text) and not (first != text and looks_like_person(first))


_SUBJECT = re.compile(r"^(subject|subj\.?|re|objet|asunto|assunto|ref(erence)?)\s*:\s*(?P<subject>\S.*)$",
                      re.IGNORECASE)
# a tracking number in brackets after a memo's subject: "(VAIQ 7423360)"
_TRACKING = re.compile(r"\s*\((?=[^()]*\d{3})[A-Z]{2,}[\s-]?[\d-]+\)$")
_MEMO_HEAD_LINES = 25


def memo_subject(lines: Sequence[str]) -> Title | None:
    """A memorandum's or a letter's subject line near the top ("SUBJECT:
    Policies for Federal Agency Public Websites"): what it is about, as a
    reader cites it."""
    head = list(lines[:_MEMO_HEAD_LINES + 2])
    for i, raw in enumerate(head[:_MEMO_HEAD_LINES]):
        found = _SUBJECT.match(tidy(raw))
        if found and 2 <= len(words(found["subject"])) <= 30:
            subject = found["subject"]
            # a subject set over two or three lines: the next ones in its
            # capitals, or the rest of a phrase it leaves open
            for line in (tidy(x) for x in head[i + 1:i + 3]):
                if not line or _FIELD.match(line) or subject.rstrip().endswith(".") or not (
                        (subject.isupper() and line.isupper()) or continues(subject, line)):
                    break
                subject = f"{subject} {line}"
            subject = _TRACKING.sub("", subject).strip(" .*")
            return Title(smart_case(subject), "the subject line of a memorandum")
    return None


# a field of a memo's or a form's head: "DE :", "Cc :", "To:"
_FIELD = re.compile(r"^[^\W\d_][\w .'’/-]{0,30}\s?:")
# the fields of a memo's head that say who and when, never what: "To: …", "From: …", "Para: …"
_ADDRESS_FIELD = re.compile(r"^(to|from|cc|bcc|attn|attention|through|thru|via|date|para|de|a|à|fecha|data|"
                            r"destinataire|exp[ée]diteur|remitente|destinatario|c\.?c\.?)\s?:", re.IGNORECASE)


def is_noise(line: str) -> bool:
    """Letters read from a logo or a stain of a scan ("xk x", "E, usa"):
    only short words, one of them in lower case and no word of a title."""
    found = re.findall(r"[^\W\d_]+", line)
    return bool(found) and all(len(w) <= 3 for w in found) and any(
        w.islower() and w.casefold() not in _SHORT_WORDS for w in found)


# the session of a meeting a document was issued for: "TWENTIETH REGULAR SESSION", "Seventy-eighth session"
_SESSION = re.compile(r"^([\w-]+\s+){0,2}(regular\s+|ordinary\s+|special\s+|extraordinary\s+)?"
                      r"(session|sesi[óo]n|sess[ãa]o|s[ée]ance|meeting|reuni[óo]n|r[ée]union)$", re.IGNORECASE)
# a city and its country: "Manila, Philippines"
_CITY_COUNTRY = re.compile(r"^([A-ZÀ-Þ][\w'’.-]*\s+){0,2}[A-ZÀ-Þ][\w'’.-]*,\s*(?P<country>[^,]+)$")


def _is_front_matter(line: str) -> bool:
    """A meeting's session or the place it was held, over a document's title."""
    if _SESSION.match(line):
        return True
    found = _CITY_COUNTRY.match(line)
    return bool(found and find_countries(found["country"])
                and len(words(found["country"])) <= 3 and not _GENRE_WORDS.search(line))


_MAX_TITLE_WORDS = 40     # more, run on from line to line, is running text


def from_lines(lines: Iterable[str], most_words: int = 20) -> Title | None:
    """A title from plain lines of text, where no sizes are known: the first
    line that reads like a title (a few words, `most_words` at most, no
    full stop), after the letterhead lines that name the government or office."""
    lines = list(lines)
    subject = memo_subject(lines)
    if subject is not None:
        return subject
    letterhead: list[str] = []
    taken: list[str] = []
    for at, raw in enumerate(lines):
        line = tidy(raw)
        if not line:
            if taken:
                break
            continue
        n = len(words(line))
        if taken:
            # the rest of a title's phrase; or what a title that only names
            # its kind ("Concept note") is about, on the line under it
            if _SECTION_NUMBER.match(line):
                break                # the first of the numbered points a lead-in announces
            # a heading in capitals broken over lines above text in mixed case goes on in capitals
            in_capitals = taken[-1].isupper() and line.isupper() and len(words(taken[-1])) <= 2 * most_words \
                and not is_org_line(line) and not is_marking(line)
            if in_capitals:
                taken[-1] = f"{taken[-1]} {line}"
                continue
            if is_not_a_title_line(line):
                break                # an address, a date, a reference under it
            if continues(taken[-1], line) or (len(taken) == 1 and names_only_a_kind(taken[0])
                                              and may_be_subtitle(line)):
                taken.append(line)
                if len(words(" ".join(taken))) > _MAX_TITLE_WORDS:
                    taken = []
                    break
                continue
            break
        field = _FIELD.match(line)
        if is_noise(line) or _ADDRESS_FIELD.match(line) or (
                field and line[field.end():].strip()
                and not [w for w in content_words(line[field.end():]) if not w.isdigit()]):
            continue                 # nor a form's field and its number: "EXERCÍCIO: 2017", "Página: 1"
        if looks_like_person(line) and at + 1 < len(lines) and (
                _WEB.search(after := tidy(lines[at + 1])) or looks_like_person(after)):
            continue                 # a presenter over their address or another name: a byline
        if line.startswith("(") and line.endswith(")"):
            continue                 # an aside in brackets, a citation: "(Nicolau 2017: Zahar)"
        if line[:1].islower() and opens_mid_phrase(line):
            continue                 # the rest of a phrase begun elsewhere ("de los Comités …", under a picture)
        if letterhead and not taken and runs_on(letterhead[-1]) and not is_not_a_title_line(line):
            letterhead[-1] = f"{letterhead[-1]} {line}"      # a body's name broken over lines
            continue
        if (is_org_line(line) or is_placeholder(line)) and len(letterhead) < 4:
            letterhead.append(line)
            continue
        if is_not_a_title_line(line) or _is_front_matter(line) or ends_title(line) or is_section_name(line):
            continue                 # a date, a reference, a meeting's session or its place, "Contents"
        # a long title's first line may end in a comma ("Lineamientos para … Bienestar,")
        ends = (".", ";") if n >= 5 else (".", ",", ";")
        if not 2 <= n <= most_words or line.endswith(ends) or implausible(line).startswith("a file"):
            if letterhead and (n > most_words or line.endswith((".", ",", ";"))):
                break                # a letterhead and then running text: the letterhead it is
            continue
        taken.append(line)
        if len(taken) >= 3:
            break
    # a sentence run on over lines (to its full stop, or past a title's
    # length), a lead-in ("Considerando que:") and its paragraph, or a line
    # left at a comma: the start of the text, no title
    if taken and (taken[-1].endswith(",") or (len(taken) > 1 and taken[-1].endswith("."))):
        taken = []
    if not taken:
        offices = [ln for ln in letterhead if not is_placeholder(ln)]
        return Title(offices[-1], "the first line of text (a letterhead)") if offices else None
    text, why = with_issuer(join_lines(taken).rstrip(" :"), letterhead)
    reason = "the first line of text" + (f", {why}" if why else
                                         ", after the letterhead" if letterhead else "")
    return Title(smart_case(text, written_in_lower_case(lines)), reason)
