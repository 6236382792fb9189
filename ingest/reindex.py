"""Rebuilding an index from the catalog: every indexed document is stored
there, so a new index (another backend, or a repair) needs no fetching and no
extraction."""
from __future__ import annotations

from typing import Iterable, Iterator

from kb.models import Document
from kb.protocols import Index
from ingest.catalog import Catalog


# A batch also ends at this much page text, so a catalog of long documents
# (hundred-page reports rather than a few pages each) never holds gigabytes
# of text in memory at once.
MAX_BATCH_CHARS = 200_000_000


def copy_documents(catalog: Catalog, index: Index, max_chars: int = MAX_BATCH_CHARS) -> int:
    """Upsert every stored document into `index`; returns the count.

    The documents go in batches of the index's `rebuild_batch` (a backend that
    holds a whole batch in memory says how large) or of `max_chars` of text,
    whichever comes first, or all in one streamed upsert when `rebuild_batch`
    is None (a backend that writes as it reads)."""
    size = index.rebuild_batch
    if size is None:
        counted = _Counted(catalog.documents())
        index.upsert(counted)
        return counted.count
    count, batch, chars = 0, [], 0
    for doc in catalog.documents():
        batch.append(doc)
        chars += sum(len(page.text) for page in doc.pages)
        if len(batch) >= size or chars >= max_chars:
            index.upsert(batch)
            count += len(batch)
            batch, chars = [], 0
    if batch:
        index.upsert(batch)
        count += len(batch)
    return count


class _Counted:
    """An iterable that counts what has been taken from it."""

    def __init__(self, items: Iterable[Document]) -> None:
        self._items, self.count = items, 0

    def __iter__(self) -> Iterator[Document]:
        for item in self._items:
            self.count += 1
            yield item
