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

TITLE_BONUS = 5
MIN_SCORE = 2
MAX_TOPICS = 5


def _term_pattern(term: str) -> re.Pattern[str]:
    if len(term) <= 4 and re.fullmatch(r"[a-z]+", term):
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


def _count(patterns: list[tuple[str, re.Pattern[str]]], text: str) -> dict[str, int]:
    """Matches per term, a longer term's span hiding shorter ones inside it
    ("open data portal" is not also "open data")."""
    taken: list[tuple[int, int]] = []
    counts: dict[str, int] = {}
    for term, p in patterns:
        for m in p.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            counts[term] = counts.get(term, 0) + 1
    return counts


def score_topics(document: Document) -> list[tuple[str, int, dict[str, int], bool]]:
    """(slug, score, term counts, in title) for every topic that matched."""
    text = document.text
    title = document.title or ""
    out = []
    for slug, patterns in _patterns().items():
        body = _count(patterns, text)
        head = _count(patterns, title)
        score = sum(body.values()) + TITLE_BONUS * sum(head.values())
        if score:
            counts = {t: body.get(t, 0) + head.get(t, 0) for t in {**body, **head}}
            out.append((slug, score, counts, bool(head)))
    out.sort(key=lambda r: (-r[1], r[0]))
    return out


def enrich_topics(document: Document) -> Mapping[str, Inferred]:
    kept = [r for r in score_topics(document) if r[1] >= MIN_SCORE][:MAX_TOPICS]
    if not kept:
        return {}
    reasons = []
    for slug, _, counts, in_title in kept:
        terms = ", ".join(f"'{t}' ×{n}" for t, n in sorted(counts.items(), key=lambda kv: -kv[1])[:4])
        reasons.append(f"{slug}: {terms}{' (in the title)' if in_title else ''}")
    return {"topics": Inferred(tuple(r[0] for r in kept), "; ".join(reasons))}
