"""Index backends: implementations of `kb.protocols.Index`.

`open_index` is the one place a backend is chosen by name, so the composition
roots (`kb.cli`, `web.create_app`) never import a concrete backend module and a
later tantivy backend is one more branch here.
"""
from __future__ import annotations

from pathlib import Path

from kb.errors import UsageError
from kb.protocols import Index

BACKENDS: tuple[str, ...] = ("whoosh", "tantivy", "solr")


def open_index(backend: str, path: Path, **options) -> Index:
    """Open (or create) the index of the named backend at `path`.

    The import is inside the function so that choosing one backend does not
    require the libraries of the others to be installed. `options` are the
    query bounds of `Settings.index_options` (max_chars, max_terms) and `solr`,
    the SolrCloud's address (`Settings.solr_options`), which only Solr reads:
    its index is a collection, not the directory `path`."""
    name = (backend or "").strip().lower()
    solr = options.pop("solr", None) or {}
    if name == "whoosh":
        from indexes.whoosh import WhooshIndex

        return WhooshIndex(Path(path), **options)
    if name == "tantivy":
        from indexes.tantivy import TantivyIndex

        return TantivyIndex(Path(path), **options)
    if name == "solr":
        from indexes.solr import SolrIndex

        if not solr.get("url"):
            raise UsageError("the solr backend needs KB_SOLR_URL: the URL of one or more "
                             "SolrCloud nodes, comma-separated, or zk://HOST:PORT of its ZooKeeper")
        return SolrIndex(solr["url"], solr.get("collection") or "kb", user=solr.get("user", ""),
                         password=solr.get("password", ""), **options)
    raise UsageError(
        f"unknown index backend {backend!r}; choose one of: {', '.join(BACKENDS)}"
    )
