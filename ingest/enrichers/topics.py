"""Topics whose terms occur in the document.

Terms from `kb.taxonomy.topics` are matched lowercased on word boundaries with
a plural ending allowed; short acronyms ("AI", "PPP", "CERT") only in capitals,
because lowercase "ai" or "app" are ordinary words in French and Spanish.
A term in the title counts TITLE_BONUS times. A topic is kept when its score
reaches MIN_SCORE and it is within the top MAX_TOPICS, so a passing mention
of "gender" in a cybersecurity strategy does not tag it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, Mapping

from kb.models import Document
from kb.protocols import Inferred
from kb.taxonomy.topics import TOPICS

from ingest.enrichers._text import EXTRA_CASES as _EXTRA, fold_case as _fold, word_count

TITLE_BONUS = 5
MIN_SCORE = 2
WORDS_PER_POINT = 500   # a longer document needs one more mention per this many words
MIN_SHARE_OF_TOP = 0.1  # and a topic far behind the leading one is a passing remark
MAX_TOPICS = 5


# Short words that are ordinary words, not acronyms, in every case.
_ORDINARY_SHORT = frozenset({"law", "bill", "loi", "ley", "lei", "api"})


def _is_acronym(term: str) -> bool:
    """A short lowercase term stands for an acronym, matched only in capitals."""
    return len(term) <= 4 and re.fullmatch(r"[a-z]+", term) is not None and term not in _ORDINARY_SHORT


def _term_pattern(term: str) -> re.Pattern[str]:
    if _is_acronym(term):
        return re.compile(rf"(?<![\w-]){re.escape(term.upper())}s?(?![\w-])")
    body = r"[\s-]+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w-]){body}(?:s|es)?(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _terms() -> dict[str, list[str]]:
    """Per topic, its terms longest first; spellings that differ only by a
    hyphen or space ("one-stop shop", "one stop shop") are one term."""
    out: dict[str, list[str]] = {}
    for slug, topic in TOPICS.items():
        terms = dict.fromkeys(re.sub(r"[\s-]+", " ", t) for t in topic.all_terms)
        out[slug] = sorted(terms, key=len, reverse=True)
    return out


@lru_cache(maxsize=1)
def _patterns() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Per topic, (term, its pattern) longest first: the plain form of the
    matching that `_matches` does faster."""
    return {slug: [(t, _term_pattern(t)) for t in terms] for slug, terms in _terms().items()}


# Matching, fast. Running all ~700 term patterns of `_patterns` over every
# document cost ~130 ms a document, and most terms occur in none of its words.
# So (1) the text is case-folded once, the way re.IGNORECASE compares
# characters (`_text.fold_case`: one character for one, so offsets stay those
# of the original), and the folded terms are matched
# case-sensitively on it, each pattern starting with its first word so that
# the regex engine can jump to it; (2) a term is tried only when each of its
# word runs (`\w+`) is a whole run of the document, the last one perhaps with
# "s"/"es" added, and each two of its runs in a row are two runs in a row of
# the document (a match's runs are consecutive runs of the text: its words
# are joined by spaces or hyphens, and it starts and ends on a run's edge).
# That pair test leaves out most multi-word terms ("open" and "data" both
# occur, "open data" not) without a scan of the text for each. All of this
# gives exactly the matches `_patterns` would give.
_RUN = re.compile(r"\w+")

def _fast_pattern(term: str) -> tuple[re.Pattern[str], bool]:
    """The pattern `_term_pattern(term)` with its word-boundary check moved
    after the first word, and whether it runs on the folded text."""
    def after(first: str) -> str:
        return rf"(?<![\w-][\s\S]{{{len(first)}}})"
    if _is_acronym(term):
        upper = term.upper()
        return re.compile(rf"{re.escape(upper)}{after(upper)}s?(?![\w-])"), False
    first, *rest = [_fold(w) for w in term.split()]
    body = "".join(r"[\s-]+" + re.escape(w) for w in rest)
    return re.compile(rf"{re.escape(first)}{after(first)}{body}(?:s|es)?(?![\w-])"), True


def _needs(term: str) -> tuple[frozenset[str], tuple[str, ...], frozenset[tuple[str, str]],
                                tuple[tuple[str, str], ...]]:
    """(runs that must occur as they are, forms one of which must occur,
    pairs of runs that must occur in a row, the last pair's forms one of
    which must occur; both empty for a one-run term)."""
    runs = _RUN.findall(_fold(term))
    last = runs[-1]
    forms = (last, last + "s", last + "es")
    if len(runs) < 2:
        return frozenset(runs[:-1]), forms, frozenset(), ()
    return (frozenset(runs[:-1]), forms, frozenset(zip(runs[:-2], runs[1:-1])),
            tuple((runs[-2], f) for f in forms))


@lru_cache(maxsize=1)
def _checks() -> list[tuple[str, str, re.Pattern[str], bool, frozenset[str], tuple[str, ...],
                        frozenset[tuple[str, str]], tuple[tuple[str, str], ...]]]:
    """(topic, term, fast pattern, on folded text, runs needed, last-run
    forms, run pairs needed, last-pair forms), in `_terms` order."""
    return [(slug, term, *_fast_pattern(term), *_needs(term))
            for slug, terms in _terms().items() for term in terms]


@lru_cache(maxsize=1)
def _by_last_form() -> dict[str, tuple[int, ...]]:
    """last-run form -> the indexes in `_checks` of the terms it may end, so
    that a text's runs pick out the few terms worth trying."""
    out: dict[str, list[int]] = {}
    for i, check in enumerate(_checks()):
        for form in check[5]:
            out.setdefault(form, []).append(i)
    return {form: tuple(ids) for form, ids in out.items()}


def _matches(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, topic, term) of every match of every term, by term in
    `_terms` order, then in text order."""
    if _EXTRA is None:
        for slug, patterns in _patterns().items():
            for term, p in patterns:
                yield from ((m.start(), m.end(), slug, term) for m in p.finditer(text))
        return
    folded = _fold(text)
    seq = _RUN.findall(folded)
    present = set(seq)
    in_a_row: set[tuple[str, str]] | None = None    # made on the first multi-run term's need
    index, checks = _by_last_form(), _checks()
    ids = sorted({i for form in present.intersection(index) for i in index[form]})
    for slug, term, p, on_folded, runs, last, pairs, last_pairs in map(checks.__getitem__, ids):
        if runs <= present:
            if last_pairs:
                if in_a_row is None:
                    in_a_row = set(zip(seq, seq[1:]))
                if not (pairs <= in_a_row and any(lp in in_a_row for lp in last_pairs)):
                    continue
            yield from ((m.start(), m.end(), slug, term) for m in p.finditer(folded if on_folded else text))


def _count_all(text: str) -> dict[str, dict[str, int]]:
    """Matches per topic and term. A longer term's span hides shorter ones
    inside or across it, whichever topic they belong to: "open data portal"
    is neither also "open data" nor an online-services "portal", and "digital
    skills" is digital inclusion, not capacity building's "skills"."""
    found = list(_matches(text))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    used = bytearray(len(text))          # characters inside an accepted match
    spans: set[tuple[int, int]] = set()  # accepted spans, for another topic's same words
    seen: set[tuple[str, int, int]] = set()
    counts: dict[str, dict[str, int]] = {}
    for s, e, slug, term in found:
        if (slug, s, e) in seen:
            continue
        if any(used[s:e]) and (s, e) not in spans:
            continue
        used[s:e] = b"\x01" * (e - s)
        spans.add((s, e))
        seen.add((slug, s, e))
        per = counts.setdefault(slug, {})
        per[term] = per.get(term, 0) + 1
    return counts


def score_topics(document: Document) -> list[tuple[str, int, dict[str, int], bool]]:
    """(slug, score, term counts, in title) for every topic that matched."""
    body_all = _count_all(document.text)
    head_all = _count_all(document.title or "")
    out = []
    for slug in _terms():
        body = body_all.get(slug, {})
        head = head_all.get(slug, {})
        score = sum(body.values()) + TITLE_BONUS * sum(head.values())
        if score:
            counts = {t: body.get(t, 0) + head.get(t, 0) for t in {**body, **head}}
            out.append((slug, score, counts, bool(head)))
    out.sort(key=lambda r: (-r[1], r[0]))
    return out


def min_score(document: Document) -> int:
    """Mentions a topic needs: two in a short note, more in a long report, so
    that the broader cues ("training", "portal") tag a 40-page study only when
    it keeps coming back to them."""
    return max(MIN_SCORE, word_count(document.text) // WORDS_PER_POINT)


def enrich_topics(document: Document) -> Mapping[str, Inferred]:
    scored = score_topics(document)
    if not scored:
        return {}
    threshold = min_score(document)     # counts the words: only when some topic scored
    top = scored[0][1]
    kept = [r for r in scored if r[1] >= threshold and r[1] >= MIN_SHARE_OF_TOP * top][:MAX_TOPICS]
    if not kept:
        return {}
    reasons = []
    for slug, _, counts, in_title in kept:
        terms = ", ".join(f"'{t}' ×{n}" for t, n in sorted(counts.items(), key=lambda kv: -kv[1])[:4])
        reasons.append(f"{slug}: {terms}{' (in the title)' if in_title else ''}")
    return {"topics": Inferred(tuple(r[0] for r in kept), "; ".join(reasons))}
