"""An offline bundle opened from file:// in a real headless Chromium with the
network cut off: the filter narrows the list, every request stays on
file://, nothing is blocked or broken (the console stays clean, so the
Content-Security-Policy let the page's own CSS and script run), and with
JavaScript off the whole list shows.

Skips with a reason when Chromium is missing, unless `KB_REQUIRE_BROWSER=1`."""
from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Iterator

import pytest

from tests.web.bundle_repo import XSS_TITLE
from tests.web.test_browser import CHROMIUM_ARGS, _unavailable
from tests.web.test_bundles import bundle_app


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


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("offline")
    with bundle_app(tmp / "repo") as app:
        data = app.test_client().get("/bundle.zip?sort=title&lang=fr").data
    folder = tmp / "Paquet KB"                       # a folder name with a space, as people name them
    zipfile.ZipFile(io.BytesIO(data)).extractall(folder)
    return folder / "index.html"


def offline_page(browser, javascript: bool = True):
    context = browser.new_context(java_script_enabled=javascript)
    context.set_offline(True)
    requests: list[str] = []
    problems: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return context, page, requests, problems


def visible(page) -> list[str]:
    return page.locator("ol#docs > li:visible h2").all_inner_texts()


def test_the_filter_narrows_the_list_offline_and_nothing_leaves_file(browser, unzipped):
    context, page, requests, problems = offline_page(browser)
    try:
        page.goto(unzipped.as_uri())
        everything = visible(page)
        assert len(everything) == 7 and XSS_TITLE in everything
        assert page.locator("#filters").is_visible()
        count = page.locator("#count")
        assert count.inner_text() == "7 documents affichés sur 7"

        page.get_by_label("Filtrer ces documents").fill("portail fidji")    # no such words: nothing
        assert visible(page) == [] and count.inner_text().startswith("0 ")
        page.get_by_label("Filtrer ces documents").fill("PORTAL")            # case does not count
        assert sorted(visible(page)) == sorted(["Fiji one stop shop portal: a case study", XSS_TITLE,
                                                "Tonga portal review"])
        page.get_by_label("Filtrer ces documents").fill("etude de cas")      # nor do accents
        assert visible(page) == ["Fiji one stop shop portal: a case study"]
        page.get_by_label("Filtrer ces documents").fill("")
        page.get_by_label("Pays").select_option("FJI")
        assert visible(page) == ["Fiji one stop shop portal: a case study"]
        assert count.inner_text() == "1 document affiché sur 7"
        page.get_by_label("Pays").select_option("")
        page.get_by_label("Type de document").select_option("strategy")
        assert sorted(visible(page)) == ["Agenda digital del Uruguay", "Samoa digital identity roadmap",
                                         "Vanuatu strategy (file gone)"]

        # the title link opens the original from the folder, still on file://
        page.get_by_label("Type de document").select_option("")
        href = page.locator("ol#docs > li h2 a", has_text="Samoa").get_attribute("href")
        assert (unzipped.parent / href).is_file()
        assert requests and all(url.startswith("file://") for url in requests), requests
        assert not problems, problems
    finally:
        context.close()


def test_with_javascript_off_every_document_is_listed(browser, unzipped):
    context, page, requests, problems = offline_page(browser, javascript=False)
    try:
        page.goto(unzipped.as_uri())
        assert len(visible(page)) == 7
        assert not page.locator("#filters").is_visible()       # no filter that cannot work
        assert page.locator("#count").inner_text() == "7 documents"
        # the practice cards open without a script (a <details> element)
        page.locator("summary", has_text="fiche de pratique").click()
        assert page.locator("article.card h3").inner_text() == "bizFiji portal"
        assert all(url.startswith("file://") for url in requests), requests
        assert not problems, problems
    finally:
        context.close()
