"""Small pictures rendered on the server as SVG geometry: the year histogram
and the country tile grid.

Server-side because the page must work without JavaScript and stay light;
geometry is computed here so templates only place elements, and shading uses
CSS classes (no inline styles, which the Content-Security-Policy forbids)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

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


TILE_W, TILE_H, TILE_GAP, TILES_PER_ROW, LABEL_H = 34, 24, 3, 20, 18


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    count: int
    level: int           # 0 (none) .. 4 (most), a CSS class
    sids: bool
    x: int
    y: int


@dataclass(frozen=True)
class Label:
    text: str
    y: int


@dataclass(frozen=True)
class TileGrid:
    region: str
    tiles: tuple[Tile, ...]
    labels: tuple[Label, ...]
    width: int
    height: int


def shade(count: int, top: int) -> int:
    """0 for none, then 1..4 relative to the best-covered country."""
    if count <= 0:
        return 0
    if top <= 1:
        return 4
    return 1 + round(3 * (count - 1) / (top - 1))


def tile_grids(by_region: Mapping[str, Mapping[str, Sequence[Country]]],
               counts: Mapping[str, int]) -> list[TileGrid]:
    """One grid per UN region, a labelled block of tiles per sub-region."""
    top = max(counts.values(), default=0)
    grids = []
    for region, subregions in by_region.items():
        tiles, labels, y = [], [], 0
        for subregion, members in subregions.items():
            if not members:
                continue
            labels.append(Label(subregion, y + LABEL_H - 5))
            y += LABEL_H
            for i, c in enumerate(members):
                row, col = divmod(i, TILES_PER_ROW)
                n = counts.get(c.code, 0)
                tiles.append(Tile(c.code, c.name, n, shade(n, top), bool(c.sids_group),
                                  col * (TILE_W + TILE_GAP), y + row * (TILE_H + TILE_GAP)))
            rows = -(-len(members) // TILES_PER_ROW)
            y += rows * (TILE_H + TILE_GAP) + 4
        grids.append(TileGrid(region, tuple(tiles), tuple(labels),
                              TILES_PER_ROW * (TILE_W + TILE_GAP), y))
    return grids
