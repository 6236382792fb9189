"""The job table and its workers: real SQLite files, real `kb` processes,
real folder and HTTP sources in tmp_path.

What a curator relies on: one job per source whoever asks (enforced by the
database, across processes), a job taken by one worker only, a job whose
worker was killed shown as failed (and its source free again), and every
command-line run in the same history as the browser's."""
from __future__ import annotations

import getpass
import json
import multiprocessing as mp
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from kb import jobs as kb_jobs
from kb.jobs import JobTable, SourceBusy
from kb.settings import Settings
from tests.conftest import run_kb
from tests.ingest import builders
from tests.ingest.gated_site import GatedSite


def wait_for(predicate, what: str, timeout: float = 90.0):
    """Poll until `predicate()` is truthy (a guard against hanging, not a
    measure of speed: nothing is asserted about how long it took)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def folder_of_documents(folder: Path, count: int = 3, broken: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"report-{n}.pdf").write_bytes(builders.make_pdf(
            [f"Digital government in Samoa, report {n}.", "The one stop shop portal."],
            title=f"Samoa report {n}"))
    if broken:
        (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not really a PDF")
    return folder


# ------------------------------------------------------------------ the table

def test_one_active_job_per_source_is_a_rule_of_the_database(tmp_path):
    table = JobTable(tmp_path / "jobs.sqlite")
    first = table.queue("sync", "fiji-laws", "alice")
    with pytest.raises(SourceBusy) as refused:
        JobTable(tmp_path / "jobs.sqlite").queue("sync", "fiji-laws", "bob")
    assert refused.value.status == 409 and refused.value.job_id == first.id
    assert "fiji-laws already has a job" in str(refused.value)
    # not only in Python: a plain INSERT is refused by the database itself
    with sqlite3.connect(tmp_path / "jobs.sqlite") as db, pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO jobs (kind, source, started_by, via, state, created)"
                   " VALUES ('sync', 'fiji-laws', 'mallory', 'cli', 'running', 0)")
    # another source is free, and so is this one once its job has ended
    table.queue("sync", "samoa-portal", "bob")
    table.finish(first.id, "done", report={"counts": {}})
    assert table.queue("sync", "fiji-laws", "bob").state == "queued"


def _queue_in_a_process(path: str, who: str, results) -> None:
    try:
        JobTable(Path(path)).queue("sync", "contested", who)
        results.put(("queued", who))
    except SourceBusy:
        results.put(("busy", who))


def test_processes_racing_for_a_source_get_one_job(tmp_path):
    path = str(tmp_path / "jobs.sqlite")
    JobTable(Path(path))
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    procs = [ctx.Process(target=_queue_in_a_process, args=(path, f"p{n}", results)) for n in range(4)]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(60)
    assert sorted(o for o, _ in outcomes) == ["busy", "busy", "busy", "queued"]
    rows, total = JobTable(Path(path)).history()
    assert total == 1 and rows[0].started_by == next(w for o, w in outcomes if o == "queued")


def _claim_in_a_process(path: str, job_id: int, results) -> None:
    job = JobTable(Path(path)).claim(job_id)
    results.put(os.getpid() if job is not None else None)


def test_a_queued_job_is_taken_by_one_worker_only(tmp_path):
    path = str(tmp_path / "jobs.sqlite")
    job = JobTable(Path(path)).queue("sync", "once", "alice")
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    procs = [ctx.Process(target=_claim_in_a_process, args=(path, job.id, results)) for _ in range(4)]
    for p in procs:
        p.start()
    takers = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(60)
    winners = [t for t in takers if t is not None]
    assert len(winners) == 1
    claimed = JobTable(Path(path)).get(job.id)
    assert claimed.state == "running" and claimed.pid == winners[0]


def test_a_job_whose_heartbeat_stopped_is_failed(tmp_path):
    """A worker on another machine (its pid means nothing here) that stopped
    writing its heartbeat: failed once the heartbeat is older than the limit."""
    table = JobTable(tmp_path / "jobs.sqlite")
    job = table.begin("folder", "elsewhere", "alice")
    with sqlite3.connect(table.path) as db:
        db.execute("UPDATE jobs SET host = 'another-machine', heartbeat = ? WHERE id = ?",
                   (time.time() - kb_jobs.STALE_AFTER - 5, job.id))
    ended = table.current(job.id)
    assert ended.state == "failed" and ended.error == kb_jobs.WORKER_SILENT
    # this machine's own running job, alive and beating, is left alone
    mine = table.begin("folder", "here", "alice")
    assert table.current(mine.id).state == "running"


# ------------------------------------------------------------------ the pipeline's progress

def test_the_pipeline_tells_its_progress_item_by_item(tmp_path, settings):
    from indexes.whoosh import WhooshIndex
    from ingest.catalog import Catalog
    from ingest.pipeline import run_job
    from ingest.sources.folder import FolderSource

    folder = folder_of_documents(tmp_path / "docs", count=3, broken=True)
    updates = []
    index = WhooshIndex(tmp_path / "index")
    try:
        with Catalog(tmp_path / "catalog.sqlite") as catalog:
            report = run_job(FolderSource(folder), index, catalog, limits=settings.limits, workers=1,
                             on_progress=updates.append)
    finally:
        index.close()
    assert updates[0].done == 0 and updates[0].total == 4
    done = [u.done for u in updates]
    assert done == sorted(done) and done[-1] == 4
    assert {u.current for u in updates if u.current} == {str(p) for p in sorted(folder.iterdir())}
    assert updates[-1].counts["added"] == 3 and updates[-1].counts["failed"] == 1
    assert len(report.added) == 3


# ------------------------------------------------------------------ the command line

def test_command_line_runs_are_in_the_job_history(tmp_path):
    data = tmp_path / "var"
    folder = folder_of_documents(tmp_path / "docs")
    run_kb("ingest", "folder", str(folder), "--source", "samoa", data_dir=data, check=1)
    listed = json.loads(run_kb("jobs", "list", "--json", data_dir=data, check=0).stdout)
    assert listed["total"] == 1
    job = listed["jobs"][0]
    assert (job["kind"], job["source"], job["via"], job["state"]) == ("folder", "samoa", "cli", "done")
    assert job["started_by"] == getpass.getuser()
    assert job["report"]["counts"]["added"] == 3 and job["report"]["counts"]["failed"] == 1
    # paths relative to the source's folder: no server path in the history
    assert job["report"]["failed"][0]["uri"] == "broken.pdf"
    assert sorted(job["report"]["added"]) == ["report-0.pdf", "report-1.pdf", "report-2.pdf"]
    shown = run_kb("jobs", "show", str(job["id"]), data_dir=data, check=0).stdout
    assert "samoa" in shown and "failed: broken.pdf" in shown


def test_a_command_line_run_for_a_busy_source_is_refused(tmp_path):
    data = tmp_path / "var"
    folder = folder_of_documents(tmp_path / "docs", count=1, broken=False)
    waiting = JobTable(data / "jobs.sqlite").queue("sync", "samoa", "alice")
    refused = run_kb("ingest", "folder", str(folder), "--source", "samoa", data_dir=data)
    assert refused.returncode == 1
    assert f"samoa already has a job ({waiting.id}) queued or running" in refused.stderr
    assert JobTable(data / "jobs.sqlite").history()[1] == 1      # nothing ran, nothing recorded


def test_kb_jobs_start_runs_a_named_source_in_a_worker_process(tmp_path):
    data = tmp_path / "var"
    folder_of_documents(tmp_path / "docs", count=2, broken=False)
    (tmp_path / "kb.toml").write_text('[sources.samoa]\nkind = "folder"\npath = "docs"\n')
    started = run_kb("jobs", "start", "samoa", "--wait", data_dir=data, cwd=tmp_path, check=0)
    assert "Job 1 started for samoa" in started.stdout
    job = JobTable(data / "jobs.sqlite").get(1)
    assert job.state == "done" and job.report["counts"]["added"] == 2
    assert job.pid not in (None, os.getpid())           # run by the worker process it started
    unknown = run_kb("jobs", "start", "nowhere", data_dir=data, cwd=tmp_path)
    assert unknown.returncode == 2 and "There is no source named nowhere." in unknown.stderr


def test_kb_jobs_worker_serves_the_queue(tmp_path):
    """Jobs queued while no worker ran (a server stopped mid-way) are run by
    `kb jobs worker --once`, oldest first."""
    data = tmp_path / "var"
    folder_of_documents(tmp_path / "a", count=1, broken=False)
    folder_of_documents(tmp_path / "b", count=2, broken=False)
    (tmp_path / "kb.toml").write_text('[sources.a]\nkind = "folder"\npath = "a"\n'
                                      '[sources.b]\nkind = "folder"\npath = "b"\n')
    table = JobTable(data / "jobs.sqlite")
    first, second = table.queue("sync", "a", "alice"), table.queue("sync", "b", "bob")
    out = run_kb("jobs", "worker", "--once", data_dir=data, cwd=tmp_path, check=0).stdout
    assert out.index(f"{first.id:>5}  done") < out.index(f"{second.id:>5}  done")
    assert table.get(first.id).report["counts"]["added"] == 1
    assert table.get(second.id).report["counts"]["added"] == 2


# ------------------------------------------------------------------ a killed worker

def test_a_killed_worker_leaves_its_job_failed_and_its_source_free(tmp_path):
    data = tmp_path / "var"
    with GatedSite(count=4, gated=3) as site:
        (tmp_path / "kb.toml").write_text(site.sources_toml("held"))
        settings = Settings(data_dir=data, workers=1, sources=str(tmp_path / "kb.toml"))
        table = JobTable(settings.jobs_path)
        job = kb_jobs.start(settings, table, "held", "alice")
        assert site.arrived.wait(120), "the worker never asked for the gated document"
        running = wait_for(lambda: (j := table.get(job.id)).state == "running" and j.done >= 1 and j,
                           "progress of the held job")
        assert running.pid != os.getpid()
        os.kill(running.pid, signal.SIGKILL)
        failed = wait_for(lambda: (j := table.current(job.id)).state == "failed" and j,
                          "the killed job to be marked failed")
        assert failed.error == kb_jobs.WORKER_GONE and failed.finished is not None
        # the source is free again: the next job for it is queued, not refused
        again = table.queue("sync", "held", "alice")
        assert again.state == "queued"
