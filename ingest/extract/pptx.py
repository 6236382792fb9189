"""Slide decks (PPTX) with python-pptx: one page per slide.

A slide is what a presenter and a reader refer to ("slide 12"), so each one
becomes a page titled by its title placeholder. Speaker notes often carry the
actual argument of a deck whose slides are bullet fragments, so they are
indexed with their slide.
"""
from __future__ import annotations

import io
from typing import Any, Iterable, Iterator

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.oxml.ns import qn

from kb.errors import Corrupt, ExtractionError, TooLarge
from kb.models import Page
from kb.protocols import ExtractedText, Hints, Limits

from .ooxml import check_zip, core_metadata
from . import titles
from .textutil import normalise

_DAMAGE = (KeyError, ValueError, TypeError, AttributeError, IndexError, NotImplementedError)


def _shape_texts(shapes: Iterable[Any]) -> Iterator[str]:
    """Text of shapes in slide order, descending into groups and tables."""
    for shape in shapes:
        try:
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
                yield from _shape_texts(shape.shapes)
                continue
        except NotImplementedError:  # unknown shape types: fall through
            pass
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                cells = [cell.text.strip() for cell in row.cells]
                line = " | ".join(c for c in cells if c)
                if line:
                    yield line
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            yield shape.text_frame.text


def _slide_title(slide: Any) -> str:
    try:
        title = slide.shapes.title
    except _DAMAGE:
        return ""
    if title is None or not title.has_text_frame:
        return ""
    lines = [line for line in normalise(title.text_frame.text).splitlines() if line.strip()]
    # the presenter, the date or the release put on the title's last lines
    while len(lines) > 1 and not titles.runs_on(lines[-2]) and (
            (titles.looks_like_person(lines[-1]) and len(lines[-1].split()) <= 3)
            or titles.DATE_LINE.match(lines[-1].strip()) or titles.DATED.search(lines[-1])
            or titles.names_a_release(lines[-1])):
        lines.pop()
    return " ".join(" ".join(lines).split())


def _subtitle(slide: Any) -> str:
    """The first paragraph of the slide's subtitle placeholder, if it has
    one; else the text of a body placeholder that holds one paragraph only
    (a section header's line under its title, not a list of points)."""
    try:
        bodies = []
        for shape in slide.placeholders:
            kind = shape.placeholder_format.type
            if kind == PP_PLACEHOLDER.SUBTITLE and shape.has_text_frame:
                return next((" ".join(normalise(p.text).split()) for p in shape.text_frame.paragraphs
                             if p.text.strip()), "")
            if kind == PP_PLACEHOLDER.BODY and shape.has_text_frame:
                bodies.append([p.text for p in shape.text_frame.paragraphs if p.text.strip()])
        if len(bodies) == 1 and len(bodies[0]) == 1:
            return " ".join(normalise(bodies[0][0]).split())
    except _DAMAGE:
        pass
    return ""


def _notes(slide: Any) -> str:
    if not slide.has_notes_slide:
        return ""
    frame = slide.notes_slide.notes_text_frame
    return frame.text if frame is not None else ""


def extract(data: bytes, hints: Hints, limits: Limits) -> ExtractedText:
    """Every slide's text (shapes, groups, tables, notes) and core properties."""
    check_zip(data, limits)
    try:
        return _read(data, limits)
    except ExtractionError:
        raise
    except RecursionError:
        raise Corrupt("the deck's shapes nest too deeply") from None
    except PackageNotFoundError as exc:
        raise Corrupt(f"python-pptx cannot open the deck: {exc}"[:300]) from None
    except Exception as exc:  # lxml, zipfile and python-pptx share no error base
        raise Corrupt(f"python-pptx cannot open the deck: {type(exc).__name__}: {exc}"[:300]) from None


def _read(data: bytes, limits: Limits) -> ExtractedText:
    deck = Presentation(io.BytesIO(data))
    slides = list(deck.slides)
    if len(slides) > limits.max_pages:
        raise TooLarge(f"{len(slides):,} slides, over the limit of {limits.max_pages:,}")
    pages = []
    for number, slide in enumerate(slides, start=1):
        parts = list(_shape_texts(slide.shapes))
        notes = _notes(slide)
        if notes.strip():
            parts.append(notes)
        text = "\n".join(normalise(p) for p in parts if p and p.strip())
        pages.append(Page(number=number, text=text, title=_slide_title(slide)))
    metadata = core_metadata(deck.core_properties)
    shown = _first_slide_title(slides[0]) if slides else None
    if shown is None and len(slides) > 1 and not pages[0].text.strip():
        # a cover of pictures only (logos, a banner): the title is the next slide's
        found = _first_slide_title(slides[1], "second")
        if found is not None:
            shown = titles.Title(found.text, f"{found.reason} (the first slide has no text)")
    text = "\n".join(p.text for p in pages[:3])
    first = [line for p in pages[:1] for line in p.text.splitlines()]
    title = titles.choose(shown, metadata.get("title", ""), text, "the PPTX core properties title",
                          fallback=first)
    return ExtractedText(pages=tuple(pages), title=title.text, format="pptx",
                         metadata=titles.note(metadata, title), title_reason=title.reason)


def _paragraphs(shape: Any) -> list[str]:
    if not getattr(shape, "has_text_frame", False) or not shape.has_text_frame:
        return []
    return [p.text for p in shape.text_frame.paragraphs if p.text.strip()]


def _list_style_sizes(shape: Any) -> dict[int, float]:
    """Paragraph level -> the size the frame's own list style gives a run
    that states none (a text box styled once for all its runs), in points."""
    sizes: dict[int, float] = {}
    styles = shape.text_frame._txBody.find(qn("a:lstStyle"))
    for level in range(9):
        found = styles.find(f"{qn(f'a:lvl{level + 1}pPr')}/{qn('a:defRPr')}") if styles is not None else None
        if found is not None and (found.get("sz") or "").isdigit():
            sizes[level] = int(found.get("sz")) / 100
    return sizes


def _paragraph_sizes(shape: Any) -> list[tuple[str, float]]:
    """(text, size) of each paragraph of a frame with text: the largest size
    its runs state or take from the frame's list style, 0 when neither says
    (a placeholder's size is its layout's, which is not read)."""
    styled = _list_style_sizes(shape)
    return [(p.text, max((r.font.size.pt if r.font.size is not None else styled.get(p.level, 0.0)
                          for r in p.runs if r.text.strip()), default=0.0))
            for p in shape.text_frame.paragraphs if p.text.strip()]


def _frame_size(shape: Any) -> float:
    """The largest size a frame's runs state or take from its list style,
    0 when none does."""
    return max((size for _, size in _paragraph_sizes(shape)), default=0.0)


def _largest_text(slide: Any, besides: Any = None) -> tuple[Any, str]:
    """The paragraphs set in the largest type the slide's frames state (those
    of the text frame that has it, the highest on the slide of two that do),
    one line each, and their frame; `besides` is a frame not to count."""
    best: list[str] = []
    frame = None
    rank = (0.0, 0.0)
    for shape in slide.shapes:
        if not getattr(shape, "has_text_frame", False) or not shape.has_text_frame \
                or (besides is not None and shape.element is besides.element):
            continue
        paragraphs = _paragraph_sizes(shape)
        size = max((s for _, s in paragraphs), default=0.0)
        # the largest type; of two frames in one size, the higher on the slide
        mine = (size, -float(shape.top or 0))
        if size and mine > rank:
            rank = mine
            frame = shape
            # one line a paragraph, and an empty line where empty paragraphs part two
            best, apart = [], False
            for p in shape.text_frame.paragraphs:
                if not p.text.strip():
                    apart = bool(best)
                elif (p.text, size) in paragraphs and p.text not in best:
                    best += ["", p.text] if apart else [p.text]
                    apart = False
    return frame, "\n".join(best)


def _frame_under(slide: Any, frame: Any) -> str:
    """The first paragraph of the text frame next below `frame`, or ""."""
    top = float(frame.top or 0)
    below = [(float(shape.top or 0), shape) for shape in slide.shapes
             if shape is not frame and shape.top is not None and float(shape.top) > top and _paragraphs(shape)]
    if not below:
        return ""
    return " ".join(normalise(_paragraphs(min(below, key=lambda b: b[0])[1])[0]).split())


def _beside_a_body(slide: Any, body: str, which: str) -> titles.Title | None:
    """A title placeholder that names a body ("VTL Task Force"), and the
    title proper in another frame in type nearly as large: the body's title."""
    try:
        placeholder = slide.shapes.title
        size = _frame_size(placeholder)
        frame, text = _largest_text(slide, besides=placeholder)
    except _DAMAGE:
        return None
    text = " ".join(normalise(text).split())
    if frame is None or not titles.content_words(text) or titles.is_org_line(text) \
            or len(titles.words(text)) > 30 or _frame_size(frame) < max(0.8 * size, 20.0) \
            or not titles.may_be_subtitle(text):
        return None
    return titles.Title(titles.join_lines([body, text]),
                        f"the text in the largest type on the {which} slide, after the body its title names")


def _title_block(text: str) -> list[str]:
    """The lines of the largest type that make the title: its first block
    of paragraphs, and the block after the empty paragraph under it when
    that reads as a subtitle (as one line); not the office named under them."""
    blocks: list[list[str]] = [[]]
    for line in normalise(text).split("\n"):
        line = titles.tidy(line)
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if len(blocks) < 2:
        return blocks[0] if blocks else []
    main, rest = blocks[0], " ".join(blocks[1])
    if titles.may_be_subtitle(rest) and len(titles.words(rest)) <= 15:
        return [titles.join_lines([" ".join(main), rest])]
    return main


def _first_slide_title(slide: Any, which: str = "first") -> titles.Title | None:
    """The title of the first slide (of the `which` one, as the reason
    says): its title placeholder (with the first line of its subtitle
    placeholder when that reads as the rest of the title, not a presenter
    or a date), else the text in the largest type on it (a title slide
    made of plain text boxes)."""
    placed = _slide_title(slide)
    if placed and titles.is_org_line(placed):
        named = _beside_a_body(slide, placed, which)
        if named is not None:
            return named
    # a "title" of a paragraph's length is a text placeholder put first
    if placed and not titles.implausible(placed) and len(titles.words(placed)) <= 30:
        subtitle = _subtitle(slide)
        if titles.is_subtitle(subtitle):
            return titles.Title(titles.join_lines([placed, subtitle]),
                                f"the title of the {which} slide, with its subtitle")
        return titles.Title(titles.tidy(placed), f"the title of the {which} slide")
    try:
        frame, text = _largest_text(slide)
        under = _frame_under(slide, frame) if frame is not None else ""
    except _DAMAGE:
        return None
    lines = _title_block(text)
    if lines and titles.content_words(lines[0]) and len(titles.words(" ".join(lines))) <= 30:
        # the frame under it completes a title that ends in a colon, or
        # goes on with it in a small word ("Guia CKAN" / "para administradores")
        if under and titles.completes(lines[-1], under):
            return titles.Title(titles.join_lines([*lines, under]),
                                f"the text in the largest type on the {which} slide, with the line under it")
        return titles.Title(" ".join(lines), f"the text in the largest type on the {which} slide")
    if lines and titles.content_words(lines[0]):
        return titles.Title(lines[0], f"the text in the largest type on the {which} slide")
    return None
