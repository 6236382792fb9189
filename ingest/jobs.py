"""Running a job of the job table (`kb.jobs`) through the pipeline.

`run_recorded` runs one source as one job: the pipeline's progress goes into
the job's row (through `kb.jobs.Heartbeat`, so a slow source still beats),
and the row ends done with the report, failed with the error, or cancelled
when the run was interrupted. The command line's own `kb ingest` and `kb sync`
runs go through it too, so every run is in the history the jobs page shows.

`source_of` builds the source a queued job names: a named source of the
sources file (kb.toml), or the uploads folder under the data directory.
Opening the index is the composition root's business (`kb.cli`)."""
from __future__ import annotations

import logging
import signal
from pathlib import Path
from typing import Callable

from kb.errors import KbError, UsageError
from kb.jobs import STOPPED, UPLOADS, Heartbeat, Job, JobTable
from kb.protocols import Index
from kb.settings import Settings
from ingest.catalog import Catalog
from ingest.pipeline import run_job, source_root
from ingest.report import IngestReport, ProgressUpdate

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The worker was asked to stop (SIGTERM)."""


def source_of(job: Job, settings: Settings, time_limit: float = 3600.0):
    """The source a job started from the jobs page ingests."""
    if job.source == UPLOADS:
        from ingest.sources.folder import FolderSource
        if not settings.uploads_dir.is_dir():
            raise UsageError("nothing has been uploaded yet")
        return FolderSource(settings.uploads_dir, name=UPLOADS,
                            name_origin="for the files uploaded from the browser")
    from ingest.sources.config import build_source, find_config, load_sources
    specs = load_sources(settings.sources_path or find_config())
    if job.source not in specs:
        raise UsageError(f"no source {job.source!r} in the sources file; known: {', '.join(specs)}")
    return build_source(specs[job.source], max_bytes=settings.limits.max_bytes, time_limit=time_limit)


def _hider(source, settings: Settings) -> Callable[[str], str]:
    """What turns a text about this job into one the jobs page may show: a
    file below the source's folder named by its path inside it, and no other
    folder of the server (the data directory, the sources file's) named at all."""
    root = source_root(source) if source is not None else None
    folders = [str(root) + "/"] if root is not None else []
    folders.append(str(Path(settings.data_dir).resolve()) + "/")
    if settings.sources_path is not None:
        folders.append(str(settings.sources_path.resolve().parent) + "/")

    def hide(text: str) -> str:
        for folder in folders:
            text = text.replace(folder, "")
        return text
    return hide


def public_report(report: IngestReport, hide: Callable[[str], str]) -> dict:
    """The report as the job's row keeps it, every path shown through `hide`."""
    data = report.to_dict()
    for key in ("added", "updated", "unchanged", "removed"):
        data[key] = [hide(u) for u in data[key]]
    for key in ("failed", "still_failing"):
        data[key] = [{"uri": hide(r["uri"]), "reason": hide(r["reason"])} for r in data[key]]
    data["duplicates"] = [{"uri": hide(r["uri"]), "shown_as": hide(r["shown_as"])} for r in data["duplicates"]]
    return data


def run_recorded(table: JobTable, job: Job, source, index: Index, catalog: Catalog, *,
                 settings: Settings, workers: int | None = None, progress: bool | None = None,
                 on_progress: Callable[[ProgressUpdate], None] | None = None) -> IngestReport:
    """Run `source` as the running job `job` and record how it ends.

    An error that stops the whole job (the index cannot be written, say) is
    recorded as the job's error and raised again; an interruption (Ctrl-C,
    SIGTERM) leaves the job cancelled."""
    hide = _hider(source, settings)
    with Heartbeat(table, job.id) as beat:
        def told(update: ProgressUpdate) -> None:
            beat.update(update.done, update.total, hide(update.current), update.counts)
            if on_progress is not None:
                on_progress(update)

        try:
            report = run_job(source, index, catalog, limits=settings.limits,
                             workers=workers or settings.workers, batch_size=settings.batch_size,
                             prune=job.prune, progress=progress, vectors=settings.embed, on_progress=told)
        except (KeyboardInterrupt, Cancelled):
            table.finish(job.id, "cancelled", error=STOPPED)
            raise
        except KbError as exc:
            table.finish(job.id, "failed", error=hide(str(exc)))
            raise
        except Exception as exc:
            log.exception("job %s failed", job.id)
            table.finish(job.id, "failed", error=hide(f"{type(exc).__name__}: {exc}"))
            raise
    table.finish(job.id, "done", report=public_report(report, hide))
    return report


def _cancel(signum, frame) -> None:
    raise Cancelled()


def run_claimed(table: JobTable, job: Job, settings: Settings, open_index: Callable[[], Index]) -> Job:
    """Run a job this worker has claimed, from its source to its report; a
    source that cannot be built (a kb.toml gone wrong) fails the job with the
    reason. Returns the job as it ended."""
    previous = signal.signal(signal.SIGTERM, _cancel)
    try:
        try:
            source = source_of(job, settings)
            index = open_index()
        except KbError as exc:
            return table.finish(job.id, "failed", error=_hider(None, settings)(str(exc)))
        try:
            with Catalog(settings.catalog_path) as catalog:
                run_recorded(table, job, source, index, catalog, settings=settings, progress=False)
        except (KbError, Cancelled):
            pass                          # recorded as the job's end
        finally:
            index.close()
    finally:
        signal.signal(signal.SIGTERM, previous)
    return table.get(job.id)
