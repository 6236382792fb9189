"""Rebuilding an index from the catalog: every indexed document is stored
there, so a new index (another backend, or a repair) needs no fetching and no
extraction."""
from __future__ import annotations

from kb.protocols import Index
from ingest.catalog import Catalog

BATCH = 10_000   # ~10 Whoosh segments at 100k documents, so no merge in the middle of a rebuild


def copy_documents(catalog: Catalog, index: Index, batch_size: int = BATCH) -> int:
    """Upsert every stored document into `index` in batches; returns the count."""
    count, batch = 0, []
    for doc in catalog.documents():
        batch.append(doc)
        if len(batch) >= batch_size:
            index.upsert(batch)
            count += len(batch)
            batch = []
    if batch:
        index.upsert(batch)
        count += len(batch)
    return count
