"""Rebuilding an index from the catalog: every indexed document is stored
there, so a new index (another backend, or a repair) needs no fetching and no
extraction."""
from __future__ import annotations

from kb.protocols import Index
from ingest.catalog import Catalog


def copy_documents(catalog: Catalog, index: Index, batch_size: int | None = None) -> int:
    """Upsert every stored document into `index`; returns the count.

    The documents go in batches of the index's `rebuild_batch` (a backend that
    holds a whole batch in memory says how large), or all in one streamed
    upsert when that is None (a backend that writes as it reads)."""
    size = batch_size if batch_size is not None else getattr(index, "rebuild_batch", None)
    if size is None:
        counted = _Counted(catalog.documents())
        index.upsert(counted)
        return counted.count
    count, batch = 0, []
    for doc in catalog.documents():
        batch.append(doc)
        if len(batch) >= size:
            index.upsert(batch)
            count += len(batch)
            batch = []
    if batch:
        index.upsert(batch)
        count += len(batch)
    return count


class _Counted:
    """An iterable that counts what has been taken from it."""

    def __init__(self, items):
        self._items, self.count = items, 0

    def __iter__(self):
        for item in self._items:
            self.count += 1
            yield item
