"""The catalog: every item an ingest job has seen, in SQLite under the data dir.

It answers "is this the same bytes as last time?" so a second run extracts
nothing that did not change, keeps the reason of every failure, and keeps a
copy of each indexed document so the index can be rebuilt without extracting.
Rows are written only after the index committed the documents they describe.

The OAI-PMH register (`kb.oai_register`: each shown document's datestamp and
sets, and a tombstone for each that left) is kept here too, in the same
transactions, so what the provider serves never disagrees with the index.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from kb import oai_register
from kb.curation import Correction, Withdrawal, apply_corrections
from kb.models import Document
from kb.serialize import document_from_dict, document_to_dict
from ingest.duplicates import Outcome, band_keys
from ingest.shared_titles import key_of as stated_key_of, uses_stated

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (
    uri          TEXT PRIMARY KEY,
    source       TEXT NOT NULL,
    doc_id       TEXT NOT NULL,
    content_hash TEXT,
    curated_hash TEXT,
    size         INTEGER,
    status       TEXT NOT NULL,          -- indexed | failed
    reason       TEXT,
    validators   TEXT NOT NULL DEFAULT '{}',
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL,
    indexed_at   TEXT
);
CREATE INDEX IF NOT EXISTS items_source ON items(source);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    data   BLOB NOT NULL                 -- zlib-compressed JSON of the indexed Document
);
CREATE INDEX IF NOT EXISTS items_content ON items(content_hash);
-- near-duplicate detection (ingest/duplicates.py): each document's MinHash
-- signature and its LSH band keys; groups of files that are one document
-- (a row per member, the primary's row naming itself); curators' splits.
CREATE TABLE IF NOT EXISTS signatures (
    doc_id  TEXT PRIMARY KEY,
    minhash BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS bands (     -- a row per band of each signature (41), no other index
    key    INTEGER NOT NULL,             -- hash of the band's number and its rows
    doc_id TEXT NOT NULL,
    PRIMARY KEY (key, doc_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS groups (
    doc_id     TEXT PRIMARY KEY,
    primary_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS groups_primary ON groups(primary_id);
CREATE TABLE IF NOT EXISTS splits (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    PRIMARY KEY (a, b)
);
-- curators' corrections (kb.curation): a curated value per document field,
-- laid over the built document on every ingest and rebuild; and withdrawn
-- documents, kept here but not in the index.
CREATE TABLE IF NOT EXISTS corrections (
    doc_id TEXT NOT NULL,
    field  TEXT NOT NULL,
    value  TEXT,                         -- JSON
    user   TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (doc_id, field)
);
CREATE TABLE IF NOT EXISTS withdrawn (
    doc_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    user   TEXT NOT NULL,
    at     TEXT NOT NULL
);
"""

# The title each stored document's file states (ingest/shared_titles.py), as
# a folded key, so the documents stating one title are found at once; `used`:
# the document's title is that stated one (and may have to give it up).
STATED_TITLES_SCHEMA = """
CREATE TABLE IF NOT EXISTS stated_titles (
    doc_id TEXT PRIMARY KEY,
    key    TEXT NOT NULL,
    used   INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS stated_titles_key ON stated_titles(key);
"""


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Entry:
    uri: str
    source: str
    doc_id: str
    content_hash: str | None
    curated_hash: str | None
    size: int | None
    status: str
    reason: str | None
    validators: dict
    first_seen: str
    last_seen: str
    indexed_at: str | None


class Catalog:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._db.executescript(STATED_TITLES_SCHEMA)
        if oai_register.ensure_schema(self._db):
            self._register_existing()

    def _register_existing(self) -> None:
        """A catalog from before the register: its documents become records
        dated when each was last indexed."""
        when = {doc_id: stamp for doc_id, stamp in self._db.execute(
            "SELECT doc_id, indexed_at FROM items WHERE indexed_at IS NOT NULL")}
        with self._db:
            for doc in self.documents():
                at = when.get(doc.id)
                oai_register.record_live(
                    self._db, [doc], oai_register.stamp(datetime.fromisoformat(at)) if at else None)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, uri: str) -> Entry | None:
        row = self._db.execute("SELECT * FROM items WHERE uri = ?", (uri,)).fetchone()
        return self._entry(row) if row else None

    def entries(self, source: str | None = None) -> Iterator[Entry]:
        if source is None:
            rows = self._db.execute("SELECT * FROM items ORDER BY uri")
        else:
            rows = self._db.execute("SELECT * FROM items WHERE source = ? ORDER BY uri", (source,))
        for row in rows.fetchall():
            yield self._entry(row)

    def record_indexed(self, source: str, documents: list[Document],
                       curated_hashes: dict[str, str], validators: dict[str, dict],
                       grouping: "Outcome | None" = None) -> None:
        """After the index committed `documents`: remember them as indexed
        (an alternate of another document too: it is done, and kept), and the
        regrouping that went with them."""
        stamp = now()
        # each document stored once, as the regrouping left it (with its
        # alternates, its title settled), not once as built and again as shown
        final = {d.id: d for d in grouping.stored} if grouping is not None else {}
        with self._db:
            for doc in documents:
                self._db.execute(
                    """INSERT INTO items (uri, source, doc_id, content_hash, curated_hash, size, status,
                                          reason, validators, first_seen, last_seen, indexed_at)
                       VALUES (?, ?, ?, ?, ?, ?, 'indexed', NULL, ?, ?, ?, ?)
                       ON CONFLICT(uri) DO UPDATE SET source=excluded.source, doc_id=excluded.doc_id,
                         content_hash=excluded.content_hash, curated_hash=excluded.curated_hash,
                         size=excluded.size, status='indexed', reason=NULL,
                         validators=excluded.validators, last_seen=excluded.last_seen,
                         indexed_at=excluded.indexed_at""",
                    (doc.uri, source, doc.id, doc.content_hash, curated_hashes.get(doc.uri),
                     doc.size, json.dumps(validators.get(doc.uri, {})), stamp, stamp, stamp),
                )
                stored = final.get(doc.id, doc)
                payload = zlib.compress(json.dumps(document_to_dict(stored, vectors=True)).encode("utf-8"))
                self._db.execute(
                    "INSERT OR REPLACE INTO documents (doc_id, data) VALUES (?, ?)", (doc.id, payload))
                self._note_stated_title(stored)
            if grouping is not None:
                self._record_grouping(grouping, written={doc.id for doc in documents})
            else:                  # no regrouping: the documents are shown as they are
                oai_register.record_live(self._db, documents, oai_register.stamp(
                    datetime.fromisoformat(stamp)))

    def record_grouping(self, grouping: "Outcome") -> None:
        """A regrouping applied to the index (a split, a prune) on its own."""
        with self._db:
            self._record_grouping(grouping)

    def _record_grouping(self, grouping: "Outcome", written: set[str] | frozenset[str] = frozenset()) -> None:
        # What the index now shows is a current record; what it no longer
        # shows (now another document's copy) is a deleted one. `written`:
        # documents the caller has just stored as the grouping leaves them.
        oai_register.record_live(self._db, grouping.upserts)
        oai_register.record_deleted(self._db, grouping.deletes)
        for doc in grouping.stored:
            if doc.id in written:
                continue
            payload = zlib.compress(json.dumps(document_to_dict(doc, vectors=True)).encode("utf-8"))
            self._db.execute("UPDATE documents SET data = ? WHERE doc_id = ?", (payload, doc.id))
            self._note_stated_title(doc)
        for doc_id, sig in grouping.signatures.items():
            self._forget_signature(doc_id)
            if sig is not None:
                self._db.execute("INSERT INTO signatures (doc_id, minhash) VALUES (?, ?)", (doc_id, sig))
                self._db.executemany("INSERT OR IGNORE INTO bands (key, doc_id) VALUES (?, ?)",
                                     [(key, doc_id) for key in band_keys(sig)])
        for doc_id, primary in grouping.groups.items():
            if primary is None:
                self._db.execute("DELETE FROM groups WHERE doc_id = ?", (doc_id,))
            else:
                self._db.execute("INSERT OR REPLACE INTO groups (doc_id, primary_id) VALUES (?, ?)",
                                 (doc_id, primary))

    def _forget_signature(self, doc_id: str) -> None:
        """Its band rows are found from the signature itself (the bands table
        has no index on doc_id, which would double its size)."""
        old = self.signature(doc_id)
        if old is not None:
            self._db.executemany("DELETE FROM bands WHERE key = ? AND doc_id = ?",
                                 [(key, doc_id) for key in band_keys(old)])
            self._db.execute("DELETE FROM signatures WHERE doc_id = ?", (doc_id,))

    # ------------------------------------------------------- near-duplicates

    def signature(self, doc_id: str) -> bytes | None:
        row = self._db.execute("SELECT minhash FROM signatures WHERE doc_id = ?", (doc_id,)).fetchone()
        return bytes(row[0]) if row else None

    def band_matches(self, keys: list[int]) -> set[str]:
        """Documents whose signature shares a band key with `keys`."""
        found: set[str] = set()
        for key in keys:
            found.update(r[0] for r in self._db.execute("SELECT doc_id FROM bands WHERE key = ?", (key,)))
        return found

    def same_content(self, content_hash: str) -> list[str]:
        """Documents stored with these very bytes."""
        return [r[0] for r in self._db.execute(
            """SELECT i.doc_id FROM items i JOIN documents d ON d.doc_id = i.doc_id
               WHERE i.content_hash = ? AND i.status = 'indexed'""", (content_hash,))]

    def primary_of(self, doc_id: str) -> str | None:
        """The primary of `doc_id`'s group, None when it stands alone."""
        row = self._db.execute("SELECT primary_id FROM groups WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def members(self, primary_id: str) -> list[str]:
        return [r[0] for r in self._db.execute(
            "SELECT doc_id FROM groups WHERE primary_id = ? ORDER BY doc_id", (primary_id,))]

    def groups(self) -> dict[str, list[str]]:
        """Every group: primary id -> the ids of its other members."""
        out: dict[str, list[str]] = {}
        for doc_id, primary in self._db.execute(
                "SELECT doc_id, primary_id FROM groups ORDER BY primary_id, doc_id"):
            members = out.setdefault(primary, [])
            if doc_id != primary:
                members.append(doc_id)
        return out

    def shown_as(self, uris: list[str]) -> dict[str, str]:
        """For each of `uris` kept as another format or copy of a document:
        the URI of the document shown in its place."""
        out = {}
        for uri in uris:
            row = self._db.execute(
                """SELECT p.uri FROM items i JOIN groups g ON g.doc_id = i.doc_id
                   JOIN items p ON p.doc_id = g.primary_id
                   WHERE i.uri = ? AND g.primary_id != g.doc_id""", (uri,)).fetchone()
            if row:
                out[uri] = row[0]
        return out

    def splits(self, doc_id: str) -> set[str]:
        """The documents a curator said `doc_id` is not a copy of."""
        return {r[0] for r in self._db.execute(
            "SELECT b FROM splits WHERE a = ? UNION SELECT a FROM splits WHERE b = ?", (doc_id, doc_id))}

    def add_split(self, a: str, b: str) -> None:
        with self._db:
            self._db.execute("INSERT OR IGNORE INTO splits (a, b) VALUES (?, ?)", tuple(sorted((a, b))))

    # ---------------------------------------------------------- stated titles

    def stated_title(self, doc_id: str) -> str | None:
        """The folded title `doc_id`'s file states, as last stored."""
        row = self._db.execute("SELECT key FROM stated_titles WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def stating(self, key: str) -> list[tuple[str, bool, str]]:
        """The documents whose files state the title `key`: (id, whether its
        title is that stated one, the id of its group's primary or its own)."""
        return [(doc_id, bool(used), group) for doc_id, used, group in self._db.execute(
            """SELECT s.doc_id, s.used, COALESCE(g.primary_id, s.doc_id) FROM stated_titles s
               LEFT JOIN groups g ON g.doc_id = s.doc_id WHERE s.key = ? ORDER BY s.doc_id""", (key,))]

    def _note_stated_title(self, doc: Document) -> None:
        key = stated_key_of(doc)
        if key is None:
            self._db.execute("DELETE FROM stated_titles WHERE doc_id = ?", (doc.id,))
        else:
            self._db.execute("INSERT OR REPLACE INTO stated_titles (doc_id, key, used) VALUES (?, ?, ?)",
                             (doc.id, key, int(uses_stated(doc))))

    def record_failed(self, uri: str, source: str, doc_id: str, reason: str,
                      content_hash: str | None, curated_hash: str | None, size: int | None) -> None:
        """A failed item keeps its last good document in the index (if any);
        only its status and reason change, and it belongs to the source that
        saw it fail (a job under another --source name takes it over)."""
        stamp = now()
        with self._db:
            self._db.execute(
                """INSERT INTO items (uri, source, doc_id, content_hash, curated_hash, size, status,
                                      reason, first_seen, last_seen)
                   VALUES (?, ?, ?, ?, ?, ?, 'failed', ?, ?, ?)
                   ON CONFLICT(uri) DO UPDATE SET status='failed', reason=excluded.reason,
                     source=excluded.source,
                     content_hash=excluded.content_hash, curated_hash=excluded.curated_hash,
                     size=excluded.size, last_seen=excluded.last_seen""",
                (uri, source, doc_id, content_hash, curated_hash, size, reason, stamp, stamp),
            )

    def touch(self, uris: list[str]) -> None:
        stamp = now()
        with self._db:
            self._db.executemany("UPDATE items SET last_seen = ? WHERE uri = ?", [(stamp, u) for u in uris])

    def record_deleted(self, doc_ids: list[str]) -> list[str]:
        """Documents that left the index while the catalog keeps them (a
        curator's delete or withdrawal): OAI-PMH harvesters are told they
        are deleted, from now on. Returns the ids newly marked. A document
        recorded as indexed again (`record_indexed`) is a live record again."""
        with self._db:
            return oai_register.record_deleted(self._db, doc_ids)

    def forget(self, uris: list[str]) -> None:
        """Items gone from their source (a prune): their rows go, and their
        documents' OAI-PMH records become tombstones that stay."""
        with self._db:
            for uri in uris:
                row = self._db.execute("SELECT doc_id FROM items WHERE uri = ?", (uri,)).fetchone()
                self._db.execute("DELETE FROM items WHERE uri = ?", (uri,))
                if row:
                    oai_register.record_deleted(self._db, [row[0]])
                    self._db.execute("DELETE FROM documents WHERE doc_id = ?", (row[0],))
                    self._db.execute("DELETE FROM groups WHERE doc_id = ?", (row[0],))
                    self._db.execute("DELETE FROM stated_titles WHERE doc_id = ?", (row[0],))
                    self._forget_signature(row[0])

    # ------------------------------------------------------- curation

    def corrections(self, doc_id: str) -> list[Correction]:
        return [Correction(f, json.loads(v) if v is not None else None, u, datetime.fromisoformat(at))
                for f, v, u, at in self._db.execute(
                    "SELECT field, value, user, at FROM corrections WHERE doc_id = ? ORDER BY at, field",
                    (doc_id,))]

    def set_corrections(self, doc_id: str, values: dict, user: str) -> list[Correction]:
        stamp = now()
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO corrections (doc_id, field, value, user, at) VALUES (?, ?, ?, ?, ?)",
                [(doc_id, name, json.dumps(list(v) if isinstance(v, tuple) else v), user, stamp)
                 for name, v in values.items()])
        return self.corrections(doc_id)

    def withdrawal(self, doc_id: str) -> Withdrawal | None:
        row = self._db.execute("SELECT reason, user, at FROM withdrawn WHERE doc_id = ?", (doc_id,)).fetchone()
        return Withdrawal(row[0], row[1], datetime.fromisoformat(row[2])) if row else None

    def withdrawn_ids(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT doc_id FROM withdrawn")}

    def withdrawals(self) -> list[tuple[str, Withdrawal]]:
        return [(d, Withdrawal(r, u, datetime.fromisoformat(at))) for d, r, u, at in self._db.execute(
            "SELECT doc_id, reason, user, at FROM withdrawn ORDER BY at DESC")]

    def set_withdrawn(self, doc_id: str, reason: str, user: str) -> Withdrawal:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO withdrawn (doc_id, reason, user, at) VALUES (?, ?, ?, ?)",
                             (doc_id, reason, user, now()))
        return self.withdrawal(doc_id)

    def clear_withdrawn(self, doc_id: str) -> None:
        with self._db:
            self._db.execute("DELETE FROM withdrawn WHERE doc_id = ?", (doc_id,))

    def store_document(self, doc: Document) -> None:
        """Replace the stored copy of a document (after a curator's edit or
        restore): its OAI-PMH record is dated now, unless it is withdrawn."""
        payload = zlib.compress(json.dumps(document_to_dict(doc, vectors=True)).encode("utf-8"))
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO documents (doc_id, data) VALUES (?, ?)", (doc.id, payload))
            self._note_stated_title(doc)
            if self.withdrawal(doc.id) is None:
                oai_register.record_live(self._db, [doc])

    def uris_of(self, doc_id: str) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT uri FROM items WHERE doc_id = ?", (doc_id,))]

    def forget_document(self, doc_id: str) -> None:
        """A stored document with no item row left (one a curator deleted):
        harvesters are told it is deleted."""
        with self._db:
            oai_register.record_deleted(self._db, [doc_id])
            self._db.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))
            self._db.execute("DELETE FROM stated_titles WHERE doc_id = ?", (doc_id,))
            self._db.execute("DELETE FROM groups WHERE doc_id = ?", (doc_id,))
            self._forget_signature(doc_id)

    def forget_curation(self, doc_id: str) -> None:
        with self._db:
            self._db.execute("DELETE FROM corrections WHERE doc_id = ?", (doc_id,))
            self._db.execute("DELETE FROM withdrawn WHERE doc_id = ?", (doc_id,))

    def has_document(self, doc_id: str) -> bool:
        """Whether a document is stored under `doc_id`, without reading it."""
        return self._db.execute(
            "SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def document(self, doc_id: str) -> Document | None:
        row = self._db.execute("SELECT data FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return document_from_dict(json.loads(zlib.decompress(row[0]))) if row else None

    def documents(self) -> Iterator[Document]:
        """The documents the index holds: every stored one except those kept
        as another format or copy of a document (its `alternates` name them)."""
        # Streamed from a cursor of its own: a 100,000-document rebuild never
        # holds the whole catalog in memory.
        # Withdrawn documents stay stored but are not indexed; curators'
        # corrections are laid over each document on the way out.
        for (data,) in self._db.execute(
                """SELECT data FROM documents WHERE doc_id NOT IN
                   (SELECT doc_id FROM groups WHERE primary_id != doc_id)
                   AND doc_id NOT IN (SELECT doc_id FROM withdrawn) ORDER BY doc_id"""):
            doc = document_from_dict(json.loads(zlib.decompress(data)))
            yield apply_corrections(doc, self.corrections(doc.id))

    def counts(self) -> dict[str, int]:
        return dict(self._db.execute("SELECT status, COUNT(*) FROM items GROUP BY status").fetchall())

    @staticmethod
    def _entry(row) -> Entry:
        values = list(row)
        values[8] = json.loads(values[8] or "{}")
        return Entry(*values)
