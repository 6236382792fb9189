"""The audit log: every change curators and admins make, who made it, when,
and the values before and after (as JSON), in SQLite under the data
directory (`Settings.audit_path`).

Rows are only ever added; the web's /audit page and `kb audit` read them
newest first. Each call opens its own connection, as `kb.accounts` does, so
web workers and the `kb` command write to one log at once."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kb.database import transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    at     TEXT NOT NULL,
    user   TEXT NOT NULL,
    action TEXT NOT NULL,            -- upload, edit, withdraw, restore, delete, user-add, ...
    target TEXT NOT NULL,            -- a document id, an account name
    before TEXT,                     -- JSON, or NULL when there was nothing before
    after  TEXT                      -- JSON, or NULL when nothing is left after
);
CREATE INDEX IF NOT EXISTS audit_target ON audit(target);
"""


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    user: str
    action: str
    target: str
    before: Any
    after: Any


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class AuditLog:
    def __init__(self, path: Path):
        self.path = Path(path)

    def _db(self):
        return transaction(self.path, SCHEMA)

    def record(self, user: str, action: str, target: str, before: Any = None, after: Any = None) -> None:
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._db() as db:
            db.execute("INSERT INTO audit (at, user, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)",
                       (stamp, user, action, target, _json(before), _json(after)))

    def count(self, target: str | None = None) -> int:
        with self._db() as db:
            if target is None:
                return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
            return db.execute("SELECT COUNT(*) FROM audit WHERE target = ?", (target,)).fetchone()[0]

    def entries(self, *, offset: int = 0, limit: int = 50, target: str | None = None) -> list[Entry]:
        """Newest first."""
        where, args = ("WHERE target = ?", (target,)) if target is not None else ("", ())
        with self._db() as db:
            rows = db.execute(f"SELECT id, at, user, action, target, before, after FROM audit {where} "
                              "ORDER BY id DESC LIMIT ? OFFSET ?", (*args, limit, offset)).fetchall()
        return [Entry(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4],
                      json.loads(r[5]) if r[5] is not None else None,
                      json.loads(r[6]) if r[6] is not None else None) for r in rows]


def entry_to_dict(entry: Entry) -> dict:
    return {"id": entry.id, "at": entry.at.isoformat(), "user": entry.user, "action": entry.action,
            "target": entry.target, "before": entry.before, "after": entry.after}
