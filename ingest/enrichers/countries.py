"""Which countries a document names, which it is *about*, and the regions and
SIDS groups that follow.

Being named is not being about: a workshop report lists forty participating
countries on one page and discusses Fiji on the other ten. So mentions are
weighted by where they occur (title strongly, the first two pages more than the
rest, pages that list many countries hardly at all) and a country is "about"
only when it dominates: it is in the title, or it carries at least 40% of the
weight and is spread over several pages, or it is clearly ahead of the next.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Mapping
import re

from kb.models import Document
from kb.protocols import Inferred
from kb.taxonomy import countries as country_table
from kb.taxonomy.gazetteer import find_countries
from kb.taxonomy.regions import REGIONAL_NAMES, SIDS_GROUPS

LIST_PAGE_COUNTRIES = 8       # a page naming this many countries is a list (participants, annex)
LIST_PAGE_WEIGHT = 0.1
FIRST_PAGES_WEIGHT = 2.0
MAX_TITLE_COUNTRIES = 4       # "Estonia, Korea and Singapore compared" is about all three
SHARE_ABOUT = 0.4
CLEAR_LEAD = 2.0              # top weight at least this times the second's


@dataclass
class _Tally:
    mentions: int = 0
    weight: float = 0.0
    pages: set[int] = field(default_factory=set)
    in_title: bool = False


def _tally(document: Document) -> tuple[dict[str, _Tally], int]:
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for code, _, _ in find_countries(document.title):
        tallies[code].in_title = True
    text_pages = 0
    for page in document.pages:
        found = find_countries(page.text)
        if page.text.strip():
            text_pages += 1
        if not found:
            continue
        distinct = {code for code, _, _ in found}
        if len(distinct) >= LIST_PAGE_COUNTRIES:
            per = LIST_PAGE_WEIGHT
        elif page.number <= 2:
            per = FIRST_PAGES_WEIGHT
        else:
            per = 1.0
        for code, _, _ in found:
            t = tallies[code]
            t.mentions += 1
            t.weight += per
            t.pages.add(page.number)
    return dict(tallies), max(text_pages, 1)


def _reason(t: _Tally, page_count: int) -> str:
    parts = []
    if t.mentions:
        times = "once" if t.mentions == 1 else f"{t.mentions} times"
        parts.append(f"named {times} on {len(t.pages)} of {page_count} pages")
    if t.in_title:
        parts.append("in the title")
    return ", and ".join(parts) if parts else "named"


def _about(tallies: dict[str, _Tally], page_count: int) -> list[str]:
    titled = [c for c, t in tallies.items() if t.in_title]
    if 0 < len(titled) <= MAX_TITLE_COUNTRIES:
        return sorted(titled, key=lambda c: -tallies[c].weight)
    ranked = sorted(tallies, key=lambda c: -tallies[c].weight)
    ranked = [c for c in ranked if tallies[c].mentions]
    if not ranked:
        return []
    if len(ranked) == 1 and min(tallies[ranked[0]].pages) <= 2:
        # the only country the document names at all, and named up front
        return ranked
    total = sum(tallies[c].weight for c in ranked)
    spread_needed = 1 if page_count <= 2 else min(3, max(2, page_count // 4))
    top = tallies[ranked[0]]
    second = tallies[ranked[1]].weight if len(ranked) > 1 else 0.0
    about: list[str] = []
    for code in ranked:
        t = tallies[code]
        share = t.weight / total
        spread = len(t.pages) >= spread_needed
        if share >= SHARE_ABOUT and spread and t.mentions >= 2:
            about.append(code)
        elif code == ranked[0] and t.mentions >= 3 and spread and t.weight >= CLEAR_LEAD * max(second, 0.5):
            about.append(code)
        # a two-country comparison: the runner-up close behind a dominant top
        elif about and share >= 0.3 and spread and t.weight >= 0.75 * top.weight:
            about.append(code)
    return about


def _regional(document: Document) -> tuple[list[str], list[str], list[str]]:
    """Regional phrases in the title and first page: (phrases, sub-regions, sids)."""
    text = f"{document.title}\n{document.pages[0].text[:4000] if document.pages else ''}"
    phrases, subs, sids = [], [], []
    consumed: list[tuple[int, int]] = []
    for rn in sorted(REGIONAL_NAMES, key=lambda r: -len(r.phrase)):
        flags = 0 if rn.phrase.isupper() else re.IGNORECASE
        for m in re.finditer(rf"(?<!\w){re.escape(rn.phrase)}(?!\w)", text, flags):
            if any(s <= m.start() < e for s, e in consumed):
                continue
            consumed.append(m.span())
            if rn.phrase not in phrases:
                phrases.append(rn.phrase)
            subs += [s for s in rn.subregions if s not in subs]
            sids += [g for g in rn.sids if g not in sids]
    return phrases, subs, sids


def enrich_countries(document: Document) -> Mapping[str, Inferred]:
    """countries_mentioned, countries (about), regions and sids."""
    tallies, page_count = _tally(document)
    out: dict[str, Inferred] = {}
    if tallies:
        mentioned = sorted(tallies, key=lambda c: (-tallies[c].weight, c))
        out["countries_mentioned"] = Inferred(
            tuple(mentioned), f"{len(mentioned)} countries named in the text")
    about = _about(tallies, page_count) if tallies else []
    if about:
        out["countries"] = Inferred(tuple(about), "; ".join(
            f"{country_table.country_name(c)}: {_reason(tallies[c], page_count)}" for c in about))

    regions: list[str] = []
    sids: list[str] = []
    region_reasons: list[str] = []
    sids_reasons: list[str] = []
    for code in about:
        c = country_table.get(code)
        if c and c.subregion and c.subregion not in regions:
            regions.append(c.subregion)
            region_reasons.append(f"{c.subregion} (from {c.name})")
        if c and c.sids_group and c.sids_group not in sids:
            sids.append(c.sids_group)
            sids_reasons.append(f"{c.sids_group} (from {c.name})")
    phrases, p_subs, p_sids = _regional(document)
    for phrase in phrases:
        rn = next(r for r in REGIONAL_NAMES if r.phrase == phrase)
        for s in rn.subregions:
            if s not in regions:
                regions.append(s)
                region_reasons.append(f"{s} (title or first page names '{phrase}')")
        # "Small Island Developing States" in general names every group; that
        # only says something when the document is not about particular countries.
        if set(rn.sids) == set(SIDS_GROUPS) and about:
            continue
        for g in rn.sids:
            if g not in sids:
                sids.append(g)
                sids_reasons.append(f"{g} (title or first page names '{phrase}')")
    if regions:
        out["regions"] = Inferred(tuple(regions), "; ".join(region_reasons))
    if sids:
        out["sids"] = Inferred(tuple(sids), "; ".join(sids_reasons))
    return out
