"""Fusing the keyword and the vector rankings: one function for every backend.

Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): each
ranking gives a document 1 / (k + rank); a document's fused score is the sum.
It needs no calibration between BM25 scores and cosines (which live on
unrelated scales and shift with the corpus), and k = 60 is the value the
paper found robust. The keyword ranking is weighted a little above the
vector ranking: a page that contains the words typed is still the safer bet,
and the vectors' job is to add what keyword matching cannot find (another
language, other words for the same thing).
"""
from __future__ import annotations

from typing import Hashable, Sequence, TypeVar

K = 60
KEYWORD_WEIGHT = 1.0
VECTOR_WEIGHT = 0.8

T = TypeVar("T", bound=Hashable)


def fuse(rankings: Sequence[Sequence[T]], weights: Sequence[float] | None = None,
         k: int = K) -> list[tuple[T, float]]:
    """Items of all `rankings` (each best first), by fused score, best first;
    ties keep the order of first appearance (earlier rankings first)."""
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    scores: dict[T, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def hybrid(keyword: Sequence[T], vector: Sequence[T]) -> list[tuple[T, float]]:
    """The fused ranking of a keyword ranking and a vector ranking."""
    return fuse([keyword, vector], [KEYWORD_WEIGHT, VECTOR_WEIGHT])
