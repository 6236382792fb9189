"""Named sources in `kb.toml` or `sources.toml`, for `kb sync`.

A curator who harvests the same repositories every night should not retype
URLs and options: each source is written down once, with its kind, its
settings and the metadata all its documents share (a legislation portal
whose documents are all legislation of one country):

    [sources.fiji-laws]
    kind = "crawl"                 # crawl | oai | urls | feed | folder | manifest
    url = "https://laws.example.fj/acts/"
    prefix = "/acts/"
    depth = 2
    max_pages = 300
    allow_hosts = ["cdn.example.fj"]   # other hosts the crawl may follow links and redirects to
    delay = 2.0                    # seconds between requests to the host
    time_limit = 1800              # seconds for the whole job
    [sources.fiji-laws.metadata]
    countries = "FJ"
    doc_type = "legislation"

The metadata is checked like a manifest row, so a typo is reported when the
file is read, not indexed as a facet value nobody can find.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from kb.errors import UsageError
from kb.settings import SOURCES_FILES
from ingest.http import HttpClient
from ingest.sources.manifest import ManifestError, curated_fields

CONFIG_NAMES = SOURCES_FILES
KINDS = {
    "crawl": {"url", "prefix", "depth", "max_pages", "sitemap", "allow_hosts"},
    "oai": {"url", "set", "from"},
    "urls": {"file", "urls"},
    "feed": {"url"},
    "folder": {"path"},
    "manifest": {"path"},
}
COMMON = {"kind", "metadata", "delay", "time_limit", "timeout", "retries"}


@dataclass(frozen=True)
class SourceSpec:
    name: str
    kind: str
    settings: Mapping[str, Any]
    metadata: Mapping[str, Any] = field(default_factory=dict)
    base: Path = Path(".")          # relative paths are relative to the config file


def find_config(start: Path | None = None) -> Path:
    folder = Path(start or Path.cwd())
    for name in CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    raise UsageError(f"no {' or '.join(CONFIG_NAMES)} in {folder}; pass --config")


def load_sources(path: Path) -> dict[str, SourceSpec]:
    """Every [sources.NAME] table, checked: unknown kinds, unknown keys,
    missing URLs and bad metadata are usage errors naming the source."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path} is not valid TOML: {exc}") from None
    tables = data.get("sources")
    if not isinstance(tables, dict) or not tables:
        raise UsageError(f"{path} defines no [sources.NAME] tables")
    specs = {}
    for name, table in tables.items():
        where = f"{Path(path).name} [sources.{name}]"
        if not isinstance(table, dict):
            raise UsageError(f"{where}: expected a table")
        kind = table.get("kind")
        if kind not in KINDS:
            raise UsageError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
        unknown = set(table) - KINDS[kind] - COMMON
        if unknown:
            raise UsageError(f"{where}: unknown setting {sorted(unknown)[0]!r} for kind {kind}")
        required = {"crawl": "url", "oai": "url", "feed": "url", "folder": "path", "manifest": "path"}.get(kind)
        if required and not table.get(required):
            raise UsageError(f"{where}: {kind} needs {required}")
        if kind == "urls" and not (table.get("file") or table.get("urls")):
            raise UsageError(f"{where}: urls needs file or urls")
        hosts = table.get("allow_hosts", [])
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h.strip() for h in hosts):
            raise UsageError(f"{where}: allow_hosts must be a list of host names, e.g. [\"cdn.example.org\"]")
        if hosts:
            from ingest.sources.crawl import host_rule
            try:
                for host in hosts:
                    host_rule(host)
            except UsageError as exc:
                raise UsageError(f"{where}: {exc}") from None
        try:
            metadata = curated_fields(dict(table.get("metadata") or {}))
        except ManifestError as exc:
            raise UsageError(f"{where} metadata: {exc}") from None
        settings = {k: v for k, v in table.items() if k not in ("kind", "metadata")}
        specs[name] = SourceSpec(name, kind, settings, metadata, Path(path).resolve().parent)
    return specs


def build_source(spec: SourceSpec, *, max_bytes: int, time_limit: float | None = None):
    """The source object a spec describes, with its own HTTP client (its own
    per-host clock, robots cache and time budget)."""
    s = spec.settings
    client = HttpClient(max_bytes=max_bytes, delay=float(s.get("delay", 1.0)),
                        timeout=float(s.get("timeout", 30.0)), retries=int(s.get("retries", 3)),
                        budget=float(s["time_limit"]) if "time_limit" in s else time_limit)
    if spec.kind == "crawl":
        from ingest.sources.crawl import CrawlSource
        return CrawlSource(s["url"], client, name=spec.name, prefix=s.get("prefix"),
                           depth=int(s.get("depth", 3)), max_pages=int(s.get("max_pages", 500)),
                           sitemap=bool(s.get("sitemap", True)), curated=spec.metadata,
                           allow_hosts=list(s.get("allow_hosts", [])))
    if spec.kind == "oai":
        from ingest.sources.oai import OaiSource
        from_date = s.get("from")
        return OaiSource(s["url"], client, name=spec.name, set_spec=s.get("set"),
                         from_date=str(from_date) if from_date else None, curated=spec.metadata)
    if spec.kind == "urls":
        from ingest.sources.urls import UrlListSource, read_urls
        urls = list(s.get("urls") or []) + (read_urls(spec.base / s["file"]) if s.get("file") else [])
        return UrlListSource(urls, client, name=spec.name, curated=spec.metadata)
    if spec.kind == "feed":
        from ingest.sources.feed import FeedSource
        return FeedSource(s["url"], client, name=spec.name, curated=spec.metadata)
    if spec.kind == "folder":
        from ingest.sources.folder import FolderSource
        return _with_metadata(FolderSource(spec.base / s["path"], name=spec.name,
                                           name_origin=f"by [sources.{spec.name}] in the sources file"),
                              spec.metadata)
    from ingest.sources.manifest import ManifestSource
    return _with_metadata(ManifestSource(spec.base / s["path"], name=spec.name, max_bytes=max_bytes,
                                         name_origin=f"by [sources.{spec.name}] in the sources file"),
                          spec.metadata)


class _with_metadata:
    """A local source whose items get the spec's default metadata where they
    have none of their own."""

    def __init__(self, source, metadata: Mapping[str, Any]):
        self.source, self.metadata, self.name = source, dict(metadata), source.name

    def __len__(self) -> int:
        return len(self.source)

    def items(self):
        from dataclasses import replace
        for item in self.source.items():
            yield replace(item, curated={**self.metadata, **item.curated}) if self.metadata else item
