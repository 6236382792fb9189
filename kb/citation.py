"""A document's formatted citation, by citeproc-py from its CSL-JSON item.

The style is Harvard ("harvard-cite-them-right", the Citation Style Language style that
ships inside the citeproc-py wheel), so nothing is downloaded and no style
file is kept in KB; the locale (terms such as "Available at", "Accessed")
follows the reader's language with the CSL locales of the same wheel."""
from __future__ import annotations

import functools
import logging
import warnings

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from kb.exports import Record, csl_item

log = logging.getLogger(__name__)

STYLE = "harvard-cite-them-right"
# CSL locale per UI language; the style's own default (en-US) otherwise.
LOCALES = {"en": "en-GB", "fr": "fr-FR", "es": "es-ES", "pt": "pt-PT"}


@functools.lru_cache(maxsize=8)
def _style(locale: str) -> CitationStylesStyle:
    # Parsing the style and its locale takes milliseconds; each language's is kept.
    return CitationStylesStyle(STYLE, locale=locale, validate=False)


def citation(record: Record, language: str = "en") -> str:
    """The reference as plain text in the Harvard style, e.g.
    "Ministry of ICT (2021) Fiji one stop shop portal. Available at: … ."
    Empty when the processor cannot format it (logged, never raised: the
    page shows the document without a citation rather than an error)."""
    item = csl_item(record)
    try:
        source = CiteProcJSON([item])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")         # unsupported CSL fields are skipped, as intended
            bibliography = CitationStylesBibliography(
                _style(LOCALES.get(language, "en-GB")), source, formatter.plain)
            bibliography.register(Citation([CitationItem(record.id)]))
            entries = bibliography.bibliography()
    except Exception:       # a third-party processor: no input may turn into a 500
        log.exception("citeproc could not format %s", record.id)
        return ""
    return " ".join(str(entries[0]).split()) if entries else ""
