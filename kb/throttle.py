"""Sign-in throttling: after too many failed sign-ins for one account, or
from one client address, within a window, further attempts are refused until
the oldest failure leaves the window.

Failures are rows in the accounts database rather than a dict in memory, so
every `kb serve --workers N` process counts the same failures and a restart
does not reset them. Unknown account names are counted like known ones: the
throttle says nothing about which names exist."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterable

from kb.database import transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS signin_failures (key TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS signin_failures_key ON signin_failures (key, at);
"""


def account_key(name: str) -> str:
    return "account:" + name.strip().casefold()


def address_key(address: str | None) -> str:
    return "address:" + (address or "unknown")


class Throttle:
    def __init__(self, path: Path, attempts: int, window_seconds: float, clock=time.time):
        self.path = Path(path)
        self.attempts = attempts
        self.window = window_seconds
        self.clock = clock

    def _db(self):
        return transaction(self.path, SCHEMA)

    def retry_after(self, keys: Iterable[str]) -> int:
        """Seconds until an attempt for these keys is allowed again; 0 when
        it is allowed now."""
        now = self.clock()
        wait = 0.0
        with self._db() as db:
            db.execute("DELETE FROM signin_failures WHERE at <= ?", (now - self.window,))
            for key in keys:
                rows = db.execute("SELECT at FROM signin_failures WHERE key = ? ORDER BY at DESC "
                                  "LIMIT ?", (key, self.attempts)).fetchall()
                if len(rows) >= self.attempts:
                    # the attempt-th most recent failure must leave the window
                    wait = max(wait, rows[-1][0] + self.window - now)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, keys: Iterable[str]) -> None:
        now = self.clock()
        with self._db() as db:
            db.executemany("INSERT INTO signin_failures VALUES (?, ?)", [(k, now) for k in keys])

    def clear(self, key: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM signin_failures WHERE key = ?", (key,))
