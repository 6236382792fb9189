"""The policies both backends share (`indexes.common`)."""
from __future__ import annotations

import json
import re

from indexes import common
from kb.models import Query
from kb.serialize import document_to_dict
from tests.conftest import make_document


def test_bound_query_cuts_and_says_so():
    b = common.bound_query("  what   is e-government?  " + "word " * 40, 500, 30,
                           frozenset({"AND", "OR", "NOT"}))
    assert b.text.startswith("what is e-government ")
    assert len(b.text.split()) == 30
    assert b.notices == ("Your query was shortened to its first 30 words.",)
    long = common.bound_query("abc " * 200, 50, 30, frozenset())
    assert len(long.text) <= 50 and "characters" in long.notices[0]


def test_syntax_problems_in_words():
    ops = frozenset({"AND", "OR", "NOT"})
    prefix = re.compile(r"(?:^|[\s(])(\w+):")
    assert common.syntax_problem('"open data', ops, prefix) == "a quote is not closed"
    assert common.syntax_problem("(a OR b", ops, prefix) == "a bracket is not closed"
    assert "needs a word" in common.syntax_problem("AND portal", ops, prefix)
    assert "not a field" in common.syntax_problem("author:smith", ops, prefix)
    assert common.syntax_problem("title:portal AND fiji", ops, prefix) is None


def test_facet_rows_keep_selected_values_and_order_years():
    q = Query(filters={"country": ("TON",)}, facet_limit=2)
    rows = common.facet_counts("country", {"FJI": 5, "WSM": 7, "KIR": 1, "TON": 0}, q)
    assert [(r.value, r.count, r.selected) for r in rows] == [
        ("WSM", 7, False), ("FJI", 5, False), ("TON", 0, True)]
    years = common.facet_counts("year", {"2019": 1, "2024": 3, "2001": 2}, Query(facet_limit=1))
    assert [r.value for r in years] == ["2024", "2019", "2001"]


def test_disjunctive_groups():
    groups = common.disjunctive_groups(["country", "year", "topic"], ["country", "topic"])
    assert groups == [(["year"], ["country", "topic"]), (["country"], ["topic"]),
                      (["topic"], ["country"])]


def test_speller_prefers_one_edit_then_two_with_the_same_first_letter():
    speller = common.Speller({"government": 10, "governments": 2, "portal": 5, "postal": 9})
    assert speller.correct("goverment") == "government"
    assert speller.correct("government") is None               # known words are not typos
    assert speller.correct("portl") == "portal"
    assert speller.correct("govenrmnt") == "government"         # two edits
    assert speller.correct("qqqqzzzz") is None


def test_corrected_query_replaces_whole_words_only():
    fix = {"goverment": "government"}.get
    assert common.corrected_query("goverment portal", ["goverment", "portal"], fix) == \
        "government portal"
    assert common.corrected_query("portal", ["portal"], fix) is None


def test_document_json_is_the_catalog_form_without_pages():
    doc = make_document(id="j1", title="Fiji — digital", countries=("FJI", "WSM"),
                        extra={"mentions": {"FJI": 3}})
    assert json.loads(common.document_json(doc)) == json.loads(
        json.dumps(document_to_dict(doc, pages=False), ensure_ascii=False, default=str))


def test_snippet_window_and_best_page():
    pages = [[1, "nothing here", ""], [2, "portal portal and a portal", ""], [3, "one portal", ""]]
    terms = frozenset({"portal"})

    def spans(text, lang):
        assert lang == "en"            # pages without a language are read in the default chain
        return [(m.start(), m.end()) for m in re.finditer("portal", text)]

    i, found = common.best_page(pages, terms, str.lower, spans)
    assert i == 1 and len(found) == 3
    snippet = common.make_snippet(pages[i][1], found)
    assert [p for p, hit in snippet.parts if hit] == ["portal"] * 3
    assert common.best_page(pages, frozenset(), str.lower, spans) == (0, ())


def test_english_stop_words_are_whooshs_own():
    from whoosh.analysis import STOP_WORDS

    from indexes.stopwords import ENGLISH

    assert common.STOP_WORDS == frozenset(STOP_WORDS) == ENGLISH
