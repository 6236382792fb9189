"""Query terms marked in the whole text of one page.

The index is the only judge of what matches a query (stemming, accent
folding, stop words differ per backend), but the `Index` protocol only hands
out snippets: `search_within(id, q)` gives a window of about 260 characters
per matching page, with the matched words flagged. So the words the index
flagged anywhere in the document are collected, and every occurrence of those
words in the page is marked. A word the index would match but never showed
in a snippet window stays unmarked; a `highlight(id, page, q)` method on the
protocol that returns the full page as a `Snippet` would close that gap.

Text is escaped here, part by part, so the result is safe to render as
markup."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

from kb.protocols import Index

_WORD = re.compile(r"\w+", re.UNICODE)
# search_within is asked for at most this many pages; enough to see every
# surface form of the query terms in a long report, bounded for a 2,000-page one.
PAGES_LOOKED_AT = 200


def fold(word: str) -> str:
    """Lower-case and accent-free, so "Numérique" and "numerique" are one word."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class PageHighlight:
    html: Markup                 # the page text, escaped, matches in <mark>
    marks: int                   # how many words were marked
    matching_pages: tuple[int, ...]   # pages of the document the index says match


def matched_words(matches: list) -> set[str]:
    """The folded words the index flagged as matches in its snippets."""
    words: set[str] = set()
    for _, snippet in matches:
        for text, hit in snippet.parts:
            if hit:
                words.update(fold(w) for w in _WORD.findall(text))
    return words


def mark_words(text: str, words: set[str]) -> tuple[Markup, int]:
    """`text` escaped, with every word in `words` (folded) wrapped in <mark>."""
    out: list[Markup] = []
    pos = marks = 0
    if words:
        for m in _WORD.finditer(text):
            if fold(m.group()) in words:
                out.append(escape(text[pos:m.start()]))
                out.append(Markup("<mark>%s</mark>") % m.group())
                pos = m.end()
                marks += 1
    out.append(escape(text[pos:]))
    return Markup("").join(out), marks


def highlight_page(index: Index, doc_id: str, page_number: int, text: str,
                   query: str) -> PageHighlight:
    """The page text with the words `query` matches marked, as the index sees them."""
    matches = index.search_within(doc_id, query, limit=PAGES_LOOKED_AT) if query.strip() else []
    pages = tuple(sorted(n for n, _ in matches))
    # A page cut off by the limit may still match: mark what the others showed.
    maybe = page_number in pages or len(matches) >= PAGES_LOOKED_AT
    words = matched_words(matches) if maybe else set()
    marked, count = mark_words(text, words)
    return PageHighlight(marked, count, pages)
