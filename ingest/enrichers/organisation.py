"""The organisation that published the document, from its title and first page.

Known international publishers are recognised by name or acronym; otherwise a
national body named on the cover ("Ministry of Communications", "Department of
Information Technology") is taken. The earliest one named wins, since covers
put the publisher above partners and donors.
"""
from __future__ import annotations

import re
from typing import Mapping

from kb.models import Document, Page
from kb.protocols import Inferred

from ingest.enrichers._text import EXTRA_CASES, first_page, fold_case

# display name -> patterns (acronyms case-sensitive, full names case-insensitive)
KNOWN: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("UN DESA", (r"\bUN[ -]?DESA\b", r"(?i:\bDepartment of Economic and Social Affairs\b)",
                 r"(?i:\bDivision for Public Institutions and Digital Government\b)")),
    ("UNDP", (r"\bUNDP\b", r"\bPNUD\b", r"(?i:\bUnited Nations Development Programme\b)",
              r"(?i:\bProgramme des Nations Unies pour le développement\b)",
              r"(?i:\bPrograma de las Naciones Unidas para el Desarrollo\b)")),
    ("UNESCAP", (r"\bU?N?ESCAP\b", r"(?i:\bEconomic and Social Commission for Asia and the Pacific\b)")),
    ("UNECA", (r"\bUNECA\b", r"(?i:\bEconomic Commission for Africa\b)")),
    ("ECLAC", (r"\bECLAC\b", r"\bCEPAL\b", r"(?i:\bEconomic Commission for Latin America\b)",
               r"(?i:\bComisión Económica para América Latina\b)")),
    ("World Bank", (r"(?i:\bWorld Bank\b)", r"(?i:\bBanque mondiale\b)", r"(?i:\bBanco Mundial\b)")),
    ("IDB", (r"\bIDB\b", r"\bBID\b", r"(?i:\bInter-American Development Bank\b)",
             r"(?i:\bBanco Interamericano de Desarrollo\b)")),
    ("African Development Bank", (r"\bAfDB\b", r"(?i:\bAfrican Development Bank\b)")),
    ("ADB", (r"\bADB\b", r"(?i:\bAsian Development Bank\b)")),
    ("OAS", (r"\bOAS\b", r"\bOEA\b", r"(?i:\bOrgani[sz]ation of American States\b)",
             r"(?i:\bOrganización de los Estados Americanos\b)")),
    ("ITU", (r"\bITU\b", r"\bUIT\b", r"(?i:\bInternational Telecommunication Union\b)")),
    ("OECD", (r"\bOECD\b", r"\bOCDE\b", r"(?i:\bOrgani[sz]ation for Economic Co-?operation and Development\b)")),
    ("European Union", (r"(?i:\bEuropean Union\b)", r"(?i:\bEuropean Commission\b)", r"\bEU\b",
                        r"(?i:\bUnion européenne\b)", r"(?i:\bUnión Europea\b)")),
    ("Commonwealth Secretariat", (r"(?i:\bCommonwealth Secretariat\b)",)),
    ("UNESCO", (r"\bUNESCO\b",)),
    ("Pacific Islands Forum Secretariat", (r"(?i:\bPacific Islands Forum Secretariat\b)",)),
    ("CARICOM Secretariat", (r"(?i:\bCARICOM Secretariat\b)",)),
    ("CTO", (r"(?i:\bCommonwealth Telecommunications Organisation\b)",)),
    ("eGovernment Academy", (r"(?i:\be-?Governance Academy\b)",)),
)
_KNOWN = [(name, [re.compile(p) for p in pats]) for name, pats in KNOWN]

_LEADING = re.compile(r"(\(\?i:)?\\b([^\W\d_][^\W\d_ ]*(?: [^\W\d_]+)*)(?![?*{])")


def _leading_literal(pattern: str) -> tuple[str, bool] | None:
    """(the letters every match of `pattern` starts with, whether they are
    compared ignoring case), or None when it has no such plain start."""
    m = _LEADING.match(pattern)
    if m is None:
        return None
    literal = m.group(2)    # the lookahead keeps a letter made optional out of it
    return (fold_case(literal), True) if m.group(1) else (literal, False)


# Per name, each pattern with the letters it starts with: a pattern whose
# start does not occur in the text (case-folded for the case-insensitive
# ones) cannot match there, and is not searched.
_KNOWN_START = [(name, [(p, _leading_literal(p.pattern)) for p in pats]) for name, pats in _KNOWN]

# "Ministry of Public Service and Innovation", "Department of Information Technology",
# "Ministère de l'Économie numérique", "Ministerio de Modernización": up to the end
# of the line, at most eight words, stopping at a comma or an "and the".
_BODY = re.compile(
    r"\b(?:Ministry|Department|Office|Ministère|Ministerio|Secretaría|Secretaria|Agency|Authority)"
    r"\s+(?:of|for|de|du|des|de la|de l'|del)\s*"
    r"(?:[A-ZÉÈÀÁÍÓÚ][\w'’&-]*|and|&|the|of|for|de|la|du|des|del|et|y|e-|\s)+"
)


def _national(text: str) -> list[tuple[int, str]]:
    out = []
    for m in _BODY.finditer(text):
        name = re.split(r"\s*(?:\n|,|;|\(| and the )\s*", m.group(0))[0]
        name = " ".join(name.split()).rstrip(" &-")
        name = re.sub(r"\s+(?:and|of|for|the|de|la|du|des|del|et|y)$", "", name)
        if len(name.split()) >= 3:
            out.append((m.start(), name))
    return out


# Back covers and imprint pages: "© UNDP 2019", "Published by the World Bank".
_IMPRINT = re.compile(r"(?im)^.*(?:©|\(c\)|copyright|published by|publié par|publicado por|"
                      r"prepared by|élaboré par|elaborado por).*$")


def _imprint(document: Document) -> str:
    """Imprint lines of the last page (and the second, where reports put
    their copyright notice): the publisher named after the cover."""
    pages: list[Page] = []
    for page in document.pages[1:2] + document.pages[-1:]:    # one page when there are two
        if page is not document.pages[0] and all(page is not seen for seen in pages):
            pages.append(page)
    return "\n".join(m.group(0) for p in pages for m in _IMPRINT.finditer(p.text[-3000:]))


def enrich_organisation(document: Document) -> Mapping[str, Inferred]:
    places = (("title", document.title or ""), ("first page", first_page(document, 2500)),
              ("imprint", _imprint(document)))
    for place, text in places:
        found: list[tuple[int, int, str]] = []
        folded = fold_case(text) if EXTRA_CASES is not None else None
        for name, patterns in _KNOWN_START:
            for p, start in patterns:
                if start is not None and folded is not None and start[0] not in (folded if start[1] else text):
                    continue
                m = p.search(text)
                if m:
                    found.append((m.start(), 0, name))
                    break
        found += [(pos, 1, name) for pos, name in _national(text)]
        if found:
            pos, _, name = min(found)
            return {"organisation": Inferred(name, f"{place} names {name!r}")}
    return {}
