"""A title that unrelated files all state is no one's title.

Templates leave their title in the file: several different reports state
"Open Government Report Template", a stack of decks "Annual Report". Each of
them, read alone, may look plausible (ingest/extract/titles.py keeps a stated
title the document's words bear out), so the check needs every document:
extraction runs per file in worker processes, so it is made here, in the
ingest job's main process, against the catalog.

Each extractor records in `Document.extra["stated_title"]` the title its
file states (as a folded key) and, when that is the title chosen, the title
the document would have without it (its layout, its first lines). The
catalog keeps a table of (key, document). A stated title is *shared* when
documents of at least `SHARED_BY` different groups state it: files grouped
as one document (ingest/duplicates.py: its formats and copies) share a title
legitimately and count once. A document whose chosen title is shared takes
the title it would have without it, and `kb explain` says why.

The outcome depends only on which documents the catalog holds, never on the
order they came in: whenever a document with a stated title is indexed,
changed, regrouped or removed, every document stating the same title (or
the title it stated before) is decided again, and the earlier ones whose
title changes are stored and indexed again with the batch. What the
enrichers read from the title goes with it: a retitled document's year,
type, countries, topics and practice cards are inferred again
(`ingest.inference.reinfer`).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Iterable, Mapping
from urllib.parse import unquote, urlparse

from kb.models import Document, Origin
from ingest.inference import reinfer

if TYPE_CHECKING:
    from ingest.catalog import Catalog
    from ingest.duplicates import Outcome

# The key of `Document.extra` under which extraction records the stated
# title (`ingest.extract.titles.note`).
STATED = "stated_title"
# Documents (groups of files that are one document) stating one title for it
# to be taken as shared.
SHARED_BY = 2


def record(doc: Document) -> Mapping | None:
    found = doc.extra.get(STATED) if isinstance(doc.extra, Mapping) else None
    return found if isinstance(found, Mapping) and found.get("key") else None


def key_of(doc: Document) -> str | None:
    """The folded title the document's file states, if any."""
    found = record(doc)
    return str(found["key"]) if found else None


def uses_stated(doc: Document) -> bool:
    """Whether the document's title is (or was, before it was found shared)
    the one its file states, so that it is retitled when that is shared."""
    found = record(doc)
    origin = doc.origins.get("title")
    return found is not None and "title" in found and origin is not None and origin.kind != "curated"


def file_title(uri: str) -> str:
    """The title of a document with nothing else to go by, as `build_document`
    makes it: its file name."""
    path = unquote(urlparse(uri).path) if "://" in uri else uri
    return PurePath(path).stem.replace("_", " ").replace("-", " ") or uri


def retitle(doc: Document, others: int) -> Document:
    """`doc` titled as it is when `others` unrelated files state its stated
    title too (none: the stated title stands). A document whose title did not
    come from its stated one (its layout, a curator) is left as it is. A
    document that changes title has its inferred fields (year, type,
    countries, topics, organisation, language) and its practice cards
    inferred again, as they would have been with that title from the start;
    curated ones stay."""
    if not uses_stated(doc):
        return doc
    found = record(doc)
    if others <= 0:
        title, why = str(found["title"]), Origin("extracted", str(found["reason"]))
    else:
        unused = (f"{found['as']} '{str(found['text'])[:80]}' was not used: "
                  f"other, unrelated files state it too ({others})")
        if found.get("without"):
            title = str(found["without"])
            why = Origin("extracted", f"{found['without_reason']}; {unused}")
        else:
            title, why = file_title(doc.uri), Origin("inferred", f"file name; {unused}")
    if title == doc.title and why == doc.origins.get("title"):
        return doc
    retitled = replace(doc, title=title, origins={**doc.origins, "title": why})
    return reinfer(retitled) if title != doc.title else retitled


def decide(docs: Mapping[str, Document], groups: Mapping[str, str]) -> dict[str, Document]:
    """The documents of `docs` whose title changes, retitled. `groups` holds
    every document stating one title (id -> its group: the id of the
    document it is a format or copy of, or its own), `docs` those of them
    that may be retitled (`uses_stated`)."""
    shared = len(set(groups.values())) >= SHARED_BY
    out = {}
    for doc_id, doc in docs.items():
        others = sum(1 for o, group in groups.items() if group != groups[doc_id]) if shared else 0
        changed = retitle(doc, others)
        if changed is not doc:
            out[doc_id] = changed
    return out


def settle(catalog: "Catalog", outcome: "Outcome", gone: Iterable[str] = ()) -> None:
    """Decide again, before `outcome` is applied to the index and recorded,
    the titles of every document stating what the documents of `outcome`
    state (or stated before), leaving out those `gone`: documents of the
    outcome are retitled in place, earlier ones are loaded from the catalog
    and added to it (to be stored, and indexed when shown)."""
    gone = set(gone)
    touched = {doc.id: doc for doc in outcome.stored}
    keys: set[str] = set()
    for doc_id in set(touched) | gone:
        keys.add(catalog.stated_title(doc_id) or "")
        if doc_id in touched:
            keys.add(key_of(touched[doc_id]) or "")
    keys.discard("")
    changed: dict[str, Document] = {}
    for key in sorted(keys):
        groups: dict[str, str] = {}
        docs: dict[str, Document] = {}
        for doc_id, used, group in catalog.stating(key):
            if doc_id in gone or doc_id in touched:
                continue
            groups[doc_id] = group
            doc = catalog.document(doc_id) if used else None
            if doc is not None:
                docs[doc_id] = doc
        for doc_id, doc in touched.items():
            if key_of(doc) == key:
                groups[doc_id] = outcome.groups.get(doc_id) or doc_id
                docs[doc_id] = doc
        changed.update(decide(docs, groups))
    shown = {doc.id for doc in outcome.upserts}
    for doc_id, doc in changed.items():
        if doc_id in touched:
            outcome.stored[:] = [doc if d.id == doc_id else d for d in outcome.stored]
            outcome.upserts[:] = [doc if d.id == doc_id else d for d in outcome.upserts]
            continue
        outcome.stored.append(doc)
        if doc_id not in shown and catalog.primary_of(doc_id) in (None, doc_id):
            outcome.upserts.append(doc)


def settle_documents(docs: Iterable[Document], groups: Mapping[str, str]) -> dict[str, Document]:
    """The same decision over documents held in memory rather than in the
    catalog (`bench/enrich_eval.py` scores titles as a job over its whole set
    would make them): `groups` maps a document's id to its group's (a
    document left out stands alone). Returns the documents retitled."""
    by_key: dict[str, dict[str, Document]] = {}
    for doc in docs:
        key = key_of(doc)
        if key:
            by_key.setdefault(key, {})[doc.id] = doc
    out: dict[str, Document] = {}
    for members in by_key.values():
        out.update(decide({d: doc for d, doc in members.items() if uses_stated(doc)},
                          {d: groups.get(d, d) for d in members}))
    return out
