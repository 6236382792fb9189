"""The job table: every ingest run, from the browser or the command line.

One SQLite file under the data directory (`Settings.jobs_path`) holds a row
per job: what it ingests (a source name), who started it and how (web or
command line), when it was queued, started and finished, how far it has got
(items done of total, the current item), and how it ended (the report as
JSON, or the error).

One job per source at a time is a rule of the database, not of Python: a
partial unique index on the source of the rows still queued or running makes
a second insert fail whatever process tries it (two gunicorn workers, the
browser and a terminal), and that failure is `SourceBusy` (409).

A job's worker writes a heartbeat into its row; a running job whose worker
process is gone (killed, the machine restarted) or whose heartbeat stopped is
marked failed the next time anyone reads the table (`reap`), so it neither
shows as running for ever nor blocks its source.

The table is domain data like the accounts, so it lives in `kb` and the web
layer reads it without importing `ingest`; running a job is `ingest.jobs`."""
from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import tomllib
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import psutil

from kb.errors import Conflict, NotFound, UsageError
from kb.settings import Settings

STATES = ("queued", "running", "done", "failed", "cancelled")
ACTIVE = ("queued", "running")
UPLOADS = "uploads"                 # the source of the files uploaded from the browser
# A running job whose heartbeat is older than this is taken for dead even if
# a process with its pid exists (another machine's job, a reused pid).
STALE_AFTER = 120.0
HEARTBEAT_EVERY = 2.0
PAGE_SIZE = 25


def N_(msgid: str) -> str:
    """Marks a message id for the catalogs; the web layer translates it."""
    return msgid


BUSY = N_("The source %(source)s already has a job (%(job)s) queued or running; "
          "wait for it to end.")
UNKNOWN_SOURCE = N_("There is no source named %(source)s.")
NO_SOURCE = N_("Choose a source to ingest.")
NO_UPLOADS = N_("Nothing has been uploaded yet.")
WORKER_GONE = N_("The worker process stopped before the job ended.")
WORKER_SILENT = N_("The worker process stopped answering.")
STOPPED = N_("The job was stopped before it ended.")
ALREADY_ENDED = N_("Job %(job)s has already ended.")


class SourceBusy(Conflict):
    """A job was asked for a source that has one queued or running."""

    def __init__(self, source: str, job_id: int):
        super().__init__(BUSY % {"source": source, "job": job_id})
        self.source, self.job_id = source, job_id
        self.template, self.params = BUSY, {"source": source, "job": job_id}


def _usage(template: str, **params) -> UsageError:
    error = UsageError(template % params if params else template)
    error.template, error.params = template, params
    return error


@dataclass(frozen=True)
class Job:
    id: int
    kind: str                    # sync (a source of kb.toml), uploads, or the CLI's folder, manifest...
    source: str
    started_by: str
    via: str                     # web | cli
    state: str
    created: datetime
    started: datetime | None = None
    finished: datetime | None = None
    done: int = 0
    total: int | None = None
    current: str = ""
    counts: dict | None = None   # added, updated, unchanged, failed so far
    report: dict | None = None   # IngestReport.to_dict() once it has ended
    error: str = ""
    prune: bool = False
    pid: int | None = None
    host: str = ""

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    def to_dict(self) -> dict[str, Any]:
        """The job as the JSON API shows it (no pid or host: those are the server's)."""
        when = {k: (getattr(self, k).isoformat() if getattr(self, k) else None)
                for k in ("created", "started", "finished")}
        return {"id": self.id, "kind": self.kind, "source": self.source, "started_by": self.started_by,
                "via": self.via, "state": self.state, **when,
                "progress": {"done": self.done, "total": self.total, "current": self.current,
                             "counts": self.counts or {}},
                "report": self.report, "error": self.error or None, "prune": self.prune}


def _now() -> float:
    return time.time()


def _when(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, timezone.utc)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    started_by TEXT NOT NULL,
    via TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    prune INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    started REAL,
    finished REAL,
    heartbeat REAL,
    done INTEGER NOT NULL DEFAULT 0,
    total INTEGER,
    current TEXT NOT NULL DEFAULT '',
    counts TEXT,
    report TEXT,
    error TEXT NOT NULL DEFAULT '',
    pid INTEGER,
    pid_started REAL,
    host TEXT NOT NULL DEFAULT ''
);
-- one job per source at a time, whoever asks
CREATE UNIQUE INDEX IF NOT EXISTS one_active_job_per_source ON jobs (source)
    WHERE state IN ('queued', 'running');
CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state);
"""


def _process_started(pid: int) -> float | None:
    """When process `pid` started (psutil's create_time), or None when there
    is no such live process (a zombie counts as gone)."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        return process.create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied, ValueError):
        return None


class JobTable:
    """The rows of `jobs.sqlite`. Opened per use; each method is one
    transaction, safe to call from several processes at once."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")   # readers never wait for a worker's write
            db.executescript(_SCHEMA)

    @contextmanager
    def _db(self, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction; a writing one takes the write lock at once, so
        its reads and writes see no other writer in between."""
        with closing(sqlite3.connect(self.path, timeout=30, isolation_level=None)) as db:
            db.row_factory = sqlite3.Row
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @staticmethod
    def _job(row: sqlite3.Row) -> Job:
        return Job(id=row["id"], kind=row["kind"], source=row["source"], started_by=row["started_by"],
                   via=row["via"], state=row["state"], created=_when(row["created"]),
                   started=_when(row["started"]), finished=_when(row["finished"]), done=row["done"],
                   total=row["total"], current=row["current"],
                   counts=json.loads(row["counts"]) if row["counts"] else None,
                   report=json.loads(row["report"]) if row["report"] else None,
                   error=row["error"], prune=bool(row["prune"]), pid=row["pid"], host=row["host"])

    def _insert(self, db, kind: str, source: str, started_by: str, via: str, state: str,
                prune: bool, pid: int | None) -> int:
        now = _now()
        try:
            cursor = db.execute(
                "INSERT INTO jobs (kind, source, started_by, via, state, prune, created, started, heartbeat,"
                " pid, pid_started, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (kind, source, started_by, via, state, int(prune), now,
                 now if state == "running" else None, now, pid,
                 _process_started(pid) if pid else None, socket.gethostname()))
        except sqlite3.IntegrityError:
            row = db.execute("SELECT id FROM jobs WHERE source = ? AND state IN ('queued', 'running')",
                             (source,)).fetchone()
            raise SourceBusy(source, row["id"] if row else 0) from None
        return cursor.lastrowid

    def queue(self, kind: str, source: str, started_by: str, *, via: str = "web",
              prune: bool = False) -> Job:
        """A job waiting for a worker; `SourceBusy` if its source has one."""
        self.reap()
        with self._db() as db:
            job_id = self._insert(db, kind, source, started_by, via, "queued", prune, None)
        return self.get(job_id)

    def begin(self, kind: str, source: str, started_by: str, *, via: str = "cli",
              prune: bool = False, pid: int | None = None) -> Job:
        """A job this process runs itself, now (a `kb ingest` in a terminal)."""
        self.reap()
        with self._db() as db:
            job_id = self._insert(db, kind, source, started_by, via, "running", prune, pid or os.getpid())
        return self.get(job_id)

    def launched(self, job_id: int, pid: int) -> None:
        """Note the process started for a queued job, so a launcher that dies
        before taking it is noticed too."""
        with self._db() as db:
            db.execute("UPDATE jobs SET pid = ?, pid_started = ?, heartbeat = ? WHERE id = ? AND state = 'queued'",
                       (pid, _process_started(pid), _now(), job_id))

    def claim(self, job_id: int | None = None, pid: int | None = None) -> Job | None:
        """Take a queued job (this one, or the oldest) for this process: at
        most one process ever gets it. None when there is none to take."""
        pid = pid or os.getpid()
        now = _now()
        with self._db() as db:
            if job_id is None:
                row = db.execute("SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1").fetchone()
                if row is None:
                    return None
                job_id = row["id"]
            taken = db.execute(
                "UPDATE jobs SET state = 'running', started = ?, heartbeat = ?, pid = ?, pid_started = ?,"
                " host = ? WHERE id = ? AND state = 'queued'",
                (now, now, pid, _process_started(pid), socket.gethostname(), job_id)).rowcount
        return self.get(job_id) if taken else None

    def withdraw(self, job_id: int) -> bool:
        """Cancel a job that no worker has taken yet; False when one has (or
        it has ended), so a running job is never marked cancelled while its
        worker goes on."""
        with self._db() as db:
            return db.execute("UPDATE jobs SET state = 'cancelled', finished = ?, error = ?"
                              " WHERE id = ? AND state = 'queued'", (_now(), STOPPED, job_id)).rowcount == 1

    def progress(self, job_id: int, done: int, total: int | None, current: str,
                 counts: dict | None = None) -> None:
        with self._db() as db:
            db.execute("UPDATE jobs SET done = ?, total = ?, current = ?, counts = ?, heartbeat = ?"
                       " WHERE id = ? AND state = 'running'",
                       (done, total, current[-500:], json.dumps(counts) if counts is not None else None,
                        _now(), job_id))

    def heartbeat(self, job_id: int) -> None:
        with self._db() as db:
            db.execute("UPDATE jobs SET heartbeat = ? WHERE id = ? AND state = 'running'", (_now(), job_id))

    def finish(self, job_id: int, state: str, *, report: dict | None = None, error: str = "") -> Job:
        if state not in ("done", "failed", "cancelled"):
            raise ValueError(state)
        with self._db() as db:
            db.execute("UPDATE jobs SET state = ?, finished = ?, report = ?, error = ?, heartbeat = ?"
                       " WHERE id = ? AND state IN ('queued', 'running')",
                       (state, _now(), json.dumps(report) if report is not None else None, error[:4000],
                        _now(), job_id))
        return self.get(job_id)

    def reap(self) -> list[int]:
        """Mark failed each job whose worker is gone: a process of this
        machine that no longer exists (or is another process under its pid),
        or a heartbeat older than STALE_AFTER. Returns their ids."""
        now, host, dead = _now(), socket.gethostname(), []
        with self._db(write=False) as db:      # most reads find nothing to look at
            if db.execute("SELECT 1 FROM jobs WHERE state IN ('queued', 'running') LIMIT 1").fetchone() is None:
                return dead
        with self._db() as db:
            rows = db.execute("SELECT id, state, pid, pid_started, heartbeat, host FROM jobs"
                              " WHERE state IN ('queued', 'running')").fetchall()
            for row in rows:
                if row["state"] == "queued" and row["pid"] is None:
                    continue                        # waiting for `kb jobs worker`
                reason = None
                if row["host"] == host and row["pid"] is not None:
                    started = _process_started(row["pid"])
                    if started is None or (row["pid_started"] is not None
                                           and abs(started - row["pid_started"]) > 1.0):
                        reason = WORKER_GONE
                if reason is None and row["state"] == "running" and (row["heartbeat"] or 0) < now - STALE_AFTER:
                    reason = WORKER_SILENT
                if reason:
                    db.execute("UPDATE jobs SET state = 'failed', finished = ?, error = ? WHERE id = ?",
                               (now, reason, row["id"]))
                    dead.append(row["id"])
        return dead

    def get(self, job_id: int) -> Job:
        with self._db(write=False) as db:
            row = db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            error = NotFound(f"no job {job_id}")
            error.template, error.params = N_("There is no job %(job)s."), {"job": job_id}
            raise error
        return self._job(row)

    def current(self, job_id: int) -> Job:
        """`get`, after marking the job failed if its worker is gone."""
        self.reap()
        return self.get(job_id)

    def history(self, page: int = 1, size: int = PAGE_SIZE) -> tuple[list[Job], int]:
        """A page of jobs, newest first, and how many there are in all."""
        self.reap()
        page = max(1, page)
        with self._db(write=False) as db:
            total = db.execute("SELECT count(*) FROM jobs").fetchone()[0]
            rows = db.execute("SELECT * FROM jobs ORDER BY id DESC LIMIT ? OFFSET ?",
                              (size, (page - 1) * size)).fetchall()
        return [self._job(r) for r in rows], total


class Heartbeat:
    """A thread that writes a job's latest progress (or just a heartbeat)
    into its row every HEARTBEAT_EVERY seconds, so the pipeline's callback
    only keeps a snapshot in memory and a slow source still shows as alive."""

    def __init__(self, table: JobTable, job_id: int, every: float = HEARTBEAT_EVERY):
        self.table, self.job_id, self.every = table, job_id, every
        self._snapshot: tuple | None = None
        self._written: tuple | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"kb-job-{job_id}-heartbeat", daemon=True)

    def update(self, done: int, total: int | None, current: str, counts: dict) -> None:
        with self._lock:
            self._snapshot = (done, total, current, dict(counts))

    def flush(self) -> None:
        with self._lock:
            snapshot = self._snapshot
        if snapshot is not None and snapshot != self._written:
            self.table.progress(self.job_id, *snapshot)
            self._written = snapshot
        else:
            self.table.heartbeat(self.job_id)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.flush()
            except sqlite3.Error:          # a locked table now and then: next beat
                pass

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.flush()


# ------------------------------------------------------------------ what a job may ingest

def configured_sources(settings: Settings) -> list[str]:
    """The names of the sources in the sources file (kb.toml), in its order;
    none when there is no such file. The file is read again on each call, so
    a curator's edit shows at once; it is checked in full when a job runs."""
    path = settings.sources_path
    if path is None:
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    tables = data.get("sources")
    return [str(name) for name in tables] if isinstance(tables, dict) else []


def job_sources(settings: Settings) -> list[str]:
    """What a job started from the browser may ingest: each named source of
    kb.toml, and the uploads once there are any."""
    names = [n for n in configured_sources(settings) if n != UPLOADS]
    if settings.uploads_dir.is_dir():
        names.append(UPLOADS)
    return names


def job_kind(source: str) -> str:
    return "uploads" if source == UPLOADS else "sync"


def worker_command(settings: Settings, job_id: int | None = None) -> list[str]:
    """The command of a job's worker process: `kb jobs worker`, for one job."""
    command = [sys.executable, "-m", "kb.cli", "--data-dir", str(Path(settings.data_dir).resolve()),
               "jobs", "worker"]
    return command + (["--job", str(job_id)] if job_id is not None else [])


def launch(settings: Settings, table: JobTable, job: Job) -> int:
    """Start the worker process of a queued job and return its pid.

    It runs in a session of its own, so it outlives the request that started
    it and a restart of the web server, and it is given this process's
    settings through `KB_` variables. Its output goes to a log file under the
    data directory. A thread of this process waits for it to end, so it never
    lingers as a zombie the liveness check would take for alive."""
    logs = Path(settings.data_dir) / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, **settings.to_env())
    with open(logs / f"job-{job.id}.log", "ab") as log:
        process = subprocess.Popen(worker_command(settings, job.id), stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True, close_fds=True)
    table.launched(job.id, process.pid)
    threading.Thread(target=process.wait, name=f"kb-job-{job.id}-reaper", daemon=True).start()
    return process.pid


def cancel(table: JobTable, job_id: int) -> Job:
    """Stop a job: a queued one is cancelled at once (its worker, if started,
    finds nothing to take); a running one's worker is sent SIGTERM and marks
    it cancelled itself as it stops, so the row never says cancelled while
    the work goes on. Conflict when the job has already ended."""
    job = table.current(job_id)
    if job.active and table.withdraw(job_id):
        return table.get(job_id)
    job = table.get(job_id)
    if not job.active:
        error = Conflict(ALREADY_ENDED % {"job": job_id})
        error.template, error.params = ALREADY_ENDED, {"job": job_id}
        raise error
    if job.pid and job.host == socket.gethostname() and _process_started(job.pid) is not None:
        try:
            os.kill(job.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    return job


def start(settings: Settings, table: JobTable, source: str, started_by: str, *,
          prune: bool = False, via: str = "web") -> Job:
    """Queue a job for `source` (a name `job_sources` offers) and start its
    worker. UsageError for an unknown source, SourceBusy when it has a job."""
    source = (source or "").strip()
    if not source:
        raise _usage(NO_SOURCE)
    if source not in job_sources(settings):
        if source == UPLOADS:
            raise _usage(NO_UPLOADS)
        raise _usage(UNKNOWN_SOURCE, source=source)
    job = table.queue(job_kind(source), source, started_by, via=via, prune=prune)
    try:
        launch(settings, table, job)
    except OSError as exc:
        return table.finish(job.id, "failed", error=f"the worker process could not start: {exc.strerror or exc}")
    return table.get(job.id)
