"""An offline bundle opened from file:// in a real headless Chromium with the
network cut off: the filter narrows the list, every request stays on
file://, nothing is blocked or broken (the console stays clean, so the
Content-Security-Policy let the page's own CSS and script run), and with
JavaScript off the whole list shows.

Skips with a reason when Chromium is missing, unless `KB_REQUIRE_BROWSER=1`."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from tests.web.bundle_repo import XSS_TITLE
from tests.web.test_browser import browser, shot  # noqa: F401 - the module's Chromium fixture
from tests.web.test_bundles import bundle_app


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
        shot(page, "bundle-offline")

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


def test_a_big_bundle_s_page_refreshes_itself_until_the_download_is_ready(browser, tmp_path):
    """With JavaScript off, as on the slowest phones: the page says the size and
    that the bundle is being prepared, reloads itself (meta refresh), then
    offers the download, and the download is the zip."""
    from tests.web.conftest import serving

    with bundle_app(tmp_path, bundle_background_mb=0.001) as app, serving(app) as url:
        builds = app.extensions["kb"].bundles.builds
        context = browser.new_context(java_script_enabled=False, base_url=url, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        try:
            builds.slots.acquire()                   # another build is running: this one waits
            try:
                page.goto("/countries/FJI")
                with page.expect_navigation():
                    page.get_by_role("link", name="Download this collection").click()
                assert "being prepared" in page.locator(".bundle-status").inner_text()
                size = int(page.locator("#bundle-bytes").get_attribute("data-bytes"))
                assert page.locator("#bundle-bytes").inner_text().startswith("about ")
            finally:
                builds.slots.release()
            # the meta refresh reloads the page; once built it offers the download
            page.wait_for_selector("#bundle-download")
            with page.expect_download() as info:
                page.locator("#bundle-download").click()
            saved = tmp_path / "fiji.zip"
            info.value.save_as(saved)
            assert zipfile.ZipFile(saved).testzip() is None
            assert abs(saved.stat().st_size - size) <= 256 + size // 200
        finally:
            context.close()
