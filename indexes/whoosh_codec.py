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

The codec's field writer also writes each short posting list's term entry
in one step, without the postings writer's per-posting calls (the entry's
bytes are those whoosh3's term info would make), and it keeps one posting
per word and segment in the spelling field (see `KbFieldWriter`). Its
per-document reader reads a field's lengths whole (`KbPerDocReader`).

Each segment records the codec that wrote it: segments written before read
as they always did, segments written here read through this module, so it
must stay importable under this name (`indexes.whoosh_codec.KbCodec`).
"""
from __future__ import annotations

import pickle
from array import array
from itertools import repeat
from typing import Any, Callable, Iterable

from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import (LENGTHS_COLUMN, W3Codec, W3FieldWriter, W3PerDocReader,
                                  W3PostingsWriter, W3TermInfo, _lenfield)
from whoosh.fields import SpellField
from whoosh.matching import ListMatcher
from whoosh.system import pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte

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


def inline_entry(ids: list[int], weights: list[float], values: list[bytes],
                 lengths: list[int]) -> bytes:
    """The term-table entry whoosh3's term info writes for a posting list
    kept inline (`W3TermInfo.to_bytes` after `add_block` and `set_inlined`),
    made from the postings at once: the same statistics (weights summed as
    the 32-bit floats the block holds, lengths of 0 not counted), the same
    pickled postings (empty values are not kept)."""
    floats = array("f", weights)
    known = [n for n in lengths if n]
    head = W3TermInfo._struct.pack(
        True, sum(floats), len(ids), length_to_byte(min(known)) if known else 0,
        length_to_byte(max(known, default=0)), max(0, max(weights)), ids[0], ids[-1])
    return head + pickle.dumps((tuple(ids), tuple(floats), tuple(v for v in values if v)), 2)


class KbFieldWriter(W3FieldWriter):
    """whoosh3's field writer with two differences in how postings are
    written, none in what a reader finds:

    - a term with fewer postings than the inline limit gets its entry from
      `inline_entry` in one step (longer lists take whoosh3's path, which
      writes them as blocks);
    - Whoosh adds each word of a spelling field once per document, all at
      the segment's first document, so its postings say only "this word,
      this often" and were half of all postings written. Here a spelling
      word's postings become one, weighted by their number, its value that
      count as the Frequency format encodes it, so `frequency()`, what the
      speller ranks by, is what it would have been.
    """

    def add_postings(self, schema: Any, lengths: Any,
                     items: Iterable[tuple[str, bytes, int, float, Any]]) -> None:
        dfl: Callable[[int, str], int] = (lengths.doc_field_length if lengths
                                          else (lambda docnum, fieldname: 0))
        limit = self._codec._inlinelimit
        fieldname: str | None = None
        btext: bytes | None = None
        spelling = False
        ids: list[int] = []
        weights: list[float] = []
        values: list[bytes] = []
        lens: list[int] = []
        for name, text, docnum, weight, value in items:
            if name != fieldname:
                if btext is not None:
                    self._write_term(btext, ids, weights, values, lens, limit)
                if fieldname is not None:
                    if name < fieldname:
                        raise OutOfOrderError(f"Field {fieldname!r} .. {name!r}")
                    self.finish_field()
                fieldobj = schema[name]
                self.start_field(name, fieldobj)
                fieldname, btext, spelling = name, None, isinstance(fieldobj, SpellField)
            if docnum == -1:            # whoosh's marker for a spelling-graph word
                continue
            if text != btext:
                if btext is not None:
                    if text < btext:
                        raise OutOfOrderError(f"Term {fieldname}:{btext!r} .. {fieldname}:{text!r}")
                    self._write_term(btext, ids, weights, values, lens, limit)
                btext, ids, weights, values, lens = text, [], [], [], []
            elif spelling:
                weights[0] += weight
                values[0] = pack_uint(int(weights[0]))
                continue
            ids.append(docnum)
            weights.append(weight)
            values.append(pack_uint(int(weight)) if spelling else (value or b""))
            lens.append(dfl(docnum, name) or 0)
        if btext is not None:
            self._write_term(btext, ids, weights, values, lens, limit)
        if fieldname is not None:
            self.finish_field()

    def _write_term(self, btext: bytes, ids: list[int], weights: list[float], values: list[bytes],
                    lens: list[int], limit: int) -> None:
        if len(ids) < limit:
            self._tindex.add(pack_ushort(self._fieldid) + btext, inline_entry(ids, weights, values, lens))
            return
        self.start_term(btext)
        for posting in zip(ids, weights, values, lens):
            self.add(*posting)
        self.finish_term()


class KbPerDocReader(W3PerDocReader):
    """whoosh3's per-document reader, reading a field's length column whole.

    Whoosh reads one document's field length with a seek and a read, for
    every posting while writing a segment and every scored document while
    searching, and asks the file system again each time for a column that
    does not exist (keyword and spelling fields have none). Here a column
    is read once per reader (one byte per document) and its absence is
    remembered: segments never gain columns. The answers are whoosh3's."""

    def _cached_reader(self, fieldname: str, column: Any) -> Any:
        readers = self._readers
        if fieldname not in readers:
            readers[fieldname] = super()._cached_reader(fieldname, column)
        return readers[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> Any:
        whole = self.__dict__.setdefault("_whole_lengths", {})
        data = whole.get(fieldname, False)
        if data is False:
            reader = self._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            data = None
            if reader is not None and getattr(reader, "_fixedlen", None) == 1:
                data = reader._dbfile.get(reader._basepos, reader._count)
            whole[fieldname] = data
        if data is None:
            return super().doc_field_length(docnum, fieldname, default)
        if docnum > self._doccount:
            raise IndexError(f"Asked for docnum {docnum!r} of {self._doccount}")
        lbyte = data[docnum] if docnum < len(data) else 0
        return byte_to_length(lbyte) if lbyte else None     # None for a zero byte, as whoosh3


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

    def field_writer(self, storage: Any, segment: Any) -> KbFieldWriter:
        return KbFieldWriter(self, storage, segment)

    def per_document_reader(self, storage: Any, segment: Any) -> KbPerDocReader:
        return KbPerDocReader(storage, segment)

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
