"""A curator's round in a real headless Chromium against the app served on
127.0.0.1, over a repository of its own (the shared one is read-only): sign
in, upload a PDF made with fpdf2, find it in search, correct its country and
see the facet counts change, withdraw it (gone for an anonymous reader), sign
out. Skips as tests/web/test_browser.py does; screenshots go beside theirs."""
from __future__ import annotations

import pytest

from tests.ingest import builders
from tests.web.conftest import serving
from tests.web.test_accounts import PASSWORDS, kb_app
from tests.web.test_browser import browser, shot  # noqa: F401 - the module's Chromium fixture

TEXT = ["Funafuti atoll: the island council opened a one stop shop for permits.",
        "Registration moved online; the Funafuti office now answers in a day."]


@pytest.fixture
def live(tmp_path):
    with kb_app(tmp_path / "var", vectors="off", workers=1) as app, serving(app) as url:
        yield url


def country_count(page, code: str) -> int | None:
    box = page.locator(f'input[name="country"][value="{code}"] + label .n')
    return int(box.text_content()) if box.count() else None


def test_a_curator_uploads_corrects_and_withdraws_a_pdf(browser, live, tmp_path):  # noqa: F811
    pdf = tmp_path / "Funafuti permits.pdf"
    pdf.write_bytes(builders.make_pdf(TEXT, title="Funafuti one stop shop"))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live)
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        page.goto("/signin")
        page.get_by_label("Account name").fill("curator")
        page.get_by_label("Password").fill(PASSWORDS["curator"])
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in").click()
        assert page.locator(".account .who").inner_text() == "curator"

        with page.expect_navigation():
            page.get_by_role("link", name="Upload").click()
        page.set_input_files("#files", str(pdf))
        page.get_by_label("Countries").fill("Fiji")
        page.get_by_label("Document type").select_option("case-study")
        shot(page, "curation-upload-form")
        with page.expect_navigation():
            page.get_by_role("button", name="Upload").click()
        assert "1 document added" in page.locator(".report").inner_text()
        shot(page, "curation-upload-result")

        page.goto("/?q=Funafuti")
        assert page.get_by_role("link", name="Funafuti one stop shop").count() == 1
        assert country_count(page, "FJI") == 1 and country_count(page, "TUV") is None
        page.goto("/")
        fiji_before = country_count(page, "FJI")
        assert fiji_before == 2          # the upload and the repository's own Fiji document
        page.goto("/?q=Funafuti")
        with page.expect_navigation():
            page.get_by_role("link", name="Funafuti one stop shop").click()
        doc_url = page.url
        with page.expect_navigation():
            page.get_by_role("link", name="Correct the metadata").click()
        page.get_by_label("Countries").fill("Tuvalu")
        shot(page, "curation-edit-form")
        with page.expect_navigation():
            page.get_by_role("button", name="Save the corrections").click()
        assert page.url == doc_url
        assert "Curated by curator on" in page.locator(".curated-by").inner_text()
        shot(page, "curation-corrected")

        page.goto("/?q=Funafuti")
        assert country_count(page, "TUV") == 1 and country_count(page, "FJI") is None
        page.goto("/")
        assert country_count(page, "FJI") == fiji_before - 1 and country_count(page, "TUV") == 1
        shot(page, "curation-facets-after-edit")

        page.goto(doc_url)
        page.get_by_label("Reason for withdrawing").fill("a draft, not for publication")
        with page.expect_navigation():
            page.get_by_role("button", name="Withdraw").click()
        assert "Withdrawn by curator" in page.locator(".msg.withdrawn").inner_text()
        shot(page, "curation-withdrawn")

        reader = browser.new_context(base_url=live).new_page()
        reader.goto("/?q=Funafuti")
        assert reader.get_by_role("link", name="Funafuti one stop shop").count() == 0
        reader.goto("/")
        assert country_count(reader, "TUV") is None
        assert reader.goto(doc_url).status == 404
        shot(reader, "curation-withdrawn-for-a-reader")
        reader.context.close()

        with page.expect_navigation():
            page.get_by_role("button", name="Sign out").click()
        assert page.get_by_role("link", name="Sign in").count() == 1
        assert page.goto(doc_url).status == 404           # signed out, a reader like any other
    finally:
        context.close()
    assert problems == []
