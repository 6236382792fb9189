"""Whoosh-specific behaviour: damaged index directories, and facet counting
(the numpy arrays) checked against a brute-force count over the documents."""
from __future__ import annotations

import random
import threading

import pytest

from indexes import open_index
from indexes.whoosh import WhooshIndex, make_snippet
from kb.errors import IndexUnavailable, UsageError
from kb.models import Query
from tests.conftest import make_document
from tests.indexes.test_contract import _random_document, check_counts_against_brute_force

# ---------------------------------------------------------------- damaged directories


def _built(path, n: int = 3) -> None:
    index = WhooshIndex(path)
    index.upsert([make_document(id=f"d{i}", title=f"Document {i}") for i in range(n)])
    index.close()


def test_truncated_toc_is_index_unavailable(tmp_path):
    path = tmp_path / "index"
    _built(path)
    for toc in path.glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:7])
    with pytest.raises(IndexUnavailable, match="damaged|unreadable|no readable"):
        WhooshIndex(path)


def test_missing_segment_file_is_index_unavailable(tmp_path):
    path = tmp_path / "index"
    _built(path)
    segment_files = [p for p in path.iterdir() if p.suffix not in (".toc", ".lock")]
    assert segment_files
    for seg in segment_files:
        seg.unlink()
    with pytest.raises(IndexUnavailable):
        WhooshIndex(path)


def test_directory_of_other_files_is_not_silently_replaced(tmp_path):
    path = tmp_path / "index"
    path.mkdir()
    (path / "notes.txt").write_text("not an index")
    with pytest.raises(IndexUnavailable, match="no readable search index"):
        WhooshIndex(path)
    assert (path / "notes.txt").read_text() == "not an index"


def test_new_directory_is_created_and_reopened(tmp_path):
    path = tmp_path / "a" / "b" / "index"
    _built(path, n=2)
    index = WhooshIndex(path)
    try:
        assert index.count() == 2
    finally:
        index.close()


def test_unknown_backend_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="whoosh"):
        open_index("elastic", tmp_path / "index")


# ---------------------------------------------------------------- facet counts vs brute force

def test_facet_counts_match_brute_force_with_two_writer_processes(tmp_path, monkeypatch):
    """The contract's brute-force check (one writer there) with batches of 50
    and more written by two processes into two segments each."""
    monkeypatch.setattr("indexes.whoosh.PARALLEL_BATCH", 50)
    index = WhooshIndex(tmp_path / "index")
    try:
        check_counts_against_brute_force(index)
    finally:
        index.close()


# ---------------------------------------------------------------- bounds and threads


def test_wildcard_expansion_is_capped(tmp_path):
    index = WhooshIndex(tmp_path / "index", max_expansions=5)
    try:
        index.upsert([make_document(id=f"w{i}", pages=(f"gov{i:03d}x word",)) for i in range(40)])
        results = index.search(Query(text="gov*"))
        assert results.total == 5
        assert "wildcard" in results.notice
    finally:
        index.close()


def test_long_query_is_shortened_with_notice(tmp_path):
    index = WhooshIndex(tmp_path / "index", max_terms=3)
    try:
        index.upsert([make_document(id="a", pages=("alpha beta gamma",))])
        results = index.search(Query(text="alpha beta gamma delta epsilon"))
        assert results.total == 1
        assert "shortened" in results.notice
    finally:
        index.close()


def test_searches_from_several_threads_agree(tmp_path):
    index = WhooshIndex(tmp_path / "index")
    try:
        index.upsert([make_document(id=f"t{i}", pages=("shared words here",)) for i in range(30)])
        totals: list[int] = []
        errors: list[BaseException] = []

        def work():
            try:
                for _ in range(20):
                    totals.append(index.search(Query(text="shared")).total)
            except BaseException as exc:  # reported below, not lost in the thread
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert set(totals) == {30}
    finally:
        index.close()


def test_snippet_is_bounded_and_marks_only_matches():
    text = ("filler " * 100) + "the portal opened " + ("filler " * 100)
    start = text.index("portal")
    snippet = make_snippet(text, [(start, start + len("portal"))])
    assert [t for t, m in snippet.parts if m] == ["portal"]
    assert len(snippet.text) < 320
    assert snippet.text.startswith("…") and snippet.text.endswith("…")


# ---------------------------------------------------------------- fast paths equal the slow ones


def test_indexing_analyzer_is_the_shared_chain():
    from indexes import analysis
    from indexes.whoosh import KbAnalyzer, _page_spans

    texts = [
        "Numérique  e-gov e.g. the 3.5 services' l'État *foo* co-operation a I ÆØÅ straße",
        "One stop shop portals: citizens' services, governments and GOVERNING bodies.",
        "Les administrations publiques et les gouvernements électroniques",
        "", "   ", "x", "the and of",
    ]
    for lang in analysis.LANGS:
        analyzer = KbAnalyzer(lang)
        for text in texts:
            tokens = [t.text for t in analyzer(text, positions=True, chars=True, mode="index")]
            assert tokens == analysis.tokens(text, lang), (lang, text)
            terms = frozenset(tokens)
            marked = [(t.startchar, t.endchar) for t in analyzer(text, chars=True) if t.text in terms]
            assert _page_spans(text, terms, lang) == marked


def test_text_field_postings_match_the_stock_field():
    """KbText's one-pass postings and spelling words are what fields.TEXT
    makes with the same analyzer, so phrase search and did-you-mean read an
    index written either way alike."""
    from whoosh import fields

    from indexes.whoosh import KbAnalyzer, KbText

    texts = [
        "Numérique  e-gov e.g. the 3.5 services' l'État *foo* co-operation a I ÆØÅ straße",
        "The portal, the portal and THE PORTAL: services for citizens; services again.",
        "", "the and of", "x " * 5 + "word " * 3,
    ]
    for kw in (dict(), dict(spelling=True), dict(field_boost=3.0)):
        fast, stock = KbText(analyzer=KbAnalyzer(), **kw), fields.TEXT(analyzer=KbAnalyzer(), **kw)
        for text in texts:
            assert sorted(fast.index(text)) == sorted(stock.index(text)), (text, kw)
            assert list(fast.spellable_words(text)) == list(stock.spellable_words(text))
        assert "_kb_words" not in fast.__getstate__()   # no document text in the pickled schema
    assert sorted(fast.index(["already", "tokenised"])) == sorted(stock.index(["already", "tokenised"]))


def test_field_lengths_read_whole_match_the_column(tmp_path):
    """The whole-column read of field lengths gives, document by document,
    what Whoosh's one-byte-at-a-time read gives."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    index = WhooshIndex(tmp_path / "ix")
    index.upsert([make_document(id=f"d{i}", title="word " * (i % 7), pages=("text " * (3 ** (i % 6)),))
                  for i in range(40)])
    with index._ix.reader() as reader:
        for segment_reader, _ in reader.leaf_readers():
            perdoc = segment_reader._perdoc
            for field in ("title", "body"):
                column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
                expected = [byte_to_length(column[n]) if column[n] else None
                            for n in range(segment_reader.doc_count_all())]
                got = [perdoc.doc_field_length(n, field) for n in range(segment_reader.doc_count_all())]
                assert got == expected and len(set(got)) > 3
    index.close()


def test_filtered_ranking_is_the_unfiltered_ranking_restricted(tmp_path, monkeypatch):
    """Filtered relevance searches score only the allowed documents; the hits,
    their order and scores must be those of the unfiltered search, filtered."""
    monkeypatch.setattr("indexes.whoosh.PARALLEL_BATCH", 60)
    rng = random.Random(7)
    docs = [_random_document(rng, i) for i in range(150)]
    index = WhooshIndex(tmp_path / "index")
    try:
        index.upsert(docs[:70])
        index.upsert(docs[70:])
        by_id = {d.id: d for d in docs}
        for text in ("portal", "identity OR health", "digital services", '"open data"'):
            everything = index.search(Query(text=text, page_size=500))
            for filters in ({"country": ("FJI", "WSM")}, {"doc_type": ("report",)},
                            {"country": ("TON",), "language": ("en",)}):
                got = index.search(Query(text=text, filters=filters, page_size=500))
                want = [(h.id, h.score) for h in everything.hits
                        if all(set(by_id[h.id].facet_values(f)) & set(v) for f, v in filters.items())]
                assert [(h.id, h.score) for h in got.hits] == want, (text, filters)
                assert got.total == len(want)
    finally:
        index.close()


def test_facet_counts_are_cached_until_the_next_commit(tmp_path):
    index = WhooshIndex(tmp_path / "index")
    try:
        index.upsert([make_document(id=f"c{i}", countries=("FJI",)) for i in range(3)])
        query = Query(text="digital", filters={"doc_type": ("report",)})
        first = index.search(query)
        assert index.search(query).facets is first.facets          # served from the cache
        index.upsert([make_document(id="c9", countries=("WSM",))])
        after = index.search(query)
        counts = {c.value: c.count for c in after.facets["country"]}
        assert counts == {"FJI": 3, "WSM": 1}
    finally:
        index.close()


def test_did_you_mean_leaves_stop_words_alone(tmp_path):
    index = WhooshIndex(tmp_path / "index")
    try:
        index.upsert([make_document(id="g1", pages=("Digital government services.",))])
        results = index.search(Query(text="the goverment"))
        assert results.suggestion == "the government"
        assert index.search(Query(text='"the services"')).suggestion is None
    finally:
        index.close()


@pytest.mark.parametrize("parallel", [False, True], ids=["one-writer", "two-processes"])
def test_spelling_words_count_the_documents_that_hold_them(tmp_path, monkeypatch, parallel):
    monkeypatch.setattr("indexes.whoosh.PARALLEL_BATCH", 10 if parallel else 10**9)
    index = WhooshIndex(tmp_path / "index")
    try:
        docs = [make_document(id=f"s{i}", pages=(
            "portal portal services" if i % 2 else "kiosk services",)) for i in range(24)]
        index.upsert(docs[:12])
        index.upsert(docs[12:])
        with index._searcher() as s:
            reader = s.reader()
            assert reader.frequency("spell_body", "portal") == 12      # not 24 occurrences
            assert reader.frequency("spell_body", "services") == 24
        assert index.suggest("serv")[0] == "services"
        assert index.search(Query(text="portl")).suggestion == "portal"
    finally:
        index.close()


def test_two_process_batches_replace_documents_by_id(tmp_path, monkeypatch):
    monkeypatch.setattr("indexes.whoosh.PARALLEL_BATCH", 20)
    index = WhooshIndex(tmp_path / "index")
    try:
        alone = threading.active_count() == 1
        writer = index._writer(40)
        kind = type(writer).__name__
        writer.cancel()
        if not alone:      # never forks beside other threads
            assert kind == "SegmentWriter"
        elif threading.active_count() == 1:
            assert kind == "MpWriter"
        index.upsert([make_document(id=f"r{i}", title=f"First {i}") for i in range(40)])
        index.upsert([make_document(id=f"r{i}", title=f"Second {i}") for i in range(10, 50)])
        assert index.count() == 50
        assert index.get("r5").title == "First 5"
        assert index.get("r15").title == "Second 15"
        assert index.search(Query(text="first", page_size=100)).total == 10
        assert index.search(Query(text="second", page_size=100)).total == 40
    finally:
        index.close()


def _codec_corpus() -> list:
    """Words in 3, 7, 9 and every one of 200 documents: inline lists, lists
    just under and over the inline limit, and lists of several blocks."""
    docs = []
    for i in range(200):
        words = ["common"] + ["rare"] * (i < 3) + ["some"] * (i % 25 == 0 and i < 175) \
            + ["many"] * (i % 20 == 0 and i < 180) + [("budget", "census", "harbour")[i % 3]] * (1 + i % 4)
        docs.append(make_document(id=f"k{i:03d}", title=f"Report {i % 11}",
                                  pages=(" ".join(words) + " open data portal",),
                                  countries=(("FJI", "WSM", "JAM")[i % 3],)))
    return docs


def _answers(index: WhooshIndex) -> list:
    out = []
    for text in ("rare", "some", "many", "common", "budget OR rare", '"open data"', "report 3",
                 "harbour -census", "portl"):
        results = index.search(Query(text=text, page_size=300))
        out.append((text, [(h.id, round(h.score, 9)) for h in results.hits], results.total,
                    results.suggestion, {c.value: c.count for c in results.facets["country"]}))
    out.append([h.id for h in index.more_like("k007")])
    out.append(index.suggest("ha"))
    return out


def _term_statistics(index: WhooshIndex) -> dict:
    out = {}
    with index._searcher() as s:
        for n, (leaf, _) in enumerate(s.reader().leaf_readers()):
            for field, term in leaf.all_terms():
                info = leaf.term_info(field, term)
                if field.startswith("spell_"):
                    out[n, field, term] = info.weight()
                    continue
                out[n, field, term] = (info.weight(), info.doc_frequency(), info.min_length(),
                                       info.max_length(), info.max_weight(), info.min_id(),
                                       info.max_id(), list(leaf.postings(field, term).all_items()))
    return out


@pytest.mark.parametrize("split", [(200,), (60, 140), (4,) * 6 + (176,)],
                         ids=["one-commit", "two-commits", "small-commits-merged"])
def test_inline_postings_answer_as_whoosh3_blocks_do(tmp_path, monkeypatch, split):
    """KB's codec keeps short posting lists in the term table instead of a
    block each; an index written that way answers every search (hits,
    scores, phrases, facets, suggestions, similar documents) exactly as one
    written with whoosh3's own codec, and so does an index whose older
    segments were written by whoosh3's codec (an index from before); small
    segments are merged at commit, reading inline and block lists alike."""
    from whoosh.codec.whoosh3 import W3Codec

    docs = _codec_corpus()

    def build(path, codecs):
        index = WhooshIndex(path)
        start = 0
        for size, codec in zip(split, codecs):
            monkeypatch.setattr("indexes.whoosh.KbCodec", codec)
            index.upsert(docs[start:start + size])
            start += size
        monkeypatch.undo()
        return index

    from indexes.whoosh_codec import KbCodec
    stock = build(tmp_path / "stock", [W3Codec] * len(split))
    ours = build(tmp_path / "ours", [KbCodec] * len(split))
    older = len(split) // 2 or 1
    mixed = build(tmp_path / "mixed", [W3Codec] * older + [KbCodec] * (len(split) - older))
    try:
        with ours._searcher() as s:
            infos = [leaf.term_info("body", "rare") for leaf, _ in s.reader().leaf_readers()
                     if ("body", "rare") in leaf]
            assert infos and all(info.is_inlined() for info in infos)     # really inline
            leaf = s.reader().leaf_readers()[0][0]
            matcher = leaf.postings("body", "rare")
            copy = matcher.copy()          # what compound and span matchers make
            assert (list(copy.all_ids()), copy.block_max_length(), copy.term()) == \
                (list(matcher.all_ids()), matcher.block_max_length(), matcher.term())
        # each term's statistics and postings are whoosh3's, however written;
        # a spelling word has one posting per segment, weighted by its documents
        assert _term_statistics(ours) == _term_statistics(stock)
        with ours._searcher() as s:
            leaf = s.reader().leaf_readers()[-1][0]
            assert leaf.doc_frequency("spell_body", "harbour") == 1
        expected = _answers(stock)
        assert expected[0][1] and expected[3][2] == 200
        assert _answers(ours) == expected
        assert _answers(mixed) == expected
        ours.upsert([make_document(id="k000", title="Replaced", pages=("harbour",))])
        assert ours.search(Query(text="rare")).total == 2        # an inline list, one deleted
    finally:
        for index in (stock, ours, mixed):
            index.close()


def test_an_index_from_before_the_added_field_gains_it_when_opened(tmp_path):
    """Opened by this version, an older index takes the "added" column; its
    documents sort last under "added" until they are indexed again."""
    from datetime import datetime, timezone

    from whoosh import index as windex

    from indexes.whoosh import build_schema

    older = build_schema()
    older.remove("added")
    (tmp_path / "ix").mkdir()
    windex.create_in(str(tmp_path / "ix"), older).close()
    index = open_index("whoosh", tmp_path / "ix")
    try:
        assert "added" in index.schema
        index.upsert([make_document(uri="/docs/old.pdf", title="Old", year=2024, fetched_at=None),
                      make_document(uri="/docs/new.pdf", title="New", year=1999,
                                    fetched_at=datetime(2025, 1, 1, tzinfo=timezone.utc))])
        assert [h.title for h in index.search(Query(sort="added")).hits] == ["New", "Old"]
    finally:
        index.close()
