"""PPTX extraction: one page per slide, notes and tables, zip bombs."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pytest

from ingest.extract import extract
from kb.errors import Corrupt, TooLarge
from kb.protocols import Hints, Limits

from .builders import make_pptx, make_zip_bomb_pptx

DECK = Hints(name="deck.pptx")
SLIDES = [
    ("Digital ID in Estonia", "X-Road connects registries", "Speaker: mention 1999"),
    ("Lessons for SIDS", "Start with civil registration", ""),
    ("Questions", "Thank you", "Contact the e-gov unit"),
]


def test_one_page_per_slide_titled_by_the_title_placeholder():
    result = extract(make_pptx(SLIDES, title="Digital identity", author="UN DESA"), DECK, Limits())
    assert result.format == "pptx"
    assert [p.number for p in result.pages] == [1, 2, 3]
    assert [p.title for p in result.pages] == [s[0] for s in SLIDES]
    assert "X-Road connects registries" in result.pages[0].text
    assert "civil registration" in result.pages[1].text
    # the first slide's title placeholder, not the core property that says otherwise
    assert result.title == "Digital ID in Estonia"
    assert result.metadata["title"] == "Digital identity"
    assert result.metadata["author"] == "UN DESA"
    assert isinstance(result.metadata["created"], datetime)


def test_notes_tables_and_grouped_shapes_are_included():
    data = make_pptx(
        SLIDES,
        table=[["Country", "Portal"], ["Fiji", "digitalFiji"]],
        group_text="Grouped caption about Tuvalu",
    )
    first = extract(data, DECK, Limits()).pages[0].text
    assert "Speaker: mention 1999" in first
    assert "Country | Portal" in first and "Fiji | digitalFiji" in first
    assert "Grouped caption about Tuvalu" in first


def test_title_falls_back_to_first_slide_title_when_properties_are_blank():
    result = extract(make_pptx(SLIDES), DECK, Limits())
    assert result.title == "Digital ID in Estonia"


def test_zip_bomb_is_refused_before_unpacking():
    data = make_zip_bomb_pptx()
    assert len(data) < 1024 * 1024
    with pytest.raises(TooLarge, match="zip bomb"):
        extract(data, DECK, Limits())


def test_declared_unzipped_size_over_the_limit():
    data = make_pptx(SLIDES)
    with pytest.raises(TooLarge, match="zip bomb.*limit"):
        extract(data, DECK, Limits(max_unzipped_bytes=10_000))


def test_too_many_slides():
    with pytest.raises(TooLarge, match="3 slides|3 pages"):
        extract(make_pptx(SLIDES), DECK, Limits(max_pages=2))


def test_zip_that_is_not_a_deck_inside_is_broken():
    data = make_pptx(SLIDES)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != "[Content_Types].xml":
                dst.writestr(info, src.read(info.filename))
    with pytest.raises(Corrupt):
        extract(out.getvalue(), DECK, Limits())


def test_cut_off_zip_is_broken():
    data = make_pptx(SLIDES)
    with pytest.raises(Corrupt, match="zip"):
        extract(data[: len(data) // 2], DECK, Limits())
