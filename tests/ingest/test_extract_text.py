"""Plain text and Markdown extraction."""
from __future__ import annotations

from ingest.extract import extract
from kb.protocols import Hints, Limits


def test_markdown_sections_and_title():
    data = (
        "# Tuvalu Digital Strategy\n\nIntro paragraph.\n\n## Connectivity\n\nSubmarine cable.\n\n"
        "```\n# not a heading\n```\n\n## Services\n\nOnline tax.\n"
    ).encode()
    result = extract(data, Hints(name="notes.md"), Limits())
    assert result.format == "text"
    assert result.title == "Tuvalu Digital Strategy"
    assert [p.title for p in result.pages] == ["Tuvalu Digital Strategy", "Connectivity", "Services"]
    assert "# not a heading" in result.pages[1].text


def test_plain_text_chunked_and_cp1252_decoded():
    data = ("Minist\u00e8re de l'\u00e9conomie num\u00e9rique.\n\n" * 300).encode("cp1252")
    result = extract(data, Hints(name="minutes.txt"), Limits())
    assert len(result.pages) > 1
    assert result.pages[0].text.startswith("Minist\u00e8re")
    assert result.title == ""
