"""The embedded default backend: a Whoosh index on disk.

What the measurements in `whoosh-notes.md` shaped here:
- facet counts do not use `groupedby=` (it scores and keeps every hit); per
  searcher generation we build numpy arrays (docnum -> value id pairs) once and
  count with `numpy.bincount` over a boolean mask of matched documents;
- hits are fetched with a bounded `limit`, and only the shown hits are
  highlighted, each on the stored text of its best page only;
- query parsing is bounded (characters, terms, wildcard expansion) because
  Whoosh parsing is quadratic and prefix expansion unbounded;
- a searcher is not thread-safe: one per thread, refreshed when the index on
  disk moved on, and all of them closed in `close()`;
- a truncated TOC raises `struct.error` and a missing segment
  `FileNotFoundError`: both become `IndexUnavailable` with a readable message.
"""
from __future__ import annotations

import json
import logging
import re
import threading
import time
import zlib
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Iterable

import numpy as np
from whoosh import analysis, fields, index as windex, qparser, query as wquery
from whoosh.support.charset import accent_map

from kb.errors import IndexUnavailable, InvalidQuery
from kb.models import (
    FACETS, MULTI_VALUED, SORTS, Document, FacetCount, Hit, Query, Results, Snippet,
)
from kb.serialize import document_from_dict, document_to_dict

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SNIPPET_CHARS = 260          # characters of page text shown around the best match
SNIPPET_LEAD = 60            # context kept before the first match of the window
SUGGEST_BELOW = 3            # look for a did-you-mean when fewer hits than this
MORE_LIKE_CHARS = 20_000     # text of a document used to find related ones
OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})
USER_FIELDS = frozenset({"title", "body"})
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")
_FIELD_PREFIX = re.compile(r"(?:^|[\s(])(\w+):")


def _analyzer() -> analysis.Analyzer:
    """Stemming plus accent folding, so "numérique" finds "numerique" and
    "services" finds "service" in English text."""
    return analysis.StemmingAnalyzer() | analysis.CharsetFilter(accent_map)


def _fold(text: str) -> str:
    """Lower-case, accent-free form used for sort keys and quick page checks."""
    return text.translate(accent_map).casefold()


def build_schema() -> fields.Schema:
    ana = _analyzer()
    keyword = dict(commas=True, stored=True, lowercase=False, scorable=False)
    return fields.Schema(
        id=fields.ID(unique=True, stored=True, sortable=True),
        title=fields.TEXT(analyzer=ana, field_boost=3.0),
        body=fields.TEXT(analyzer=ana, spelling=True),
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
    )


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
    return _Arrays(n=n, live=live, facets=facets, year=year, has_year=has_year,
                   title_rank=title_rank)


# --------------------------------------------------------------------------
# snippets


def _page_spans(analyzer: Any, text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` whose analysed form is a query term."""
    if not terms or not text:
        return []
    return [(t.startchar, t.endchar) for t in analyzer(text, chars=True) if t.text in terms]


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text)


def make_snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> Snippet:
    """A passage of about `width` characters around the densest run of matches,
    as (text, matched) parts; the start of the text when nothing matched."""
    if not text:
        return Snippet(())
    if not spans:
        end = min(len(text), width)
        if end < len(text):
            space = text.rfind(" ", int(width * 0.7), end)
            end = space if space > 0 else end
        body = _clean(text[:end]).strip()
        return Snippet(((body + (" …" if end < len(text) else ""), False),))
    best_i, best_n, j = 0, 0, 0
    for i, (s, _) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] <= s + width - SNIPPET_LEAD:
            j += 1
        if j - i + 1 > best_n:
            best_i, best_n = i, j - i + 1
    start = max(0, spans[best_i][0] - SNIPPET_LEAD)
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space > 0 else end
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("… ", False))
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        if s > pos:
            parts.append((_clean(text[pos:s]), False))
        parts.append((_clean(text[s:e]), True))
        pos = e
    if pos < end:
        parts.append((_clean(text[pos:end]), False))
    if end < len(text):
        parts.append((" …", False))
    merged: list[tuple[str, bool]] = []
    for part, hit in parts:
        if not part:
            continue
        if merged and merged[-1][1] == hit and not hit:
            merged[-1] = (merged[-1][0] + part, hit)
        else:
            merged.append((part, hit))
    if merged and not merged[0][1]:
        merged[0] = (merged[0][0].lstrip(), False)
    return Snippet(tuple(p for p in merged if p[0]))


# --------------------------------------------------------------------------
# parsed queries


@dataclass
class _Parsed:
    query: wquery.Query | None            # None: browse everything
    notices: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)   # raw words, for did-you-mean
    terms: frozenset[str] = frozenset()   # analysed terms, for best page and marks
    plain: bool = False                   # only plain words, no operators: OR fallback allowed


def _syntax_problem(text: str) -> str | None:
    """What makes a query unreadable as Whoosh syntax, in words for the user.
    Whoosh itself rarely raises; it silently drops such parts instead."""
    if text.count('"') % 2:
        return "a quote is not closed"
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return "a bracket is closed that was never opened"
    if depth:
        return "a bracket is not closed"
    tokens = text.split()
    ops = [t for t in tokens if t in OPERATORS]
    if ops:
        if tokens[0] in OPERATORS - {"NOT"} or tokens[-1] in OPERATORS:
            return f"'{ops[0]}' needs a word on each side"
        for a, b in zip(tokens, tokens[1:]):
            if a in OPERATORS and b in OPERATORS - {"NOT"}:
                return f"'{a} {b}' has nothing between the operators"
    for name in _FIELD_PREFIX.findall(text):
        if name not in USER_FIELDS:
            return f"'{name}:' is not a field you can search (use title: or body:)"
    if re.search(r"\w:(\s|$)", text):
        return "a field name is followed by nothing"
    if any(t.strip("()") in {"*", "?"} or t.startswith(("*", "?")) for t in tokens):
        return "a wildcard needs some letters before it"
    return None


# --------------------------------------------------------------------------


class WhooshIndex:
    """`kb.protocols.Index` on a Whoosh directory.

    One writer commit per `upsert`/`delete` call; one searcher per thread,
    checked against the disk at most every `refresh_interval` seconds so a web
    server sees an ingest made by another process without a restart."""

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
        self._analyzer = _analyzer()
        self._ix = self._open(self.path)
        self.schema = self._ix.schema
        fieldnames = ["title", "body"]
        self._parser = qparser.MultifieldParser(fieldnames, self.schema)
        self._or_parser = qparser.MultifieldParser(
            fieldnames, self.schema, group=qparser.OrGroup.factory(0.9))
        self._plain_parser = qparser.MultifieldParser(
            fieldnames, self.schema, plugins=[qparser.WhitespacePlugin()])
        self._plain_or_parser = qparser.MultifieldParser(
            fieldnames, self.schema, plugins=[qparser.WhitespacePlugin()],
            group=qparser.OrGroup.factory(0.9))
        self._local = threading.local()
        self._lock = threading.Lock()
        self._searchers: list[Any] = []
        self._arrays: dict[Any, _Arrays] = {}
        self._commits = 0          # bumped on our own commits: refresh every thread at once
        self._closed = False

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
            missing = set(build_schema().names()) - set(ix.schema.names())
            if missing:
                ix.close()
                raise IndexUnavailable(
                    f"the index at {path} was built by another KB version (missing "
                    f"fields: {', '.join(sorted(missing))}); rebuild it with a fresh ingest")
            # Open a reader once so a missing or truncated segment is found now,
            # not in the middle of the first web request.
            ix.reader().close()
            return ix
        except IndexUnavailable:
            raise
        except Exception as exc:  # struct.error, FileNotFoundError, EOFError, pickle ...
            raise IndexUnavailable(
                f"the search index at {path} is damaged or unreadable "
                f"({type(exc).__name__}: {exc}); rebuild it with a fresh ingest") from exc

    def _searcher(self) -> Any:
        """This thread's searcher, refreshed when the index on disk moved on."""
        if self._closed:
            raise IndexUnavailable("the index has been closed")
        loc = self._local
        s = getattr(loc, "searcher", None)
        now = time.monotonic()
        try:
            if s is None:
                s = self._ix.searcher()
                with self._lock:
                    self._searchers.append(s)
                loc.checked, loc.commits = now, self._commits
            elif loc.commits != self._commits or now - loc.checked >= self.refresh_interval:
                loc.checked, loc.commits = now, self._commits
                if not s.up_to_date():
                    s = self._reopen(s)
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise IndexUnavailable(
                f"the search index at {self.path} could not be read "
                f"({type(exc).__name__}: {exc}); rebuild it with a fresh ingest") from exc
        loc.searcher = s
        return s

    def _reopen(self, old: Any) -> Any:
        """A new searcher on the latest commit, closing the old one.

        Not `Searcher.refresh()`: in whoosh-reloaded 2.7.5 its reader reuse
        appends the old segments to the new ones (`segment not in segments`
        compares identity), so a replaced document is counted twice."""
        new = self._ix.searcher()
        with self._lock:
            if old in self._searchers:
                self._searchers.remove(old)
            self._searchers.append(new)
        try:
            old.close()
        except Exception:  # a vanished segment file: the new searcher is what matters
            pass
        return new

    def _arrays_for(self, searcher: Any) -> _Arrays:
        reader = searcher.reader()
        gen = reader.generation()
        key = gen if gen is not None else id(reader)
        with self._lock:
            arrays = self._arrays.get(key)
        if arrays is None:
            arrays = _build_arrays(reader, self.schema)
            with self._lock:
                # keep the newest few generations: threads may lag one refresh behind
                self._arrays[key] = arrays
                while len(self._arrays) > 3:          # dicts keep insertion order
                    self._arrays.pop(next(iter(self._arrays)))
        return arrays

    # ---------------------------------------------------------------- writing

    def _writer(self) -> Any:
        from whoosh.index import LockError

        try:
            # compound=False: a compound segment is copied into each reader's
            # private memory (~1 GB RSS per web worker @50k docs in the notes).
            return self._ix.writer(timeout=self.writer_timeout, delay=0.05, compound=False)
        except LockError as exc:
            raise IndexUnavailable(
                f"the index at {self.path} is locked by another writer for more than "
                f"{self.writer_timeout:g} s; is another ingest running?") from exc

    def _commit(self, writer: Any) -> None:
        writer.commit()
        self._commits += 1

    def _fields(self, doc: Document) -> dict[str, Any]:
        data = document_to_dict(doc, pages=False)
        pages = [[p.number, p.text, p.title] for p in doc.pages]
        out: dict[str, Any] = dict(
            id=doc.id,
            title=doc.title or "",
            body="\n\n".join(p.text for p in doc.pages),
            pages=zlib.compress(json.dumps(pages, ensure_ascii=False).encode("utf-8")),
            doc=json.dumps(data, ensure_ascii=False, default=str),
            content_hash=doc.content_hash or "",
            title_sort=_fold(doc.title or "")[:200] or "\uffff",
        )
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
        docs = list(documents)
        if not docs:
            return
        writer = self._writer()
        try:
            for doc in docs:
                writer.update_document(**self._fields(doc))
        except BaseException:
            writer.cancel()
            raise
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
        s = self._searcher()
        try:
            if not s.up_to_date():
                self._local.searcher = self._reopen(s)
        except Exception as exc:
            raise IndexUnavailable(
                f"the search index at {self.path} could not be re-read "
                f"({type(exc).__name__}: {exc})") from exc

    def close(self) -> None:
        self._closed = True
        with self._lock:
            searchers, self._searchers = self._searchers, []
            self._arrays.clear()
        for s in searchers:
            try:
                s.close()
            except Exception:  # closing twice or a vanished file: nothing to lose
                pass
        self._ix.close()

    def count(self) -> int:
        return self._searcher().doc_count()

    def _column(self, reader: Any, name: str) -> list[Any]:
        return list(reader.column_reader(name, translate=True))

    def ids(self) -> set[str]:
        return set(self.hashes())

    def hashes(self) -> dict[str, str]:
        """id -> content hash of every live document, from columns so no stored
        document is unpickled (the ingest asks for this on every run)."""
        reader = self._searcher().reader()
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
        s = self._searcher()
        docnum = self._docnum(s, id)
        if docnum is None:
            return None
        data, pages = self._stored(s, docnum)
        data["pages"] = [{"number": n, "text": t, "title": ti} for n, t, ti in pages]
        return document_from_dict(data)

    # ---------------------------------------------------------------- parsing

    def _parse(self, text: str, searcher: Any, *, any_word: bool = False) -> _Parsed:
        """Bounded, never-raising parse: shortened when too long, plain words
        when the syntax cannot be read, wildcards capped."""
        notices: list[str] = []
        text = " ".join(text.split())
        if len(text) > self.max_chars:
            cut = text.rfind(" ", 0, self.max_chars + 1)
            text = text[: cut if cut > 0 else self.max_chars]
            notices.append(f"Your query was shortened to its first {len(text)} characters.")
        # "what is e-government?" is a question, not a one-letter wildcard
        text = re.sub(r"(\w)\?+(?=\s|$)", r"\1", text)
        tokens = text.split()
        if len(tokens) > self.max_terms:
            text = " ".join(tokens[: self.max_terms])
            notices.append(f"Your query was shortened to its first {self.max_terms} words.")
        words = [w for w in _WORD.findall(text) if w not in OPERATORS]
        if not text:
            return _Parsed(None, notices, words)
        problem = _syntax_problem(text)
        q = None
        plain = False
        if problem is None:
            plain = not re.search(r'["()*?:^~\[\]{}+]|(?:^|\s)-', text) \
                and not (set(text.split()) & OPERATORS)
            parser = self._or_parser if any_word else self._parser
            try:
                q = parser.parse(text)
            except Exception as exc:  # Whoosh can still trip on odd input
                problem = f"it could not be parsed ({type(exc).__name__})"
        if problem is not None:
            notices.append(
                f"Your query could not be read as written: {problem}. "
                "Searched for its words instead.")
            plain = True
            parser = self._plain_or_parser if any_word else self._plain_parser
            q = parser.parse(" ".join(words)) if words else None
        if q is None or q is wquery.NullQuery or isinstance(q, type(wquery.NullQuery)):
            if text:
                notices.append(
                    "Your query has no words to search for (very common words are "
                    "ignored); showing all documents.")
            return _Parsed(None, notices, words)
        q, capped = self._cap_expansions(q, searcher.reader())
        if capped:
            notices.append(
                f"A wildcard matched too many words; only the {self.max_expansions} "
                "most frequent were searched.")
        terms = frozenset(
            t if isinstance(t, str) else t.decode("utf-8", "replace")
            for f, t in q.iter_all_terms(phrases=True) if f in USER_FIELDS)
        return _Parsed(q, notices, words, terms, plain)

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

    # ---------------------------------------------------------------- searching

    def _match_mask(self, searcher: Any, q: wquery.Query | None, arrays: _Arrays) -> np.ndarray:
        if q is None:
            return arrays.live.copy()
        mask = np.zeros(arrays.n, dtype=bool)
        docs = np.fromiter(searcher.docs_for_query(q), dtype=np.int64)
        mask[docs] = True
        return mask & arrays.live

    def _filter_masks(self, query: Query, arrays: _Arrays) -> dict[str, np.ndarray]:
        masks = {}
        for facet, values in query.filters.items():
            if facet not in arrays.facets:
                raise InvalidQuery(f"unknown facet {facet!r}; facets are {', '.join(FACETS)}")
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
        out: dict[str, tuple[FacetCount, ...]] = {}
        for facet in query.facets:
            if facet not in arrays.facets:
                continue
            mask = base.copy()
            for other, m in masks.items():
                if other != facet:
                    mask &= m
            fa = arrays.facets[facet]
            counts = fa.count(mask)
            selected = [str(v) for v in query.filters.get(facet, ())]
            chosen = set(selected)
            rows = [(fa.values[i], int(c)) for i, c in enumerate(counts) if c > 0]
            if facet == "year":
                rows.sort(key=lambda r: -int(r[0]) if r[0].lstrip("-").isdigit() else 0)
            else:
                rows.sort(key=lambda r: (-r[1], r[0]))
                rows = rows[: max(0, query.facet_limit)]
            present = {v for v, _ in rows}
            for v in selected:
                if v not in present:
                    i = fa.index.get(v)
                    rows.append((v, int(counts[i]) if i is not None else 0))
                    present.add(v)
            if facet == "year":
                rows.sort(key=lambda r: -int(r[0]) if r[0].lstrip("-").isdigit() else 0)
            out[facet] = tuple(FacetCount(v, c, v in chosen) for v, c in rows)
        return out

    def _order(self, docnums: np.ndarray, arrays: _Arrays, sort: str) -> np.ndarray:
        """Order documents for the non-relevance sorts; undated documents last."""
        title = arrays.title_rank[docnums]
        undated = ~arrays.has_year[docnums]
        year = arrays.year[docnums]
        if sort == "title":
            keys = (docnums, title)
        elif sort == "oldest":
            keys = (title, year, undated)
        else:  # newest, and browsing with no query text
            keys = (title, -year, undated)
        return docnums[np.lexsort(keys)]

    def search(self, query: Query) -> Results:
        if query.sort not in SORTS:
            raise InvalidQuery(f"sort must be one of {', '.join(SORTS)}")
        s = self._searcher()
        arrays = self._arrays_for(s)
        parsed = self._parse(query.text, s)
        masks = self._filter_masks(query, arrays)
        year_mask = self._year_mask(query, arrays)

        def matched(p: _Parsed) -> tuple[np.ndarray, np.ndarray]:
            base = self._match_mask(s, p.query, arrays)
            if year_mask is not None:
                base &= year_mask
            full = base.copy()
            for m in masks.values():
                full &= m
            return base, full

        base, full = matched(parsed)
        total = int(full.sum())
        notices = list(parsed.notices)
        if total == 0 and parsed.query is not None and parsed.plain and len(parsed.terms) > 1:
            wider = self._parse(query.text, s, any_word=True)
            wbase, wfull = matched(wider)
            if wfull.any():
                parsed, base, full, total = wider, wbase, wfull, int(wfull.sum())
                notices = list(wider.notices) + [
                    "No document contains all of your words; showing documents "
                    "that contain some of them."]

        suggestion = None
        if parsed.words and total < SUGGEST_BELOW:
            suggestion = self._did_you_mean(query.text, parsed.words, s, arrays, masks,
                                            year_mask, total)

        page_size = max(1, query.page_size)
        page = max(1, query.page)
        start = (page - 1) * page_size
        hits: list[Hit] = []
        if start < total:
            end = min(total, start + page_size)
            if parsed.query is not None and query.sort == "relevance":
                allow = None if full.sum() == base.sum() and year_mask is None else \
                    set(np.flatnonzero(full).tolist())
                results = s.search(parsed.query, limit=end, filter=allow)
                picked = [(r.docnum, r.score) for r in results[start:end]]
            else:
                order = self._order(np.flatnonzero(full), arrays, query.sort)
                picked = [(int(d), 0.0) for d in order[start:end]]
            hits = [self._hit(s, d, score, parsed.terms) for d, score in picked]

        facets = self._facet_counts(query, arrays, base, masks)
        return Results(
            query=query, hits=tuple(hits), total=total, facets=facets,
            suggestion=suggestion, notice=" ".join(notices) or None,
        )

    def stats(self) -> dict[str, list[FacetCount]]:
        """Counts of every facet value over the whole index (`kb stats`)."""
        results = self.search(Query(page_size=1, facet_limit=1_000_000))
        return {k: list(v) for k, v in results.facets.items()}

    # ---------------------------------------------------------------- hits

    def _best_page(self, pages: list[list[Any]], terms: frozenset[str]) -> tuple[int, list[tuple[int, int]]]:
        """Index of the page with the most query-term matches (first page on a tie
        or no match) and the spans of those matches."""
        if not pages or not terms:
            return 0, []
        prefixes = {t[:4] for t in terms if t}
        # Stemming every page of every shown hit was 40% of query time in the
        # benchmark; rank pages by a substring count and analyse the two most
        # promising only (the count over-estimates, never misses a match).
        ranked = sorted((-sum(_fold(p[1]).count(x) for x in prefixes), i)
                        for i, p in enumerate(pages))
        best, best_spans = 0, []
        for n, i in ranked[:2]:
            if n == 0:
                break
            spans = _page_spans(self._analyzer, pages[i][1], terms)
            if len(spans) > len(best_spans) or (len(spans) == len(best_spans) and i < best):
                best, best_spans = i, spans
        return best, best_spans

    def _hit(self, searcher: Any, docnum: int, score: float, terms: frozenset[str]) -> Hit:
        data, pages = self._stored(searcher, docnum)
        i, spans = self._best_page(pages, terms)
        if pages:
            number, text = pages[i][0], pages[i][1]
            snippet = make_snippet(text, spans)
        else:
            number, snippet = None, Snippet(())
        return Hit(
            id=data["id"], title=data.get("title") or "", uri=data.get("uri") or "",
            format=data.get("format") or "", doc_type=data.get("doc_type"),
            year=data.get("year"), countries=tuple(data.get("countries") or ()),
            regions=tuple(data.get("regions") or ()), sids=tuple(data.get("sids") or ()),
            topics=tuple(data.get("topics") or ()), language=data.get("language"),
            source=data.get("source") or "", score=float(score or 0.0),
            page=number, page_count=len(pages), snippet=snippet,
        )

    def search_within(self, id: str, text: str, limit: int = 20) -> list[tuple[int, Snippet]]:
        """Pages of one document matching `text`, most matches first."""
        s = self._searcher()
        docnum = self._docnum(s, id)
        if docnum is None:
            return []
        parsed = self._parse(text, s)
        if not parsed.terms:
            return []
        _, pages = self._stored(s, docnum)
        scored = []
        prefixes = {t[:4] for t in parsed.terms}
        for number, page_text, *_ in pages:
            if not any(p in _fold(page_text) for p in prefixes):
                continue
            spans = _page_spans(self._analyzer, page_text, parsed.terms)
            if spans:
                scored.append((-len(spans), number, page_text, spans))
        scored.sort(key=lambda r: (r[0], r[1]))
        return [(n, make_snippet(t, sp)) for _, n, t, sp in scored[: max(0, limit)]]

    def more_like(self, id: str, limit: int = 5) -> list[Hit]:
        """Documents sharing the key terms of this one (never itself)."""
        s = self._searcher()
        docnum = self._docnum(s, id)
        if docnum is None or limit <= 0:
            return []
        data, pages = self._stored(s, docnum)
        text = " ".join([data.get("title") or ""] + [p[1] for p in pages])[:MORE_LIKE_CHARS]
        if not text.strip():
            return []
        results = s.more_like(docnum, "body", text=text, top=limit, numterms=12)
        return [self._hit(s, r.docnum, r.score, frozenset()) for r in results[:limit]]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Whole words (not stems) starting with `prefix`, most frequent first,
        for autocomplete."""
        words = prefix.split()
        if not words or limit <= 0:
            return []
        last = _fold(words[-1])
        if len(last) < 2:
            return []
        s = self._searcher()
        reader = s.reader()
        fieldname = self.schema["body"].spelling_fieldname("body")
        if fieldname not in reader.indexed_field_names():
            return []
        found = list(islice(reader.expand_prefix(fieldname, last), 500))
        found = [w if isinstance(w, str) else w.decode("utf-8") for w in found]
        freq = {w: reader.doc_frequency(fieldname, w) for w in found}
        found.sort(key=lambda w: (-freq[w], w))
        return found[:limit]

    def _did_you_mean(
        self, text: str, words: list[str], searcher: Any, arrays: _Arrays,
        masks: dict[str, np.ndarray], year_mask: np.ndarray | None, total: int,
    ) -> str | None:
        """Correct the raw words (the corrector misses stemmed forms) and offer the
        corrected query only when it finds more than the original."""
        corrector = searcher.corrector("body")
        reader = searcher.reader()
        spelling = self.schema["body"].spelling_fieldname("body")
        changed = False
        corrected = text
        for word in dict.fromkeys(words):
            low = word.lower()
            if len(low) < 3 or low.isdigit():
                continue
            # A word the index knows is not a typo; asking the corrector anyway
            # cost ~280 ms a word (its automaton walks the term file) and was
            # 85% of query time in the benchmark mix. prefix=1: typos in the
            # first letter are rare and it shrinks the walk about twentyfold.
            if reader.doc_frequency(spelling, low) > 0:
                continue
            options = corrector.suggest(low, limit=1, prefix=1)
            if options and options[0] != low:
                corrected = re.sub(rf"\b{re.escape(word)}\b", options[0], corrected)
                changed = True
        if not changed:
            return None
        parsed = self._parse(corrected, searcher)
        mask = self._match_mask(searcher, parsed.query, arrays)
        if year_mask is not None:
            mask &= year_mask
        for m in masks.values():
            mask &= m
        return corrected if int(mask.sum()) > total else None
