"""The contract every `kb.protocols.Index` backend must meet, written against the
protocol only. A new backend adds one entry to `BACKENDS` and one branch in
`_open`; nothing else here should need to change."""
from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from kb.models import FACETS, Query
from tests.conftest import make_document

BACKENDS = ["whoosh", "tantivy", "solr"]


def _open(name: str, path: Path):
    from indexes import open_index

    if name == "solr":      # a SolrCloud collection stands for the directory (tests/solrcloud.py)
        from tests import solrcloud

        return solrcloud.index_at(path)

    return open_index(name, path)


@pytest.fixture(params=BACKENDS)
def backend_name(request) -> str:
    return request.param


@pytest.fixture
def backend(backend_name, tmp_path):
    index = _open(backend_name, tmp_path / "index")
    yield index
    index.close()


def ids_of(results) -> list[str]:
    return [h.id for h in results.hits]


@pytest.fixture
def library(backend):
    """A small repository that reads like the real one: several regions, SIDS
    groups, types, years and languages."""
    docs = [
        make_document(
            id="fiji-portal", title="One stop shop portal for citizen services",
            pages=("Introduction to the reform programme.",
                   "Fiji launched a one stop shop portal where citizens apply for permits.",
                   "Annex: tables."),
            countries=("FJI",), regions=("Melanesia",), sids=("Pacific",),
            doc_type="case-study", year=2021, topics=("e-services",), content_hash="h1"),
        make_document(
            id="jam-strategy", title="National ICT strategy of Jamaica",
            pages=("Jamaica sets out its digital government strategy for public services.",),
            countries=("JAM",), regions=("Caribbean",), sids=("Caribbean",),
            doc_type="strategy", year=2018, topics=("strategy",), content_hash="h2"),
        make_document(
            id="sen-gouv", title="Le gouvernement numérique au Sénégal",
            pages=("La stratégie du gouvernement numérique vise des services publics en ligne.",),
            countries=("SEN",), regions=("Western Africa",), sids=(), language="fr",
            doc_type="strategy", year=2020, topics=("strategy",), content_hash="h3"),
        make_document(
            id="pacific-law", title="Electronic transactions legislation",
            pages=("Model law on electronic transactions for the Pacific and Caribbean.",),
            countries=("FJI", "JAM"), regions=("Melanesia", "Caribbean"),
            sids=("Pacific", "Caribbean"), doc_type="legislation", year=2015,
            topics=("legal",), content_hash="h4"),
        make_document(
            id="mus-survey", title="Survey of e-government readiness",
            pages=("Mauritius and other island states were surveyed about online service delivery.",),
            countries=("MUS",), regions=("Eastern Africa",), sids=("AIS",),
            doc_type="report", year=2023, topics=("e-services",), content_hash="h5"),
    ]
    backend.upsert(docs)
    return {d.id: d for d in docs}


# ---------------------------------------------------------------- storage


def test_upsert_then_get_round_trips_the_document(backend, library):
    for doc in library.values():
        assert backend.get(doc.id) == doc
    assert backend.get("no-such-id") is None


def test_upsert_with_same_id_replaces(backend, library):
    before = backend.count()
    backend.upsert([make_document(id="jam-strategy", title="Broadband masterplan",
                                  pages=("Fibre for every parish.",))])
    assert backend.count() == before
    assert ids_of(backend.search(Query(text="broadband"))) == ["jam-strategy"]
    assert backend.search(Query(text="Jamaica ICT")).total == 0
    assert backend.get("jam-strategy").title == "Broadband masterplan"


def test_delete_removes_from_search_count_and_ids(backend, library):
    backend.delete(["fiji-portal", "not-there"])
    assert backend.count() == len(library) - 1
    assert "fiji-portal" not in backend.ids()
    assert backend.get("fiji-portal") is None
    assert "fiji-portal" not in ids_of(backend.search(Query(text="portal")))
    counts = {c.value: c.count for c in backend.search(Query()).facets["country"]}
    assert counts["FJI"] == 1   # only the legislation still mentions Fiji


def test_ids_count_hashes(backend, library):
    assert backend.ids() == set(library)
    assert backend.count() == len(library)
    assert backend.hashes() == {i: d.content_hash for i, d in library.items()}


# ---------------------------------------------------------------- matching


def test_finds_by_title_and_by_body(backend, library):
    assert "jam-strategy" in ids_of(backend.search(Query(text="Jamaica ICT")))
    assert ids_of(backend.search(Query(text="permits"))) == ["fiji-portal"]


def test_title_match_ranks_first(backend, library):
    results = backend.search(Query(text="one stop shop portal"))
    assert ids_of(results)[0] == "fiji-portal"


def test_stemming(backend, library):
    # "services" and "service" are one word to a searcher
    assert "mus-survey" in ids_of(backend.search(Query(text="services")))
    assert "fiji-portal" in ids_of(backend.search(Query(text="service")))


def test_accent_folding(backend, library):
    # only the words typed: the thesaurus would add "digital government"
    with_accents = ids_of(backend.search(Query(text="gouvernement numérique", expand=False)))
    without = ids_of(backend.search(Query(text="gouvernement numerique", expand=False)))
    assert with_accents == without == ["sen-gouv"]


def test_phrase_query(backend, library):
    assert ids_of(backend.search(Query(text='"electronic transactions"'))) == ["pacific-law"]
    assert backend.search(Query(text='"transactions electronic"')).total == 0


def test_best_page_and_snippet_marks(backend, library):
    hit = backend.search(Query(text="permits")).hits[0]
    assert hit.page == 2
    assert hit.page_count == 3
    marked = [t.lower() for t, is_match in hit.snippet.parts if is_match]
    assert marked == ["permits"]
    assert "<mark>permits</mark>" in hit.snippet.html()


def test_empty_query_lists_everything_newest_first(backend, library):
    results = backend.search(Query())
    assert results.total == len(library)
    years = [h.year for h in results.hits]
    assert years == sorted(years, reverse=True)
    first = results.hits[0]
    assert first.page == 1
    assert not any(m for _, m in first.snippet.parts)
    assert first.snippet.text.startswith("Mauritius")


# ---------------------------------------------------------------- facets


def facet(results, name) -> dict[str, tuple[int, bool]]:
    return {c.value: (c.count, c.selected) for c in results.facets[name]}


def test_facet_counts_without_selection(backend, library):
    results = backend.search(Query())
    assert facet(results, "country") == {
        "FJI": (2, False), "JAM": (2, False), "SEN": (1, False), "MUS": (1, False)}
    assert facet(results, "doc_type")["strategy"] == (2, False)
    assert [c.value for c in results.facets["doc_type"]][0] == "strategy"  # most frequent first
    assert [c.value for c in results.facets["year"]] == ["2023", "2021", "2020", "2018", "2015"]


def test_several_words_no_document_holds_together_widen_to_any_of_them(backend, library):
    from indexes.common import NOTICE_WIDER

    # every word in one document: that document only, its facets, no notice
    both = backend.search(Query(text="portal permits"))
    assert ids_of(both) == ["fiji-portal"] and both.total == 1
    assert NOTICE_WIDER not in (both.notice or "")
    assert facet(both, "country") == {"FJI": (1, False)}
    # no document holds both words: those holding either, counted as such, and said so
    either = backend.search(Query(text="jamaica permits"))
    assert sorted(ids_of(either)) == ["fiji-portal", "jam-strategy"] and either.total == 2
    assert NOTICE_WIDER in (either.notice or "")
    assert facet(either, "country") == {"FJI": (1, False), "JAM": (1, False)}
    # a filter narrows the widened answer, and its own facet still shows the others
    narrowed = backend.search(Query(text="jamaica permits", filters={"country": ("JAM",)}))
    assert ids_of(narrowed) == ["jam-strategy"] and narrowed.total == 1
    assert facet(narrowed, "country") == {"FJI": (1, False), "JAM": (1, True)}


def test_facet_counts_are_disjunctive(backend, library):
    results = backend.search(Query(filters={"country": ("FJI",)}))
    assert results.total == 2
    country = facet(results, "country")
    # the country facet still shows what choosing another country would give
    assert country["FJI"] == (2, True)
    assert country["JAM"] == (2, False)
    assert country["SEN"] == (1, False)
    # other facets shrink to the selection
    assert facet(results, "doc_type") == {"case-study": (1, False), "legislation": (1, False)}


def test_selected_value_with_no_documents_is_still_listed(backend, library):
    results = backend.search(Query(filters={"country": ("FJI",), "doc_type": ("strategy",)}))
    assert results.total == 0
    assert facet(results, "doc_type")["strategy"] == (0, True)
    assert facet(results, "country")["FJI"] == (0, True)
    assert facet(results, "country")["SEN"] == (1, False)


def test_or_within_a_facet_and_across_facets(backend, library):
    either = backend.search(Query(filters={"country": ("SEN", "MUS")}))
    assert set(ids_of(either)) == {"sen-gouv", "mus-survey"}
    both = backend.search(Query(filters={"country": ("SEN", "MUS"), "doc_type": ("report",)}))
    assert ids_of(both) == ["mus-survey"]
    multi = backend.search(Query(filters={"sids": ("Caribbean",)}))
    assert set(ids_of(multi)) == {"jam-strategy", "pacific-law"}


def test_facet_limit(backend, library):
    results = backend.search(Query(facet_limit=2))
    assert len(results.facets["country"]) == 2


def test_year_range(backend, library):
    results = backend.search(Query(year_from=2018, year_to=2021))
    assert set(ids_of(results)) == {"fiji-portal", "jam-strategy", "sen-gouv"}
    assert set(facet(results, "year")) == {"2021", "2020", "2018"}


# ---------------------------------------------------------------- sorting and paging


def test_sorts(backend, library):
    def order(sort, text=""):
        return ids_of(backend.search(Query(text=text, sort=sort)))

    assert order("newest") == ["mus-survey", "fiji-portal", "sen-gouv", "jam-strategy", "pacific-law"]
    assert order("oldest") == list(reversed(order("newest")))
    assert order("title") == ["pacific-law", "sen-gouv", "jam-strategy", "fiji-portal", "mus-survey"]
    relevance = backend.search(Query(text="strategy", sort="relevance"))
    scores = [h.score for h in relevance.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    assert order("newest", "public services") == ["sen-gouv", "jam-strategy"]


def test_the_added_sort_lists_what_was_indexed_last_first(backend):
    """Whatever its year: the order a feed shows; no indexing date sorts last."""
    base = datetime(2025, 3, 1, 9, tzinfo=timezone.utc)
    when = {"strategy-2024": 1, "act-1999": 5, "plan-2010": 3, "survey-2030": None, "roadmap-2020": 2}
    backend.upsert([make_document(id=key, uri=f"/docs/{key}.pdf", title=f"Digital {key}",
                                  year=int(key.rsplit("-", 1)[1]),
                                  fetched_at=None if days is None else base + timedelta(days=days))
                    for key, days in when.items()])
    order = ["act-1999", "plan-2010", "roadmap-2020", "strategy-2024", "survey-2030"]
    assert ids_of(backend.search(Query(sort="added"))) == order
    assert ids_of(backend.search(Query(text="digital", sort="added"))) == order
    assert ids_of(backend.search(Query(sort="added", page=2, page_size=2))) == order[2:4]
    # indexed again later (a changed file): first
    backend.upsert([make_document(id="plan-2010", uri="/docs/plan-2010.pdf", title="Digital plan-2010", year=2010,
                                  fetched_at=base + timedelta(days=9))])
    assert ids_of(backend.search(Query(sort="added")))[:2] == ["plan-2010", "act-1999"]


def test_paging_and_page_beyond_the_end(backend, library):
    seen = []
    for page in (1, 2, 3):
        results = backend.search(Query(page=page, page_size=2))
        assert results.total == 5
        seen += ids_of(results)
    assert len(seen) == 5 and set(seen) == set(library)
    far = backend.search(Query(page=10_000, page_size=10))
    assert far.hits == () and far.total == 5


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("text", ['"unbalanced', "(a OR", "AND", "AND OR", "*", "title:",
                                  "x" * 10_000, "portal " * 5000, "country:", "a)b(", "^~"])
def test_malformed_queries_give_results_and_a_notice(backend, library, text):
    results = backend.search(Query(text=text))
    assert results.notice
    assert results.total >= 0


def test_malformed_query_still_searches_its_words(backend, library):
    results = backend.search(Query(text='"one stop portal'))
    assert "fiji-portal" in ids_of(results)
    assert "quote" in results.notice


def test_did_you_mean(backend, library):
    results = backend.search(Query(text="goverment"))
    assert results.suggestion == "government"
    assert backend.search(Query(text=results.suggestion)).total > 0
    assert backend.search(Query(text="government")).suggestion is None


def test_no_suggestion_without_hits(backend, library):
    assert backend.search(Query(text="qqqqzzzz")).suggestion is None


# ---------------------------------------------------------------- related, within, suggest


def test_more_like_returns_related_not_itself(backend, library):
    backend.upsert([make_document(
        id="fiji-portal-2", title="Evaluation of the Fiji one stop shop portal",
        pages=("Citizens apply for permits through the one stop shop portal in Fiji.",))])
    related = backend.more_like("fiji-portal", limit=3)
    ids = [h.id for h in related]
    assert "fiji-portal" not in ids
    assert ids[0] == "fiji-portal-2"
    assert backend.more_like("missing") == []


def test_search_within_returns_page_numbers(backend, library):
    pages = backend.search_within("fiji-portal", "citizens permits")
    assert [n for n, _ in pages] == [2]
    assert any(m for _, m in pages[0][1].parts)
    assert backend.search_within("fiji-portal", "zebra") == []


def test_suggest_completes_words(backend, library):
    words = backend.suggest("gov")
    assert words and all(w.startswith("gov") for w in words)
    assert "government" in words


# ---------------------------------------------------------------- two processes


def test_second_index_object_sees_commits_after_refresh(backend_name, tmp_path):
    writer = _open(backend_name, tmp_path / "shared")
    reader = _open(backend_name, tmp_path / "shared")
    try:
        assert reader.count() == 0
        writer.upsert([make_document(id="new", title="Freshly ingested")])
        reader.refresh()
        assert reader.count() == 1
        assert ids_of(reader.search(Query(text="freshly"))) == ["new"]
        writer.delete(["new"])
        reader.refresh()
        assert reader.search(Query(text="freshly")).total == 0
    finally:
        reader.close()
        writer.close()


def test_question_mark_is_not_a_wildcard(backend, library):
    results = backend.search(Query(text="what is a one stop shop portal?"))
    assert ids_of(results)[:1] == ["fiji-portal"]


def test_all_words_first_then_some_words_with_notice(backend, library):
    results = backend.search(Query(text="Jamaica permits"))
    assert results.total >= 2            # no document has both words
    assert {"jam-strategy", "fiji-portal"} <= set(ids_of(results))
    assert "some of them" in results.notice


# ---------------------------------------------------------------- facet counts vs brute force

WORDS = ("portal", "budget", "census", "tariff", "harbour")
POOLS = {
    "country": ("FJI", "JAM", "SEN", "MUS", "TTO", "WSM"),
    "region": ("Melanesia", "Caribbean", "Western Africa", "Polynesia"),
    "sids": ("Pacific", "Caribbean", "AIS"),
    "topic": ("e-services", "legal", "strategy", "data"),
    "doc_type": ("report", "strategy", "case-study", "legislation"),
    "language": ("en", "fr", "es"),
    "source": ("folder", "oai", "crawl"),
    "format": ("pdf", "docx", "html", "pptx"),
}


def _random_document(rng: random.Random, i: int):
    def some(pool, k=3):
        return tuple(rng.sample(pool, rng.randint(0, k)))

    pages = tuple(
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 4))) or "nothing"
        for _ in range(rng.randint(1, 3))
    )
    return make_document(
        id=f"doc{i:03d}", title=f"Document {i}", pages=pages,
        # up to five countries and four topics: more than the tantivy backend's slots
        countries=some(POOLS["country"], 5), regions=some(POOLS["region"], 3),
        sids=some(POOLS["sids"], 2), topics=some(POOLS["topic"], 4),
        doc_type=rng.choice(POOLS["doc_type"] + (None,)),
        language=rng.choice(POOLS["language"] + (None,)),
        source=rng.choice(POOLS["source"]), format=rng.choice(POOLS["format"]),
        year=rng.choice((None, 2010, 2014, 2018, 2019, 2021, 2024)),
    )


def _brute_force(docs, query: Query) -> tuple[set[str], dict[str, Counter]]:
    def text_ok(d):
        return not query.text or any(query.text in p.text.split() for p in d.pages)

    def year_ok(d):
        if query.year_from is None and query.year_to is None:
            return True
        if d.year is None:
            return False
        return (query.year_from is None or d.year >= query.year_from) and \
            (query.year_to is None or d.year <= query.year_to)

    def facet_ok(d, name):
        wanted = query.filters.get(name)
        return not wanted or bool(set(d.facet_values(name)) & set(wanted))

    base = [d for d in docs if text_ok(d) and year_ok(d)]
    matched = {d.id for d in base if all(facet_ok(d, f) for f in query.filters)}
    counts = {}
    for name in FACETS:
        counts[name] = Counter(
            v for d in base
            if all(facet_ok(d, other) for other in query.filters if other != name)
            for v in d.facet_values(name))
    return matched, counts


def _random_query(rng: random.Random) -> Query:
    filters = {}
    for name in rng.sample(sorted(POOLS) + ["year"], rng.randint(0, 3)):
        pool = POOLS.get(name, ("2010", "2018", "2021", "1999"))
        filters[name] = tuple(rng.sample(pool, rng.randint(1, 2)))
    year_from = rng.choice((None, None, 2014, 2019))
    year_to = rng.choice((None, None, 2021))
    return Query(text=rng.choice(("",) + WORDS), filters=filters, year_from=year_from,
                 year_to=year_to, page_size=50, facet_limit=1000)


def check_counts_against_brute_force(index) -> None:
    """Commits, replacements and deletions, then 60 random queries whose
    totals, hits and facet counts must equal a count over the documents."""
    rng = random.Random(20240611)
    docs = {d.id: d for d in (_random_document(rng, i) for i in range(200))}
    items = list(docs.values())
    # several commits, a replacement and deletions: several segments and
    # deleted document numbers the counts must skip
    index.upsert(items[:80])
    index.upsert(items[80:])
    for i in range(0, 40, 3):
        replaced = _random_document(rng, 1000 + i)
        replaced = make_document(**{**replaced.__dict__, "id": items[i].id})
        docs[replaced.id] = replaced
    index.upsert([docs[items[i].id] for i in range(0, 40, 3)])
    gone = [items[i].id for i in range(41, 60, 4)]
    index.delete(gone)
    for doc_id in gone:
        del docs[doc_id]
    assert index.count() == len(docs)
    assert index.ids() == set(docs)       # read from columns across segments
    assert index.get(items[0].id) == docs[items[0].id]

    for _ in range(60):
        query = _random_query(rng)
        results = index.search(query)
        matched, counts = _brute_force(docs.values(), query)
        assert results.total == len(matched), query
        if results.total <= query.page_size:
            assert {h.id for h in results.hits} == matched, query
        for name in FACETS:
            got = {c.value: c.count for c in results.facets[name]}
            want = {v: c for v, c in counts[name].items() if c > 0}
            for value in query.filters.get(name, ()):
                want.setdefault(value, 0)
            assert got == want, (name, query)
            selected = {c.value for c in results.facets[name] if c.selected}
            assert selected == set(query.filters.get(name, ())), (name, query)


def test_counts_match_brute_force(backend):
    """Totals, hits and every facet's disjunctive counts equal a count over the
    documents, through commits, replacements and deletions, with documents
    holding more values than the tantivy backend's slot columns."""
    check_counts_against_brute_force(backend)


@pytest.mark.parametrize("text", ["!@#$%", "&*()", "()", "-", "+", ":", "^", "[]", "{}", "*",
                                  "&&", "AND", "...", "🙂", "( ) * !", "the *", "to be OR not"])
def test_a_query_of_punctuation_alone_browses_everything_and_says_why(backend, library, text):
    """Whatever the engine's parser makes of bare symbols (everything, nothing,
    a syntax error), a query without a word is treated alike on every backend:
    all documents, newest-first order untouched, one notice that says why."""
    from indexes.common import NOTICE_NO_WORDS

    results = backend.search(Query(text=text))
    assert results.total == len(library)
    assert results.notice == NOTICE_NO_WORDS
    assert "punctuation" in results.notice
    everything = backend.search(Query(sort="newest"))
    assert ids_of(backend.search(Query(text=text, sort="newest"))) == ids_of(everything)


def test_punctuation_around_words_still_searches_the_words(backend, library):
    results = backend.search(Query(text="!!portal??"))
    assert "fiji-portal" in ids_of(results) and results.total < len(library)
