"""Web pages with BeautifulSoup and lxml: the article, not the chrome.

A government web page is mostly navigation, banners, cookie notices and
footers that repeat on every page; indexed, they would make every page of a
site match "contact us". So the page's own content is found (main, article,
role=main, else body), the chrome is removed, and the rest is split into
sections at h1/h2 so a hit can point to the part of a long page it is in.
"""
from __future__ import annotations

import codecs
import re
from datetime import datetime
from typing import Any

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from kb.errors import Corrupt
from kb.protocols import ExtractedText, Hints, Limits

from . import titles
from .textutil import clean_title, normalise, sections_to_pages

_REMOVE = [
    "script", "style", "noscript", "template", "nav", "aside", "svg", "iframe",
    "object", "embed", "canvas", "dialog", "button", "select", "head",
]
_CHROME_ROLES = ["navigation", "banner", "contentinfo", "search", "complementary"]
_SECTION_HEADINGS = {"h1", "h2"}
_BLOCKS = {
    "address", "article", "blockquote", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "h3", "h4", "h5", "h6", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead",
    "tfoot", "tr", "ul", "caption", "center", "body", "html",
}
_CELLS = {"td", "th"}
_BOMS = [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_CREATED_META = ("article:published_time", "dc.date.issued", "dcterms.issued",
                 "dc.date", "dcterms.created", "date", "publication_date", "pubdate")
_MODIFIED_META = ("article:modified_time", "dcterms.modified", "dc.date.modified",
                  "last-modified", "og:updated_time")
_WS = re.compile(r"\s+")

# An explicit marker on the walk stack: "the block element ends here".
_END_BLOCK = object()
_CELL_GAP = object()


def _known_codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def decode(data: bytes, content_type: str | None = None) -> str:
    """Bytes to text the way a browser would: BOM, then HTTP charset, then
    the page's meta charset, else UTF-8; bad bytes become U+FFFD rather than
    costing the page."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    declared = None
    if content_type:
        found = _HEADER_CHARSET.search(content_type)
        declared = _known_codec(found.group(1)) if found else None
    if declared is None:
        found = _META_CHARSET.search(data[:4096])
        declared = _known_codec(found.group(1).decode("ascii", "replace")) if found else None
    if declared in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        declared = None  # a meta tag readable as ASCII means the page is not UTF-16
    if declared and declared != "utf-8":
        # latin-1 is what many servers claim; browsers read it as windows-1252
        if declared in ("latin-1", "iso8859-1", "ascii"):
            declared = "cp1252"
        return data.decode(declared, errors="replace")
    return data.decode("utf-8", errors="replace")


def _meta(soup: BeautifulSoup) -> dict[str, str]:
    """Meta tags by lower-cased name/property/http-equiv, first one wins."""
    out: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = tag.get("name") or tag.get("property") or tag.get("http-equiv") or tag.get("itemprop")
        content = tag.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            out.setdefault(key.strip().lower(), content.strip())
    return out


def _parse_date(value: str) -> datetime | None:
    value = value.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    for candidate in (value, value[:10]):
        try:
            return datetime.fromisoformat(candidate)
        except ValueError:
            continue
    return None


def _in_content(tag: Tag) -> bool:
    """Whether a header/footer belongs to an article or section (its own
    byline or notes, worth keeping) rather than to the site (chrome)."""
    return tag.find_parent(["article", "main", "section"]) is not None


def _strip_chrome(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(_REMOVE):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": _CHROME_ROLES}):
        tag.decompose()
    for tag in soup.find_all(["header", "footer"]):
        if not tag.decomposed and not _in_content(tag):
            tag.decompose()
    for tag in soup.find_all("form"):
        # ASP.NET pages wrap the whole body in one <form>; keep such a form.
        if not tag.decomposed and tag.find(["main", "article", "h1", "h2"]) is None:
            tag.decompose()
    for tag in soup.find_all(attrs={"hidden": True}):
        if not tag.decomposed:
            tag.decompose()


def _content_root(soup: BeautifulSoup) -> Tag:
    """The element that holds the page's own content."""
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if main is not None:
        return main
    articles = soup.find_all("article")
    if len(articles) == 1:
        return articles[0]
    return soup.body or soup


def _sections(root: Tag) -> list[tuple[str, list[str]]]:
    """Walk the content in document order, cutting at h1/h2.

    Iterative rather than recursive: real pages nest thousands of divs deep
    and must not hit Python's recursion limit.
    """
    sections: list[tuple[str, list[str]]] = [("", [])]
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        lines = [_WS.sub(" ", line).strip() for line in text.split("\n")]
        para = "\n".join(line for line in lines if line)
        if para:
            sections[-1][1].append(para)

    stack: list[Any] = list(reversed(list(root.children)))
    while stack:
        item = stack.pop()
        if item is _END_BLOCK:
            flush()
        elif item is _CELL_GAP:
            buffer.append(" | ")
        elif isinstance(item, Tag):
            name = item.name
            if name in _SECTION_HEADINGS:
                flush()
                sections.append((_WS.sub(" ", item.get_text(" ")).strip(), []))
            elif name == "br":
                buffer.append("\n")
            elif name in _BLOCKS:
                flush()
                stack.append(_END_BLOCK)
                stack.extend(reversed(list(item.children)))
            elif name in _CELLS:
                stack.append(_CELL_GAP)
                stack.extend(reversed(list(item.children)))
            else:
                stack.extend(reversed(list(item.children)))
        elif type(item) in (NavigableString, CData):
            buffer.append(_WS.sub(" ", str(item)))
    flush()
    return [(h, [p.strip(" |") for p in paras]) for h, paras in sections]


def extract(data: bytes, hints: Hints, limits: Limits) -> ExtractedText:
    """Main text of a web page in sections, with title, language and dates."""
    text = decode(data, hints.content_type)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as exc:  # lxml parser failures have no public base class
        raise Corrupt(f"the HTML cannot be parsed: {type(exc).__name__}: {exc}"[:300]) from None
    metadata: dict[str, Any] = {}
    meta = _meta(soup)
    title_tag = soup.find("title")
    stated = " ".join(normalise(title_tag.get_text(" ")).split()) if title_tag else ""
    html_tag = soup.find("html")
    lang = html_tag.get("lang") or html_tag.get("xml:lang") if html_tag else None
    if isinstance(lang, str) and lang.strip():
        metadata["language"] = lang.strip().split("-")[0].split("_")[0].lower()
    for key in ("description", "keywords", "author"):
        if meta.get(key):
            metadata[key] = normalise(meta[key])
    if "description" not in metadata and meta.get("og:description"):
        metadata["description"] = normalise(meta["og:description"])
    for field, names in (("created", _CREATED_META), ("modified", _MODIFIED_META)):
        for name in names:
            when = _parse_date(meta[name]) if name in meta else None
            if when is not None:
                metadata[field] = when
                break
    if clean_title(stated):
        metadata["title"] = clean_title(stated)
    _strip_chrome(soup)
    root = _content_root(soup)
    pages = sections_to_pages(_sections(root))
    title = _title(meta, stated, root, pages)
    return ExtractedText(pages=pages, title=title.text, format="html",
                         metadata=titles.note(metadata, title), title_reason=title.reason)


def _title(meta: dict[str, str], stated: str, root: Tag, pages: tuple) -> titles.Title:
    """The page's main heading, or its og:title / <title> without the
    site's name, whichever the page bears out."""
    tag = root.find("h1")
    h1 = titles.tidy(normalise(tag.get_text(" ")).replace("\n", " ")) if tag is not None else ""
    shown = None
    if h1 and not titles.implausible(h1) and not titles.is_org_line(h1):
        shown = titles.Title(h1, "the page's main heading (h1)")
    og = " ".join(normalise(meta.get("og:title", "")).split())
    site = meta.get("og:site_name", "")
    own = titles.strip_site(og or stated, site, h1)
    said = "the page's og:title" if og else "the page's <title>"
    if own != " ".join((og or stated).split()):
        said += " without the site's name"
    text = "\n".join(p.text for p in pages[:3])
    lines = [ln for ln in root.get_text("\n").splitlines() if ln.strip()][:40]
    return titles.choose(shown, own, text, said, fallback=lines, check_text=False)
