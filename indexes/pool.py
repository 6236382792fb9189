"""A bounded pool of index readers, shared by the threads of one process.

Why a pool and not one reader per thread: the Werkzeug server behind `kb
serve` starts a thread for every request, so a per-thread reader is a reader
per request, and one that is never closed keeps a dozen files open for as long
as the process lives. Here a reader is leased for one operation and handed
back; at most `size` exist at once (a thread waits for one beyond that, which
costs nothing under the GIL), and at most `idle` wait unused.

Why readers carry a *state*: a reader is right only for the committed state of
the index it was opened on. The pool asks the disk for the latest state at
most every `interval` seconds (at once after `invalidate()`, which the
process's own commits call) and never leases a reader of another state. The
state must name the index as well as its commit: a rebuild swapped into place
starts its commit numbers again, so the backend derives it from what the
reader holds (Whoosh's segment ids), never from a counter alone.

Backend-neutral: the backend supplies how to open, describe and close a reader.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Generic, Hashable, Iterator, TypeVar

from kb.errors import IndexUnavailable

R = TypeVar("R")

LEASE_TIMEOUT = 60.0     # seconds a thread waits for a reader before giving up


class ReaderPool(Generic[R]):
    def __init__(
        self,
        open_: Callable[[], R],
        state_of: Callable[[R], Hashable],
        latest_state: Callable[[], Hashable],
        close: Callable[[R], None],
        *,
        size: int = 4,
        idle: int = 2,
        interval: float = 1.0,
    ) -> None:
        if size < 1 or idle < 0:
            raise ValueError("a reader pool needs size >= 1 and idle >= 0")
        self._open, self._state_of, self._latest_state, self._close = open_, state_of, latest_state, close
        self.size, self.idle, self.interval = size, min(idle, size), interval
        self._free: list[tuple[R, Hashable]] = []      # idle readers, most recently used last
        self._leased = 0
        self._latest: Hashable | None = None
        self._checked = float("-inf")
        self._closed = False
        self._cond = threading.Condition()

    # ------------------------------------------------------------------ state

    def invalidate(self) -> None:
        """Check the disk before the next lease (after a commit of our own)."""
        with self._cond:
            self._checked = float("-inf")

    def _current(self) -> Hashable | None:
        """The latest committed state, read from disk at most once per interval
        for the whole pool. Called with the lock held."""
        now = time.monotonic()
        if now - self._checked >= self.interval:
            self._latest = self._latest_state()
            self._checked = now
        return self._latest

    # ------------------------------------------------------------------ leasing

    @contextmanager
    def lease(self) -> Iterator[R]:
        """A reader of the latest state for the duration of the block."""
        reader, state = self._take()
        try:
            yield reader
        finally:
            self._give_back(reader, state)

    def _take(self) -> tuple[R, Hashable]:
        stale: list[R] = []
        with self._cond:
            deadline = time.monotonic() + LEASE_TIMEOUT
            while True:
                if self._closed:
                    raise IndexUnavailable("the index has been closed")
                if self._free or self._leased + len(self._free) < self.size:
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    raise IndexUnavailable("the index is busy; try again in a moment")
                self._cond.wait(left)
            latest = self._current()
            found = None
            while self._free:
                reader, state = self._free.pop()
                if state == latest:
                    found = (reader, state)
                    break
                stale.append(reader)
            self._leased += 1
        for reader in stale:
            self._safe_close(reader)
        if found is not None:
            return found
        try:
            reader = self._open()
            state = self._state_of(reader)
        except BaseException:
            with self._cond:
                self._leased -= 1
                self._cond.notify()
            raise
        with self._cond:
            # just read from disk: at least as new as the last check
            self._latest, self._checked = state, time.monotonic()
        return reader, state

    def _give_back(self, reader: R, state: Hashable) -> None:
        drop = None
        with self._cond:
            self._leased -= 1
            if self._closed or state != self._latest or len(self._free) >= self.idle:
                drop = reader
            else:
                self._free.append((reader, state))
            self._cond.notify()
        if drop is not None:
            self._safe_close(drop)

    def _safe_close(self, reader: R) -> None:
        try:
            self._close(reader)
        except Exception:  # closing twice or a vanished file: nothing to lose
            pass

    def close(self) -> None:
        """Close the idle readers now; leased ones are closed when handed back."""
        with self._cond:
            self._closed = True
            free, self._free = self._free, []
            self._cond.notify_all()
        for reader, _ in free:
            self._safe_close(reader)

    @property
    def open_readers(self) -> int:
        with self._cond:
            return self._leased + len(self._free)
