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


def quote(text: str, limit: int = 60) -> str:
    """A cue as shown in a reason: single-line, trimmed, in quotes."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"
