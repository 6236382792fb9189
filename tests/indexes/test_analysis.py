"""Issue 11 on both backends: the shared analysis chain (same tokens on each),
compound e-terms, per-language stemming and stop words, the thesaurus in search
(shown, lower than the words typed, switchable off) and did-you-mean for a word
a few documents misspell."""
from __future__ import annotations

import pytest

from indexes import analysis
from kb.models import Query
from tests.conftest import make_document
from tests.indexes.test_contract import backend, backend_name, ids_of  # noqa: F401  (fixtures)

SAMPLES = {
    "en": "The governments' e-Services portals: citizens registering businesses online in 2021.",
    "fr": "Les administrations électroniques des petits États insulaires modernisent leurs services.",
    "es": "Las ventanillas únicas digitales simplificaron los trámites de las empresas pequeñas.",
    "pt": "Os balcões únicos e a identidade digital aproximaram os cidadãos das instituições públicas.",
}


@pytest.mark.parametrize("lang", analysis.LANGS)
def test_both_backends_make_the_same_tokens(lang):
    """tantivy's own filters and the Python chain Whoosh indexes with agree."""
    from indexes.tantivy import _analyzer

    for text in (*SAMPLES.values(), "Straße Ærø œuvre naïve coöperation façade São Tomé"):
        assert _analyzer(lang).analyze(text) == analysis.tokens(text, lang), (lang, text)


def test_each_language_stems_with_its_own_stemmer():
    # inflections of one word are one term in their language's chain
    for lang, a, b in (("fr", "gouvernements numériques", "gouvernement numérique"),
                       ("es", "servicios electrónicos", "servicio electrónico"),
                       ("pt", "governos eletrônicos", "governo eletrônico"),
                       ("en", "governments registering", "government registered")):
        assert analysis.tokens(a, lang) == analysis.tokens(b, lang), lang
    # and French is not read with the English (Porter) stemmer
    assert analysis.tokens("données", "fr") == analysis.tokens("donnée", "fr") != analysis.tokens("données", "en")
    # stop words are the language's own: "les" is French, not English
    assert analysis.tokens("les services", "fr") == ["servic"]
    assert "les" in analysis.tokens("les services", "en")
    # accents are folded after stemming, so the stemmer reads them
    assert analysis.stem("créées", "fr") == "cre"


def test_compounds_are_joined_unstemmed():
    assert analysis.compounds("e-Government, eGovernance and m-services; 2010-2015 one-stop-shop") == [
        "egovernment", "mservice", "onestopshop"]
    assert analysis.compound_query("e-government") == "(compound:egovernment OR egovernment)"
    assert analysis.compound_query("eGovernment") == "(compound:egovernment OR eGovernment)"
    assert analysis.compound_query("one-stop") == '(compound:onestop OR onestop OR "one stop")'
    assert analysis.compound_query("egovernment") == "(compound:egovernment OR egovernment)"
    assert analysis.compound_query("portal") == "portal"


@pytest.fixture
def egov(backend):
    docs = [
        make_document(id="hyphen", title="National e-government strategy",
                      pages=("The e-government strategy puts e-government services online.",)),
        make_document(id="camel", title="eGovernment action plan",
                      pages=("Our eGovernment plan and eGovernment portal.",)),
        make_document(id="joined", title="Egovernment readiness",
                      pages=("Egovernment readiness of ministries.",)),
        make_document(id="governance", title="e-Governance for state governments",
                      pages=("e-Governance and good governance of the government of the state.",)),
        make_document(id="open-gov", title="Open government report",
                      pages=("The government publishes open government data. Government, government.",)),
        make_document(id="fr", title="Les gouvernements et leurs administrations",
                      pages=("Les gouvernements modernisent les administrations publiques.",),
                      language="fr"),
        make_document(id="typo-1", title="Annual report", pages=("The goverment of the island.",)),
    ] + [make_document(id=f"gov-{i}", title=f"Government bulletin {i}",
                       pages=("The government of the island and its ministries.",))
         for i in range(12)]
    backend.upsert(docs)
    return backend


@pytest.mark.parametrize("text", ["e-government", "eGovernment", "e government", "egovernment",
                                  "E-Government"])
def test_every_spelling_of_e_government_finds_every_spelling_first(egov, text):
    r = egov.search(Query(text=text, expand=False))
    top = ids_of(r)[:3]
    assert set(top) == {"hyphen", "camel", "joined"}, (text, ids_of(r))
    assert "governance" not in ids_of(r) and "open-gov" not in ids_of(r)


def test_a_french_query_matches_french_inflections(egov):
    assert ids_of(egov.search(Query(text="gouvernement", expand=False))) == ["fr"]
    assert ids_of(egov.search(Query(text="administration publique", expand=False))) == ["fr"]
    # French stop words of a French query are dropped, English ones are words there
    assert ids_of(egov.search(Query(text="les gouvernements dans les administrations",
                                    expand=False))) == ["fr"]


def test_did_you_mean_when_a_few_documents_hold_the_misspelling(egov):
    r = egov.search(Query(text="goverment"))
    assert ids_of(r) == ["typo-1"]
    assert r.suggestion == "government"
    # a word the thesaurus knows is never corrected, nor a word many documents hold
    assert egov.search(Query(text="egovernment")).suggestion is None
    assert egov.search(Query(text="government")).suggestion is None


def test_thesaurus_expansion_is_shown_weighs_less_and_switches_off(backend):
    backend.upsert([
        make_document(id="oss-en", title="One-stop shop for business permits",
                      pages=("A one-stop shop lets firms register in a day.",)),
        make_document(id="gu-fr", title="Le guichet unique des entreprises", language="fr",
                      pages=("Le guichet unique enregistre les entreprises.",)),
        make_document(id="other", title="Tax reform", pages=("Tax administration reform.",)),
    ])
    r = backend.search(Query(text="guichet unique", mode="keyword"))
    assert ids_of(r) == ["gu-fr", "oss-en"]          # the words typed rank first
    assert "one-stop shop" in r.expanded and "guichet unique" not in r.expanded
    off = backend.search(Query(text="guichet unique", mode="keyword", expand=False))
    assert ids_of(off) == ["gu-fr"] and off.expanded == ()
    # Spanish and Portuguese names of the concept find both
    for text in ("ventanilla única", "balcão único"):
        assert set(ids_of(backend.search(Query(text=text, mode="keyword")))) == {"gu-fr", "oss-en"}


def _real_texts() -> list[str]:
    from tests.conftest import ROOT, SHARED_CORPUS

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "demo" / "texts").glob("*.py"))]
    if SHARED_CORPUS.is_dir():
        texts += [p.read_text(encoding="utf-8", errors="replace")[:200_000]
                  for p in sorted(SHARED_CORPUS.rglob("*.htm*"))[:40]]
    return texts + list(SAMPLES.values()) + ["Straße Ærø œuvre naïve coöperation façade São Tomé "
                                             "Yves yttrium skies dying lying tying news innings 2019"]


@pytest.mark.parametrize("lang", analysis.LANGS)
def test_term_tokens_keep_every_token_that_analyses_to_a_term(lang):
    """What the Solr backend's best pages and marks rest on: a token starting
    with an ASCII character becomes a term starting with that character in
    lower case, so `term_tokens` may skip the others and finds the same
    tokens, with the same spans, that a scan of every token would."""
    import random

    rng = random.Random(7)
    for text in _real_texts():
        found = [(m.span(), m.group(), analysis.analyse_word(m.group(), lang))
                 for m in analysis.TOKEN.finditer(text)]
        for _, word, r in found:
            if r is not None and word[0].isascii():
                assert r[0][:1] == word[0].lower(), (lang, word, r)
        terms = sorted({r[0] for _, _, r in found if r is not None})
        for _ in range(5):
            asked = frozenset(rng.sample(terms, min(3, len(terms))))
            kept = [m.span() for m in analysis.term_tokens(asked).finditer(text)]
            assert set(kept) <= {span for span, _, _ in found}
            assert {span for span, _, r in found if r is not None and r[0] in asked} <= set(kept)
            assert len(kept) < len(found) or not asked
