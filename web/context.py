"""`KbContext` and `kb_context()`: what views, the API and templates need
from the running app (its settings and its index).

It lives apart from `web.app` so the views import this small module and
`web.app` (the composition root) imports the views, never the other way round."""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable

from flask import current_app

from kb.accounts import Accounts
from kb.bundle import Bundles
from kb.jobs import JobTable
from kb.audit import AuditLog
from kb.curation import Curation
from kb.protocols import Index
from kb.settings import Settings
from kb.throttle import Throttle


@dataclass
class KbContext:
    """What every view needs: the settings, the index, the accounts.

    The index is opened on first use rather than in `create_app`, so a missing
    or locked index becomes a 503 page the error handler renders instead of a
    server that will not start."""

    settings: Settings
    opener: Callable[[], Index]
    _index: Index | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _bundles: Bundles | None = None

    @property
    def bundles(self) -> Bundles:
        """The offline bundles' cache and background builds of this app."""
        if self._bundles is None:
            with self._lock:
                if self._bundles is None:
                    self._bundles = Bundles(self.settings)
        return self._bundles

    # Curators' changes (kb.curation.Curation), made by the composition root
    # on first use; None where the app was built without them.
    curation_factory: Callable[["KbContext"], Curation] | None = None
    _curation: Curation | None = None

    @property
    def index(self) -> Index:
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = self.opener()
        return self._index

    @property
    def accounts(self) -> Accounts:
        """The accounts table under the data directory (opened per call)."""
        return Accounts(self.settings.accounts_path)

    @property
    def jobs(self) -> JobTable:
        """The job table under the data directory (opened per call)."""
        return JobTable(self.settings.jobs_path)

    @property
    def curation(self) -> Curation | None:
        if self._curation is None and self.curation_factory is not None:
            with self._lock:
                if self._curation is None:
                    self._curation = self.curation_factory(self)
        return self._curation

    @property
    def audit(self) -> AuditLog:
        return AuditLog(self.settings.audit_path)

    @property
    def throttle(self) -> Throttle:
        s = self.settings
        return Throttle(s.accounts_path, attempts=s.signin_attempts,
                        window_seconds=s.signin_window_minutes * 60)


def kb_context() -> KbContext:
    """The current app's settings and index, for views."""
    return current_app.extensions["kb"]
