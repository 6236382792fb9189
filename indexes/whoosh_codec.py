"""KB's Whoosh codec: whoosh3's on-disk format, with short posting lists kept
inline in the term table.

whoosh3 writes every term's postings as a block of their own in the postings
file (a pickled tuple, zlib-compressed, with a pickled header and a length),
and records where it went in the term table. Most terms of a segment are in
a handful of its documents (all of them in the spelling field, whose words
KB records once per segment), so writing those tiny blocks was over a
third of an ingest commit's CPU time: the 44 PDFs of the shared corpus in
an ingest job's three commits take 0.6 CPU-seconds here, 0.95 with
whoosh3's writer. whoosh3 was meant to keep such short
lists inside the term's entry (`W3Codec(inlinelimit=...)`), but its writer
calls a method the term info does not have (`set_inline`; it is
`set_inlined`), so any limit above 1 fails at the first commit. The writer
here keeps the lists of fewer than `INLINE_LIMIT` postings inline, through
the term info's own method, and the reader here reads them with a list
matcher that keeps its term and term info when copied (whoosh's loses both,
and scoring a copy then fails).

Each segment records the codec that wrote it: segments written before read
as they always did, segments written here read through this module, so it
must stay importable under this name (`indexes.whoosh_codec.KbCodec`).
"""
from __future__ import annotations

from itertools import repeat
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter
from whoosh.matching import ListMatcher

# Posting lists shorter than this are stored in the term table: a term in
# fewer than this many documents of a segment costs no block of its own.
INLINE_LIMIT = 32


class KbPostingsWriter(W3PostingsWriter):
    """whoosh3's postings writer, keeping a list that fits in one unwritten
    block and has fewer than the limit's postings inline."""

    def finish_postings(self) -> Any:
        if self.written() or len(self) >= self._inlinelimit:
            return super().finish_postings()
        terminfo = self._terminfo
        terminfo.add_block(self)
        terminfo.set_inlined(self._ids, self._weights, self._values)
        self._terminfo = None
        return terminfo


class InlineMatcher(ListMatcher):
    """The postings of an inlined term, read as whoosh3's block reader reads
    them: a format without values (`Existence`, the id fields) gives None
    for a posting's value, which a merge writes back as empty bytes
    (`ListMatcher` gives a str that the postings writer refuses); a copy
    keeps the term and its term info, which scoring asks for (lengths and
    weights of the "block")."""

    def value(self) -> Any:
        return super().value() if self._values else None

    def all_items(self) -> Any:
        return zip(self._ids, self._values or repeat(None))

    def copy(self) -> "InlineMatcher":
        return type(self)(self._ids, self._weights, self._values, self._format, self._scorer,
                          self._i, self._all_weights, self._term, self._terminfo)


class KbCodec(W3Codec):
    """whoosh3 with short posting lists inline (see the module docstring)."""

    def __init__(self, blocklimit: int = 128, compression: int = 3,
                 inlinelimit: int = INLINE_LIMIT) -> None:
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> KbPostingsWriter:
        return KbPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                compression=self._compression, inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile: Any, terminfo: Any, format_: Any, term: Any = None,
                        scorer: Any = None) -> Any:
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return InlineMatcher(ids, weights, values, format_, scorer=scorer, term=term,
                                 terminfo=terminfo)
        return super().postings_reader(dbfile, terminfo, format_, term=term, scorer=scorer)
