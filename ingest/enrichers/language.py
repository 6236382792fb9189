"""The document's language, by stopword profiles.

A hand-written profile per language (the commonest function words, leaving out
the ones two languages share, such as "de" or "a") is deterministic, needs no
model files, and is plenty to tell apart the seven languages the repository
holds; a statistical detector would add a dependency and random seeds for no
gain on whole documents. The file's own language metadata wins when it is a
valid ISO 639-1 code (or a tag such as "en-GB" that starts with one).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Mapping

import pycountry

from kb.models import Document
from kb.protocols import Inferred

from ingest.enrichers._text import words

PROFILES: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is for that with are this be by on as from which "
                    "was have it not or has their its been were will an also these should".split()),
    "fr": frozenset("le la les et des du est une dans pour que qui sur par au aux sont "
                    "avec ce cette ces pas ont été leur être plus nous il elle".split()),
    "es": frozenset("el los las y del en que por para una con es se al su sus como "
                    "más este esta estos sobre entre también fue han ser está".split()),
    "pt": frozenset("o os as e do da dos das em que para uma com não no na nos nas ao "
                    "pelo pela são foi ser mais como também este esta".split()),
    "de": frozenset("der die das und ist zu den von mit sich des auf für nicht eine dem "
                    "im auch es ein werden wird sind bei oder nach aus wie".split()),
    "nl": frozenset("de het een en van is dat op te in voor met zijn niet aan ook "
                    "worden wordt door bij er deze naar als uit dit kan".split()),
    "it": frozenset("il di che e la per un una del della sono con non le gli nel "
                    "alla anche dei delle è questo questa essere più tra".split()),
}
# Words in several profiles count for none of them; "de", "a", "e" are listed
# here so that they are recognised as shared rather than credited to Dutch.
_COMMON = {"de", "a", "e", "en", "la", "o", "i"}
# Words in several profiles count for none of them.
_SHARED = {w for w, n in Counter(w for p in PROFILES.values() for w in p).items() if n > 1} | _COMMON
_DISTINCT = {lang: words_ - _SHARED for lang, words_ in PROFILES.items()}

SAMPLE_CHARS = 30_000
MIN_HITS = 5
MIN_LEAD = 1.3


def _from_metadata(document: Document) -> str | None:
    raw = (document.extra or {}).get("language")
    if not isinstance(raw, str):
        return None
    code = re.split(r"[-_]", raw.strip())[0].lower()
    if len(code) == 2 and pycountry.languages.get(alpha_2=code):
        return code
    if len(code) == 3:
        lang = pycountry.languages.get(alpha_3=code)
        if lang is not None and getattr(lang, "alpha_2", None):
            return lang.alpha_2
    return None


def detect(text: str) -> tuple[str, int, int] | None:
    """(language, its hits, runner-up's hits), or None when too little text
    or no clear winner."""
    counts: Counter[str] = Counter()
    for w in words(text[:SAMPLE_CHARS].lower()):
        for lang, profile in _DISTINCT.items():
            if w in profile:
                counts[lang] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < MIN_HITS:
        return None
    second = ranked[1][1] if len(ranked) > 1 else 0
    if ranked[0][1] < MIN_LEAD * second:
        return None
    return ranked[0][0], ranked[0][1], second


def page_languages(document: Document) -> dict[int, str]:
    """page number -> language, for the pages with enough text to tell."""
    out: dict[int, str] = {}
    for page in document.pages:
        found = detect(page.text)
        if found:
            out[page.number] = found[0]
    return out


def enrich_language(document: Document) -> Mapping[str, Inferred]:
    out: dict[str, Inferred] = {}
    code = _from_metadata(document)
    if code:
        out["language"] = Inferred(code, f"file metadata says '{document.extra['language']}'")
    else:
        found = detect(f"{document.title}\n{document.text}")
        if found:
            lang, hits, second = found
            name = pycountry.languages.get(alpha_2=lang).name
            out["language"] = Inferred(lang, f"{hits} common {name} words in the text "
                                             f"(next language: {second})")
    # A bilingual report, an English summary before a French body: the
    # languages of the pages, kept only when they are not all the language
    # of the whole document.
    if len(document.pages) > 1:
        per_page = page_languages(document)
        whole = out["language"].value if "language" in out else None
        if set(per_page.values()) - {whole}:
            langs = sorted(set(per_page.values()))
            counts = [(lang, sum(x == lang for x in per_page.values())) for lang in langs]
            out["page_languages"] = Inferred(per_page, "pages read as " + ", ".join(
                f"{lang} ({n} page{'s' if n > 1 else ''})" for lang, n in counts))
    return out
