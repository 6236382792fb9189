"""Settings from `KB_` environment variables, read once by a composition root
(`kb.cli`, `web.create_app`) and passed down; nothing reads the environment at
import time."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Mapping

from kb.protocols import Limits


# The sources file's names, looked for in the current folder (`kb sync`, the jobs page).
SOURCES_FILES = ("kb.toml", "sources.toml")
_ON = frozenset({"on", "1", "true", "yes"})
_OFF = frozenset({"off", "0", "false", "no"})


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("var")
    backend: str = "whoosh"
    workers: int = max(1, os.cpu_count() or 1)
    batch_size: int = 200
    max_file_mb: float = 100.0
    max_pages: int = 2000
    max_unzipped_mb: float = 500.0
    extract_timeout: float = 60.0
    max_query_chars: int = 500
    max_query_terms: int = 30
    max_page: int = 1000
    host: str = "127.0.0.1"
    port: int = 5000
    vectors: str = "on"
    ocr: str = "on"
    pdf_text: str = "pdfium"
    private: str = "off"
    secure_cookies: str = "off"
    session_hours: float = 8.0
    signin_attempts: int = 5
    signin_window_minutes: float = 15.0
    oai_repository_id: str = "kb.local"
    oai_admin_email: str = ""
    oai_page_size: int = 100
    bundle_max_documents: int = 500
    bundle_max_mb: float = 500.0
    bundle_background_mb: float = 20.0
    bundle_cache_mb: float = 2000.0
    sources: str = ""
    solr_url: str = ""
    solr_collection: str = "kb"
    solr_user: str = ""
    # Never shown by repr(): settings end up in logs and tracebacks.
    solr_password: str = field(default="", repr=False)
    secret_key: str = field(default="", repr=False)

    # What each setting means, for `kb --help` and the README.
    HELP = {
        "data_dir": "where the index, the catalog and stored originals live",
        "backend": "index backend: whoosh (embedded default), tantivy (embedded, large "
                   "repositories) or solr (a SolrCloud collection, KB_SOLR_URL)",
        "workers": "extraction worker processes (default: all cores)",
        "batch_size": "documents per index commit",
        "max_file_mb": "larger files are reported as too large",
        "max_pages": "documents with more pages are reported as too large",
        "max_unzipped_mb": "limit on the unzipped size of PPTX/DOCX files",
        "extract_timeout": "seconds one document may take before its worker is stopped",
        "max_query_chars": "longer queries are shortened",
        "max_query_terms": "queries with more terms are shortened",
        "max_page": "highest result page served",
        "host": "address `kb serve` listens on",
        "port": "port `kb serve` listens on",
        "vectors": "on: page vectors for cross-lingual search are computed at ingest "
                   "(about 30 MB of model per worker); off: keyword search only, for small machines",
        "ocr": "on: PDF pages without a text layer are read with Tesseract OCR when it is "
               "installed; off: they are left empty",
        "pdf_text": "what reads PDF text: pdfium (pypdfium2, fast) or pypdf (slower; the "
                    "fallback pdfium always has)",
        "private": "on: reading the repository needs a signed-in account (any role); "
                   "off: anonymous readers may search and read",
        "secure_cookies": "on when KB is served over HTTPS: the session cookie is sent "
                          "only over HTTPS",
        "session_hours": "a sign-in lasts this many hours, then the account signs in again",
        "signin_attempts": "failed sign-ins allowed per account and per client address "
                           "within the window before sign-in is refused (429)",
        "signin_window_minutes": "the window over which failed sign-ins are counted",
        "oai_repository_id": "the OAI-PMH provider's namespace of identifiers "
                             "(oai:ID:DOCUMENT); a domain name of yours, kept once harvested",
        "oai_admin_email": "the address the OAI-PMH Identify response gives "
                           "(default: kb@ the repository id)",
        "oai_page_size": "records per OAI-PMH list response before a resumption token",
        "bundle_max_documents": "most documents one offline bundle holds",
        "bundle_max_mb": "largest offline bundle (estimated size, originals included)",
        "bundle_background_mb": "offline bundles estimated larger than this are built in the "
                                "background and cached; smaller ones on request",
        "bundle_cache_mb": "cached offline bundles under DATA_DIR/bundles are removed, oldest "
                           "first, beyond this total",
        "sources": "the kb.toml naming the sources `kb sync` and the jobs page run "
                   "(default: kb.toml or sources.toml in the current folder)",
        "solr_url": "the solr backend's SolrCloud: URLs of one or more of its nodes, "
                    "comma-separated (http://host:8983/solr), or its ZooKeeper "
                    "(zk://host:2181[/chroot]); KB tries the next node when one is down",
        "solr_collection": "the SolrCloud collection (or alias) KB searches and writes",
        "solr_user": "user name for SolrCloud's basic authentication (empty: none)",
        "solr_password": "password for SolrCloud's basic authentication",
        "secret_key": "signs session cookies; when empty, one is generated once and kept "
                      "in DATA_DIR/secret_key",
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> "Settings":
        env = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = env.get(f"KB_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            kind = type(getattr(cls, f.name))
            try:
                values[f.name] = Path(raw) if kind is Path else kind(raw)
            except ValueError as exc:
                from kb.errors import UsageError
                raise UsageError(f"KB_{f.name.upper()}={raw!r}: {exc}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def __post_init__(self) -> None:
        if str(self.vectors).lower() not in _ON | _OFF:
            from kb.errors import UsageError
            raise UsageError(f"KB_VECTORS={self.vectors!r}: use on or off")
        if str(self.ocr).lower() not in _ON | _OFF:
            from kb.errors import UsageError
            raise UsageError(f"KB_OCR={self.ocr!r}: use on or off")
        for name in ("private", "secure_cookies"):
            if str(getattr(self, name)).lower() not in _ON | _OFF:
                from kb.errors import UsageError
                raise UsageError(f"KB_{name.upper()}={getattr(self, name)!r}: use on or off")
        if self.session_hours <= 0 or self.signin_attempts < 1 or self.signin_window_minutes <= 0:
            from kb.errors import UsageError
            raise UsageError("KB_SESSION_HOURS, KB_SIGNIN_ATTEMPTS and KB_SIGNIN_WINDOW_MINUTES "
                             "must be positive")
        if self.oai_page_size < 1 or not re.fullmatch(
                r"[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z][A-Za-z0-9-]*)+", self.oai_repository_id):
            from kb.errors import UsageError
            raise UsageError("KB_OAI_REPOSITORY_ID must be a domain name (kb.example.org) and "
                             "KB_OAI_PAGE_SIZE positive")
        if self.bundle_max_documents < 1 or min(self.bundle_max_mb, self.bundle_background_mb,
                                                  self.bundle_cache_mb) <= 0:
            from kb.errors import UsageError
            raise UsageError("KB_BUNDLE_MAX_DOCUMENTS, KB_BUNDLE_MAX_MB, KB_BUNDLE_BACKGROUND_MB "
                             "and KB_BUNDLE_CACHE_MB must be positive")
        if self.pdf_text not in ("pdfium", "pypdf"):
            from kb.errors import UsageError
            raise UsageError(f"KB_PDF_TEXT={self.pdf_text!r}: use pdfium or pypdf")

    @property
    def embed(self) -> bool:
        """Whether ingest computes page vectors (KB_VECTORS)."""
        return str(self.vectors).lower() in _ON

    @property
    def is_private(self) -> bool:
        """Whether reading needs a signed-in account (KB_PRIVATE)."""
        return str(self.private).lower() in _ON

    @property
    def https(self) -> bool:
        """Whether cookies are marked Secure (KB_SECURE_COOKIES)."""
        return str(self.secure_cookies).lower() in _ON

    @property
    def accounts_path(self) -> Path:
        return self.data_dir / "accounts.sqlite"

    @property
    def jobs_path(self) -> Path:
        return self.data_dir / "jobs.sqlite"

    @property
    def uploads_dir(self) -> Path:
        """Where files uploaded from the browser are kept: ingested as the source "uploads"."""
        return self.data_dir / "uploads"

    @property
    def sources_path(self) -> Path | None:
        """The sources file (KB_SOURCES), else kb.toml or sources.toml in the
        current folder when there is one."""
        if self.sources:
            return Path(self.sources)
        for name in SOURCES_FILES:
            if Path(name).is_file():
                return Path(name)
        return None

    def to_env(self) -> dict[str, str]:
        """`KB_` variables that give a child process (a job's worker) these
        same settings; the secret key stays out (a worker signs nothing)."""
        out = {}
        for f in fields(self):
            if f.name == "secret_key":
                continue
            value = getattr(self, f.name)
            out[f"KB_{f.name.upper()}"] = str(Path(value).resolve()) if isinstance(value, Path) else str(value)
        if self.sources_path is not None:      # the file found here, wherever the child starts
            out["KB_SOURCES"] = str(self.sources_path.resolve())
        return out

    @property
    def audit_path(self) -> Path:
        """The audit log of curators' and admins' changes (kb.audit)."""
        return self.data_dir / "audit.sqlite"

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @property
    def index_dir(self) -> Path:
        return self.index_dir_for(self.backend)

    def index_dir_for(self, backend: str) -> Path:
        """Each backend keeps its own index beside the others, so moving a
        repository to another backend (`kb reindex --backend`) needs no downtime."""
        return self.data_dir / ("index" if backend == "whoosh" else f"index-{backend}")

    @property
    def index_options(self) -> dict:
        """Query bounds every backend applies, and where the solr backend's cluster is."""
        return {"max_chars": self.max_query_chars, "max_terms": self.max_query_terms,
                "solr": self.solr_options}

    @property
    def solr_options(self) -> dict:
        return {"url": self.solr_url, "collection": self.solr_collection,
                "user": self.solr_user, "password": self.solr_password}

    @property
    def bundles_dir(self) -> Path:
        """Offline bundles built in the background, cached until their collection changes."""
        return self.data_dir / "bundles"

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "catalog.sqlite"

    @property
    def limits(self) -> Limits:
        return Limits(
            max_bytes=int(self.max_file_mb * 1024 * 1024),
            max_pages=self.max_pages,
            max_unzipped_bytes=int(self.max_unzipped_mb * 1024 * 1024),
            timeout=self.extract_timeout,
            ocr=str(self.ocr).lower() in _ON,
            pdf_engine=self.pdf_text,
        )
