"""Facet values as people type them, mapped to the values documents store.

A curator types `--country Fiji`, `fji` or `FJ`, a link says `sids=pacific`,
a bookmark says `doc_type=Case study`: each means the stored value `FJI`,
`Pacific`, `case-study`. `canonical` makes that mapping for every facet with a
controlled vocabulary, and `suggest` offers the nearest known values when a
value means nothing, so a typo gets "did you mean" rather than an empty result.

Facets without a vocabulary (source) pass through unchanged; the year is a
number and is checked where parameters become a `Query` (`kb.service`).
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache

import pycountry

from kb.taxonomy import countries, doctypes, gazetteer, regions, topics

# The formats KB extracts (the extractor registry's names).
FORMATS: dict[str, str] = {
    "pdf": "PDF", "pptx": "PowerPoint", "docx": "Word", "html": "Web page", "text": "Text",
    # read through LibreOffice (ingest/extract/legacy.py)
    "doc": "Word 97-2003", "ppt": "PowerPoint 97-2003", "rtf": "Rich Text",
    "odt": "OpenDocument text", "odp": "OpenDocument presentation",
}


def N_(msgid: str) -> str:
    """Marks a message id for the web's translation catalogs; kb itself only
    formats the English text (see `unknown_parts`)."""
    return msgid


# What a facet's values are called in a message, and an example to follow.
NOUNS: dict[str, str] = {
    "country": "country", "region": "region", "sids": "SIDS group", "doc_type": "document type",
    "topic": "topic", "language": "language", "format": "format",
}
# One whole sentence per facet, so a translation can agree with the noun's
# gender ("Aucun pays", "Aucune région").
DID_YOU_MEAN: dict[str, str] = {
    "country": N_("No country %(value)s; did you mean %(choices)s?"),
    "region": N_("No region %(value)s; did you mean %(choices)s?"),
    "sids": N_("No SIDS group %(value)s; did you mean %(choices)s?"),
    "doc_type": N_("No document type %(value)s; did you mean %(choices)s?"),
    "topic": N_("No topic %(value)s; did you mean %(choices)s?"),
    "language": N_("No language %(value)s; did you mean %(choices)s?"),
    "format": N_("No format %(value)s; did you mean %(choices)s?"),
}
WITH_HINT: dict[str, str] = {
    "country": N_("No country %(value)s; give an ISO 3166 code such as FJI "
                  "or a country name such as Fiji."),
    "region": N_("No region %(value)s; give a UN M49 sub-region such as Melanesia "
                 "or Latin America and the Caribbean."),
    "sids": N_("No SIDS group %(value)s; give one of Caribbean, Pacific or AIS."),
    "doc_type": N_("No document type %(value)s; give one of %(choices)s."),
    "topic": N_("No topic %(value)s; give a topic such as e-services or open-data."),
    "language": N_("No language %(value)s; give an ISO 639-1 code such as fr "
                   "or a language name such as French."),
    "format": N_("No format %(value)s; give one of %(choices)s."),
}
M49_REGION_GIVEN = N_("No region %(value)s: documents carry the UN M49 sub-region; "
                      "give one of %(choices)s.")
_HINT_CHOICES: dict[str, tuple[str, ...]] = {
    "doc_type": tuple(doctypes.DOC_TYPES), "format": tuple(FORMATS),
}
CONTROLLED: frozenset[str] = frozenset(NOUNS)


def _fold(text: str) -> str:
    """Case, hyphens, underscores and runs of spaces do not matter."""
    return " ".join(re.sub(r"[-_\s]+", " ", text).casefold().split())


@lru_cache(maxsize=None)
def _table(facet: str) -> dict[str, str]:
    """folded label or value -> stored value, for the facets with a word list."""
    pairs: list[tuple[str, str]] = []
    if facet == "region":
        pairs = [(r, r) for r in regions.SUBREGIONS]      # what documents store
    elif facet == "sids":
        pairs = [(g, g) for g in regions.SIDS_GROUPS] + [(label, g) for g, label in regions.SIDS_LABELS.items()]
    elif facet == "doc_type":
        pairs = [(s, s) for s in doctypes.DOC_TYPES] + [(label, s) for s, label in doctypes.DOC_TYPES.items()]
    elif facet == "topic":
        pairs = [(s, s) for s in topics.TOPICS] + [(t.label, s) for s, t in topics.TOPICS.items()]
    elif facet == "format":
        pairs = [(f, f) for f in FORMATS] + [(label, f) for f, label in FORMATS.items()]
    # values first, so a label never shadows a stored value
    table: dict[str, str] = {}
    for text, value in pairs:
        table.setdefault(_fold(text), value)
    return table


def _language(value: str) -> str | None:
    text = value.strip()
    if len(text) == 2 and text.isalpha():
        lang = pycountry.languages.get(alpha_2=text.lower())
        return lang.alpha_2 if lang else None
    try:
        lang = pycountry.languages.lookup(text)
    except LookupError:
        return None
    return getattr(lang, "alpha_2", None)


def canonical(facet: str, value: str) -> str | None:
    """The stored value `value` stands for, or None when the facet's vocabulary
    has nothing by that name. Facets without a vocabulary return `value`."""
    value = value.strip()
    if not value:
        return None
    if facet == "country":
        code = gazetteer.lookup(value)
        return code if code and countries.get(code) else None
    if facet == "language":
        return _language(value)
    if facet in CONTROLLED:
        return _table(facet).get(_fold(value))
    return value


@lru_cache(maxsize=None)
def _choices(facet: str) -> dict[str, str]:
    """folded candidate -> what to show in "did you mean"."""
    if facet == "country":
        out = {}
        for c in countries.all_countries():
            out.setdefault(_fold(c.name), c.name)
            out.setdefault(_fold(c.code), c.code)
        return out
    if facet == "language":
        return {_fold(lang.name): lang.name for lang in pycountry.languages if getattr(lang, "alpha_2", None)}
    return {folded: stored for folded, stored in _table(facet).items()}


def suggest(facet: str, value: str, n: int = 3) -> list[str]:
    """The known values nearest to `value` (difflib), best first."""
    if facet not in CONTROLLED:
        return []
    choices = _choices(facet)
    matches = difflib.get_close_matches(_fold(value[:100]), list(choices), n=n * 2, cutoff=0.6)
    return list(dict.fromkeys(choices[m] for m in matches))[:n]


def unknown_parts(facet: str, value: str, with_suggestions: bool = True) -> tuple[str, dict]:
    """The message for an unknown value as (English template, parameters):
    `choice_list` holds the values joined into `choices`, and `joined` says
    how ("or", or a comma list), so a front end can join them in its language."""
    shown = value.strip()
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    if facet == "region":
        for name, subs in regions.M49_SUBREGIONS.items():
            if _fold(name) == _fold(value):
                return M49_REGION_GIVEN, {"value": shown, "choices": ", ".join(subs),
                                          "choice_list": tuple(subs), "joined": "comma"}
    close = suggest(facet, value) if with_suggestions else []
    if close:
        return DID_YOU_MEAN[facet], {"value": shown, "choices": " or ".join(close),
                                     "choice_list": tuple(close), "joined": "or"}
    listed = _HINT_CHOICES.get(facet, ())
    return WITH_HINT[facet], {"value": shown, "choices": ", ".join(listed),
                              "choice_list": listed, "joined": "comma"}


def unknown_message(facet: str, value: str, with_suggestions: bool = True) -> str:
    """"No country XYZ; give an ISO 3166 code such as FJI ..." as one sentence."""
    template, params = unknown_parts(facet, value, with_suggestions)
    return template % params
