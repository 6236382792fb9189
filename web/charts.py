"""Small pictures rendered on the server: the year histogram (SVG geometry)
and the country coverage map (a grid of shaded links).

Server-side because the page must work without JavaScript and stay light;
geometry is computed here so templates only place elements, and shading uses
CSS classes (no inline styles, which the Content-Security-Policy forbids)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from kb.taxonomy import Country

BAR_W, BAR_GAP, BAR_H = 10, 2, 48
MAX_CONTIGUOUS_YEARS = 40
MIN_SLOTS = 20          # a few bars stay bar-shaped instead of stretching to the width


@dataclass(frozen=True)
class Bar:
    year: int
    count: int
    x: int
    y: int
    height: int
    selected: bool


@dataclass(frozen=True)
class Histogram:
    bars: tuple[Bar, ...]
    width: int
    height: int
    first: int | None
    last: int | None


def histogram(years: Sequence[tuple[int, int]], year_from: int | None,
              year_to: int | None) -> Histogram:
    """Bars for each year from the first to the last with documents (or only the
    years that have documents when the span is too wide to read)."""
    counts = {y: c for y, c in years if c > 0}
    if not counts:
        return Histogram((), 0, BAR_H, None, None)
    lo, hi = min(counts), max(counts)
    span = list(range(lo, hi + 1)) if hi - lo < MAX_CONTIGUOUS_YEARS else sorted(counts)
    top = max(counts.values())
    slots = max(len(span), MIN_SLOTS)
    offset = (slots - len(span)) // 2          # few bars: centred
    bars = []
    for i, year in enumerate(span):
        count = counts.get(year, 0)
        h = 0 if count == 0 else max(2, round(BAR_H * count / top))
        selected = (year_from is None or year >= year_from) and (year_to is None or year <= year_to)
        bars.append(Bar(year, count, (offset + i) * (BAR_W + BAR_GAP), BAR_H - h, h, selected))
    return Histogram(tuple(bars), slots * (BAR_W + BAR_GAP), BAR_H, lo, hi)


@dataclass(frozen=True)
class MapTile:
    """One country of the coverage map: a link shaded by its document count."""

    code: str
    name: str
    count: int
    level: int           # 0 (none) .. 4 (most), a CSS class
    sids: bool


def shade(count: int, top: int) -> int:
    """0 for none, then 1..4 relative to the best-covered country."""
    if count <= 0:
        return 0
    if top <= 1:
        return 4
    return 1 + round(3 * (count - 1) / (top - 1))


def coverage_map(regions: Mapping[str, Mapping[str, Sequence[Country]]],
                 counts: Mapping[str, int], name: Callable[[str], str] | None = None,
                 ) -> list[tuple[str, list[tuple[str, list[MapTile]]]]]:
    """(region, [(sub-region, tiles)]) for the coverage map. It is drawn as
    an HTML grid of links, not a fixed-width picture, so the tiles reflow and
    keep a readable size and a finger-sized target on a phone. `name` gives a
    country's name in the UI language (default: the taxonomy's)."""
    top = max(counts.values(), default=0)
    return [
        (region, [(sub, [MapTile(c.code, name(c.code) if name else c.name, counts.get(c.code, 0),
                                 shade(counts.get(c.code, 0), top), bool(c.sids_group))
                         for c in members])
                  for sub, members in subs.items() if members])
        for region, subs in regions.items()
    ]
