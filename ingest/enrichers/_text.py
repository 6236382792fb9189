"""Small text helpers shared by the enrichers."""
from __future__ import annotations

import re

from kb.models import Document

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


def first_page(document: Document, chars: int = 3000) -> str:
    """The cover or first page, where title, publisher and date usually are.
    Capped because some extractors put a whole HTML page in one section."""
    return document.pages[0].text[:chars] if document.pages else ""


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def quote(text: str, limit: int = 60) -> str:
    """A cue as shown in a reason: single-line, trimmed, in quotes."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"
