"""What is particular to the tantivy backend: the directory it refuses, the
sort keys, snippets on non-ASCII text, wildcards, and counts against brute
force on a generated corpus (the contract suite covers the rest)."""
from __future__ import annotations

from collections import Counter

import pytest

from indexes.tantivy import TantivyIndex, _title_code, sort_keys
from kb.errors import IndexUnavailable
from kb.models import MULTI_VALUED, Query
from tests.conftest import make_document


@pytest.fixture
def index(tmp_path):
    ix = TantivyIndex(tmp_path / "tantivy")
    yield ix
    ix.close()


def test_refuses_a_whoosh_directory_with_a_way_out(tmp_path, whoosh_index):
    whoosh_index.upsert([make_document(id="x")])
    with pytest.raises(IndexUnavailable, match="reindex --backend tantivy"):
        TantivyIndex(whoosh_index.path)


def test_refuses_a_directory_of_other_files(tmp_path):
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("hello")
    with pytest.raises(IndexUnavailable):
        TantivyIndex(tmp_path / "junk")


def test_reopens_what_it_wrote(tmp_path):
    ix = TantivyIndex(tmp_path / "t")
    ix.upsert([make_document(id="a", title="Reopened")])
    ix.close()
    again = TantivyIndex(tmp_path / "t")
    assert again.get("a").title == "Reopened"
    assert again.hashes() == {"a": again.get("a").content_hash}


def test_title_codes_keep_alphabetical_order():
    titles = ["", "  ", "1999 report", "A", "a b", "ab", "Zebra", "Élan", "ela", "zz top"]
    codes = [_title_code(t, 12) for t in titles]
    ordered = sorted(titles, key=lambda t: _title_code(t, 12))
    assert ordered.index("ela") < ordered.index("Élan") or codes[7] == codes[8]
    assert sorted(codes) == [_title_code(t, 12) for t in ordered]
    assert _title_code("abc", 12) < _title_code("abd", 12) < _title_code("b", 12)


def test_sort_keys_put_undated_last():
    dated = make_document(id="d", title="B", year=2001)
    undated = make_document(id="u", title="A", year=None)
    assert sort_keys(dated)["k_newest"] > sort_keys(undated)["k_newest"]    # descending
    assert sort_keys(dated)["k_oldest"] < sort_keys(undated)["k_oldest"]    # ascending


def test_snippet_marks_the_right_words_in_accented_text(index):
    index.upsert([make_document(id="fr", title="Stratégie", pages=(
        "Présentation générale.",
        "Le Sénégal développe l'administration numérique — services en ligne, "
        "guichet unique numérique et identité numérique."))])
    hit = index.search(Query(text="numérique")).hits[0]
    assert hit.page == 2
    marked = [t for t, m in hit.snippet.parts if m]
    assert marked and all(t.lower() == "numérique" for t in marked)


def test_wildcard_expands_and_is_capped(tmp_path):
    ix = TantivyIndex(tmp_path / "w", max_expansions=2)
    ix.upsert([make_document(id=f"d{i}", title=w, pages=(f"{w} text",))
               for i, w in enumerate(["goat", "goal", "gospel", "gothic"])])
    results = ix.search(Query(text="go*"))
    assert results.total >= 2 and "wildcard" in results.notice
    ix.close()


def test_counts_match_brute_force_on_a_generated_corpus(index):
    from bench.corpus import generate

    docs = list(generate(150, seed=3))
    index.upsert(docs)
    assert index.count() == 150
    top_country = Counter(c for d in docs for c in d.countries).most_common(1)[0][0]
    q = Query(filters={"country": (top_country,), "doc_type": ("report", "strategy")})
    results = index.search(q)
    chosen = [d for d in docs if top_country in d.countries and d.doc_type in ("report", "strategy")]
    assert results.total == len(chosen)
    # disjunctive: the country facet ignores the country selection, not the type one
    by_type = [d for d in docs if d.doc_type in ("report", "strategy")]
    expected = Counter(c for d in by_type for c in d.countries)
    got = {c.value: c.count for c in index.search(
        Query(filters=q.filters, facet_limit=1000)).facets["country"]}
    assert got == dict(expected)
    for facet in ("topic", "language", "year"):
        want = Counter(v for d in chosen for v in d.facet_values(facet))
        got = {c.value: c.count for c in results.facets[facet]}
        assert got == {k: v for k, v in want.items() if facet in MULTI_VALUED or v}, facet


def test_fold_removes_accents_like_a_full_decomposition():
    import random
    import unicodedata

    from indexes.tantivy import _fold

    def reference(text):
        return "".join(c for c in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(c)).casefold()

    rng = random.Random(7)
    pieces = ["a", "B", " ", "é", "É", "e\u0301", "ß", "Ω", "ﬁ", "İ", "x\u0327", "ǅ", "Ⅻ", "ﾊﾟ", "中"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert _fold(text) == reference(text), text


def test_an_index_of_the_version_before_added_opens_and_sorts_it_newest_first(tmp_path):
    """A version-6 index (no "added" sort key) is not refused: "added" lists
    it newest first until `kb reindex` rebuilds it."""
    import json
    from datetime import datetime, timedelta, timezone

    from indexes.tantivy import MARKER, NO_ADDED_VERSION

    TantivyIndex(tmp_path / "ix").close()
    (tmp_path / "ix" / MARKER).write_text(json.dumps({"backend": "tantivy", "schema": NO_ADDED_VERSION}))
    index = TantivyIndex(tmp_path / "ix")
    try:
        base = datetime(2025, 1, 1, tzinfo=timezone.utc)
        index.upsert([make_document(uri=f"/docs/{y}.pdf", title=f"Report {y}", year=y,
                                    fetched_at=base + timedelta(days=2030 - y)) for y in (2019, 2023, 2021)])
        assert [h.title for h in index.search(Query(sort="added")).hits] == \
            [h.title for h in index.search(Query(sort="newest")).hits] == ["Report 2023", "Report 2021", "Report 2019"]
    finally:
        index.close()
