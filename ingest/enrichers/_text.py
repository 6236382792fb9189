"""Small text helpers shared by the enrichers."""
from __future__ import annotations

import re
from functools import lru_cache

from kb.models import Document

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


def first_page(document: Document, chars: int = 3000) -> str:
    """The cover or first page, where title, publisher and date usually are.
    Capped because some extractors put a whole HTML page in one section."""
    return document.pages[0].text[:chars] if document.pages else ""


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=4)
def word_count(text: str) -> int:
    """How many words `text` has; kept for the last few texts, because the
    type and topic enrichers both ask it of the same document's whole text
    (a pass over every word)."""
    return len(words(text))


try:    # the characters re.IGNORECASE treats as one besides simple lowercase (ſ/s, µ/μ...)
    from re._casefix import _EXTRA_CASES as EXTRA_CASES  # type: ignore[import-not-found]
except ImportError:     # another Python: callers fall back to plain IGNORECASE patterns
    EXTRA_CASES = None

# lowercase character -> the one that stands for its IGNORECASE class
_CLASS = {code: chr(min((code, *others))) for code, others in (EXTRA_CASES or {}).items()
          if min((code, *others)) != code}
_CLASS_CHARS = re.compile("[" + "".join(re.escape(chr(c)) for c in _CLASS) + "]") if _CLASS else None


def fold_case(text: str) -> str:
    """`text` case-folded the way re.IGNORECASE compares characters (simple
    lowercase, then ſ as s, µ as μ...), one character for one so that offsets
    stay those of the original: a folded phrase occurs in the folded text
    wherever an IGNORECASE pattern of it can match. Exact only when
    EXTRA_CASES is known (CPython's table), which callers check."""
    folded = text.lower()
    if len(folded) != len(text):            # U+0130, whose full lowercase is two characters
        folded = "".join(c.lower()[0] for c in text)
    if _CLASS_CHARS is not None and _CLASS_CHARS.search(folded):
        folded = folded.translate(_CLASS)
    return folded


def quote(text: str, limit: int = 60) -> str:
    """A cue as shown in a reason: single-line, trimmed, in quotes."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"
