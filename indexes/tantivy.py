"""The embedded backend for repositories that outgrow Whoosh: a tantivy index.

Why it is shaped this way (figures in `bench/` and `whoosh-notes.md`):
- facet counts are tantivy `terms` aggregations over raw-tokenised fast fields,
  computed in Rust: one aggregation for the facets without a selection and one
  more per selected facet (disjunctive counts), never a walk over hits in Python;
- a multi-valued facet is counted from single-valued "slot" columns (the
  document's first value, its second, ..., an empty value when it has fewer)
  plus an overflow column read only for the documents that have more values:
  tantivy counts a single-valued column about twelve times faster than a
  multi-valued one (0.5 ms against 6 ms over 100,000 documents), and a full
  one faster than one with gaps, so years are counted from a column where 0
  stands for "no year";
- title and body are indexed in one field pair per language of the analysis
  chain (`indexes.analysis`, in tantivy's own filters), each document's and
  each page's text in its language's fields, and a query asks them all, each
  analysing it in its own language; hyphenated compounds are also indexed
  joined in a `compound` field;
- the body is indexed but not stored; the pages are stored once as JSON, and
  only the shown hits load them, pick their best page in Python (a cheap
  substring pre-check, then the shared chain in the page's language) and
  mark that page alone, as the Whoosh backend does;
- non-relevance sorts use u64 fast fields that pack year and the first
  characters of the folded title, so sorting never loads stored documents;
- did-you-mean and autocomplete read a `words` field indexed without stemming
  (the corrector needs whole words, as the Whoosh notes found);
- query parsing is bounded before tantivy sees it (length, terms, wildcard
  expansion) and syntax tantivy rejects becomes a notice plus a word search.

`Searcher` objects are thread-safe snapshots, so one is taken per call; a
commit by another process is seen after `refresh()` or tantivy's own reload
on commit.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
import unicodedata
from pathlib import Path
from typing import Any, Iterable

import tantivy

from indexes import analysis, common, fusion, vectors
from indexes.common import (
    NOTICE_NO_WORDS, NOTICE_WIDER, SNIPPET_CHARS, Parsed, leading_snippet, make_snippet,
)
from kb.errors import IndexUnavailable
from kb.models import FACETS, MULTI_VALUED, Document, FacetCount, Hit, Query, Results, Snippet

log = logging.getLogger(__name__)

SCHEMA_VERSION = 7                  # 7: k_added; 6: per-language fields and compounds (indexes.analysis)
# An index of version 6 opens as it is, without the "added" sort (it sorts
# newest first) until `kb reindex --backend tantivy` rebuilds it.
NO_ADDED_VERSION = 6
MARKER = "kb-tantivy.json"          # records backend and schema version in the directory
TITLE_BOOST = 3.0
WRITER_HEAP = 256_000_000          # bytes of indexing arena; segments flush when full
AGG_SIZE = 65_000                  # buckets per facet: all values, so counts are exact
OPERATORS = frozenset({"AND", "OR", "NOT"})
# Title and body in each language's chain: a document's (and each page's)
# text goes to the fields of its language, and a query asks all of them, each
# analysing it with its own chain; English is also the chain of any other language.
def _suffix(lang: str) -> str:
    return "" if lang == analysis.DEFAULT_LANG else f"_{lang}"


TEXT_FIELDS = {lang: ("title" + _suffix(lang), "body" + _suffix(lang)) for lang in analysis.LANGS}
TITLE_FIELDS = [t for t, _ in TEXT_FIELDS.values()]
BODY_FIELDS = [b for _, b in TEXT_FIELDS.values()]
SEARCH_FIELDS = TITLE_FIELDS + BODY_FIELDS
FIELD_BOOSTS = {t: TITLE_BOOST for t in TITLE_FIELDS}
TEXT_FACETS = tuple(f for f in FACETS if f != "year")
# Slot columns per multi-valued facet: enough for most documents' values.
SLOTS = {"country": 3, "region": 3, "sids": 2, "topic": 3}
OVERFLOW = "overflow"               # names the facets whose values did not fit a document's slots
YEAR_COUNTS = "year_n"
VKEY = "vkey"
assert set(SLOTS) == MULTI_VALUED
_SPACE = common.SPACE
_FIELD_PREFIX = re.compile(r"(?:^|[\s(+\-])(\w+):")
_WILDCARD = re.compile(r"(?<![\w\"])(\w+)\*(?=\s|\)|$)")


def _slot(facet: str, i: int) -> str:
    return f"{facet}_{i}"


def _more(facet: str) -> str:
    return f"{facet}_more"


def _analyzer(lang: str) -> tantivy.TextAnalyzer:
    """The chain of `indexes.analysis` in one language, in tantivy's own filters:
    stop words, Snowball stemming, then accent folding."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(analysis.MAX_WORD_BYTES))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.custom_stopword(sorted(analysis.STOP_WORDS[lang])))
            .filter(tantivy.Filter.stemmer(analysis.SNOWBALL[lang]))
            .filter(tantivy.Filter.ascii_fold())
            .build())


def _tokenizer(lang: str) -> str:
    return "kb" if lang == analysis.DEFAULT_LANG else f"kb_{lang}"


def _compound_analyzer() -> tantivy.TextAnalyzer:
    """Compound keys, already joined and folded by `indexes.analysis.compounds`."""
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def _word_analyzer() -> tantivy.TextAnalyzer:
    """Whole lower-cased words, for spelling suggestions and autocomplete."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(30))
            .filter(tantivy.Filter.lowercase())
            .build())


def _fold(text: str) -> str:
    """Lower-case, accent-free form used for sort keys and quick page checks.
    Only the runs of non-ASCII characters are decomposed (each distinct run
    once): folding every character of the shown hits' pages in Python cost
    milliseconds a query."""
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(_fold_run, text).casefold()


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_FOLDED_RUNS: dict[str, str] = {}


def _fold_run(m: re.Match) -> str:
    run = m.group()
    folded = _FOLDED_RUNS.get(run)
    if folded is None:
        folded = "".join(c for c in unicodedata.normalize("NFKD", run) if not unicodedata.combining(c))
        if len(_FOLDED_RUNS) < 100_000:
            _FOLDED_RUNS[run] = folded
    return folded


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("idhash", tokenizer_name="raw", fast=True, index_option="basic")
    for lang, (title, body) in TEXT_FIELDS.items():
        sb.add_text_field(title, tokenizer_name=_tokenizer(lang))
        sb.add_text_field(body, tokenizer_name=_tokenizer(lang))
    sb.add_text_field(analysis.COMPOUND_FIELD, tokenizer_name="kbc", index_option="freq")
    sb.add_text_field("words", tokenizer_name="kbw", index_option="basic")
    for name in TEXT_FACETS:      # filters; counts of the single-valued ones
        sb.add_text_field(name, tokenizer_name="raw", fast=name not in SLOTS, index_option="basic")
    for name, slots in SLOTS.items():   # counts of the multi-valued ones
        for i in range(1, slots + 1):
            sb.add_text_field(_slot(name, i), tokenizer_name="raw", fast=True, index_option="basic")
        sb.add_text_field(_more(name), tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field(OVERFLOW, tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("year", indexed=True, fast=True)
    sb.add_unsigned_field(YEAR_COUNTS, fast=True)     # the year, 0 for none: a full column to count
    for key in ("k_newest", "k_oldest", "k_title", "k_added"):
        sb.add_unsigned_field(key, fast=True)
    sb.add_bytes_field("doc", stored=True)      # document JSON without pages
    sb.add_bytes_field("pages", stored=True)    # JSON [[number, text, title], ...]
    sb.add_bytes_field("vectors", stored=True)  # page vectors, see indexes.vectors
    sb.add_unsigned_field(VKEY, fast=True)      # names a document's vectors; 0: it has none
    return sb.build()


def vector_key(doc: Document) -> int:
    """A 63-bit name for a document's vectors (0 when it has none), so the
    vectors of documents already read are not read again after a commit."""
    if not doc.vectors:
        return 0
    digest = hashlib.blake2b(doc.id.encode() + b"\0" + doc.vectors, digest_size=8).digest()
    return (int.from_bytes(digest, "little") >> 1) or 1


# --------------------------------------------------------------------------
# sort keys: year and title packed into one u64 fast field each


def _title_code(title: str, chars: int) -> int:
    """The first `chars` characters of the folded title in base 38 (space and
    punctuation < digits < letters), so integer order is title order."""
    code = 0
    folded = _fold(title).strip()
    for i in range(chars):
        c = folded[i] if i < len(folded) else ""
        if not c:
            d = 0
        elif "0" <= c <= "9":
            d = 2 + ord(c) - 48
        elif "a" <= c <= "z":
            d = 12 + ord(c) - 97
        else:
            d = 1
        code = code * 38 + d
    return code


def sort_keys(doc: Document) -> dict[str, int]:
    """Newest: year descending, then title; oldest: year ascending, then title;
    undated documents last in both. Titles compare on their first 9 characters
    here (12 for the title sort); ties keep index order."""
    t9 = _title_code(doc.title or "", 9)          # < 38**9 < 2**53
    year = doc.year if doc.year and 0 < doc.year < 2048 else None
    span = 38 ** 9
    return {
        "k_newest": (year or 0) * span + (span - 1 - t9),     # sorted descending
        "k_oldest": (year if year is not None else 2047) * span + t9,   # ascending
        "k_title": _title_code(doc.title or "", 12) if (doc.title or "").strip() else 2**63,
        "k_added": doc.added_seconds(),       # sorted descending: unknown (0) last
    }


# --------------------------------------------------------------------------
# snippets


def _snippet_from(generator: Any, field: str, text: str) -> Snippet:
    """Tantivy's best fragment of one page as parts (its ranges are UTF-8 byte
    offsets); the page's opening when nothing in it is marked."""
    snip = generator.snippet_from_doc(tantivy.Document(**{field: text}))
    marks = snip.highlighted()
    if not marks:
        return leading_snippet(text)
    raw = text.encode("utf-8")
    frag = snip.fragment_range()
    parts: list[tuple[str, bool]] = []
    if frag.start > 0:
        parts.append(("… ", False))
    pos = frag.start
    for r in sorted(marks, key=lambda r: r.start):
        s, e = frag.start + r.start, frag.start + r.end
        if s > pos:
            parts.append((_SPACE.sub(" ", raw[pos:s].decode("utf-8", "replace")), False))
        parts.append((raw[s:e].decode("utf-8", "replace"), True))
        pos = e
    if pos < frag.end:
        parts.append((_SPACE.sub(" ", raw[pos:frag.end].decode("utf-8", "replace")), False))
    if frag.end < len(raw):
        parts.append((" …", False))
    return common.snippet_from_parts(parts)


class _Snippets:
    """Snippet generators of one query, one per language's body field, made
    when a hit in that language is first shown (tantivy marks the terms of
    the field it was made for)."""

    def __init__(self, searcher: Any, query: Any, schema: Any) -> None:
        self.searcher, self.query, self.schema = searcher, query, schema
        self.made: dict[str, Any] = {}

    def __call__(self, text: str, lang: str) -> Snippet:
        field = TEXT_FIELDS[lang][1]
        generator = self.made.get(field)
        if generator is None:
            generator = tantivy.SnippetGenerator.create(self.searcher, self.query, self.schema, field)
            generator.set_max_num_chars(SNIPPET_CHARS)
            self.made[field] = generator
        return _snippet_from(generator, field, text)


class TantivyIndex:
    """`kb.protocols.Index` on a tantivy directory. One commit per
    `upsert`/`delete` call; writers wait for another process's lock."""

    # A rebuild streams the whole catalog through one writer and one commit:
    # tantivy flushes segments as its arena fills, while batches would each
    # end in a commit and a wait for merges (2,600 documents/s against 1,950
    # at 100,000 documents).
    rebuild_batch: int | None = None

    def __init__(
        self,
        path: Path,
        *,
        writer_timeout: float = 30.0,
        max_chars: int = 500,
        max_terms: int = 30,
        max_expansions: int = 50,
    ) -> None:
        self.path = Path(path)
        self.writer_timeout = writer_timeout
        self.max_chars = max_chars
        self.max_terms = max_terms
        self.max_expansions = max_expansions
        self._analyzers = {lang: _analyzer(lang) for lang in analysis.LANGS}
        self._ix = self._open(self.path)
        self.schema = self._ix.schema
        self._closed = False
        self._vectors: _Vectors | None = None
        self._vectors_lock = threading.Lock()

    # ---------------------------------------------------------------- opening

    def _open(self, path: Path) -> tantivy.Index:
        """Create when new or empty; refuse a directory that holds something else
        (for example a Whoosh index) with a message that says what to do."""
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise IndexUnavailable(f"cannot create the index directory {path}: {exc}") from exc
        marker = path / MARKER
        leftovers = [p for p in path.iterdir() if not p.name.endswith(".lock")]
        self._has_vector_fields = True
        self._has_added = True
        try:
            if not leftovers:
                ix = tantivy.Index(build_schema(), path=str(path), reuse=False)
                marker.write_text(json.dumps({"backend": "tantivy", "schema": SCHEMA_VERSION}))
            else:
                if not (path / "meta.json").exists():
                    other = "a Whoosh index" if any(p.suffix == ".toc" for p in leftovers) \
                        else "files but no tantivy index"
                    raise IndexUnavailable(
                        f"{path} holds {other}; build a tantivy index from the catalog "
                        "with `kb reindex --backend tantivy`, or choose KB_BACKEND=whoosh")
                version = json.loads(marker.read_text()).get("schema") if marker.exists() else None
                if version == NO_ADDED_VERSION:
                    self._has_added = False
                elif version != SCHEMA_VERSION:
                    raise IndexUnavailable(
                        f"the tantivy index at {path} was built by another KB version; "
                        "rebuild it with `kb reindex --backend tantivy`")
                ix = tantivy.Index.open(str(path))
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise common.index_damaged(path, exc) from exc
        for lang in analysis.LANGS:
            ix.register_tokenizer(_tokenizer(lang), _analyzer(lang))
        ix.register_tokenizer("kbw", _word_analyzer())
        ix.register_tokenizer("kbc", _compound_analyzer())
        return ix

    def _sort_field(self, sort: str) -> tuple[str, Any]:
        """The fast field and direction of a non-relevance sort (and of
        browsing with no query text: newest first)."""
        if sort == "added" and self._has_added:
            return "k_added", tantivy.Order.Desc
        return {"title": ("k_title", tantivy.Order.Asc),
                "oldest": ("k_oldest", tantivy.Order.Asc)}.get(sort, ("k_newest", tantivy.Order.Desc))

    def _searcher(self) -> tantivy.Searcher:
        if self._closed:
            raise IndexUnavailable("the index has been closed")
        return self._ix.searcher()

    # ---------------------------------------------------------------- writing

    def _writer(self) -> Any:
        """A writer, waiting up to `writer_timeout` for another process's lock."""
        deadline = time.monotonic() + self.writer_timeout
        while True:
            try:
                return self._ix.writer(heap_size=WRITER_HEAP, num_threads=0)   # 0: one per core
            except ValueError as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise common.index_locked(self.path, self.writer_timeout) from exc
                time.sleep(0.05)

    def _document(self, doc: Document) -> tantivy.Document:
        data, pages = common.stored_forms(doc)
        body = "\n\n".join(p.text for p in doc.pages)
        lang = analysis.chain_language(doc.language)
        out = tantivy.Document()
        out.add_text("id", doc.id)
        out.add_text("idhash", f"{doc.id}\t{doc.content_hash or ''}")
        out.add_text(TEXT_FIELDS[lang][0], doc.title or "")
        for page in doc.pages:
            out.add_text(TEXT_FIELDS[analysis.chain_language(page.language or doc.language)][1], page.text)
        keys = analysis.compounds(doc.title or "")
        for page in doc.pages:
            keys += analysis.compounds(page.text)
        if keys:
            out.add_text(analysis.COMPOUND_FIELD, " ".join(keys))
        out.add_text("words", f"{doc.title or ''}\n{body}")
        for facet in TEXT_FACETS:
            values = list(dict.fromkeys(doc.facet_values(facet)))
            for value in values:
                out.add_text(facet, value)
            slots = SLOTS.get(facet)
            if slots:
                for i in range(slots):     # every slot holds a value, "" for none
                    out.add_text(_slot(facet, i + 1), values[i] if i < len(values) else "")
                if len(values) > slots:
                    out.add_text(OVERFLOW, facet)
                    for value in values[slots:]:
                        out.add_text(_more(facet), value)
        if doc.year is not None:
            out.add_integer("year", int(doc.year))
        out.add_unsigned(YEAR_COUNTS, int(doc.year) if doc.year and doc.year > 0 else 0)
        for key, value in sort_keys(doc).items():
            if key != "k_added" or self._has_added:
                out.add_unsigned(key, value)
        out.add_bytes("doc", data.encode("utf-8"))
        out.add_bytes("pages", pages)
        if self._has_vector_fields:
            out.add_unsigned(VKEY, vector_key(doc))
            if doc.vectors:
                out.add_bytes("vectors", doc.vectors)
        return out

    def upsert(self, documents: Iterable[Document]) -> None:
        """Add or replace documents by id in one commit, streaming: a generator
        of any length is indexed within the writer's memory arena, and a failure
        part-way rolls back to the last commit."""
        writer = None
        try:
            for doc in documents:
                if writer is None:
                    writer = self._writer()
                writer.delete_documents_by_term("id", doc.id)
                writer.add_document(self._document(doc))
            if writer is not None:
                writer.commit()
                writer.wait_merging_threads()
                writer = None
                self._ix.reload()
        finally:
            if writer is not None:
                writer.rollback()
                del writer

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        writer = self._writer()
        try:
            for doc_id in ids:
                writer.delete_documents_by_term("id", doc_id)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        self._ix.reload()

    # ---------------------------------------------------------------- reading

    def refresh(self) -> None:
        """Pick up commits made by other processes now."""
        try:
            self._ix.reload()
        except Exception as exc:
            raise common.index_reread_failed(self.path, exc) from exc

    def close(self) -> None:
        self._closed = True

    def count(self) -> int:
        return self._searcher().num_docs

    def _all_terms(self, fieldname: str) -> list[str]:
        """Every value of a raw fast field over live documents (deleted ones
        excluded, which the term dictionary would not do)."""
        s = self._searcher()
        if s.num_docs == 0:
            return []
        agg = s.aggregate(tantivy.Query.all_query(),
                          {"v": {"terms": {"field": fieldname, "size": s.num_docs + 1}}})
        return [b["key"] for b in agg["v"]["buckets"]]

    def ids(self) -> set[str]:
        return set(self._all_terms("id"))

    def hashes(self) -> dict[str, str]:
        """id -> content hash of every live document, without loading any."""
        return dict(v.split("\t", 1) for v in self._all_terms("idhash"))

    def _address(self, s: tantivy.Searcher, doc_id: str) -> Any | None:
        hits = s.search(tantivy.Query.term_query(self.schema, "id", doc_id), 1, count=False).hits
        return hits[0][1] if hits else None

    @staticmethod
    def _stored(s: tantivy.Searcher, address: Any) -> tuple[dict[str, Any], list[list[Any]]]:
        stored = s.doc(address)
        return json.loads(stored.get_first("doc")), json.loads(stored.get_first("pages"))

    def get(self, id: str) -> Document | None:
        s = self._searcher()
        address = self._address(s, id)
        if address is None:
            return None
        data, pages = self._stored(s, address)
        return common.document_from_stored(data, pages)

    # ---------------------------------------------------------------- parsing

    def _expand_wildcards(self, text: str, s: tantivy.Searcher, notices: list[str]) -> str:
        """`gov*` becomes an OR of at most `max_expansions` of the most frequent
        indexed words starting so (tantivy's parser has no prefix queries),
        each then analysed by every language's fields."""
        capped = False

        def expand(m: re.Match) -> str:
            nonlocal capped
            prefix = _fold(m.group(1))
            found = s.terms_with_prefix("words", prefix, limit=self.max_expansions * 20)
            if len(found) > self.max_expansions:
                capped = True
                found = sorted(found, key=lambda t: -t[1])[: self.max_expansions]
            if not found:
                return m.group(1)
            return "(" + " OR ".join(t for t, _ in found) + ")"

        out = _WILDCARD.sub(expand, text)
        if capped:
            notices.append(common.notice_capped(self.max_expansions))
        return out

    def _query(self, text: str, any_word: bool) -> Any:
        return self._ix.parse_query(text, SEARCH_FIELDS, field_boosts=FIELD_BOOSTS,
                                    conjunction_by_default=not any_word)

    def _parse(self, text: str, s: tantivy.Searcher, *, any_word: bool = False,
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
        known = lambda key: s.doc_freq(analysis.COMPOUND_FIELD, key) > 0      # noqa: E731
        problem = common.syntax_problem(text, OPERATORS, _FIELD_PREFIX)
        q = None
        plain = False
        asked = text
        if problem is None:
            plain = common.is_plain(text, OPERATORS)
            asked = analysis.rewrite_plain(text, known) if plain else text
            try:
                q = self._query(self._expand_wildcards(asked, s, notices), any_word) if asked else None
            except ValueError as exc:
                problem = "it could not be parsed" + (
                    f" ({str(exc)[:60]})" if "Syntax" not in str(exc) else "")
        if problem is not None:
            notices.append(common.notice_unreadable(problem))
            plain = True
            asked = analysis.rewrite_plain(" ".join(words), known) if words else ""
            q = self._query(asked, any_word) if asked else None
        terms = analysis.query_terms(asked)
        if q is None or not terms:
            notices.append(NOTICE_NO_WORDS)
            return Parsed(None, notices, words)
        expanded: list[str] = []
        if expand:
            extra = []
            for term in common.expansions(text):
                written = analysis.expansion_query(term)
                try:
                    extra.append((tantivy.Occur.Should, self._query(written, False)))
                except ValueError:
                    continue
                expanded.append(term)
                terms |= analysis.query_terms(written)
            if extra:
                q = tantivy.Query.boolean_query([
                    (tantivy.Occur.Should, q),
                    (tantivy.Occur.Should, tantivy.Query.boost_query(
                        tantivy.Query.boolean_query(extra), common.EXPANSION_BOOST)),
                ])
        return Parsed(q, notices, words, terms, plain, tuple(expanded))

    # ---------------------------------------------------------------- searching

    def _filter_queries(self, query: Query) -> dict[str, Any]:
        out = {}
        for facet, values in query.filters.items():
            if not values:
                continue
            if facet == "year":
                years = [int(v) for v in values if str(v).lstrip("-").isdigit()]
                out[facet] = (tantivy.Query.term_set_query(self.schema, "year", years)
                              if years else tantivy.Query.empty_query())
            else:
                out[facet] = tantivy.Query.term_set_query(
                    self.schema, facet, [str(v) for v in values])
        return out

    def _year_query(self, query: Query) -> Any | None:
        if query.year_from is None and query.year_to is None:
            return None
        return tantivy.Query.range_query(
            self.schema, "year", tantivy.FieldType.Integer,
            query.year_from if query.year_from is not None else -(2**62),
            query.year_to if query.year_to is not None else 2**62)

    @staticmethod
    def _combine(text_q: Any | None, filters: list[Any]) -> Any:
        """Text scored, filters as zero-score required clauses."""
        if not filters:
            return text_q if text_q is not None else tantivy.Query.all_query()
        clauses = [(tantivy.Occur.Must, text_q if text_q is not None else tantivy.Query.all_query())]
        clauses += [(tantivy.Occur.Must, tantivy.Query.const_score_query(f, 0.0)) for f in filters]
        return tantivy.Query.boolean_query(clauses)

    @staticmethod
    def _count_columns(s: tantivy.Searcher, facet: str) -> list[str]:
        """The fast columns a facet is counted from: a multi-valued facet's
        slots, plus its overflow column only when some document has values
        past the slots (nearly empty, but not free to count); the full year
        column; a single-valued facet's own column."""
        if facet in SLOTS:
            slots = [_slot(facet, i + 1) for i in range(SLOTS[facet])]
            return slots + [_more(facet)] if s.doc_freq(OVERFLOW, facet) else slots
        return [YEAR_COUNTS] if facet == "year" else [facet]

    def _facet_counts(
        self, s: tantivy.Searcher, query: Query, text_q: Any | None, year_q: Any | None,
        filters: dict[str, Any],
    ) -> dict[str, tuple[FacetCount, ...]]:
        """Disjunctive counts: each facet with every other facet's selection applied
        but not its own; facets without a selection share one aggregation."""
        wanted = [f for f in query.facets if f in FACETS]
        base = [year_q] if year_q is not None else []
        buckets: dict[str, dict[str, int]] = {}

        def count(into: dict[str, int], agg: dict[str, Any], column: str, year: bool = False) -> None:
            for b in agg.get(column, {}).get("buckets", ()):
                key = str(int(b["key"])) if year else str(b["key"])
                if key and not (year and key == "0"):      # "" and 0 stand for no value
                    into[key] = into.get(key, 0) + int(b["doc_count"])

        columns = {n: self._count_columns(s, n) for n in wanted}
        for names, applied in common.disjunctive_groups(wanted, filters):
            agg = s.aggregate(self._combine(text_q, base + [filters[g] for g in applied]), {
                c: {"terms": {"field": c, "size": AGG_SIZE}} for n in names for c in columns[n]})
            for n in names:
                buckets[n] = {}
                for c in columns[n]:
                    count(buckets[n], agg, c, year=n == "year")
        return {f: common.facet_counts(f, buckets.get(f, {}), query) for f in wanted}

    def search(self, query: Query) -> Results:
        common.check_query(query)
        s = self._searcher()
        parsed = self._parse(query.text, s, expand=query.expand)
        filters = self._filter_queries(query)
        year_q = self._year_query(query)
        clauses = ([year_q] if year_q is not None else []) + list(filters.values())
        page_size = max(1, query.page_size)
        start, _ = common.page_window(query, 0)

        def run(p: Parsed) -> Any:
            full = self._combine(p.query, clauses)
            if p.query is not None and query.sort == "relevance":
                return s.search(full, page_size, count=True, offset=start)
            key, order = self._sort_field(query.sort)
            return s.search(full, page_size, count=True, offset=start,
                            order_by_field=key, order=order)

        found = run(parsed)
        total = found.count
        notices = list(parsed.notices)
        if common.should_widen(parsed, total):
            wider = self._parse(query.text, s, any_word=True, expand=query.expand)
            wfound = run(wider)
            if wfound.count:
                parsed, found, total = wider, wfound, wfound.count
                notices = list(wider.notices) + [NOTICE_WIDER]

        suggestion = None
        if parsed.words:
            suggestion = self._did_you_mean(query.text, parsed.words, s, clauses, total)

        # Page vectors: their candidates join the keyword matches as one more
        # way to match, before filters, counts and paging (indexes.vectors).
        matched_q, pages = parsed.query, {}
        hybrid = self._hybrid(s, query, parsed, clauses, notices)
        scored = query.sort == "relevance" and parsed.query is not None
        if hybrid is not None:
            matched_q, total, picked, pages = hybrid
        else:
            picked = [(float(score) if scored else 0.0, addr) for score, addr in found.hits]
        snippets = _Snippets(s, parsed.query, self.schema) if parsed.query is not None else None
        hits = tuple(self._hit(s, addr, score, parsed.terms, snippets,
                               pages.get((addr.segment_ord, addr.doc)))
                     for score, addr in picked)
        facets = self._facet_counts(s, query, matched_q, year_q, filters)
        return Results(query=query, hits=hits, total=total, facets=facets,
                       suggestion=suggestion, notice=" ".join(notices) or None,
                       mode="hybrid" if hybrid is not None else "keyword",
                       expanded=parsed.expanded)

    # ---------------------------------------------------------------- hits

    @staticmethod
    def _matches(terms: frozenset[str]) -> Any:
        """Spans of a page's words (in the page's chain) that are query terms."""
        def spans(text: str, lang: str) -> list[tuple[int, int]]:
            return common.merge_spans((a, b) for a, b, t in analysis.iter_spans(text, lang) if t in terms)
        return spans

    def _counts(self, terms: frozenset[str]) -> Any:
        """The query terms among a page's tokens, by tantivy's own analyzer of
        the page's language (and its compounds): what the best page is chosen
        by, without the Python chain's spans."""
        def found(text: str, lang: str) -> list[str]:
            words = [t for t in self._analyzers[lang].analyze(text) if t in terms]
            if "-" in text:
                words += [k for k in analysis.compounds(text) if k in terms]
            return words
        return found

    def _hit(self, s: tantivy.Searcher, address: Any, score: float, terms: frozenset[str],
             snippets: "_Snippets | None", vector_page: int | None = None) -> Hit:
        data, pages = self._stored(s, address)
        lang = data.get("language")
        i, found = common.best_page(pages, terms, _fold, self._counts(terms), lang)
        if not found and vector_page is not None and vector_page < len(pages):
            i = vector_page          # no page holds the words: the page nearest in meaning
        if pages:
            text = pages[i][1]
            number = pages[i][0]
            snippet = (snippets(text, common.page_language(pages[i], lang)) if snippets is not None
                       else leading_snippet(text))
        else:
            number, snippet = None, Snippet(())
        return common.make_hit(data, score, number, len(pages), snippet)

    def search_within(self, id: str, text: str, limit: int = 20) -> list[tuple[int, Snippet]]:
        """Pages of one document matching `text`, most matches first."""
        s = self._searcher()
        address = self._address(s, id)
        if address is None:
            return []
        parsed = self._parse(text, s, any_word=True)
        if parsed.query is None or not parsed.terms:
            return []
        data, pages = self._stored(s, address)
        found = common.matching_pages(pages, parsed.terms, _fold, self._matches(parsed.terms), limit,
                                      data.get("language"))
        return [(n, make_snippet(t, spans)) for n, t, spans in found]

    def more_like(self, id: str, limit: int = 5) -> list[Hit]:
        """Documents sharing the key terms of this one (never itself)."""
        s = self._searcher()
        address = self._address(s, id)
        if address is None or limit <= 0:
            return []
        data, pages = self._stored(s, address)
        text = common.more_like_text(data, pages)
        if not text.strip():
            return []
        body = TEXT_FIELDS[analysis.chain_language(data.get("language"))][1]
        like = tantivy.Query.more_like_this_document_fields_query(
            self.schema, {body: [text]}, min_doc_frequency=2, min_term_frequency=1,
            max_query_terms=12)
        q = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, like),
            (tantivy.Occur.MustNot, tantivy.Query.term_query(self.schema, "id", id)),
        ])
        return [self._hit(s, addr, float(score), frozenset(), None)
                for score, addr in s.search(q, limit, count=False).hits]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Whole words starting with `prefix`, most frequent first, for autocomplete."""
        last = common.suggest_word(prefix, limit)
        if last is None:
            return []
        found = self._searcher().terms_with_prefix("words", last, limit=500)
        found.sort(key=lambda t: (-t[1], t[0]))
        return [w for w, _ in found[:limit]]

    def _correct(self, s: tantivy.Searcher, word: str) -> str | None:
        """`common.correct_word` over the indexed words and their document counts."""
        return common.correct_word(
            word, lambda w: s.doc_freq("words", w),
            lambda: s.terms_with_prefix("words", word[:1], limit=20_000), s.num_docs)

    def _did_you_mean(self, text: str, words: list[str], s: tantivy.Searcher,
                      clauses: list[Any], total: int) -> str | None:
        """Correct the raw words, and offer the corrected query when it finds
        far more than the original did (`common.better_suggestion`). The
        field's own words are never corrected."""
        langs = analysis.query_stop_languages(words)
        docs = s.num_docs
        # a word in many documents is no typo: skip the word list for it
        candidates = [w for w in dict.fromkeys(words)
                      if s.doc_freq("words", w.lower()) * common.FAR_MORE <= docs
                      and common.may_correct(w, langs)]
        if not candidates:
            return None
        corrected = common.corrected_query(text, candidates, lambda w: self._correct(s, w))
        if corrected is None:
            return None
        parsed = self._parse(corrected, s)
        if parsed.query is None:
            return None
        n = s.search(self._combine(parsed.query, clauses), 1, count=True).count
        return corrected if common.better_suggestion(total, n) else None

    # ---------------------------------------------------------------- vectors

    def _vector_state(self, s: tantivy.Searcher) -> "_Vectors":
        """The page vectors of the committed state, rebuilt when a commit
        changed the index (reading only the vectors of documents not seen
        before). Keyed by the commit metadata on disk and the searcher's
        counts: a searcher a moment behind the disk can only miss the newest
        documents' vectors, never mistake one document for another, as rows
        are found by their vector keys."""
        try:
            st = (self.path / "meta.json").stat()
            key: tuple = (st.st_mtime_ns, st.st_size, s.num_docs, s.num_segments)
        except OSError:
            key = (None, s.num_docs, s.num_segments)
        with self._vectors_lock:
            current = self._vectors
        if current is not None and current.key == key:
            return current
        built = _Vectors.build(s, key, current if self._has_vector_fields else None,
                               self._has_vector_fields)
        with self._vectors_lock:
            self._vectors = built
        return built

    def vector_documents(self) -> int:
        """How many live documents have page vectors."""
        return self._vector_state(self._searcher()).matrix.documents

    def _hybrid(self, s: tantivy.Searcher, query: Query, parsed: Parsed, clauses: list[Any],
                notices: list[str]) -> Any:
        """(matched query, total, [(score, address)] of the page shown, best
        page by vector per address) of the keyword matches and the vector
        candidates fused; None when the query or the index has no use for
        vectors."""
        if parsed.query is None or not vectors.wants_vectors(query.mode, query.text):
            return None
        state = self._vector_state(s)
        if not state.matrix:
            if query.mode == "hybrid":
                notices.append(vectors.NOTICE_NO_VECTORS)
            return None
        scores = state.matrix.score(vectors.query_vector(query.text))
        cands = state.matrix.candidates(scores)
        ids = [state.ids[int(r)] for r in cands]
        matched = parsed.query
        if ids:
            matched = tantivy.Query.boolean_query([
                (tantivy.Occur.Should, parsed.query),
                (tantivy.Occur.Should, tantivy.Query.term_set_query(self.schema, "id", ids))])
        full = self._combine(matched, clauses)
        start, end = common.page_window(query, 1 << 62)
        size = max(1, query.page_size)

        def rows_of(addrs: list[Any]) -> list[int | None]:
            keys = s.fast_field_values(VKEY, addrs) if addrs else []
            return [state.rows.get(k) if k else None for k in keys]

        if query.sort != "relevance":
            key, order = self._sort_field(query.sort)
            found = s.search(full, size, count=True, offset=start, order_by_field=key, order=order)
            picked = [(0.0, addr) for _, addr in found.hits]
            total = found.count
        else:
            total = s.search(full, 1, count=True).count
            keyword = s.search(self._combine(parsed.query, clauses), end + len(ids), count=False).hits
            near = s.search(self._combine(tantivy.Query.term_set_query(self.schema, "id", ids), clauses),
                            max(1, len(ids)), count=False).hits if ids else []
            near_addrs = [addr for _, addr in near]
            near_rows = rows_of(near_addrs)
            near_pairs = [(a, r) for a, r in zip(near_addrs, near_rows) if r is not None]
            near_pairs.sort(key=lambda pair: -scores.best[pair[1]])
            by_sim = [a for a, _ in near_pairs]
            addresses = {(a.segment_ord, a.doc): a for _, a in keyword}
            addresses.update({(a.segment_ord, a.doc): a for a in near_addrs})
            fused = fusion.hybrid([(a.segment_ord, a.doc) for _, a in keyword],
                                  [(a.segment_ord, a.doc) for a in by_sim])
            picked = [(score, addresses[k]) for k, score in fused[start:end]]
        addrs = [a for _, a in picked]
        pages = {(a.segment_ord, a.doc): state.matrix.best_page(scores, r)
                 for a, r in zip(addrs, rows_of(addrs)) if r is not None}
        return matched, total, picked, pages


class _Vectors:
    """Page vectors of one committed state: the matrix, each row-document's
    id, and the row of each vector key."""

    def __init__(self, key: tuple, matrix: vectors.PageMatrix, ids: list[str],
                 rows: dict[int, int], blocks: dict[int, tuple[str, Any]]) -> None:
        self.key, self.matrix, self.ids, self.rows, self.blocks = key, matrix, ids, rows, blocks

    @classmethod
    def build(cls, s: tantivy.Searcher, key: tuple, previous: "_Vectors | None",
              has_fields: bool) -> "_Vectors":
        blocks: dict[int, tuple[str, Any]] = {}
        if has_fields and s.num_docs:
            addrs = [a for _, a in s.search(tantivy.Query.all_query(), s.num_docs, count=False).hits]
            known = previous.blocks if previous is not None else {}
            for addr, vkey in zip(addrs, s.fast_field_values(VKEY, addrs)):
                if not vkey:
                    continue
                found = known.get(vkey)
                if found is None:
                    stored = s.doc(addr)
                    data = stored.get_first("vectors")
                    found = (stored.get_first("id"), vectors.unpack(bytes(data)) if data else None)
                if found[1] is not None and len(found[1]):
                    blocks[vkey] = found
        order = sorted(blocks)
        matrix = vectors.PageMatrix([blocks[k][1] for k in order])
        return cls(key, matrix, [blocks[k][0] for k in order], {k: i for i, k in enumerate(order)},
                   blocks)
