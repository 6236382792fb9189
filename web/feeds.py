"""Atom 1.0 feeds of documents, written by feedgen (lxml underneath, so every
title and summary is escaped by the XML writer, never by hand).

An entry's id is the document's page URL, built from its stable id (a hash
of its source URI), so a feed reader sees the same entry however often the
feed is fetched and however the document's metadata changes. `updated` is
when KB last fetched and indexed the document (`Document.fetched_at`); a
document without that date falls back to 1 January of its year, then to
the Unix epoch, because Atom requires the element. Paging follows RFC 5005
(first / previous / next / last links)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Mapping, Sequence

from feedgen.feed import FeedGenerator

from kb.models import Document

MEDIA_TYPE = "application/atom+xml; charset=utf-8"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def entry_updated(doc: Document) -> datetime:
    if doc.fetched_at is not None:
        when = doc.fetched_at
        return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
    if doc.year and 1 <= doc.year <= 9999:
        return datetime(doc.year, 1, 1, tzinfo=timezone.utc)
    return EPOCH


@dataclass(frozen=True)
class Entry:
    doc: Document
    url: str                          # the document's page: also the entry id
    categories: Sequence[tuple[str, str]] = ()    # (term, label)
    summary: str = ""


@dataclass(frozen=True)
class Feed:
    id: str                           # the feed's URL without a page
    title: str
    subtitle: str
    html_url: str                     # the page the feed follows
    links: Mapping[str, str]          # rel -> URL: self, first, previous, next, last
    language: str
    entries: Sequence[Entry]


@dataclass(frozen=True)
class Written:
    body: bytes
    updated: datetime
    etag: str


def write(feed: Feed) -> Written:
    """The feed as Atom XML, with the date and the entity tag a conditional GET compares."""
    fg = FeedGenerator()
    fg.id(feed.id)
    fg.title(feed.title)
    fg.subtitle(feed.subtitle)
    fg.language(feed.language)
    fg.generator("KB")
    fg.link(href=feed.html_url, rel="alternate", type="text/html")
    for rel, href in feed.links.items():
        fg.link(href=href, rel=rel, type="application/atom+xml")
    updated = EPOCH
    for item in feed.entries:          # in the order given: newest first
        doc = item.doc
        when = entry_updated(doc)
        updated = max(updated, when)
        fe = fg.add_entry(order="append")
        fe.id(item.url)
        fe.title(doc.title or doc.id)
        fe.link(href=item.url, rel="alternate", type="text/html")
        fe.updated(when)
        author = doc.author or doc.organisation
        if author:
            fe.author(name=" ".join(author.split()))
        if item.summary:
            fe.summary(item.summary)
        for term, label in item.categories:
            fe.category(term=term, label=label)
    fg.updated(updated)
    body = fg.atom_str(pretty=True)
    return Written(body=body, updated=updated, etag=hashlib.sha256(body).hexdigest()[:32])
