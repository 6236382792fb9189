"""Region vocabularies: UN M49 regions and sub-regions, SIDS groups, and the
phrases documents use to name a region without naming a country.

Kept apart from `countries.py` so the regional phrase list can be edited by a
curator without touching the per-country table, and so enrichers can look up
"Pacific Island countries" without loading the gazetteer.
"""
from __future__ import annotations

from dataclasses import dataclass

# UN M49 regions, in the order the UI lists them.
M49_REGIONS: tuple[str, ...] = ("Africa", "Americas", "Asia", "Europe", "Oceania")

# UN M49 sub-regions, grouped by region. "Latin America and the Caribbean" and
# "Sub-Saharan Africa" are sub-regions in M49; their finer parts (Caribbean,
# Central America, Eastern Africa, ...) are M49 *intermediate* regions.
M49_SUBREGIONS: dict[str, tuple[str, ...]] = {
    "Africa": ("Northern Africa", "Sub-Saharan Africa"),
    "Americas": ("Latin America and the Caribbean", "Northern America"),
    "Asia": ("Central Asia", "Eastern Asia", "South-eastern Asia", "Southern Asia", "Western Asia"),
    "Europe": ("Eastern Europe", "Northern Europe", "Southern Europe", "Western Europe"),
    "Oceania": ("Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"),
}

SUBREGIONS: tuple[str, ...] = tuple(s for subs in M49_SUBREGIONS.values() for s in subs)

M49_INTERMEDIATE: dict[str, tuple[str, ...]] = {
    "Sub-Saharan Africa": ("Eastern Africa", "Middle Africa", "Southern Africa", "Western Africa"),
    "Latin America and the Caribbean": ("Caribbean", "Central America", "South America"),
}

# Small Island Developing States groups as UN-OHRLLS uses them.
SIDS_GROUPS: tuple[str, ...] = ("Caribbean", "Pacific", "AIS")
SIDS_LABELS: dict[str, str] = {
    "Caribbean": "Caribbean",
    "Pacific": "Pacific",
    "AIS": "Atlantic, Indian Ocean and South China Sea",
}


def sids_label(group: str) -> str:
    """Display label for a SIDS group; unknown values pass through unchanged."""
    return SIDS_LABELS.get(group, group)


def region_of_subregion(subregion: str) -> str | None:
    """The M49 region a sub-region belongs to, e.g. Melanesia -> Oceania."""
    for region, subs in M49_SUBREGIONS.items():
        if subregion in subs:
            return region
    return None


@dataclass(frozen=True)
class RegionalName:
    """A phrase that names a region, and what it implies for the facets.

    `subregions` are M49 sub-region names; `sids` are SIDS groups. A phrase may
    imply either or both ("Pacific Island countries" implies the Pacific SIDS
    group and the three Pacific island sub-regions)."""

    phrase: str
    subregions: tuple[str, ...] = ()
    sids: tuple[str, ...] = ()


_PACIFIC_ISLANDS = ("Melanesia", "Micronesia", "Polynesia")

# Phrases are matched case-insensitively on word boundaries, longest first, so
# "Latin America and the Caribbean" wins over "Caribbean".
REGIONAL_NAMES: tuple[RegionalName, ...] = (
    RegionalName("Latin America and the Caribbean", ("Latin America and the Caribbean",)),
    RegionalName("Latin America & the Caribbean", ("Latin America and the Caribbean",)),
    RegionalName("Latin America", ("Latin America and the Caribbean",)),
    RegionalName("América Latina", ("Latin America and the Caribbean",)),
    RegionalName("Amérique latine", ("Latin America and the Caribbean",)),
    RegionalName("Central America", ("Latin America and the Caribbean",)),
    RegionalName("Centroamérica", ("Latin America and the Caribbean",)),
    RegionalName("South America", ("Latin America and the Caribbean",)),
    RegionalName("Caribbean", ("Latin America and the Caribbean",), ("Caribbean",)),
    RegionalName("Caribe", ("Latin America and the Caribbean",), ("Caribbean",)),
    RegionalName("Caraïbes", ("Latin America and the Caribbean",), ("Caribbean",)),
    RegionalName("CARICOM", ("Latin America and the Caribbean",), ("Caribbean",)),
    RegionalName("OECS", ("Latin America and the Caribbean",), ("Caribbean",)),
    RegionalName("Eastern Caribbean", ("Latin America and the Caribbean",), ("Caribbean",)),
    RegionalName("Pacific Islands", _PACIFIC_ISLANDS, ("Pacific",)),
    RegionalName("Pacific Island countries", _PACIFIC_ISLANDS, ("Pacific",)),
    RegionalName("Pacific Island Countries and Territories", _PACIFIC_ISLANDS, ("Pacific",)),
    RegionalName("Pacific small island developing states", _PACIFIC_ISLANDS, ("Pacific",)),
    RegionalName("Pacific SIDS", _PACIFIC_ISLANDS, ("Pacific",)),
    RegionalName("Pacific Islands Forum", _PACIFIC_ISLANDS, ("Pacific",)),
    RegionalName("Melanesia", ("Melanesia",)),
    RegionalName("Micronesia", ("Micronesia",)),
    RegionalName("Polynesia", ("Polynesia",)),
    RegionalName("Small Island Developing States", (), SIDS_GROUPS),
    RegionalName("small island developing States", (), SIDS_GROUPS),
    RegionalName("SIDS", (), SIDS_GROUPS),
    RegionalName("AIS region", (), ("AIS",)),
    RegionalName("Atlantic, Indian Ocean and South China Sea", (), ("AIS",)),
    RegionalName("Indian Ocean islands", ("Sub-Saharan Africa", "Southern Asia"), ("AIS",)),
    RegionalName("Sub-Saharan Africa", ("Sub-Saharan Africa",)),
    RegionalName("sub-Saharan Africa", ("Sub-Saharan Africa",)),
    RegionalName("Afrique subsaharienne", ("Sub-Saharan Africa",)),
    RegionalName("West Africa", ("Sub-Saharan Africa",)),
    RegionalName("East Africa", ("Sub-Saharan Africa",)),
    RegionalName("Southern Africa", ("Sub-Saharan Africa",)),
    RegionalName("Central Africa", ("Sub-Saharan Africa",)),
    RegionalName("ECOWAS", ("Sub-Saharan Africa",)),
    RegionalName("North Africa", ("Northern Africa",)),
    RegionalName("Northern Africa", ("Northern Africa",)),
    RegionalName("Maghreb", ("Northern Africa",)),
    RegionalName("Middle East and North Africa", ("Western Asia", "Northern Africa")),
    RegionalName("MENA region", ("Western Asia", "Northern Africa")),
    RegionalName("Arab region", ("Western Asia", "Northern Africa")),
    RegionalName("Gulf Cooperation Council", ("Western Asia",)),
    RegionalName("Western Asia", ("Western Asia",)),
    RegionalName("Central Asia", ("Central Asia",)),
    RegionalName("South Asia", ("Southern Asia",)),
    RegionalName("Southern Asia", ("Southern Asia",)),
    RegionalName("South-East Asia", ("South-eastern Asia",)),
    RegionalName("Southeast Asia", ("South-eastern Asia",)),
    RegionalName("South-eastern Asia", ("South-eastern Asia",)),
    RegionalName("ASEAN", ("South-eastern Asia",)),
    RegionalName("East Asia", ("Eastern Asia",)),
    RegionalName("Eastern Asia", ("Eastern Asia",)),
    RegionalName("Western Balkans", ("Southern Europe",)),
    RegionalName("Balkans", ("Southern Europe",)),
    RegionalName("Baltic States", ("Northern Europe",)),
    RegionalName("Nordic countries", ("Northern Europe",)),
    RegionalName("Scandinavia", ("Northern Europe",)),
    RegionalName("Northern Europe", ("Northern Europe",)),
    RegionalName("Eastern Europe", ("Eastern Europe",)),
    RegionalName("Southern Europe", ("Southern Europe",)),
    RegionalName("Western Europe", ("Western Europe",)),
    RegionalName("North America", ("Northern America",)),
    RegionalName("Northern America", ("Northern America",)),
)
