"""What every backend does the same way, whatever its engine.

A backend module holds only what is specific to its engine (schema, parsing
into its query objects, matching, counting, storing); the policies users see
live here once, so switching backends changes no message, no snippet shape and
no facet order:
- bounding query text (length, number of words, a trailing "?" is a question,
  not a wildcard) and the notices that say what was done;
- the syntax check that turns unreadable queries into a plain word search;
- choosing the best page of a hit and cutting a snippet around its matches;
- assembling facet counts (selected values always shown, years newest first);
- did-you-mean: which words to correct and how a corrected query is offered;
- the stored form of a document (one JSON encoding, shared by both backends).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

from indexes import analysis, stopwords
from kb.errors import IndexUnavailable, InvalidQuery
from kb.models import FACETS, SORTS, FacetCount, Hit, Query, Snippet
from kb.taxonomy import gazetteer, thesaurus
from kb.serialize import (alternates_from_dicts, document_from_dict, document_to_dict, page_rows,
                          pages_from_rows)

SNIPPET_CHARS = 260          # characters of page text shown around the best match
SNIPPET_LEAD = 60            # context kept before the first match of the window
SUGGEST_BELOW = 3            # look for a did-you-mean when fewer hits than this
MORE_LIKE_CHARS = 20_000     # text of a document used to find related ones
BEST_PAGE_CANDIDATES = 2     # pages analysed per hit when choosing its best page
USER_FIELDS = frozenset({"title", "body"})
# English stop words (the list the index always had), for callers that need one list
STOP_WORDS = stopwords.ENGLISH
WORD = re.compile(r"\w+", re.UNICODE)
SPACE = re.compile(r"\s+")
_PLAIN_SYNTAX = re.compile(r'["()*?:^~\[\]{}+]|(?:^|\s)-')
_QUESTION = re.compile(r"(\w)\?+(?=\s|$)")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")

NOTICE_NO_WORDS = ("Your query has no words to search for (punctuation and very common "
                   "words are ignored); showing all documents.")
NOTICE_WIDER = ("No document contains all of your words; showing documents "
                "that contain some of them.")


def notice_unreadable(problem: str) -> str:
    return f"Your query could not be read as written: {problem}. Searched for its words instead."


def notice_capped(max_expansions: int) -> str:
    return (f"A wildcard matched too many words; only the {max_expansions} "
            "most frequent were searched.")


# --------------------------------------------------------------------------
# query text


@dataclass
class Parsed:
    """A query text as a backend understood it."""

    query: Any | None                     # the engine's query; None: browse everything
    notices: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)   # raw words, for did-you-mean
    terms: frozenset[str] = frozenset()   # analysed terms, for best page and marks
    plain: bool = False                   # only plain words, no operators: OR fallback allowed
    expanded: tuple[str, ...] = ()        # thesaurus terms also searched for


@dataclass(frozen=True)
class Bounded:
    text: str
    notices: tuple[str, ...]
    words: tuple[str, ...]


def suggest_word(prefix: str, limit: int, normalise: Callable[[str], str] = str.lower) -> str | None:
    """The word autocomplete completes: the last word of `prefix`, as the
    words field holds it; None when there is nothing worth completing (no
    word, a word of one letter, no room for suggestions)."""
    words = prefix.split()
    if not words or limit <= 0:
        return None
    last = normalise(words[-1])
    return last if len(last) >= 2 else None


def bound_query(text: str, max_chars: int, max_terms: int, operators: frozenset[str]) -> Bounded:
    """Whitespace collapsed, cut to `max_chars` at a word boundary and to
    `max_terms` words (parsing is quadratic in length in Whoosh), with a
    notice for each cut; "what is e-government?" is a question, not a
    one-letter wildcard. A text with no word to search for (`!@#$%`, `&*()`,
    `AND`, `the *`) comes back empty with the no-words notice: the engines'
    parsers each make something different of bare symbols (all documents,
    none, a syntax error)."""
    notices: list[str] = []
    text = " ".join(text.split())
    if len(text) > max_chars:
        cut = text.rfind(" ", 0, max_chars + 1)
        text = text[: cut if cut > 0 else max_chars]
        notices.append(f"Your query was shortened to its first {len(text)} characters.")
    text = _QUESTION.sub(r"\1", text)
    tokens = text.split()
    if len(tokens) > max_terms:
        text = " ".join(tokens[:max_terms])
        notices.append(f"Your query was shortened to its first {max_terms} words.")
    words = tuple(w for w in WORD.findall(text) if w not in operators)
    langs = analysis.query_stop_languages(words)
    if text and not any(_LETTER_OR_DIGIT.search(w) and not analysis.is_query_stop(w, langs)
                        for w in words):
        # Nothing to search for (only punctuation, operators or very common
        # words): one rule for every backend, whatever its parser would make of
        # the symbols: browse all, with one notice that says why.
        return Bounded("", (*notices, NOTICE_NO_WORDS), ())
    return Bounded(text, tuple(notices), words)


EXPANSION_BOOST = 0.3         # weight of a thesaurus term against the words typed
EXPANSIONS_PER_CONCEPT = 6
MAX_EXPANSIONS = 12


def expansions(text: str) -> tuple[str, ...]:
    """The thesaurus terms a query is also searched for: for each concept it
    names, the concept's terms in the other languages (preferred terms first),
    leaving out what was typed."""
    out: list[str] = []
    for match in thesaurus.find_concepts(text):
        out.extend(term for term, _ in match.expansions(limit=EXPANSIONS_PER_CONCEPT))
    return tuple(dict.fromkeys(out))[:MAX_EXPANSIONS]


def is_plain(text: str, operators: frozenset[str]) -> bool:
    """Only words: no quotes, brackets, wildcards, fields or operators."""
    return not _PLAIN_SYNTAX.search(text) and not (set(text.split()) & operators)


def syntax_problem(text: str, operators: frozenset[str], field_prefix: re.Pattern) -> str | None:
    """What makes a query unreadable, in words for the user. The engines
    rarely raise; they silently drop such parts instead."""
    if text.count('"') % 2:
        return "a quote is not closed"
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return "a bracket is closed that was never opened"
    if depth:
        return "a bracket is not closed"
    tokens = text.split()
    ops = [t for t in tokens if t in operators]
    if ops:
        if tokens[0] in operators - {"NOT"} or tokens[-1] in operators:
            return f"'{ops[0]}' needs a word on each side"
        for a, b in zip(tokens, tokens[1:]):
            if a in operators and b in operators - {"NOT"}:
                return f"'{a} {b}' has nothing between the operators"
    for name in field_prefix.findall(text):
        if name not in USER_FIELDS:
            return f"'{name}:' is not a field you can search (use title: or body:)"
    if re.search(r"\w:(\s|$)", text):
        return "a field name is followed by nothing"
    if any(t.strip("()") in {"*", "?"} or t.startswith(("*", "?")) for t in tokens):
        return "a wildcard needs some letters before it"
    return None


def index_damaged(path: Any, exc: BaseException) -> IndexUnavailable:
    return IndexUnavailable(
        f"the search index at {path} is damaged or unreadable ({type(exc).__name__}: {exc}); "
        "rebuild it from the catalog with `kb reindex`")


def index_reread_failed(path: Any, exc: BaseException) -> IndexUnavailable:
    return IndexUnavailable(
        f"the search index at {path} could not be re-read ({type(exc).__name__}: {exc})")


def index_locked(path: Any, timeout: float) -> IndexUnavailable:
    return IndexUnavailable(
        f"the index at {path} is locked by another writer for more than {timeout:g} s; "
        "is another ingest running?")


def check_query(query: Query) -> None:
    """What every backend refuses before searching: an unknown sort or facet."""
    if query.sort not in SORTS:
        raise InvalidQuery(f"sort must be one of {', '.join(SORTS)}")
    for facet in query.filters:
        if facet not in FACETS:
            raise InvalidQuery(f"unknown facet {facet!r}; facets are {', '.join(FACETS)}")


def should_widen(parsed: Parsed, total: int) -> bool:
    """Whether a plain query of several words that found nothing is to be run
    again with any of its words (and a notice saying so)."""
    return total == 0 and parsed.query is not None and parsed.plain and len(parsed.terms) > 1


def page_window(query: Query, total: int) -> tuple[int, int]:
    """[start, end) of the hits shown for the query's page; empty past the end."""
    size = max(1, query.page_size)
    start = (max(1, query.page) - 1) * size
    return start, min(total, start + size) if start < total else start


# --------------------------------------------------------------------------
# stored documents


def document_json(doc: Any) -> str:
    """The document as the catalog keeps it, without its pages, as JSON."""
    return json.dumps(document_to_dict(doc, pages=False), ensure_ascii=False, default=str)


def stored_forms(doc: Any) -> tuple[str, bytes]:
    """What a backend stores of a document: its JSON without pages, and the
    pages as UTF-8 JSON [[number, text, title, language], ...]."""
    return document_json(doc), json.dumps(page_rows(doc.pages), ensure_ascii=False).encode("utf-8")


def document_from_stored(data: dict[str, Any], pages: list[list[Any]]) -> Any:
    # rows of three, stored before pages had a language, read as language None
    data["pages"] = pages_from_rows(pages)
    return document_from_dict(data)


def more_like_text(data: Mapping[str, Any], pages: Sequence[Sequence[Any]]) -> str:
    """The text a related-documents query is built from: title and pages, bounded."""
    return " ".join([data.get("title") or ""] + [p[1] for p in pages])[:MORE_LIKE_CHARS]


def make_hit(data: Mapping[str, Any], score: float, page: int | None, page_count: int,
             snippet: Snippet) -> Hit:
    return Hit(
        id=data["id"], title=data.get("title") or "", uri=data.get("uri") or "",
        format=data.get("format") or "", doc_type=data.get("doc_type"),
        year=data.get("year"), countries=tuple(data.get("countries") or ()),
        regions=tuple(data.get("regions") or ()), sids=tuple(data.get("sids") or ()),
        topics=tuple(data.get("topics") or ()), language=data.get("language"),
        source=data.get("source") or "", score=float(score or 0.0),
        page=page, page_count=page_count, snippet=snippet,
        alternates=alternates_from_dicts(data.get("alternates")),
    )


# --------------------------------------------------------------------------
# best page and snippets


def candidate_pages(pages: Sequence[Sequence[Any]], terms: frozenset[str],
                    fold: Callable[[str], str], limit: int = BEST_PAGE_CANDIDATES) -> list[int]:
    """Indexes of the pages most likely to hold the most matches, best first.
    A substring count of each term's first letters over-estimates and never
    misses a match, so only these pages need the (slow) analyser."""
    prefixes = {t[:4] for t in terms if t}
    if not prefixes:
        return []
    ranked = []
    for i, p in enumerate(pages):
        folded = fold(p[1])
        n = sum(folded.count(x) for x in prefixes)
        if n:
            ranked.append((-n, i))
    ranked.sort()
    return [i for _, i in ranked[:limit]]


def page_language(page: Sequence[Any], doc_language: str | None) -> str:
    """The analysis chain of a stored page row: its own language, else the document's."""
    own = page[3] if len(page) > 3 else None
    return analysis.chain_language(own or doc_language)


def best_page(pages: Sequence[Sequence[Any]], terms: frozenset[str], fold: Callable[[str], str],
              matches: Callable[[str, str], Sequence[Any]],
              doc_language: str | None = None) -> tuple[int, Sequence[Any]]:
    """Index of the page with the most query-term matches (first page on a tie
    or no match) and those matches, as `matches(page_text, chain)` returns them."""
    best: int = 0
    best_m: Sequence[Any] = ()
    if not pages or not terms:
        return best, best_m
    for i in candidate_pages(pages, terms, fold):
        m = matches(pages[i][1], page_language(pages[i], doc_language))
        if len(m) > len(best_m) or (len(m) == len(best_m) and m and i < best):
            best, best_m = i, m
    return best, best_m


def matching_pages(pages: Sequence[Sequence[Any]], terms: frozenset[str], fold: Callable[[str], str],
                   matches: Callable[[str, str], Sequence[Any]], limit: int,
                   doc_language: str | None = None) -> list[tuple[int, str, Sequence[Any]]]:
    """(number, text, matches) of the pages that match, most matches first."""
    prefixes = {t[:4] for t in terms if t}
    scored = []
    for page in pages:
        number, text = page[0], page[1]
        folded = fold(text)
        if not any(p in folded for p in prefixes):
            continue
        m = matches(text, page_language(page, doc_language))
        if m:
            scored.append((-len(m), number, text, m))
    scored.sort(key=lambda r: (r[0], r[1]))
    return [(n, t, m) for _, n, t, m in scored[: max(0, limit)]]


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans in order, overlapping ones merged ("e-government" marked
    as a compound and "government" as a word make one mark)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _clean(text: str) -> str:
    return SPACE.sub(" ", text)


def leading_snippet(text: str, width: int = SNIPPET_CHARS) -> Snippet:
    """The start of a page, for hits with no marked words (browsing)."""
    if not text:
        return Snippet(())
    end = min(len(text), width)
    if end < len(text):
        space = text.rfind(" ", int(width * 0.7), end)
        end = space if space > 0 else end
    body = _clean(text[:end]).strip()
    return Snippet(((body + (" …" if end < len(text) else ""), False),))


def make_snippet(text: str, spans: Sequence[tuple[int, int]], width: int = SNIPPET_CHARS) -> Snippet:
    """A passage of about `width` characters around the densest run of matches,
    as (text, matched) parts; the start of the text when nothing matched."""
    if not text:
        return Snippet(())
    if not spans:
        return leading_snippet(text, width)
    best_i, best_n, j = 0, 0, 0
    for i, (s, _) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] <= s + width - SNIPPET_LEAD:
            j += 1
        if j - i + 1 > best_n:
            best_i, best_n = i, j - i + 1
    start = max(0, spans[best_i][0] - SNIPPET_LEAD)
    if start > 0:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space > 0 else end
    parts: list[tuple[str, bool]] = []
    if start > 0:
        parts.append(("… ", False))
    pos = start
    for s, e in spans:
        if s < start or e > end:
            continue
        if s > pos:
            parts.append((_clean(text[pos:s]), False))
        parts.append((_clean(text[s:e]), True))
        pos = e
    if pos < end:
        parts.append((_clean(text[pos:end]), False))
    if end < len(text):
        parts.append((" …", False))
    return snippet_from_parts(parts)


def snippet_from_parts(parts: Iterable[tuple[str, bool]]) -> Snippet:
    """Adjacent unmarked parts joined, empty parts dropped, no leading space."""
    merged: list[tuple[str, bool]] = []
    for part, hit in parts:
        if not part:
            continue
        if merged and merged[-1][1] == hit and not hit:
            merged[-1] = (merged[-1][0] + part, hit)
        else:
            merged.append((part, hit))
    if merged and not merged[0][1]:
        merged[0] = (merged[0][0].lstrip(), False)
    return Snippet(tuple(p for p in merged if p[0]))


# --------------------------------------------------------------------------
# facets


def _year_key(row: tuple[str, int]) -> int:
    return -int(row[0]) if row[0].lstrip("-").isdigit() else 0


def facet_counts(facet: str, counts: Mapping[str, int], query: Query) -> tuple[FacetCount, ...]:
    """One facet's rows: years newest first (all of them), other facets most
    frequent first up to `facet_limit`; selected values always present, with
    their count (0 when nothing carries them any more)."""
    selected = [str(v) for v in query.filters.get(facet, ())]
    chosen = set(selected)
    rows = [(v, int(c)) for v, c in counts.items() if c > 0]
    if facet == "year":
        rows.sort(key=_year_key)
    else:
        rows.sort(key=lambda r: (-r[1], r[0]))
        rows = rows[: max(0, query.facet_limit)]
    present = {v for v, _ in rows}
    for v in selected:
        if v not in present:
            rows.append((v, int(counts.get(v, 0))))
            present.add(v)
    if facet == "year":
        rows.sort(key=_year_key)
    return tuple(FacetCount(v, c, v in chosen) for v, c in rows)


def disjunctive_groups(wanted: Sequence[str], selected: Iterable[str]) -> list[tuple[list[str], list[str]]]:
    """Which facets can be counted together, and which selections apply:
    facets without a selection share one count with every selection applied;
    each selected facet is counted with every selection but its own."""
    selected = [f for f in selected]
    groups: list[tuple[list[str], list[str]]] = []
    unselected = [f for f in wanted if f not in selected]
    if unselected:
        groups.append((unselected, list(selected)))
    for f in wanted:
        if f in selected:
            groups.append(([f], [g for g in selected if g != f]))
    return groups


# --------------------------------------------------------------------------
# did-you-mean


def edits1(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters}
            | {a + c + b for a, b in splits for c in letters})


def distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def corrected_query(text: str, words: Iterable[str], correct: Callable[[str], str | None]) -> str | None:
    """The query with each unknown word replaced by `correct(word)` (lower
    case); None when nothing changed. Short words and numbers are left alone."""
    corrected, changed = text, False
    for word in dict.fromkeys(words):
        low = word.lower()
        if len(low) < 3 or low.isdigit():
            continue
        option = correct(low)
        if option and option != low:
            corrected = re.sub(rf"\b{re.escape(word)}\b", option, corrected)
            changed = True
    return corrected if changed else None


FAR_MORE = 10                 # a correction is offered for a word found at all when its
                              # correction is in this many times more documents


def may_correct(word: str, langs: frozenset[str]) -> bool:
    """Whether did-you-mean may look at a query word: not short, a number, a
    stop word of the query's language, a word of the field's thesaurus or a
    country's name."""
    low = word.lower()
    return (len(low) >= 3 and not low.isdigit() and not analysis.is_query_stop(low, langs)
            and not _field_word(low))


@functools.lru_cache(maxsize=20_000)
def _field_word(low: str) -> bool:
    """A word of the thesaurus or a country's name (the gazetteer's lookup
    costs milliseconds: asked once per word)."""
    return thesaurus.known_word(low) or gazetteer.lookup(low) is not None


class Speller:
    """Spelling correction over a fixed word list with frequencies, built once
    per index generation: the most frequent word one edit away, else the
    closest (then most frequent) word two edits away with the same first
    letter. Lookups are set probes plus a small candidate scan, so a typo
    costs about a millisecond instead of an automaton walk over the lexicon."""

    def __init__(self, freqs: Mapping[str, int]):
        self.freqs = dict(freqs)
        self._by_first: dict[str, list[str]] = {}
        for w in self.freqs:
            self._by_first.setdefault(w[:1], []).append(w)

    def correct(self, word: str, docs: int = 0) -> str | None:
        freqs = self.freqs
        return correct_word(word, lambda w: freqs.get(w, 0),
                            lambda: ((t, freqs[t]) for t in self._by_first.get(word[:1], ())),
                            docs)


def correct_word(word: str, frequency: Callable[[str], int],
                 same_first: Callable[[], Iterable[tuple[str, int]]],
                 docs: int = 0) -> str | None:
    """The correction of one word, as the best search engines offer it:
    - a word no document holds: the most frequent known word one edit away,
      else the closest (then most frequent) word two edits away among
      `same_first()`, the known words sharing its first letter;
    - a word some documents hold ("goverment" is misspelt in a few): the most
      frequent word one edit away when it is in at least FAR_MORE times as
      many documents, and only when the word itself is rare (in at most one
      document in FAR_MORE of the `docs` searched);
    None otherwise. Each backend gives its own frequencies and word list."""
    own = frequency(word)
    if own > 0:
        if docs and own * FAR_MORE > docs:
            return None
        best = max(((frequency(c), c) for c in edits1(word) if c != word), default=(0, ""))
        return best[1] if best[0] >= own * FAR_MORE else None
    best = max(((frequency(c), c) for c in edits1(word)), default=(0, ""))
    if best[0] > 0:
        return best[1]
    n, letters = len(word), set(word)
    # an edit changes at most two letters of the letter set, so two edits
    # at most four: a cheap filter before the quadratic distance
    candidates = [
        (distance(word, t), -f, t) for t, f in same_first()
        if abs(len(t) - n) <= 2 and len(letters.symmetric_difference(t)) <= 4]
    candidates = [c for c in candidates if c[0] <= 2]
    return min(candidates)[2] if candidates else None


def better_suggestion(total: int, corrected_total: int) -> bool:
    """Whether a corrected query is worth offering: it finds something when the
    query found nothing, or far more than the query's few hits."""
    if total == 0:
        return corrected_total > 0
    return corrected_total >= max(total * 2, total + 3)
