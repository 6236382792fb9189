"""Text clean-up and page-making shared by every extractor.

Every format ends the same way: text with tidy whitespace, split into pages a
reader can be sent to. Keeping that here means a search snippet from a PDF, a
slide or an HTML section looks the same, and a fix to whitespace handling
reaches every format at once.
"""
from __future__ import annotations

import re
from typing import Iterable

from kb.models import Page

# A section without headings is cut into pages of about this many characters,
# so a hit can still point at a part of a long document rather than all of it.
CHUNK_CHARS = 3000

_HYPHEN_BREAK = re.compile(r"(\w)[-\u00ad]\n[ \t]*([a-z\u00e0-\u00ff])")
_SOFT_HYPHEN = "\u00ad"
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")
_TOOL_PREFIX = re.compile(
    r"^\s*(microsoft\s+(word|powerpoint|excel)|word|powerpoint)\s*-\s*", re.IGNORECASE
)
# the number a title had in a list of files ("1. Manual Portal Padrão", "03 - Annual Plan")
_LIST_NUMBER = re.compile(r"^\d{1,2}\s*(\.|\)|\s[-–—])\s+(?=[^\W\d])")
_FILE_SUFFIX = re.compile(r"\.(docx?|pptx?|xlsx?|rtf|odt|pdf|indd|qxd)\s*$", re.IGNORECASE)
_PLACEHOLDER_TITLE = re.compile(
    r"^(slide \d+|powerpoint presentation|presentation\d*|untitled( document)?|"
    r"document\d*|title|no title|microsoft word)$",
    re.IGNORECASE,
)


def normalise(text: str) -> str:
    """Tidy extracted text so it indexes and displays well.

    NULs and control characters come from broken fonts and break storage;
    a word hyphenated across a line end ("govern-\\nment") would otherwise be
    indexed as two half-words; runs of spaces and blank lines are layout, not
    content.
    """
    # a vertical tab is a line break inside a paragraph (Office's soft return)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n")
    text = _CONTROL.sub("", text)
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = text.replace(_SOFT_HYPHEN, "")
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()


def strip_list_number(title: str) -> str:
    """A title without the number of a list or a section before it ("1. Manual", "31. ANEXO IV")."""
    return _LIST_NUMBER.sub("", title)


def clean_title(title: str) -> str:
    """A stated title without the marks of the tool that produced it.

    Office-to-PDF converters store "Microsoft Word - report.docx" as the title
    and templates leave "Slide 1" or "PowerPoint Presentation" (or a number
    from the list the file was in, "1. Manual"); shown in a
    result list these are worse than a title taken from the content, so they
    are trimmed or, when nothing is left, dropped.
    """
    title = " ".join(title.split())
    title = _TOOL_PREFIX.sub("", title)
    title = _FILE_SUFFIX.sub("", title).strip(" -_")
    title = strip_list_number(title)
    if _PLACEHOLDER_TITLE.match(title):
        return ""
    return title


def chunk(paragraphs: Iterable[str], size: int = CHUNK_CHARS) -> list[str]:
    """Group paragraphs into chunks of about `size` characters.

    Cuts fall at paragraph boundaries so no sentence is split between pages;
    a single paragraph longer than `size` is cut at the last whitespace before
    the limit, because one enormous page defeats the point of pages.
    """
    chunks: list[str] = []
    current: list[str] = []
    length = 0
    for para in paragraphs:
        para = para.strip()
        if not para:
            continue
        while len(para) > size:
            cut = para.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            head, para = para[:cut].strip(), para[cut:].strip()
            if current:
                chunks.append("\n\n".join(current))
                current, length = [], 0
            chunks.append(head)
        if current and length + len(para) > size:
            chunks.append("\n\n".join(current))
            current, length = [], 0
        current.append(para)
        length += len(para) + 2
    if current:
        chunks.append("\n\n".join(current))
    return chunks


def sections_to_pages(sections: Iterable[tuple[str, list[str]]]) -> tuple[Page, ...]:
    """Turn (heading, paragraphs) sections into numbered pages.

    A long section is chunked and every chunk keeps the section heading, so a
    hit deep in a long chapter still shows which chapter it is in. A heading
    with no body of its own (a chapter heading straight before its first
    sub-heading) is carried into the next section's text instead of making a
    page that holds nothing but a heading.
    """
    pages: list[Page] = []
    carried: list[str] = []
    for heading, paragraphs in sections:
        heading = normalise(heading)
        body = [p for p in (normalise(p) for p in paragraphs) if p]
        if not body:
            if heading:
                carried.append(heading)
            continue
        lead = carried + ([heading] if heading else [])
        carried = []
        for part in chunk(lead + body):
            pages.append(Page(number=len(pages) + 1, text=part, title=heading))
    if carried:
        pages.append(Page(number=len(pages) + 1, text="\n\n".join(carried), title=carried[-1]))
    return tuple(pages)
