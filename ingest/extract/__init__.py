"""Turning a file's bytes into text, page by page.

`extract` picks the reader by sniffing the bytes (see `registry`) and raises
a `kb.errors.ExtractionError` kind for every file it cannot read.
"""
from .registry import EXTRACTORS, extract, sniff

__all__ = ["EXTRACTORS", "extract", "sniff"]
