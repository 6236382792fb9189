"""Page vectors, computed in the ingest workers beside extraction.

One vector per page from the page's document title, its own title (a slide
or section heading) and the start of its text: USE-multilingual averages
over its tokens, so a long page blurs into a generic vector; the first
`MAX_CHARS` characters (about 160 words) carry what the page is about well
enough for a query of a few words to find it in another language.

The model is loaded once per process (`warm` in the job's process before the
workers fork, so they share it; a worker that was not warmed loads it on its
first document) and runs on one BLAS thread.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from kb.models import Document
from kb import embedding as vectors

MAX_CHARS = 1000          # characters of a page the model reads
MAX_PAGES = 500           # pages embedded per document; later pages have no vector
BATCH = 64                # pages per model call


def page_texts(doc: Document) -> list[str]:
    """What the model reads of each page: titles, then the page's start, cut
    at a word boundary."""
    texts = []
    for page in doc.pages[:MAX_PAGES]:
        head = " ".join(t for t in (doc.title, page.title) if t and t.strip())
        body = " ".join(page.text[: MAX_CHARS + 200].split())
        text = f"{head}. {body}" if head else body
        if len(text) > MAX_CHARS:
            cut = text.rfind(" ", 0, MAX_CHARS)
            text = text[: cut if cut > MAX_CHARS // 2 else MAX_CHARS]
        texts.append(text or doc.title or " ")
    return texts


def embed_document(doc: Document) -> bytes | None:
    """The document's page vectors in their stored form (see `indexes.vectors`),
    None for a document without pages."""
    texts = page_texts(doc)
    if not texts:
        return None
    parts = [vectors.encode(texts[i:i + BATCH]) for i in range(0, len(texts), BATCH)]
    import numpy as np
    return vectors.pack(np.concatenate(parts))


def warm() -> None:
    """Load the model in this process now (before workers fork)."""
    vectors.model()


@functools.cache
def fingerprint() -> str:
    """Identifies how vectors are made (this module, the matrix code, the
    model's version): part of the catalog's "unchanged" test, so turning
    vectors on, or a new model, re-embeds every document once."""
    digest = hashlib.sha256(vectors.model_version().encode())
    for path in (Path(__file__), Path(vectors.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
