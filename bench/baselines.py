"""The two baselines the KB figures are divided by, doing the same work on the
same corpus: top ten with the total, all nine facet counts with the same
disjunctive logic (each selected facet counted without its own selection),
and a highlighted snippet with its page number for each shown hit.

- `Fts5`: SQLite FTS5 (porter stemming, accents removed), facet values in a
  plain table counted with GROUP BY, `snippet()` on a page-level FTS table for
  the best page of each shown hit.
- `BareTantivy`: tantivy-py used directly with its stock `en_stem` tokenizer,
  facets as raw fast fields counted with one terms aggregation per facet group,
  and `SnippetGenerator` on the stored page texts: the floor for what any
  Python wrapper around tantivy can reach.
"""
from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Iterable

import tantivy

from kb.models import FACETS, Document

TEXT_FACETS = tuple(f for f in FACETS if f != "year")
_WORD = re.compile(r"\w+")


def _values(doc: Document, facet: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(doc.facet_values(facet)))


# ------------------------------------------------------------------ SQLite FTS5


class Fts5:
    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.executescript("""
            PRAGMA journal_mode=WAL;
            CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(
                title, body, tokenize='porter unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE IF NOT EXISTS pages USING fts5(
                text, doc UNINDEXED, number UNINDEXED,
                tokenize='porter unicode61 remove_diacritics 2');
            CREATE TABLE IF NOT EXISTS meta (rowid INTEGER PRIMARY KEY, id TEXT, data TEXT, year INTEGER);
            CREATE TABLE IF NOT EXISTS facets (facet TEXT, value TEXT, doc INTEGER);
        """)

    def build(self, documents: Iterable[Document], batch: int = 2000) -> int:
        n = 0
        cur = self.db.cursor()
        for doc in documents:
            n += 1
            cur.execute("INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)",
                        (n, doc.title, "\n\n".join(p.text for p in doc.pages)))
            cur.executemany("INSERT INTO pages (text, doc, number) VALUES (?, ?, ?)",
                            [(p.text, n, p.number) for p in doc.pages])
            cur.execute("INSERT INTO meta VALUES (?, ?, ?, ?)", (n, doc.id, json.dumps(
                {"title": doc.title, "uri": doc.uri, "countries": doc.countries}), doc.year))
            cur.executemany("INSERT INTO facets VALUES (?, ?, ?)",
                            [(f, v, n) for f in FACETS for v in _values(doc, f)])
            if n % batch == 0:
                self.db.commit()
        self.db.execute("CREATE INDEX IF NOT EXISTS facets_fv ON facets(facet, value, doc)")
        self.db.execute("CREATE INDEX IF NOT EXISTS facets_doc ON facets(doc, facet, value)")
        self.db.commit()
        self.db.execute("INSERT INTO docs(docs) VALUES('optimize')")
        self.db.commit()
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")   # so the file size is the index size
        return n

    @staticmethod
    def _match(text: str) -> str:
        """The query as FTS5 syntax: quoted phrases kept, other words AND-ed."""
        phrases = re.findall(r'"([^"]+)"', text)
        rest = re.sub(r'"[^"]*"', " ", text)
        parts = [f'"{" ".join(_WORD.findall(p))}"' for p in phrases if _WORD.findall(p)]
        parts += [f'"{w}"' for w in _WORD.findall(rest)]
        return " AND ".join(parts)

    def _filter_sql(self, filters: dict[str, tuple[str, ...]], skip: str | None = None) -> tuple[str, list]:
        sql, args = "", []
        for facet, values in filters.items():
            if facet == skip or not values:
                continue
            marks = ",".join("?" * len(values))
            sql += f" AND m.rowid IN (SELECT doc FROM facets WHERE facet = ? AND value IN ({marks}))"
            args += [facet, *values]
        return sql, args

    def search(self, text: str, filters: dict[str, tuple[str, ...]]) -> dict:
        match = self._match(text)
        if match:
            base = "SELECT docs.rowid AS rowid, bm25(docs, 3.0, 1.0) AS rank FROM docs WHERE docs MATCH ?"
            base_args: list = [match]
        else:
            base = "SELECT rowid, 0 AS rank FROM meta"
            base_args = []
        fsql, fargs = self._filter_sql(filters)
        full = f"SELECT m.rowid, m.rank FROM ({base}) m WHERE 1{fsql}"
        self.db.execute("DROP TABLE IF EXISTS temp.matched")
        self.db.execute(f"CREATE TEMP TABLE matched AS {full}", base_args + fargs)
        total = self.db.execute("SELECT COUNT(*) FROM matched").fetchone()[0]
        order = "rank" if match else "(SELECT year FROM meta WHERE meta.rowid = matched.rowid) DESC"
        top = [r[0] for r in self.db.execute(f"SELECT rowid FROM matched ORDER BY {order} LIMIT 10")]
        facets: dict[str, dict[str, int]] = {}
        unselected = [f for f in FACETS if f not in filters]
        marks = ",".join("?" * len(unselected))
        for facet, value, count in self.db.execute(
                f"SELECT facet, value, COUNT(*) FROM facets WHERE facet IN ({marks}) "
                "AND doc IN (SELECT rowid FROM matched) GROUP BY facet, value", unselected):
            facets.setdefault(facet, {})[value] = count
        for facet in filters:       # disjunctive: without its own selection
            fsql, fargs = self._filter_sql(filters, skip=facet)
            rows = self.db.execute(
                f"SELECT value, COUNT(*) FROM facets WHERE facet = ? AND doc IN "
                f"(SELECT m.rowid FROM ({base}) m WHERE 1{fsql}) GROUP BY value",
                [facet] + base_args + fargs)
            facets[facet] = dict(rows.fetchall())
        hits = []
        for rowid in top:
            data = json.loads(self.db.execute("SELECT data FROM meta WHERE rowid = ?", (rowid,)).fetchone()[0])
            page, snippet = None, ""
            if match:
                row = self.db.execute(
                    "SELECT number, snippet(pages, 0, '<mark>', '</mark>', '…', 40) FROM pages "
                    "WHERE pages MATCH ? AND doc = ? ORDER BY rank LIMIT 1",
                    (match.replace(" AND ", " OR "), rowid)).fetchone()
                if row:
                    page, snippet = row
            if page is None:
                row = self.db.execute("SELECT number, substr(text, 1, 260) FROM pages WHERE doc = ? "
                                      "ORDER BY number LIMIT 1", (rowid,)).fetchone()
                page, snippet = row if row else (None, "")
            hits.append((data["title"], page, snippet))
        return {"total": total, "hits": hits, "facets": facets}

    def close(self) -> None:
        self.db.close()


# ------------------------------------------------------------------ bare tantivy


class BareTantivy:
    def __init__(self, path: Path):
        path.mkdir(parents=True, exist_ok=True)
        sb = tantivy.SchemaBuilder()
        sb.add_text_field("title", stored=True, tokenizer_name="en_stem")
        sb.add_text_field("body", tokenizer_name="en_stem")
        sb.add_text_field("page", stored=True, tokenizer_name="en_stem")   # one value per page
        for f in TEXT_FACETS:
            sb.add_text_field(f, tokenizer_name="raw", fast=True, index_option="basic")
        sb.add_integer_field("year", indexed=True, fast=True, stored=True)
        self.schema = sb.build()
        self.ix = tantivy.Index(self.schema, path=str(path))

    def build(self, documents: Iterable[Document]) -> int:
        writer = self.ix.writer(heap_size=256_000_000)
        n = 0
        for doc in documents:
            d = tantivy.Document(title=doc.title, body="\n\n".join(p.text for p in doc.pages))
            for p in doc.pages:
                d.add_text("page", p.text)
            for f in TEXT_FACETS:
                for v in _values(doc, f):
                    d.add_text(f, v)
            if doc.year is not None:
                d.add_integer("year", doc.year)
            writer.add_document(d)
            n += 1
        writer.commit()
        writer.wait_merging_threads()
        self.ix.reload()
        return n

    def _filter(self, facet: str, values: tuple[str, ...]):
        if facet == "year":
            return tantivy.Query.term_set_query(self.schema, "year", [int(v) for v in values])
        return tantivy.Query.term_set_query(self.schema, facet, list(values))

    def _combine(self, text_q, clauses):
        if not clauses:
            return text_q
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, text_q)] + [(tantivy.Occur.Must, c) for c in clauses])

    def search(self, text: str, filters: dict[str, tuple[str, ...]]) -> dict:
        s = self.ix.searcher()
        text_q = (self.ix.parse_query(text, ["title", "body"], field_boosts={"title": 3.0},
                                      conjunction_by_default=True)
                  if text.strip() else tantivy.Query.all_query())
        fq = {f: self._filter(f, v) for f, v in filters.items() if v}
        full = self._combine(text_q, list(fq.values()))
        if text.strip():
            found = s.search(full, 10, count=True)
        else:
            found = s.search(full, 10, count=True, order_by_field="year")
        groups = [([f for f in FACETS if f not in fq], list(fq.values()))]
        groups += [([f], [q for g, q in fq.items() if g != f]) for f in fq]
        facets = {}
        for names, clauses in groups:
            if names:
                facets.update(s.aggregate(self._combine(text_q, clauses), {
                    n: {"terms": {"field": n, "size": 65_000}} for n in names}))
        hits = []
        gen = None
        if text.strip() and found.hits:
            gen = tantivy.SnippetGenerator.create(s, text_q, self.schema, "page")
            gen.set_max_num_chars(260)
        for _, addr in found.hits:
            stored = s.doc(addr)
            pages = stored.get_all("page")
            best, best_n, snippet = 0, -1, None
            if gen is not None:
                for i, page in enumerate(pages):    # the best page: most highlighted words
                    snip = gen.snippet_from_doc(tantivy.Document(page=page))
                    if len(snip.highlighted()) > best_n:
                        best, best_n, snippet = i, len(snip.highlighted()), snip
            hits.append((stored.get_first("title"), best + 1,
                         snippet.to_html() if snippet is not None else (pages[0][:260] if pages else "")))
        return {"total": found.count, "hits": hits, "facets": facets}

    def close(self) -> None:
        pass
