"""Ingest jobs in the browser, through the real app on a real index, with
real worker processes, real folder sources and a real HTTP source that holds
a job mid-way (tests/ingest/gated_site.py).

A curator starts a sync of a named source from /jobs; the job runs in its
own process; its page shows its progress without JavaScript (a meta refresh
while it runs), then the report; a second job for the same source is refused
with 409; the history lists the command line's runs too."""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import os

from kb.accounts import Accounts
from kb.jobs import JobTable
from kb.settings import Settings
from tests.conftest import run_kb
from tests.ingest import builders
from tests.ingest.gated_site import GatedSite
from tests.ingest.test_jobs import wait_for
from tests.web.test_accounts import PASSWORDS, csrf_token, signed_in_client

HOSTILE = "<img src=x onerror=alert('name')>.pdf"


@contextmanager
def jobs_app(tmp_path: Path, sources_toml: str) -> Iterator:
    """The app over an empty Whoosh index under tmp_path/var, the accounts of
    test_accounts, and a kb.toml with `sources_toml`."""
    from indexes.whoosh import WhooshIndex
    from web import create_app

    data = tmp_path / "var"
    accounts = Accounts(data / "accounts.sqlite")
    for role, password in PASSWORDS.items():
        accounts.add(role, role, password)
    (tmp_path / "kb.toml").write_text(sources_toml, encoding="utf-8")
    settings = Settings(data_dir=data, workers=1, sources=str(tmp_path / "kb.toml"))
    index = WhooshIndex(settings.index_dir)
    try:
        yield create_app(settings, index=index)
    finally:
        index.close()


def folder_source(tmp_path: Path) -> str:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, country in (("fiji", "Fiji"), ("samoa", "Samoa")):
        (docs / f"{name}.pdf").write_bytes(builders.make_pdf(
            [f"The one stop shop portal of {country}.", f"Digital identity in {country}."],
            title=f"{country} one stop shop"))
    (docs / HOSTILE).write_bytes(b"%PDF-1.4 broken <script>alert('body')</script>")
    return '[sources.pacific]\nkind = "folder"\npath = "docs"\n'


def start(client, source: str, **extra):
    token = csrf_token(client, "/jobs")
    return client.post("/jobs", data={"csrf_token": token, "source": source, **extra})


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response.get_data(as_text=True)


def searched(app, text: str) -> list[dict]:
    """The API's hits for `text` once the worker's commits are in view (the
    web's index looks for another process's commits about once a second)."""
    return wait_for(lambda: app.test_client().get(f"/api/search?q={text}").get_json()["hits"],
                    f"hits for {text!r}")


def main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_a_job_started_in_the_browser_runs_in_its_own_process_and_reports(tmp_path):
    with jobs_app(tmp_path, folder_source(tmp_path)) as app:
        client = signed_in_client(app, "curator")
        form = page(client, "/jobs")
        assert '<option value="pacific">pacific</option>' in form
        response = start(client, "pacific")
        assert response.status_code == 303
        url = response.headers["Location"]
        job_id = int(url.rsplit("/", 1)[1])
        html = wait_for(lambda: (h := page(client, url)) and 'http-equiv="refresh"' not in h and h,
                        "the job to end")
        job = JobTable(app.extensions["kb"].settings.jobs_path).get(job_id)
        assert job.state == "done" and job.started_by == "curator" and job.via == "web"
        assert job.pid not in (None, os.getpid())
        shown = main(html)
        assert "Added: 2" in shown and "Failed: 1" in shown and "Unchanged: 0" in shown
        # the failure with its reason, the hostile name escaped, no server path
        assert "<img" not in shown
        assert "<code>&lt;img src=x onerror=alert(&#39;name&#39;)&gt;.pdf</code>: truncated: the PDF ends without" in shown
        assert str(tmp_path) not in html
        # the documents are searchable
        hits = searched(app, "portal")
        assert {h["title"] for h in hits} == {"Fiji one stop shop", "Samoa one stop shop"}
        # the history: who started what and how it ended
        history = main(page(client, "/jobs"))
        assert f'<a href="/jobs/{job_id}">{job_id}</a>' in history
        assert "curator <span class=\"via\">(in the browser)</span>" in history
        assert "2 added, 0 updated, 0 unchanged, 1 failed" in history
        # run again: nothing changed
        again = start(client, "pacific")
        wait_for(lambda: 'http-equiv="refresh"' not in page(client, again.headers["Location"]),
                 "the second job to end")
        assert "Unchanged: 2" in main(page(client, again.headers["Location"]))


def test_a_running_job_shows_its_progress_without_javascript_then_its_report(tmp_path):
    with GatedSite(count=5, gated=4) as site, jobs_app(tmp_path, site.sources_toml("gated")) as app:
        client = signed_in_client(app, "curator")
        url = start(client, "gated").headers["Location"]
        assert site.arrived.wait(120), "the job's worker never asked for the gated document"

        def progress_shown():
            html = page(client, url)
            found = re.search(r'<p role="status" id="job-done"[^>]*>(\d+) of 5 items</p>', html)
            return found and int(found.group(1)) >= 1 and html
        html = progress_shown() or wait_for(progress_shown, "progress on the page")
        assert '<meta http-equiv="refresh" content="3">' in html
        assert re.search(r'<progress id="job-bar" max="5" value="[1-4]">', html)
        assert 'id="job-state">running<' in html
        assert 'id="job-report"' not in html
        # the JSON status says the same
        status = client.get(url.replace("/jobs/", "/api/jobs/")).get_json()
        assert status["state"] == "running" and status["progress"]["total"] == 5
        assert 1 <= status["progress"]["done"] < 5 and status["report"] is None

        # a second job for the source is refused while this one runs
        refused = start(client, "gated")
        assert refused.status_code == 409
        assert "already has a job" in refused.get_data(as_text=True)
        api = client.post("/api/jobs", json={"source": "gated"},
                          headers={"X-CSRFToken": csrf_token(client, "/jobs")})
        assert api.status_code == 409 and api.get_json()["error"]["kind"] == "conflict"

        site.open()
        html = wait_for(lambda: (h := page(client, url)) and 'http-equiv="refresh"' not in h and h,
                        "the job to end")
        assert 'id="job-progress"' not in html and "Added: 5" in main(html)
        history, total = JobTable(app.extensions["kb"].settings.jobs_path).history()
        assert total == 1          # the refused requests left no job behind


def test_the_api_starts_a_job_and_reports_its_status(tmp_path):
    with jobs_app(tmp_path, folder_source(tmp_path)) as app:
        client = signed_in_client(app, "admin")
        token = csrf_token(client, "/jobs")
        sources = client.get("/api/jobs").get_json()["sources"]
        assert sources == ["pacific"]
        response = client.post("/api/jobs", json={"source": "pacific"}, headers={"X-CSRFToken": token})
        assert response.status_code == 202
        status_url = response.headers["Location"]
        body = wait_for(lambda: (b := client.get(status_url).get_json())["state"] not in ("queued", "running")
                        and b, "the job to end")
        assert body["state"] == "done" and body["started_by"] == "admin"
        assert body["report"]["counts"]["added"] == 2
        assert [f["uri"] for f in body["report"]["failed"]] == [HOSTILE]
        listed = client.get("/api/jobs").get_json()
        assert listed["total"] == 1 and listed["jobs"][0]["id"] == body["id"]
        # bad requests are 400s with a message, never a 500
        for bad in ({"source": "nowhere"}, {"source": ""}, {"source": 3}, {"source": "pacific", "prune": "yes"}):
            refused = client.post("/api/jobs", json=bad, headers={"X-CSRFToken": token})
            assert refused.status_code == 400, bad
            assert refused.get_json()["error"]["message"]
        assert client.get("/api/jobs/999").status_code == 404
        assert client.get("/api/jobs?page=0").status_code == 400


def test_starting_a_job_needs_a_csrf_token_and_a_curator(tmp_path):
    with jobs_app(tmp_path, folder_source(tmp_path)) as app:
        curator = signed_in_client(app, "curator")
        forged = curator.post("/jobs", data={"source": "pacific", "csrf_token": "forged"})
        assert forged.status_code == 400 and "did not come from this site" in forged.get_data(as_text=True)
        assert curator.post("/api/jobs", json={"source": "pacific"}).status_code == 400
        reader = signed_in_client(app, "reader")
        token = csrf_token(reader, "/signin")
        assert reader.post("/jobs", data={"csrf_token": token, "source": "pacific"}).status_code == 403
        assert reader.get("/jobs").status_code == 403
        anonymous = app.test_client()
        assert anonymous.get("/jobs/1").status_code == 401
        assert "Jobs</a>" not in page(reader, "/") and "Jobs</a>" in page(curator, "/")
        assert JobTable(app.extensions["kb"].settings.jobs_path).history()[1] == 0


def test_an_unknown_source_is_a_400_with_a_message(tmp_path):
    with jobs_app(tmp_path, folder_source(tmp_path)) as app:
        client = signed_in_client(app, "curator")
        response = start(client, "<b>nowhere</b>")
        assert response.status_code == 400
        text = response.get_data(as_text=True)
        assert "There is no source named &lt;b&gt;nowhere&lt;/b&gt;." in text
        assert start(client, "uploads").status_code == 400      # nothing uploaded yet
        assert "Nothing has been uploaded yet." in start(client, "uploads").get_data(as_text=True)


def test_uploads_are_ingested_again_as_the_source_uploads(tmp_path):
    with jobs_app(tmp_path, folder_source(tmp_path)) as app:
        uploads = app.extensions["kb"].settings.uploads_dir
        uploads.mkdir(parents=True)
        (uploads / "tonga.pdf").write_bytes(builders.make_pdf(["Tonga digital strategy."], title="Tonga"))
        client = signed_in_client(app, "curator")
        assert '<option value="uploads">' in page(client, "/jobs")
        url = start(client, "uploads").headers["Location"]
        html = wait_for(lambda: (h := page(client, url)) and 'http-equiv="refresh"' not in h and h,
                        "the uploads job to end")
        assert "Added: 1" in main(html) and "<code>tonga.pdf</code>" in html
        job = JobTable(app.extensions["kb"].settings.jobs_path).history()[0][0]
        assert (job.kind, job.source) == ("uploads", "uploads")
        hit = searched(app, "tonga")[0]
        assert hit["source"] == "uploads"


def test_command_line_runs_show_in_the_history_page(tmp_path):
    with jobs_app(tmp_path, folder_source(tmp_path)) as app:
        data = app.extensions["kb"].settings.data_dir
        run_kb("ingest", "folder", str(tmp_path / "docs"), "--source", "from-a-terminal", data_dir=data)
        history = main(page(signed_in_client(app, "curator"), "/jobs"))
        assert "from-a-terminal <span class=\"kind\">(folder)</span>" in history
        assert "(on the command line)" in history
        assert "2 added, 0 updated, 0 unchanged, 1 failed" in history


def test_the_history_is_paged(tmp_path):
    with jobs_app(tmp_path, folder_source(tmp_path)) as app:
        table = JobTable(app.extensions["kb"].settings.jobs_path)
        for n in range(30):
            table.finish(table.begin("folder", f"s{n}", "alice").id, "done", report=None)
        client = signed_in_client(app, "curator")
        first = main(page(client, "/jobs"))
        assert ">s29 <" in first and ">s5 <" in first and ">s4 <" not in first
        assert "Page 1 of 2" in first and 'href="/jobs?page=2"' in first
        second = main(page(client, "/jobs?page=2"))
        assert ">s4 <" in second and ">s0 <" in second and ">s5 <" not in second
        assert client.get("/jobs?page=x").status_code == 400


def test_the_job_pages_are_translated(tmp_path):
    with jobs_app(tmp_path, folder_source(tmp_path)) as app:
        client = signed_in_client(app, "curator")
        for lang, heading in (("fr", "Tâches d’ingestion"), ("es", "Tareas de ingesta"),
                              ("pt", "Tarefas de ingestão")):
            assert f"<h1>{heading}</h1>" in page(client, f"/jobs?lang={lang}")


def test_a_curator_stops_a_running_job_and_its_source_is_free_again(tmp_path):
    with GatedSite(count=5, gated=3) as site, jobs_app(tmp_path, site.sources_toml("held")) as app:
        client = signed_in_client(app, "curator")
        url = start(client, "held").headers["Location"]
        assert site.arrived.wait(120), "the job's worker never asked for the gated document"
        html = wait_for(lambda: (h := page(client, url)) and 'id="job-state">running<' in h and h,
                        "the job to run")
        assert ">Stop this job</button>" in html
        token = csrf_token(client, url)
        assert client.post(f"{url}/cancel").status_code == 400          # no CSRF token
        assert client.post(f"{url}/cancel", data={"csrf_token": token}).status_code == 303
        html = wait_for(lambda: (h := page(client, url)) and 'http-equiv="refresh"' not in h and h,
                        "the job to stop")
        assert 'id="job-state">cancelled<' in html
        assert "The job was stopped before it ended." in html
        assert "Stop this job" not in html
        # stopping it again: it has ended
        again = client.post(f"{url}/cancel", data={"csrf_token": token})
        assert again.status_code == 409 and "has already ended" in again.get_data(as_text=True)
        # the source takes a new job; a queued one is withdrawn at once through the API
        table = JobTable(app.extensions["kb"].settings.jobs_path)
        queued = table.queue("sync", "held", "admin")
        api = client.post(f"/api/jobs/{queued.id}/cancel", headers={"X-CSRFToken": token})
        assert api.status_code == 200 and api.get_json()["state"] == "cancelled"
        assert table.get(queued.id).state == "cancelled"
        french = page(client, f"{url}?lang=fr")
        assert "La tâche a été arrêtée avant sa fin." in french
