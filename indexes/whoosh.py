"""The embedded default backend: a Whoosh index on disk.

What the measurements in `whoosh-notes.md` and `bench/` shaped here:
- facet counts do not use `groupedby=` (it scores and keeps every hit); per
  searcher generation we build numpy arrays (docnum -> value id pairs) once and
  count with `numpy.bincount` over a boolean mask of matched documents;
- the set of matched documents is computed with numpy from per-term docnum
  arrays cached per generation (an LRU bounded in bytes), not by walking
  Whoosh matchers in Python; only phrases and other positional queries fall
  back to Whoosh's matcher; whole-query masks and facet counts are cached per
  generation too, so paging and facet clicks reuse them until the next commit;
- hits are fetched with a bounded `limit`, and only the shown hits are
  highlighted, each on the stored text of its best page only, analysed with a
  word cache instead of Whoosh's generator chain;
- did-you-mean looks words up in the spelling field's word list, loaded once
  per generation, instead of walking Whoosh's corrector automaton;
- query parsing is bounded (characters, terms, wildcard expansion) because
  Whoosh parsing is quadratic and prefix expansion unbounded;
- large batches are written by two processes (`procs=2, multisegment=True`:
  two segments per batch, not merged with each other at commit, each
  writer's postings kept in memory up to WRITER_LIMIT_MB rather than spilled
  to sorted runs on disk), the analyser is the shared chain of
  `indexes.analysis` in one loop over per-language word caches, the
  text fields (`KbText`) make their postings and spelling words in one pass,
  and KB's codec (`indexes.whoosh_codec`, subclasses of whoosh3's parts)
  reads field lengths a whole column at a time, gives the spelling field
  one posting per word and segment instead of one per document, and keeps
  short posting lists in the term table rather than as blocks of their own;
- filtered relevance searches score only the allowed documents (a matcher
  that skips to each) rather than every match;
- a searcher is not thread-safe, and a Werkzeug server starts a thread per
  request: searchers are leased from a bounded pool (`indexes.pool`) for one
  operation, so open files stay flat; each is tagged with the committed state
  it reads (generation *and* segment ids: a rebuild swapped into place starts
  its generations again) and the pool never leases one of an older state;
  the per-state caches below are keyed the same way;
- a truncated TOC raises `struct.error` and a missing segment
  `FileNotFoundError`: both become `IndexUnavailable` with a readable message.
"""
from __future__ import annotations

import json
import logging
import os
import pickle
import re
import threading
import time
import zlib
from bisect import bisect_left
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

import numpy as np
from whoosh import analysis, columns, fields, formats, index as windex, qparser, query as wquery
from whoosh.analysis.acore import Token
from whoosh.matching import Matcher, NullMatcher, ReadTooFar
from whoosh.system import pack_uint

from indexes import analysis as ana, common, fusion, vectors
from indexes.whoosh_codec import KbCodec
from indexes.pool import ReaderPool
from indexes.common import (
    NOTICE_NO_WORDS, NOTICE_WIDER, USER_FIELDS, Parsed, Speller,
    make_snippet,
)
from kb.errors import IndexUnavailable
from kb.models import FACETS, MULTI_VALUED, Document, FacetCount, Hit, Query, Results, Snippet

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["WhooshIndex", "build_schema", "make_snippet"]

_MARKED_FIELDS = USER_FIELDS | {ana.COMPOUND_FIELD}    # query terms marked in snippets
SCHEMA_VERSION = 2          # 2: per-language analysis, compounds (indexes.analysis)
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
_FIELD_PREFIX = re.compile(r"(?:^|[\s(])(\w+):")
PARALLEL_BATCH = 1000        # batches at least this large are written by several processes
# A rebuild upserts 10,000 documents at a time: two segments of 5,000 per
# batch, twenty at 100,000 documents, below the count at which Whoosh's
# small-segment merge starts re-indexing them in the middle of a rebuild;
# a batch's postings fit the writers' WRITER_LIMIT_MB without spilling.
REBUILD_BATCH = 10_000
WRITER_PROCS = 2
WRITER_LIMIT_MB = 1024
TERM_CACHE_BYTES = 64 * 1024 * 1024   # docnum arrays of terms, per generation
SEARCHERS = 4                # searchers open at most per process (leased per operation)
IDLE_SEARCHERS = 2           # of which kept open between requests
MASK_CACHE = 128             # whole-query match masks per generation
FACET_CACHE = 256            # facet counts per (query, filters) per generation


# --------------------------------------------------------------------------
# analysis


class KbAnalyzer(analysis.Analyzer):
    """The shared analysis chain (`indexes.analysis`) in one language, as a
    Whoosh analyzer: what the query parser runs on phrases and wildcards, and
    what any value that is not a `LangText` is indexed with. Token for token,
    in one loop over a word cache (Whoosh's generator chain was about a third
    of build time)."""

    def __init__(self, lang: str = ana.DEFAULT_LANG) -> None:
        self.lang = lang

    def __eq__(self, other: object) -> bool:
        return other is not None and type(other) is type(self) and other.lang == self.lang

    def has_morph(self) -> bool:
        return True          # the spelling field is then kept separate, with unstemmed words

    def __call__(self, value: Any, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 no_morph: bool = False, **kwargs: Any):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        text = value if isinstance(value, str) else str(value)
        if not tokenize:
            # a wildcard's or prefix's letters: folded and stemmed, as one token
            low = text.lower()
            t.original = t.text = ana.fold(low) if no_morph else ana.stem(low, self.lang)
            t.boost, t.stopped = 1.0, False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(text)
            yield t
            return
        form = 1 if no_morph else 0
        pos = None
        lang = self.lang
        for i, m in enumerate(ana.TOKEN.finditer(text)):
            word = m.group(0)
            r = ana.analyse_word(word, lang)
            if r is None:
                if removestops or len(word) < 2:
                    continue
                low = word.lower()
                r = (ana.stem(low, lang), ana.fold(low))
            if keeporiginal:
                t.original = word
            t.text = r[form]
            t.boost = 1.0
            t.stopped = False
            if positions:
                # positions close up over dropped words, as Whoosh's StopFilter does
                pos = start_pos + i if pos is None else pos + 1
                t.pos = pos
            if chars:
                t.startchar = start_char + m.start()
                t.endchar = start_char + m.end()
            yield t


class LangText(str):
    """A field value made of parts in known languages (the pages of a body, a
    title): each part goes through its language's chain."""

    parts: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, parts: Iterable[tuple[str, str]], sep: str = "\n\n") -> "LangText":
        parts = tuple(parts)
        out = cls(sep.join(t for t, _ in parts))
        out.parts = parts
        return out


class KbText(fields.TEXT):
    """`fields.TEXT` whose `index()` makes a value's postings in one loop
    over its words, with the postings Whoosh's `Positions` format would make
    (the same positions, weights and encoding; an index written either way
    reads the same), each part of a `LangText` in its own language, and keeps
    the value's unstemmed words from that same loop for the spelling field,
    which Whoosh would otherwise get by analysing the value a second time.
    Token objects, the format's generator and the second pass were about a
    third of the CPU time of a build. Anything other than a plain string
    through the KB analyzer takes the ordinary path."""

    _kb_words: tuple[str, frozenset[str]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)      # the schema is pickled into each commit's TOC
        state.pop("_kb_words", None)
        return state

    def index(self, value: Any, **kwargs: Any):
        fmt = self.format
        if (type(self.analyzer) is not KbAnalyzer or type(fmt) is not formats.Positions
                or not isinstance(value, str) or kwargs.keys() - {"mode"}):
            return super().index(value, **kwargs)
        parts = value.parts if isinstance(value, LangText) else ((value, self.analyzer.lang),)
        analyse = ana.analyse_word
        findall = ana.TOKEN.findall
        positions: dict[str, list[int]] = {}
        words: set[str] = set()
        pos = -1
        i = -1
        for text, lang in parts:
            cache = ana.word_cache(lang)
            for word in findall(text):
                i += 1
                r = cache.get(word, False)
                if r is False:
                    r = analyse(word, lang)
                if r is None:
                    continue
                pos = i if pos < 0 else pos + 1     # positions close up over dropped words
                stem = r[0]
                seen = positions.get(stem)
                if seen is None:
                    positions[stem] = [pos]
                else:
                    seen.append(pos)
                words.add(r[1])
        if self.separate_spelling():
            self._kb_words = (value, frozenset(words))
        boost = fmt.field_boost
        out = []
        for stem, poslist in positions.items():
            deltas, base = [], 0
            for p in poslist:
                deltas.append(p - base)
                base = p
            out.append((stem.encode("utf-8"), len(poslist), float(len(poslist)) * boost,
                        pack_uint(len(deltas)) + pickle.dumps(deltas, 2)))
        return out

    def spellable_words(self, value: Any):
        cached, self._kb_words = self._kb_words, None
        if cached is not None and cached[0] is value:
            return iter(sorted(cached[1]))
        return super().spellable_words(value)


class KbQueryParser(qparser.QueryParser):
    """Whoosh's parser over several fields (what `qparser.MultifieldParser`
    builds), asking for each word of title or body under the stem each
    language's chain makes of it (a word's language is not known, the
    document's is: a French document indexed "gouvernements" as "gouvern"),
    and for each phrase in each language's chain."""

    def __init__(self, fieldnames: list[str], schema: Any, **options: Any) -> None:
        super().__init__(None, schema, **options)
        self.add_plugin(qparser.MultifieldPlugin(fieldnames))

    def term_query(self, fieldname: str, text: str, termclass: Any, boost: float = 1.0,
                   tokenize: bool = True, removestops: bool = True) -> Any:
        if fieldname not in USER_FIELDS or termclass is not wquery.Term or not tokenize:
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        clauses = []
        for word in ana.TOKEN.findall(text):
            stems = ana.query_stems(word)
            if len(stems) == 1:
                clauses.append(wquery.Term(fieldname, stems[0], boost=boost))
            elif stems:
                clauses.append(wquery.Or([wquery.Term(fieldname, s, boost=boost) for s in stems]))
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else wquery.And(clauses)

    def parse(self, text: str, normalize: bool = True, debug: bool = False) -> Any:
        return _multilingual_phrases(super().parse(text, normalize=normalize, debug=debug), text)


def _multilingual_phrases(q: Any, text: str) -> Any:
    """Each phrase of title or body as an OR of the phrase in each language's
    chain, read again from the words as typed."""
    if isinstance(q, wquery.Phrase):
        if q.fieldname not in USER_FIELDS or not q.char_ranges:
            return q
        typed = [text[a:b] for a, b in q.char_ranges]
        variants = []
        for lang in ana.LANGS:
            stems = [r[0] for r in (ana.analyse_word(w, lang) for w in typed) if r is not None]
            if stems and stems not in variants:
                variants.append(stems)
        if len(variants) <= 1:
            return q
        return wquery.Or([wquery.Phrase(q.fieldname, v, slop=q.slop, boost=q.boost,
                                        char_ranges=q.char_ranges) for v in variants])
    if isinstance(q, wquery.CompoundQuery):
        q.subqueries = [_multilingual_phrases(sub, text) for sub in q.subqueries]
    elif isinstance(q, wquery.Not):
        q.query = _multilingual_phrases(q.query, text)
    elif isinstance(q, (wquery.AndNot, wquery.AndMaybe)):
        q.a, q.b = _multilingual_phrases(q.a, text), _multilingual_phrases(q.b, text)
    return q


def _page_spans(text: str, terms: frozenset[str], lang: str = ana.DEFAULT_LANG) -> list[tuple[int, int]]:
    """Character spans of the words of `text` whose analysed form (in `lang`)
    is a query term."""
    if not terms or not text:
        return []
    return common.merge_spans((a, b) for a, b, term in ana.iter_spans(text, lang) if term in terms)


def _fold(text: str) -> str:
    """Lower-case, accent-free form used for sort keys and quick page checks."""
    if text.isascii():
        return text.lower()
    return ana.fold(text).casefold()


def build_schema() -> fields.Schema:
    chain = KbAnalyzer()
    keyword = dict(commas=True, stored=True, lowercase=False, scorable=False)
    return fields.Schema(
        id=fields.ID(unique=True, stored=True, sortable=True),
        title=KbText(analyzer=chain, field_boost=3.0),
        body=KbText(analyzer=chain, spelling=True),
        # compounds joined and unstemmed ("egovernment"), see indexes.analysis
        compound=fields.TEXT(analyzer=analysis.SpaceSeparatedTokenizer(), phrase=False),
        pages=fields.STORED(),            # zlib-compressed JSON [[number, text, title], ...]
        doc=fields.STORED(),              # document JSON without pages, for get() and hits
        content_hash=fields.ID(sortable=True),
        title_sort=fields.ID(sortable=True),
        country=fields.KEYWORD(**keyword),
        region=fields.KEYWORD(**keyword),
        sids=fields.KEYWORD(**keyword),
        topic=fields.KEYWORD(**keyword),
        doc_type=fields.ID(stored=True, sortable=True),
        language=fields.ID(stored=True, sortable=True),
        source=fields.ID(stored=True, sortable=True),
        format=fields.ID(stored=True, sortable=True),
        year=fields.NUMERIC(int, bits=32, stored=True, sortable=True),
        vectors=fields.COLUMN(columns.VarBytesColumn()),   # page vectors, see indexes.vectors
        added=fields.COLUMN(columns.NumericColumn("q", default=0)),   # Document.added_seconds
    )




# --------------------------------------------------------------------------
# scoring a known set of documents


class _RestrictedMatcher(Matcher):
    """The child matcher, visited only at the given documents (skipping to
    each) and never replaced by a quality-optimised version: whoosh's
    replacements (`AndMaybeMatcher`) lose the optional side's score when
    skipped to, so the wrapper keeps the child's structure as built."""

    def __init__(self, child: Any, ids: list[int], i: int = 0) -> None:
        self.child, self.ids, self.i = child, ids, i
        self._find()

    def _find(self) -> None:
        child, ids = self.child, self.ids
        while self.i < len(ids) and child.is_active():
            want = ids[self.i]
            if child.id() < want:
                child.skip_to(want)
                if not child.is_active():
                    break
            got = child.id()
            if got == want:
                return
            self.i = bisect_left(ids, got, self.i)
        self.i = len(ids)

    def is_active(self) -> bool:
        return self.i < len(self.ids)

    def id(self) -> int:
        return self.ids[self.i]

    def next(self) -> None:
        if not self.is_active():
            raise ReadTooFar
        self.i += 1
        self._find()

    def skip_to(self, id: int) -> None:
        if not self.is_active():
            raise ReadTooFar
        if id > self.ids[self.i]:
            self.i = bisect_left(self.ids, id, self.i)
            self._find()

    def reset(self) -> None:
        self.child.reset()
        self.i = 0
        self._find()

    def copy(self) -> "_RestrictedMatcher":
        return _RestrictedMatcher(self.child.copy(), self.ids, self.i)

    def replace(self, minquality: float = 0) -> Any:
        return self if self.is_active() else NullMatcher()

    def supports(self, astype: str) -> bool:
        return self.child.supports(astype)

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return self.child.max_quality()

    def weight(self) -> float:
        return self.child.weight()

    def score(self) -> float:
        return self.child.score()

    def value(self) -> Any:
        return self.child.value()

    def children(self) -> list[Any]:
        return [self.child]


def _posting_ids(matcher: Any, offset: int) -> np.ndarray:
    """All document numbers of one segment's posting list, a block at a time
    where the codec allows it (whoosh3's leaf matcher decodes a block's ids as
    one tuple; asking id by id was 40% of the time to load a term)."""
    if all(hasattr(matcher, a) for a in ("_read_ids", "_next_block", "_ids", "_i")):
        chunks = []
        while matcher.is_active():
            if matcher._ids is None:
                matcher._read_ids()
            chunks.append(np.asarray(matcher._ids[matcher._i:], dtype=np.int32))
            matcher._next_block()
        ids = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)
    else:
        ids = np.fromiter(matcher.all_ids(), dtype=np.int32)
    return ids + np.int32(offset) if offset else ids


def _only_terms(q: wquery.Query) -> bool:
    return all(type(leaf) is wquery.Term for leaf in q.leaves())


class _Restricted(wquery.Query):
    """A query whose matches are limited to the given documents (top-level
    numbers), with the query's own scores.

    Instead of scoring every match and discarding those a filter excludes
    (`filter=`), Whoosh skips block by block to the allowed documents only;
    hits, scores and order are the same."""

    fieldname = None

    def __init__(self, query: wquery.Query, docnums: np.ndarray) -> None:
        self.query = query
        self.docnums = docnums                     # sorted int64

    def __repr__(self) -> str:
        return f"_Restricted({self.query!r}, {len(self.docnums)})"

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def is_leaf(self) -> bool:
        return False

    def children(self) -> list[wquery.Query]:
        return [self.query]

    def estimate_size(self, ixreader: Any) -> int:
        return len(self.docnums)

    def estimate_min_size(self, ixreader: Any) -> int:
        return 0

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        parent = searcher.get_parent()
        offset = 0
        if parent is not searcher:
            offset = parent._offset_for_subsearcher(searcher) or 0
        lo, hi = np.searchsorted(self.docnums, [offset, offset + searcher.doc_count_all()])
        ids = (self.docnums[lo:hi] - offset).tolist()
        if not ids:
            return NullMatcher()
        child = self.query.matcher(searcher, context)
        if not child.is_active():
            return NullMatcher()
        return _RestrictedMatcher(child, ids)


# --------------------------------------------------------------------------
# per-generation arrays for facets, filters and sorts


@dataclass
class _Facet:
    """One facet as parallel arrays: document `docnums[i]` has value `valueids[i]`."""

    values: list[str]
    index: dict[str, int]
    docnums: np.ndarray
    valueids: np.ndarray

    def mask(self, n: int, selected: Iterable[str]) -> np.ndarray:
        """Documents carrying any of the selected values (OR within a facet)."""
        ids = [self.index[v] for v in selected if v in self.index]
        out = np.zeros(n, dtype=bool)
        if ids:
            out[self.docnums[np.isin(self.valueids, ids)]] = True
        return out

    def count(self, matched: np.ndarray) -> np.ndarray:
        return np.bincount(self.valueids[matched[self.docnums]], minlength=len(self.values))


@dataclass
class _Arrays:
    n: int
    live: np.ndarray
    facets: dict[str, _Facet]
    year: np.ndarray          # int64, valid where has_year
    has_year: np.ndarray
    title_rank: np.ndarray    # position of the title in alphabetical order
    added: np.ndarray | None  # int64 seconds (Document.added_seconds), 0 when not known; None:
                              # an index from before the field, shown newest first


def _build_arrays(reader: Any, schema: fields.Schema) -> _Arrays:
    """Read every facet's postings once; cheap compared with walking postings on
    every query, and invalidated by a new generation only."""
    n = reader.doc_count_all()
    live = np.zeros(n, dtype=bool)
    alive = np.fromiter(reader.all_doc_ids(), dtype=np.int64)
    live[alive] = True
    facets: dict[str, _Facet] = {}
    for name in FACETS:
        fld = schema[name]
        values: list[str] = []
        docs: list[np.ndarray] = []
        vids: list[np.ndarray] = []
        if name in reader.indexed_field_names():
            for btext in fld.sortable_terms(reader, name):
                ids = np.fromiter(reader.postings(name, btext).all_ids(), dtype=np.int64)
                vid = len(values)
                values.append(str(fld.from_bytes(btext)))
                docs.append(ids)
                vids.append(np.full(len(ids), vid, dtype=np.int64))
        facets[name] = _Facet(
            values=values,
            index={v: i for i, v in enumerate(values)},
            docnums=np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
            valueids=np.concatenate(vids) if vids else np.zeros(0, dtype=np.int64),
        )
    yf = facets["year"]
    year = np.zeros(n, dtype=np.int64)
    has_year = np.zeros(n, dtype=bool)
    if len(yf.docnums):
        year[yf.docnums] = np.array([int(v) for v in yf.values], dtype=np.int64)[yf.valueids]
        has_year[yf.docnums] = True
    title_rank = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    if "title_sort" in reader.indexed_field_names():
        for rank, btext in enumerate(reader.lexicon("title_sort")):
            ids = np.fromiter(reader.postings("title_sort", btext).all_ids(), dtype=np.int64)
            title_rank[ids] = rank
    added = None
    if "added" in schema:
        added = np.fromiter(reader.column_reader("added"), dtype=np.int64, count=n) if n \
            else np.zeros(0, dtype=np.int64)
    return _Arrays(n=n, live=live, facets=facets, year=year, has_year=has_year,
                   title_rank=title_rank, added=added)


class _Lru:
    """A small thread-safe LRU bounded by entry count and, optionally, bytes."""

    def __init__(self, entries: int, max_bytes: int | None = None) -> None:
        self.entries, self.max_bytes = entries, max_bytes
        self.bytes = 0
        self._d: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any:
        with self._lock:
            v = self._d.get(key)
            if v is not None:
                self._d.move_to_end(key)
            return v

    def _size(self, value: Any) -> int:
        """Bytes counted against `max_bytes`: a numpy array's own."""
        return getattr(value, "nbytes", 0) if self.max_bytes is not None else 0

    def put(self, key: Any, value: Any) -> None:
        with self._lock:
            old = self._d.pop(key, None)
            if old is not None:
                self.bytes -= self._size(old)
            self._d[key] = value
            self.bytes += self._size(value)
            while self._d and (len(self._d) > self.entries
                               or (self.max_bytes is not None and self.bytes > self.max_bytes)):
                _, dropped = self._d.popitem(last=False)
                self.bytes -= self._size(dropped)


def _state_of(searcher: Any) -> tuple[int, tuple[str, ...]]:
    """The committed state a searcher reads: its generation and its segments'
    ids. Segment ids are random per segment, so two indexes (before and after
    a rebuild) never share a state even when their generations are equal."""
    reader = searcher.reader()
    leaves = [reader] if reader.is_atomic() else [r for r, _ in reader.leaf_readers()]
    ids = tuple(leaf.segment().segment_id() for leaf in leaves if leaf.segment() is not None)
    return reader.generation(), ids


def _close_searcher(searcher: Any) -> None:
    searcher.close()


class _Generation:
    """Everything derived from one committed state of the index, dropped with it."""

    def __init__(self, reader: Any, schema: fields.Schema) -> None:
        self.arrays = _build_arrays(reader, schema)
        self.terms = _Lru(1_000_000, TERM_CACHE_BYTES)     # (field, text) -> docnums
        self.masks = _Lru(MASK_CACHE)                       # repr(query) -> mask
        self.facets = _Lru(FACET_CACHE)                     # query key -> facet counts
        self._speller: Speller | None = None
        self._vectors: vectors.PageMatrix | None = None
        self._lock = threading.Lock()

    def vectors(self, reader: Any) -> vectors.PageMatrix:
        """The page vectors of this state, docnum-aligned (built on first use)."""
        with self._lock:
            if self._vectors is None:
                blocks: list[Any] = [None] * self.arrays.n
                if "vectors" in reader.schema and reader.has_column("vectors"):
                    column = reader.column_reader("vectors")
                    for d in np.flatnonzero(self.arrays.live):
                        try:
                            data = column[int(d)]
                        except IndexError:      # a segment written without the column
                            data = b""
                        if data:
                            blocks[int(d)] = vectors.unpack(data)
                self._vectors = vectors.PageMatrix(blocks)
            return self._vectors

    def speller(self, reader: Any, fieldname: str) -> Speller:
        with self._lock:
            if self._speller is None:
                # per segment: a MultiReader merges term infos across segments
                # term by term, seven times slower
                freqs: dict[str, int] = {}
                leaves = reader.leaf_readers() if reader.is_atomic() is False else [(reader, 0)]
                for leaf, _ in leaves:
                    if fieldname not in leaf.indexed_field_names():
                        continue
                    for word, info in leaf.iter_field(fieldname):
                        if not isinstance(word, str):
                            word = word.decode("utf-8", "replace")
                        freqs[word] = freqs.get(word, 0) + int(info.weight())
                self._speller = Speller(freqs)
            return self._speller


# --------------------------------------------------------------------------


class WhooshIndex:
    """`kb.protocols.Index` on a Whoosh directory.

    One writer commit per `upsert`/`delete` call; searchers leased from a
    pool per operation, checked against the disk at most every
    `refresh_interval` seconds so a web server sees an ingest or a rebuild
    made by another process without a restart."""

    rebuild_batch: int | None = REBUILD_BATCH

    def __init__(
        self,
        path: Path,
        *,
        writer_timeout: float = 30.0,
        max_chars: int = 500,
        max_terms: int = 30,
        max_expansions: int = 50,
        refresh_interval: float = 1.0,
    ) -> None:
        self.path = Path(path)
        self.writer_timeout = writer_timeout
        self.max_chars = max_chars
        self.max_terms = max_terms
        self.max_expansions = max_expansions
        self.refresh_interval = refresh_interval
        self._ix = self._open(self.path)
        self.schema = self._ix.schema
        fieldnames = ["title", "body"]
        self._parser = KbQueryParser(fieldnames, self.schema)
        self._or_parser = KbQueryParser(
            fieldnames, self.schema, group=qparser.OrGroup.factory(0.9))
        self._lock = threading.Lock()
        self._generations: dict[Any, _Generation] = {}
        self._pool: ReaderPool[Any] = ReaderPool(
            self._open_searcher, _state_of, self._latest_state, _close_searcher,
            size=SEARCHERS, idle=IDLE_SEARCHERS, interval=refresh_interval)

    # ---------------------------------------------------------------- opening

    @staticmethod
    def _open(path: Path) -> Any:
        """Create the index when the directory is new or empty; otherwise open it,
        turning Whoosh's low-level failures into one error a curator can act on."""
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexUnavailable(f"cannot create the index directory {path}: {exc}") from exc
        leftovers = [p for p in path.iterdir() if not p.name.endswith(".lock")]
        try:
            if not leftovers:
                return windex.create_in(str(path), build_schema())
            if not windex.exists_in(str(path)):
                raise IndexUnavailable(
                    f"{path} holds files but no readable search index; move it away "
                    "and re-run the ingest to rebuild it")
            ix = windex.open_dir(str(path))
            if getattr(ix.schema["body"].analyzer, "lang", None) is None if "body" in ix.schema else False:
                ix.close()
                raise IndexUnavailable(
                    f"the index at {path} was built by an older KB version (English-only "
                    "analysis); rebuild it with `kb reindex`")
            if "added" not in ix.schema:
                ix = WhooshIndex._add_field(path, ix, "added")
            # an index from before page vectors opens as keyword-only
            missing = set(build_schema().names()) - set(ix.schema.names()) - {"vectors", "added"}
            if missing:
                ix.close()
                raise IndexUnavailable(
                    f"the index at {path} was built by another KB version (missing "
                    f"fields: {', '.join(sorted(missing))}); rebuild it with `kb reindex`")
            # Open a reader once so a missing or truncated segment is found now,
            # not in the middle of the first web request.
            ix.reader().close()
            return ix
        except IndexUnavailable:
            raise
        except Exception as exc:  # struct.error, FileNotFoundError, EOFError, pickle ...
            raise common.index_damaged(path, exc) from exc

    @staticmethod
    def _add_field(path: Path, ix: Any, name: str) -> Any:
        """An index from before field `name` gets it (empty for the documents
        it holds until they are indexed again: `kb reindex` fills it at once).
        While another process writes (or where the directory is read-only),
        the index opens as it is, and the sort that needs the field falls
        back (see `_order`)."""
        from whoosh.index import LockError

        try:
            writer = ix.writer()
        except (LockError, OSError):     # another writer, or a read-only directory
            return ix
        try:
            writer.add_field(name, build_schema()[name])
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        ix.close()
        return windex.open_dir(str(path))

    def _open_searcher(self) -> Any:
        try:
            return self._ix.searcher()
        except Exception as exc:
            raise common.index_damaged(self.path, exc) from exc

    def _latest_state(self) -> Any:
        """The committed state on disk now, named as `_state_of` names a reader's.

        A rebuild renames directories into place: read in that instant, the
        index is briefly missing, so a failed read is retried for a moment."""
        deadline = time.monotonic() + 2.0
        while True:
            try:
                gen = self._ix.latest_generation()
                toc = windex.TOC.read(self._ix.storage, self._ix.indexname, gen, schema=self.schema)
                return gen, tuple(seg.segment_id() for seg in toc.segments)
            except Exception as exc:
                if time.monotonic() > deadline:
                    raise common.index_damaged(self.path, exc) from exc
                time.sleep(0.05)

    @contextmanager
    def _searcher(self) -> Iterator[Any]:
        """A searcher of the latest committed state, for one operation."""
        with self._pool.lease() as s:
            yield s

    def _read(self, work: Callable[[Any], T]) -> T:
        """`work(searcher)`, once more on a fresh searcher if the files under
        the first one vanished: a rebuild swapped in and deleted them in the
        second before the pool's next look at the disk."""
        try:
            with self._searcher() as s:
                return work(s)
        except FileNotFoundError:
            self._pool.invalidate()
            with self._searcher() as s:
                return work(s)

    def _generation(self, searcher: Any) -> _Generation:
        key = _state_of(searcher)
        with self._lock:
            found = self._generations.get(key)
        if found is None:
            found = _Generation(searcher.reader(), self.schema)
            with self._lock:
                # keep the newest few states: a leased searcher may lag one behind
                found = self._generations.setdefault(key, found)
                while len(self._generations) > 3:          # dicts keep insertion order
                    self._generations.pop(next(iter(self._generations)))
        return found

    # ---------------------------------------------------------------- writing

    def _writer(self, documents: int = 0) -> Any:
        from whoosh.index import LockError

        # compound=False: a compound segment is copied into each reader's
        # private memory (~1 GB RSS per web worker @50k docs in the notes).
        options: dict[str, Any] = dict(compound=False, codec=KbCodec())
        procs = min(WRITER_PROCS, os.cpu_count() or 1)
        # Whoosh's parallel writer forks: only from a single-threaded process
        # (a rebuild), never from the ingest's writer thread, where a lock
        # held by another thread at the fork would hang the child.
        if documents >= PARALLEL_BATCH and procs > 1 and threading.active_count() == 1:
            # Each process writes its own segment and they are not merged (a
            # merge re-reads every posting in Python and cost more than the
            # build in the notes): a big batch adds `procs` segments.
            options.update(procs=procs, multisegment=True, limitmb=WRITER_LIMIT_MB)
        try:
            return self._ix.writer(timeout=self.writer_timeout, delay=0.05, **options)
        except LockError as exc:
            raise common.index_locked(self.path, self.writer_timeout) from exc

    def _commit(self, writer: Any) -> None:
        writer.commit()
        self._pool.invalidate()          # our own commit: seen by the next search at once

    def _fields(self, doc: Document) -> dict[str, Any]:
        data, pages = common.stored_forms(doc)
        lang = ana.chain_language(doc.language)
        out: dict[str, Any] = dict(
            id=doc.id,
            title=LangText.of([(doc.title or "", lang)]),
            body=LangText.of((p.text, ana.chain_language(p.language or doc.language)) for p in doc.pages),
            compound=" ".join(ana.compounds(doc.title or "") + [k for p in doc.pages for k in ana.compounds(p.text)]),
            pages=zlib.compress(pages),
            doc=data,
            content_hash=doc.content_hash or "",
            title_sort=_fold(doc.title or "")[:200] or "\uffff",
        )
        if "added" in self.schema:
            out["added"] = doc.added_seconds()
        if "vectors" in self.schema:
            # b"" for none: a column whose last documents have no value would
            # be read past its end
            out["vectors"] = doc.vectors or b""
        for facet in FACETS:
            values = doc.facet_values(facet)
            if not values:
                continue
            if facet == "year":
                out["year"] = int(values[0])
            elif facet in MULTI_VALUED:
                out[facet] = ",".join(v.replace(",", " ") for v in values)
            else:
                out[facet] = values[0]
        return out

    def upsert(self, documents: Iterable[Document]) -> None:
        """Add or replace documents by id, all in one commit: a failure part-way
        leaves the index as it was."""
        # The last of several documents with one id wins, as on tantivy:
        # Whoosh's update_document deletes only what earlier commits hold.
        docs = list({doc.id: doc for doc in documents}.values())
        if not docs:
            return
        writer = self._writer(len(docs))
        try:
            for doc in docs:
                writer.update_document(**self._fields(doc))
        except BaseException:
            writer.cancel()
            raise
        # Whoosh's merge of small segments stays on, although it re-indexes
        # every merged posting in Python: once ~20 segments of 1,000
        # documents exist it merges them all (a 50k rebuild: 81 docs/s
        # instead of 218 without merging), but 50 unmerged segments made
        # queries @50k a third slower (p95 275 ms instead of 207 ms).
        # Fewer, larger rebuild batches avoid both costs.
        self._commit(writer)

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        writer = self._writer()
        try:
            for doc_id in ids:
                writer.delete_by_term("id", doc_id)
        except BaseException:
            writer.cancel()
            raise
        self._commit(writer)

    # ---------------------------------------------------------------- reading

    def refresh(self) -> None:
        """Pick up commits made by other processes now rather than within a second."""
        self._pool.invalidate()
        try:
            with self._searcher():
                pass
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise common.index_reread_failed(self.path, exc) from exc

    def close(self) -> None:
        self._pool.close()
        with self._lock:
            self._generations.clear()
        self._ix.close()

    def count(self) -> int:
        return self._read(lambda s: s.doc_count())

    def _column(self, reader: Any, name: str) -> list[Any]:
        return list(reader.column_reader(name, translate=True))

    def ids(self) -> set[str]:
        return set(self.hashes())

    def hashes(self) -> dict[str, str]:
        """id -> content hash of every live document, from columns so no stored
        document is unpickled (the ingest asks for this on every run)."""
        return self._read(lambda s: self._hashes(s.reader()))

    def _hashes(self, reader: Any) -> dict[str, str]:
        if reader.doc_count_all() == 0:
            return {}
        ids = self._column(reader, "id")
        hashes = self._column(reader, "content_hash")
        return {ids[d]: hashes[d] for d in reader.all_doc_ids()}

    def _docnum(self, searcher: Any, doc_id: str) -> int | None:
        return searcher.document_number(id=doc_id)

    def _stored(self, searcher: Any, docnum: int) -> tuple[dict[str, Any], list[list[Any]]]:
        stored = searcher.stored_fields(docnum)
        data = json.loads(stored["doc"])
        pages = json.loads(zlib.decompress(stored["pages"]).decode("utf-8"))
        return data, pages

    def get(self, id: str) -> Document | None:
        return self._read(lambda s: self._get(s, id))

    def _get(self, s: Any, id: str) -> Document | None:
        docnum = self._docnum(s, id)
        if docnum is None:
            return None
        data, pages = self._stored(s, docnum)
        return common.document_from_stored(data, pages)

    # ---------------------------------------------------------------- parsing

    def _parse(self, text: str, searcher: Any, *, any_word: bool = False,
               expand: bool = False) -> Parsed:
        """Bounded, never-raising parse: shortened when too long, plain words
        when the syntax cannot be read, wildcards capped; plain words analysed
        for their languages and compounds (`indexes.analysis.rewrite_plain`),
        and with `expand` the thesaurus terms of the concepts named OR'ed in
        at a lower weight."""
        bounded = common.bound_query(text, self.max_chars, self.max_terms, OPERATORS)
        text, notices, words = bounded.text, list(bounded.notices), list(bounded.words)
        if not text:
            return Parsed(None, notices, words)
        problem = common.syntax_problem(text, OPERATORS, _FIELD_PREFIX)
        reader = searcher.reader()
        known = lambda key: reader.doc_frequency(ana.COMPOUND_FIELD, key) > 0      # noqa: E731
        q = None
        plain = False
        if problem is None:
            plain = common.is_plain(text, OPERATORS)
            parser = self._or_parser if any_word else self._parser
            try:
                q = parser.parse(ana.rewrite_plain(text, known) if plain else text)
            except Exception as exc:  # Whoosh can still trip on odd input
                problem = f"it could not be parsed ({type(exc).__name__})"
        if problem is not None:
            notices.append(common.notice_unreadable(problem))
            plain = True
            parser = self._or_parser if any_word else self._parser
            rewritten = ana.rewrite_plain(" ".join(words), known) if words else ""
            q = parser.parse(rewritten) if rewritten else None
        if q is None or q is wquery.NullQuery or isinstance(q, type(wquery.NullQuery)):
            if text:
                notices.append(NOTICE_NO_WORDS)
            return Parsed(None, notices, words)
        q, capped = self._cap_expansions(q, reader)
        if capped:
            notices.append(common.notice_capped(self.max_expansions))
        expanded: list[str] = []
        if expand:
            extra = []
            for term in common.expansions(text):
                eq = self._parser.parse(ana.expansion_query(term))
                if eq is not None and eq is not wquery.NullQuery and not isinstance(eq, type(wquery.NullQuery)):
                    extra.append(eq)
                    expanded.append(term)
            if extra:
                q = wquery.Or([q, wquery.Or(extra, boost=common.EXPANSION_BOOST)])
        terms = frozenset(
            t if isinstance(t, str) else t.decode("utf-8", "replace")
            for f, t in q.iter_all_terms(phrases=True) if f in _MARKED_FIELDS)
        return Parsed(q, notices, words, terms, plain, tuple(expanded))

    def _cap_expansions(self, q: wquery.Query, reader: Any) -> tuple[wquery.Query, bool]:
        """Replace prefix/wildcard/range queries by an OR of at most
        `max_expansions` of their most frequent words."""
        capped = False

        def fix(node: wquery.Query) -> wquery.Query:
            nonlocal capped
            if not isinstance(node, wquery.MultiTerm):
                return node
            fieldname = node.fieldname
            if fieldname not in reader.indexed_field_names():
                return wquery.NullQuery
            fld = self.schema[fieldname]
            found = list(islice(node._btexts(reader), self.max_expansions * 20))
            if len(found) > self.max_expansions:
                capped = True
                found.sort(key=lambda b: -reader.doc_frequency(fieldname, b))
                found = found[: self.max_expansions]
            if not found:
                return wquery.NullQuery
            return wquery.Or([wquery.Term(fieldname, fld.from_bytes(b)) for b in found],
                             boost=node.boost)

        return q.accept(fix), capped

    # ---------------------------------------------------------------- matching

    def _term_docs(self, searcher: Any, gen: _Generation, fieldname: str, text: Any) -> np.ndarray:
        """Document numbers containing one term, cached per generation."""
        key = (fieldname, text)
        docs = gen.terms.get(key)
        if docs is None:
            from whoosh.reading import TermNotFound

            reader = searcher.reader()
            leaves = [(reader, 0)] if reader.is_atomic() else reader.leaf_readers()
            parts = []
            for leaf, offset in leaves:
                try:
                    parts.append(_posting_ids(leaf.postings(fieldname, text), offset))
                except TermNotFound:
                    continue
            docs = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
            gen.terms.put(key, docs)
        return docs

    def _node_mask(self, searcher: Any, gen: _Generation, node: wquery.Query) -> np.ndarray:
        """Documents a query node matches, deleted ones included (the caller
        masks with `live`). Boolean structure and terms with numpy; anything
        positional (phrases, near) through Whoosh's own matcher."""
        n = gen.arrays.n
        kind = type(node)
        if kind is wquery.Term:
            mask = np.zeros(n, dtype=bool)
            mask[self._term_docs(searcher, gen, node.fieldname, node.text)] = True
            return mask
        if kind is wquery.And:
            parts = node.subqueries
            if not parts:
                return np.zeros(n, dtype=bool)
            mask = self._node_mask(searcher, gen, parts[0])
            for sub in parts[1:]:
                if not mask.any():
                    break
                mask &= self._node_mask(searcher, gen, sub)
            return mask
        if kind is wquery.Or and not getattr(node, "minmatch", 0):
            mask = np.zeros(n, dtype=bool)
            for sub in node.subqueries:
                mask |= self._node_mask(searcher, gen, sub)
            return mask
        if kind is wquery.Not:
            return ~self._node_mask(searcher, gen, node.query)
        if kind is wquery.AndNot:
            return self._node_mask(searcher, gen, node.a) & ~self._node_mask(searcher, gen, node.b)
        if kind is wquery.AndMaybe:
            return self._node_mask(searcher, gen, node.a)
        if node is wquery.NullQuery or isinstance(node, type(wquery.NullQuery)):
            return np.zeros(n, dtype=bool)
        mask = np.zeros(n, dtype=bool)
        mask[np.fromiter(searcher.docs_for_query(node), dtype=np.int64)] = True
        return mask

    def _match_mask(self, searcher: Any, q: wquery.Query | None, gen: _Generation) -> np.ndarray:
        """Live documents matching `q` (all of them for None); a fresh array."""
        arrays = gen.arrays
        if q is None:
            return arrays.live.copy()
        key = repr(q)
        cached = gen.masks.get(key)
        if cached is None:
            cached = self._node_mask(searcher, gen, q) & arrays.live
            gen.masks.put(key, cached)
        return cached.copy()

    def _filter_masks(self, query: Query, arrays: _Arrays) -> dict[str, np.ndarray]:
        masks = {}
        for facet, values in query.filters.items():
            if values:
                masks[facet] = arrays.facets[facet].mask(arrays.n, [str(v) for v in values])
        return masks

    def _year_mask(self, query: Query, arrays: _Arrays) -> np.ndarray | None:
        if query.year_from is None and query.year_to is None:
            return None
        mask = arrays.has_year.copy()
        if query.year_from is not None:
            mask &= arrays.year >= query.year_from
        if query.year_to is not None:
            mask &= arrays.year <= query.year_to
        return mask

    def _facet_counts(
        self, query: Query, arrays: _Arrays, base: np.ndarray, masks: dict[str, np.ndarray],
    ) -> dict[str, tuple[FacetCount, ...]]:
        """Disjunctive counts: each facet with every other facet's selection applied
        but not its own, so a count says what clicking the value gives."""
        wanted = [f for f in query.facets if f in arrays.facets]
        counted: dict[str, dict[str, int]] = {}
        for names, applied in common.disjunctive_groups(wanted, masks):
            mask = base
            if applied:
                mask = base.copy()
                for other in applied:
                    mask &= masks[other]
            for facet in names:
                fa = arrays.facets[facet]
                counts = fa.count(mask)
                nz = np.flatnonzero(counts)
                counted[facet] = {fa.values[i]: int(counts[i]) for i in nz}
        return {f: common.facet_counts(f, counted[f], query) for f in wanted}

    def _order(self, docnums: np.ndarray, arrays: _Arrays, sort: str) -> np.ndarray:
        """Order documents for the non-relevance sorts; undated documents last."""
        title = arrays.title_rank[docnums]
        undated = ~arrays.has_year[docnums]
        year = arrays.year[docnums]
        if sort == "title":
            keys = (docnums, title)
        elif sort == "added" and arrays.added is not None:
            added = arrays.added[docnums]
            keys = (title, -added, added == 0)
        elif sort == "oldest":
            keys = (title, year, undated)
        else:  # newest, and browsing with no query text
            keys = (title, -year, undated)
        return docnums[np.lexsort(keys)]

    # ---------------------------------------------------------------- searching

    def search(self, query: Query) -> Results:
        common.check_query(query)
        return self._read(lambda s: self._search(s, query))

    def _search(self, s: Any, query: Query) -> Results:
        gen = self._generation(s)
        arrays = gen.arrays
        parsed = self._parse(query.text, s, expand=query.expand)
        masks = self._filter_masks(query, arrays)
        year_mask = self._year_mask(query, arrays)

        def matched(p: Parsed) -> tuple[np.ndarray, np.ndarray]:
            base = self._match_mask(s, p.query, gen)
            if year_mask is not None:
                base &= year_mask
            full = base.copy()
            for m in masks.values():
                full &= m
            return base, full

        base, full = matched(parsed)
        total = int(full.sum())
        notices = list(parsed.notices)
        if common.should_widen(parsed, total):
            wider = self._parse(query.text, s, any_word=True, expand=query.expand)
            wbase, wfull = matched(wider)
            if wfull.any():
                parsed, base, full, total = wider, wbase, wfull, int(wfull.sum())
                notices = list(wider.notices) + [NOTICE_WIDER]

        suggestion = None
        if parsed.words:
            suggestion = self._did_you_mean(query.text, parsed.words, s, gen, masks,
                                            year_mask, total)

        # Page vectors: their candidates join the keyword matches as one more
        # way to match, before filters, counts and paging (indexes.vectors).
        vec = self._vector_candidates(s, gen, query, parsed, year_mask, notices)
        keyword_full = full
        if vec is not None:
            base = base | vec[2]
            full = base.copy()
            for m in masks.values():
                full &= m
            total = int(full.sum())

        start, end = common.page_window(query, total)
        hits: list[Hit] = []
        if start < end and vec is not None and query.sort == "relevance":
            matrix, scores, _, cands = vec
            q = parsed.query
            if masks or year_mask is not None or not _only_terms(q):
                q = _Restricted(q, np.flatnonzero(keyword_full))
            ranked = [r.docnum for r in s.search(q, limit=end + len(cands))] if keyword_full.any() else []
            fused = fusion.hybrid(ranked, [int(d) for d in cands if full[d]])
            hits = [self._hit(s, d, score, parsed.terms, matrix.best_page(scores, d))
                    for d, score in fused[start:end]]
        elif start < end:
            if parsed.query is not None and query.sort == "relevance":
                q = parsed.query
                if masks or year_mask is not None or not _only_terms(q):
                    # The matched set is known: score only those documents
                    # rather than every match (filters) or every document
                    # holding all the words of a phrase. Unfiltered word
                    # queries keep Whoosh's own walk, whose block skipping
                    # is faster on large result sets.
                    q = _Restricted(q, np.flatnonzero(full))
                results = s.search(q, limit=end)
                picked = [(r.docnum, r.score) for r in results[start:end]]
            else:
                order = self._order(np.flatnonzero(full), arrays, query.sort)
                picked = [(int(d), 0.0) for d in order[start:end]]
            hits = [self._hit(s, d, score, parsed.terms,
                              vec[0].best_page(vec[1], d) if vec is not None else None)
                    for d, score in picked]

        key = (repr(parsed.query), vec is not None and query.text,
               year_mask is not None and (query.year_from, query.year_to),
               tuple(sorted((f, tuple(sorted(map(str, v)))) for f, v in query.filters.items() if v)),
               tuple(query.facets), query.facet_limit)
        facets = gen.facets.get(key)
        if facets is None:
            facets = self._facet_counts(query, arrays, base, masks)
            gen.facets.put(key, facets)
        return Results(
            query=query, hits=tuple(hits), total=total, facets=facets,
            suggestion=suggestion, notice=" ".join(notices) or None,
            mode="hybrid" if vec is not None else "keyword", expanded=parsed.expanded,
        )

    def _vector_candidates(self, s: Any, gen: _Generation, query: Query, parsed: Parsed,
                           year_mask: np.ndarray | None, notices: list[str]) -> Any:
        """(matrix, scores, candidate mask, candidates best first) of the
        documents whose pages are near the query, among live documents in the
        year range; None when the query or the index has no use for vectors."""
        if parsed.query is None or not vectors.wants_vectors(query.mode, query.text):
            return None
        matrix = gen.vectors(s.reader())
        if not matrix:
            if query.mode == "hybrid":
                notices.append(vectors.NOTICE_NO_VECTORS)
            return None
        scores = matrix.score(vectors.query_vector(query.text))
        allowed = gen.arrays.live if year_mask is None else gen.arrays.live & year_mask
        cands = matrix.candidates(scores, allowed)
        mask = np.zeros(gen.arrays.n, dtype=bool)
        mask[cands] = True
        return matrix, scores, mask, cands

    def vector_documents(self) -> int:
        """How many live documents have page vectors."""
        return self._read(lambda s: int((self._generation(s).vectors(s.reader()).has
                                         & self._generation(s).arrays.live).sum()))

    # ---------------------------------------------------------------- hits

    def _hit(self, searcher: Any, docnum: int, score: float, terms: frozenset[str],
             vector_page: int | None = None) -> Hit:
        data, pages = self._stored(searcher, docnum)
        i, spans = common.best_page(pages, terms, _fold, lambda t, lang: _page_spans(t, terms, lang),
                                     data.get("language"))
        if not spans and vector_page is not None and vector_page < len(pages):
            i = vector_page          # no page holds the words: the page nearest in meaning
        if pages:
            number, snippet = pages[i][0], make_snippet(pages[i][1], spans)
        else:
            number, snippet = None, Snippet(())
        return common.make_hit(data, score, number, len(pages), snippet)

    def search_within(self, id: str, text: str, limit: int = 20) -> list[tuple[int, Snippet]]:
        """Pages of one document matching `text`, most matches first."""
        return self._read(lambda s: self._search_within(s, id, text, limit))

    def _search_within(self, s: Any, id: str, text: str, limit: int) -> list[tuple[int, Snippet]]:
        docnum = self._docnum(s, id)
        if docnum is None:
            return []
        parsed = self._parse(text, s)
        if not parsed.terms:
            return []
        data, pages = self._stored(s, docnum)
        found = common.matching_pages(pages, parsed.terms, _fold,
                                      lambda t, lang: _page_spans(t, parsed.terms, lang), limit,
                                      data.get("language"))
        return [(n, make_snippet(t, spans)) for n, t, spans in found]

    def more_like(self, id: str, limit: int = 5) -> list[Hit]:
        """Documents sharing the key terms of this one (never itself)."""
        return self._read(lambda s: self._more_like(s, id, limit))

    def _more_like(self, s: Any, id: str, limit: int) -> list[Hit]:
        docnum = self._docnum(s, id)
        if docnum is None or limit <= 0:
            return []
        data, pages = self._stored(s, docnum)
        text = common.more_like_text(data, pages)
        if not text.strip():
            return []
        results = s.more_like(docnum, "body", text=text, top=limit, numterms=12)
        return [self._hit(s, r.docnum, r.score, frozenset()) for r in results[:limit]]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Whole words (not stems) starting with `prefix`, most frequent first,
        for autocomplete."""
        last = common.suggest_word(prefix, limit, _fold)
        if last is None:
            return []
        return self._read(lambda s: self._suggest(s.reader(), last, limit))

    def _suggest(self, reader: Any, last: str, limit: int) -> list[str]:
        fieldname = self.schema["body"].spelling_fieldname("body")
        if fieldname not in reader.indexed_field_names():
            return []
        found = list(islice(reader.expand_prefix(fieldname, last), 500))
        found = [w if isinstance(w, str) else w.decode("utf-8") for w in found]
        freq = {w: reader.frequency(fieldname, w) for w in found}
        found.sort(key=lambda w: (-freq[w], w))
        return found[:limit]

    def _did_you_mean(
        self, text: str, words: list[str], searcher: Any, gen: _Generation,
        masks: dict[str, np.ndarray], year_mask: np.ndarray | None, total: int,
    ) -> str | None:
        """Correct the raw words (stems are no words to offer) against the
        spelling field's word list (`common.correct_word`), and offer the
        corrected query when it finds far more than the original
        (`common.better_suggestion`). The field's own words are never
        corrected."""
        spelling = self.schema["body"].spelling_fieldname("body")
        reader = searcher.reader()
        langs = ana.query_stop_languages(words)
        docs = int(gen.arrays.live.sum())
        # a word in many documents is no typo: skip the word list for it
        candidates = [w for w in dict.fromkeys(words)
                      if reader.doc_frequency(spelling, ana.fold(w.lower())) * common.FAR_MORE <= docs
                      and common.may_correct(w, langs)]
        if not candidates:
            return None
        speller = gen.speller(reader, spelling)
        corrected = common.corrected_query(text, candidates,
                                           lambda w: speller.correct(ana.fold(w), docs))
        if corrected is None:
            return None
        parsed = self._parse(corrected, searcher)
        mask = self._match_mask(searcher, parsed.query, gen)
        if year_mask is not None:
            mask &= year_mask
        for m in masks.values():
            mask &= m
        return corrected if common.better_suggestion(total, int(mask.sum())) else None
