"""Plain text and Markdown: sections at `#`/`##` headings, else chunks.

Curators keep notes, READMEs and exported minutes as text files; Markdown
headings are the only structure they carry, so they play the part that
Heading 1/2 plays in a Word document.
"""
from __future__ import annotations

import codecs
import re

from kb.protocols import ExtractedText, Hints, Limits

from .textutil import sections_to_pages

_HEADING = re.compile(r"^(#{1,2})[ \t]+(.+?)[ \t#]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM, or UTF-16 with BOM), else Windows-1252.

    Windows-1252 is the likeliest encoding of an old text file that is not
    UTF-8; bytes it does not define become U+FFFD rather than failing.
    """
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _sections(text: str) -> tuple[list[tuple[str, list[str]]], str]:
    """Split at `#`/`##` headings (outside code fences); paragraphs at blank
    lines. Returns the sections and the first `#` heading as the title."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    title = ""
    paragraph: list[str] = []
    in_fence = False

    def flush() -> None:
        if paragraph:
            sections[-1][1].append("\n".join(paragraph))
            paragraph.clear()

    for line in text.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            paragraph.append(line)
            continue
        heading = None if in_fence else _HEADING.match(line)
        if heading:
            flush()
            if heading.group(1) == "#" and not title:
                title = heading.group(2).strip()
            sections.append((heading.group(2).strip(), []))
        elif not line.strip() and not in_fence:
            flush()
        else:
            paragraph.append(line)
    flush()
    return sections, title


def extract(data: bytes, hints: Hints, limits: Limits) -> ExtractedText:
    """Sections of a text or Markdown file; title from its first `#` heading."""
    text = decode_text(data).replace("\x00", "")
    sections, title = _sections(text)
    pages = sections_to_pages(sections)
    return ExtractedText(pages=pages, title=title, format="text", metadata={})
