"""KB: a knowledge-base search service for e-governance practice.

`kb` holds the domain (documents, queries, results), the contracts that the
ingest, index and web packages implement, the taxonomies, and the command line.
It depends on none of those packages except in `kb.cli`, the composition root.
"""
