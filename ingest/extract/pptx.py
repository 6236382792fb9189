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
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.exc import PackageNotFoundError

from kb.errors import Corrupt, ExtractionError, TooLarge
from kb.models import Page
from kb.protocols import ExtractedText, Hints, Limits

from .ooxml import check_zip, core_metadata
from .textutil import clean_title, normalise

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
    return normalise(title.text_frame.text).replace("\n", " ")


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
    title = clean_title(metadata.get("title", "")) or next((p.title for p in pages if p.title), "")
    return ExtractedText(pages=tuple(pages), title=title, format="pptx", metadata=metadata)
