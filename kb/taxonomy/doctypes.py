"""Document types: the slugs stored on documents and the labels users see.

A short fixed list, because the doc-type facet is only useful when each value
holds a recognisable kind of document; anything else falls into "report".
"""
from __future__ import annotations

DOC_TYPES: dict[str, str] = {
    "presentation": "Presentation",
    "legislation": "Legislation",
    "strategy": "Strategy, policy or action plan",
    "case-study": "Case study",
    "report": "Report",
    "meeting": "Meeting document",
    "statistics": "Survey or statistics",
    "guideline": "Guideline or toolkit",
}


def label(slug: str) -> str:
    """Display label; an unknown slug is shown as stored so nothing disappears."""
    return DOC_TYPES.get(slug, slug)
