"""Curators' corrections, withdrawals, deletions and uploads over a real
catalog and a real Whoosh index: corrections survive a re-ingest of a changed
file and `kb reindex`; a withdrawn document stays out of the index whatever
is re-ingested; every change is in the audit log; the `kb` commands go
through the same code."""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

from kb.audit import AuditLog
from kb.curation import Conflict, InvalidChange, UploadedFile, safe_name
from kb.errors import NotFound
from kb.models import Query, document_id
from tests.conftest import run_kb
from tests.ingest import builders

FIJI = ["Fiji launched a one stop shop portal for business registration in Suva.",
        "The portal in Fiji cut waiting times; Fiji plans mobile services."]


def ingest_folder(settings, index, root):
    from ingest.catalog import Catalog
    from ingest.pipeline import run_job
    from ingest.sources.folder import FolderSource

    with Catalog(settings.catalog_path) as catalog:
        return run_job(FolderSource(root, name="docs"), index, catalog, limits=settings.limits,
                       workers=1, vectors=False, progress=False)


@pytest.fixture
def repo(tmp_path, settings, whoosh_index):
    from ingest.curation import CatalogCuration

    root = tmp_path / "docs"
    root.mkdir()
    path = root / "fiji.pdf"
    path.write_bytes(builders.make_pdf(FIJI, title="Fiji one stop shop"))
    report = ingest_folder(settings, whoosh_index, root)
    assert report.added == [str(path)], report.failed
    curation = CatalogCuration(settings, whoosh_index)
    return curation, document_id(str(path)), path, root


def country_counts(index) -> dict[str, int]:
    results = index.search(Query(facets=("country",), page_size=1))
    return {c.value: c.count for c in results.facets["country"]}


def test_an_edit_changes_the_index_at_once_and_is_recorded(repo, settings, whoosh_index):
    curation, doc_id, _, _ = repo
    assert whoosh_index.get(doc_id).countries == ("FJI",)
    assert country_counts(whoosh_index) == {"FJI": 1}
    doc = curation.edit("alice", doc_id, {"countries": "Samoa, TON", "title": "Samoa and Tonga portal",
                                          "doc_type": "Case study", "year": "2019"})
    assert doc.countries == ("WSM", "TON") and doc.doc_type == "case-study" and doc.year == 2019
    indexed = whoosh_index.get(doc_id)
    assert indexed.title == "Samoa and Tonga portal" and indexed.regions == ("Polynesia",)
    assert indexed.origins["countries"].kind == "curated"
    assert indexed.origins["countries"].reason.startswith("corrected by alice on ")
    assert country_counts(whoosh_index) == {"WSM": 1, "TON": 1}
    status = curation.status(doc_id)
    assert {c.field for c in status.corrections} == {"countries", "title", "doc_type", "year"}
    assert status.last_correction.user == "alice"
    [entry] = AuditLog(settings.audit_path).entries()
    assert (entry.user, entry.action, entry.target) == ("alice", "edit", doc_id)
    assert entry.before["countries"] == ["FJI"] and entry.after["countries"] == ["WSM", "TON"]
    assert entry.before["title"] == "Fiji one stop shop"


def test_bad_values_are_refused_with_a_reason_and_change_nothing(repo, whoosh_index):
    curation, doc_id, _, _ = repo
    for changes, words in (({"countries": "Atlantis"}, "No country"), ({"year": "twenty"}, "year"),
                           ({"title": "  "}, "title cannot be empty"), ({}, "Nothing to change"),
                           ({"size": "1"}, "not a field"), ({"practice.7.name": "x"}, "no practice card 7"),
                           ({"practice.1.outcome": "great"}, "outcome must be")):
        with pytest.raises(InvalidChange, match=words):
            curation.edit("alice", doc_id, changes)
    assert whoosh_index.get(doc_id).countries == ("FJI",)
    with pytest.raises(NotFound):
        curation.edit("alice", "0123456789abcdef", {"title": "x"})


def test_corrections_survive_a_re_ingest_of_a_changed_file(repo, settings, whoosh_index):
    curation, doc_id, path, root = repo
    curation.edit("alice", doc_id, {"countries": ["WSM"], "practice.1.name": "Samoa registry",
                                    "practice.1.outcome": "worked"})
    path.write_bytes(builders.make_pdf(FIJI + ["A new chapter about Fiji and Vanuatu."], title="Fiji v2"))
    report = ingest_folder(settings, whoosh_index, root)
    assert report.updated == [str(path)]
    doc = whoosh_index.get(doc_id)
    assert len(doc.pages) == 3                        # the new version was extracted
    assert doc.countries == ("WSM",) and doc.sids == ("Pacific",)
    assert doc.origins["countries"].kind == "curated"
    assert doc.title == "Fiji v2"                     # not corrected: the new file's own
    assert doc.practices[0].name.value == "Samoa registry"
    assert doc.practices[0].outcome.origin.kind == "curated"


def test_corrections_and_withdrawals_survive_kb_reindex(repo, settings, whoosh_index):
    curation, doc_id, _, root = repo
    other = root / "jamaica.pdf"
    other.write_bytes(builders.make_pdf(["Jamaica passed an electronic procurement act in Kingston."],
                                        title="Jamaica procurement"))
    ingest_folder(settings, whoosh_index, root)
    curation.edit("alice", doc_id, {"countries": ["BRB"], "language": "French"})
    curation.withdraw("alice", document_id(str(other)), "duplicate of a better copy")
    whoosh_index.close()
    run_kb("reindex", data_dir=settings.data_dir, check=0)
    out = json.loads(run_kb("search", "", "--json", data_dir=settings.data_dir, check=0).stdout)
    assert [h["id"] for h in out["hits"]] == [doc_id]            # the withdrawn one is not rebuilt
    assert {c["value"]: c["count"] for c in out["facets"]["country"]} == {"BRB": 1}
    explained = json.loads(run_kb("explain", doc_id, "--json", data_dir=settings.data_dir, check=0).stdout)
    fields = {row["field"]: row for row in explained["fields"]}
    assert fields["countries"]["value"] == ["BRB"] and fields["countries"]["origin"] == "curated"
    assert fields["countries"]["why"].startswith("corrected by alice on ")
    assert fields["language"]["value"] == "fr" and fields["language"]["origin"] == "curated"


def test_withdraw_hides_a_document_until_it_is_restored_even_across_re_ingest(repo, settings, whoosh_index):
    curation, doc_id, path, root = repo
    curation.edit("alice", doc_id, {"countries": ["WSM"]})
    with pytest.raises(InvalidChange, match="Say why"):
        curation.withdraw("alice", doc_id, " ")
    withdrawal = curation.withdraw("bob", doc_id, "superseded by the 2024 edition")
    assert withdrawal.reason == "superseded by the 2024 edition" and withdrawal.user == "bob"
    assert whoosh_index.get(doc_id) is None and whoosh_index.count() == 0
    with pytest.raises(Conflict):
        curation.withdraw("bob", doc_id, "again")
    path.write_bytes(builders.make_pdf(FIJI + ["Changed."], title="Fiji v3"))
    assert ingest_folder(settings, whoosh_index, root).updated == [str(path)]
    assert whoosh_index.get(doc_id) is None                      # still hidden
    assert curation.document(doc_id).title == "Fiji v3"           # kept up to date in the catalog
    [(doc, w)] = curation.withdrawn()
    assert doc.id == doc_id and w.reason.startswith("superseded")
    restored = curation.restore("carol", doc_id)
    assert restored.countries == ("WSM",) and whoosh_index.get(doc_id).title == "Fiji v3"
    with pytest.raises(Conflict):
        curation.restore("carol", doc_id)
    actions = [(e.user, e.action) for e in AuditLog(settings.audit_path).entries()]
    assert actions == [("carol", "restore"), ("bob", "withdraw"), ("alice", "edit")]


def test_delete_removes_from_index_and_catalog(repo, settings, whoosh_index):
    curation, doc_id, path, _ = repo
    curation.edit("alice", doc_id, {"title": "To go"})
    curation.delete("alice", doc_id)
    assert whoosh_index.get(doc_id) is None and curation.document(doc_id) is None
    assert curation.status(doc_id).corrections == ()
    assert path.exists()                    # not an upload: the source's file is left alone
    entry = AuditLog(settings.audit_path).entries()[0]
    assert entry.action == "delete" and entry.before["title"] == "To go" and entry.after["deleted"]
    with pytest.raises(NotFound):
        curation.delete("alice", doc_id)


def test_an_upload_is_ingested_as_the_uploads_source_with_its_metadata(settings, whoosh_index):
    from ingest.curation import CatalogCuration

    curation = CatalogCuration(settings, whoosh_index)
    data = builders.make_pdf(FIJI, title="Uploaded report")
    report = curation.upload("alice", [UploadedFile("../../reports/Fiji report.pdf", data)],
                             {"countries": "Tuvalu", "doc_type": "strategy", "organisation": "PIFS"})
    assert report.failed == [] and len(report.added) == 1
    row = report.added[0]
    stored = settings.uploads_dir / safe_name("Fiji report.pdf", hashlib.sha256(data).hexdigest())
    assert sorted(p.name for p in settings.uploads_dir.iterdir()) == [stored.name]
    assert row["name"] == "Fiji report.pdf" and row["id"] == document_id(str(stored))
    doc = whoosh_index.get(row["id"])
    assert doc.source == "uploads" and doc.countries == ("TUV",) and doc.organisation == "PIFS"
    assert doc.origins["countries"].kind == "curated"
    # the same bytes again, under another name: stored once, reported as already there
    twice = curation.upload("bob", [UploadedFile("copy.pdf", data)], {})
    assert twice.added == [] and [r["id"] for r in twice.unchanged] == [row["id"]]
    assert len(list(settings.uploads_dir.iterdir())) == 1
    # a re-ingest of the uploads folder, as a curator would run it, keeps the metadata
    from ingest.catalog import Catalog
    from ingest.pipeline import run_job
    from ingest.sources.folder import FolderSource
    stored.write_bytes(builders.make_pdf(FIJI + ["Second edition."], title="Uploaded report v2"))
    with Catalog(settings.catalog_path) as catalog:
        again = run_job(FolderSource(settings.uploads_dir, name="uploads"), whoosh_index, catalog,
                        limits=settings.limits, workers=1, vectors=False, progress=False)
    assert again.updated == [str(stored)]
    doc = whoosh_index.get(row["id"])
    assert len(doc.pages) == 3 and doc.countries == ("TUV",) and doc.doc_type == "strategy"
    # deleting an upload removes its file
    curation.delete("alice", row["id"])
    assert not stored.exists()
    assert [e.action for e in AuditLog(settings.audit_path).entries()][-1] == "upload"


def test_the_kb_commands_edit_withdraw_restore_delete_and_audit(repo, settings, whoosh_index):
    _, doc_id, path, _ = repo
    whoosh_index.close()
    data = settings.data_dir
    out = run_kb("edit", str(path), "--country", "Fiji", "--country", "VUT", "--title", "Edited <b>",
                 "--practice", "1.name=Vanuatu desk", "--as", "dana", data_dir=data, check=0).stdout
    assert f"Corrected Edited <b> (id {doc_id})" in out
    assert "No country" in run_kb("edit", doc_id, "--country", "Narnia", data_dir=data, check=2).stderr
    run_kb("withdraw", doc_id, "--reason", "checking", "--as", "dana", data_dir=data, check=0)
    hits = json.loads(run_kb("search", "", "--json", data_dir=data, check=0).stdout)
    assert hits["total"] == 0
    run_kb("restore", doc_id, data_dir=data, check=0)
    hits = json.loads(run_kb("search", "", "--country", "VUT", "--json", data_dir=data, check=0).stdout)
    assert [h["id"] for h in hits["hits"]] == [doc_id]
    log = json.loads(run_kb("audit", "--json", data_dir=data, check=0).stdout)
    assert [e["action"] for e in log] == ["restore", "withdraw", "edit"]
    assert log[1]["user"] == "dana" and log[1]["after"]["reason"] == "checking"
    assert log[0]["user"] not in ("", "dana")                     # the OS user
    assert log[2]["after"]["practice.1.name"] == "Vanuatu desk"
    run_kb("delete", doc_id, "--yes", data_dir=data, check=0)
    assert json.loads(run_kb("search", "", "--json", data_dir=data, check=0).stdout)["total"] == 0
    assert "delete" in run_kb("audit", "--limit", "1", data_dir=data, check=0).stdout


def test_kb_users_changes_and_tokens_are_audited(tmp_path):
    from kb.accounts import Accounts

    data = tmp_path / "var"
    env = dict(os.environ, KB_DATA_DIR=str(data))
    subprocess.run([sys.executable, "-m", "kb.cli", "users", "add", "eve", "--password-stdin"],
                   input="a long password 1\n", text=True, env=env, check=True, capture_output=True)
    token = run_kb("users", "token", "eve", data_dir=data, check=0).stdout.strip()
    assert token.startswith("kb_") and len(token) > 40
    accounts = Accounts(data / "accounts.sqlite")
    assert accounts.by_token(token).name == "eve"
    assert token not in (data / "accounts.sqlite").read_bytes().decode("latin-1")
    second = run_kb("users", "token", "eve", data_dir=data, check=0).stdout.strip()
    assert accounts.by_token(token) is None and accounts.by_token(second).name == "eve"
    run_kb("users", "role", "eve", "admin", data_dir=data, check=0)
    run_kb("users", "remove", "eve", data_dir=data, check=0)
    assert accounts.by_token(second) is None
    log = json.loads(run_kb("audit", "--json", data_dir=data, check=0).stdout)
    assert [e["action"] for e in log] == ["user-remove", "user-role", "user-token", "user-token", "user-add"]
    assert log[1]["before"] == {"role": "curator"} and log[1]["after"] == {"role": "admin"}
    assert all(token not in json.dumps(e) for e in log)


@pytest.mark.parametrize("given, stored", [
    ("../../etc/passwd", "passwd"),
    ("..\\..\\windows\\win.ini", "win.ini"),
    ("<script>alert(1)</script>.pdf", "script-.pdf"),
    ("café résumé.docx", "cafe-resume.docx"),
    (".hidden.pdf", "hidden.pdf"),
    ("", "upload"),
    ("...", "upload"),
    ("a" * 300 + ".pptx", "a" * 75 + ".pptx"),
])
def test_upload_names_are_made_by_the_server(given, stored):
    digest = hashlib.sha256(b"x").hexdigest()
    name = safe_name(given, digest)
    assert name == f"{digest[:16]}-{stored}"
    assert "/" not in name and "\\" not in name and not name.startswith(".") and len(name) <= 97
