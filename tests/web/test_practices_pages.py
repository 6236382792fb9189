"""Where practice cards live, on both backends: the document page, the
Practices view with the search's facets plus outcome and solution type, the
one-line summary on search hits, the JSON API, and peers on cards and
country pages. The repository is the demo corpus, built by the real pipeline.
Browser tests (no JavaScript, screenshots) at the end."""
from __future__ import annotations

import re
from html import unescape

import pytest

from kb import practices
from kb.settings import Settings
from tests.conftest import DEMO_CORPUS
from tests.web.test_browser import browser, shot  # noqa: F401 - the module's Chromium fixture
from tests.ingest.test_practices import build
from tests.web.helpers import facet_counts

_CARDS = re.compile(r'<h1 id="rh"[^>]*>(?P<n>[\d,]+) practice card')


def total(html: str) -> int:
    m = _CARDS.search(html)
    assert m, "no card count heading on the page"
    return int(m["n"].replace(",", ""))

JAMAICA = "jamaica-property-tax-mobile-app-case-study-2019.pdf"


@pytest.fixture(scope="module")
def demo_docs():
    return {p.name: build(p) for p in sorted(DEMO_CORPUS.iterdir()) if p.suffix != ".csv"}


@pytest.fixture(scope="module", params=["whoosh", "tantivy"])
def repo(request, demo_docs, tmp_path_factory):
    from indexes import open_index
    from web import create_app

    settings = Settings(data_dir=tmp_path_factory.mktemp(request.param) / "var", backend=request.param)
    index = open_index(request.param, settings.index_dir)
    index.upsert(demo_docs.values())
    yield index, create_app(settings, index=index)
    index.close()


@pytest.fixture
def client(repo):
    return repo[1].test_client()


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_document_page_shows_the_card_with_pages_origins_and_what_is_not_stated(client, demo_docs):
    doc = demo_docs[JAMAICA]
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    section = html[html.index('class="practice-cards"'):]
    section = section[:section.index("</section>")]
    shown = text(section)
    assert "A Mobile App for Property Tax that Did Not Take Off" in shown
    assert "Did not work" in shown and "US$ 450,000" in shown
    assert f'href="/documents/{doc.id}/pages/5"' in section          # the cost links to its page
    assert "Partners Not stated in the document" in shown
    assert "from the text" in shown and "the section 'Cost and funding'" in shown
    fr = text(client.get(f"/documents/{doc.id}?lang=fr").get_data(as_text=True))
    assert "Non indiqué dans le document" in fr and "N'a pas fonctionné" in fr


def test_a_card_is_escaped(repo, tmp_path):
    from dataclasses import replace
    from kb.models import CardField, Practice
    from tests.conftest import make_document
    from tests.web.conftest import app_over

    evil = make_document(id="evil", uri="/docs/evil.html", format="html", practices=(
        Practice(name=CardField("<script>alert(1)</script>", 1), solution=CardField("<b>bold</b> & more", 1)),))
    with app_over(tmp_path, [evil]) as app:
        html = app.test_client().get(f"/documents/{evil.id}").get_data(as_text=True)
        listing = app.test_client().get("/practices").get_data(as_text=True)
    for page in (html, listing):
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html


def test_the_practices_view_has_the_search_facets_plus_outcome_and_solution_type(client):
    html = client.get("/practices").get_data(as_text=True)
    everything = total(html)
    assert everything >= 25
    outcomes = facet_counts(html, "outcome")
    assert set(outcomes) == {"worked", "partly", "did-not"}
    for facet in ("country", "sids", "language", "doc_type", "solution_type"):
        assert facet_counts(html, facet), facet
    # each count says what a click gives, and the other facets' counts follow
    partly = client.get("/practices?outcome=partly").get_data(as_text=True)
    assert total(partly) == outcomes["partly"]
    assert facet_counts(partly, "outcome") == outcomes            # disjunctive within the facet
    caribbean = client.get("/practices?outcome=partly&sids=Caribbean").get_data(as_text=True)
    assert total(caribbean) == facet_counts(partly, "sids")["Caribbean"]
    recent = client.get("/practices?year_from=2020").get_data(as_text=True)
    assert 0 < total(recent) < everything and 'name="year_from" type="number"' in recent
    spanish = client.get("/practices?language=es").get_data(as_text=True)
    assert total(spanish) == facet_counts(html, "language")["es"]
    assert "Panamá" in text(spanish) or "Panama" in text(spanish)


def test_words_narrow_the_cards_and_bad_values_are_reported_not_fatal(client):
    assert 0 < total(client.get("/practices?q=guichet+unique").get_data(as_text=True)) < \
        total(client.get("/practices").get_data(as_text=True))
    bad = client.get("/practices?outcome=splendid&lang=fr")
    assert bad.status_code == 200 and "outcome" in text(bad.get_data(as_text=True))
    assert client.get("/api/practices?outcome=splendid").status_code == 400
    assert client.get("/api/practices?solution_type=nope").status_code == 400


def test_a_search_hit_that_is_a_practice_shows_its_one_line_summary(client, demo_docs):
    html = client.get("/?q=property+tax+mobile+app").get_data(as_text=True)
    line = re.search(r'<p class="card-line">(.*?)</p>', html, re.S)
    assert line and "A Mobile App for Property Tax that Did Not Take Off:" in text(line.group(1))
    law = client.get("/?q=firma+digital+certificadores").get_data(as_text=True)
    assert 'class="card-line"' not in law.split('class="hit"')[1]     # a law has no card


def test_the_api_serves_cards(client, demo_docs):
    doc = demo_docs[JAMAICA]
    data = client.get(f"/api/documents/{doc.id}").get_json()
    (card,) = data["practices"]
    assert card["outcome"]["value"] == "did-not" and card["partners"] is None
    assert card["cost"]["origin"]["kind"] == "extracted" and card["cost"]["page"] == 5
    listed = client.get("/api/practices?outcome=did-not").get_json()
    assert listed["total"] == 1 and listed["cards"][0]["document"] == doc.id
    assert {f["value"] for f in listed["facets"]["outcome"]} == {"worked", "partly", "did-not"}
    spec = client.get("/api/openapi.json").get_json()
    assert "/api/practices" in spec["paths"] and "Practice" in spec["components"]["schemas"]


def test_country_pages_say_what_peers_did_and_why(client):
    html = client.get("/countries/TON").get_data(as_text=True)
    section = html[html.index('id="peers"'):]
    first = re.search(r"<li>(.*?)</li>", section, re.S).group(1)
    assert "Samoa" in text(first) and "Pacific group" in text(first)
    peers_api = client.get("/api/countries/TON/peers").get_json()
    assert [p["code"] for p in peers_api["peers"][:3]] == ["ASM", "WSM", "TUV"]
    assert all(s["why"] for s in peers_api["practices"])
    assert client.get("/api/countries/XYZ/peers").status_code == 404


def test_a_francophone_country_sees_francophone_peers_practices_rank_up(repo, monkeypatch):
    """For the Comoros (French, Arabic), the cards of French-speaking peers
    (Benin, Senegal, Haiti, Madagascar) stand higher than they would if
    languages did not count, and each says so."""
    from kb import peers

    index, _ = repo
    francophone = {"BEN", "SEN", "HTI", "MDG"}

    def ranks() -> dict[str, int]:
        found = practices.what_peers_did(index, "COM", limit=50)
        return {c: next(i for i, s in enumerate(found) if s.country == c) for c in francophone
                if any(s.country == c for s in found)}

    with_language = ranks()
    monkeypatch.setitem(peers.WEIGHTS, "language", 0.0)
    without = ranks()
    assert set(with_language) == francophone
    assert all(with_language[c] <= without.get(c, 99) for c in francophone)
    assert sum(without.get(c, 99) for c in francophone) > sum(with_language.values())
    monkeypatch.undo()
    benin = next(s for s in practices.what_peers_did(index, "COM", limit=50) if s.country == "BEN")
    assert any("fr" in r.params.get("languages", "") for r in benin.reasons)


def test_a_card_lists_countries_like_its_own_that_did_the_same(client, demo_docs):
    doc = demo_docs["senegal-guichet-unique-creation-entreprise-2019.pptx"]
    card = doc.practices[0]
    html = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    if card.solution_type is None:
        pytest.skip("no solution type on this card")
    shown = text(html)
    others = [d for d in demo_docs.values() for c in d.practices
              if c.solution_type and c.solution_type.value == card.solution_type.value
              and c.country and c.country.value != "SEN"]
    assert others, "the demo has other cards of the same kind"
    assert "Countries like Senegal that did this" in shown


# ------------------------------------------------------------------ browser

@pytest.fixture(scope="module")
def live(repo):
    from tests.web.conftest import serving
    with serving(repo[1]) as url:
        yield url


def test_practices_in_a_browser_without_javascript(browser, live, demo_docs):
    context = browser.new_context(java_script_enabled=False, base_url=live,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Practices").click()
    everything = int(page.locator("#rh").inner_text().split()[0])
    partly = int(page.locator('input[name="outcome"][value="partly"] + label .n').text_content())
    page.locator('input[name="outcome"][value="partly"]').check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "outcome=partly" in page.url
    assert int(page.locator("#rh").inner_text().split()[0]) == partly < everything
    shot(page, "practices-partly")
    with page.expect_navigation():
        page.locator("ol.cards li.hit h2 a").first.click()
    assert page.locator(".practice-cards").is_visible()
    assert page.locator(".practice-cards dd.absent").count() >= 1
    shot(page, "practice-card-document")
    page.goto("/countries/TON")
    assert page.locator("#peers").is_visible()
    shot(page, "country-what-peers-did")
    context.close()


# ------------------------------------------------------------------ case book

def test_a_case_book_of_a_search_as_pdf_in_the_ui_language(client, demo_docs):
    import io
    from pypdf import PdfReader

    response = client.get("/practices/casebook.pdf?outcome=partly&lang=fr")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(response.data))
    partly = [c for d in demo_docs.values() for c in d.practices if c.outcome and c.outcome.value == "partly"]
    assert len(pdf.pages) == 1 + len(partly)            # a cover, then one page per practice
    body = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert "Recueil de pratiques" in body and "Ce qui a été fait" in body
    assert "Non indiqué dans le document" in body and "A fonctionné en partie" in body
    assert "Source : " in body or "Source: " in body
    assert "Registering Births with Mobile Phones in Rural Provinces" in body


def test_a_case_book_of_ticked_cards_as_pptx_and_of_a_country_s_peers(client, demo_docs):
    import io
    from pptx import Presentation

    jamaica, benin = demo_docs[JAMAICA], demo_docs["benin-guichet-unique-foncier-en-ligne-2020.pptx"]
    response = client.get(f"/practices/casebook.pptx?card={jamaica.id}:1&card={benin.id}:1&lang=es")
    assert response.status_code == 200
    deck = Presentation(io.BytesIO(response.data))
    slides = list(deck.slides)
    assert len(slides) == 1 + 2 * 3                       # a cover, three slides per practice
    words = " ".join(sh.text_frame.text for s in slides for sh in s.shapes if sh.has_text_frame)
    assert "Libro de casos de prácticas" in words and "Lo que se hizo" in words and "No funcionó" in words
    assert "US$ 450,000" in words and "(página 5)" in words
    html = client.get("/countries/TON").get_data(as_text=True)
    assert "/practices/casebook.pdf?peers_of=TON" in html
    peers_book = client.get("/practices/casebook.pdf?peers_of=TON")
    assert peers_book.status_code == 200 and peers_book.data.startswith(b"%PDF")
    assert client.get("/practices/casebook.docx").status_code == 404
