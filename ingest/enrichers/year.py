"""The publication year.

Sources, in the order they are trusted:
1. a year in the title ("E-Government Survey 2020"; for a range such as
   "Strategy 2019-2023" the first year, since plans are published as they start),
   ignoring target years ("Vision 2030", "Agenda 2030", "towards 2025");
2. a date on the cover / first page ("March 2019", "12 mars 2019", "© 2019");
3. the file's own metadata (`extra["created"]`, then `extra["modified"]`), which
   is often the date of a later conversion, hence below the cover date;
4. the year written most often on the first page.
Body text is never used: a report cites years from decades of history, and its
oldest and newest citations say nothing about when it was written. A year after
the current one is never returned.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from typing import Any, Mapping

from kb.models import Document
from kb.protocols import Inferred

from ingest.enrichers._text import first_page, quote

MIN_YEAR = 1980

_YEAR = r"(?:19[89]\d|20\d\d)"
_RANGE = re.compile(rf"(?<!\d)({_YEAR})\s*[-–—/]\s*({_YEAR}|\d\d)(?!\d)")
_TARGET = re.compile(r"(?:vision|agenda|horizon|horizonte|towards|toward|by|until|to|à l'horizon|"
                     r"d'ici|hacia|para el|through|beyond)\s+$", re.IGNORECASE)
_BARE = re.compile(rf"(?<![\d/.-])({_YEAR})(?![\d])")

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
)
_DATED = re.compile(
    rf"(?:\b(?:{_MONTHS})\.?,?\s+(?:de\s+|del\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?({_YEAR})\b"
    rf"|(?<!\d)({_YEAR})-\d\d-\d\d\b"
    rf"|\b\d{{1,2}}[./]\d{{1,2}}[./]({_YEAR})\b"
    rf"|(?:©|\(c\)|copyright|published|publié|publicado|edition|édition|edición)\s*:?\s*({_YEAR})\b)",
    re.IGNORECASE,
)


def _as_year(value: Any) -> int | None:
    if isinstance(value, (datetime, date)):
        return value.year
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        m = re.search(rf"(?<!\d){_YEAR}(?!\d)", value)   # ISO strings, PDF "D:20190304..."
        if m:
            return int(m.group(0))
        m = re.match(r"D:(\d{4})", value)
        return int(m.group(1)) if m else None
    return None


def _title_year(title: str, this_year: int) -> tuple[int, str] | None:
    for m in _RANGE.finditer(title):
        first = int(m.group(1))
        if MIN_YEAR <= first <= this_year and not _TARGET.search(title[:m.start()]):
            return first, f"title contains {quote(m.group(0))} (first year of the range)"
    ranged = [m.span() for m in _RANGE.finditer(title)]
    for m in _BARE.finditer(title):
        if any(s <= m.start() < e for s, e in ranged):
            continue
        y = int(m.group(1))
        if y > this_year or _TARGET.search(title[:m.start()]):
            continue
        return y, f"title contains {quote(m.group(1))}"
    return None


def _cover_year(text: str, this_year: int) -> tuple[int, str] | None:
    for m in _DATED.finditer(text):
        y = int(next(g for g in m.groups() if g))
        if MIN_YEAR <= y <= this_year:
            return y, f"first page is dated {quote(m.group(0))}"
    return None


def _frequent_year(text: str, this_year: int) -> tuple[int, str] | None:
    counts = Counter(int(y) for y in _BARE.findall(text))
    counts = Counter({y: n for y, n in counts.items() if MIN_YEAR <= y <= this_year})
    if not counts:
        return None
    # most frequent, then the later one: a cover names its own year more than history
    y, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return y, f"'{y}' is the year written most often on the first page ({n}×)"


def infer_year(document: Document, today: date | None = None) -> tuple[int, str] | None:
    """(year, reason) or None. `today` is read at call time unless given, so a
    long-running worker never rejects this year's documents as future ones."""
    this_year = (today or date.today()).year
    found = _title_year(document.title or "", this_year)
    if found:
        return found
    cover = first_page(document)
    found = _cover_year(cover, this_year)
    if found:
        return found
    for key in ("created", "modified"):
        y = _as_year(document.extra.get(key)) if document.extra else None
        if y is not None and MIN_YEAR <= y <= this_year:
            return y, f"file metadata: {key} {document.extra.get(key)!s:.10}"
    return _frequent_year(cover, this_year)


def enrich_year(document: Document, today: date | None = None) -> Mapping[str, Inferred]:
    found = infer_year(document, today)
    return {"year": Inferred(found[0], found[1])} if found else {}
