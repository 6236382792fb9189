"""A curator's job in a real headless Chromium: signed in, a sync started from
the form, its progress on its page while a real HTTP source holds it mid-way,
then the report, with JavaScript off (the page's meta refresh) and on (kb.js
following the JSON status, no error in the console). Screenshots go to
test-output/screenshots/."""
from __future__ import annotations

import re

import pytest

from tests.ingest.gated_site import GatedSite
from tests.web.conftest import serving
from tests.web.test_accounts import PASSWORDS
from tests.web.test_browser import browser, shot  # noqa: F401  (the module's Chromium fixture)
from tests.web.test_jobs import jobs_app


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_a_curator_follows_a_job_to_its_report(browser, tmp_path, javascript):  # noqa: F811
    with GatedSite(count=5, gated=4) as site, jobs_app(tmp_path, site.sources_toml("portal")) as app, \
            serving(app) as url:
        context = browser.new_context(base_url=url, java_script_enabled=javascript,
                                      viewport={"width": 1000, "height": 900})
        page = context.new_page()
        page.set_default_timeout(90_000)
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        try:
            page.goto("/signin?next=/jobs")
            page.fill("#name", "curator")
            page.fill("#password", PASSWORDS["curator"])
            page.click("form.signin button[type=submit]")
            page.wait_for_url(re.compile(r"/jobs$"))
            page.select_option("#source", "portal")
            page.click("form.job-start button[type=submit]")
            page.wait_for_url(re.compile(r"/jobs/\d+$"))
            assert site.arrived.wait(120), "the job's worker never asked for the held document"
            # the page comes back by itself (meta refresh, or kb.js) with progress
            page.wait_for_function(
                "() => /^[1-4] of 5 items$/.test((document.getElementById('job-done') || {}).textContent || '')"
                if javascript else "() => true")
            if not javascript:
                page.wait_for_selector("text=/[1-4] of 5 items/")
            assert page.locator("#job-state").inner_text() == "running"
            shot(page, f"job-running-{'js' if javascript else 'no-js'}")
            site.open()
            page.wait_for_selector("#job-report")
            assert page.locator("#job-state").inner_text() == "done"
            assert "Added: 5" in page.locator("#job-report").inner_text()
            assert page.locator("meta[http-equiv=refresh]").count() == 0
            shot(page, f"job-done-{'js' if javascript else 'no-js'}")
        finally:
            context.close()
        assert not problems, f"errors in the browser console: {problems}"
