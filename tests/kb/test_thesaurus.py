"""The thesaurus of the field (kb/taxonomy/thesaurus.tsv and its loader): the data
file is well formed and covers the field in four languages, and the loader finds
concepts in queries, proposes expansions and knows the field's words."""
from __future__ import annotations

import csv
import dataclasses
import fnmatch
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kb.taxonomy import thesaurus as th
from kb.taxonomy.thesaurus import Concept, Match, ThesaurusError

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "kb" / "taxonomy" / "thesaurus.tsv"

# Terms or acronyms that deliberately name two concepts (folded key -> concept ids).
# Empty: every term names one concept. Add an entry here, with a reason, only when
# a term really is shared.
DELIBERATELY_SHARED: dict[str, tuple[str, ...]] = {}

# Single words too common to be a term on their own: they would expand every
# query that contains them.
TOO_GENERIC = """portal portail data données datos dados service services servicios serviços
government gouvernement gobierno governo administration administración administração digital
numérique online internet system système sistema platform plateforme plataforma strategy
stratégie estrategia estratégia policy politique política development développement
desarrollo desenvolvimento technology technologie tecnología tecnologia network réseau red
rede information información informação security sécurité seguridad segurança public publique
público citizen citoyen ciudadano cidadão electronic électronique electrónico eletrónico
eletrônico mobile móvil móvel index indice índice""".split()

# Ordinary words an acronym must not be, in any case (all-caps text would match them).
COMMON_WORDS = """a an and are as at be by for from in is it of on one or the to was we
au aux avec ce ces dans de des du elle en est et il la le les leur mais ne nous on ou par pas
pour qui que sa se ses son sur un une
al ante con como del el ella es esta este hay las lo los mas muy no para pero por se sin su
sus una uno y ama
ao aos as com da das do dos em entre era foi mais mas na nas no nos o os para pela pelo por
sem ser um uma""".split()

ORDINARY_SENTENCES = [
    "Le chat dort sur le canapé pendant que les enfants jouent dans le jardin des voisins.",
    "Nous avons mangé une tarte aux pommes avec des amis à la maison.",
    "El perro come en la cocina con los niños y las niñas de la casa.",
    "Mañana vamos a la playa si hace buen tiempo y no llueve.",
    "O menino e a menina foram à escola de autocarro com os avós.",
    "Ontem choveu muito e a festa foi adiada para o próximo sábado.",
    "The weather was lovely, so we walked along the river after lunch.",
]


@pytest.fixture(scope="module")
def thesaurus() -> th.Thesaurus:
    return th.default()


def ids(matches: list[Match]) -> list[str]:
    return [m.concept.id for m in matches]


def one_concept(text: str) -> str:
    found = th.find_concepts(text)
    assert len(found) == 1, (text, [(m.text, m.concept.id) for m in found])
    assert (found[0].start, found[0].end) == (0, len(text)), (text, found[0])
    return found[0].concept.id


# ----------------------------------------------------------- the data file


def test_the_data_file_is_tab_separated_with_the_documented_columns():
    lines = [l for l in DATA.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    assert tuple(header) == th.COLUMNS
    for n, line in enumerate(lines[1:], 2):
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        assert len(cells) == len(header), (n, line[:60])
        for cell in cells:
            items = [x.strip() for x in cell.split(";")]
            assert all(items) or cell == "", (n, cell)          # no empty item, no stray ";"
            assert len(items) == len(set(items)), (n, cell)     # no item twice in a cell
            assert cell == cell.strip(), (n, cell)


def test_at_least_150_concepts_each_in_four_languages_with_sources(thesaurus):
    concepts = thesaurus.concepts()
    assert len(concepts) >= 150
    for c in concepts:
        for lang in th.LANGS:
            assert c.terms.get(lang), f"{c.id} has no {lang} term"
        assert c.sources, f"{c.id} names no source"


def test_every_source_code_is_explained_in_the_file_header(thesaurus):
    legend = "\n".join(l for l in DATA.read_text(encoding="utf-8").splitlines() if l.startswith("#"))
    for c in thesaurus:
        for code in c.sources:
            assert code in legend, f"{c.id}: source {code!r} is not in the header's legend"


def test_no_term_names_two_concepts_unless_listed(thesaurus):
    assert thesaurus.ambiguous() == DELIBERATELY_SHARED


def test_every_term_finds_its_own_concept_as_one_whole_match(thesaurus):
    """A term a curator adds must be matchable: no punctuation that breaks it, and
    no longer term of another concept swallowing it."""
    for c in thesaurus:
        for term, lang in c.all_terms():
            found = thesaurus.find_concepts(term)
            assert [(m.start, m.end, m.concept.id) for m in found] == [(0, len(term), c.id)], \
                (c.id, lang, term, [(m.text, m.concept.id) for m in found])


def test_no_term_is_a_single_generic_word(thesaurus):
    generic = {th.normalize(w) for w in TOO_GENERIC}
    for c in thesaurus:
        for term, lang in c.all_terms():
            assert th.normalize(term) not in generic, (c.id, lang, term)


def test_acronyms_are_not_ordinary_words(thesaurus):
    common = {w.casefold() for w in COMMON_WORDS}
    for c in thesaurus:
        for acronym, lang in c.all_acronyms():
            assert acronym.casefold() not in common, (c.id, lang, acronym)
            assert acronym[0].isalnum() and len(acronym) >= 2, (c.id, acronym)


@pytest.mark.parametrize("term, acronyms", [
    ("small island developing states", {"en": "SIDS", "fr": "PEID", "es": "PEID", "pt": "PEID"}),
    ("World Summit on the Information Society", {"en": "WSIS", "fr": "SMSI", "es": "CMSI", "pt": "CMSI"}),
    ("information and communication technology", {"en": "ICT", "fr": "TIC", "es": "TIC", "pt": "TIC"}),
    ("public-private partnership", {"en": "PPP", "fr": "PPP", "es": "APP", "pt": "PPP"}),
    ("least developed countries", {"en": "LDC", "fr": "PMA", "es": "PMA"}),
    ("sustainable development goals", {"en": "SDG", "fr": "ODD", "es": "ODS", "pt": "ODS"}),
    ("E-Government Development Index", {"en": "EGDI"}),
    ("Online Service Index", {"en": "OSI"}),
    ("Telecommunications Infrastructure Index", {"en": "TII"}),
    ("Human Capital Index", {"en": "HCI"}),
    ("E-Participation Index", {"en": "EPI"}),
])
def test_acronyms_per_language(thesaurus, term, acronyms):
    (concept,) = thesaurus.lookup(term)
    for lang, acronym in acronyms.items():
        assert acronym in concept.acronyms[lang], (concept.id, lang, concept.acronyms)


@pytest.mark.parametrize("lang, term", [
    ("fr", "guichet unique"), ("fr", "administration électronique"), ("fr", "gouvernement électronique"),
    ("fr", "petits États insulaires en développement"), ("es", "ventanilla única"),
    ("es", "gobierno electrónico"), ("es", "pequeños Estados insulares en desarrollo"),
    ("pt", "balcão único"), ("pt", "governo eletrónico"), ("pt", "governo eletrônico"),
    ("pt", "pequenos Estados insulares em desenvolvimento"), ("en", "egovernment"),
    ("en", "eGovernment"), ("en", "one-stop shop"),
])
def test_terms_are_written_with_their_accents(thesaurus, lang, term):
    """Written as a practitioner writes them (accents, capitals), not folded."""
    assert any(term in c.terms.get(lang, ()) for c in thesaurus), (lang, term)


@pytest.mark.parametrize("text", [
    "one-stop shop", "e-government", "e-governance", "digital government", "digital identity",
    "open data", "interoperability", "e-participation", "e-consultation", "e-voting",
    "small island developing states", "least developed countries", "landlocked developing countries",
    "civil registration and vital statistics", "e-procurement", "public service delivery",
    "digital divide", "broadband", "connectivity", "cybersecurity", "data protection", "privacy",
    "e-health", "e-education", "e-justice", "e-taxation", "e-filing", "e-payment",
    "digital signature", "electronic transactions", "public key infrastructure", "cloud computing",
    "shared services", "enterprise architecture", "ICT strategy", "national development plan",
    "capacity building", "digital literacy", "public-private partnership", "m-government",
    "mobile government", "smart city", "geographic information systems", "disaster risk reduction",
    "early warning", "open government", "transparency", "accountability", "anti-corruption",
    "freedom of information", "citizen engagement", "citizen service centre", "service kiosk",
    "business registration", "land registry", "social protection", "digital public infrastructure",
    "artificial intelligence", "big data", "Internet of Things", "EGDI", "OSI", "TII", "HCI", "EPI",
    "WSIS", "SDGs", "Economic Commission for Latin America and the Caribbean",
    "Economic and Social Commission for Asia and the Pacific",
])
def test_the_field_is_covered(thesaurus, text):
    assert thesaurus.lookup(text), f"no concept for {text!r}"


# ------------------------------------------------------------------ matching


def test_one_stop_shop_in_four_languages_is_one_concept():
    found = {one_concept(t) for t in ["guichet unique", "ventanilla única", "balcão único",
                                      "one-stop shop", "one stop shop", "One-Stop Shops",
                                      "guichets uniques", "balcões únicos"]}
    assert found == {"one-stop-shop"}


def test_e_government_spellings_are_one_concept():
    spellings = ["e-government", "eGovernment", "e government", "egovernment", "E-Government",
                 "E-GOVERNMENT", "e\u2011government", "e_government"]
    assert {one_concept(s) for s in spellings} == {"e-government"}
    assert len({th.normalize(s) for s in spellings}) == 1


def test_normalize_folds_case_accents_hyphens_and_plurals():
    assert th.normalize("Petits États insulaires") == th.normalize("petit etat insulaire")
    assert th.normalize("one-stop shop") == th.normalize("OneStopShop") == th.normalize("one stop shops")
    assert th.normalize("cyber-security") == th.normalize("cybersecurity")
    assert th.normalize("balcões únicos") == th.normalize("balcão único")
    assert th.normalize("citizen's charter") == th.normalize("citizens' charter")
    assert th.normalize("access") != th.normalize("acces s")   # "-ss" is not a plural
    assert th.normalize("  ") == ""


def test_a_french_query_finds_e_government_and_sids():
    text = "administration électronique dans les petits États insulaires"
    found = th.find_concepts(text)
    assert ids(found) == ["e-government", "small-island-developing-states"]
    assert [text[m.start:m.end] for m in found] == ["administration électronique",
                                                    "petits États insulaires"]
    assert [m.lang for m in found] == ["fr", "fr"]


def test_acronyms_match_in_capitals_or_as_written():
    (m,) = th.find_concepts("PEID")
    assert (m.concept.id, m.acronym, m.term, m.lang) == ("small-island-developing-states", True, "PEID", "fr")
    assert set(m.langs) == {"fr", "es", "pt"}
    assert ids(th.find_concepts("la stratégie TIC des PEID")) == ["ict-policy", "small-island-developing-states"]
    assert ids(th.find_concepts("IoT and IOT")) == ["internet-of-things"] * 2
    assert ids(th.find_concepts("SDGs, LDCs and SIDS")) == [
        "sustainable-development-goals", "least-developed-countries", "small-island-developing-states"]
    for lower in ["peid", "sids", "ict", "Peid", "des", "DES", "Des", "les"]:
        assert th.find_concepts(lower) == [], lower


@pytest.mark.parametrize("sentence", ORDINARY_SENTENCES)
def test_ordinary_sentences_find_nothing(sentence):
    assert th.find_concepts(sentence) == []
    assert th.find_concepts(sentence.upper()) == []


def test_and_in_spanish_and_portuguese_is_not_an_e_prefix():
    assert th.find_concepts("educação e saúde") == []
    assert ids(th.find_concepts("saúde digital e e-saúde")) == ["e-health", "e-health"]
    assert ids(th.find_concepts("brecha digital e inclusión")) == ["digital-divide"]
    assert ids(th.find_concepts("a national e government strategy")) == ["e-government-strategy"]


def test_longest_match_wins_and_matches_do_not_overlap():
    assert ids(th.find_concepts("UN E-Government Survey")) == ["un-e-government-survey"]
    assert ids(th.find_concepts("e-government strategy for small island developing states")) == [
        "e-government-strategy", "small-island-developing-states"]
    assert ids(th.find_concepts("Alliance of Small Island States")) == ["aosis"]


def test_phrases_stop_at_punctuation_and_spans_point_into_the_text():
    assert ids(th.find_concepts("open data, interoperability")) == ["open-data", "interoperability"]
    assert th.find_concepts("open. data") == []
    text = "Projet: « guichet unique » à Maurice (2021)"
    (m,) = th.find_concepts(text)
    assert text[m.start:m.end] == m.text == "guichet unique" and m.term == "guichet unique"


def test_a_match_reports_the_term_and_its_language():
    (m,) = th.find_concepts("ventanillas únicas")
    assert (m.text, m.term, m.lang) == ("ventanillas únicas", "ventanillas únicas", "es")
    (m,) = th.find_concepts("e government")
    assert m.lang == "en" and th.normalize(m.term) == "egovernment"


# ---------------------------------------------------------------- expansions


def test_expansions_of_guichet_unique():
    (m,) = th.find_concepts("guichet unique")
    terms = [t for t, _ in th.expansions(m)]
    assert "one-stop shop" in terms and "ventanilla única" in terms and "balcão único" in terms
    assert "guichet unique" not in terms and "guichets uniques" not in terms   # same key as typed
    # preferred terms come first, so a short "also searched" line shows the other languages
    assert th.expansions(m, limit=3) == [("one-stop shop", "en"), ("ventanilla única", "es"),
                                         ("balcão único", "pt")]
    keys = [th.normalize(t) for t in terms]
    assert len(keys) == len(set(keys))


def test_expansion_options():
    concept = th.get("small-island-developing-states")
    assert concept is not None
    everything = th.expansions(concept)
    assert ("small island developing states", "en") in everything
    assert all(lang in th.LANGS for _, lang in everything)
    spanish = th.expansions(concept, langs=["es"])
    assert {lang for _, lang in spanish} == {"es"} and spanish[0] == (concept.terms["es"][0], "es")
    assert {th.normalize(t) for t, _ in spanish} == {th.normalize(t) for t in concept.terms["es"]}
    assert not any(t in ("SIDS", "PEID") for t, _ in everything)
    with_acronyms = [t for t, _ in th.expansions(concept, acronyms=True)]
    assert with_acronyms.count("PEID") == 1 and "SIDS" in with_acronyms
    (m,) = th.find_concepts("PEID")
    assert "PEID" not in [t for t, _ in th.expansions(m, acronyms=True)]
    excluded = [t for t, _ in th.expansions(concept, exclude=["Small Island Developing State"])]
    assert "small island developing states" not in excluded
    assert th.expansions("guichet unique", limit=1) == [("one-stop shop", "en")]
    assert th.expansions("no such concept") == []
    assert m.expansions(limit=1) == th.expansions(m, limit=1)


# --------------------------------------------------------------- known words


@pytest.mark.parametrize("word", ["government", "egovernment", "eGovernment", "gouvernement",
                                  "électronique", "electronique", "insulaires", "PEID", "WSIS",
                                  "interoperability", "shops", "ventanilla", "balcão"])
def test_known_words(word):
    assert th.known_word(word)


@pytest.mark.parametrize("word", ["goverment", "interoperabilty", "banana", "", "  "])
def test_unknown_words(word):
    assert not th.known_word(word)


# ------------------------------------------------------------------- loading


def test_concepts_are_frozen(thesaurus):
    concept = thesaurus.get("e-government")
    with pytest.raises(dataclasses.FrozenInstanceError):
        concept.id = "x"                                  # type: ignore[misc]
    with pytest.raises(TypeError):
        concept.terms["en"] = ("x",)                      # type: ignore[index]
    assert isinstance(concept, Concept) and hash(concept) == hash("e-government")
    assert concept.preferred("fr") == "administration électronique"


def test_nothing_is_read_at_import_and_the_default_is_loaded_once():
    code = ("import kb.taxonomy.thesaurus as t, kb.taxonomy;"
            "assert t.load.cache_info().currsize == 0;"
            "assert t.default() is t.default();"
            "assert t.load.cache_info().misses == 1")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_data_file_ships_as_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["kb"]
    assert any(fnmatch.fnmatch("taxonomy/thesaurus.tsv", p) for p in patterns)


HEADER = "\t".join(th.COLUMNS)


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "t.tsv"
    path.write_text("# comment\n" + header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def row(cid="x-y", en="one-stop shop", fr="guichet unique", es="ventanilla única",
        pt="balcão único", acr=("", "", "", ""), sources="IATE") -> str:
    return "\t".join([cid, en, fr, es, pt, *acr, sources])


def test_a_curated_file_loads(tmp_path):
    t = th.load(write(tmp_path, row(acr=("OSS", "", "", "")), row("b", "open data", "données ouvertes",
                                                               "datos abiertos", "dados abertos")))
    assert [c.id for c in t] == ["x-y", "b"] and len(t) == 2
    assert ids(t.find_concepts("OSS and données ouvertes")) == ["x-y", "b"]


@pytest.mark.parametrize("bad, message", [
    (row(cid="Bad Id"), "bad id"),
    (row(acr=("P-E", "", "", "")), "letters and digits"),
    (row(en="monitoring & evaluation"), "punctuation"),
    (row() + "\textra", "cells"),
])
def test_a_malformed_file_is_refused_with_its_line(tmp_path, bad, message):
    with pytest.raises(ThesaurusError, match=message) as err:
        th.load(write(tmp_path, bad))
    assert "t.tsv" in str(err.value)


def test_a_header_without_a_column_is_refused(tmp_path):
    with pytest.raises(ThesaurusError, match="lacks sources"):
        th.load(write(tmp_path, row(), header=HEADER.replace("\tsources", "")))


def test_a_concept_listed_twice_is_refused(tmp_path):
    with pytest.raises(ThesaurusError, match="twice"):
        th.load(write(tmp_path, row(), row()))
