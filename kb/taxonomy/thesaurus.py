"""The thesaurus of the field: e-governance concepts with their terms in English,
French, Spanish and Portuguese, their acronyms, and the sources they were checked
against. The data is `thesaurus.tsv` beside this module, which curators edit; this
module only reads it (once, on first use) and answers three questions for search:

- which concepts does a query name? (`find_concepts`)
- what else should a query for that concept search for? (`expansions`)
- is this word one of the field's own words? (`known_word`: did-you-mean must
  never "correct" it)

Matching works on a *key*: the text case-folded, accents folded, hyphens,
underscores, apostrophes, spaces and camel case removed, and a final plural "s"
dropped from each word, so "one-stop shops", "One Stop Shop" and "one stop shop"
share a key, as do "e-government", "eGovernment", "e government" and
"egovernment". A one-letter word followed by a space ("e government") is joined to
the next word only for English and French terms: in Spanish and Portuguese "e"
means "and", and "educação e saúde" must not be read as "e-saúde".

Acronyms match case-sensitively (in capitals, or exactly as written in the data),
so "PEID" finds small island developing states and the French word "des", or
"ict" in lowercase, finds nothing.

Nothing here reads a file at import time; `load()` is cached and `default()` is the
thesaurus shipped as package data.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping, Sequence

LANGS: tuple[str, ...] = ("en", "fr", "es", "pt")
COLUMNS: tuple[str, ...] = ("id", *LANGS, *(f"acr_{lang}" for lang in LANGS), "sources")
DATA_FILE = "thesaurus.tsv"

# Languages in which a one-letter word followed by a space ("e government",
# "m government") may be read as a prefix: in these it is not a word of its own.
LOOSE_PREFIX_LANGS = frozenset({"en", "fr"})

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ACRONYM = re.compile(r"^[^\W_]+$")
# A token is a run of letters and digits (combining accents kept with their letter).
_TOKEN = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
# What may separate two words of one phrase: spaces, hyphens and dashes,
# underscores, apostrophes. Anything else (comma, full stop, slash, brackets...)
# ends a phrase.
_JOINER = re.compile(r"^[\s\-\u2010-\u2015\u2212_'\u2019\u02bc]+$")
_APOSTROPHES = frozenset("'\u2019\u02bc")
# Letters NFKD does not decompose.
_FOLD = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "œ": "oe", "æ": "ae",
                       "þ": "th", "ð": "d"})


class ThesaurusError(ValueError):
    """The data file is malformed; the message names the line."""


@dataclass(frozen=True)
class Concept:
    """One concept. `terms[lang][0]` is the preferred term in that language."""

    id: str
    terms: Mapping[str, tuple[str, ...]]
    acronyms: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    sources: tuple[str, ...] = ()

    def __hash__(self) -> int:
        return hash(self.id)

    def preferred(self, lang: str = "en") -> str:
        """The preferred term in `lang`, else the English one."""
        terms = self.terms.get(lang) or self.terms.get("en") or ()
        return terms[0] if terms else self.id

    def all_terms(self) -> Iterator[tuple[str, str]]:
        """Every (term, lang), preferred terms first within each language."""
        for lang in LANGS:
            for term in self.terms.get(lang, ()):
                yield term, lang

    def all_acronyms(self) -> Iterator[tuple[str, str]]:
        for lang in LANGS:
            for acronym in self.acronyms.get(lang, ()):
                yield acronym, lang


@dataclass(frozen=True)
class Match:
    """A concept named in a text: `text[start:end]` is what was typed, `term` the
    thesaurus term (or acronym) it matched, `lang` that term's language (the first
    of `langs`, every language that lists the term)."""

    start: int
    end: int
    text: str
    term: str
    lang: str
    concept: Concept
    acronym: bool = False
    langs: tuple[str, ...] = ()

    def expansions(self, **options) -> list[tuple[str, str]]:
        return expansions(self, **options)


# --------------------------------------------------------------------------- keys

@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    raw: str          # as written
    key: str          # folded
    joined: bool      # may be joined to the previous token into one phrase
    spaced: bool      # the separator before it contains a space


def fold(text: str) -> str:
    """Case-fold and strip accents: "États" -> "etats", "Straße" -> "strasse"."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_FOLD)


def _word_key(word: str) -> str:
    """A folded word with a final plural folded: "shops" -> "shop",
    "balcões" -> "balcao"; short words and "-ss/-us/-is" endings are kept."""
    w = fold(word)
    if len(w) >= 5 and w.endswith("oes"):
        return w[:-3] + "ao"
    if len(w) >= 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    prev_end = None
    for m in _TOKEN.finditer(text):
        raw = m.group()
        sep = text[prev_end:m.start()] if prev_end is not None else ""
        if raw.casefold() == "s" and out and sep and all(c in _APOSTROPHES for c in sep):
            # English possessive: "citizen's charter" is read as "citizen charter".
            prev_end = m.end()
            continue
        joined = prev_end is not None and bool(_JOINER.match(sep))
        out.append(_Token(m.start(), m.end(), raw, _word_key(raw), joined,
                          any(c.isspace() for c in sep)))
        prev_end = m.end()
    return out


def _span_keys(tokens: Sequence[_Token]) -> tuple[str, str]:
    """(key, strict key) of a phrase. The strict key keeps a space after a
    one-letter word followed by a space, so "e government" and "e-government"
    share a key but not a strict key."""
    key = "".join(t.key for t in tokens)
    strict = [tokens[0].key]
    for before, tok in zip(tokens, tokens[1:]):
        if len(before.key) == 1 and tok.spaced:
            strict.append(" ")
        strict.append(tok.key)
    return key, "".join(strict)


def normalize(text: str) -> str:
    """The key a term or a phrase is matched by: "One-Stop Shops", "one stop shop"
    and "onestopshop" all give "onestopshop"; "eGovernment", "e-government",
    "e government" and "egovernment" all give "egovernment"."""
    toks = _tokens(text)
    return _span_keys(toks)[0] if toks else ""


# ---------------------------------------------------------------------- the index

@dataclass(frozen=True)
class _Entry:
    concept: Concept
    term: str
    lang: str
    strict: str


class Thesaurus:
    """The concepts of one data file and the indexes built from them."""

    def __init__(self, concepts: Iterable[Concept], path: Path | str | None = None):
        self.path = path
        where = f"{path}: " if path else ""
        self._concepts: dict[str, Concept] = {}
        self._terms: dict[str, list[_Entry]] = {}
        self._acronyms: dict[str, list[tuple[Concept, str, str]]] = {}   # exact spelling -> ...
        self._acronyms_upper: dict[str, list[tuple[Concept, str, str]]] = {}
        self._words: set[str] = set()
        # Words that stand on their own in a Spanish or Portuguese term: after
        # "e" ("and") such a word is read as a word, not as an "e-" compound.
        self._conjunction_words: set[str] = set()
        self._max_tokens = 1
        for concept in concepts:
            if concept.id in self._concepts:
                raise ThesaurusError(f"{where}concept {concept.id!r} is listed twice")
            self._concepts[concept.id] = concept
            for term, lang in concept.all_terms():
                toks = _tokens(term)
                if not toks:
                    raise ThesaurusError(f"{where}{concept.id}: empty term in {lang}")
                if not all(t.joined for t in toks[1:]):
                    raise ThesaurusError(f"{where}{concept.id}: term {term!r} has punctuation that "
                                         "would stop it from ever matching")
                key, strict = _span_keys(toks)
                entries = self._terms.setdefault(key, [])
                if not any(e.concept is concept and e.lang == lang and e.term == term
                           for e in entries):
                    entries.append(_Entry(concept, term, lang, strict))
                self._max_tokens = max(self._max_tokens, len(toks))
                self._words.update(t.key for t in toks)
                self._words.add(key)
                if lang in ("es", "pt"):
                    self._conjunction_words.update(
                        t.key for k, t in enumerate(toks) if k == 0 or len(toks[k - 1].key) > 1)
            for acronym, lang in concept.all_acronyms():
                self._acronyms.setdefault(acronym, []).append((concept, acronym, lang))
                self._acronyms_upper.setdefault(acronym.upper(), []).append((concept, acronym, lang))
                self._words.add(_word_key(acronym))
                self._words.add(fold(acronym))

    # -- reading

    def concepts(self) -> tuple[Concept, ...]:
        return tuple(self._concepts.values())

    def __len__(self) -> int:
        return len(self._concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self._concepts.values())

    def get(self, concept_id: str) -> Concept | None:
        return self._concepts.get(concept_id)

    def lookup(self, term: str) -> tuple[Concept, ...]:
        """The concepts a whole term or acronym names ("guichet unique", "PEID"),
        in data-file order; empty when it names none."""
        found: list[Concept] = []
        for entry in self._terms.get(normalize(term), ()):
            if entry.concept not in found:
                found.append(entry.concept)
        for concept, _, _ in self._acronym_hits(term.strip()):
            if concept not in found:
                found.append(concept)
        return tuple(found)

    def ambiguous(self) -> dict[str, tuple[str, ...]]:
        """Keys (and acronyms) that name more than one concept, with the concept
        ids. The data should have none unless deliberately."""
        out: dict[str, tuple[str, ...]] = {}
        for key, entries in self._terms.items():
            ids = tuple(dict.fromkeys(e.concept.id for e in entries))
            if len(ids) > 1:
                out[key] = ids
        for acronym, hits in self._acronyms.items():
            ids = tuple(dict.fromkeys(c.id for c, _, _ in hits))
            if len(ids) > 1:
                out[acronym] = ids
        return out

    def known_word(self, word: str) -> bool:
        """Whether `word` is a word of some term or acronym (after folding), so
        a spelling corrector must leave it alone: "egovernment", "gouvernement",
        "PEID", "insulaires" are known, "goverment" is not."""
        toks = _tokens(word)
        if not toks:
            return False
        if len(toks) == 1:
            return toks[0].key in self._words or fold(toks[0].raw) in self._words
        return _span_keys(toks)[0] in self._words or all(t.key in self._words for t in toks)

    # -- matching

    def _acronym_hits(self, raw: str) -> list[tuple[Concept, str, str]]:
        hits = self._acronyms.get(raw)
        if hits:
            return hits
        if raw.isupper():
            hits = self._acronyms_upper.get(raw)
            if hits:
                return hits
        # A plural: "SDGs", "LDCs", "PEIDs".
        if len(raw) > 2 and raw.endswith("s") and raw[:-1].isupper():
            return self._acronyms.get(raw[:-1]) or []
        return []

    def find_concepts(self, text: str) -> list[Match]:
        """The concepts named in `text`, as whole words or phrases, in text order.
        Overlaps are resolved longest first: in "e-government survey" the survey
        is found, not e-government."""
        toks = _tokens(text)
        candidates: list[tuple[int, int, int, Match]] = []   # (-tokens, -chars, start, match)
        for i, first in enumerate(toks):
            for acronym_hit in self._acronym_hits(first.raw)[:1]:
                concept, acronym, lang = acronym_hit
                langs = tuple(dict.fromkeys(l for c, _, l in self._acronym_hits(first.raw)
                                            if c is concept))
                m = Match(first.start, first.end, first.raw, acronym, lang, concept, True, langs)
                # An acronym ranks below a phrase of the same length.
                candidates.append((-1, -(first.end - first.start) + 1, first.start, m))
            for j in range(i + 1, min(len(toks), i + self._max_tokens) + 1):
                if j > i + 1 and not toks[j - 1].joined:
                    break
                span = toks[i:j]
                key, strict = _span_keys(span)
                entries = self._terms.get(key)
                if not entries:
                    continue
                entry = self._choose(entries, strict, span, text[span[0].start:span[-1].end])
                if entry is None:
                    continue
                langs = tuple(dict.fromkeys(e.lang for e in entries if e.concept is entry.concept))
                start, end = span[0].start, span[-1].end
                m = Match(start, end, text[start:end], entry.term, entry.lang, entry.concept,
                          False, langs)
                candidates.append((-(j - i), -(end - start), start, m))
        candidates.sort(key=lambda c: c[:3])
        taken: list[Match] = []
        for *_, m in candidates:
            if all(m.end <= t.start or m.start >= t.end for t in taken):
                taken.append(m)
        return sorted(taken, key=lambda m: m.start)

    def _choose(self, entries: list[_Entry], strict: str, span: Sequence[_Token],
                typed: str) -> _Entry | None:
        """The entry a phrase matched: one written the same way if any (the very
        spelling typed first), else one whose language lets "e government" stand
        for "e-government", unless the word after the lone letter is a Spanish or
        Portuguese word in its own right ("brecha digital e inclusión" is not
        e-inclusion)."""
        same = [e for e in entries if e.strict == strict]
        if same:
            folded = fold(typed)
            return next((e for e in same if fold(e.term) == folded), same[0])
        for before, tok in zip(span, span[1:]):
            if len(before.key) == 1 and tok.spaced and tok.key in self._conjunction_words:
                return None
        for entry in entries:
            if entry.lang in LOOSE_PREFIX_LANGS:
                return entry
        return None

    def expansions(self, match_or_concept: Match | Concept | str, *,
                   exclude: Iterable[str] = (), langs: Iterable[str] | None = None,
                   acronyms: bool = False, limit: int | None = None) -> list[tuple[str, str]]:
        """The terms to add to a query for a concept, as (term, lang): preferred
        terms of every language first (en, fr, es, pt), then the variants, each
        key once, leaving out what was typed (a Match's text and term) and any
        term in `exclude`. `langs` keeps only those languages. Acronyms are left
        out unless asked for: lowercased by an analyser, "APP" or "IA" would
        match ordinary words."""
        if isinstance(match_or_concept, Match):
            concept = match_or_concept.concept
            typed = [match_or_concept.text, match_or_concept.term]
        elif isinstance(match_or_concept, Concept):
            concept, typed = match_or_concept, []
        else:
            found = self.get(match_or_concept) or next(iter(self.lookup(match_or_concept)), None)
            if found is None:
                return []
            concept = found
            typed = [] if found.id == match_or_concept else [match_or_concept]
        wanted = tuple(LANGS if langs is None else (l for l in LANGS if l in set(langs)))
        seen = {normalize(t) for t in (*typed, *exclude)}
        out: list[tuple[str, str]] = []

        def add(term: str, lang: str, key: str) -> None:
            if key and key not in seen:
                seen.add(key)
                out.append((term, lang))

        for lang in wanted:                       # preferred terms first
            terms = concept.terms.get(lang, ())
            if terms:
                add(terms[0], lang, normalize(terms[0]))
        for lang in wanted:                       # then the variants
            for term in concept.terms.get(lang, ())[1:]:
                add(term, lang, normalize(term))
        if acronyms:
            typed_raw = {t.strip() for t in (*typed, *exclude)}
            for lang in wanted:
                for acronym in concept.acronyms.get(lang, ()):
                    if acronym not in typed_raw:
                        add(acronym, lang, "acronym:" + acronym)
        return out[:limit] if limit is not None else out


# ---------------------------------------------------------------------- loading

def _split(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x.strip() for x in (cell or "").split(";") if x.strip()))


def parse(lines: Iterable[str], source: str = DATA_FILE) -> list[Concept]:
    """Concepts from the lines of a data file. Comment lines start with "#"."""
    rows = ((n, line.rstrip("\r\n")) for n, line in enumerate(lines, 1))
    rows = [(n, line) for n, line in rows if line.strip() and not line.lstrip().startswith("#")]
    if not rows:
        raise ThesaurusError(f"{source}: no header row")
    header_no, header_line = rows[0]
    header = [h.strip() for h in header_line.split("\t")]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ThesaurusError(f"{source}:{header_no}: header lacks {', '.join(missing)}")
    concepts: list[Concept] = []
    for n, line in rows[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) > len(header):
            raise ThesaurusError(f"{source}:{n}: {len(cells)} cells, the header has {len(header)}")
        row = dict(zip(header, cells + [""] * (len(header) - len(cells))))
        cid = row["id"].strip()
        if not _ID.match(cid):
            raise ThesaurusError(f"{source}:{n}: bad id {cid!r} (lowercase letters, digits, hyphens)")
        terms = {lang: _split(row[lang]) for lang in LANGS}
        acronyms = {lang: _split(row[f"acr_{lang}"]) for lang in LANGS}
        for lang, items in acronyms.items():
            for a in items:
                if not _ACRONYM.match(a):
                    raise ThesaurusError(f"{source}:{n}: acronym {a!r} must be letters and digits")
        concepts.append(Concept(
            id=cid,
            terms=MappingProxyType({k: v for k, v in terms.items() if v}),
            acronyms=MappingProxyType({k: v for k, v in acronyms.items() if v}),
            sources=_split(row["sources"]),
        ))
    return concepts


@lru_cache(maxsize=8)
def load(path: Path | str | None = None) -> Thesaurus:
    """The thesaurus in `path` (default: the one shipped with KB), read once."""
    if path is None:
        text = resources.files("kb.taxonomy").joinpath(DATA_FILE).read_text(encoding="utf-8")
        return Thesaurus(parse(text.splitlines(), DATA_FILE), DATA_FILE)
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        return Thesaurus(parse(fh, str(path)), path)


def default() -> Thesaurus:
    return load(None)


# Module-level shortcuts over the shipped thesaurus, for callers that need no other.

def concepts() -> tuple[Concept, ...]:
    return default().concepts()


def get(concept_id: str) -> Concept | None:
    return default().get(concept_id)


def lookup(term: str) -> tuple[Concept, ...]:
    return default().lookup(term)


def find_concepts(text: str) -> list[Match]:
    return default().find_concepts(text)


def expansions(match_or_concept: Match | Concept | str, **options) -> list[tuple[str, str]]:
    return default().expansions(match_or_concept, **options)


def known_word(word: str) -> bool:
    return default().known_word(word)


__all__ = [
    "COLUMNS", "Concept", "LANGS", "Match", "Thesaurus", "ThesaurusError", "concepts", "default",
    "expansions", "find_concepts", "fold", "get", "known_word", "load", "lookup", "normalize",
    "parse",
]
