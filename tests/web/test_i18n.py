"""The UI in English, French, Spanish and Portuguese (issue 12): the catalogs
are complete and current, templates have no text outside gettext, the
language follows the browser and the switcher, labels, numbers, dates,
plurals, kb's messages and the index notices are in that language, and
"documents in my language first" reorders without filtering."""
from __future__ import annotations

import gettext
import re
from html import unescape
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from tests.conftest import make_document
from tests.web.conftest import app_over
from tests.web.template_strings import check_source

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "web" / "translations"
TEMPLATES = ROOT / "web" / "templates"
CATALOGS = ("fr", "es", "pt")
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "ngettext_num": (1, 2)}


def _po(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --------------------------------------------------------------------------
# the catalogs


def test_the_catalog_template_holds_every_message_the_code_and_templates_use():
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {message for _, _, message, _, _ in
             extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)}
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        template = _ids(read_po(f))
    assert found - template == set(), "messages missing from messages.pot: run `make translations`"
    assert template - found == set(), "messages.pot holds messages no code uses: run `make translations`"


@pytest.mark.parametrize("lang", CATALOGS)
def test_every_message_has_a_checked_translation_in_every_catalog(lang):
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        template = _ids(read_po(f))
    catalog = _po(lang)
    assert template - _ids(catalog) == set(), f"{lang}: messages not merged: run `make translations`"
    missing = []
    for m in catalog:
        if not m.id:
            continue
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(forms) or (m.pluralizable and len(forms) != catalog.num_plurals):
            missing.append(m.id)
    assert missing == [], f"{lang}: untranslated or fuzzy: {missing}"
    problems = [(m.id, str(e)) for m, errors in catalog.check() for e in errors]
    assert problems == [], f"{lang}: placeholders that do not match their message: {problems}"


@pytest.mark.parametrize("lang", CATALOGS)
def test_the_compiled_catalogs_say_what_their_po_files_say(lang):
    """The .mo files are committed so a fresh clone serves translated pages
    without a build step; this fails when a .po changed without `make translations`."""
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo", "rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for m in _po(lang):
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            got = tuple(compiled.ngettext(m.id[0], m.id[1], n) for n in (1, 2))
            want = tuple(m.string[_plural_index(lang, n)] for n in (1, 2))
        else:
            got, want = compiled.gettext(m.id), m.string
        if got != want:
            stale.append(m.id)
    assert stale == [], f"{lang}: .mo out of date for {stale}: run `make translations`"


def _plural_index(lang: str, n: int) -> int:
    return int(n > 1) if lang == "fr" else int(n != 1)


def test_field_terms_are_translated_as_practitioners_say_them():
    fr, es, pt = (dict((m.id, m.string) for m in _po(lang) if m.id) for lang in CATALOGS)
    assert fr["One-stop shops and service delivery"].startswith("Guichets uniques")
    assert fr["Small island developing states"] == "Petits États insulaires en développement"
    assert es["KB e-governance knowledge base"].endswith("gobierno electrónico")
    assert pt["KB e-governance knowledge base"].endswith("governo eletrónico")
    assert es["e.g. one stop shop portal"] == "p. ej. portal de ventanilla única"
    assert {fr["SIDS"], es["SIDS"], pt["SIDS"]} == {"PEID"}


# --------------------------------------------------------------------------
# templates


def test_no_template_has_text_outside_gettext():
    findings = [str(f) for path in sorted(TEMPLATES.glob("*.html"))
                for f in check_source(path.name, path.read_text(encoding="utf-8"))]
    assert findings == []


def test_the_template_checker_finds_text_that_bypasses_gettext():
    source = ("<p>Hello {{ name }}</p><a title=\"Remove it\" aria-label=\"{{ _('Fine') }}\">"
              "{{ title or 'Untitled document' }}</a><button value=\"Go\">{{ _('Go') }}</button>"
              "<input placeholder=\"e.g. portal\">{% trans %}Translated text{% endtrans %}"
              "{% set attr %} title=\"Tooltip\"{% endset %}<h1{{ attr }}>KB · {{ q }}</h1>"
              "<img alt=\"A map\" src=\"{{ url_for('static', filename='x.png') }}\">")
    found = {(f.where, f.text) for f in check_source("sample.html", source)}
    assert found == {
        ("text", "Hello"), ("attribute title", "Remove it"), ("attribute value", "Go"),
        ("attribute placeholder", "e.g. portal"), ("literal", "Untitled document"),
        ("attribute title", "Tooltip"), ("attribute alt", "A map"),
    }


# --------------------------------------------------------------------------
# choosing the language


@pytest.mark.parametrize("header, lang, label", [
    ("fr-CA,fr;q=0.9,en;q=0.5", "fr", "Rechercher des documents"),
    ("de-DE,es;q=0.7", "es", "Buscar documentos"),
    ("pt-BR,pt;q=0.9", "pt-PT", "Pesquisar documentos"),
    ("de-DE", "en", "Search documents"),
    ("", "en", "Search documents"),
])
def test_the_language_follows_accept_language(client, header, lang, label):
    html = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert f'<label for="q">{label}</label>' in html


def test_a_language_in_the_url_wins_and_is_remembered(app):
    client = app.test_client()
    response = client.get("/?q=portal&lang=fr", headers={"Accept-Language": "es"})
    assert '<html lang="fr">' in response.get_data(as_text=True)
    assert "kb_lang=fr" in response.headers["Set-Cookie"]
    assert {"Accept-Language", "Cookie"} <= set(response.vary)
    # the cookie keeps it on the next page, whatever the browser says
    later = client.get("/countries", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="fr">' in later and "Parcourir par pays" in later
    # a shared link says its language
    shared = app.test_client().get("/countries?lang=pt").get_data(as_text=True)
    assert '<html lang="pt-PT">' in shared
    # an unknown language is ignored
    assert '<html lang="en">' in app.test_client().get("/?lang=xx").get_data(as_text=True)


def test_the_switcher_and_hreflang_keep_the_current_search(client):
    html = client.get("/?q=portal&country=FJI", headers={"Accept-Language": "en"}).get_data(as_text=True)
    switcher = html[html.index('<nav class="langs"'):]
    switcher = switcher[:switcher.index("</nav>")]
    for code, name in (("en", "English"), ("fr", "Français"), ("es", "Español"), ("pt", "Português")):
        link = f'href="/?q=portal&amp;country=FJI&amp;lang={code}" hreflang="{code}" lang="{code}"'
        assert link in switcher, code
        assert f">{name}</a>" in switcher
        assert (f'<link rel="alternate" hreflang="{code}" '
                f'href="http://localhost/?q=portal&amp;country=FJI&amp;lang={code}">') in html
    assert 'aria-current="true">English</a>' in switcher
    assert '<link rel="alternate" hreflang="x-default" href="http://localhost/?q=portal&amp;country=FJI">' in html
    # links that change the search keep a language the URL chose
    french = client.get("/?q=portal&lang=fr").get_data(as_text=True)
    assert '<input type="hidden" name="lang" value="fr">' in french
    assert 'href="/?q=portal&amp;lang=fr&amp;year_from=' in french       # a histogram bar


# --------------------------------------------------------------------------
# what the pages say


LABELS = {
    # country page of Fiji: name (CLDR), region, sub-region, SIDS group, a topic
    "fr": ("Fidji", "Océanie", "Mélanésie", "Pacifique", "Guichets uniques et prestation de services",
           "Étude de cas"),
    "es": ("Fiyi", "Oceanía", "Melanesia", "Pacífico", "Ventanillas únicas y prestación de servicios",
           "Estudio de caso"),
    "pt": ("Fiji", "Oceânia", "Melanésia", "Pacífico", "Balcões únicos e prestação de serviços",
           "Estudo de caso"),
}


@pytest.mark.parametrize("lang", CATALOGS)
def test_taxonomy_labels_are_in_the_users_language(client, lang):
    text = _text(client.get(f"/countries/FJI?lang={lang}").get_data(as_text=True))
    for label in LABELS[lang]:
        assert label in text, (lang, label)
    sids = _text(client.get(f"/sids?lang={lang}").get_data(as_text=True))
    assert {"fr": "Atlantique, océan Indien et mer de Chine méridionale",
            "es": "Atlántico, océano Índico y mar de la China Meridional",
            "pt": "Atlântico, Oceano Índico e Mar da China Meridional"}[lang] in sids
    # CLDR names every ISO 3166 country, not only a hand-made few
    assert {"fr": "Maurice", "es": "Mauricio", "pt": "Maurícia"}[lang] in sids
    assert {"fr": "Anglais", "es": "Inglés", "pt": "Inglês"}[lang] in _text(
        client.get(f"/?lang={lang}").get_data(as_text=True))


def _facet_labels(html: str, facet: str) -> list[str]:
    block = html[html.index(f'id="facet-{facet}"'):]
    block = block[:block.index("</fieldset>")]
    return [unescape(m) for m in re.findall(r'<label for="f-[^"]+">(.*?) <span class="n">', block)]


@pytest.mark.parametrize("lang", ("en", *CATALOGS))
def test_facets_and_country_lists_sort_by_the_translated_label(client, lang):
    from web.labels import sort_key

    html = client.get(f"/?lang={lang}&size=1").get_data(as_text=True)
    countries = _facet_labels(html, "country")      # every country holds one document
    assert len(countries) >= 10
    assert countries == sorted(countries, key=sort_key)
    overview = client.get(f"/countries?lang={lang}").get_data(as_text=True)
    for block in re.findall(r'<ul class="countries">(.*?)</ul>', overview, re.S):
        names = [unescape(m) for m in re.findall(r'<a href="/countries/[A-Z]{3}">([^<]+)</a>', block)]
        assert names == sorted(names, key=sort_key)
    sids = client.get(f"/sids?lang={lang}").get_data(as_text=True)
    caribbean = sids[sids.index('id="g-Caribbean"'):sids.index('id="g-Pacific"')]
    members = [unescape(m) for m in re.findall(r'href="/countries/[A-Z]{3}">([^<]+)</a>', caribbean)]
    assert members == sorted(members, key=sort_key) and len(members) > 20


def test_plural_forms_and_numbers_follow_the_language(client, doc_by_name):
    fiji = doc_by_name("fiji-one-stop-shop")
    assert "<span>1 document</span>" in client.get("/countries/FJI?lang=en").get_data(as_text=True)
    assert "<span>1 documento</span>" in client.get("/countries/FJI?lang=es").get_data(as_text=True)
    assert "<span>1 document</span>" in client.get("/countries/FJI?lang=fr").get_data(as_text=True)
    assert re.search(r'<h1 id="rh"[^>]*>\d+ documentos, los más recientes primero</h1>',
                     client.get("/?lang=es").get_data(as_text=True))
    sizes = {"en": "12,345 bytes", "fr": "12\u202f345 octets", "es": "12.345 bytes", "pt": "12\u00a0345 bytes"}
    dates = {"en": "May 1, 2024, 12:00 UTC", "fr": "1 mai 2024, 12:00 UTC",
             "es": "1 may 2024, 12:00 UTC", "pt": "1/05/2024, 12:00 UTC"}
    for lang in ("en", *CATALOGS):
        page = client.get(f"/documents/{fiji.id}?lang={lang}").get_data(as_text=True)
        assert f"<dd>{sizes[lang]}</dd>" in page, lang
        assert f"<dt>{ {'en': 'Fetched', 'fr': 'Récupéré le', 'es': 'Obtenido el', 'pt': 'Obtido em'}[lang] }</dt>" \
            f"<dd>{dates[lang]}</dd>" in page, lang
    assert "3 páginas" in client.get(f"/documents/{fiji.id}?lang=pt").get_data(as_text=True)
    assert "3 diapositives" in client.get(
        f"/documents/{doc_by_name('barbados-portal').id}?lang=fr").get_data(as_text=True)


def test_kb_messages_are_shown_in_the_users_language(client):
    html = client.get("/?q=portal&country=Fijj&lang=fr").get_data(as_text=True)
    assert ("Aucun pays Fijj\u00a0; vouliez-vous dire Fiji\u00a0? "
            "Cette partie de la recherche a été ignorée.") in unescape(html)
    html = client.get("/?year_from=soon&lang=es").get_data(as_text=True)
    assert "year_from debe ser un año de -9999 a 9999, no &#39;soon&#39;." in html
    api = client.get("/api/search?page=0&size=99&lang=pt").get_json()["error"]["message"]
    assert api == ("page tem de ser um número inteiro de 1 a 1000, não '0'. "
                   "size tem de ser um número inteiro de 1 a 50, não '99'.")
    # English where nobody asked for another language (a new client: no cookie)
    fresh = client.application.test_client()
    assert fresh.get("/api/search?page=0").get_json()["error"]["message"].startswith("page must be")
    missing = client.get("/documents/nope?lang=es").get_data(as_text=True)
    assert "<h1>No encontrado</h1>" in missing and "ningún documento con el identificador" in missing
    assert "Não encontrado" in client.get("/no/such/page?lang=pt").get_data(as_text=True)
    spec = client.get("/api/openapi.json?lang=fr").get_json()
    assert spec["info"]["description"].startswith("Recherche plein texte")
    assert spec["paths"]["/api/search"]["get"]["summary"] == "Rechercher des documents"


def _notices() -> list[str]:
    """Every notice indexes/common.py words, built by indexes/common.py."""
    from indexes import common

    operators = frozenset({"AND", "OR", "NOT"})
    field = re.compile(r"(\w+):")
    problems = [common.syntax_problem(q, operators, field) for q in (
        '"open data', "open) data", "(open data", "AND data", "open AND OR data",
        "author:smith", "title: ", "*data")]
    assert None not in problems
    long = common.bound_query("word " * 400, 120, 1000, operators)
    many = common.bound_query("word " * 50, 10_000, 30, operators)
    return [
        common.NOTICE_NO_WORDS, common.NOTICE_WIDER, common.notice_capped(64),
        *long.notices, *many.notices, *common.bound_query("the *", 500, 30, operators).notices,
        *(common.notice_unreadable(p) for p in problems),
        common.notice_unreadable("it could not be parsed (QueryParserError)"),
        common.notice_unreadable("it could not be parsed"),
    ]


@pytest.mark.parametrize("lang", CATALOGS)
def test_every_index_notice_is_translated(app, lang):
    from web.notices import translate_notice

    notices = _notices()
    with app.test_request_context(f"/?lang={lang}"):
        for notice in notices:
            shown = translate_notice(notice)
            assert shown != notice and "Your query" not in shown and "a bracket" not in shown, notice
        # several notices joined as a backend joins them
        joined = translate_notice(" ".join(notices[:5]))
        assert all(translate_notice(n) in joined for n in notices[:5])
        # a notice nobody registered is shown as written, not lost
        assert translate_notice("Something new happened.") == "Something new happened."
    with app.test_request_context("/"):
        assert [translate_notice(n) for n in notices] == notices


def test_an_index_notice_on_the_page_is_translated(client):
    html = client.get("/?q=%22open+data&lang=es").get_data(as_text=True)
    assert "Su consulta no se pudo leer tal como está escrita: unas comillas no están cerradas." in html


# --------------------------------------------------------------------------
# documents in my language first


def _ids_of(html: str) -> list[str]:
    return re.findall(r'<li class="hit">\s*<h2><a href="/documents/([^"]+)"', html)


def test_documents_in_my_language_first_reorders_without_filtering(tmp_path):
    langs = ["en", "fr", None, "es", "fr", "en", "pt", "fr", None, "es", "en"]
    docs = [make_document(uri=f"/m/{i}.pdf", title=f"Portal study {i:02d}", language=lang,
                          year=2000 + i, pages=(f"Portal services number {i}.",))
            for i, lang in enumerate(langs)]
    by_id = {d.id: d for d in docs}
    with app_over(tmp_path, docs) as app:
        client = app.test_client()

        def all_pages(query: str) -> list[str]:
            """The hits of every result page, three to a page, in order."""
            return [i for page in range(1, -(-len(docs) // 3) + 1) for i in
                    _ids_of(client.get(f"/?{query}&size=3&page={page}").get_data(as_text=True))]

        plain = all_pages("q=portal&sort=newest&lang=fr")
        mine = all_pages("q=portal&sort=newest&lang=fr&mine=1")
        assert len(plain) == len(docs) and sorted(mine) == sorted(plain)      # nothing filtered
        french = [i for i in plain if by_id[i].language == "fr"]
        assert mine == french + [i for i in plain if by_id[i].language != "fr"]
        first = client.get("/?q=portal&sort=newest&lang=fr&mine=1&size=3").get_data(as_text=True)
        assert re.search(r'<h1 id="rh"[^>]*>11 documents pour', first)
        assert 'name="mine" value="1" checked' in first
        # a language filter of the user's own still applies
        only_es = _ids_of(client.get("/?q=portal&lang=fr&mine=1&language=es").get_data(as_text=True))
        assert {by_id[i].language for i in only_es} == {"es"}


def test_the_index_backends_moment_errors_are_translated(app):
    from web.notices import INDEX_ERRORS, translate_index_error

    sources = "".join((ROOT / "indexes" / name).read_text(encoding="utf-8")
                      for name in ("pool.py", "tantivy.py", "whoosh.py"))
    for message in INDEX_ERRORS:
        assert f'"{message}"' in sources, f"indexes/ no longer says {message!r}"
    with app.test_request_context("/?lang=fr"):
        assert translate_index_error("the index is busy; try again in a moment") == \
            "l’index est occupé\u00a0; réessayez dans un instant"
        assert translate_index_error("the index at /x is locked") == "the index at /x is locked"


def test_the_api_answers_in_the_asked_language_and_can_put_it_first(client):
    data = client.get("/api/search?q=digital&sort=newest&lang=es&mine=1").get_json()
    assert data["hits"][0]["title"] == "Agenda digital del Uruguay"
    plain = client.get("/api/search?q=digital&sort=newest&lang=es").get_json()
    assert data["total"] == plain["total"] and plain["hits"][0]["title"] != "Agenda digital del Uruguay"
    labels = {row["value"]: row["label"] for row in data["facets"]["doc_type"]}
    assert labels["strategy"] == "Estrategia, política o plan de acción"
    spec = client.get("/api/openapi.json?lang=pt").get_json()
    params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params["lang"]["schema"]["enum"] == ["en", "fr", "es", "pt"]
    assert params["mine"]["description"].startswith("1: primeiro os documentos")


def test_facet_values_may_be_named_in_the_users_language(client):
    from tests.web.helpers import checked_values, total

    html = client.get("/?doc_type=%C3%89tude+de+cas&sids=Pacifique&lang=fr").get_data(as_text=True)
    assert checked_values(html, "doc_type") == {"case-study"} and checked_values(html, "sids") == {"Pacific"}
    assert total(html) == 1 and "Aucun" not in html
    # each chip removes what it shows
    assert ('<a href="/?sids=Pacific&lang=fr" title="Retirer ce filtre">'
            'Type de document\u00a0: Étude de cas') in unescape(html)
    api = client.get("/api/search?topic=Datos+abiertos&language=ingl%C3%A9s&lang=es").get_json()
    assert api["query"]["filters"] == {"topic": ["open-data"], "language": ["en"]}
    # English names and stored values work in every language; unknown ones still get a suggestion
    assert client.get("/api/search?doc_type=Case+study&lang=pt").status_code == 200
    bad = client.get("/api/search?doc_type=Estudo+de+casos&lang=pt").get_json()["error"]["message"]
    assert bad.startswith("Nenhum tipo de documento Estudo de casos")


def test_no_view_raises_an_error_with_an_untranslated_message():
    """Errors raised in web/ reach a person as a page or an API message: their
    text goes through gettext (kb's errors carry message ids instead)."""
    import ast

    found = []
    for path in sorted((ROOT / "web").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                first = node.exc.args[0]
                if isinstance(first, (ast.JoinedStr, ast.BinOp)) or (
                        isinstance(first, ast.Constant) and isinstance(first.value, str)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
