"""Curators in the browser and through the JSON API, on the real app over a
real Whoosh index and catalog under a temporary data directory: upload with
curated metadata (hostile files too), correct a document, withdraw, restore
and delete it, the audit log, API tokens and CSRF."""
from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from kb.accounts import Accounts
from kb.audit import AuditLog
from tests.ingest import builders
from tests.web.test_accounts import DOCS, PASSWORDS, csrf_token, kb_app, signed_in_client

FIJI = ["Tonga opened a one stop shop portal for business registration in Nuku'alofa.",
        "The Tonga portal cut waiting times for licences."]


@pytest.fixture
def app(tmp_path):
    with kb_app(tmp_path / "var", vectors="off", workers=1, max_file_mb=0.2, max_unzipped_mb=1) as app:
        yield app


def data_dir(app) -> Path:
    return app.extensions["kb"].settings.data_dir


def upload(client, files: list[tuple[str, bytes]], **fields):
    data = {"csrf_token": csrf_token(client, "/upload"), **fields,
            "files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/upload", data=data, content_type="multipart/form-data")


def facet(client, name: str, **params) -> dict[str, int]:
    data = client.get("/api/search", query_string=params).get_json()
    return {row["value"]: row["count"] for row in data["facets"][name]}


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def added_id(html: str) -> str:
    return re.search(r'href="/documents/([0-9a-f]{16})"', html).group(1)


# ------------------------------------------------------------------ upload

def test_a_curator_uploads_files_with_curated_metadata_and_reads_what_happened(app):
    curator = signed_in_client(app, "curator")
    form = curator.get("/upload").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="countries"' in form
    pdf = builders.make_pdf(FIJI, title="Tonga portal review")
    response = upload(curator, [("Tonga portal.pdf", pdf), ("empty.pdf", b"")],
                      countries="Tonga", doc_type="case-study", year="2022", organisation="MEIDECC")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 document added" in html and "Tonga portal review" in html and "Tonga portal.pdf" in html
    assert "1 file failed" in html and "empty.pdf" in html and "empty: the file has no content" in html
    doc_id = added_id(html)
    hits = curator.get("/api/search", query_string={"country": "TON"}).get_json()["hits"]
    assert [h["id"] for h in hits] == [doc_id] and hits[0]["source"] == "uploads"
    page = app.test_client().get(f"/documents/{doc_id}").get_data(as_text=True)
    assert re.search(r"Curated by curator on \w+ \d", page)
    assert "MEIDECC" in page
    original = app.test_client().get(f"/documents/{doc_id}/original")
    assert original.status_code == 200 and original.data == pdf
    assert data_dir(app).as_posix() not in page            # no server path on the page
    entry = AuditLog(data_dir(app) / "audit.sqlite").entries()[0]
    assert (entry.user, entry.action, entry.target) == ("curator", "upload", doc_id)
    assert entry.after["curated"]["countries"] == ["TON"]


def test_an_upload_is_a_job_of_the_history_and_waits_for_a_running_reingest_of_uploads(app):
    from kb.jobs import JobTable

    curator = signed_in_client(app, "curator")
    table = JobTable(data_dir(app) / "jobs.sqlite")
    pdf = builders.make_pdf(FIJI, title="Tonga portal review")
    assert upload(curator, [("Tonga portal.pdf", pdf)]).status_code == 200
    jobs, total = table.history()
    assert total == 1
    assert (jobs[0].kind, jobs[0].source, jobs[0].started_by, jobs[0].via, jobs[0].state) == \
        ("uploads", "uploads", "curator", "web", "done")
    assert len(jobs[0].report["added"]) == 1
    stored_name = jobs[0].report["added"][0]
    assert stored_name.endswith("-Tonga-portal.pdf") and "/" not in stored_name   # no server path
    assert stored_name in curator.get(f"/jobs/{jobs[0].id}").get_data(as_text=True)
    # while a re-ingest of the uploads runs, an upload is refused before anything is stored
    stored = files_under(data_dir(app) / "uploads")
    running = table.begin("uploads", "uploads", "admin", via="web")
    other = builders.make_pdf(["A different report on Samoa's digital identity card."], title="Samoa ID")
    refused = upload(curator, [("samoa.pdf", other)])
    assert refused.status_code == 409
    assert re.search(rf"\b{running.id}\b", refused.get_data(as_text=True))      # names the running job
    assert files_under(data_dir(app) / "uploads") == stored
    assert table.history()[1] == 2          # the refused upload started no job
    table.finish(running.id, "done", report={})
    assert upload(curator, [("samoa.pdf", other)]).status_code == 200


def test_an_upload_without_files_or_with_a_bad_value_is_a_400_with_a_message(app):
    curator = signed_in_client(app, "curator")
    response = upload(curator, [])
    assert response.status_code == 400 and "Choose at least one file" in response.get_data(as_text=True)
    response = upload(curator, [("a.pdf", builders.make_pdf(FIJI))], countries="Atlantis")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "No country" in html and "Atlantis" in html
    assert not (data_dir(app) / "uploads").exists() or not list((data_dir(app) / "uploads").iterdir())


def test_hostile_uploads_are_stored_safely_escaped_and_reported(app):
    curator = signed_in_client(app, "curator")
    root = data_dir(app)
    before = files_under(root.parent)
    html_as_pdf = (b"<html><head><title>Not a PDF <script>alert('t')</script></title></head><body>"
                   b"<p>Tonga portal notes <script>alert('body')</script> on e-services for citizens, "
                   b"with enough words to be a page of text about registration.</p></body></html>")
    files = [
        ("../../../../outside.pdf", builders.make_pdf(FIJI, title="Escaping name")),
        ("<script>alert('n')</script>.pdf", builders.make_pdf(["Samoa identity roadmap text."],
                                                               title="Script name")),
        ("report.pdf", html_as_pdf),
        ("bomb.pptx", builders.make_zip_bomb_pptx(inflated_bytes=8 * 1024 * 1024)),
        ("empty.docx", b""),
        ("huge.pdf", os.urandom(300 * 1024)),
    ]
    response = upload(curator, files, title="<script>alert('title')</script> review")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script>alert" not in html
    # a name's folders are dropped ("</script>.pdf" has one), what is left is escaped
    assert '<span class="n">script&gt;.pdf</span>' in html and '<span class="n">outside.pdf</span>' in html
    assert "too large: 0.3 MB is over the 0.2 MB limit" in html
    assert "3 documents added" in html and "3 files failed" in html
    for name, words in (("bomb.pptx", "too large"), ("empty.docx", "empty"), ("huge.pdf", "too large")):
        assert re.search(rf"<strong>{re.escape(name)}</strong>: <span lang=\"en\">[^<]*{words}", html), name
    # nothing written outside the uploads folder but the data directory's own files
    new = files_under(root.parent) - before
    outside = {p for p in new if not p.startswith("var/uploads/")
               and not re.fullmatch(r"var/(catalog|audit|jobs)\.sqlite(-wal|-shm)?|var/index/.*", p)}
    assert outside == set()
    stored = sorted(p.name for p in (root / "uploads").iterdir())
    assert len(stored) == 3
    assert all(re.fullmatch(r"[0-9a-f]{16}-[A-Za-z0-9._-]+", name) for name in stored), stored
    assert not (root.parent / "outside.pdf").exists() and not (root / "outside.pdf").exists()
    # the curated title and the HTML's own script are escaped on every page that shows them
    for doc_id in set(re.findall(r'href="/documents/([0-9a-f]{16})"', html)):
        page = app.test_client().get(f"/documents/{doc_id}").get_data(as_text=True)
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; review" in page
    results = app.test_client().get("/?q=review").get_data(as_text=True)
    assert "<script>alert" not in results and "&lt;script&gt;" in results


def test_a_request_larger_than_the_upload_limit_is_a_413_not_a_500(app):
    curator = signed_in_client(app, "curator")
    big = [(f"f{i}.pdf", os.urandom(300 * 1024)) for i in range(5)]     # over 4 x 0.2 MB + 1 MB
    big.append(("g.pdf", os.urandom(1024 * 1024)))
    response = upload(curator, big)
    assert response.status_code == 413
    assert "larger than this server accepts" in response.get_data(as_text=True)
    # whoever may not upload gets the small forms' limit: refused before the body is read
    small = [("f.pdf", os.urandom(100 * 1024))]
    read = upload(curator, small)          # a curator's 100 kB file is read (random bytes: reported)
    assert read.status_code == 422 and "1 file failed" in read.get_data(as_text=True)
    reader = signed_in_client(app, "reader")
    for client in (reader, app.test_client()):
        response = client.post("/upload", data={"files": [(io.BytesIO(os.urandom(100 * 1024)), "f.pdf")]},
                               content_type="multipart/form-data")
        assert response.status_code == 413


# ------------------------------------------------------------------ edit

def test_correcting_a_document_changes_the_facets_at_once(app):
    curator = signed_in_client(app, "curator")
    doc = DOCS[0]
    assert facet(curator, "country") == {"FJI": 1, "WSM": 1}
    form = curator.get(f"/documents/{doc.id}/edit").get_data(as_text=True)
    assert 'value="FJI"' in form and 'value="Fiji portal"' in form and "A new practice card" in form
    token = csrf_token(curator, f"/documents/{doc.id}/edit")
    response = curator.post(f"/documents/{doc.id}/edit", data={
        "csrf_token": token, "title": "Fiji portal", "countries": "Samoa", "doc_type": "report",
        "year": "2020", "topics": "e-services", "language": "en", "organisation": "",
        "practice.1.name": "Samoa business portal", "practice.1.outcome": "partly"})
    assert response.status_code == 303 and response.headers["Location"] == f"/documents/{doc.id}"
    assert facet(app.test_client(), "country") == {"WSM": 2}
    page = app.test_client().get(f"/documents/{doc.id}").get_data(as_text=True)
    assert re.search(r"Curated by curator on \w+ \d", page) and "Samoa business portal" in page
    entry = AuditLog(data_dir(app) / "audit.sqlite").entries()[0]
    assert entry.before == {"countries": ["FJI"], "practice.1.name": None, "practice.1.outcome": None}
    assert entry.after == {"countries": ["WSM"], "practice.1.name": "Samoa business portal",
                           "practice.1.outcome": "partly"}
    # a bad value: the form again, with the reason and what was typed
    response = curator.post(f"/documents/{doc.id}/edit", data={
        "csrf_token": token, "title": "Fiji portal", "countries": "Narnia", "year": "20x0"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "No country" in html and 'value="Narnia"' in html


def test_the_edit_form_is_translated(app):
    curator = signed_in_client(app, "curator")
    html = curator.get(f"/documents/{DOCS[0].id}/edit?lang=fr").get_data(as_text=True)
    assert "Corriger les métadonnées" in html


# ------------------------------------------------------------------ withdraw, restore, delete

def test_a_withdrawn_document_is_gone_for_readers_and_marked_for_curators(app):
    curator = signed_in_client(app, "curator")
    doc = DOCS[1]
    reader = app.test_client()
    assert reader.get(f"/documents/{doc.id}").status_code == 200
    response = curator.post(f"/documents/{doc.id}/withdraw",
                            data={"csrf_token": csrf_token(curator, f"/documents/{doc.id}"),
                                  "reason": "wrong <b>country</b>"})
    assert response.status_code == 303
    for client in (reader, signed_in_client(app, "reader")):
        assert client.get(f"/documents/{doc.id}").status_code == 404
        assert client.get(f"/api/documents/{doc.id}").status_code == 404
        assert client.get(f"/documents/{doc.id}/original").status_code == 404
        assert client.get(f"/documents/{doc.id}/pages/1").status_code == 404
        assert [h["id"] for h in client.get("/api/search?q=identity").get_json()["hits"]] == []
        assert facet(client, "country") == {"FJI": 1}
        assert "Samoa identity" not in client.get("/feed.atom").get_data(as_text=True)
        assert "Samoa identity" not in client.get("/export.csv").get_data(as_text=True)
    page = curator.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "Withdrawn by curator on" in page and "wrong &lt;b&gt;country&lt;/b&gt;" in page
    assert ">Restore</button>" in page
    assert curator.get(f"/documents/{doc.id}/pages/1?q=identity").status_code == 200
    listed = curator.get("/withdrawn").get_data(as_text=True)
    assert "Samoa identity" in listed and "wrong &lt;b&gt;country&lt;/b&gt;" in listed
    response = curator.post(f"/documents/{doc.id}/restore", data={"csrf_token": csrf_token(curator, "/withdrawn")})
    assert response.status_code == 303
    assert reader.get(f"/documents/{doc.id}").status_code == 200
    assert facet(reader, "country") == {"FJI": 1, "WSM": 1}
    # restoring what is not withdrawn: a 409 with a reason
    again = curator.post(f"/documents/{doc.id}/restore", data={"csrf_token": csrf_token(curator, "/withdrawn")})
    assert again.status_code == 409 and "not withdrawn" in again.get_data(as_text=True)


def test_delete_asks_first_then_removes_the_document(app):
    curator = signed_in_client(app, "curator")
    doc = DOCS[1]
    ask = curator.get(f"/documents/{doc.id}/delete").get_data(as_text=True)
    assert "Delete this document?" in ask and 'name="confirm"' in ask
    token = csrf_token(curator, f"/documents/{doc.id}/delete")
    refused = curator.post(f"/documents/{doc.id}/delete", data={"csrf_token": token})
    assert refused.status_code == 400 and "Confirm" in refused.get_data(as_text=True)
    assert app.test_client().get(f"/documents/{doc.id}").status_code == 200
    done = curator.post(f"/documents/{doc.id}/delete", data={"csrf_token": token, "confirm": "yes"})
    assert done.status_code == 200 and "has been deleted" in done.get_data(as_text=True)
    assert app.test_client().get(f"/documents/{doc.id}").status_code == 404
    assert curator.get(f"/documents/{doc.id}").status_code == 404


def test_readers_see_no_curation_buttons_and_curators_do(app):
    page = app.test_client().get(f"/documents/{DOCS[0].id}").get_data(as_text=True)
    assert "Correct the metadata" not in page and "/upload" not in page
    page = signed_in_client(app, "curator").get(f"/documents/{DOCS[0].id}").get_data(as_text=True)
    assert "Correct the metadata" in page and 'href="/upload"' in page and "/audit" not in page
    assert 'href="/audit"' in signed_in_client(app, "admin").get("/").get_data(as_text=True)


# ------------------------------------------------------------------ the JSON API and tokens

def test_scripts_use_a_bearer_token_without_csrf_and_cookies_still_need_it(app):
    accounts = Accounts(data_dir(app) / "accounts.sqlite")
    token = accounts.issue_token("curator")
    doc = DOCS[0]
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {token}"}
    response = client.patch(f"/api/documents/{doc.id}", json={"countries": ["VUT"]}, headers=bearer)
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["countries"] == ["VUT"] and data["corrections"][0]["by"] == "curator"
    assert facet(client, "country") == {"VUT": 1, "WSM": 1}
    bad = client.patch(f"/api/documents/{doc.id}", json={"countries": ["Narnia"]}, headers=bearer)
    assert bad.status_code == 400 and "No country" in bad.get_json()["error"]["message"]
    # a wrong token, another scheme, a reader's token
    for headers, status in (({"Authorization": "Bearer kb_forged"}, 401), ({"Authorization": "Basic eDp5"}, 401),
                            ({"Authorization": f"Bearer {accounts.issue_token('reader')}"}, 403)):
        response = client.patch(f"/api/documents/{doc.id}", json={"title": "x"}, headers=headers)
        assert response.status_code == status, headers
    # a browser session without the CSRF token is refused, with it accepted
    curator = signed_in_client(app, "curator")
    refused = curator.patch(f"/api/documents/{doc.id}", json={"title": "Via cookie"})
    assert refused.status_code == 400 and refused.get_json()["error"]["kind"] == "csrf"
    accepted = curator.patch(f"/api/documents/{doc.id}", json={"title": "Via cookie"},
                             headers={"X-CSRFToken": csrf_token(curator, "/upload")})
    assert accepted.status_code == 200 and accepted.get_json()["title"] == "Via cookie"
    # withdraw, restore, upload and delete by token
    assert client.post(f"/api/documents/{doc.id}/withdraw", json={}, headers=bearer).status_code == 400
    withdrawn = client.post(f"/api/documents/{doc.id}/withdraw", json={"reason": "check"}, headers=bearer)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["withdrawn"] is True
    assert client.get(f"/api/documents/{doc.id}").status_code == 404
    assert client.post(f"/api/documents/{doc.id}/restore", headers=bearer).get_json()["withdrawn"] is False
    sent = client.post("/api/uploads", headers=bearer, content_type="multipart/form-data",
                       data={"files": [(io.BytesIO(builders.make_pdf(FIJI)), "t.pdf")], "countries": "TON"})
    assert sent.status_code == 201 and sent.get_json()["counts"] == {"added": 1, "unchanged": 0, "failed": 0}
    larger = client.post("/api/uploads", headers=bearer, content_type="multipart/form-data",
                         data={"files": [(io.BytesIO(os.urandom(100 * 1024)), "noise.pdf")]})
    assert larger.status_code == 422 and larger.get_json()["failed"][0]["name"] == "noise.pdf"
    assert client.delete(f"/api/documents/{doc.id}", headers=bearer).status_code == 400
    gone = client.delete(f"/api/documents/{doc.id}?confirm=yes", headers=bearer)
    assert gone.status_code == 200 and gone.get_json()["deleted"] == doc.id
    log = AuditLog(data_dir(app) / "audit.sqlite").entries()
    assert [e.action for e in log][:4] == ["delete", "upload", "restore", "withdraw"]


# ------------------------------------------------------------------ the audit log

def test_the_audit_log_is_for_admins_paged_and_escaped(app):
    log = AuditLog(data_dir(app) / "audit.sqlite")
    for i in range(55):
        log.record("curator", "edit", f"doc{i:02d}", {"title": "old"}, {"title": f"<script>alert({i})</script>"})
    assert signed_in_client(app, "curator").get("/audit").status_code == 403
    assert app.test_client().get("/audit").status_code == 401
    admin = signed_in_client(app, "admin")
    first = admin.get("/audit").get_data(as_text=True)
    assert "55 changes recorded" in first and "doc54" in first and "doc04" not in first
    assert "<script>alert" not in first and "\\u003cscript\\u003ealert(54)" in first
    assert 'href="/audit?page=2"' in first
    second = admin.get("/audit?page=2").get_data(as_text=True)
    assert "doc04" in second and "doc54" not in second
    assert admin.get("/audit?page=abc").status_code == 200
    data = admin.get("/api/audit?page=2").get_json()
    assert data["total"] == 55 and len(data["entries"]) == 5 and data["entries"][0]["target"] == "doc04"
    # an admin's script reads it with its API token; a curator's token, a forged one, none: refused
    accounts = Accounts(data_dir(app) / "accounts.sqlite")
    script = app.test_client()
    by_token = script.get("/api/audit", headers={"Authorization": f"Bearer {accounts.issue_token('admin')}"})
    assert by_token.status_code == 200 and by_token.get_json()["entries"][0]["target"] == "doc54"
    for headers, status in (({"Authorization": f"Bearer {accounts.issue_token('curator')}"}, 403),
                            ({"Authorization": "Bearer kb_forged"}, 401), ({}, 401)):
        assert script.get("/api/audit", headers=headers).status_code == status, headers


def test_every_curation_write_refuses_a_cookie_request_without_a_csrf_token(app):
    """Each new state-changing route, for a signed-in curator: no token, or a
    forged one, is a 400 and changes nothing."""
    curator = signed_in_client(app, "curator")
    doc = DOCS[0].id
    routes = [("POST", "/upload"), ("POST", f"/documents/{doc}/edit"), ("POST", f"/documents/{doc}/withdraw"),
              ("POST", f"/documents/{doc}/restore"), ("POST", f"/documents/{doc}/delete"),
              ("PATCH", f"/api/documents/{doc}"), ("DELETE", f"/api/documents/{doc}?confirm=yes"),
              ("POST", f"/api/documents/{doc}/withdraw"), ("POST", f"/api/documents/{doc}/restore"),
              ("POST", "/api/uploads")]
    written = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith(("curation.", "api_curation."))
               and r.methods & {"POST", "PATCH", "DELETE"}}
    assert {re.sub(r"/[0-9a-f]{16}", "/<id>", path.split("?")[0]) for _, path in routes} == written
    for method, path in routes:
        for data in ({"reason": "x", "confirm": "yes", "title": "Forged", "countries": "WSM"},
                     {"csrf_token": "forged", "reason": "x", "confirm": "yes", "title": "Forged"}):
            response = curator.open(path, method=method, data=data)
            assert response.status_code == 400, (method, path)
            assert "did not come from this site" in response.get_data(as_text=True)
    assert app.test_client().get(f"/api/documents/{doc}").get_json()["title"] == "Fiji portal"
    assert AuditLog(data_dir(app) / "audit.sqlite").count() == 0
