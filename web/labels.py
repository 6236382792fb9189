"""Facet values as users see them, in the UI language.

Country and language names come from CLDR (Babel's locale data), so all of
ISO 3166 is named in every language without a hand-made list; region, SIDS
group, document type, topic and format labels are the English labels of
`kb.taxonomy`, translated in the repo's catalogs (pybabel extracts them with
`web.vocabulary`). English keeps the taxonomy's own display names."""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import pycountry
from babel import Locale
from flask_babel import gettext

from kb import taxonomy
from kb.taxonomy import regions
from kb.taxonomy.values import canonical
from web.i18n import DEFAULT_LANGUAGE, LOCALES, N_, current_language

FORMATS: dict[str, str] = {
    "pdf": N_("PDF"), "pptx": N_("PowerPoint"), "docx": N_("Word"),
    "html": N_("Web page"), "text": N_("Text"),
    "doc": N_("Word 97-2003"), "ppt": N_("PowerPoint 97-2003"), "rtf": N_("Rich Text"),
    "odt": N_("OpenDocument text"), "odp": N_("OpenDocument presentation"),
}
# Every region name a page can show: M49 regions, sub-regions, intermediate regions.
REGION_NAMES: frozenset[str] = frozenset(
    {*regions.M49_REGIONS, *regions.SUBREGIONS,
     *regions.M49_INTERMEDIATE, *(i for subs in regions.M49_INTERMEDIATE.values() for i in subs)})


@lru_cache(maxsize=16)
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, lang))


@lru_cache(maxsize=None)
def _alpha2(code: str) -> str | None:
    c = pycountry.countries.get(alpha_3=code)
    return c.alpha_2 if c else None


def country_name(code: str, lang: str | None = None) -> str:
    """The country's name in `lang` (default: the UI language) from CLDR; the
    taxonomy's name in English or when CLDR has none; an unknown code as stored."""
    info = taxonomy.get_country(code)
    if info is None:
        return code
    lang = lang or current_language()
    if lang == DEFAULT_LANGUAGE:
        return info.name
    alpha2 = _alpha2(info.code)
    return _locale(lang).territories.get(alpha2, info.name) if alpha2 else info.name


def region_label(name: str | None) -> str:
    if not name:
        return ""
    return gettext(name) if name in REGION_NAMES else name


def sids_label(group: str) -> str:
    label = taxonomy.sids_label(group)
    return gettext(label) if group in taxonomy.SIDS_GROUPS else label


def doc_type_label(slug: str) -> str:
    return gettext(taxonomy.doc_type_label(slug)) if slug in taxonomy.DOC_TYPES else slug


def topic_label(slug: str) -> str:
    return gettext(taxonomy.topic_label(slug)) if slug in taxonomy.TOPICS else slug


def language_name(code: str, lang: str | None = None, capitalise: bool = True) -> str:
    """A language's name in the UI language (CLDR), capitalised as a label
    (CLDR writes "français", "español" in lower case, as within a sentence)."""
    name = _locale(lang or current_language()).languages.get(code)
    if not name:
        return code
    return name[:1].upper() + name[1:] if capitalise else name


def format_label(fmt: str) -> str:
    return gettext(FORMATS[fmt]) if fmt in FORMATS else fmt.upper()


def facet_label(facet: str, value: str | int | None) -> str:
    """The label a user sees for a stored facet value, in the UI language.
    Values no vocabulary knows are shown as stored, so nothing disappears."""
    if value is None:
        return ""
    label = _LABELLERS.get(facet)
    return label(str(value)) if label else str(value)


_LABELLERS = {
    "country": country_name, "region": region_label, "sids": sids_label,
    "doc_type": doc_type_label, "topic": topic_label, "language": language_name,
    "format": format_label,
}


def sort_key(label: str) -> str:
    """Alphabetical order as readers of these languages expect it: accents and
    case do not count ("Égypte" beside "Equateur", not after "Zambie")."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold(text: str) -> str:
    return " ".join(sort_key(text).replace("-", " ").replace("_", " ").split())


_BY_LABEL: dict[str, dict[tuple[str, str], str]] = {}


def _labels_of(lang: str) -> dict[tuple[str, str], str]:
    """(facet, folded label in `lang`) -> stored value, for the vocabularies
    whose labels the catalogs translate (countries are the gazetteer's job)."""
    if lang not in _BY_LABEL:
        table: dict[tuple[str, str], str] = {}
        pairs = [("region", r) for r in regions.SUBREGIONS] + [("sids", g) for g in taxonomy.SIDS_GROUPS] \
            + [("doc_type", d) for d in taxonomy.DOC_TYPES] + [("topic", t) for t in taxonomy.TOPICS] \
            + [("format", f) for f in FORMATS]
        for facet, value in pairs:
            table.setdefault((facet, _fold(facet_label(facet, value))), value)
        for code, name in _locale(lang).languages.items():
            if len(code) == 2:
                table.setdefault(("language", _fold(name)), code)
        _BY_LABEL[lang] = table
    return _BY_LABEL[lang]


def stored_value(facet: str, value: str) -> str | None:
    """The stored value a facet value in a URL stands for: what `kb` knows
    (codes, slugs, English names, the gazetteer's names of countries in many
    languages), else a label in the UI language ("Étude de cas", "Pacifique",
    "français"). None when neither knows it."""
    known = canonical(facet, value)
    if known is not None:
        return known
    return _labels_of(current_language()).get((facet, _fold(value)))


def stored_params(params: dict[str, list[str]], facets) -> dict[str, list[str]]:
    """Request parameters with facet values named in the UI language replaced by
    the stored values, so `kb.service` reads them as it reads English names."""
    out = dict(params)
    for facet in facets:
        if facet in out:
            # unknown to both: left as given, for kb.service to report with a suggestion
            out[facet] = [stored_value(facet, v) or v for v in out[facet]]
    return out
