"""Countries and territories with their ISO 3166 codes, UN M49 placement and
small-island-state group.

Names and numeric codes come from pycountry (ISO 3166-1); the M49 region,
sub-region and intermediate region, and the SIDS groups, are kept here as a
compact table because pycountry does not carry them and the facets must not
depend on a file being present at run time. `tests/kb/test_taxonomy.py` checks
this table against the UN country-codes CSV when it is available.

SIDS membership follows the UN-OHRLLS list (UN members plus non-UN members /
associate members of the regional commissions). Deliberate differences from the
CSV's "Small Island Developing States (SIDS)" column, which follows an older M49
list, are in `SIDS_NOT_IN_M49_CSV`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pycountry

from kb.taxonomy.regions import M49_REGIONS, region_of_subregion

# M49 sub-region -> members (alpha-3). Where M49 has an intermediate region
# (Sub-Saharan Africa, Latin America and the Caribbean) the members are listed
# under it in `_INTERMEDIATE` and the sub-region is derived from that.
_SUBREGION: dict[str, str] = {
    "Northern Africa": "DZA EGY LBY MAR SDN TUN ESH",
    "Northern America": "BMU CAN GRL SPM USA",
    "Central Asia": "KAZ KGZ TJK TKM UZB",
    "Eastern Asia": "CHN HKG MAC PRK JPN MNG KOR TWN",
    "South-eastern Asia": "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    "Southern Asia": "AFG BGD BTN IND IRN MDV NPL PAK LKA",
    "Western Asia": "ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN QAT SAU PSE SYR TUR ARE YEM",
    "Eastern Europe": "BLR BGR CZE HUN POL MDA ROU RUS SVK UKR",
    "Northern Europe": "ALA DNK EST FRO FIN GGY ISL IRL IMN JEY LVA LTU NOR SJM SWE GBR",
    "Southern Europe": "ALB AND BIH HRV GIB GRC VAT ITA MLT MNE MKD PRT SMR SRB SVN ESP",
    "Western Europe": "AUT BEL FRA DEU LIE LUX MCO NLD CHE",
    "Australia and New Zealand": "AUS CXR CCK HMD NZL NFK",
    "Melanesia": "FJI NCL PNG SLB VUT",
    "Micronesia": "GUM KIR MHL FSM NRU MNP PLW UMI",
    "Polynesia": "ASM COK PYF NIU PCN WSM TKL TON TUV WLF",
}

_INTERMEDIATE: dict[str, tuple[str, str]] = {
    # intermediate region: (sub-region, members)
    "Eastern Africa": ("Sub-Saharan Africa",
                       "IOT BDI COM DJI ERI ETH ATF KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD UGA TZA ZMB ZWE"),
    "Middle Africa": ("Sub-Saharan Africa", "AGO CMR CAF TCD COG COD GNQ GAB STP"),
    "Southern Africa": ("Sub-Saharan Africa", "BWA SWZ LSO NAM ZAF"),
    "Western Africa": ("Sub-Saharan Africa",
                       "BEN BFA CPV GMB GHA GIN GNB CIV LBR MLI MRT NER NGA SHN SEN SLE TGO"),
    "Caribbean": ("Latin America and the Caribbean",
                  "AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI "
                  "BLM KNA LCA MAF VCT SXM TTO TCA VIR"),
    "Central America": ("Latin America and the Caribbean", "BLZ CRI SLV GTM HND MEX NIC PAN"),
    "South America": ("Latin America and the Caribbean",
                      "ARG BOL BVT BRA CHL COL ECU FLK GUF GUY PRY PER SGS SUR URY VEN"),
}

# SIDS groups (UN-OHRLLS). Non-UN members are included: they take part in
# SIDS programmes and curators expect them on the group pages.
_SIDS: dict[str, str] = {
    "Caribbean": (
        "ATG BHS BRB BLZ CUB DMA DOM GRD GUY HTI JAM KNA LCA VCT SUR TTO "   # UN members
        "AIA ABW BMU VGB CYM CUW GLP MTQ MSR PRI SXM TCA VIR BES"             # non-UN members
    ),
    "Pacific": (
        "FJI KIR MHL FSM NRU PLW PNG WSM SLB TLS TON TUV VUT "               # UN members
        "ASM COK PYF GUM NCL NIU MNP"                                       # non-UN members
    ),
    "AIS": "BHR CPV COM GNB MDV MUS STP SYC SGP",
}

# In our SIDS table but not flagged in the CSV's SIDS column: Bahrain joined the
# OHRLLS list later; Bermuda, Cayman Islands, Guadeloupe, Martinique and Turks and
# Caicos are OHRLLS non-UN members the older M49 column omits.
SIDS_NOT_IN_M49_CSV: frozenset[str] = frozenset({"BHR", "BMU", "CYM", "GLP", "MTQ", "TCA"})

# Friendlier display names than ISO's "Korea, Republic of" inversion.
_DISPLAY_NAMES: dict[str, str] = {
    "BOL": "Bolivia", "COD": "Democratic Republic of the Congo", "COG": "Congo",
    "FSM": "Micronesia (Federated States of)", "IRN": "Iran", "KOR": "Republic of Korea",
    "PRK": "Democratic People's Republic of Korea", "MDA": "Republic of Moldova",
    "PSE": "State of Palestine", "TZA": "United Republic of Tanzania", "TWN": "Taiwan",
    "VEN": "Venezuela", "VGB": "British Virgin Islands", "VIR": "United States Virgin Islands",
    "VAT": "Holy See", "MAF": "Saint Martin (French part)", "SXM": "Sint Maarten",
    "FLK": "Falkland Islands (Malvinas)", "LAO": "Lao People's Democratic Republic",
    "SYR": "Syrian Arab Republic", "RUS": "Russian Federation", "CIV": "Côte d'Ivoire",
}


@dataclass(frozen=True)
class Country:
    code: str                    # ISO 3166-1 alpha-3
    name: str
    official_name: str
    region: str | None           # M49 region: Africa, Americas, Asia, Europe, Oceania
    subregion: str | None        # M49 sub-region, e.g. Melanesia
    intermediate: str | None     # M49 intermediate region, e.g. Caribbean, or None
    sids_group: str | None       # Caribbean, Pacific, AIS or None
    m49: int                     # M49 numeric code (equal to ISO 3166-1 numeric)


def _placement() -> dict[str, tuple[str, str | None]]:
    """alpha-3 -> (sub-region, intermediate region or None)."""
    out: dict[str, tuple[str, str | None]] = {}
    for sub, members in _SUBREGION.items():
        for code in members.split():
            out[code] = (sub, None)
    for inter, (sub, members) in _INTERMEDIATE.items():
        for code in members.split():
            out[code] = (sub, inter)
    return out


def _sids_group() -> dict[str, str]:
    return {code: group for group, members in _SIDS.items() for code in members.split()}


@lru_cache(maxsize=1)
def _table() -> dict[str, Country]:
    """Built once on first use from pycountry plus the tables above."""
    placement = _placement()
    sids = _sids_group()
    table: dict[str, Country] = {}
    for c in pycountry.countries:
        sub, inter = placement.get(c.alpha_3, (None, None))
        name = _DISPLAY_NAMES.get(c.alpha_3) or getattr(c, "common_name", None) or c.name
        table[c.alpha_3] = Country(
            code=c.alpha_3,
            name=name,
            official_name=getattr(c, "official_name", None) or c.name,
            region=region_of_subregion(sub) if sub else None,
            subregion=sub,
            intermediate=inter,
            sids_group=sids.get(c.alpha_3),
            m49=int(c.numeric),
        )
    return table


# The languages whose country names the gazetteer reads from pycountry's
# gettext catalogs (ISO 3166-1 names as translated by the Debian iso-codes
# project): both Portuguese catalogs, since pt-PT writes "Guiné-Bissáu" and
# "Maurícia" where pt-BR writes "Guiné-Bissau" and "Maurício".
NAME_LANGUAGES: tuple[str, ...] = ("fr", "es", "pt", "pt_BR")


def _reading_order(name: str) -> str:
    """ISO's inverted forms in reading order: "Corée, République de" ->
    "République de Corée", "Iran, République islamique d'" -> "République
    islamique d'Iran", "Comores, Islas" -> "Islas Comores"."""
    head, sep, tail = name.partition(", ")
    if not sep or "," in tail:
        return name
    return f"{tail}{head}" if tail.endswith(("'", "’")) else f"{tail} {head}"


@lru_cache(maxsize=None)
def translated_names(lang: str) -> dict[str, frozenset[str]]:
    """alpha-3 -> the country's names in `lang` (its short, official and
    common names as pycountry's "iso3166-1" catalog translates them, inverted
    forms put in reading order), leaving out the names the catalog leaves in
    English. Empty for a language pycountry has no catalog for."""
    import gettext

    try:
        catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    except OSError:
        return {}
    out: dict[str, frozenset[str]] = {}
    for c in pycountry.countries:
        names = set()
        for attr in ("name", "official_name", "common_name"):
            english = getattr(c, attr, None)
            if english and (local := catalog.gettext(english)) != english:
                names.add(_reading_order(local.strip()))
        if names:
            out[c.alpha_3] = frozenset(names)
    return out


def get(code: str) -> Country | None:
    """Look up by alpha-3 (case-insensitive); alpha-2 is accepted too because
    file metadata and manifests sometimes carry it."""
    if not code:
        return None
    code = code.strip().upper()
    table = _table()
    if len(code) == 2:
        c = pycountry.countries.get(alpha_2=code)
        return table.get(c.alpha_3) if c else None
    return table.get(code)


def all_countries() -> list[Country]:
    """All ISO 3166-1 entries, sorted by display name."""
    return sorted(_table().values(), key=lambda c: c.name)


def by_region() -> dict[str, dict[str, list[Country]]]:
    """region -> sub-region -> countries, in M49 order, for browse pages."""
    from kb.taxonomy.regions import M49_SUBREGIONS

    out: dict[str, dict[str, list[Country]]] = {
        r: {s: [] for s in M49_SUBREGIONS[r]} for r in M49_REGIONS
    }
    for c in all_countries():
        if c.region and c.subregion:
            out[c.region][c.subregion].append(c)
    return out


def sids_countries(group: str | None = None) -> list[Country]:
    """Members of one SIDS group, or of all groups when `group` is None."""
    return [c for c in all_countries()
            if c.sids_group and (group is None or c.sids_group == group)]


def country_name(code: str) -> str:
    """Display name for a code; an unknown code is shown as it is stored."""
    c = get(code)
    return c.name if c else code
