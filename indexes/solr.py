"""The backend for deployments that outgrow one machine: a SolrCloud collection.

KB talks to Solr through its plain HTTP JSON APIs (httpx); the collection's
configset is `indexes/solr_configset/` beside this module.

Why it is shaped this way:
- the analysis chain of `indexes.analysis` is the configset's, in Solr's own
  filters (pattern tokenizer for runs of letters and digits, stop words of
  `indexes.stopwords` written to `lang/`, Snowball, then ASCII folding), one
  title/body field pair per language; a query asks every language's fields
  through edismax (`sow=true`: each word looked up in each field, as the
  embedded backends do), after KB's own bounded parse and compound rewrite;
- every write ends in a soft commit, so what `upsert` or `delete` returned is
  what the next search sees, on every replica (NRT replicas); hard commits
  (every 15 s, configset) make it durable, the transaction log in between;
- disjunctive facets are the JSON Facet API over filters tagged by facet name,
  each facet counted with its own selection excluded (`excludeTags`), all in
  the search's one request;
- the pages are stored once as JSON; the shown hits' best page and marks are
  chosen in Python by the shared chain, as on the other backends, so a hit
  names the same page whichever backend answers;
- page vectors are child documents of their document (one per page: its
  place in the page order and its vector in a dense vector field), so Solr
  replaces and deletes them with it; `/select` sees documents only (an
  appended filter) and `/pages` the children, where hybrid search asks the
  knn query for each document's nearest page (collapsed by document). The
  candidates are chosen by `indexes.vectors`' rules and join the keyword
  matches before filters, facet counts, totals and paging, and the two
  rankings are fused by `indexes.fusion`, as on the embedded backends. A
  collection made from a configset without the vector fields takes
  documents without their vectors and answers keyword-only;
- any node answers for the whole collection: requests go to the configured
  nodes in turn, and one that does not answer (stopped, restarting, no leader
  yet for a shard) is skipped and the request tried on the next, for a
  bounded time, so a node going down costs neither an error nor a partial
  answer (`shards.tolerant` is off: a shard with no live copy fails the
  request rather than answering with part of the index). Writes are by id,
  so a retried batch replaces what a first attempt may have written: nothing
  is lost or doubled.
"""
from __future__ import annotations

import json
import logging
import re
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Iterator

import httpx

from indexes import analysis, common, fusion, vectors
from indexes.common import NOTICE_NO_WORDS, NOTICE_WIDER, Parsed, leading_snippet, make_snippet
from indexes.solr_nodes import Nodes
from indexes.stopwords import BY_LANGUAGE
from kb.errors import IndexUnavailable
from kb.models import FACETS, Document, Hit, Query, Results, Snippet

log = logging.getLogger(__name__)

CONFIGSET = Path(__file__).resolve().parent / "solr_configset"
TITLE_BOOST = 3
OPERATORS = frozenset({"AND", "OR", "NOT"})
BATCH = 500                      # documents per update request
RETRY_SECONDS = 60.0             # how long a request keeps trying other nodes
DOWN_SECONDS = 3.0               # ... and when every node refuses connections (cluster down)
SCHEMA_SECONDS = 60.0            # how long a look at the collection's fields is trusted
EMPTY_SECONDS = 10.0             # ... and at its having no page vectors at all (other writers)
KNN_PAGES = 4 * vectors.CANDIDATES   # nearest pages the knn query collects, all shards
DOCUMENTS = "*:* -page_of:*"     # every document, none of their page-vector children
VECTOR_FIELDS = frozenset({"page_of", "page", "vector"})
_FIELD_PREFIX = re.compile(r"(?:^|[\s(+\-])(\w+):")
TEXT_FACETS = tuple(f for f in FACETS if f != "year")


def _suffix(lang: str) -> str:
    return "" if lang == analysis.DEFAULT_LANG else f"_{lang}"


TEXT_FIELDS = {lang: ("title" + _suffix(lang), "body" + _suffix(lang)) for lang in analysis.LANGS}
LIKE_FIELDS = {lang: "like" + _suffix(lang) for lang in analysis.LANGS}
QF = " ".join([f"{t}^{TITLE_BOOST}" for t, _ in TEXT_FIELDS.values()]
              + [b for _, b in TEXT_FIELDS.values()])
USER_FIELDS = " ".join(["compound"] + [f for pair in TEXT_FIELDS.values() for f in pair])


def stopword_files() -> dict[str, str]:
    """The configset's stop word files (lang/stopwords_xx.txt), from indexes.stopwords."""
    return {f"lang/stopwords_{lang}.txt":
            f"# Stop words of KB's {lang} analysis chain, written from indexes/stopwords.py: do not edit.\n"
            + "\n".join(sorted(words)) + "\n"
            for lang, words in BY_LANGUAGE.items()}


def write_configset(directory: Path = CONFIGSET) -> None:
    for name, text in stopword_files().items():
        (directory / name).write_text(text, encoding="utf-8")


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _fold(text: str) -> str:
    """Lower-case and accent-free, for the quick page checks of best pages:
    only the runs of non-ASCII characters are folded (a whole page through
    NFKD cost tens of milliseconds a query)."""
    if text.isascii():
        return text.lower()
    return _NON_ASCII.sub(lambda m: analysis.fold(m.group()), text).casefold()


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Retry(Exception):
    """A node's answer that another node (or a moment later) may give properly."""


class _Missing(_Retry):
    """A node that knows no such collection."""


class _Refused(_Retry):
    """A node that does not take connections (stopped, or not there)."""


# the request handlers whose every proper answer holds a "response" (hits and count)
_SEARCHES = frozenset({"select", "pages"})


@dataclass
class _Query:
    """KB's parse of a query text, as the request parameters that ask it."""

    text: str
    any_word: bool
    expansions: tuple[str, ...] = ()

    def params(self) -> dict[str, Any]:
        """The parameters the query strings of `matcher` refer to, and `q`."""
        out = {"q": self.matcher(self.any_word), "kbt": self.text,
               "kbma": "{!edismax q.op=AND v=$kbt}", "kbmo": "{!edismax q.op=OR v=$kbt}"}
        if self.expansions:
            out.update({"kbx": f"{{!boost b={common.EXPANSION_BOOST} v=$kbxq}}",
                        "kbxq": "{!edismax q.op=OR v=$kbxt}",
                        "kbxt": " OR ".join(f"({e})" for e in self.expansions)})
        return out

    def matcher(self, any_word: bool) -> str:
        """The query string that matches (and scores) the text with all its
        words, or any of them, and its thesaurus expansions."""
        main = "$kbmo" if any_word else "$kbma"
        if not self.expansions:
            return "{!query v=" + main + "}"
        return "{!bool should=" + main + " should=$kbx}"


class SolrIndex:
    """`kb.protocols.Index` on a SolrCloud collection, through any of its nodes."""

    # A rebuild streams the catalog through one upsert: batches of BATCH
    # documents per request, and one soft commit at the end.
    rebuild_batch: int | None = None

    def __init__(self, url: str, collection: str = "kb", *, user: str = "", password: str = "",
                 timeout: float = 30.0, retry_seconds: float = RETRY_SECONDS,
                 max_chars: int = 500, max_terms: int = 30, max_expansions: int = 50) -> None:
        self._where = Nodes(url)
        self.collection = collection
        self.max_chars, self.max_terms, self.max_expansions = max_chars, max_terms, max_expansions
        self.retry_seconds = retry_seconds
        auth = httpx.BasicAuth(user, password) if user else None
        self._http = httpx.Client(auth=auth, timeout=timeout,
                                  limits=httpx.Limits(max_connections=64, max_keepalive_connections=32))
        self._next = 0
        self._lock = threading.Lock()
        self._closed = False
        self._speller: tuple[tuple, common.Speller] | None = None
        self._schema: tuple[float, frozenset[str]] | None = None   # (when read, field names)
        # when the collection was last seen without page vectors, True when with them
        self._no_vectors: float | bool | None = None

    def __repr__(self) -> str:
        return f"SolrIndex({self._where.spec!r}, {self.collection!r})"

    @property
    def urls(self) -> list[str]:
        """The nodes KB asks now: KB_SOLR_URL's, or those ZooKeeper lists live."""
        return self._where.urls()

    # ---------------------------------------------------------------- HTTP

    def _nodes(self) -> list[str]:
        """The nodes in the order to try them: each request starts at the next."""
        urls = self.urls
        with self._lock:
            i = self._next % max(1, len(urls))
            self._next = i + 1
        return urls[i:] + urls[:i]

    def _call(self, path: str, *, data: Any = None, body: Any = None, params: Any = None,
              method: str = "POST") -> dict[str, Any]:
        """One request to the collection, on the first node that answers it
        properly; IndexUnavailable when none does within `retry_seconds`."""
        if self._closed:
            raise IndexUnavailable("the index has been closed")
        started = time.monotonic()
        deadline = started + self.retry_seconds
        pause, problem = 0.1, ""
        while True:
            missing = refused = 0
            nodes = self._nodes()
            if not nodes:
                problem = "ZooKeeper lists no live Solr node"
            for node in nodes:
                try:
                    answer = self._once(method, f"{node}/{self.collection}/{path}", data, body, params)
                    if path in _SEARCHES and "response" not in answer:
                        # a node on its way down can answer 200 without the hits
                        raise _Retry("the node's answer held no results: "
                                     f"{json.dumps(answer)[:200]}")
                    return answer
                except _Missing as exc:
                    missing += 1
                    problem = str(exc)
                except _Refused as exc:
                    refused += 1
                    problem = str(exc)
                except _Retry as exc:
                    problem = str(exc)
                    log.info("Solr node %s: %s; trying another", node, problem)
            if nodes and missing == len(nodes):
                raise IndexUnavailable(
                    f"SolrCloud has no collection {self.collection!r}; build it from the catalog "
                    "with `kb reindex --backend solr`")
            if refused == len(nodes) and time.monotonic() - started > min(DOWN_SECONDS, self.retry_seconds):
                deadline = 0.0                      # nothing listens: the cluster is down
            if time.monotonic() + pause > deadline:
                raise IndexUnavailable(
                    f"the search index on SolrCloud (collection {self.collection!r}) is not "
                    f"available: no node answered ({problem[:200]})")
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    def _once(self, method: str, url: str, data: Any, body: Any, params: Any) -> dict[str, Any]:
        try:
            if body is not None:
                r = self._http.request(method, url, params=params, content=json.dumps(body),
                                       headers={"Content-Type": "application/json"})
            else:
                r = self._http.request(method, url, params=params, data=data)
        except httpx.ConnectError as exc:
            raise _Refused(f"{type(exc).__name__}: {exc}") from exc
        except httpx.TransportError as exc:
            raise _Retry(f"{type(exc).__name__}: {exc}") from exc
        if r.status_code in (401, 403):
            raise IndexUnavailable(f"SolrCloud refused KB's credentials ({r.status_code}); "
                                   "check KB_SOLR_USER and KB_SOLR_PASSWORD")
        try:
            answer = r.json()
        except ValueError:
            answer = {}
        message = (answer.get("error") or {}).get("msg") or r.text[:200]
        if r.status_code == 400:
            raise SolrRequestError(message)
        if r.status_code == 404:
            raise _Missing(f"collection {self.collection!r} not found")
        if r.status_code >= 300:
            raise _Retry(f"HTTP {r.status_code}: {message}")
        if (answer.get("responseHeader") or {}).get("partialResults"):
            raise _Retry("partial results: a shard did not answer")
        return answer

    # ---------------------------------------------------------------- writing

    def _document(self, doc: Document, with_vectors: bool = True, with_added: bool = True) -> dict[str, Any]:
        data, pages = common.stored_forms(doc)
        lang = analysis.chain_language(doc.language)
        out: dict[str, Any] = {"id": doc.id, "doc": data, "pages": pages.decode("utf-8")}
        if doc.content_hash:
            out["content_hash"] = doc.content_hash
        out[TEXT_FIELDS[lang][0]] = doc.title or ""
        for page in doc.pages:
            field = TEXT_FIELDS[analysis.chain_language(page.language or doc.language)][1]
            out.setdefault(field, []).append(page.text)
        out[LIKE_FIELDS[lang]] = common.more_like_text({"title": doc.title},
                                                       [(p.number, p.text) for p in doc.pages])
        keys = analysis.compounds(doc.title or "")
        for page in doc.pages:
            keys += analysis.compounds(page.text)
        if keys:
            out["compound"] = " ".join(keys)
        for facet in TEXT_FACETS:
            values = list(dict.fromkeys(doc.facet_values(facet)))
            if values:
                out[facet] = values
        if doc.year is not None:
            out["year"] = int(doc.year)
        title = _fold(doc.title or "").strip()
        if title:
            out["title_sort"] = title[:200]
        if with_added:
            out["added"] = doc.added_seconds()
        rows = vectors.unpack(doc.vectors) if with_vectors and doc.vectors else ()
        if len(rows):
            out["_childDocuments_"] = [
                {"id": f"{doc.id}#page-{i}", "page_of": doc.id, "page": i, "vector": row.round(5).tolist()}
                for i, row in enumerate(rows[:len(doc.pages)])]
        return out

    def _schema_fields(self) -> frozenset[str]:
        """The fields of the collection's schema, looked at again after
        SCHEMA_SECONDS, as a rebuild may point the alias elsewhere."""
        cached = self._schema
        if cached is not None and time.monotonic() - cached[0] < SCHEMA_SECONDS:
            return cached[1]
        answer = self._call("schema/fields", params={"wt": "json"}, method="GET")
        names = frozenset(f.get("name") for f in answer.get("fields") or ())
        self._schema = (time.monotonic(), names)
        return names

    def _vector_schema(self) -> bool:
        """Whether the collection has the page-vector fields (a collection
        made from an older configset has not)."""
        return VECTOR_FIELDS <= self._schema_fields()

    def _added_field(self) -> bool:
        """Whether the collection has the "added" field (one made from an
        older configset has not: it takes documents without it and sorts
        "added" newest first, until `kb reindex --backend solr`)."""
        return "added" in self._schema_fields()

    def _commit(self) -> None:
        self._call("update", body=[], params={"commit": "true", "softCommit": "true",
                                              "waitSearcher": "true"})

    def upsert(self, documents: Iterable[Document]) -> None:
        """Add or replace documents by id, in batches, then one soft commit:
        when this returns, every search sees them."""
        batch: list[dict[str, Any]] = []
        sent = False
        with_vectors: bool | None = None
        with_added: bool | None = None
        for doc in documents:
            if with_vectors is None and doc.vectors:
                with_vectors = self._vector_schema()
            if with_added is None:
                with_added = self._added_field()
            batch.append(self._document(doc, bool(with_vectors), with_added))
            if len(batch) >= BATCH:
                self._call("update", body=batch)
                batch, sent = [], True
        if batch:
            self._call("update", body=batch)
            sent = True
        if sent:
            self._no_vectors = None
            self._commit()

    def delete(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        for i in range(0, len(ids), BATCH):
            self._call("update", body={"delete": ids[i:i + BATCH]})
        self._commit()

    def clear(self) -> None:
        """Delete every document (a rebuild into this collection starts so)."""
        self._call("update", body={"delete": {"query": "*:*"}})
        self._commit()

    # ---------------------------------------------------------------- reading

    def refresh(self) -> None:
        """Nothing to do: every write ends in a soft commit all replicas see."""

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._http.close()
            self._where.close()

    def _select(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._call("select", data=params)

    def count(self) -> int:
        return int(self._select({"q": "*:*", "rows": 0})["response"]["numFound"])

    def _all(self, fl: str) -> Iterator[dict[str, Any]]:
        """Every document's `fl` fields, by cursor (deep paging across shards)."""
        cursor = "*"
        while True:
            answer = self._select({"q": "*:*", "fl": fl, "rows": 5000, "sort": "id asc",
                                   "cursorMark": cursor})
            yield from answer["response"]["docs"]
            if answer.get("nextCursorMark") in (None, cursor):
                return
            cursor = answer["nextCursorMark"]

    def ids(self) -> set[str]:
        return {d["id"] for d in self._all("id")}

    def hashes(self) -> dict[str, str]:
        """id -> content hash of every live document (docValues only)."""
        return {d["id"]: d.get("content_hash") or "" for d in self._all("id,content_hash")}

    def _stored(self, id: str) -> dict[str, Any] | None:
        answer = self._call("get", params={"id": id, "fl": "id,doc,pages"}, method="GET")
        return answer.get("doc")

    def get(self, id: str) -> Document | None:
        stored = self._stored(id)
        if stored is None:
            return None
        return common.document_from_stored(json.loads(stored["doc"]), json.loads(stored["pages"]))

    def vector_documents(self) -> int:
        """How many documents have page vectors (children)."""
        if not self._vector_schema():
            return 0
        return int(self._select({"q": "{!parent which=$kbdocs v=$kbpages}", "kbdocs": DOCUMENTS,
                                 "kbpages": "page_of:*", "rows": 0})["response"]["numFound"])

    def _pages(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._call("pages", data=params)["response"]["docs"]

    @staticmethod
    def _knn(text: str, top: int) -> str:
        vector = vectors.query_vector(text)
        return f"{{!knn f=vector topK={top}}}[" + ",".join(f"{x:.6g}" for x in vector.tolist()) + "]"

    def _may_have_vectors(self) -> bool:
        """False when the collection has no page vectors (as a keyword-only
        deployment's has not), so that a search embeds no query for nothing;
        a collection seen without them is looked at again after EMPTY_SECONDS,
        or after this index wrote to it."""
        seen = self._no_vectors
        if seen is True:
            return True
        if seen is not None and time.monotonic() - seen < EMPTY_SECONDS:
            return False
        has = self._vector_schema() and \
            int(self._call("pages", data={"q": "*:*", "rows": 0})["response"]["numFound"]) > 0
        self._no_vectors = True if has else time.monotonic()
        return has

    def _near(self, text: str) -> dict[str, tuple[float, int]] | None:
        """The vector candidates of a query, best first: document id ->
        (cosine of its nearest page, that page's place in the page order);
        None when the collection has no page vectors at all."""
        if not self._may_have_vectors():
            return None
        try:
            found = self._pages({"q": self._knn(text, KNN_PAGES), "fq": "{!collapse field=page_of}",
                                 "fl": "page_of,page,score", "rows": vectors.CANDIDATES})
        except SolrRequestError:        # the alias moved to a collection without the fields
            self._schema, found = None, []
        if not found:
            self._no_vectors = time.monotonic()
            return None
        # Lucene's cosine score is (1 + cosine) / 2
        best = {d["page_of"]: (2.0 * float(d["score"]) - 1.0, int(d["page"])) for d in found}
        chosen = vectors.ranked_candidates({k: v[0] for k, v in best.items()})
        return {k: best[k] for k in chosen}

    def _nearest_pages(self, text: str, ids: list[str]) -> dict[str, int]:
        """Each document's page nearest the query, for documents the knn
        query's candidates did not include (all their pages are compared:
        the filter is applied before the knn search)."""
        if not ids:
            return {}
        found = self._pages({"q": self._knn(text, 10_000), "kbids": "\n".join(ids),
                             "fq": ["{!terms f=page_of separator=$kbsep v=$kbids}", "{!collapse field=page_of}"],
                             "kbsep": "\n", "fl": "page_of,page", "rows": len(ids)})
        return {d["page_of"]: int(d["page"]) for d in found}

    # ---------------------------------------------------------------- parsing

    def _known_compound(self, key: str) -> bool:
        return self._select({"q": f"compound:{_quote(key)}", "rows": 0})["response"]["numFound"] > 0

    def _parse(self, text: str, *, any_word: bool = False, expand: bool = False,
               words_only: bool = False) -> Parsed:
        """KB's bounded, never-raising parse (as the embedded backends make it),
        ending in the text edismax is asked."""
        bounded = common.bound_query(text, self.max_chars, self.max_terms, OPERATORS)
        text, notices, words = bounded.text, list(bounded.notices), list(bounded.words)
        if not text:
            return Parsed(None, notices, words)
        problem = common.syntax_problem(text, OPERATORS, _FIELD_PREFIX)
        if words_only and problem is None:
            problem = "it could not be parsed"
        if problem is None:
            plain = common.is_plain(text, OPERATORS)
            asked = analysis.rewrite_plain(text, self._known_compound) if plain else text
        else:
            notices.append(common.notice_unreadable(problem))
            plain = True
            asked = analysis.rewrite_plain(" ".join(words), self._known_compound) if words else ""
        terms = analysis.query_terms(asked)
        if not asked or not terms:
            notices.append(NOTICE_NO_WORDS)
            return Parsed(None, notices, words)
        expanded: list[str] = []
        written: list[str] = []
        if expand:
            for term in common.expansions(text):
                q = analysis.expansion_query(term)
                written.append(q)
                expanded.append(term)
                terms |= analysis.query_terms(q)
        return Parsed(_Query(asked, any_word, tuple(written)), notices, words, terms, plain,
                      tuple(expanded))

    # ---------------------------------------------------------------- searching

    @staticmethod
    def _filters(query: Query) -> list[str]:
        """Filter queries, each tagged with its facet's name for `excludeTags`."""
        out = []
        for facet, values in query.filters.items():
            if not values:
                continue
            if facet == "year":
                years = [str(int(v)) for v in values if str(v).lstrip("-").isdigit()]
                out.append("{!tag=year}" + (f"year:({' OR '.join(years)})" if years else "-*:*"))
            else:
                out.append(f"{{!tag={facet}}}{facet}:(" + " OR ".join(_quote(str(v)) for v in values) + ")")
        if query.year_from is not None or query.year_to is not None:
            lo = query.year_from if query.year_from is not None else "*"
            hi = query.year_to if query.year_to is not None else "*"
            out.append(f"year:[{lo} TO {hi}]")
        return out

    def _sort(self, query: Query, scored: bool) -> str:
        if scored and query.sort == "relevance":
            return "score desc,id asc"
        if query.sort == "added" and self._added_field():
            return "added desc,title_sort asc,id asc"
        return {"title": "title_sort asc,id asc",
                "oldest": "year asc,title_sort asc,id asc"}.get(
            query.sort, "year desc,title_sort asc,id asc")

    def request_params(self, query: Query, parsed: Parsed, fq: list[str], words: list[str]) -> dict[str, Any]:
        """The /select request of a search (bench/solr.py replays them): the
        page of hits, the facet counts and, with `words`, the did-you-mean
        counts. A plain query of several words that has no document with all
        of them is asked again matching any word (`search`): a second request
        for the few queries that need it costs Solr less than asking every
        such query for both answers at once (an any-word match sorted by
        having all words, every facet counted twice), measured in
        bench/solr.py."""
        start, _ = common.page_window(query, 0)
        params: dict[str, Any] = {
            "fq": fq, "start": start, "rows": max(1, query.page_size),
            "fl": "id,doc,pages,score", "sort": self._sort(query, parsed.query is not None),
            "qf": QF, "sow": "true", "uf": USER_FIELDS, "defType": "lucene",
        }
        if parsed.query is None:
            params["q"] = "*:*"
        else:
            params.update(parsed.query.params())
        facets: dict[str, Any] = {}
        for name in query.facets:
            if name in FACETS:
                facets[name] = {"type": "terms", "field": name, "limit": -1, "mincount": 1,
                                "domain": {"excludeTags": name}}
        # document counts of the query's words over the whole collection, for did-you-mean
        for i, w in enumerate(dict.fromkeys(x.lower() for x in words)):
            facets[f"w{i}"] = {"type": "query", "q": f"words:{_quote(w)}", "domain": {"query": "*:*"}}
        if words:       # and the collection's size and newest version: the speller's key
            everything = DOCUMENTS if self._vector_schema() else "*:*"
            facets["all"] = {"type": "query", "q": "*:*", "domain": {"query": everything},
                             "facet": {"v": "max(_version_)"}}
        if facets:
            params["json.facet"] = json.dumps(facets)
        return params

    def search(self, query: Query) -> Results:
        common.check_query(query)
        parsed = self._parse(query.text, expand=query.expand)
        fq = self._filters(query)
        near = None
        if parsed.query is not None and vectors.wants_vectors(query.mode, query.text):
            near = self._near(query.text)
        start, end = common.page_window(query, 1 << 62)

        def ask(p: Parsed, words: list[str]) -> dict[str, Any]:
            params = self.request_params(query, p, fq, words)
            if near is not None:    # the keyword ranking the fusion needs, ids only
                ranked = query.sort == "relevance"
                params.update(start=0, rows=end + len(near) if ranked else 0, fl="id,score")
            return self._select(params)

        try:
            answer = ask(parsed, parsed.words)
        except SolrRequestError:
            # syntax KB's parse let through and Solr refused: search the words
            parsed = self._parse(query.text, expand=query.expand, words_only=True)
            answer = ask(parsed, parsed.words)
        counted = answer.get("facets") or {}        # the did-you-mean counts are the first answer's
        facets_answer = counted
        docs = answer["response"]["docs"]
        total = int(answer["response"]["numFound"])
        notices = list(parsed.notices)
        if common.should_widen(parsed, total):
            wider = replace(parsed, query=replace(parsed.query, any_word=True))
            widened = ask(wider, [])
            if int(widened["response"]["numFound"]):
                parsed, notices = wider, notices + [NOTICE_WIDER]
                facets_answer = widened.get("facets") or {}
                docs, total = widened["response"]["docs"], int(widened["response"]["numFound"])
        if near is None and query.mode == "hybrid" and parsed.query is not None:
            notices.append(vectors.NOTICE_NO_VECTORS)
        suggestion = None
        if parsed.words:
            suggestion = self._did_you_mean(query, parsed.words, counted, fq, total)
        if near is not None:
            picked, total, facets_answer = self._hybrid(query, parsed, fq, near, [d["id"] for d in docs])
            hits = self._hits(picked, parsed.terms, query.text, near)
        else:
            scored = query.sort == "relevance" and parsed.query is not None
            hits = self._hits([(d, float(d.get("score") or 0.0) if scored else 0.0) for d in docs],
                              parsed.terms)
        facets = {}
        for name in query.facets:
            if name not in FACETS:
                continue
            buckets = (facets_answer.get(name) or {}).get("buckets") or []
            counts = {str(b["val"]): int(b["count"]) for b in buckets}
            facets[name] = common.facet_counts(name, counts, query)
        return Results(query=query, hits=hits, total=total, facets=facets,
                       suggestion=suggestion, notice=" ".join(notices) or None,
                       mode="hybrid" if near is not None else "keyword", expanded=parsed.expanded)

    def _hybrid(self, query: Query, parsed: Parsed, fq: list[str], near: dict[str, tuple[float, int]],
                keyword: list[str]) -> tuple[list[tuple[dict[str, Any], float]], int, dict[str, Any]]:
        """(the shown documents and their scores, total, facet answers) of the
        keyword matches and the vector candidates together: one request
        counts and facets them under the filters (and, for the other sorts,
        pages them); for relevance, the keyword ranking (`keyword`, filtered)
        and the candidates that pass the filters, by similarity, are fused."""
        start, end = common.page_window(query, 1 << 62)
        params: dict[str, Any] = {"fq": fq, "qf": QF, "sow": "true", "uf": USER_FIELDS, "defType": "lucene",
                                  **parsed.query.params()}
        facets: dict[str, Any] = {}
        if near:
            params.update(kbk=params["q"], q="{!bool should=$kbk should=$kbn}", kbsep="\n",
                          kbn="{!terms f=id separator=$kbsep v=$kbids}", kbids="\n".join(near))
            facets["near"] = {"type": "terms", "field": "id", "limit": -1, "mincount": 1,
                              "domain": {"filter": "{!query v=$kbn}"}}
        for name in query.facets:
            if name in FACETS:
                facets[name] = {"type": "terms", "field": name, "limit": -1, "mincount": 1,
                                "domain": {"excludeTags": name}}
        if facets:
            params["json.facet"] = json.dumps(facets)
        ranked = query.sort == "relevance"
        if ranked:
            params.update(rows=0)
        else:
            params.update(start=start, rows=max(1, query.page_size), fl="id,doc,pages",
                          sort=self._sort(query, False))
        answer = self._select(params)
        total = int(answer["response"]["numFound"])
        found = answer.get("facets") or {}
        if not ranked:
            return [(d, 0.0) for d in answer["response"]["docs"]], total, found
        passing = {str(b["val"]) for b in (found.get("near") or {}).get("buckets") or ()}
        fused = fusion.hybrid(keyword, [k for k in near if k in passing])[start:end]
        stored = {}
        if fused:
            docs = self._select({"q": "{!terms f=id separator=$kbsep v=$kbids}", "kbsep": "\n",
                                 "kbids": "\n".join(k for k, _ in fused), "rows": len(fused),
                                 "fl": "id,doc,pages"})["response"]["docs"]
            stored = {d["id"]: d for d in docs}
        return [(stored[k], score) for k, score in fused if k in stored], total, found

    # ---------------------------------------------------------------- hits

    @staticmethod
    def _found(terms: frozenset[str]) -> Any:
        """The query terms among a page's words (and its compounds), one per
        occurrence: what the best page is chosen by, as the other backends
        count them. Only the tokens that may be query terms are looked at
        (`analysis.term_tokens`), by `findall` and the chain's cache, without
        the positions only the chosen page's marks need."""
        pattern = analysis.term_tokens(terms)

        def found(text: str, lang: str) -> list[str]:
            cache = analysis.word_cache(lang)
            out = []
            for word in pattern.findall(text):
                r = cache.get(word, False)
                if r is False:
                    r = analysis.analyse_word(word, lang)
                if r is not None and r[0] in terms:
                    out.append(r[0])
            out += [k for k in analysis.compounds(text) if k in terms]
            return out
        return found

    @staticmethod
    def _matches(terms: frozenset[str]) -> Any:
        """Spans of a page's words (in the page's chain) and compounds that are
        query terms: `analysis.iter_spans` over the tokens that may be."""
        pattern = analysis.term_tokens(terms)

        def spans(text: str, lang: str) -> list[tuple[int, int]]:
            return common.merge_spans((a, b) for a, b, t in analysis.iter_spans(text, lang, pattern)
                                      if t in terms)
        return spans

    def _hits(self, picked: list[tuple[dict[str, Any], float]], terms: frozenset[str],
              text: str = "", near: dict[str, tuple[float, int]] | None = None) -> tuple[Hit, ...]:
        """The hits of stored documents: each names its page with the most
        query words or, in a hybrid search, when no page holds them, the page
        nearest the query in meaning."""
        chosen = [self._best(stored, terms) for stored, _ in picked]
        pages: dict[str, int] = {}
        if near is not None:
            pages = {k: page for k, (_, page) in near.items()}
            lacking = [c[0]["id"] for c in chosen if c[1] and not c[3] and c[0]["id"] not in pages]
            pages.update(self._nearest_pages(text, lacking))
        return tuple(self._hit(c, score, terms, pages.get(c[0]["id"]))
                     for c, (_, score) in zip(chosen, picked))

    def _best(self, stored: dict[str, Any], terms: frozenset[str]) -> tuple[dict, list, int, Any]:
        """(document, pages, index of its best page by words, those words)."""
        data, pages = json.loads(stored["doc"]), json.loads(stored["pages"])
        if not pages or not terms:
            return data, pages, 0, ()
        i, found = common.best_page(pages, terms, _fold, self._found(terms), data.get("language"))
        return data, pages, i, found

    def _hit(self, chosen: tuple[dict, list, int, Any], score: float, terms: frozenset[str],
             vector_page: int | None = None) -> Hit:
        data, pages, i, found = chosen
        if not found and vector_page is not None and vector_page < len(pages):
            i = vector_page          # no page holds the words: the page nearest in meaning
        if pages:
            text, number = pages[i][1], pages[i][0]
            spans = self._matches(terms)(text, common.page_language(pages[i], data.get("language"))) \
                if found else []
            snippet = make_snippet(text, spans) if spans else leading_snippet(text)
        else:
            number, snippet = None, Snippet(())
        return common.make_hit(data, score, number, len(pages), snippet)

    def search_within(self, id: str, text: str, limit: int = 20) -> list[tuple[int, Snippet]]:
        stored = self._stored(id)
        if stored is None:
            return []
        parsed = self._parse(text, any_word=True)
        if parsed.query is None or not parsed.terms:
            return []
        data, pages = json.loads(stored["doc"]), json.loads(stored["pages"])
        found = common.matching_pages(pages, parsed.terms, _fold, self._matches(parsed.terms), limit,
                                      data.get("language"))
        return [(n, make_snippet(t, spans)) for n, t, spans in found]

    def more_like(self, id: str, limit: int = 5) -> list[Hit]:
        """Documents sharing the key terms of this one (Solr's MLT query parser
        over the stored `like` text in each language's chain), never itself."""
        if limit <= 0 or self._stored(id) is None:
            return []
        qf = ",".join(LIKE_FIELDS.values())
        answer = self._select({"q": f"{{!mlt qf={qf} mintf=1 mindf=1 maxqt=25 v=$kbid}}", "kbid": id,
                               "fq": f"-id:{_quote(id)}", "rows": limit, "fl": "id,doc,pages,score"})
        return list(self._hits([(d, float(d.get("score") or 0.0)) for d in answer["response"]["docs"]],
                               frozenset()))

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Whole words starting with `prefix`, most frequent first."""
        last = common.suggest_word(prefix, limit)
        if last is None:
            return []
        answer = self._select({"q": "*:*", "rows": 0, "json.facet": json.dumps({"w": {
            "type": "terms", "field": "words", "prefix": last, "limit": limit, "mincount": 1,
            "sort": "count desc", "refine": True}})})
        buckets = ((answer.get("facets") or {}).get("w") or {}).get("buckets") or []
        return [str(b["val"]) for b in sorted(buckets, key=lambda b: (-b["count"], b["val"]))]

    # ---------------------------------------------------------------- did-you-mean

    def _speller_for(self, key: tuple) -> common.Speller:
        """The collection's words and their document counts, read once per
        state of the collection (its size and newest version)."""
        cached = self._speller
        if cached is not None and cached[0] == key:
            return cached[1]
        answer = self._select({"q": "*:*", "rows": 0, "json.facet": json.dumps({"w": {
            "type": "terms", "field": "words", "limit": -1, "mincount": 1}})})
        buckets = ((answer.get("facets") or {}).get("w") or {}).get("buckets") or []
        speller = common.Speller({str(b["val"]): int(b["count"]) for b in buckets})
        self._speller = (key, speller)
        return speller

    def _did_you_mean(self, query: Query, words: list[str], facets: dict[str, Any],
                      fq: list[str], total: int) -> str | None:
        langs = analysis.query_stop_languages(words)
        docs = int((facets.get("all") or {}).get("count") or 0)
        lowered = list(dict.fromkeys(w.lower() for w in words))
        freq = {w: int((facets.get(f"w{i}") or {}).get("count") or 0) for i, w in enumerate(lowered)}
        candidates = [w for w in dict.fromkeys(words)
                      if freq.get(w.lower(), 0) * common.FAR_MORE <= docs and common.may_correct(w, langs)]
        if not candidates:
            return None
        speller = self._speller_for((docs, (facets.get("all") or {}).get("v")))
        corrected = common.corrected_query(query.text, candidates, lambda w: speller.correct(w, docs))
        if corrected is None:
            return None
        parsed = self._parse(corrected)
        if parsed.query is None:
            return None
        params = {"fq": fq, "rows": 0, "qf": QF, "sow": "true", "uf": USER_FIELDS, **parsed.query.params()}
        n = int(self._select(params)["response"]["numFound"])
        return corrected if common.better_suggestion(total, n) else None


class SolrRequestError(Exception):
    """Solr refused a request as malformed (HTTP 400)."""


# ---------------------------------------------------------------- administration

def node_urls(url: str) -> list[str]:
    """The nodes of KB_SOLR_URL's cluster now (read once from ZooKeeper, if it names one)."""
    with Nodes(url) as nodes:
        urls = nodes.urls()
    if not urls:
        raise IndexUnavailable("no SolrCloud node is live (ZooKeeper lists none)")
    return urls


def _admin(urls: list[str], path: str, *, params: Any = None, content: bytes | None = None,
           auth: Any = None, timeout: float = 180.0) -> dict[str, Any]:
    problem = ""
    for node in urls:
        try:
            r = httpx.post(f"{node}/{path}", params=params, content=content, auth=auth, timeout=timeout,
                           headers={"Content-Type": "application/octet-stream"} if content else None)
        except httpx.TransportError as exc:
            problem = str(exc)
            continue
        answer = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
        if r.status_code >= 300:
            raise IndexUnavailable(f"SolrCloud refused {path}: "
                                   f"{(answer.get('error') or {}).get('msg') or r.text[:300]}")
        return answer
    raise IndexUnavailable(f"no SolrCloud node answered ({problem[:200]})")


def configset_zip(directory: Path = CONFIGSET) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(directory.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(directory).as_posix())
    return out.getvalue()


def configset_name(directory: Path = CONFIGSET) -> str:
    """The name KB's configset has on a SolrCloud: `kb-` and a digest of its
    files, so a changed configset (a new field, new stop words) is uploaded
    as a new one beside the old, never over it."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return f"kb-{digest.hexdigest()[:12]}"


def upload_configset(url: str, name: str | None = None, *, directory: Path = CONFIGSET,
                     user: str = "", password: str = "") -> str:
    """Upload the configset in `directory` (KB's) on a SolrCloud as `name`
    (default: `configset_name`, which changes with its content) unless one of
    that name is there, and return the name. Collections keep the configset
    they were made with: a collection of an older configset goes on working
    (without what the new one adds, such as page vectors) until `kb reindex
    --backend solr` builds its successor on the current configset."""
    urls = node_urls(url)
    auth = httpx.BasicAuth(user, password) if user else None
    name = name or configset_name(directory)
    listed = _admin(urls, "admin/configs", params={"action": "LIST", "wt": "json"}, auth=auth)
    if name in listed.get("configSets", []):
        return name
    _admin(urls, "admin/configs", params={"action": "UPLOAD", "name": name, "overwrite": "true",
                                          "cleanup": "true", "wt": "json"},
           content=configset_zip(directory), auth=auth)
    return name


def create_collection(url: str, collection: str, *, configset: str | None = None, shards: int = 2,
                      replicas: int = 2, user: str = "", password: str = "") -> None:
    """Create a collection of `configset` (default: KB's current configset,
    uploaded when the cluster lacks it) unless one of that name exists."""
    urls = node_urls(url)
    auth = httpx.BasicAuth(user, password) if user else None
    if configset is None:
        configset = upload_configset(url, user=user, password=password)
    listed = _admin(urls, "admin/collections", params={"action": "LIST", "wt": "json"}, auth=auth)
    if collection in listed.get("collections", []):
        return
    _admin(urls, "admin/collections", params={
        "action": "CREATE", "name": collection, "collection.configName": configset,
        "numShards": shards, "replicationFactor": replicas, "waitForFinalState": "true",
        "wt": "json"}, auth=auth)


def _collections(urls: list[str], auth: Any) -> tuple[list[str], dict[str, str]]:
    listed = _admin(urls, "admin/collections", params={"action": "LIST", "wt": "json"}, auth=auth)
    aliases = _admin(urls, "admin/collections", params={"action": "LISTALIASES", "wt": "json"}, auth=auth)
    return listed.get("collections", []), aliases.get("aliases", {})


def rebuild_collection(options: dict, fill: Any, *, shards: int = 2, replicas: int = 2,
                       **index_options: Any) -> tuple[str, int]:
    """Build a new collection of KB's configset, fill it (`fill(index) -> count`)
    and point the alias KB searches (`options["collection"]`) at it, then drop
    the collection it pointed at before: readers see the old collection until
    the new one is complete, and a failed build leaves them on the old one.
    A real collection of the alias's name (as `make solr-start` makes) is
    replaced by the alias, with a moment between in which requests retry."""
    url, alias = options["url"], options.get("collection") or "kb"
    user, password = options.get("user", ""), options.get("password", "")
    urls = node_urls(url)
    auth = httpx.BasicAuth(user, password) if user else None
    configset = upload_configset(url, user=user, password=password)
    name = f"{alias}_{time.strftime('%Y%m%d%H%M%S')}{int(time.time() * 1000) % 1000:03d}"
    create_collection(url, name, configset=configset, shards=shards, replicas=replicas,
                      user=user, password=password)
    index = SolrIndex(url, name, user=user, password=password, **index_options)
    try:
        count = fill(index)
    except BaseException:
        index.close()
        _admin(urls, "admin/collections", params={"action": "DELETE", "name": name}, auth=auth)
        raise
    index.close()
    collections, aliases = _collections(urls, auth)
    previous = aliases.get(alias)
    if alias in collections:
        _admin(urls, "admin/collections", params={"action": "DELETE", "name": alias}, auth=auth)
    _admin(urls, "admin/collections", params={"action": "CREATEALIAS", "name": alias,
                                              "collections": name}, auth=auth)
    for old in (previous or "").split(","):
        if old and old != name:
            _admin(urls, "admin/collections", params={"action": "DELETE", "name": old}, auth=auth)
    return name, count


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m indexes.solr")
    p.add_argument("--write-configset", action="store_true",
                   help="write the configset's stop word files from indexes/stopwords.py")
    a = p.parse_args(argv)
    if a.write_configset:
        write_configset()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
