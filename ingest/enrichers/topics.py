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
from typing import Mapping

from kb.models import Document
from kb.protocols import Inferred
from kb.taxonomy.topics import TOPICS

from ingest.enrichers._text import words

TITLE_BONUS = 5
MIN_SCORE = 2
WORDS_PER_POINT = 500   # a longer document needs one more mention per this many words
MIN_SHARE_OF_TOP = 0.1  # and a topic far behind the leading one is a passing remark
MAX_TOPICS = 5


# Short words that are ordinary words, not acronyms, in every case.
_ORDINARY_SHORT = frozenset({"law", "bill", "loi", "ley", "api"})


def _term_pattern(term: str) -> re.Pattern[str]:
    if len(term) <= 4 and re.fullmatch(r"[a-z]+", term) and term not in _ORDINARY_SHORT:
        return re.compile(rf"(?<![\w-]){re.escape(term.upper())}s?(?![\w-])")
    body = r"[\s-]+".join(re.escape(w) for w in term.split())
    return re.compile(rf"(?<![\w-]){body}(?:s|es)?(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Per topic, its terms longest first; spellings that differ only by a
    hyphen or space ("one-stop shop", "one stop shop") are one term."""
    out: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for slug, topic in TOPICS.items():
        terms = dict.fromkeys(re.sub(r"[\s-]+", " ", t) for t in topic.all_terms)
        out[slug] = [(t, _term_pattern(t)) for t in sorted(terms, key=len, reverse=True)]
    return out


def _count_all(text: str) -> dict[str, dict[str, int]]:
    """Matches per topic and term. A longer term's span hides shorter ones
    inside or across it, whichever topic they belong to: "open data portal"
    is neither also "open data" nor an online-services "portal", and "digital
    skills" is digital inclusion, not capacity building's "skills"."""
    found: list[tuple[int, int, str, str]] = []
    for slug, patterns in _patterns().items():
        for term, p in patterns:
            found += [(m.start(), m.end(), slug, term) for m in p.finditer(text)]
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
    for slug in _patterns():
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
    return max(MIN_SCORE, len(words(document.text)) // WORDS_PER_POINT)


def enrich_topics(document: Document) -> Mapping[str, Inferred]:
    scored = score_topics(document)
    threshold = min_score(document)
    top = scored[0][1] if scored else 0
    kept = [r for r in scored if r[1] >= threshold and r[1] >= MIN_SHARE_OF_TOP * top][:MAX_TOPICS]
    if not kept:
        return {}
    reasons = []
    for slug, _, counts, in_title in kept:
        terms = ", ".join(f"'{t}' ×{n}" for t, n in sorted(counts.items(), key=lambda kv: -kv[1])[:4])
        reasons.append(f"{slug}: {terms}{' (in the title)' if in_title else ''}")
    return {"topics": Inferred(tuple(r[0] for r in kept), "; ".join(reasons))}
