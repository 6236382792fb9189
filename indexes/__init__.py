"""Index backends: implementations of `kb.protocols.Index`.

`open_index` is the one place a backend is chosen by name, so the composition
roots (`kb.cli`, `web.create_app`) never import a concrete backend module and a
later tantivy backend is one more branch here.
"""
from __future__ import annotations

from pathlib import Path

from kb.errors import UsageError
from kb.protocols import Index

BACKENDS: tuple[str, ...] = ("whoosh", "tantivy")


def open_index(backend: str, path: Path, **options) -> Index:
    """Open (or create) the index of the named backend at `path`.

    The import is inside the function so that choosing one backend does not
    require the libraries of the others to be installed. `options` are the
    query bounds of `Settings.index_options` (max_chars, max_terms)."""
    name = (backend or "").strip().lower()
    if name == "whoosh":
        from indexes.whoosh import WhooshIndex

        return WhooshIndex(Path(path), **options)
    if name == "tantivy":
        from indexes.tantivy import TantivyIndex

        return TantivyIndex(Path(path), **options)
    raise UsageError(
        f"unknown index backend {backend!r}; choose one of: {', '.join(BACKENDS)}"
    )
