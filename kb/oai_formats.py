"""The metadata formats the OAI-PMH provider disseminates: `oai_dc` (simple
Dublin Core, which every harvester reads) and `kb` (every field KB keeps:
codes beside names, regions, SIDS groups, where each value came from,
practice cards and the document's other formats), whose schema is
`kb/schemas/kb-document.xsd`, served by the provider.

Elements are made with lxml, so text is escaped by the writer. Text from a
document (extracted from a PDF, say) may hold characters XML 1.0 cannot
carry at all; those are dropped. No local path is ever written: a document
is named by its public page URL and its file by the URL KB serves it at.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import lxml.etree as ET

from kb import taxonomy
from kb.models import PRACTICE_FIELDS, Document
from kb.originals import MEDIA_TYPES
from kb.oai_register import stamp

XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
KB = "urn:x-kb:oai:document:1"
KB_SCHEMA_FILE = "kb-document.xsd"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: object) -> str:
    """`text` as XML 1.0 can hold it."""
    return _NOT_XML.sub("", str(text))


@dataclass(frozen=True)
class Links:
    """The public URLs of a document: its page, and its file when KB serves one."""

    page: str
    file: str | None = None


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str                 # the schema's URL
    namespace: str
    write: Callable[[Document, Links], ET._Element]


def _sub(parent: ET._Element, tag: str, text: object = None, **attrib: object) -> ET._Element:
    element = ET.SubElement(parent, tag, {k: clean(v) for k, v in attrib.items() if v is not None})
    if text is not None:
        element.text = clean(text)
    return element


def oai_dc(doc: Document, links: Links) -> ET._Element:
    """Simple Dublin Core. Values are written so a harvester's plain
    reading finds them: the document type as KB's slug (beside the DCMI type
    Text), topics by their labels, coverage by country name, and the file KB
    serves (when it serves one) before the document's page as identifiers."""
    root = ET.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def dc(name: str, value: object) -> None:
        if value not in (None, ""):
            _sub(root, f"{{{DC}}}{name}", value)

    dc("title", doc.title or doc.id)
    dc("creator", doc.author)
    for topic in doc.topics:
        dc("subject", taxonomy.topic_label(topic))
    dc("description", doc.description)
    dc("publisher", doc.organisation)
    dc("date", doc.year)
    dc("type", "Text")
    dc("type", doc.doc_type)
    dc("format", MEDIA_TYPES.get(doc.format, doc.format))
    # the file first, as repositories of papers do, so a harvester that
    # wants the full text (KB's own) takes it; the document's page after it
    if links.file:
        dc("identifier", links.file)
    dc("identifier", links.page)
    dc("source", doc.source)
    dc("language", doc.language)
    for code in doc.countries:
        dc("coverage", taxonomy.country_name(code))
    return root


def kb_document(doc: Document, links: Links, schema: str) -> ET._Element:
    """KB's own format: every field, with codes and names."""
    root = ET.Element(f"{{{KB}}}document", nsmap={"kb": KB, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{KB} {schema}")
    root.set("id", doc.id)
    k = f"{{{KB}}}"
    _sub(root, k + "title", doc.title or doc.id)
    _sub(root, k + "url", links.page)
    if links.file:
        _sub(root, k + "file", links.file, format=doc.format,
             mediaType=MEDIA_TYPES.get(doc.format, "application/octet-stream"),
             size=doc.size or None)
    _sub(root, k + "format", doc.format)
    if doc.doc_type:
        _sub(root, k + "docType", taxonomy.doc_type_label(doc.doc_type), code=doc.doc_type)
    if doc.year is not None:
        _sub(root, k + "year", doc.year)
    for code in doc.countries:
        _sub(root, k + "country", taxonomy.country_name(code), code=code)
    for region in doc.regions:
        _sub(root, k + "region", region)
    for group in doc.sids:
        _sub(root, k + "sids", taxonomy.sids_label(group), code=group)
    for topic in doc.topics:
        _sub(root, k + "topic", taxonomy.topic_label(topic), code=topic)
    if doc.language:
        _sub(root, k + "language", doc.language)
    if doc.source:
        _sub(root, k + "source", doc.source)
    if doc.organisation:
        _sub(root, k + "organisation", doc.organisation)
    if doc.author:
        _sub(root, k + "author", doc.author)
    if doc.description:
        _sub(root, k + "description", doc.description)
    _sub(root, k + "pages", len(doc.pages))
    if doc.fetched_at is not None:
        _sub(root, k + "fetched", stamp(doc.fetched_at))
    for name, origin in sorted(doc.origins.items()):
        _sub(root, k + "origin", origin.reason or None, field=name, kind=origin.kind)
    for practice in doc.practices:
        card = _sub(root, k + "practice")
        for name in PRACTICE_FIELDS:
            value = practice.get(name)
            if value is not None:
                _sub(card, k + "field", value.value, name=name, page=value.page,
                     origin=value.origin.kind)
    for alt in doc.alternates:
        _sub(root, k + "alternate", format=alt.format, size=alt.size or None)
    return root
