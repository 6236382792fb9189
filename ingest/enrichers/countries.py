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

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping
import re

from kb.models import Document
from kb.protocols import Inferred
from kb.taxonomy import countries as country_table
from kb.taxonomy.gazetteer import find_countries, georgia_reading
from kb.taxonomy.regions import REGIONAL_NAMES, SIDS_GROUPS, RegionalName

from ingest.enrichers._text import EXTRA_CASES, fold_case

LIST_PAGE_COUNTRIES = 8       # a page naming this many countries is a list (participants, annex)
LIST_PAGE_WEIGHT = 0.1
FIRST_PAGES_WEIGHT = 2.0
MAX_TITLE_COUNTRIES = 4       # "Estonia, Korea and Singapore compared" is about all three
SHARE_ABOUT = 0.4
CLEAR_LEAD = 2.0              # top weight at least this times the second's
SPREAD_LEAD = 3               # named on this many times more pages than any other country
MAX_GROUP = 6                 # a regional report compares at most this many countries
GROUP_MIN_RATIO = 0.3         # each member's weight at least this share of the leader's
GROUP_MIN_SHARE = 0.7         # the group carries at least this share of all weight
GROUP_MIN_PAGES = 0.3         # and is named on at least this share of the pages


@dataclass
class _Tally:
    mentions: int = 0
    weight: float = 0.0
    pages: set[int] = field(default_factory=set)
    in_title: bool = False


def _tally(document: Document) -> tuple[dict[str, _Tally], int]:
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    georgia = georgia_reading(f"{document.title}\n{document.text}")
    for code, _, _ in find_countries(document.title, georgia):
        tallies[code].in_title = True
    text_pages = 0
    for page in document.pages:
        found = find_countries(page.text, georgia)
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


def _pages(pages: set[int]) -> str:
    """'1-3, 7' rather than '1, 2, 3, 7': reasons stay short on long documents."""
    runs: list[list[int]] = []
    for p in sorted(pages):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _reason(t: _Tally, page_count: int) -> str:
    parts = []
    if t.mentions:
        times = "once" if t.mentions == 1 else f"{t.mentions} times"
        parts.append(f"named {times} on {len(t.pages)} of {page_count} pages")
    if t.in_title:
        parts.append("in the title")
    return ", and ".join(parts) if parts else "named"


def _about(tallies: dict[str, _Tally], page_count: int, regional: bool = False) -> list[str]:
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
    if about:
        return about
    # Named on many pages while every other country turns up on one or two: a
    # US rule that cites two foreign accidents on one page is still about the US.
    others = max((len(tallies[c].pages) for c in ranked[1:]), default=0)
    if len(top.pages) >= 3 and len(top.pages) >= SPREAD_LEAD * max(others, 1) \
            and top.weight / total >= 0.3:
        return [ranked[0]]
    return _group(tallies, ranked, total, page_count, regional)


def _group(tallies: dict[str, _Tally], ranked: list[str], total: float, page_count: int,
           regional: bool) -> list[str]:
    """A regional report or a multi-country agenda: no country dominates, but a
    handful of them, named with comparable weight outside any list page,
    together carry most of the document and turn up on a good part of its
    pages. Curators list all of them. A 75-page treaty that names its seat
    twice is about none. Each member must be named twice, unless the title or
    first page names a region ("SIDS", "Latin America"): a regional agenda
    names each country's session once, a global overview that cites one
    example per country is about none of them."""
    top = tallies[ranked[0]].weight
    min_mentions = 1 if regional else 2
    group = [c for c in ranked if tallies[c].weight >= GROUP_MIN_RATIO * top
             and tallies[c].weight > LIST_PAGE_WEIGHT * tallies[c].mentions
             and tallies[c].mentions >= min_mentions]
    if not 2 <= len(group) <= MAX_GROUP:
        return []
    if sum(tallies[c].weight for c in group) < GROUP_MIN_SHARE * total:
        return []
    covered = set().union(*(tallies[c].pages for c in group))
    if len(covered) < GROUP_MIN_PAGES * page_count:
        return []
    return group


@lru_cache(maxsize=1)
def _regional_patterns() -> list[tuple[RegionalName, re.Pattern[str], str | None]]:
    """Each regional phrase, longest first, compiled once, with its
    case-folded form when it is matched ignoring case (else None). The
    word-boundary check follows the phrase so that the regex engine can jump
    to it."""
    out = []
    for rn in sorted(REGIONAL_NAMES, key=lambda r: -len(r.phrase)):
        flags = 0 if rn.phrase.isupper() else re.IGNORECASE
        body = re.escape(rn.phrase)
        out.append((rn, re.compile(rf"{body}(?<!\w[\s\S]{{{len(rn.phrase)}}})(?!\w)", flags),
                    fold_case(rn.phrase) if flags else None))
    return out


def _regional(document: Document) -> tuple[list[str], list[str], list[str]]:
    """Regional phrases in the title and first page: (phrases, sub-regions, sids)."""
    text = f"{document.title}\n{document.pages[0].text[:4000] if document.pages else ''}"
    phrases, subs, sids = [], [], []
    consumed: list[tuple[int, int]] = []
    # A phrase can match only where it occurs as a substring (case-folded the
    # way IGNORECASE compares): that test skips the scan for most of them.
    folded = fold_case(text) if EXTRA_CASES is not None else None
    for rn, pattern, folded_phrase in _regional_patterns():
        if folded is not None and (folded_phrase not in folded if folded_phrase else rn.phrase not in text):
            continue
        for m in pattern.finditer(text):
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
            tuple(mentioned), f"{len(mentioned)} countries named in the text: " + ", ".join(
                f"{c} ×{tallies[c].mentions} (p. {_pages(tallies[c].pages)})"
                if tallies[c].mentions else f"{c} (title only)" for c in mentioned[:20]))
        # counts and pages, for a pipeline that keeps them in Document.extra
        out["country_mentions"] = Inferred(
            {c: {"count": tallies[c].mentions, "pages": sorted(tallies[c].pages),
                 "in_title": tallies[c].in_title} for c in mentioned},
            "per-country mention counts and pages")
    phrases, p_subs, p_sids = _regional(document)
    about = _about(tallies, page_count, regional=bool(phrases)) if tallies else []
    if about:
        lead = "; ".join(f"{country_table.country_name(c)}: {_reason(tallies[c], page_count)}"
                         for c in about)
        if len(about) > 1 and not any(tallies[c].in_title for c in about):
            lead = f"{len(about)} countries share the document, none dominates — {lead}"
        out["countries"] = Inferred(tuple(about), lead)

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
    for phrase in phrases:
        rn = next(r for r in REGIONAL_NAMES if r.phrase == phrase)
        # "Pacific Islands" over a report about Fiji, Samoa, Tonga and Vanuatu
        # adds nothing: their own sub-regions already say it, and adding the
        # phrase's others (Micronesia) would claim what the report leaves out.
        if about and any(s in regions for s in rn.subregions):
            continue
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
