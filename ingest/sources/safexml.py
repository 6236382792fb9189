"""Parsing XML from the network (OAI-PMH responses, feeds, sitemaps)."""
from __future__ import annotations

import lxml.etree


def parse_untrusted(body: bytes) -> lxml.etree._Element:
    """Untrusted XML: no entities, no network, no huge trees. Raises
    `lxml.etree.XMLSyntaxError`; each caller words its own error."""
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return lxml.etree.fromstring(body, parser)
