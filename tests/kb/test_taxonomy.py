"""The taxonomies: M49 placement and SIDS groups checked against the UN country
codes file, and the gazetteer's hard cases one by one."""
from __future__ import annotations

import csv

import pytest

from kb import taxonomy
from kb.taxonomy import countries, doctypes, gazetteer, regions, topics
from tests.conftest import SHARED_DATA

CSV = SHARED_DATA / "country-codes.csv"


def codes(text: str) -> list[str]:
    return [c for c, _, _ in gazetteer.find_countries(text)]


@pytest.fixture(scope="module")
def un_rows() -> list[dict[str, str]]:
    if not CSV.is_file():
        pytest.skip(f"UN country-codes file not present at {CSV}")
    with CSV.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["ISO3166-1-Alpha-3"].strip()]


def test_m49_placement_matches_un_file(un_rows):
    wrong = []
    for r in un_rows:
        c = countries.get(r["ISO3166-1-Alpha-3"])
        if c is None:
            continue
        expected = (r["Region Name"] or None, r["Sub-region Name"] or None,
                    r["Intermediate Region Name"] or None)
        if (c.region, c.subregion, c.intermediate) != expected:
            wrong.append((c.code, (c.region, c.subregion, c.intermediate), expected))
    assert wrong == []


def test_every_un_row_is_known(un_rows):
    missing = [r["ISO3166-1-Alpha-3"] for r in un_rows if countries.get(r["ISO3166-1-Alpha-3"]) is None]
    assert missing == []


def test_sids_match_un_file_apart_from_documented_differences(un_rows):
    in_file = {r["ISO3166-1-Alpha-3"] for r in un_rows
               if r["Small Island Developing States (SIDS)"].strip()}
    ours = {c.code for c in countries.sids_countries()}
    assert in_file - ours == set()
    assert ours - in_file == countries.SIDS_NOT_IN_M49_CSV


@pytest.mark.parametrize("code,group", [
    ("FJI", "Pacific"), ("TLS", "Pacific"), ("COK", "Pacific"), ("PYF", "Pacific"), ("GUM", "Pacific"),
    ("NCL", "Pacific"), ("NIU", "Pacific"), ("MNP", "Pacific"), ("ASM", "Pacific"),
    ("JAM", "Caribbean"), ("BLZ", "Caribbean"), ("GUY", "Caribbean"), ("SUR", "Caribbean"),
    ("ABW", "Caribbean"), ("CUW", "Caribbean"), ("SXM", "Caribbean"), ("AIA", "Caribbean"),
    ("MSR", "Caribbean"), ("VGB", "Caribbean"), ("CYM", "Caribbean"), ("TCA", "Caribbean"),
    ("BMU", "Caribbean"), ("PRI", "Caribbean"), ("VIR", "Caribbean"), ("GLP", "Caribbean"),
    ("MTQ", "Caribbean"),
    ("CPV", "AIS"), ("COM", "AIS"), ("GNB", "AIS"), ("MDV", "AIS"), ("MUS", "AIS"),
    ("STP", "AIS"), ("SYC", "AIS"), ("SGP", "AIS"), ("BHR", "AIS"),
    ("FRA", None), ("AUS", None), ("NZL", None),
])
def test_sids_group(code, group):
    assert countries.get(code).sids_group == group


def test_country_record_for_fiji():
    fiji = countries.get("FJI")
    assert (fiji.name, fiji.region, fiji.subregion, fiji.intermediate, fiji.sids_group, fiji.m49) == (
        "Fiji", "Oceania", "Melanesia", None, "Pacific", 242)
    assert countries.get("fj") == fiji          # alpha-2 accepted, case-insensitive
    assert countries.get("XXX") is None


def test_by_region_puts_jamaica_under_latin_america():
    grouped = countries.by_region()
    assert countries.get("JAM") in grouped["Americas"]["Latin America and the Caribbean"]
    assert list(grouped) == list(regions.M49_REGIONS)


def test_sids_countries_filters_by_group():
    pacific = {c.code for c in countries.sids_countries("Pacific")}
    assert {"FJI", "WSM", "TON"} <= pacific and "JAM" not in pacific


def test_labels():
    assert taxonomy.facet_label("country", "KOR") == "Republic of Korea"
    assert taxonomy.facet_label("country", "ZZZ") == "ZZZ"
    assert taxonomy.facet_label("topic", "open-data") == "Open data"
    assert taxonomy.facet_label("doc_type", "strategy") == "Strategy, policy or action plan"
    assert taxonomy.facet_label("sids", "AIS") == "Atlantic, Indian Ocean and South China Sea"
    assert taxonomy.facet_label("region", "Melanesia") == "Melanesia"
    assert doctypes.label("meeting") == "Meeting document"
    assert doctypes.label("statistics") == "Survey or statistics"


def test_topic_vocabulary_is_trilingual_and_large_enough():
    assert len(topics.TOPICS) >= 25
    for slug in ("e-participation", "open-data", "digital-identity", "interoperability",
                 "cybersecurity", "one-stop-shop", "ppp", "e-procurement", "measurement", "ai"):
        t = topics.TOPICS[slug]
        assert t.terms["en"] and t.terms["fr"] and t.terms["es"], slug


def test_regional_names_point_at_real_subregions_and_groups():
    for rn in regions.REGIONAL_NAMES:
        assert set(rn.subregions) <= set(regions.SUBREGIONS), rn
        assert set(rn.sids) <= set(regions.SIDS_GROUPS), rn


# --- gazetteer hard cases -------------------------------------------------

def test_niger_nigeria_nigerien_and_the_niger_delta():
    assert codes("Niger and Nigeria") == ["NER", "NGA"]
    assert codes("Nigerien officials met Nigerian officials") == ["NER", "NGA"]
    assert codes("oil in the Niger Delta") == ["NGA"]


def test_guineas():
    assert codes("Guinea, Guinea-Bissau, Equatorial Guinea, Papua New Guinea") == [
        "GIN", "GNB", "GNQ", "PNG"]


def test_dominica_is_not_the_dominican_republic():
    assert codes("Dominica and the Dominican Republic") == ["DMA", "DOM"]


def test_two_koreas():
    assert codes("the Republic of Korea") == ["KOR"]
    assert codes("the Democratic People’s Republic of Korea") == ["PRK"]
    assert codes("North Korea and South Korea") == ["PRK", "KOR"]
    assert codes("Korean e-government") == ["KOR"]


def test_two_congos():
    assert codes("Democratic Republic of the Congo") == ["COD"]
    assert codes("the DRC and Congo") == ["COD", "COG"]


def test_georgia_the_us_state_counts_as_the_usa():
    # a US state names its country, as "District of Columbia" or "Québec" do
    assert codes("The agency is based in Atlanta, Georgia.") == ["USA"]
    assert codes("in the state of Georgia the DMV") == ["USA"]
    assert codes("Georgia, USA") == ["USA", "USA"]
    assert codes("Tbilisi, the capital of Georgia, launched a portal.") == ["GEO"]


def test_georgia_read_once_for_the_whole_document():
    state_doc = "Georgia Technology Authority\nThe Authority moved Georgia.gov; offices in Atlanta."
    assert gazetteer.georgia_reading(state_doc) == "USA"
    assert gazetteer.find_countries("Georgia Technology Authority", georgia="USA")[0][0] == "USA"
    country_doc = "Georgia: Public Service Halls\nThe first hall opened in Tbilisi."
    assert gazetteer.georgia_reading(country_doc) == "GEO"
    assert gazetteer.georgia_reading("Georgia and Armenia met in Atlanta.") is None
    assert gazetteer.georgia_reading("no such name") is None


def test_subnational_places_name_their_country():
    assert codes("GOVERNMENT OF THE DISTRICT OF COLUMBIA") == ["USA"]
    assert codes("la Ville de Québec et l'Ontario") == ["CAN", "CAN"]
    assert codes("offices in New South Wales") == ["AUS"]
    assert codes("New Mexico and New Jersey") == ["USA", "USA"]   # not Mexico, not Jersey


def test_indian_tribes_and_the_south_china_sea_are_not_countries():
    assert codes("consultation with Indian tribes and the Bureau of Indian Affairs") == []
    assert codes("Atlantic, Indian Ocean and South China Sea") == []
    assert codes("the West Indies cricket team") == []


def test_jordan_and_chad_as_personal_names_are_not_counted():
    assert codes("as Michael Jordan once said") == []
    assert codes("the consultant Sarah Chad wrote") == []
    assert codes("Jordan Peterson, a professor") == []
    assert codes("the Hashemite Kingdom of Jordan") == ["JOR"]
    assert codes("Lebanon, Jordan and Egypt") == ["LBN", "JOR", "EGY"]
    assert codes("In Chad, mobile money is common.") == ["TCD"]


def test_turkey_and_turkiye():
    assert codes("Turkey, now Türkiye") == ["TUR", "TUR"]


def test_guyana_and_french_guiana():
    assert codes("Guyana borders French Guiana? No, Suriname.") == ["GUY", "GUF", "SUR"]


def test_samoa_and_american_samoa():
    assert codes("Samoa and American Samoa") == ["WSM", "ASM"]


def test_virgin_islands():
    assert codes("British Virgin Islands") == ["VGB"]
    assert codes("the U.S. Virgin Islands") == ["VIR"]
    assert codes("the Virgin Islands") == []      # whose? unknown, so not counted


def test_sudan_and_south_sudan():
    assert codes("Sudan and South Sudan") == ["SDN", "SSD"]


def test_former_names_abbreviations_and_demonyms():
    assert codes("Swaziland, Burma, Ivory Coast, Cape Verde, East Timor, Czech Republic") == [
        "SWZ", "MMR", "CIV", "CPV", "TLS", "CZE"]
    assert codes("UAE, UK, USA, DRC, PNG") == ["ARE", "GBR", "USA", "COD", "PNG"]
    assert codes("Fijian, Maldivian, Jamaican, Estonian and Rwandan officials") == [
        "FJI", "MDV", "JAM", "EST", "RWA"]


def test_french_and_spanish_names():
    # "Maurice" is Mauritius in French (and a first name: see
    # test_french_first_names_that_are_countries)
    assert codes("Sénégal, Côte d'Ivoire, Haïti, Maurice") == ["SEN", "CIV", "HTI", "MUS"]
    assert codes("México, Perú y República Dominicana") == ["MEX", "PER", "DOM"]


def test_case_matters_for_ordinary_words_but_capitals_titles_work():
    assert codes("a turkey sandwich and fine china") == []
    assert codes("NATIONAL E-GOVERNMENT STRATEGY OF FIJI") == ["FJI"]
    assert codes("the png file") == []


def test_indian_ocean_is_not_india():
    assert codes("islands of the Indian Ocean") == []


def test_offsets_point_at_the_name():
    text = "Digital services in Saint Lucia."
    [(code, s, e)] = gazetteer.find_countries(text)
    assert (code, text[s:e]) == ("LCA", "Saint Lucia")
    assert codes("St. Kitts & Nevis") == ["KNA"]


def test_lookup_for_curated_values():
    assert gazetteer.lookup("fiji") == "FJI"
    assert gazetteer.lookup("FJ") == "FJI"
    assert gazetteer.lookup("Cape Verde") == "CPV"
    assert gazetteer.lookup("Atlantis") is None


@pytest.mark.parametrize("facet, typed, stored", [
    ("country", "Fiji", "FJI"), ("country", "fji", "FJI"), ("country", "FJ", "FJI"),
    ("country", "Cape Verde", "CPV"), ("region", "melanesia", "Melanesia"),
    ("region", "south eastern asia", "South-eastern Asia"), ("sids", "pacific", "Pacific"),
    ("sids", "Atlantic, Indian Ocean and South China Sea", "AIS"),
    ("doc_type", "Case study", "case-study"), ("doc_type", "CASE-STUDY", "case-study"),
    ("topic", "Open data", "open-data"), ("language", "French", "fr"), ("language", "FR", "fr"),
    ("format", "PDF", "pdf"), ("source", "Any Name", "Any Name"),
])
def test_typed_facet_values_map_to_stored_ones(facet, typed, stored):
    from kb.taxonomy import values
    assert values.canonical(facet, typed) == stored


def test_unknown_facet_values_get_a_suggestion_or_a_hint():
    from kb.taxonomy import values
    for facet, typed in (("country", "XYZ"), ("country", "Atlantis"), ("doc_type", "case-studies"),
                         ("language", "xx"), ("region", "Oceania"), ("format", "xlsx")):
        assert values.canonical(facet, typed) is None, (facet, typed)
    assert values.unknown_message("country", "Fijj") == "No country Fijj; did you mean Fiji?"
    assert values.unknown_message("doc_type", "case-studies") == \
        "No document type case-studies; did you mean case-study?"
    assert values.unknown_message("country", "XYZ") == \
        "No country XYZ; give an ISO 3166 code such as FJI or a country name such as Fiji."
    assert "Melanesia" in values.unknown_message("region", "Oceania")
    assert len(values.unknown_message("country", "Q" * 5000)) < 200


# --- French, Spanish and Portuguese names (pycountry's gettext catalogs) ---

def test_names_come_from_the_shipped_catalogs():
    assert "Moçambique" in countries.translated_names("pt")["MOZ"]
    assert "Guiné-Bissau" in countries.translated_names("pt_BR")["GNB"]
    assert "Cap-Vert" in countries.translated_names("fr")["CPV"]
    # ISO's inverted forms are put in reading order
    assert "République de Corée" in countries.translated_names("fr")["KOR"]
    assert "República Democrática do Congo" in countries.translated_names("pt")["COD"]
    assert countries.translated_names("xx") == {}


def test_portuguese_french_and_spanish_country_names():
    assert codes("Moçambique, Guiné-Bissau, Cabo Verde, São Tomé e Príncipe e Timor-Leste") == [
        "MOZ", "GNB", "CPV", "STP", "TLS"]
    assert codes("Haïti, les Comores, le Cap-Vert, Sao Tomé-et-Principe et l'île Maurice") == [
        "HTI", "COM", "CPV", "STP", "MUS"]
    assert codes("Haití, Cuba, República Dominicana, Santo Tomé y Príncipe, Timor Oriental") == [
        "HTI", "CUB", "DOM", "STP", "TLS"]
    assert codes("Seychelles, Maurícia, Comores, Moldávia, Coreia do Sul, Estados Unidos, EUA") == [
        "SYC", "MUS", "COM", "MDA", "KOR", "USA", "USA"]
    assert codes("MOÇAMBIQUE: ESTRATÉGIA DE GOVERNO ELECTRÓNICO") == ["MOZ"]


def test_the_guineas_and_niger_in_other_languages():
    assert codes("Guinée, Guinée-Bissau, Guinée équatoriale et Papouasie-Nouvelle-Guinée") == [
        "GIN", "GNB", "GNQ", "PNG"]
    assert codes("Guiné, Guiné-Bissau, Guiné Equatorial; Guinea, Guinea-Bisáu, Guinea Ecuatorial") == [
        "GIN", "GNB", "GNQ", "GIN", "GNB", "GNQ"]
    assert codes("le golfe de Guinée et la Nouvelle-Guinée; el golfo de Guinea") == []
    assert codes("le Niger et le Nigeria; el Níger y Nigeria; o Níger e a Nigéria") == [
        "NER", "NGA", "NER", "NGA", "NER", "NGA"]
    assert codes("dans le delta du Niger") == ["NGA"]
    assert codes("Tchad, Chad, Chade, Togo") == ["TCD", "TCD", "TCD", "TGO"]


def test_french_first_names_that_are_countries():
    assert codes("Maurice a misé tôt sur un réseau gouvernemental.") == ["MUS"]
    assert codes("Maurice : une stratégie de plateforme") == ["MUS"]
    assert codes("Maurice Dupont a présenté le rapport.") == []
    assert codes("selon M. Maurice, directeur") == []
    assert codes("Dominique Martin, consultante") == []
    assert codes("la Dominique et Sainte-Lucie") == ["DMA", "LCA"]
    assert codes("el ingeniero Mauricio López") == []


def test_catalog_names_that_are_mostly_something_else():
    assert codes("Réunion du comité de pilotage") == []
    assert codes("La Réunion et Mayotte") == ["REU", "MYT"]
    assert codes("Reunión de trabajo en Granada; Reunião em Salvador") == []


def test_every_topic_has_portuguese_terms_in_singular_lowercase():
    for topic in topics.TOPICS.values():
        pt = topic.terms.get("pt", ())
        assert pt, topic.slug
        assert all(t == t.lower() and t == t.strip() for t in pt), topic.slug
    assert "balcão único" in topics.TOPICS["one-stop-shop"].terms["pt"]
    assert "dados abertos" in topics.TOPICS["open-data"].terms["pt"]
    assert "interoperabilidade" in topics.TOPICS["interoperability"].terms["pt"]
    assert "compras públicas" in topics.TOPICS["e-procurement"].terms["pt"]
    assert "registo civil" in topics.TOPICS["digital-identity"].terms["pt"]
