"""A pybabel extraction method for the taxonomy's labels.

The labels users see for regions, SIDS groups, document types and topics are
data in `kb/taxonomy/` (dict values, not gettext calls), so pybabel's Python
extractor cannot find them. `babel.cfg` maps this method onto this module
itself; it reads the vocabularies, not the file, so a label
added there reaches the catalogs at the next `make translations`, and the
catalog test then fails until it is translated."""
from __future__ import annotations

from typing import Iterator


def labels() -> list[tuple[str, str]]:
    """(label, what it is) for every translatable taxonomy label, in order."""
    from kb import taxonomy
    from kb.taxonomy import regions

    out: list[tuple[str, str]] = []
    out += [(r, "UN M49 region") for r in regions.M49_REGIONS]
    out += [(s, "UN M49 sub-region") for s in regions.SUBREGIONS]
    for sub, inters in regions.M49_INTERMEDIATE.items():
        out += [(i, f"UN M49 intermediate region of {sub}") for i in inters]
    out += [(label, "SIDS group (UN-OHRLLS)") for label in regions.SIDS_LABELS.values()]
    out += [(label, "document type") for label in taxonomy.DOC_TYPES.values()]
    out += [(t.label, "topic") for t in taxonomy.TOPICS.values()]
    seen: set[str] = set()
    unique = []
    for label, what in out:
        if label not in seen:
            seen.add(label)
            unique.append((label, what))
    return unique


def extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, str, list[str]]]:
    """Babel's extractor interface: (line, function, message, comments)."""
    for label, what in labels():
        yield 1, "gettext", label, [f"Taxonomy label: {what}"]
