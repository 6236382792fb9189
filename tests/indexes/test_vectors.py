"""Hybrid search on every backend: page vectors (the real model, from its
package) fused with keyword matches; filters, facet counts, totals, paging and
page-level hits apply to the fused set exactly as to keyword results. Solr's
run on the session's SolrCloud (tests/solrcloud.py)."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from indexes import fusion, vectors
from kb.models import FACETS, Query
from kb.serialize import public_document_dict, results_to_dict
from ingest.embed import embed_document
from tests.conftest import make_document

BACKENDS = ["whoosh", "tantivy", "solr"]


def _open(name: str, path):
    from indexes import open_index

    if name == "solr":      # a SolrCloud collection stands for the directory
        from tests import solrcloud

        return solrcloud.index_at(path)
    return open_index(name, path)


def _docs():
    return [
        make_document(
            id="oss", uri="/docs/oss.pdf", title="Business registration in Rwanda",
            pages=("Background and context of the private sector reform programme.",
                   "A one-stop shop lets entrepreneurs register a company, obtain a tax number "
                   "and a trade licence at a single window in one day.",
                   "Annex: statistics of registrations per district."),
            countries=("RWA",), regions=("Eastern Africa",), sids=(), doc_type="case-study",
            year=2019, topics=("e-services",)),
        make_document(
            id="eid", uri="/docs/eid.pdf", title="National digital identity programme",
            pages=("Every resident receives an electronic identity card with a chip used to sign "
                   "documents and log in to public services online.",),
            countries=("EST",), regions=("Northern Europe",), sids=(), doc_type="report",
            year=2020, topics=("identity",)),
        make_document(
            id="open", uri="/docs/open.pdf", title="Open data portal",
            pages=("The ministry publishes government datasets in machine-readable formats with "
                   "an open licence for reuse.",),
            countries=("JAM",), regions=("Caribbean",), sids=("Caribbean",), doc_type="report",
            year=2021, topics=("open-data",)),
        make_document(
            id="fish", uri="/docs/fish.pdf", title="Fisheries licensing",
            pages=("Coastal fishing quotas, boat inspections and seasonal catch limits for tuna "
                   "in the Pacific.",),
            countries=("FJI",), doc_type="report", year=2017, topics=("strategy",)),
        make_document(
            id="sids", uri="/docs/sids.pdf", title="E-government in small island developing states",
            pages=("Small island developing states face high costs of connectivity; this report "
                   "surveys electronic government services across the Pacific and the Caribbean.",),
            countries=("FJI", "JAM"), regions=("Melanesia", "Caribbean"), sids=("Pacific", "Caribbean"),
            doc_type="report", year=2022, topics=("e-services",)),
        make_document(
            id="proc", uri="/docs/proc.pdf", title="Electronic public procurement",
            pages=("Suppliers submit tenders online; the e-procurement system publishes contract "
                   "awards to reduce corruption.",),
            countries=("KEN",), regions=("Eastern Africa",), sids=(), doc_type="case-study",
            year=2018, topics=("e-procurement",)),
        make_document(
            id="health", uri="/docs/health.pdf", title="Malaria vaccination campaign",
            pages=("Nurses vaccinated children in rural clinics; the campaign reduced malaria cases.",),
            countries=("GHA",), regions=("Western Africa",), sids=(), doc_type="report",
            year=2016, topics=("strategy",)),
        make_document(
            id="portal", uri="/docs/portal.pdf", title="Government services portal",
            pages=("Citizens find every public service online in one government portal, with "
                   "electronic payments and tracking of applications.",),
            countries=("MUS",), regions=("Eastern Africa",), sids=("AIS",), doc_type="strategy",
            year=2020, topics=("e-services",)),
    ]


@pytest.fixture(scope="module")
def embedded():
    """The documents with their page vectors, made once (the model loads once)."""
    return [replace(d, vectors=embed_document(d)) for d in _docs()]


@pytest.fixture(params=BACKENDS)
def index(request, tmp_path, embedded):
    ix = _open(request.param, tmp_path / "index")
    ix.upsert(embedded)
    yield ix
    ix.close()


@pytest.fixture(params=BACKENDS)
def plain_index(request, tmp_path):
    ix = _open(request.param, tmp_path / "plain")
    ix.upsert(_docs())
    yield ix
    ix.close()


def ids(results) -> list[str]:
    return [h.id for h in results.hits]


@pytest.mark.parametrize("text", [
    "guichet unique pour les entreprises",       # French
    "ventanilla única para empresas",            # Spanish
    "balcão único para empresas",                # Portuguese
])
def test_a_query_in_another_language_finds_the_english_one_stop_shop(index, text):
    # the words typed alone do not find it; the thesaurus and the vectors each do
    keyword = index.search(Query(text=text, mode="keyword", expand=False))
    assert "oss" not in ids(keyword)
    assert keyword.mode == "keyword" and keyword.expanded == ()
    expanded = index.search(Query(text=text, mode="keyword"))
    assert ids(expanded)[:1] == ["oss"] and "one-stop shop" in expanded.expanded
    hybrid = index.search(Query(text=text, expand=False))
    assert hybrid.mode == "hybrid"
    assert ids(hybrid)[:1] == ["oss"]
    hit = hybrid.hits[0]
    assert hit.page == 2            # no page holds the words: the page nearest in meaning
    assert "one-stop shop" in hit.snippet.text


def test_other_languages_find_their_documents(index):
    assert ids(index.search(Query(text="vacunación contra la malaria")))[:1] == ["health"]
    assert ids(index.search(Query(text="dados abertos do governo")))[:1] == ["open"]
    assert ids(index.search(Query(text="carte d'identité électronique")))[:1] == ["eid"]


def test_nonsense_and_unrelated_queries_add_nothing(index):
    for text in ("qwerty zxcvb", "banana bread recipe"):
        r = index.search(Query(text=text))
        assert r.total == 0 and r.hits == (), text
        assert all(c.count == 0 for counts in r.facets.values() for c in counts)


def test_keyword_matches_stay_first_and_keep_their_page(index):
    r = index.search(Query(text="one-stop shop"))
    assert ids(r)[0] == "oss"
    assert r.hits[0].page == 2
    assert any(marked for _, marked in r.hits[0].snippet.parts)


def _all(index, **kw):
    r = index.search(Query(page_size=100, **kw))
    assert r.total == len(r.hits)
    return r


def _values(doc_by_id, hit_id, facet):
    return doc_by_id[hit_id].facet_values(facet)


QUERIES = ["administration électronique dans les petits États insulaires",
           "services publics en ligne", "electronic government services"]


@pytest.mark.parametrize("text", QUERIES)
def test_facet_counts_are_those_of_the_fused_hits(index, text):
    """Brute force: each count equals what filtering the fused hit list gives,
    and clicking a value gives exactly those hits."""
    docs = {d.id: d for d in _docs()}
    r = _all(index, text=text)
    assert r.mode == "hybrid"
    keyword = set(ids(index.search(Query(text=text, mode="keyword", page_size=100))))
    assert keyword <= set(ids(r))
    if text == QUERIES[0]:
        assert len(keyword) < r.total      # the vectors add documents
    for facet in FACETS:
        expected = Counter(v for h in r.hits for v in _values(docs, h.id, facet))
        got = {c.value: c.count for c in r.facets[facet]}
        assert got == dict(expected), facet
        for value, count in expected.items():
            narrowed = _all(index, text=text, filters={facet: (value,)})
            if (narrowed.notice or "") != (r.notice or ""):
                continue    # widened to any word, as a keyword search narrowed to nothing is
            assert narrowed.total == count, (facet, value)
            assert set(ids(narrowed)) == {h.id for h in r.hits
                                          if value in _values(docs, h.id, facet)}
            # the selected facet is counted without its own selection
            assert {c.value: c.count for c in narrowed.facets[facet]} == got


def test_two_filters_and_a_year_range_apply_to_the_fused_set(index):
    docs = {d.id: d for d in _docs()}
    text = QUERIES[0]
    fused = _all(index, text=text)
    r = _all(index, text=text, filters={"doc_type": ("report",), "region": ("Caribbean", "Melanesia")},
             year_from=2020, year_to=2022)
    expected = {h.id for h in fused.hits if docs[h.id].doc_type == "report"
                and set(docs[h.id].regions) & {"Caribbean", "Melanesia"} and 2020 <= docs[h.id].year <= 2022}
    assert set(ids(r)) == expected and expected


def test_paging_walks_the_fused_ranking(index):
    text = QUERIES[1]
    whole = _all(index, text=text)
    assert whole.total >= 3
    pages = []
    for page in range(1, whole.total + 1):
        r = index.search(Query(text=text, page=page, page_size=1))
        assert r.total == whole.total
        pages += ids(r)
    assert pages == ids(whole)
    assert index.search(Query(text=text, page=whole.total + 1, page_size=1)).hits == ()


def test_other_sorts_order_the_fused_set(index):
    text = QUERIES[0]
    fused = _all(index, text=text)
    newest = _all(index, text=text, sort="newest")
    assert set(ids(newest)) == set(ids(fused))
    years = [h.year for h in newest.hits]
    assert years == sorted(years, reverse=True)


def test_an_index_without_vectors_answers_keyword_only_and_says_so(plain_index):
    text = "guichet unique pour les entreprises"
    auto = plain_index.search(Query(text=text, expand=False))
    assert auto.mode == "keyword" and auto.total == 0 and auto.notice is None
    asked = plain_index.search(Query(text=text, mode="hybrid", expand=False))
    assert asked.mode == "keyword" and asked.notice == vectors.NOTICE_NO_VECTORS
    assert plain_index.vector_documents() == 0
    assert ids(plain_index.search(Query(text="one-stop shop"))) == ["oss"]


def test_vector_documents_count_and_updates_are_seen(index, embedded):
    assert index.vector_documents() == len(embedded)
    index.delete(["oss"])
    assert "oss" not in ids(index.search(Query(text="guichet unique pour les entreprises", expand=False)))
    assert index.vector_documents() == len(embedded) - 1
    index.upsert([embedded[0]])
    assert ids(index.search(Query(text="guichet unique pour les entreprises", expand=False)))[:1] == ["oss"]
    # a document upserted again without vectors loses them
    index.upsert([replace(embedded[0], vectors=None)])
    assert "oss" not in ids(index.search(Query(text="guichet unique pour les entreprises", expand=False)))
    assert index.vector_documents() == len(embedded) - 1


def test_vectors_are_never_shown(index):
    doc = index.get("oss")
    assert doc is not None and doc.vectors is None
    assert "vectors" not in public_document_dict(doc)
    data = results_to_dict(index.search(Query(text="guichet unique pour les entreprises")))
    assert data["mode"] == "hybrid"
    assert "vectors" not in str(data["hits"])


def test_a_whoosh_index_from_before_vectors_opens_keyword_only(tmp_path, embedded):
    from whoosh import index as windex

    from indexes.whoosh import WhooshIndex, build_schema

    schema = build_schema()
    schema.remove("vectors")
    path = tmp_path / "old"
    path.mkdir()
    windex.create_in(str(path), schema).close()
    ix = WhooshIndex(path)
    try:
        ix.upsert(embedded)
        r = ix.search(Query(text="guichet unique pour les entreprises", mode="hybrid"))
        assert r.mode == "keyword" and r.notice == vectors.NOTICE_NO_VECTORS
        assert ids(ix.search(Query(text="one-stop shop"))) == ["oss"]
    finally:
        ix.close()


# ---------------------------------------------------------------- the shared parts


def test_fusion_is_reciprocal_rank_fusion():
    fused = fusion.fuse([["a", "b", "c"], ["c", "d"]], k=60)
    scores = dict(fused)
    assert scores["a"] == pytest.approx(1 / 61)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert [k for k, _ in fused] == ["c", "a", "b", "d"]
    # ties keep the order of first appearance
    assert [k for k, _ in fusion.fuse([["x"], ["y"]])] == ["x", "y"]


def test_page_matrix_scores_and_candidates():
    import numpy as np

    rng = np.random.default_rng(1)
    rows = rng.normal(size=(5, vectors.DIM)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    matrix = vectors.PageMatrix([rows[:2], None, rows[2:5]])
    assert matrix.documents == 2 and matrix.n_docs == 3
    scores = matrix.score(rows[3])
    assert scores.best[1] == -np.inf
    assert scores.best[2] == pytest.approx(1.0, abs=1e-5)
    assert matrix.best_page(scores, 2) == 1 and matrix.best_page(scores, 1) is None
    assert list(matrix.candidates(scores, floor=0.9)) == [2]
    assert list(matrix.candidates(scores, allowed=np.array([True, True, False]), floor=0.9)) == []
    packed = vectors.pack(rows)
    assert len(packed) == 5 * vectors.DIM * 2
    assert np.allclose(vectors.unpack(packed), rows, atol=1e-3)
    assert vectors.unpack(b"abc").shape == (0, vectors.DIM)
