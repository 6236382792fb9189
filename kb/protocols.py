"""The small interfaces the outer packages implement."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Mapping, Protocol

from kb.models import Document, Hit, Page, Query, Results, Snippet


@dataclass(frozen=True)
class Limits:
    """Bounds on one extraction; the worker enforces `timeout` by stopping.
    `ocr`: read scanned PDF pages with Tesseract when it is installed;
    `pdf_engine`: "pdfium" (pypdfium2, the default) or "pypdf" for PDF text."""

    max_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    max_unzipped_bytes: int = 500 * 1024 * 1024
    timeout: float = 60.0
    ocr: bool = True
    pdf_engine: str = "pdfium"


@dataclass(frozen=True)
class Hints:
    """What is known about an item before reading it."""

    name: str = ""                      # file name or last URL segment
    content_type: str | None = None     # from HTTP, if any


@dataclass(frozen=True)
class ExtractedText:
    pages: tuple[Page, ...]
    title: str = ""
    format: str = ""
    # why this title: the layout line it came from, or why the stated one was kept
    title_reason: str = ""
    # author, created (datetime), modified (datetime), language, description,
    # keywords, and anything else the format states about itself
    metadata: Mapping[str, Any] = field(default_factory=dict)


class Extractor(Protocol):
    def __call__(self, data: bytes, hints: Hints, limits: Limits) -> ExtractedText: ...


@dataclass(frozen=True)
class Inferred:
    value: Any
    reason: str


class Enricher(Protocol):
    """Reads a document and returns the fields it infers, each with a reason."""

    def __call__(self, document: Document) -> Mapping[str, Inferred]: ...


@dataclass(frozen=True)
class Item:
    """One thing a source offers: where it is, how to get its bytes, and what
    the curator or the source already knows about it."""

    uri: str
    fetch: Callable[[], bytes]
    hints: Hints = Hints()
    curated: Mapping[str, Any] = field(default_factory=dict)
    validators: Mapping[str, str] = field(default_factory=dict)


class Source(Protocol):
    name: str

    def items(self) -> Iterator[Item]: ...


class Index(Protocol):
    # Documents per upsert when rebuilding from the catalog; None: one upsert
    # streams them all (the backend does not hold a batch in memory).
    rebuild_batch: int | None

    def upsert(self, documents: Iterable[Document]) -> None: ...
    def delete(self, ids: Iterable[str]) -> None: ...
    def search(self, query: Query) -> Results: ...
    def get(self, id: str) -> Document | None: ...
    def search_within(self, id: str, text: str, limit: int = 20) -> list[tuple[int, Snippet]]:
        """Pages of one document that match `text`, best first: (page number, snippet)."""
        ...
    def more_like(self, id: str, limit: int = 5) -> list[Hit]: ...
    def suggest(self, prefix: str, limit: int = 8) -> list[str]: ...
    def count(self) -> int: ...
    def vector_documents(self) -> int:
        """Live documents with page vectors; 0: the index answers keyword-only."""
        ...
    def ids(self) -> set[str]: ...
    def refresh(self) -> None: ...
    def close(self) -> None: ...
