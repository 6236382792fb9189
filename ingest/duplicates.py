"""One entry per document: the same report as PDF and HTML, a DOCX and its PDF,
or the same bytes under another name, are grouped and shown once.

Each document's text becomes a set of word 3-shingles (words casefolded after
NFKC), summarised by a MinHash signature (datasketch, 256 permutations); the
catalog keeps the signature and its LSH band keys, so the documents a new one
may duplicate are found with one indexed lookup, not by comparing it with
every document. Two documents whose estimated Jaccard similarity is at least
`THRESHOLD`, or whose bytes are the same, are one document: the copy in the
preferred format (`FORMAT_RANK`) is indexed and carries the others as
`Document.alternates`; the others are kept in the catalog but not indexed, so
facets count the document once. A curator's split (`kb duplicates split`)
keeps two documents apart for good.

The thresholds were measured on real and converted pairs (`bench/duplicates_eval.py`,
printed by `make enrich-eval`): the PDF and HTML editions of a real report score
0.98, the demo corpus's documents against their own renderings in the other
formats at least 0.66 (a short slide deck against its PDF, whose page footers
are extra text), while the 38 near-template District of Columbia open-government
reports score at most 0.37 against each other (word 5-shingles separated them
less well: 0.57 against 0.31). 0.6 keeps a margin on both sides and leans to
keeping documents apart, since grouping two different ones would hide one.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING, Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from kb.models import Alternate, Document
from ingest import shared_titles

if TYPE_CHECKING:
    from ingest.catalog import Catalog

NUM_PERM = 256
SHINGLE_WORDS = 3
THRESHOLD = 0.6
# Fewer distinct shingles than this (a near-empty page, a title alone) say too
# little to call two texts one document; only identical bytes group them.
MIN_SHINGLES = 30
# Which copy of a document is indexed and shown: the first format here, then
# the one with the most text, then the first URI.
FORMAT_RANK = {"pdf": 0, "docx": 1, "pptx": 2, "html": 3, "text": 4}

_WORD = re.compile(r"\w+")


@cache
def _template() -> MinHash:
    """Permutations are drawn once per process, not once per document."""
    return MinHash(num_perm=NUM_PERM, seed=1)


# LSH only proposes candidates, each then compared by its signature, so a
# missed pair costs more than a needless comparison: datasketch picks the
# bands weighing false negatives 19 times false positives (41 bands of 5 rows,
# found together 96% of the time at similarity 0.6, 99.6% at 0.66).
LSH_WEIGHTS = (0.05, 0.95)


@cache
def _bands() -> tuple[int, int]:
    """(bands, rows) that datasketch's LSH picks for THRESHOLD and NUM_PERM."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    return lsh.b, lsh.r


# Past this many words a text says no more about which document it is, and
# the signature of a 2,000-page report stays within a second or two.
MAX_WORDS = 100_000
UPDATE_BATCH = 1024       # shingles handed to datasketch at a time (see `signature`)


def shingles(text: str) -> set[bytes]:
    """The text's runs of SHINGLE_WORDS words, each encoded once however
    often it occurs."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())[:MAX_WORDS]
    runs = zip(*(words[i:] for i in range(SHINGLE_WORDS)))
    return {run.encode("utf-8") for run in set(map(" ".join, runs))}


def signature(text: str) -> bytes | None:
    """The MinHash signature of a text (NUM_PERM uint32, little-endian), or
    None when the text is too short to compare."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=template.permutations, scheme=template.scheme)
    # A batch is hashed under every permutation at once, a shingles x
    # NUM_PERM array: a thousand shingles at a time it stays in the CPU's
    # cache (a fifth faster on the shared corpus), and the minimum is the same.
    grams_list = list(grams)
    for start in range(0, len(grams_list), UPDATE_BATCH):
        minhash.update_batch(grams_list[start:start + UPDATE_BATCH])
    return minhash.hashvalues.astype("<u4").tobytes()


def _minhash(sig: bytes) -> MinHash:
    template = _template()
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(sig, dtype="<u4").astype(np.uint32),
                   permutations=template.permutations, scheme=template.scheme)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return float(_minhash(a).jaccard(_minhash(b)))


def band_keys(sig: bytes) -> list[int]:
    """One key per LSH band (a hash of the band's number and its rows, as a
    signed 64-bit integer for SQLite): two signatures sharing any are candidates."""
    bands, rows = _bands()
    values = np.frombuffer(sig, dtype="<u4")
    keys = []
    for band in range(bands):
        digest = hashlib.blake2b(band.to_bytes(2, "little") + values[band * rows:(band + 1) * rows].tobytes(),
                                 digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def rank(doc: Document) -> tuple:
    return (FORMAT_RANK.get(doc.format, len(FORMAT_RANK)), -len(doc.text), doc.uri)


def alternate(doc: Document, primary: Document, sim: float) -> Alternate:
    prov = doc.extra.get("provenance") if isinstance(doc.extra, dict) else None
    prov = prov if isinstance(prov, dict) else {}
    exact = bool(doc.content_hash) and doc.content_hash == primary.content_hash
    return Alternate(id=doc.id, uri=doc.uri, format=doc.format, size=doc.size,
                     similarity=1.0 if exact else round(sim, 3), exact=exact,
                     root=str(prov.get("root") or ""), path=str(prov.get("path") or ""))


@dataclass
class Outcome:
    """What a regrouping asks of the index and the catalog: documents to
    upsert (those shown, with their alternates), ids to delete from the index
    (documents that became alternates), every document to store as it now
    is, new signatures, and each touched document's group (its primary's id,
    or None when it stands alone)."""

    upserts: list[Document] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    stored: list[Document] = field(default_factory=list)
    signatures: dict[str, bytes | None] = field(default_factory=dict)
    groups: dict[str, str | None] = field(default_factory=dict)

    def apply(self, index) -> None:
        """Upsert first, then delete: a reader may briefly see a document
        twice, never lose it."""
        if self.upserts:
            index.upsert(self.upserts)
        if self.deletes:
            index.delete(self.deletes)


class Regrouping:
    """Groups as an ingest batch, a prune or a split changes them. Every group
    touched is loaded whole from the catalog; `finish` says what to write.
    Nothing is written here: the pipeline applies the outcome to the index
    and records it in the catalog once the index has committed."""

    def __init__(self, catalog: "Catalog", threshold: float = THRESHOLD):
        self.catalog = catalog
        self.threshold = threshold
        self._docs: dict[str, Document] = {}
        self._sigs: dict[str, bytes | None] = {}
        self._new_sigs: dict[str, bytes | None] = {}
        self._group_of: dict[str, int] = {}
        self._members: dict[int, set[str]] = {}
        self._indexed_before: dict[str, bool] = {}
        self._dirty: set[int] = set()
        self._removed: set[str] = set()
        self._new: set[str] = set()
        self._next = 0

    # ---------------------------------------------------------- bookkeeping

    def _token(self, members: Iterable[str]) -> int:
        self._next += 1
        self._members[self._next] = set(members)
        for m in self._members[self._next]:
            self._group_of[m] = self._next
        return self._next

    def _group(self, doc_id: str) -> int:
        if doc_id not in self._group_of:
            primary = self.catalog.primary_of(doc_id)
            members = self.catalog.members(primary) if primary else [doc_id]
            for m in members:
                self._indexed_before.setdefault(m, m == (primary or doc_id)
                                                and self.catalog.has_document(m))
            self._token([m for m in members if m not in self._group_of])
        return self._group_of[doc_id]

    def _doc(self, doc_id: str) -> Document | None:
        if doc_id not in self._docs:
            doc = self.catalog.document(doc_id)
            if doc is None:
                return None
            self._docs[doc_id] = doc
        return self._docs[doc_id]

    def _sig(self, doc_id: str) -> bytes | None:
        if doc_id not in self._sigs:
            self._sigs[doc_id] = self.catalog.signature(doc_id)
        return self._sigs[doc_id]

    def _leave(self, doc_id: str, alone: bool = True) -> None:
        """Take `doc_id` out of its group; it stands alone (or, for a
        document that is gone, nowhere) until placed."""
        group = self._group(doc_id)
        self._members[group].discard(doc_id)
        if self._members[group]:
            self._dirty.add(group)
        token = self._token([doc_id] if alone else [])
        self._group_of[doc_id] = token
        if alone:
            self._dirty.add(token)

    def _apart(self, doc_id: str, members: Iterable[str]) -> bool:
        split = self.catalog.splits(doc_id)
        return any(m in split for m in members)

    # ---------------------------------------------------------- operations

    def place(self, doc: Document, sig: bytes | None) -> None:
        """A document just built (new or changed): out of any group it was in,
        into the group of the most similar document it duplicates, if any."""
        self._docs[doc.id] = doc
        self._sigs[doc.id] = self._new_sigs[doc.id] = sig
        self._new.add(doc.id)
        self._removed.discard(doc.id)
        self._group(doc.id)
        self._leave(doc.id)
        self._join_best(doc.id, doc.content_hash, sig)

    def _join_best(self, doc_id: str, content_hash: str, sig: bytes | None) -> None:
        scores: dict[str, float] = {}
        if content_hash:
            for other in self.catalog.same_content(content_hash):
                scores[other] = 1.0
            for other, d in self._docs.items():
                if other in self._new and d.content_hash == content_hash:
                    scores[other] = 1.0
        if sig is not None:
            candidates = set(self.catalog.band_matches(band_keys(sig)))
            candidates |= {o for o in self._new if self._sigs.get(o) is not None}
            for other in candidates - scores.keys():
                other_sig = self._sig(other)
                if other_sig is not None:
                    score = similarity(sig, other_sig)
                    if score >= self.threshold:
                        scores[other] = score
        scores.pop(doc_id, None)
        for other in sorted(scores, key=lambda o: (-scores[o], o)):
            if other in self._removed or self._doc(other) is None:
                continue
            group = self._group(other)
            if self._apart(doc_id, self._members[group]):
                continue
            old = self._group_of[doc_id]
            self._members[old].discard(doc_id)
            if not self._members[old]:
                self._dirty.discard(old)
            self._members[group].add(doc_id)
            self._group_of[doc_id] = group
            self._dirty.add(group)
            return

    def remove(self, doc_id: str) -> None:
        """A document that is gone (pruned): its group goes on without it."""
        self._leave(doc_id, alone=False)
        self._removed.add(doc_id)

    def split(self, a: str, b: str) -> None:
        """After the catalog recorded that `a` and `b` are different
        documents: `b` leaves `a`'s group and is placed again without it."""
        if self._group(a) != self._group(b):
            return
        self._leave(b)
        doc = self._doc(b)
        if doc is not None:
            self._join_best(b, doc.content_hash, self._sig(b))

    # ---------------------------------------------------------- result

    def finish(self) -> Outcome:
        out = Outcome(signatures=dict(self._new_sigs))
        for group in sorted(self._dirty):
            docs = [d for d in (self._doc(m) for m in sorted(self._members[group])) if d is not None]
            if not docs:
                continue
            docs.sort(key=rank)
            primary, others = docs[0], docs[1:]
            psig = self._sig(primary.id)
            alternates = []
            for other in others:
                osig = self._sig(other.id)
                sim = similarity(psig, osig) if psig is not None and osig is not None else 1.0
                alternates.append(alternate(other, primary, sim))
                out.stored.append(replace(other, alternates=()))
                out.groups[other.id] = primary.id
                if self._indexed_before.get(other.id, False):
                    out.deletes.append(other.id)
            shown = replace(primary, alternates=tuple(alternates))
            out.upserts.append(shown)
            out.stored.append(shown)
            out.groups[primary.id] = primary.id if others else None
        return out


def split(catalog: "Catalog", index, a: str, b: str) -> Outcome:
    """A curator's word that `a` and `b` are different documents: recorded
    for good (a later ingest or rebuild never groups them again), and applied
    to the index and the catalog now. Returns what changed."""
    catalog.add_split(a, b)
    grouping = Regrouping(catalog)
    grouping.split(a, b)
    outcome = grouping.finish()
    shared_titles.settle(catalog, outcome)   # apart, the two may now share a stated title
    outcome.apply(index)
    catalog.record_grouping(outcome)
    return outcome
