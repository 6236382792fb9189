"""The language of the document and of each of its pages, by py3langid.

Why py3langid (0.4.0, BSD-3-Clause): its naive-Bayes model ships inside the
wheel (`py3langid/data/model.npz.xz`, 4.6 MB), so nothing is downloaded at run
time, and it needs only numpy, already a dependency. Measured on the 99
labelled documents of `make enrich-eval` and their 540 pages of more than 200
characters, both restricted to the seven languages below: py3langid and
lingua-language-detector 2.1.1 named every document's language right;
py3langid classified about 880 pages a second against lingua's 440, and is a
4.6 MB wheel against lingua's 96 MB (its models are compiled into the binary).
py3langid takes 1.7 s to load its model (decompressing it), once per process:
`ingest.enrichers.warm` does it in the parent before the ingest workers fork.

The detector is restricted to the languages the repository holds. Over its
full model of some 200 languages, English title pages of a line or two read as
Nigerian Pidgin or Latin ("Guinea: Modernising Public Procurement"), and
restricting it costs nothing on the documents KB takes in. The stopword
profiles used before could not tell a page of 150 characters; the model can.

py3langid walks the text byte by byte in Python, so its cost is per byte read:
each page is read from its first PAGE_SAMPLE_CHARS characters (as accurate as
5,000 on the labelled pages: 614 read, none wrong, 76 too short), and the
document's language is the one most of its pages' text is in, with no second
pass over the whole text; only a document none of whose pages could be read is
classified as a whole. That costs about 2-3 times the stopword profiles it
replaced (on 300 generated documents, 1,143 pages: 1.9-2.9 s against 0.9 s on a
loaded two-core machine), still no more than the country or type enrichers.

The file's own language metadata wins for the document when it is a valid
ISO 639-1 code (or a tag such as "en-GB" that starts with one). Each page with
enough text (PAGE_MIN_LETTERS letters, read with PAGE_MIN_CONFIDENCE) gets its
own language; shorter pages, a cover or a "Questions?" slide, inherit the
document's (`with_page_languages`, applied to the built document so that a
curated language is the one they inherit).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Mapping

import pycountry

from kb.models import Document
from kb.protocols import Inferred

# The languages the detector chooses from (ISO 639-1): those of the repository's
# documents and of KB's analysis chains.
LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "pt", "de", "nl", "it")

SAMPLE_CHARS = 10_000          # a document none of whose pages could be read: this much of it
MIN_LETTERS = 20               # fewer letters than this: no guess for the document
MIN_CONFIDENCE = 0.5
PAGE_MIN_LETTERS = 100         # a page shorter than this inherits the document's language
PAGE_MIN_CONFIDENCE = 0.9      # and so does one the model is unsure about
PAGE_SAMPLE_CHARS = 800        # py3langid walks the text byte by byte in Python: cost is per byte


@lru_cache(maxsize=1)
def _identifier():
    """The py3langid model, loaded on first use (1.7 s) and kept."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def detect(text: str, min_letters: int = MIN_LETTERS,
           min_confidence: float = MIN_CONFIDENCE) -> tuple[str, float] | None:
    """(language, probability), or None when the text has too few letters or
    the model is not sure enough."""
    text = text[:SAMPLE_CHARS]
    if _letters(text) < min_letters:
        return None
    lang, confidence = _identifier().classify(text)
    if confidence < min_confidence:
        return None
    return lang, confidence


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


def _read_pages(document: Document) -> tuple[dict[int, str], dict[str, int]]:
    """(page number -> language for the pages with enough text to tell,
    language -> letters read in it)."""
    out: dict[int, str] = {}
    letters: dict[str, int] = {}
    for page in document.pages:
        sample = page.text[:PAGE_SAMPLE_CHARS]
        found = detect(sample, PAGE_MIN_LETTERS, PAGE_MIN_CONFIDENCE)
        if found:
            out[page.number] = found[0]
            letters[found[0]] = letters.get(found[0], 0) + _letters(sample)
    return out, letters


def page_languages(document: Document) -> dict[int, str]:
    """page number -> language, for the pages with enough text to tell."""
    return _read_pages(document)[0]


def _name(code: str) -> str:
    lang = pycountry.languages.get(alpha_2=code)
    return lang.name if lang else code


def warm() -> None:
    """Load the model and pycountry's table of languages (read from its JSON
    file on the first lookup, a tenth of a second or more) now: see
    `ingest.enrichers.warm`."""
    _identifier()
    _name("en")


def enrich_language(document: Document) -> Mapping[str, Inferred]:
    """`language` (the document's), `page_language` (the pages with enough
    text to be read on their own) and `page_languages` (the same, kept only
    when some page differs from the document: a bilingual report, an English
    summary before a French body; the pipeline keeps it in Document.extra)."""
    out: dict[str, Inferred] = {}
    per_page, letters = _read_pages(document)
    code = _from_metadata(document)
    if code:
        out["language"] = Inferred(code, f"file metadata says '{document.extra['language']}'")
    elif per_page:
        # The pages were read anyway: the document's language is the one most
        # of their text is in (an English report with a French annex is English).
        lang = max(sorted(letters), key=letters.__getitem__)
        n = sum(x == lang for x in per_page.values())
        out["language"] = Inferred(lang, f"{n} of the {len(per_page)} pages long enough to tell read as "
                                         f"{_name(lang)} ({round(100 * letters[lang] / sum(letters.values()))}% "
                                         f"of their text; py3langid)")
    else:
        found = detect(f"{document.title}\n{document.text[:SAMPLE_CHARS]}")
        if found:
            lang, confidence = found
            out["language"] = Inferred(lang, f"the text reads as {_name(lang)} "
                                             f"(py3langid, probability {confidence:.2f})")
    if not per_page:
        return out
    langs = sorted(set(per_page.values()))
    counts = [(lang, sum(x == lang for x in per_page.values())) for lang in langs]
    reason = "pages read as " + ", ".join(f"{lang} ({n} page{'s' if n > 1 else ''})" for lang, n in counts)
    out["page_language"] = Inferred(per_page, reason)
    whole = out["language"].value if "language" in out else None
    if len(document.pages) > 1 and set(per_page.values()) - {whole}:
        out["page_languages"] = Inferred(per_page, reason)
    return out


def with_page_languages(document: Document, per_page: Mapping[int, str] | None) -> Document:
    """`document` with each page's `language` set: its own where it was read
    (`per_page`, the `page_language` the enricher inferred), else the
    document's final language (curated, from the file or inferred), so a
    cover, a one-line slide or a table of figures inherits it. A page with no
    letters at all has none."""
    per_page = per_page or {}
    pages = tuple(
        replace(p, language=per_page.get(p.number) or (document.language if _letters(p.text) else None))
        for p in document.pages)
    if all(a.language == b.language for a, b in zip(pages, document.pages)):
        return document
    return replace(document, pages=pages)
