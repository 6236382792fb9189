"""The UI in a real headless Chromium (Debian's `chromium`), driven by
Playwright against the app served on 127.0.0.1.

Skips with a reason when Chromium is missing, unless `KB_REQUIRE_BROWSER=1`
(set by `.ci/run`), where a missing browser is a failure. Screenshots of the
main pages go to `test-output/screenshots/` for a person to look at."""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _unavailable(reason: str) -> None:
    if os.environ.get("KB_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason}, and KB_REQUIRE_BROWSER=1 requires the browser tests")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("Chromium is not installed (Debian package `chromium`)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    yield page
    context.close()
    assert not problems, f"errors in the browser console: {problems}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def total(page) -> int:
    text = page.locator("#rh").inner_text()
    return int(text.split()[0].replace(",", ""))


def count(page, facet: str, value: str) -> int:
    return int(page.locator(f'input[name="{facet}"][value="{value}"] + label .n').text_content())


def tick(page, facet: str, value: str) -> None:
    """Tick a facet value as a person would: open "more" if it is folded away,
    click, and let the page reload with the new selection."""
    box = page.locator(f'input[name="{facet}"][value="{value}"]')
    if not box.is_visible():
        page.locator(f"#facet-{facet} details.more > summary").click()
    with page.expect_navigation():
        box.click()
    assert page.locator(f'input[name="{facet}"][value="{value}"]').is_checked()


def test_search_narrow_open_follow_page_and_browse_country(page, live_server):
    page.goto("/")
    shot(page, "browse-all")
    page.get_by_label("Search documents").fill("portal")
    with page.expect_navigation():
        page.get_by_label("Search documents").press("Enter")
    everything = total(page)
    assert everything >= 5
    assert page.locator("mark").count() >= 5

    # two values of one facet: OR, and each count said what the click would give
    fiji, samoa = count(page, "country", "FJI"), count(page, "country", "WSM")
    tick(page, "country", "FJI")
    assert total(page) == fiji
    assert count(page, "country", "WSM") == samoa      # own facet: unchanged by itself
    tick(page, "country", "WSM")
    assert total(page) == fiji + samoa
    # one value of another facet: AND
    strategy = count(page, "doc_type", "strategy")
    assert 0 < strategy < total(page)
    tick(page, "doc_type", "strategy")
    assert total(page) == strategy
    assert page.locator(".hit h2").all_inner_texts() == ["Samoa digital identity roadmap"]
    assert page.locator(".chips").get_by_text("Country: Fiji").is_visible()
    for part in ("q=portal", "country=FJI", "country=WSM", "doc_type=strategy"):
        assert part in page.url
    shot(page, "search-facets")

    # remove the doc-type chip: back to the two countries
    with page.expect_navigation():
        page.locator(".chips a", has_text="Document type").click()
    assert total(page) == fiji + samoa
    results_url = page.url
    shot(page, "search")

    # open a document from its title
    with page.expect_navigation():
        page.get_by_role("link", name="Fiji one stop shop portal: a case study").click()
    assert page.locator("h1").inner_text() == "Fiji one stop shop portal: a case study"
    assert page.get_by_text("curated", exact=True).first.is_visible()
    shot(page, "document")
    page.go_back()
    assert page.url == results_url

    # follow "page N" of that hit to the text of the page, then come back
    hit = page.locator(".hit", has_text="Fiji one stop shop portal")
    link = hit.get_by_role("link", name="page 2", exact=True)
    with page.expect_navigation():
        link.click()
    assert page.locator("h1").inner_text().startswith("Page 2 of 3")
    assert "register a business online" in page.locator(".pagebody").inner_text()
    assert page.locator(".pagebody mark").all_inner_texts() == ["portal"]   # the query, marked
    shot(page, "page")
    page.go_back()
    assert page.url == results_url
    assert page.locator('input[name="country"][value="FJI"]').is_checked()
    assert total(page) == fiji + samoa

    # browse: the countries overview, then a country page
    with page.expect_navigation():
        page.get_by_role("navigation", name="Site").get_by_role("link", name="Countries").click()
    assert page.locator(".grids figure").count() == 5
    shot(page, "countries")
    with page.expect_navigation():
        page.locator("ul.countries").get_by_role("link", name="Fiji").click()
    assert page.locator("h1").inner_text() == "Fiji"
    assert page.get_by_text("By document type").is_visible()
    shot(page, "country")
    with page.expect_navigation():
        page.get_by_role("link", name="Small island states").click()
    shot(page, "sids")


def test_the_original_pdf_link_opens_at_the_page(page, live_server):
    page.goto("/?q=identity+service")
    href = page.locator(".hit", has_text="Fiji").get_by_role("link", name="open the PDF at page 3") \
        .get_attribute("href")
    assert href.endswith("/original#page=3")
    response = page.request.get(live_server + href.split("#")[0])
    assert response.status == 200 and response.body().startswith(b"%PDF")


def test_phone_width_layout(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto("/?q=portal")
        # nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        # the filters fold under their <details>, results come first into view
        facets = page.locator("details.facets")
        assert facets.get_attribute("open") is None
        assert page.locator(".hit").first.is_visible()
        shot(page, "phone-search")
        page.locator("details.facets > summary").click()
        assert page.locator('input[name="country"][value="FJI"]').is_visible()
        box = page.locator(".layout aside").bounding_box()
        results = page.locator("section.results").bounding_box()
        assert results["y"] > box["y"]             # stacked, not side by side
        page.goto("/countries")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shot(page, "phone-countries")
    finally:
        context.close()


def test_keyboard_use_and_visible_focus(page):
    page.goto("/?q=portal")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert skip.bounding_box()["x"] >= 0                # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "(() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.id, s.outlineStyle, s.outlineWidth]; })()")
    assert focused == ["q", "solid", "3px"]
    # the search box and keyboard alone run a search
    page.keyboard.press("End")          # tabbing in selects the text; keep it
    page.keyboard.type(" centres")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=portal+centres" in page.url
    # a facet checkbox can be ticked from the keyboard
    page.locator('input[name="country"][value="KEN"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "country=KEN" in page.url


def test_search_box_suggests_words_from_the_index_as_you_type(page):
    from playwright.sync_api import expect

    page.goto("/")
    box = page.get_by_label("Search documents")
    assert box.get_attribute("list") == "q-suggest"
    box.press_sequentially("one stop po")
    # the datalist offers the whole query with the last word completed
    expect(page.locator('#q-suggest option[value="one stop portal"]')).to_have_count(1)
    box.fill("identi")
    expect(page.locator('#q-suggest option[value="identity"]')).to_have_count(1)
    expect(page.locator('#q-suggest option[value="one stop portal"]')).to_have_count(0)
    # taking a suggestion and pressing Enter searches for it
    box.fill(page.locator("#q-suggest option").first.get_attribute("value"))
    with page.expect_navigation():
        box.press("Enter")
    assert "q=identity" in page.url and total(page) >= 2
    # the country page's search box suggests too
    page.goto("/countries/FJI")
    page.get_by_label("Search documents about Fiji").press_sequentially("port")
    expect(page.locator('#cq-suggest option[value="portal"]')).to_have_count(1)


def test_everything_works_with_javascript_turned_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    try:
        page.goto("/")
        box = page.get_by_label("Search documents")
        assert box.get_attribute("list") is None and page.locator("datalist").count() == 0
        box.fill("portal")
        with page.expect_navigation():
            box.press("Enter")
        everything = total(page)
        fiji = count(page, "country", "FJI")
        page.locator('input[name="country"][value="FJI"]').check()     # no reload without JS
        assert total(page) == everything
        with page.expect_navigation():
            page.get_by_role("button", name="Apply filters").click()
        assert total(page) == fiji and "country=FJI" in page.url
        with page.expect_navigation():
            page.get_by_role("link", name="page 2", exact=True).click()
        assert page.locator(".pagebody mark").first.inner_text() == "portal"
    finally:
        context.close()


A11Y_CHECK = """() => {
  const out = [];
  const named = el => (el.labels && [...el.labels].some(l => l.textContent.trim()))
      || (el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby');
  for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea'))
    if (!named(el)) out.push('control without a label: ' + el.outerHTML.slice(0, 90));
  for (const el of document.querySelectorAll('a[href], button'))
    if (!(el.textContent.trim() || el.getAttribute('aria-label')))
      out.push('link or button without a name: ' + el.outerHTML.slice(0, 90));
  for (const el of document.querySelectorAll('svg'))
    if (!el.getAttribute('aria-label') && el.getAttribute('aria-hidden') !== 'true')
      out.push('picture without a text alternative');
  for (const el of document.querySelectorAll('section[aria-labelledby], aside[aria-labelledby]'))
    if (!document.getElementById(el.getAttribute('aria-labelledby')))
      out.push('region labelled by a missing id: ' + el.getAttribute('aria-labelledby'));
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dupes.length) out.push('duplicate ids: ' + dupes.join(', '));
  if (!document.documentElement.lang) out.push('no lang on <html>');
  if (!document.title.trim()) out.push('no title');
  return out;
}"""

FOCUS_STYLE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {what: e.outerHTML.slice(0, 80), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
          w: r.width, h: r.height};
}"""


def check_accessibility(page, url: str, site: str = "Site") -> None:
    assert page.get_by_role("banner").count() == 1, url
    assert page.get_by_role("main").count() == 1, url
    assert page.get_by_role("contentinfo").count() == 1, url
    assert page.get_by_role("navigation", name=site, exact=True).count() == 1, url
    assert page.get_by_role("heading", level=1).count() == 1, url
    assert page.evaluate(A11Y_CHECK) == [], url
    for stop in range(25):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused is None:          # walked off the end of a short page
            break
        assert focused["outline"] == "solid" and focused["width"] >= 2, (url, stop, focused)
        assert focused["w"] > 0 and focused["h"] > 0, (url, stop, focused)


def test_accessibility_basics_on_every_page(page, browser, live_server, doc_by_name):
    """Landmarks, one h1, a label on every control, a name on every link, and a
    visible focus ring on each of the first stops of the keyboard path."""
    fiji = doc_by_name("fiji-one-stop-shop")
    slides = doc_by_name("barbados-portal")
    urls = ["/", "/?q=portal&country=FJI&country=WSM", f"/documents/{fiji.id}",
            f"/documents/{fiji.id}?q=identity", f"/documents/{fiji.id}/pages/3?q=identity",
            f"/documents/{slides.id}/pages/1?q=portal",
            "/countries", "/countries/FJI", "/countries/TON", "/sids", "/signin"]
    for url in urls:
        page.goto(url)
        check_accessibility(page, url)
    # the error page too (in its own context: its 404 is expected, not a console error)
    context = browser.new_context(base_url=live_server)
    try:
        missing = context.new_page()
        assert missing.goto("/documents/nope").status == 404
        check_accessibility(missing, "/documents/nope")
    finally:
        context.close()


@pytest.fixture
def harvested_server(tmp_path) -> Iterator[str]:
    """An app over one harvested OAI record with provenance and country mentions."""
    from tests.web.conftest import app_over, serving
    from tests.web.helpers import oai_document

    with app_over(tmp_path, [oai_document()]) as app, serving(app) as url:
        yield url


def test_harvested_document_shows_provenance_and_other_countries(browser, harvested_server):
    from tests.web.helpers import FILE, oai_document

    doc = oai_document()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=harvested_server)
    page = context.new_page()
    try:
        page.goto(f"/documents/{doc.id}")
        origin = page.get_by_role("region", name="Where it came from")
        assert origin.get_by_role("link", name=FILE).is_visible()
        assert "Jun 2, 2024, 08:30 UTC" in origin.inner_text()
        assert page.get_by_role("link", name="Open the original PDF file").get_attribute("href") == FILE
        also = page.get_by_role("region", name="Also mentions")
        assert also.get_by_role("link").first.inner_text() == "Australia"
        shot(page, "document-harvested")
        check_accessibility(page, "harvested document")
        with page.expect_navigation():
            also.get_by_role("link", name="Page 2", exact=True).click()
        assert page.locator(".pagebody mark").all_inner_texts() == ["Australia"]
    finally:
        context.close()


ACTIVE = "(() => { const e = document.activeElement;" \
         " return [e.tagName, e.name || null, e.value || null, e.checked === true]; })()"


def test_space_on_a_facet_checkbox_keeps_the_focus_on_it_after_the_reload(page):
    """Ticking a filter reloads the page (kb.js submits the form); a keyboard
    user must land back on the box they pressed, not at the top of <body>."""
    page.goto("/?q=portal")
    page.locator('input[name="country"][value="KEN"]').focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "country=KEN" in page.url
    assert page.evaluate(ACTIVE) == ["INPUT", "country", "KEN", True]
    # Space again unticks it, and the focus still stays on that box
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert "country=KEN" not in page.url
    assert page.evaluate(ACTIVE) == ["INPUT", "country", "KEN", False]
    # the next Tab goes on from there, not from the top of the page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") in ("country", "doc_type", "region", "sids",
                                                           "format", "language", "topics", "year")
    # a value folded under "N more" is unfolded again for the focus
    page.goto("/?q=portal")
    more = page.locator("#facet-country details.more")
    assert more.count() == 1                  # nine countries: one folds under "1 more"
    more.locator("summary").click()
    box = more.locator('input[type="checkbox"]').last
    value = box.get_attribute("value")
    box.focus()
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.evaluate(ACTIVE) == ["INPUT", "country", value, True]


def test_changing_the_sort_menu_keeps_the_focus_on_it(page):
    page.goto("/?q=portal")
    page.locator("#sort").focus()
    with page.expect_navigation():
        page.locator("#sort").select_option("newest")
    assert "sort=newest" in page.url
    assert page.evaluate("document.activeElement.id") == "sort"


@pytest.mark.parametrize("width,height", [(1280, 900), (360, 740)])
def test_a_very_long_query_keeps_its_notice_in_view(browser, live_server, width, height):
    from urllib.parse import quote

    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server)
    page = context.new_page()
    try:
        text = " ".join(["portal"] + [f"word{i}" for i in range(900)])      # ~5,900 characters
        page.goto("/?q=" + quote(text))
        heading = page.locator("#rh")
        assert heading.inner_text().endswith("…”")
        shot(page, f"long-query-{width}")
        assert heading.bounding_box()["height"] < 130         # at most four lines
        notice = page.locator(".msg", has_text="Your query was shortened")
        box = notice.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, box
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


TILE_SIZES = """() => [...document.querySelectorAll('.tiles a')].map(a => {
  const r = a.getBoundingClientRect(), code = a.querySelector('[aria-hidden]');
  return {code: code.textContent, w: r.width, h: r.height, right: r.right,
          font: parseFloat(getComputedStyle(code).fontSize)};
})"""


def test_countries_map_is_usable_on_a_360_px_phone(browser, live_server):
    """The coverage map on a small phone: every tile a readable label (12 px
    or more) on a finger-sized target (44 px), nothing wider than the screen,
    and a tap on a tile opens that country."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server,
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto("/countries")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        tiles = page.evaluate(TILE_SIZES)
        assert len(tiles) > 200                         # every country of the taxonomy
        small = [t for t in tiles if t["w"] < 44 or t["h"] < 44 or t["font"] < 12 or t["right"] > 360]
        assert not small, small[:5]
        lists = page.evaluate("[...document.querySelectorAll('ul.countries a, .grid .lbl, figcaption')]"
                              ".map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert min(lists) >= 12
        shot(page, "phone-countries-map")
        with page.expect_navigation():
            page.locator('.tiles a[href="/countries/FJI"]').tap()
        assert page.locator("h1").inner_text() == "Fiji"
    finally:
        context.close()


@pytest.fixture
def handbook_server(tmp_path) -> Iterator[tuple[str, object]]:
    """An app over one generated 120-section handbook."""
    from tests.web.conftest import app_over, serving
    from tests.web.test_weight import _long_document

    doc = _long_document(120)
    with app_over(tmp_path, [doc]) as app, serving(app) as url:
        yield url, doc


def test_a_long_document_lists_its_sections_a_screenful_at_a_time(browser, handbook_server):
    url, doc = handbook_server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=url)
    page = context.new_page()
    try:
        page.goto(f"/documents/{doc.id}")
        assert page.locator("#ph").inner_text() == "Sections 1–50 of 120"
        assert page.locator("ol.sections > li").count() == 50
        check_accessibility(page, "long document")
        pager = page.get_by_role("navigation", name="Lists of sections")
        with page.expect_navigation():
            pager.get_by_role("link", name="Next").click()
        assert page.locator("#ph").inner_text() == "Sections 51–100 of 120"
        with page.expect_navigation():
            page.get_by_role("link", name="Section 60: Chapter 60", exact=False).click()
        assert page.locator("h1").inner_text().startswith("Section 60 of 120")
        assert doc.pages[59].text[-40:] in page.locator(".pagebody").inner_text()
        shot(page, "long-document-section")
    finally:
        context.close()


# What each language calls the things the per-language test looks for.
LANGUAGE_PAGES = {
    "en": dict(locale="en-GB", html="en", site="Site", search="Search documents", doc_type="Document type",
               fiji="Fiji", case="Case study", about="About this document", countries="Countries",
               browse="Browse by country", sids="Small island states",
               sids_h1="Small island developing states", pacific="Pacific", results="documents for"),
    "fr": dict(locale="fr-FR", html="fr", site="Site", search="Rechercher des documents",
               doc_type="Type de document", fiji="Fidji", case="Étude de cas",
               about="À propos de ce document", countries="Pays", browse="Parcourir par pays",
               sids="Petits États insulaires", sids_h1="Petits États insulaires en développement",
               pacific="Pacifique", results="documents pour"),
    "es": dict(locale="es-ES", html="es", site="Sitio", search="Buscar documentos",
               doc_type="Tipo de documento", fiji="Fiyi", case="Estudio de caso",
               about="Acerca de este documento", countries="Países", browse="Explorar por país",
               sids="Pequeños Estados insulares", sids_h1="Pequeños Estados insulares en desarrollo",
               pacific="Pacífico", results="documentos para"),
    "pt": dict(locale="pt-PT", html="pt-PT", site="Sítio", search="Pesquisar documentos",
               doc_type="Tipo de documento", fiji="Fiji", case="Estudo de caso",
               about="Sobre este documento", countries="Países", browse="Explorar por país",
               sids="Pequenos Estados insulares", sids_h1="Pequenos Estados insulares em desenvolvimento",
               pacific="Pacífico", results="documentos para"),
}


@pytest.mark.parametrize("lang", list(LANGUAGE_PAGES))
def test_the_search_document_countries_and_sids_pages_in_each_language(browser, live_server, lang):
    """The browser's own language (Accept-Language, from Chromium's locale)
    picks the UI language; every page a practitioner walks through says it."""
    want = LANGUAGE_PAGES[lang]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server,
                                  locale=want["locale"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/?q=portal")
        assert page.locator("html").get_attribute("lang") == want["html"]
        assert page.get_by_label(want["search"], exact=True).is_visible()
        assert want["results"] in page.locator("#rh").inner_text()
        assert page.locator("#facet-doc_type legend").inner_text() == want["doc_type"]
        assert page.locator('input[name="country"][value="FJI"] + label').inner_text().startswith(want["fiji"])
        check_accessibility(page, f"/?q=portal ({lang})", want["site"])
        shot(page, f"lang-{lang}-search")

        with page.expect_navigation():
            page.get_by_role("link", name="Fiji one stop shop portal: a case study").click()
        assert page.locator("html").get_attribute("lang") == want["html"]
        assert page.get_by_role("heading", name=want["about"]).is_visible()
        assert want["case"] in page.locator("p.meta").first.inner_text()
        shot(page, f"lang-{lang}-document")

        with page.expect_navigation():
            page.get_by_role("navigation", name=want["site"], exact=True) \
                .get_by_role("link", name=want["countries"], exact=True).click()
        assert page.locator("h1").inner_text() == want["browse"]
        assert page.locator("ul.countries").get_by_role("link", name=want["fiji"], exact=True).is_visible()
        assert page.locator(".grids figure").count() == 5
        shot(page, f"lang-{lang}-countries")

        with page.expect_navigation():
            page.get_by_role("link", name=want["sids"], exact=True).click()
        assert page.locator("html").get_attribute("lang") == want["html"]
        assert page.locator("h1").inner_text() == want["sids_h1"]
        assert page.locator("#gh-Pacific").inner_text() == want["pacific"]
        shot(page, f"lang-{lang}-sids")
    finally:
        context.close()


def test_the_language_switcher_works_without_javascript_and_keeps_the_search(browser, live_server):
    context = browser.new_context(java_script_enabled=False, base_url=live_server, locale="en-US")
    page = context.new_page()
    try:
        page.goto("/?q=portal&country=FJI&country=WSM")
        assert page.locator("html").get_attribute("lang") == "en"
        both = total(page)
        with page.expect_navigation():
            page.get_by_role("navigation", name="Language").get_by_role("link", name="Español").click()
        assert page.locator("html").get_attribute("lang") == "es"
        for part in ("q=portal", "country=FJI", "country=WSM", "lang=es"):
            assert part in page.url
        assert total(page) == both
        assert page.locator('input[name="country"][value="FJI"]').is_checked()
        assert page.locator("#rh").inner_text().endswith("documentos para «portal»")
        shot(page, "lang-switched-nojs")
        # a new search from the box keeps the language, and so does the next page
        page.get_by_label("Buscar documentos", exact=True).fill("identity")
        with page.expect_navigation():
            page.get_by_label("Buscar documentos", exact=True).press("Enter")
        assert "lang=es" in page.url and page.locator("html").get_attribute("lang") == "es"
        with page.expect_navigation():
            page.get_by_role("navigation", name="Sitio").get_by_role("link", name="Países").click()
        assert page.locator("h1").inner_text() == "Explorar por país"
        # documents in my language first, with the button shown when JavaScript is off
        page.goto("/?q=digital&sort=newest")
        titles = page.locator(".hit h2").all_inner_texts()
        assert titles[0] != "Agenda digital del Uruguay" and "Agenda digital del Uruguay" in titles
        page.locator("#mine").check()
        with page.expect_navigation():
            page.locator("p.mine button").click()
        assert "mine=1" in page.url
        mine = page.locator(".hit h2").all_inner_texts()
        assert mine[0] == "Agenda digital del Uruguay" and sorted(mine) == sorted(titles)
        assert page.locator("#mine").is_checked()
        shot(page, "lang-es-mine-first")
    finally:
        context.close()


def test_a_curator_signs_in_and_out_without_javascript(browser, live_server, web_settings):
    """The sign-in form, the name in the header and signing out, with
    JavaScript off (a curator on a locked-down machine), and a wrong password
    first."""
    from kb.accounts import Accounts

    accounts = Accounts(web_settings.accounts_path)
    if accounts.find("browser-curator") is None:
        accounts.add("browser-curator", "curator", "browser test password")
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    page = context.new_page()
    try:
        page.goto("/countries")
        with page.expect_navigation():
            page.get_by_role("link", name="Sign in").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
        page.get_by_label("Account name").fill("browser-curator")
        page.get_by_label("Password").fill("not the password")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert "do not match" in page.get_by_role("alert").inner_text()
        check_accessibility(page, "sign-in refused")
        page.get_by_label("Password").fill("browser test password")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert page.url.endswith("/countries")
        assert page.locator(".account .who").inner_text() == "browser-curator"
        cookie = next(c for c in context.cookies() if c["name"] == "kb_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
        shot(page, "signed-in")
        check_accessibility(page, "signed in")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign out").click()
        assert page.get_by_role("link", name="Sign in").count() == 1
        assert page.locator(".account .who").count() == 0
    finally:
        context.close()


def test_copy_button_copies_the_citation(page, doc_by_name):
    """kb.js adds a "copy" button after the citation; clicking it puts the
    citation's text on the clipboard and says so."""
    doc = doc_by_name("fiji-one-stop-shop")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/documents/{doc.id}")
    citation = page.locator("#citation").inner_text()
    assert citation.startswith("Fiji one stop shop portal: a case study (2021)")
    button = page.get_by_role("button", name="Copy the citation")
    button.click()
    page.wait_for_function("document.querySelector('.cite .copied').textContent.length > 0")
    assert page.locator(".cite .copied").inner_text() == "Citation copied"
    assert page.evaluate("navigator.clipboard.readText()") == citation


def test_citation_is_plain_selectable_text_without_javascript(browser, live_server, doc_by_name):
    doc = doc_by_name("fiji-one-stop-shop")
    context = browser.new_context(java_script_enabled=False, base_url=live_server)
    try:
        page = context.new_page()
        page.goto(f"/documents/{doc.id}")
        assert page.locator(".cite button").count() == 0       # no button that cannot work
        assert "Available at:" in page.locator("#citation").inner_text()
    finally:
        context.close()
