"""The domain: what a document, a query and a result are.

Plain frozen dataclasses; no behaviour that needs a backend. Every layer speaks
in these types, so a second index backend or a new source needs no change here.
"""
from __future__ import annotations

import functools
import hashlib
import html
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Mapping

# The facet fields, in the order the UI and CLI show them.
FACETS: tuple[str, ...] = (
    "country", "region", "sids", "doc_type", "year",
    "topic", "language", "source", "format",
)
# Facets whose documents may carry several values (OR within, overlap allowed).
MULTI_VALUED: frozenset[str] = frozenset({"country", "region", "sids", "topic"})

# "newest"/"oldest": by publication year; "added": the documents KB indexed
# (fetched) last first, as a feed lists them.
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest", "title", "added")
MODES: tuple[str, ...] = ("auto", "hybrid", "keyword")


def document_id(uri: str) -> str:
    """A stable id from the source URI, so a changed file keeps its id."""
    return hashlib.sha1(uri.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Page:
    """A PDF page, a slide, or a section of an HTML/DOCX/text document.
    `number` counts from 1 in the order of the original. `language` (ISO
    639-1) is the page's own when it has enough text to tell, else its
    document's; None when nobody has said (or the page has no text)."""

    number: int
    text: str
    title: str = ""
    language: str | None = None


@dataclass(frozen=True)
class Origin:
    """Where a field's value came from: `curated` (a manifest or a curator),
    `extracted` (the file's own metadata) or `inferred` (an enricher), and why."""

    kind: str
    reason: str = ""


# The fields of a practice card, in the order a card shows them.
PRACTICE_FIELDS: tuple[str, ...] = (
    "name", "country", "place", "years", "challenge", "solution", "results",
    "lessons", "cost", "partners", "contact", "outcome", "solution_type",
)
# What `Practice.outcome` may say: the initiative worked, partly worked, or did not.
OUTCOMES: tuple[str, ...] = ("worked", "partly", "did-not")


@dataclass(frozen=True)
class CardField:
    """One field of a practice card: its text (for `country` an ISO 3166
    alpha-3 code, for `outcome` one of OUTCOMES, for `solution_type` a topic
    slug), the page it came from (None when not from one page) and where the
    value came from: `curated` (a manifest) or `extracted`, with the reason."""

    value: str
    page: int | None = None
    origin: Origin = Origin("extracted")


@dataclass(frozen=True)
class Practice:
    """A practice card: one initiative a document describes, in one uniform
    shape. A field the text does not state is None (the card says so rather
    than guessing)."""

    name: CardField | None = None
    country: CardField | None = None
    place: CardField | None = None          # city, province or agency
    years: CardField | None = None
    challenge: CardField | None = None
    solution: CardField | None = None       # what was done: technology, set-up
    results: CardField | None = None
    lessons: CardField | None = None        # including what did not work
    cost: CardField | None = None           # cost and funding
    partners: CardField | None = None
    contact: CardField | None = None        # the organisation to contact
    outcome: CardField | None = None
    solution_type: CardField | None = None

    def get(self, name: str) -> CardField | None:
        return getattr(self, name) if name in PRACTICE_FIELDS else None

    @property
    def summary(self) -> str:
        """One line: the name and the start of what was done."""
        name = self.name.value if self.name else ""
        what = self.solution.value if self.solution else ""
        what = " ".join(what.split())
        if len(what) > 140:
            what = what[:139].rsplit(" ", 1)[0] + "…"
        return f"{name}: {what}" if name and what else (name or what)


@dataclass(frozen=True)
class Alternate:
    """Another file of the same document: the same report in another format
    (its HTML beside its PDF), or the same bytes under another name or URL.
    It is not indexed on its own; the document shown carries it, so a reader
    can download each format and facets count the document once."""

    id: str                          # its own document id (from its URI)
    uri: str
    format: str
    size: int = 0
    similarity: float = 1.0          # estimated Jaccard of the texts' word shingles
    exact: bool = False              # the same bytes as the document shown
    root: str = ""                   # the folder a local file must stay inside (never shown)
    path: str = ""                   # a local file's path relative to that folder


@dataclass(frozen=True)
class Document:
    id: str
    uri: str
    title: str
    format: str                                   # pdf, pptx, docx, html, text
    pages: tuple[Page, ...] = ()
    doc_type: str | None = None                   # slug from kb.taxonomy.doctypes
    year: int | None = None
    countries: tuple[str, ...] = ()               # ISO 3166 alpha-3, what it is about
    countries_mentioned: tuple[str, ...] = ()     # every country named in the text
    regions: tuple[str, ...] = ()                 # UN M49 sub-region names
    sids: tuple[str, ...] = ()                    # SIDS groups: Caribbean, Pacific, AIS
    topics: tuple[str, ...] = ()                  # slugs from kb.taxonomy.topics
    language: str | None = None                   # ISO 639-1
    source: str = ""                              # name of the source (folder, site, ...)
    organisation: str | None = None
    author: str | None = None
    description: str = ""
    content_hash: str = ""
    size: int = 0
    fetched_at: datetime | None = None
    origins: Mapping[str, Origin] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)
    # One multilingual embedding per page (pages x 512 float16, little-endian,
    # rows in page order; see indexes.vectors), made by the ingest workers;
    # None when vectors are off. Kept by the catalog and the index, never
    # shown (the JSON API and the HTML leave it out).
    vectors: bytes | None = field(default=None, repr=False)
    # Practice cards: the initiatives the document describes (kb.models.Practice).
    practices: tuple[Practice, ...] = ()
    # The other files of this document (formats, copies), found by ingest's
    # near-duplicate detection; each is downloadable, none is indexed apart.
    alternates: tuple[Alternate, ...] = ()

    @functools.cached_property
    def text(self) -> str:
        # Cached in the instance __dict__ (the enrichers read it several
        # times); not a field, so equality, asdict and replace ignore it.
        return "\n\n".join(p.text for p in self.pages)

    def __getstate__(self) -> dict[str, Any]:
        # Leave the cached text out of pickles (documents cross to and from
        # worker processes): it is rebuilt from the pages when read.
        state = dict(self.__dict__)
        state.pop("text", None)
        return state

    def added_seconds(self) -> int:
        """When KB indexed the document (`fetched_at`, a time without a zone
        read as UTC) in whole seconds since 1970, the key of the "added" sort;
        0, which that sort puts last, when it is not known."""
        when = self.fetched_at
        if when is None:
            return 0
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return max(0, int(when.timestamp()))

    def facet_values(self, facet: str) -> tuple[str, ...]:
        """The values this document contributes to a facet, as strings."""
        value = {
            "country": self.countries, "region": self.regions, "sids": self.sids,
            "topic": self.topics, "doc_type": self.doc_type, "year": self.year,
            "language": self.language, "source": self.source, "format": self.format,
        }[facet]
        if value is None or value == "":
            return ()
        if isinstance(value, tuple):
            return value
        return (str(value),)


@dataclass(frozen=True)
class Query:
    """A search as the user asked it. `filters` maps a facet to the values
    selected in it: values of one facet combine with OR, facets with AND."""

    text: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10
    facets: tuple[str, ...] = FACETS
    facet_limit: int = 30             # values per facet returned, most frequent first
    # "auto": keyword and page-vector rankings fused when the index has
    # vectors, keyword only otherwise; "hybrid": the same, with a notice when
    # the index has none; "keyword": keyword matching only.
    mode: str = "auto"
    # Also search the thesaurus terms of the concepts the text names (in the
    # other languages, at a lower weight); False: only the words typed.
    expand: bool = True


@dataclass(frozen=True)
class Snippet:
    """A passage of one page, split into parts; `True` parts matched the query.
    Kept as parts so each view escapes text itself (see `html`)."""

    parts: tuple[tuple[str, bool], ...] = ()

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)

    def html(self) -> str:
        return "".join(
            f"<mark>{html.escape(t)}</mark>" if hit else html.escape(t)
            for t, hit in self.parts
        )


@dataclass(frozen=True)
class Hit:
    id: str
    title: str
    uri: str
    format: str
    doc_type: str | None
    year: int | None
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    sids: tuple[str, ...]
    topics: tuple[str, ...]
    language: str | None
    source: str
    score: float = 0.0
    page: int | None = None           # number of the page/slide that matched best
    page_count: int = 0
    snippet: Snippet = Snippet()
    alternates: tuple[Alternate, ...] = ()     # the document's other formats and copies


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Results:
    query: Query
    hits: tuple[Hit, ...]
    total: int
    facets: Mapping[str, tuple[FacetCount, ...]] = field(default_factory=dict)
    suggestion: str | None = None     # did-you-mean, only when it has hits
    notice: str | None = None         # e.g. "query was shortened" or parser trouble
    mode: str = "keyword"             # what answered: "keyword" or "hybrid" (keyword + vectors)
    expanded: tuple[str, ...] = ()    # thesaurus terms also searched for ("also searched: ...")

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.page_size))
