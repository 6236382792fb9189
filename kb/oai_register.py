"""The OAI-PMH record register: each document's header (datestamp and sets)
and the tombstones of documents that left the repository.

Its tables live in the catalog's SQLite file, written by the catalog in the
same transactions as the changes they describe (an indexed document, a prune,
a regrouping of duplicates), so a datestamp is when the record last changed
and a deleted record is never forgotten (`deletedRecord` is `persistent`).
The OAI-PMH provider only reads it (`Register`). kb owns the schema, so the
provider needs nothing from ingest.

Sets are hierarchical: `country:FJI` is inside `country`, and a record is
stored under both, so a harvest of `country` gets every record about any
country. A header shows only the most specific specs.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

from kb import taxonomy
from kb.models import Document

SCHEMA = """
CREATE TABLE IF NOT EXISTS oai_records (
    doc_id    TEXT PRIMARY KEY,
    datestamp TEXT NOT NULL,             -- YYYY-MM-DDThh:mm:ssZ, when the record last changed
    deleted   INTEGER NOT NULL DEFAULT 0,
    sets      TEXT NOT NULL DEFAULT ''   -- the header's setSpecs, space-separated
);
CREATE INDEX IF NOT EXISTS oai_records_order ON oai_records(datestamp, doc_id);
CREATE TABLE IF NOT EXISTS oai_set_members (   -- every spec of a record, ancestors included
    spec   TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    PRIMARY KEY (spec, doc_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS oai_set_names (
    spec TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
"""

# The top of each set hierarchy and its name.
SET_FAMILIES: dict[str, str] = {
    "country": "Countries",
    "sids": "Small island developing States",
    "type": "Document types",
    "source": "Sources",
}
_UNSAFE = re.compile(r"[^A-Za-z0-9\-_.!~*'()]+")


def stamp(when: datetime | None = None) -> str:
    """A datestamp at the repository's granularity (seconds, UTC)."""
    when = when or datetime.now(timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def source_spec(name: str) -> str:
    """A source's name as a setSpec part: OAI-PMH allows only unreserved URI
    characters, so accents go and anything else becomes a hyphen."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    slug = _UNSAFE.sub("-", plain.strip()).strip("-").lower()
    # a name in another script has no such letters: a hash keeps it apart
    return slug or "h" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def document_sets(doc: Document) -> list[tuple[str, str]]:
    """The (setSpec, setName) of the most specific sets `doc` is in."""
    sets = [(f"country:{code}", taxonomy.country_name(code)) for code in doc.countries]
    sets += [(f"sids:{group}", taxonomy.sids_label(group)) for group in doc.sids]
    if doc.doc_type:
        sets.append((f"type:{doc.doc_type}", taxonomy.doc_type_label(doc.doc_type)))
    if doc.source:
        sets.append((f"source:{source_spec(doc.source)}", doc.source))
    # a curated value a setSpec cannot spell is left out of the sets, not mangled
    return [(spec, name) for spec, name in dict(sets).items()
            if all(part and _UNSAFE.search(part) is None for part in spec.split(":"))]


def with_ancestors(specs: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for spec in specs:
        parts = spec.split(":")
        out.update(":".join(parts[:i]) for i in range(1, len(parts) + 1))
    return out


def is_hidden(doc: Document) -> bool:
    """A withdrawn document is served to harvesters as deleted."""
    return bool(getattr(doc, "withdrawn", False) or
                (isinstance(doc.extra, dict) and doc.extra.get("withdrawn")))


# ---------------------------------------------------------------- writing
# These take the caller's connection (the catalog's) and run inside its
# transaction.

def ensure_schema(db: sqlite3.Connection) -> bool:
    """Create the tables; True when they did not exist yet (the catalog then
    registers the documents it already holds)."""
    existed = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='oai_records'").fetchone()
    db.executescript(SCHEMA)
    return existed is None


def record_live(db: sqlite3.Connection, docs: Sequence[Document], when: str | None = None) -> None:
    """`docs` changed (or appeared) at `when`: their headers are current. A
    withdrawn one is recorded as deleted."""
    when = when or stamp()
    for doc in docs:
        sets = document_sets(doc)
        specs = [spec for spec, _ in sets]
        db.execute(
            """INSERT INTO oai_records (doc_id, datestamp, deleted, sets) VALUES (?, ?, ?, ?)
               ON CONFLICT(doc_id) DO UPDATE SET datestamp=excluded.datestamp,
                 deleted=excluded.deleted, sets=excluded.sets""",
            (doc.id, when, int(is_hidden(doc)), " ".join(specs)))
        db.execute("DELETE FROM oai_set_members WHERE doc_id = ?", (doc.id,))
        db.executemany("INSERT OR IGNORE INTO oai_set_members (spec, doc_id) VALUES (?, ?)",
                       [(spec, doc.id) for spec in with_ancestors(specs)])
        db.executemany("INSERT OR REPLACE INTO oai_set_names (spec, name) VALUES (?, ?)",
                       sets + [(f, n) for f, n in SET_FAMILIES.items()
                               if any(s.startswith(f + ":") for s in specs)])


def record_deleted(db: sqlite3.Connection, doc_ids: Iterable[str], when: str | None = None) -> list[str]:
    """Tombstones for `doc_ids` (a prune, a curator's delete or withdrawal, a
    document now shown as another one's copy): each keeps its sets and gets
    `when` as its datestamp. Ids that were never records, or are already
    deleted, are left as they are. Returns the ids newly deleted."""
    when = when or stamp()
    done = []
    for doc_id in dict.fromkeys(doc_ids):
        cursor = db.execute("UPDATE oai_records SET deleted = 1, datestamp = ? "
                            "WHERE doc_id = ? AND deleted = 0", (when, doc_id))
        if cursor.rowcount:
            done.append(doc_id)
    return done


# ---------------------------------------------------------------- reading

@dataclass(frozen=True)
class Header:
    id: str                 # the document id
    datestamp: str
    deleted: bool
    sets: tuple[str, ...]


@dataclass(frozen=True)
class Selection:
    """What a list request selects: an optional set, from and until
    (inclusive, at second granularity)."""

    set_spec: str | None = None
    from_: str | None = None
    until: str | None = None


class Register:
    """Read-only access for the provider. A data directory with no catalog
    yet (nothing ingested) is an empty repository."""

    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection | None:
        if not self.path.exists():
            return None
        db = sqlite3.connect(self.path.absolute().as_uri() + "?mode=ro", uri=True, timeout=30)
        if db.execute("SELECT 1 FROM sqlite_master WHERE name='oai_records'").fetchone() is None:
            db.close()
            return None
        return db

    def _query(self, sql: str, params: Sequence = ()) -> list[tuple]:
        db = self._connect()
        if db is None:
            return []
        try:
            return db.execute(sql, params).fetchall()
        finally:
            db.close()

    @staticmethod
    def _where(selection: Selection, after: tuple[str, str] | None = None) -> tuple[str, list]:
        clauses, params = ["1=1"], []
        if selection.set_spec:
            clauses.append("doc_id IN (SELECT doc_id FROM oai_set_members WHERE spec = ?)")
            params.append(selection.set_spec)
        if selection.from_:
            clauses.append("datestamp >= ?")
            params.append(selection.from_)
        if selection.until:
            clauses.append("datestamp <= ?")
            params.append(selection.until)
        if after:
            clauses.append("(datestamp > ? OR (datestamp = ? AND doc_id > ?))")
            params += [after[0], after[0], after[1]]
        return " AND ".join(clauses), params

    def headers(self, selection: Selection, after: tuple[str, str] | None, limit: int) -> list[Header]:
        """Up to `limit` headers in (datestamp, id) order after `after`: a
        record that changes while a harvest pages through moves to the end,
        where the same harvest still meets it."""
        where, params = self._where(selection, after)
        rows = self._query(f"SELECT doc_id, datestamp, deleted, sets FROM oai_records WHERE {where} "
                           "ORDER BY datestamp, doc_id LIMIT ?", [*params, limit])
        return [Header(r[0], r[1], bool(r[2]), tuple(r[3].split())) for r in rows]

    def count(self, selection: Selection) -> int:
        where, params = self._where(selection)
        rows = self._query(f"SELECT COUNT(*) FROM oai_records WHERE {where}", params)
        return rows[0][0] if rows else 0

    def header(self, doc_id: str) -> Header | None:
        rows = self._query("SELECT doc_id, datestamp, deleted, sets FROM oai_records WHERE doc_id = ?",
                           (doc_id,))
        return Header(rows[0][0], rows[0][1], bool(rows[0][2]), tuple(rows[0][3].split())) if rows else None

    def earliest(self) -> str | None:
        rows = self._query("SELECT MIN(datestamp) FROM oai_records")
        return rows[0][0] if rows else None

    def sets(self) -> list[tuple[str, str]]:
        """Every set with a record in it (deleted ones count: a harvester
        must be able to ask for a set's deletions), families first."""
        rows = self._query("SELECT n.spec, n.name FROM oai_set_names n WHERE EXISTS "
                           "(SELECT 1 FROM oai_set_members m WHERE m.spec = n.spec) ORDER BY n.spec")
        return rows
