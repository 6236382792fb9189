"""Page vectors in the backends: the per-state matrix both search, and the
policy of which documents they add to a query's results (the model and the
stored form are `kb.embedding`'s).

Why it is shaped this way:
- each embedded backend builds, per committed state, one float32 matrix of
  every page vector with the document each row belongs to (rows of a
  document are contiguous), so a query is one matrix-vector product and a
  per-document maximum (`np.maximum.reduceat`) - a few milliseconds at
  10,000 documents; Solr keeps the page vectors in its own index and finds
  each document's best page by its knn query, then applies the same policy
  (`ranked_candidates`);
- vector candidates are a match predicate like a keyword match: a document
  whose best page is at least `FLOOR` similar to the query, at most
  `CANDIDATES` of them; filters, facet counts, totals and paging then apply
  to keyword matches and vector candidates alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable, Mapping, Sequence, TypeVar

import numpy as np

from kb.embedding import DIM, pack, query_vector, unpack  # noqa: F401 (used by the backends)

T = TypeVar("T", bound=Hashable)


# A document joins the results when one of its pages is at least FLOOR
# similar to the query (cosine) and at least RELATIVE of the best document's
# similarity. USE-m3 puts a few-word query and an unrelated page at -0.1-0.13
# (nonsense and stop words included), and a page about the query, in any of
# its languages, at 0.17-0.6 ("balcão único para empresas" against an English
# one-stop-shop page: 0.17, "guichet unique pour les entreprises" 0.26).
FLOOR = 0.15
RELATIVE = 0.6
CANDIDATES = 100                     # most vector candidates one query adds


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
        ok = scores.best >= bar(top, floor)
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


def bar(top: float, floor: float = FLOOR) -> float:
    """The similarity a document's best page needs to be a vector candidate,
    when the most similar document's is `top`."""
    return max(floor, RELATIVE * top)


def ranked_candidates(best: Mapping[T, float], floor: float = FLOOR,
                      limit: int = CANDIDATES) -> list[T]:
    """`PageMatrix.candidates` for a backend that finds each document's best
    page similarity itself (Solr's knn query): the documents of `best` that
    clear the bar, best first (ties in the given order), at most `limit`."""
    if not best:
        return []
    least = bar(max(best.values()), floor)
    ranked = sorted((k for k, v in best.items() if v >= least), key=lambda k: -best[k])
    return ranked[:limit]


def wants_vectors(mode: str, text: str) -> bool:
    """Whether a query asks for the vector ranking at all."""
    return mode != "keyword" and bool(text.strip())


NOTICE_NO_VECTORS = ("This index has no page vectors, so only keyword matches are shown "
                     "(run the ingest again with KB_VECTORS=on for cross-lingual search).")
