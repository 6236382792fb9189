"""The embedded backend for repositories that outgrow Whoosh: a tantivy index.

Why it is shaped this way (figures in `bench/` and `whoosh-notes.md`):
- facet counts are tantivy `terms` aggregations over raw-tokenised fast fields,
  computed in Rust: one aggregation for the facets without a selection and one
  more per selected facet (disjunctive counts), never a walk over hits in Python;
- the body is indexed but not stored; the pages are stored once as JSON, and
  only the shown hits load them, pick their best page in Python (a cheap
  substring pre-check, then the same analyzer the index uses) and highlight
  that page alone with tantivy's `SnippetGenerator`;
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

import json
import logging
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import tantivy

from kb.errors import IndexUnavailable, InvalidQuery
from kb.models import (
    FACETS, MULTI_VALUED, SORTS, Document, FacetCount, Hit, Query, Results, Snippet,
)
from kb.serialize import document_from_dict, document_to_dict

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
MARKER = "kb-tantivy.json"          # records backend and schema version in the directory
SNIPPET_CHARS = 260
SUGGEST_BELOW = 3
MORE_LIKE_CHARS = 20_000
TITLE_BOOST = 3.0
WRITER_HEAP = 256_000_000          # bytes of indexing arena; segments flush when full
AGG_SIZE = 65_000                  # buckets per facet: all values, so counts are exact
OPERATORS = frozenset({"AND", "OR", "NOT"})
USER_FIELDS = frozenset({"title", "body"})
# Whoosh's StemmingAnalyzer stop list plus one-letter words (its minsize=2),
# so both backends match the same documents for the same words.
STOP_WORDS = sorted({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if",
    "in", "is", "it", "may", "not", "of", "on", "or", "tbd", "that", "the", "this", "to",
    "us", "we", "when", "will", "with", "yet", "you", "your",
} | set("abcdefghijklmnopqrstuvwxyz"))
TEXT_FACETS = tuple(f for f in FACETS if f != "year")
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")
_FIELD_PREFIX = re.compile(r"(?:^|[\s(+\-])(\w+):")
_WILDCARD = re.compile(r"(?<![\w\"])(\w+)\*(?=\s|\)|$)")


def _analyzer() -> tantivy.TextAnalyzer:
    """Stemming plus accent folding, as the Whoosh backend does."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.custom_stopword(STOP_WORDS))
            .filter(tantivy.Filter.ascii_fold())
            .filter(tantivy.Filter.stemmer("english"))
            .build())


def _word_analyzer() -> tantivy.TextAnalyzer:
    """Whole lower-cased words, for spelling suggestions and autocomplete."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(30))
            .filter(tantivy.Filter.lowercase())
            .build())


def _fold(text: str) -> str:
    """Lower-case, accent-free form used for sort keys and quick page checks."""
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).casefold()


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("idhash", tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_text_field("title", tokenizer_name="kb")
    sb.add_text_field("body", tokenizer_name="kb")
    sb.add_text_field("words", tokenizer_name="kbw", index_option="basic")
    for name in TEXT_FACETS:
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_integer_field("year", indexed=True, fast=True)
    for key in ("k_newest", "k_oldest", "k_title"):
        sb.add_unsigned_field(key, fast=True)
    sb.add_bytes_field("doc", stored=True)      # document JSON without pages
    sb.add_bytes_field("pages", stored=True)    # JSON [[number, text, title], ...]
    return sb.build()


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
    }


# --------------------------------------------------------------------------
# snippets


def _leading(text: str, width: int = SNIPPET_CHARS) -> Snippet:
    """The start of a page, for hits with no marked words (browsing)."""
    if not text:
        return Snippet(())
    end = min(len(text), width)
    if end < len(text):
        space = text.rfind(" ", int(width * 0.7), end)
        end = space if space > 0 else end
    body = _SPACE.sub(" ", text[:end]).strip()
    return Snippet(((body + (" …" if end < len(text) else ""), False),))


def _snippet_from(generator: Any, text: str) -> tuple[Snippet, int]:
    """Tantivy's best fragment of one page as parts (its ranges are UTF-8 byte
    offsets), and the number of marked words."""
    snip = generator.snippet_from_doc(tantivy.Document(body=text))
    marks = snip.highlighted()
    if not marks:
        return _leading(text), 0
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
    if parts and not parts[0][1]:
        parts[0] = (parts[0][0].lstrip(), False)
    return Snippet(tuple(p for p in parts if p[0])), len(marks)


# --------------------------------------------------------------------------
# parsing


@dataclass
class _Parsed:
    query: Any | None                     # None: browse everything
    notices: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    terms: frozenset[str] = frozenset()   # analysed terms, for best page
    plain: bool = False


def _syntax_problem(text: str) -> str | None:
    """What makes a query unreadable, in words for the user (the same wording
    as the Whoosh backend, so switching backends changes no message)."""
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


def _edits1(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})


def _distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2, prev = [], list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


# --------------------------------------------------------------------------


class TantivyIndex:
    """`kb.protocols.Index` on a tantivy directory. One commit per
    `upsert`/`delete` call; writers wait for another process's lock."""

    def __init__(
        self,
        path: Path,
        *,
        writer_timeout: float = 30.0,
        max_chars: int = 500,
        max_terms: int = 30,
        max_expansions: int = 50,
        writer_threads: int = 0,
    ) -> None:
        self.path = Path(path)
        self.writer_timeout = writer_timeout
        self.max_chars = max_chars
        self.max_terms = max_terms
        self.max_expansions = max_expansions
        self.writer_threads = writer_threads
        self._analyzer = _analyzer()
        self._ix = self._open(self.path)
        self.schema = self._ix.schema
        self._closed = False

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
                if version != SCHEMA_VERSION:
                    raise IndexUnavailable(
                        f"the tantivy index at {path} was built by another KB version; "
                        "rebuild it with `kb reindex --backend tantivy`")
                ix = tantivy.Index.open(str(path))
        except IndexUnavailable:
            raise
        except Exception as exc:
            raise IndexUnavailable(
                f"the search index at {path} is damaged or unreadable "
                f"({type(exc).__name__}: {exc}); rebuild it with `kb reindex`") from exc
        ix.register_tokenizer("kb", _analyzer())
        ix.register_tokenizer("kbw", _word_analyzer())
        return ix

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
                return self._ix.writer(heap_size=WRITER_HEAP, num_threads=self.writer_threads)
            except ValueError as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise IndexUnavailable(
                        f"the index at {self.path} is locked by another writer for more than "
                        f"{self.writer_timeout:g} s; is another ingest running?") from exc
                time.sleep(0.05)

    def _document(self, doc: Document) -> tantivy.Document:
        data = document_to_dict(doc, pages=False)
        pages = [[p.number, p.text, p.title] for p in doc.pages]
        body = "\n\n".join(p.text for p in doc.pages)
        out = tantivy.Document()
        out.add_text("id", doc.id)
        out.add_text("idhash", f"{doc.id}\t{doc.content_hash or ''}")
        out.add_text("title", doc.title or "")
        out.add_text("body", body)
        out.add_text("words", f"{doc.title or ''}\n{body}")
        for facet in TEXT_FACETS:
            for value in dict.fromkeys(doc.facet_values(facet)):
                out.add_text(facet, value)
        if doc.year is not None:
            out.add_integer("year", int(doc.year))
        for key, value in sort_keys(doc).items():
            out.add_unsigned(key, value)
        out.add_bytes("doc", json.dumps(data, ensure_ascii=False, default=str).encode("utf-8"))
        out.add_bytes("pages", json.dumps(pages, ensure_ascii=False).encode("utf-8"))
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
            raise IndexUnavailable(
                f"the search index at {self.path} could not be re-read "
                f"({type(exc).__name__}: {exc})") from exc

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
        data["pages"] = [{"number": n, "text": t, "title": ti} for n, t, ti in pages]
        return document_from_dict(data)

    # ---------------------------------------------------------------- parsing

    def _expand_wildcards(self, text: str, s: tantivy.Searcher, notices: list[str]) -> str:
        """`gov*` becomes an OR of at most `max_expansions` of the most frequent
        indexed words starting so (tantivy's parser has no prefix queries)."""
        capped = False

        def expand(m: re.Match) -> str:
            nonlocal capped
            stems = self._analyzer.analyze(m.group(1))
            prefix = stems[0] if stems else _fold(m.group(1))
            found = s.terms_with_prefix("body", prefix, limit=self.max_expansions * 20)
            if len(found) > self.max_expansions:
                capped = True
                found = sorted(found, key=lambda t: -t[1])[: self.max_expansions]
            if not found:
                return m.group(1)
            return "(" + " OR ".join(f"{f}:{t}" for t, _ in found for f in ("title", "body")) + ")"

        out = _WILDCARD.sub(expand, text)
        if capped:
            notices.append(f"A wildcard matched too many words; only the {self.max_expansions} "
                           "most frequent were searched.")
        return out

    def _parse(self, text: str, s: tantivy.Searcher, *, any_word: bool = False) -> _Parsed:
        """Bounded, never-raising parse: shortened when too long, plain words
        when the syntax cannot be read, wildcards capped."""
        notices: list[str] = []
        text = " ".join(text.split())
        if len(text) > self.max_chars:
            cut = text.rfind(" ", 0, self.max_chars + 1)
            text = text[: cut if cut > 0 else self.max_chars]
            notices.append(f"Your query was shortened to its first {len(text)} characters.")
        text = re.sub(r"(\w)\?+(?=\s|$)", r"\1", text)
        tokens = text.split()
        if len(tokens) > self.max_terms:
            text = " ".join(tokens[: self.max_terms])
            notices.append(f"Your query was shortened to its first {self.max_terms} words.")
        words = [w for w in _WORD.findall(text) if w not in OPERATORS]
        if not text:
            return _Parsed(None, notices, words)
        terms = frozenset(self._analyzer.analyze(" ".join(words)))
        problem = _syntax_problem(text)
        q = None
        plain = False
        if problem is None:
            plain = not re.search(r'["()*?:^~\[\]{}+]|(?:^|\s)-', text) \
                and not (set(text.split()) & OPERATORS)
            try:
                q = self._ix.parse_query(
                    self._expand_wildcards(text, s, notices), ["title", "body"],
                    field_boosts={"title": TITLE_BOOST}, conjunction_by_default=not any_word)
            except ValueError as exc:
                problem = "it could not be parsed" + (
                    f" ({str(exc)[:60]})" if "Syntax" not in str(exc) else "")
        if problem is not None:
            notices.append(
                f"Your query could not be read as written: {problem}. "
                "Searched for its words instead.")
            plain = True
            q = None
            if terms:
                q = self._ix.parse_query(" ".join(terms), ["title", "body"],
                                         field_boosts={"title": TITLE_BOOST},
                                         conjunction_by_default=not any_word)
        if q is None or not terms:
            notices.append(
                "Your query has no words to search for (very common words are "
                "ignored); showing all documents.")
            return _Parsed(None, notices, words)
        return _Parsed(q, notices, words, terms, plain)

    # ---------------------------------------------------------------- searching

    def _filter_queries(self, query: Query) -> dict[str, Any]:
        out = {}
        for facet, values in query.filters.items():
            if facet not in FACETS:
                raise InvalidQuery(f"unknown facet {facet!r}; facets are {', '.join(FACETS)}")
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

    def _facet_counts(
        self, s: tantivy.Searcher, query: Query, text_q: Any | None, year_q: Any | None,
        filters: dict[str, Any],
    ) -> dict[str, tuple[FacetCount, ...]]:
        """Disjunctive counts: each facet with every other facet's selection applied
        but not its own; facets without a selection share one aggregation."""
        wanted = [f for f in query.facets if f in FACETS]
        base = [year_q] if year_q is not None else []
        groups: list[tuple[list[str], list[Any]]] = []
        unselected = [f for f in wanted if f not in filters]
        if unselected:
            groups.append((unselected, base + list(filters.values())))
        for f in wanted:
            if f in filters:
                groups.append(([f], base + [q for g, q in filters.items() if g != f]))
        buckets: dict[str, dict[str, int]] = {}
        for names, clauses in groups:
            agg = s.aggregate(self._combine(text_q, clauses), {
                n: {"terms": {"field": n, "size": AGG_SIZE}} for n in names})
            for n in names:
                buckets[n] = {str(int(b["key"])) if n == "year" else str(b["key"]): int(b["doc_count"])
                              for b in agg.get(n, {}).get("buckets", ())}
        out: dict[str, tuple[FacetCount, ...]] = {}
        for facet in wanted:
            counts = buckets.get(facet, {})
            selected = [str(v) for v in query.filters.get(facet, ())]
            chosen = set(selected)
            rows = [(v, c) for v, c in counts.items() if c > 0]
            if facet == "year":
                rows.sort(key=lambda r: -int(r[0]))
            else:
                rows.sort(key=lambda r: (-r[1], r[0]))
                rows = rows[: max(0, query.facet_limit)]
            present = {v for v, _ in rows}
            for v in selected:
                if v not in present:
                    rows.append((v, counts.get(v, 0)))
                    present.add(v)
            if facet == "year":
                rows.sort(key=lambda r: -int(r[0]) if r[0].lstrip("-").isdigit() else 0)
            out[facet] = tuple(FacetCount(v, c, v in chosen) for v, c in rows)
        return out

    def search(self, query: Query) -> Results:
        if query.sort not in SORTS:
            raise InvalidQuery(f"sort must be one of {', '.join(SORTS)}")
        s = self._searcher()
        parsed = self._parse(query.text, s)
        filters = self._filter_queries(query)
        year_q = self._year_query(query)
        clauses = ([year_q] if year_q is not None else []) + list(filters.values())
        page_size = max(1, query.page_size)
        start = (max(1, query.page) - 1) * page_size

        def run(p: _Parsed) -> Any:
            full = self._combine(p.query, clauses)
            if p.query is not None and query.sort == "relevance":
                return s.search(full, page_size, count=True, offset=start)
            key, order = {
                "title": ("k_title", tantivy.Order.Asc),
                "oldest": ("k_oldest", tantivy.Order.Asc),
            }.get(query.sort, ("k_newest", tantivy.Order.Desc))
            return s.search(full, page_size, count=True, offset=start,
                            order_by_field=key, order=order)

        found = run(parsed)
        total = found.count
        notices = list(parsed.notices)
        if total == 0 and parsed.query is not None and parsed.plain and len(parsed.terms) > 1:
            wider = self._parse(query.text, s, any_word=True)
            wfound = run(wider)
            if wfound.count:
                parsed, found, total = wider, wfound, wfound.count
                notices = list(wider.notices) + [
                    "No document contains all of your words; showing documents "
                    "that contain some of them."]

        suggestion = None
        if parsed.words and total < SUGGEST_BELOW:
            suggestion = self._did_you_mean(query.text, parsed.words, s, clauses, total)

        generator = None
        if parsed.query is not None and found.hits:
            generator = tantivy.SnippetGenerator.create(s, parsed.query, self.schema, "body")
            generator.set_max_num_chars(SNIPPET_CHARS)
        scored = query.sort == "relevance" and parsed.query is not None
        hits = tuple(self._hit(s, addr, float(score) if scored else 0.0, parsed.terms, generator)
                     for score, addr in found.hits)
        facets = self._facet_counts(s, query, parsed.query, year_q, filters)
        return Results(query=query, hits=hits, total=total, facets=facets,
                       suggestion=suggestion, notice=" ".join(notices) or None)

    def stats(self) -> dict[str, list[FacetCount]]:
        """Counts of every facet value over the whole index (`kb stats`)."""
        results = self.search(Query(page_size=1, facet_limit=1_000_000))
        return {k: list(v) for k, v in results.facets.items()}

    # ---------------------------------------------------------------- hits

    def _page_matches(self, text: str, terms: frozenset[str], prefixes: set[str]) -> int:
        """How many tokens of a page are query terms; a substring pre-check
        skips pages that cannot match without analysing them."""
        folded = _fold(text)
        if not any(p in folded for p in prefixes):
            return 0
        return sum(1 for t in self._analyzer.analyze(text) if t in terms)

    def _best_page(self, pages: list[list[Any]], terms: frozenset[str]) -> int:
        if not pages or not terms:
            return 0
        prefixes = {t[:4] for t in terms if t}
        best, best_n = 0, 0
        for i, page in enumerate(pages):
            n = self._page_matches(page[1], terms, prefixes)
            if n > best_n:
                best, best_n = i, n
        return best

    def _hit(self, s: tantivy.Searcher, address: Any, score: float, terms: frozenset[str],
             generator: Any | None) -> Hit:
        data, pages = self._stored(s, address)
        i = self._best_page(pages, terms)
        if pages:
            number, text = pages[i][0], pages[i][1]
            snippet = _snippet_from(generator, text)[0] if generator is not None else _leading(text)
        else:
            number, snippet = None, Snippet(())
        return Hit(
            id=data["id"], title=data.get("title") or "", uri=data.get("uri") or "",
            format=data.get("format") or "", doc_type=data.get("doc_type"),
            year=data.get("year"), countries=tuple(data.get("countries") or ()),
            regions=tuple(data.get("regions") or ()), sids=tuple(data.get("sids") or ()),
            topics=tuple(data.get("topics") or ()), language=data.get("language"),
            source=data.get("source") or "", score=score,
            page=number, page_count=len(pages), snippet=snippet,
        )

    def search_within(self, id: str, text: str, limit: int = 20) -> list[tuple[int, Snippet]]:
        """Pages of one document matching `text`, most matches first."""
        s = self._searcher()
        address = self._address(s, id)
        if address is None:
            return []
        parsed = self._parse(text, s, any_word=True)
        if parsed.query is None or not parsed.terms:
            return []
        _, pages = self._stored(s, address)
        generator = tantivy.SnippetGenerator.create(s, parsed.query, self.schema, "body")
        generator.set_max_num_chars(SNIPPET_CHARS)
        prefixes = {t[:4] for t in parsed.terms}
        scored = []
        for number, page_text, *_ in pages:
            n = self._page_matches(page_text, parsed.terms, prefixes)
            if n:
                scored.append((-n, number, page_text))
        scored.sort(key=lambda r: (r[0], r[1]))
        return [(n, _snippet_from(generator, t)[0]) for _, n, t in scored[: max(0, limit)]]

    def more_like(self, id: str, limit: int = 5) -> list[Hit]:
        """Documents sharing the key terms of this one (never itself)."""
        s = self._searcher()
        address = self._address(s, id)
        if address is None or limit <= 0:
            return []
        data, pages = self._stored(s, address)
        text = " ".join([data.get("title") or ""] + [p[1] for p in pages])[:MORE_LIKE_CHARS]
        if not text.strip():
            return []
        like = tantivy.Query.more_like_this_document_fields_query(
            self.schema, {"body": [text]}, min_doc_frequency=2, min_term_frequency=1,
            max_query_terms=12)
        q = tantivy.Query.boolean_query([
            (tantivy.Occur.Must, like),
            (tantivy.Occur.MustNot, tantivy.Query.term_query(self.schema, "id", id)),
        ])
        return [self._hit(s, addr, float(score), frozenset(), None)
                for score, addr in s.search(q, limit, count=False).hits]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Whole words starting with `prefix`, most frequent first, for autocomplete."""
        words = prefix.split()
        if not words or limit <= 0:
            return []
        last = words[-1].lower()
        if len(last) < 2:
            return []
        found = self._searcher().terms_with_prefix("words", last, limit=500)
        found.sort(key=lambda t: (-t[1], t[0]))
        return [w for w, _ in found[:limit]]

    def _correct(self, s: tantivy.Searcher, word: str) -> str | None:
        """The most frequent indexed word one edit away, else two edits away
        among words sharing the first letter; None when `word` is known."""
        if s.doc_freq("words", word) > 0:
            return None
        best = max(((s.doc_freq("words", c), c) for c in _edits1(word)), default=(0, ""))
        if best[0] > 0:
            return best[1]
        candidates = [
            (_distance(word, t), -n, t)
            for t, n in s.terms_with_prefix("words", word[0], limit=20_000)
            if abs(len(t) - len(word)) <= 2]
        candidates = [c for c in candidates if c[0] <= 2]
        return min(candidates)[2] if candidates else None

    def _did_you_mean(self, text: str, words: list[str], s: tantivy.Searcher,
                      clauses: list[Any], total: int) -> str | None:
        """Correct the raw words and offer the corrected query only when it
        finds more than the original did."""
        corrected, changed = text, False
        for word in dict.fromkeys(words):
            low = word.lower()
            if len(low) < 3 or low.isdigit():
                continue
            option = self._correct(s, low)
            if option and option != low:
                corrected = re.sub(rf"\b{re.escape(word)}\b", option, corrected)
                changed = True
        if not changed:
            return None
        parsed = self._parse(corrected, s)
        if parsed.query is None:
            return None
        n = s.search(self._combine(parsed.query, clauses), 1, count=True).count
        return corrected if n > total else None

