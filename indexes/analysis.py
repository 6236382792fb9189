"""The analysis chain both embedded backends share: what a text becomes in the
index, and what a query's words become before they are looked up.

A text is analysed in its language (the page's, else the document's): English,
French, Spanish and Portuguese have a chain each, and any other language is read
with the English one.

- **Words** are runs of letters and digits (tantivy's `simple` tokenizer; the
  Whoosh backend uses `TOKEN`, the same rule), lower-cased.
- **Compounds.** A hyphenated word ("e-government") is indexed in the text as
  its parts, and also, joined and unstemmed (`compound_key`: "egovernment"),
  in a field of its own, `COMPOUND_FIELD` (`compounds()` lists a text's).
  Unstemmed because stemming would make e-government and e-governance one
  word ("egovern"), and they are two concepts of the field. A camel-cased
  compound ("eGovernment") is one word of the text, as is one written joined.
- **Stop words** of the text's language are dropped, and so is any word of one
  letter or of `MAX_WORD_BYTES` bytes or more.
- **Stemming** with the language's Snowball stemmer (PyStemmer here; tantivy's
  own `Filter.stemmer` runs the same Snowball algorithms), then **accent folding**
  (`fold`): after the stem, because the French and Portuguese stemmers read the
  accents of their suffixes.

Queries are analysed for the languages they may be in: the stop words dropped
are those of the language(s) whose function words the query uses most
(`query_stop_languages`), a query word is looked up under the stem each of the
four chains makes of it, and compounds are rewritten (`rewrite_compounds`) so
that `e-government`, `eGovernment`, `e government` and `egovernment` all ask for
the joined word the compound field holds for every spelling.
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from typing import Callable, Iterable, Iterator

import Stemmer

from indexes.stopwords import BY_LANGUAGE as STOP_WORDS
from kb.taxonomy import thesaurus

LANGS: tuple[str, ...] = ("en", "fr", "es", "pt")
DEFAULT_LANG = "en"
SNOWBALL = {"en": "english", "fr": "french", "es": "spanish", "pt": "portuguese"}
MAX_WORD_BYTES = 40            # longer tokens are no words (tantivy's remove_long(40))
ALL_STOP_WORDS = frozenset().union(*STOP_WORDS.values())

TOKEN = re.compile(r"[^\W_]+")
_HYPHENS = "-\u2010\u2011"
_HYPHENATED = re.compile(rf"(?<![^\W_])[^\W_]+(?:[{_HYPHENS}][^\W_]+)+(?![^\W_])")
_CAMEL = re.compile(r"\b[^\W\d_]*[a-z\u00df-\u00ff][A-Z\u00c0-\u00de][^\W_]*")
_CAMEL_CUT = re.compile(r"(?<=[a-z\u00df-\u00ff])(?=[A-Z\u00c0-\u00de])")
_SPLIT_HYPHENS = re.compile(f"[{_HYPHENS}]")

# Letters NFKD leaves whole, folded as tantivy's ascii_fold folds them.
_FOLD_TABLE = str.maketrans({"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "œ": "oe",
                             "æ": "ae", "þ": "th", "ð": "d", "ß": "ss"})
_FOLDED: dict[str, str] = {}


def chain_language(code: str | None) -> str:
    """The chain a text in language `code` is analysed with."""
    code = (code or "")[:2].lower()
    return code if code in SNOWBALL else DEFAULT_LANG


def fold(text: str) -> str:
    """Accents off ("électronique" -> "electronique"), lower case kept as given."""
    if text.isascii():
        return text
    done = _FOLDED.get(text)
    if done is None:
        done = "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c)).translate(_FOLD_TABLE)
        if len(_FOLDED) < 200_000:
            _FOLDED[text] = done
    return done


# ----------------------------------------------------------------- words

_local = threading.local()          # PyStemmer's stemmers are not thread-safe


def _stemmer(lang: str) -> Stemmer.Stemmer:
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    s = stemmers.get(lang)
    if s is None:
        s = stemmers[lang] = Stemmer.Stemmer(SNOWBALL[lang])
    return s


def stem(word: str, lang: str) -> str:
    """The folded Snowball stem of one lower-case word."""
    return fold(_stemmer(lang).stemWord(word))


_CACHE_MAX = 500_000                 # words per language
_CACHES: dict[str, dict[str, tuple[str, str] | None]] = {lang: {} for lang in LANGS}


def analyse_word(word: str, lang: str = DEFAULT_LANG) -> tuple[str, str] | None:
    """(stem, folded word) of one token in chain `lang`, or None for a word the
    chain drops. Cached per language: a corpus repeats its words."""
    cache = _CACHES[lang]
    r = cache.get(word, False)
    if r is not False:
        return r                                  # type: ignore[return-value]
    low = word.lower()
    if len(low) < 2 or low in STOP_WORDS[lang] or len(low.encode("utf-8")) >= MAX_WORD_BYTES:
        r = None
    else:
        r = (stem(low, lang), fold(low))
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[word] = r
    return r


def word_cache(lang: str) -> dict[str, tuple[str, str] | None]:
    """The cache `analyse_word` fills for `lang`, for loops over many words:
    `cache.get(word, False)`, then `analyse_word` on a miss."""
    return _CACHES[lang]


COMPOUND_FIELD = "compound"


def compound_key(word: str) -> str:
    """The form a compound is indexed and looked up as: parts joined, lower
    case, accents folded, a plural "s" dropped ("e-Services" -> "eservice")."""
    key = fold("".join(_SPLIT_HYPHENS.split(word)).lower())
    if len(key) > 4 and key.endswith("s") and not key.endswith("ss"):
        key = key[:-1]
    return key


def compounds(text: str) -> list[str]:
    """The keys of the hyphenated compounds of `text`, once per occurrence.
    Numbers joined by a hyphen ("2010-2015") are none. A camel-cased
    compound ("eGovernment") or one written as one word is a single word of
    the text already (tantivy's tokenizer and `TOKEN` split on hyphens only).
    Hyphens are found with `str.find` rather than a regular expression: this
    runs over every text indexed, and a pattern scan cost as much as the rest
    of a tantivy build."""
    return [compound_key(w) for _, _, w in _hyphenated(text)]


def _hyphenated(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) of each hyphenated compound of letters and digits."""
    end = 0
    for hyphen in _HYPHENS:
        i = text.find(hyphen)
        while i != -1:
            if i >= end and i > 0 and text[i - 1].isalnum() and i + 1 < len(text) \
                    and text[i + 1].isalnum():
                j = i - 1
                while j > 0 and text[j - 1].isalnum():
                    j -= 1
                m = _HYPHENATED.match(text, j)
                if m is not None:
                    word = m.group(0)
                    end = m.end()
                    if not all(p.isdigit() for p in _SPLIT_HYPHENS.split(word)):
                        yield m.start(), end, word
            i = text.find(hyphen, max(i + 1, end))
        end = 0


def tokens(text: str, lang: str = DEFAULT_LANG) -> list[str]:
    """The terms a text is indexed as in title or body, in order: what a
    contract test compares with each backend's own analysis."""
    out = []
    for word in TOKEN.findall(text):
        r = analyse_word(word, lang)
        if r is not None:
            out.append(r[0])
    return out


def term_tokens(terms: Iterable[str]) -> re.Pattern[str]:
    """A pattern finding the tokens of a text (`TOKEN`'s matches, same spans)
    that may analyse to one of `terms`, for scans that look for few terms in
    long texts: a term starts as its word does (lower-cased; stemming and
    folding change the ends of words, and an ASCII letter folds to itself),
    so a token whose first character is ASCII is kept only when a term
    starts with that character; tokens starting otherwise are all kept.
    tests/indexes/test_analysis.py checks this over the corpus' words."""
    return _term_tokens(frozenset(t[:1] for t in terms))


@functools.lru_cache(maxsize=1024)
def _term_tokens(firsts_of_terms: frozenset[str]) -> re.Pattern[str]:
    if not firsts_of_terms or "" in firsts_of_terms:
        return TOKEN
    firsts = sorted({c for f in firsts_of_terms for c in (f, f.upper()) if c.isascii()})
    if not firsts:
        return _NON_ASCII_TOKEN
    return re.compile(rf"(?<![^\W_])(?:[{re.escape(''.join(firsts))}]|[^\W_\x00-\x7f])[^\W_]*")


_NON_ASCII_TOKEN = re.compile(r"(?<![^\W_])[^\W_\x00-\x7f][^\W_]*")


def iter_spans(text: str, lang: str, tokens: re.Pattern[str] = TOKEN) -> Iterator[tuple[int, int, str]]:
    """(start, end, term) of the words of `text`, and of its compounds with
    their keys (spanning the whole compound): what highlighting marks.
    `tokens` may narrow the words looked at (`term_tokens`)."""
    cache = _CACHES[lang]
    for m in tokens.finditer(text):
        word = m.group(0)
        r = cache.get(word, False)
        if r is False:
            r = analyse_word(word, lang)
        if r is not None:
            yield m.start(), m.end(), r[0]
    for start, end, word in _hyphenated(text):
        yield start, end, compound_key(word)


# ----------------------------------------------------------------- queries

def query_stems(word: str) -> list[str]:
    """The distinct stems the four chains make of one query word (none for a
    one-letter or over-long word), the English one first."""
    low = word.lower()
    if len(low) < 2 or len(low.encode("utf-8")) >= MAX_WORD_BYTES:
        return []
    return list(dict.fromkeys(stem(low, lang) for lang in LANGS))


def query_stop_languages(words: Iterable[str]) -> frozenset[str]:
    """The languages whose stop words a query drops: those of which it uses the
    most function words ("dans les petits États" is French; "e-government in
    Haiti" English); none when it uses none."""
    counts = {lang: 0 for lang in LANGS}
    for w in words:
        low = w.lower()
        if len(low) < 2:
            continue
        for lang in LANGS:
            counts[lang] += low in STOP_WORDS[lang]
    top = max(counts.values())
    return frozenset(lang for lang, n in counts.items() if n == top and top > 0)


def is_query_stop(word: str, langs: frozenset[str]) -> bool:
    low = word.lower()
    return len(low) < 2 or any(low in STOP_WORDS[lang] for lang in langs)


_QUERY_WORD = re.compile(r'"[^"]*"|[^\s"]+')
_BARE = re.compile(r"^[^\W_]+(?:[-\u2010\u2011][^\W_]+)*$")


def rewrite_plain(text: str, known: Callable[[str], bool] | None = None) -> str:
    """A plain query (words only) as the backends' parsers are to read it:
    stop words of its language(s) dropped, each compound asked for as the
    joined word the index holds for every spelling (and as its parts, next to
    each other, when each part is a word on its own: "one-stop" also finds "one
    stop"), and a one-letter word joined to the next ("e government") when
    `_joins` says so. Quoted phrases are kept."""
    pieces = _QUERY_WORD.findall(text)
    plain = [p for p in pieces if not p.startswith('"')]
    langs = query_stop_languages(plain)
    out: list[str] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if p.startswith('"') or not _BARE.match(p):
            out.append(p)
            i += 1
            continue
        nxt = pieces[i + 1] if i + 1 < len(pieces) else ""
        if (len(p) == 1 and p.isalpha() and nxt and not nxt.startswith('"') and _BARE.match(nxt)
                and _joins(p, nxt, known)):
            out.append(compound_query(p + "-" + nxt))
            i += 2
            continue
        if is_query_stop(p, langs) and "-" not in p:
            i += 1
            continue
        out.append(compound_query(p))
        i += 1
    return " ".join(out)


# In Spanish and Portuguese "e", "y", "o", "a" and "u" are words ("and", "or", "to"):
# only the thesaurus may read them as a prefix (it knows "educação e saúde" is not e-saúde).
_LETTER_WORDS = frozenset("eyoau")


def _joins(letter: str, word: str, known: Callable[[str], bool] | None) -> bool:
    """Whether "e government" is to be read as "e-government": the thesaurus
    reads the two words as one of its compounds, or the index holds the
    compound and the letter is no word in any of the four languages."""
    pair = f"{letter} {word}"
    if any(m.start == 0 and m.end == len(pair) for m in thesaurus.find_concepts(pair)):
        return True
    return (letter.lower() not in _LETTER_WORDS and known is not None
            and known(compound_key(letter + word)))


def compound_query(word: str) -> str:
    """One word as a query: itself, or for a compound (hyphenated or camel
    case) the key the compound field holds for its hyphenated spellings OR'ed
    with the word written as one (a camel-cased or joined spelling in the text
    is one word there), and with its parts as a phrase when every part is a
    word the index keeps ("one-stop" also finds "one stop"). A plain word that
    is a compound of the field's thesaurus ("egovernment") asks for its
    hyphenated spellings too."""
    parts = _SPLIT_HYPHENS.split(word)
    if len(parts) == 1:
        camel = _CAMEL_CUT.sub(" ", word).split()
        if len(camel) == 1 or word.isupper():
            key = compound_key(word)
            if key in _thesaurus_compounds():
                return f"({COMPOUND_FIELD}:{key} OR {word})"
            return word
        parts = camel
    if all(p.isdigit() for p in parts):
        return " ".join(parts)
    key = compound_key(word)
    alternatives = [f"{COMPOUND_FIELD}:{key}", "".join(parts)]
    if all(len(p) > 1 and p.lower() not in ALL_STOP_WORDS for p in parts):
        alternatives.append('"' + " ".join(parts) + '"')
    return "(" + " OR ".join(alternatives) + ")"


_THESAURUS_COMPOUNDS: frozenset[str] | None = None


def _thesaurus_compounds() -> frozenset[str]:
    """Keys of the thesaurus's hyphenated terms ("e-government", "m-health")."""
    global _THESAURUS_COMPOUNDS
    if _THESAURUS_COMPOUNDS is None:
        keys = set()
        for concept in thesaurus.concepts():
            for term, _ in concept.all_terms():
                for word in term.split():
                    if _HYPHENATED.fullmatch(word) or _CAMEL.fullmatch(word):
                        keys.add(compound_key(word))
        _THESAURUS_COMPOUNDS = frozenset(keys)
    return _THESAURUS_COMPOUNDS


def expansion_query(term: str) -> str:
    """A thesaurus term as a query: one word (or compound) as `compound_query`
    makes it, several as a phrase of their parts."""
    words = term.split()
    if len(words) == 1:
        return compound_query(words[0])
    return '"' + " ".join(_SPLIT_HYPHENS.sub(" ", w) for w in words) + '"'


_COMPOUND_TERM = re.compile(rf"{COMPOUND_FIELD}:([^\s()\"]+)")
_FIELD_NAME = re.compile(r"\b\w+:")
_OPERATOR_WORDS = frozenset({"AND", "OR", "NOT"})


def query_terms(text: str) -> frozenset[str]:
    """The terms a (rewritten) query text asks for, in every chain: what best
    pages are chosen by and snippets mark."""
    terms = set(_COMPOUND_TERM.findall(text))
    rest = _FIELD_NAME.sub(" ", _COMPOUND_TERM.sub(" ", text))
    for word in TOKEN.findall(rest):
        if word not in _OPERATOR_WORDS:
            terms.update(query_stems(word))
    return frozenset(terms)
