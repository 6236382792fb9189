"""The small SQLite stores under the data directory (accounts, sign-in
throttling, the audit log) open their file the same way: one connection per
call, the schema made sure of, one transaction that commits or rolls back."""
from __future__ import annotations

import sqlite3
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def transaction(path: Path, schema: str, *, rows: bool = False) -> Iterator[sqlite3.Connection]:
    """A connection to the database at `path` (created with `schema` when
    new) inside one transaction; `rows`: rows read as `sqlite3.Row`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path, timeout=10)) as conn:
        if rows:
            conn.row_factory = sqlite3.Row
        conn.executescript(schema)
        with conn:
            yield conn
