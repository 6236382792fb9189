"""Ingest: fetch items from sources, extract their text, enrich and catalogue
them. Depends on `kb` only; never imports flask or whoosh."""
