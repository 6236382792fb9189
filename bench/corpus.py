"""A deterministic corpus shaped like a real e-governance repository.

Why generated: the real corpus beside the checkout has ~50 documents; the
targets are about 10,000 and 100,000. What is taken from real text, so that
term statistics (and so posting-list lengths, the thing search cost depends
on) look real:
- the vocabulary and its Zipfian rank/frequency curve, counted from the demo
  corpus texts and `../shared/corpus/` (HTML and the first pages of PDFs);
- page lengths (characters) sampled from the real pages, scaled so a document
  averages about 5 KB as in the Whoosh measurements; page counts from a
  long-tailed distribution clipped to 1..12.
Facet values are skewed as in a real repository: a few countries hold many
documents and a long tail holds few; years 1995-2026 weighted to recent ones;
every document type; several sources and languages.

Everything derives from `seed` and the document number, so document `i` is the
same in every run and every process (a worker can generate its own share).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import numpy as np

from bench import ROOT, SHARED_CORPUS
from kb.models import Document, Page, document_id

DEMO_TEXTS = ROOT / "demo" / "texts"
SHARED = SHARED_CORPUS
CACHE = Path(__file__).resolve().parent / "out" / "vocabulary.json"
MEAN_DOC_CHARS = 5_000
_WORD = re.compile(r"[^\W\d_]{2,24}", re.UNICODE)

LANGUAGES = (("en", 0.72), ("fr", 0.10), ("es", 0.09), ("pt", 0.04), ("ar", 0.03), ("ru", 0.02))
SOURCES = (("un-egov-knowledge-base", 0.35), ("national-portals", 0.2), ("world-bank", 0.15),
           ("itu", 0.1), ("oecd", 0.08), ("undp", 0.06), ("curated-uploads", 0.04),
           ("oai-repository", 0.02))
FORMATS = (("pdf", 0.62), ("html", 0.2), ("docx", 0.1), ("pptx", 0.08))


@dataclass(frozen=True)
class Vocabulary:
    words: tuple[str, ...]              # most frequent first
    probabilities: np.ndarray           # Zipfian, fitted to the observed ranks
    cdf: np.ndarray                     # cumulative, for fast sampling
    page_chars: np.ndarray              # observed characters per page
    sources: tuple[str, ...]            # where the text came from


def _real_texts() -> Iterator[tuple[str, list[str]]]:
    """(origin, pages) from the demo texts and the shared corpus, when present."""
    for py in sorted(DEMO_TEXTS.glob("*.py")):
        strings = re.findall(r'"([^"\n]{40,})"', py.read_text(encoding="utf-8"))
        if strings:
            yield f"demo/texts/{py.name}", strings
    if SHARED.is_dir():
        for html in sorted((SHARED / "html").glob("*.html")):
            text = re.sub(r"<[^>]+>", " ", html.read_text(encoding="utf-8", errors="replace"))
            yield f"shared/html/{html.name}", [text[i:i + 3000] for i in range(0, len(text), 3000)]
        try:
            from pypdf import PdfReader
        except ImportError:  # pragma: no cover - pypdf is a dependency
            return
        for pdf in sorted((SHARED / "pdf").glob("*.pdf"))[:40]:
            try:
                reader = PdfReader(str(pdf))
                pages = [p.extract_text() or "" for p in reader.pages[:40]]
            except Exception:  # a damaged real file just contributes nothing
                continue
            yield f"shared/pdf/{pdf.name}", [p for p in pages if p.strip()]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Counted once and cached in bench/out/ (reading PDFs takes seconds)."""
    if CACHE.exists():
        data = json.loads(CACHE.read_text())
    else:
        counts: dict[str, int] = {}
        page_chars: list[int] = []
        sources: list[str] = []
        for origin, pages in _real_texts():
            sources.append(origin)
            for page in pages:
                if len(page.strip()) >= 200:
                    page_chars.append(len(page))
                for w in _WORD.findall(page.lower()):
                    counts[w] = counts.get(w, 0) + 1
        words = sorted(counts, key=lambda w: (-counts[w], w))[:30_000]
        data = {"words": words, "counts": [counts[w] for w in words],
                "page_chars": page_chars or [1500], "sources": sources}
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_text(json.dumps(data))
    words = data["words"]
    if len(words) < 500:   # no real text at all: a synthetic Zipfian alphabet soup
        rng = np.random.default_rng(0)
        letters = np.array(list("etaoinshrdlucmfwypvbgkqjxz"))
        words = sorted({"".join(rng.choice(letters, rng.integers(3, 10))) for _ in range(20_000)})
    ranks = np.arange(1, len(words) + 1, dtype=np.float64)
    probs = 1.0 / ranks ** 1.05          # Zipf exponent ~1 as in natural text
    probs /= probs.sum()
    return Vocabulary(tuple(words), probs, np.cumsum(probs), np.array(data["page_chars"], dtype=np.int64),
                      tuple(data.get("sources", ())))


@lru_cache(maxsize=1)
def facet_tables() -> dict[str, object]:
    """Countries with their M49 placement and SIDS group, ranked by a Zipfian
    weight so a few hold many documents and most hold a handful."""
    from kb.taxonomy import countries as ct
    from kb.taxonomy.doctypes import DOC_TYPES
    from kb.taxonomy.topics import TOPICS

    table = [c for c in ct.all_countries() if c.subregion]
    rng = np.random.default_rng(12345)
    order = rng.permutation(len(table))
    # a realistic head: big producers of e-government literature first
    head = ["USA", "GBR", "IND", "KOR", "EST", "FJI", "JAM", "KEN", "BRA", "SGP"]
    ranked = [c for h in head for c in table if c.code == h] + \
             [table[i] for i in order if table[i].code not in head]
    weights = 1.0 / np.arange(1, len(ranked) + 1) ** 1.1
    return {
        "countries": ranked,
        "country_p": weights / weights.sum(),
        "doc_types": tuple(DOC_TYPES),
        "topics": tuple(TOPICS),
    }


def _pick(rng: np.random.Generator, table: tuple[tuple[str, float], ...]) -> str:
    values, weights = zip(*table)
    p = np.array(weights) / sum(weights)
    return values[int(rng.choice(len(values), p=p))]


def make_document(i: int, seed: int = 42) -> Document:
    """Document number `i` of the corpus with this seed."""
    rng = np.random.default_rng([seed, i])
    vocab = vocabulary()
    tables = facet_tables()
    n_pages = int(min(12, max(1, round(rng.lognormal(1.0, 0.8)))))
    observed = vocab.page_chars[rng.integers(0, len(vocab.page_chars), n_pages)]
    scale = MEAN_DOC_CHARS / max(1.0, float(np.mean(vocab.page_chars))) / 3.4
    pages = []
    for number, chars in enumerate(observed, start=1):
        n_words = max(8, int(chars * scale / 6.5))
        ids = np.minimum(np.searchsorted(vocab.cdf, rng.random(n_words)), len(vocab.words) - 1)
        words = [vocab.words[k] for k in ids]
        # sentences of 8-20 words so phrases and snippets read like text
        out, pos = [], 0
        while pos < len(words):
            step = int(rng.integers(8, 21))
            sentence = " ".join(words[pos:pos + step])
            out.append(sentence[:1].upper() + sentence[1:] + ".")
            pos += step
        pages.append(Page(number=number, text=" ".join(out)))
    countries_all = tables["countries"]
    n_countries = int(rng.choice([1, 1, 1, 1, 2, 2, 3]))
    picked = rng.choice(len(countries_all), size=n_countries, replace=False, p=tables["country_p"])
    countries = [countries_all[int(k)] for k in picked]
    topics = tables["topics"]
    n_topics = int(rng.integers(1, 4))
    title_words = [vocab.words[k] for k in rng.choice(min(3000, len(vocab.words)), size=int(rng.integers(3, 9)))]
    year = int(1995 + min(31, int(rng.beta(3.0, 1.4) * 32)))
    uri = f"bench://corpus/{seed}/{i}"
    return Document(
        id=document_id(uri), uri=uri,
        title=" ".join(title_words).capitalize() + f" ({countries[0].name})",
        format=_pick(rng, FORMATS), pages=tuple(pages),
        doc_type=tables["doc_types"][int(rng.integers(0, len(tables["doc_types"])))],
        year=year if rng.random() > 0.03 else None,
        countries=tuple(c.code for c in countries),
        regions=tuple(dict.fromkeys(c.subregion for c in countries if c.subregion)),
        sids=tuple(dict.fromkeys(c.sids_group for c in countries if c.sids_group)),
        topics=tuple(topics[int(k)] for k in rng.choice(len(topics), size=n_topics, replace=False)),
        language=_pick(rng, LANGUAGES), source=_pick(rng, SOURCES),
        content_hash=f"bench-{seed}-{i}", size=sum(len(p.text) for p in pages),
    )


def generate(n: int, seed: int = 42, start: int = 0) -> Iterator[Document]:
    """Documents `start` .. `start + n - 1`, lazily (100k documents are ~0.5 GB)."""
    for i in range(start, start + n):
        yield make_document(i, seed)


def describe() -> dict[str, object]:
    """What the generator was fitted on, for the benchmark's JSON."""
    v = vocabulary()
    return {"vocabulary_words": len(v.words), "real_pages_sampled": int(len(v.page_chars)),
            "text_sources": len(v.sources), "mean_doc_chars_target": MEAN_DOC_CHARS}
