"""The `kb` command line, for curators: ingest, search, stats, explain, serve, users.

A composition root: the only place besides `web.create_app` that picks the
concrete index backend and the ingest machinery.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from kb import service
from kb.errors import InvalidQuery, KbError, UsageError
from kb.models import FACETS, SORTS
from kb.serialize import document_to_dict, results_to_dict
from kb.settings import Settings

EXIT_FAILURES, EXIT_USAGE = 1, 2


def _settings_help() -> str:
    return "\n".join(f"  KB_{name.upper():<18} {text}" for name, text in Settings.HELP.items())


class Context:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._index = None

    @property
    def index(self):
        if self._index is None:
            from indexes import open_index
            self._index = open_index(self.settings.backend, self.settings.index_dir,
                                     **self.settings.index_options)
        return self._index

    def warn_if_unbuilt(self) -> None:
        """An empty index beside a catalog full of documents means the backend
        was switched without a rebuild: say how to fix it."""
        if self.index.count() or not self.settings.catalog_path.exists():
            return
        from ingest.catalog import Catalog
        with Catalog(self.settings.catalog_path) as catalog:
            stored = catalog.counts().get("indexed", 0)
        if stored:
            click.echo(f"kb: the {self.settings.backend} index is empty but the catalog holds {stored} "
                       f"documents; run `kb reindex --backend {self.settings.backend}`", err=True)

    def close(self) -> None:
        """Close the index if open; a later `index` opens it again."""
        if self._index is not None:
            self._index.close()
            self._index = None


@click.group(epilog="Settings (environment variables):\n\n" + _settings_help().replace("\n", "\n\n"))
@click.option("--data-dir", type=click.Path(path_type=Path), help="Overrides KB_DATA_DIR (default ./var).")
@click.option("-v", "--verbose", is_flag=True, help="Log what happens.")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, verbose: bool) -> None:
    """KB: search e-governance practice documents.

    Ingest folders and manifests of PDF, PPTX, DOCX, HTML and text files into an
    embedded search index under the data directory, then search it here or in
    the web UI (`kb serve`).
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env(data_dir=data_dir)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    ctx.obj = Context(settings)
    ctx.call_on_close(ctx.obj.close)


# ---------------------------------------------------------------- ingest

@cli.group()
def ingest() -> None:
    """Add documents to the index (incremental: unchanged files are skipped)."""


def _ingest_options(func):
    func = click.option("--prune", is_flag=True, help="Remove documents of this source whose file is gone.")(func)
    func = click.option("--source", "source_name", help="Source name shown in the source facet.")(func)
    func = click.option("--workers", type=click.IntRange(1, 64), help="Extraction processes (default: all cores).")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")(func)
    return func


def _os_user() -> str:
    """Who runs this command, for the job history."""
    import getpass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def _search_params(facets: dict, year_from: int | None, year_to: int | None,
                   **given: list[str]) -> dict[str, list[str]]:
    """The request parameters of a search, from a command's facet and year
    options, for `service.query_from_params` (so the CLI reads a search the
    way the web does)."""
    params = {k: list(v) for k, v in facets.items() if v}
    params.update(given)
    if year_from is not None:
        params["year_from"] = [str(year_from)]
    if year_to is not None:
        params["year_to"] = [str(year_to)]
    return params


def _recorded_run(ctx: Context, catalog, kind: str, source, prune: bool, workers: int | None):
    """Run `source` as a job of the job table (started by the OS user, via
    the command line), so it shows in the history beside the browser's."""
    from ingest.jobs import run_recorded
    from kb.jobs import JobTable

    s = ctx.settings
    table = JobTable(s.jobs_path)
    job = table.begin(kind, source.name, _os_user(), via="cli", prune=prune)
    return run_recorded(table, job, source, ctx.index, catalog, settings=s, workers=workers)


def _run(ctx: Context, source, prune: bool, workers: int | None, as_json: bool, kind: str) -> None:
    from ingest.catalog import Catalog

    with Catalog(ctx.settings.catalog_path) as catalog:
        report = _recorded_run(ctx, catalog, kind, source, prune, workers)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.render())
    sys.exit(report.exit_status)


@ingest.command("folder")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_ingest_options
@click.pass_obj
def ingest_folder(ctx: Context, path: Path, prune: bool, source_name: str | None,
                  workers: int | None, as_json: bool) -> None:
    """Ingest every file below PATH."""
    from ingest.sources.folder import FolderSource
    _run(ctx, FolderSource(path, name=source_name, name_origin="with --source on the command line"),
         prune, workers, as_json, "folder")


@ingest.command("manifest")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_ingest_options
@click.pass_obj
def ingest_manifest(ctx: Context, file: Path, prune: bool, source_name: str | None,
                    workers: int | None, as_json: bool) -> None:
    """Ingest the files or URLs listed in a CSV or JSON manifest, with curated
    metadata (title, countries, doc_type, year, topics, language, source,
    organisation) that wins over inferred values."""
    from ingest.sources.manifest import ManifestSource
    _run(ctx, ManifestSource(file, name=source_name, max_bytes=ctx.settings.limits.max_bytes,
                             name_origin="with --source on the command line"),
         prune, workers, as_json, "manifest")


# ---------------------------------------------------------------- remote sources (crawl, oai, urls, feed, sync)

def _remote_options(func):
    func = click.option("--delay", type=click.FloatRange(0), default=1.0, show_default=True,
                        help="Seconds between requests to one host.")(func)
    func = click.option("--time-limit", type=click.FloatRange(1), default=3600.0, show_default=True,
                        help="Seconds for the whole job; what is left is reported, nothing is pruned.")(func)
    return _ingest_options(func)


def _client(ctx: Context, delay: float, time_limit: float | None):
    from ingest.http import HttpClient
    return HttpClient(max_bytes=ctx.settings.limits.max_bytes, delay=delay, budget=time_limit)


def _run_all(ctx: Context, sources: list, prune: bool, workers: int | None, as_json: bool,
             kind: str) -> None:
    """Run each source as its own job (its own report, its own prune), go on
    after a failed one or one that has a job already, and exit 1 if any failed."""
    from ingest.catalog import Catalog
    from kb.jobs import SourceBusy

    reports, busy = [], False
    with Catalog(ctx.settings.catalog_path) as catalog:
        for source in sources:
            try:
                reports.append(_recorded_run(ctx, catalog, kind, source, prune, workers))
            except SourceBusy as exc:
                click.echo(f"kb: {exc}", err=True)
                busy = True
                continue
            if not as_json:
                click.echo(reports[-1].render())
    if as_json:
        data = [r.to_dict() for r in reports]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2))
    sys.exit(max([r.exit_status for r in reports] + [EXIT_FAILURES if busy else 0]))


@ingest.command("crawl")
@click.argument("url")
@click.option("--prefix", help="Only pages whose path starts with this (documents anywhere on the host).")
@click.option("--depth", type=click.IntRange(0, 20), default=3, show_default=True, help="Link hops from URL.")
@click.option("--max-pages", type=click.IntRange(1), default=500, show_default=True, help="URLs fetched at most.")
@click.option("--no-sitemap", is_flag=True, help="Do not read sitemap.xml.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="HOST",
              help="Another host (host[:port] or URL prefix) whose links and redirects the crawl may follow (repeat).")
@_remote_options
@click.pass_obj
def ingest_crawl(ctx: Context, url: str, prefix: str | None, depth: int, max_pages: int, no_sitemap: bool,
                 allow_hosts: tuple[str, ...], delay: float, time_limit: float, prune: bool,
                 source_name: str | None, workers: int | None, as_json: bool) -> None:
    """Crawl a website section from URL (same host, robots.txt respected):
    its PDF, PPTX and DOCX documents and its pages that carry content."""
    from ingest.sources.crawl import CrawlSource
    source = CrawlSource(url, _client(ctx, delay, time_limit), name=source_name, prefix=prefix, depth=depth,
                         max_pages=max_pages, sitemap=not no_sitemap, allow_hosts=allow_hosts)
    _run_all(ctx, [source], prune, workers, as_json, "crawl")


@ingest.command("oai")
@click.argument("url")
@click.option("--set", "set_spec", help="Harvest only this OAI-PMH set.")
@click.option("--from", "from_date", help="Only records changed since YYYY-MM-DD (prunes only deleted ones).")
@_remote_options
@click.pass_obj
def ingest_oai(ctx: Context, url: str, set_spec: str | None, from_date: str | None, delay: float,
               time_limit: float, prune: bool, source_name: str | None, workers: int | None,
               as_json: bool) -> None:
    """Harvest an OAI-PMH endpoint (ListRecords, Dublin Core): record metadata
    as curated values, full text from the file a record names."""
    from ingest.sources.oai import OaiSource
    source = OaiSource(url, _client(ctx, delay, time_limit), name=source_name, set_spec=set_spec,
                       from_date=from_date)
    _run_all(ctx, [source], prune, workers, as_json, "oai")


@ingest.command("urls")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_remote_options
@click.pass_obj
def ingest_urls(ctx: Context, file: Path, delay: float, time_limit: float, prune: bool,
                source_name: str | None, workers: int | None, as_json: bool) -> None:
    """Fetch each document URL listed in FILE (one a line, # for comments)."""
    from ingest.sources.urls import UrlListSource
    source = UrlListSource.from_file(file, _client(ctx, delay, time_limit), name=source_name)
    _run_all(ctx, [source], prune, workers, as_json, "urls")


@ingest.command("feed")
@click.argument("url")
@_remote_options
@click.pass_obj
def ingest_feed(ctx: Context, url: str, delay: float, time_limit: float, prune: bool,
                source_name: str | None, workers: int | None, as_json: bool) -> None:
    """Fetch the document of each entry of an RSS or Atom feed."""
    from ingest.sources.feed import FeedSource
    _run_all(ctx, [FeedSource(url, _client(ctx, delay, time_limit), name=source_name)], prune, workers, as_json,
             "feed")


@cli.command()
@click.argument("name", required=False)
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Default: KB_SOURCES, else kb.toml or sources.toml in the current folder.")
@click.option("--prune", is_flag=True, help="Remove documents each source no longer has.")
@click.option("--workers", type=click.IntRange(1, 64), help="Extraction processes (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
@click.pass_obj
def sync(ctx: Context, name: str | None, config_path: Path | None, prune: bool, workers: int | None,
         as_json: bool) -> None:
    """Run the named sources of kb.toml / sources.toml: all of them, or NAME."""
    from ingest.sources.config import build_source, find_config, load_sources
    specs = load_sources(config_path or ctx.settings.sources_path or find_config())
    if name is not None and name not in specs:
        raise UsageError(f"no source {name!r}; known: {', '.join(specs)}")
    chosen = [specs[name]] if name else list(specs.values())
    sources = [build_source(spec, max_bytes=ctx.settings.limits.max_bytes, time_limit=3600.0) for spec in chosen]
    _run_all(ctx, sources, prune, workers, as_json, "sync")


# ---------------------------------------------------------------- jobs

@cli.group()
def jobs() -> None:
    """Ingest jobs: the history of every run (from the browser and from this
    command line), and runs of kb.toml's named sources in the background."""


def _job_line(job) -> str:
    when = f"{job.created:%Y-%m-%d %H:%M} UTC"
    via = "web" if job.via == "web" else "command line"
    progress = f"{job.done}/{job.total}" if job.total is not None else str(job.done)
    line = f"{job.id:>5}  {job.state:<9}  {job.source}  ({job.kind}) by {job.started_by} via {via}, {when}"
    if job.active:
        line += f", {progress} items"
    elif job.report:
        c = job.report["counts"]
        line += (f": {c['added']} added, {c['updated']} updated, {c['unchanged']} unchanged, "
                 f"{c['failed']} failed")
    elif job.error:
        line += f": {job.error}"
    return line


@jobs.command("list")
@click.option("--page", type=click.IntRange(1), default=1)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def jobs_list(ctx: Context, page: int, as_json: bool) -> None:
    """The jobs, newest first: what, who, when and how it ended."""
    from kb.jobs import JobTable
    rows, total = JobTable(ctx.settings.jobs_path).history(page)
    if as_json:
        click.echo(json.dumps({"total": total, "page": page, "jobs": [j.to_dict() for j in rows]}, indent=2))
        return
    if not rows:
        click.echo("No jobs yet." if total == 0 else f"No jobs on page {page}.")
    for job in rows:
        click.echo(_job_line(job))


@jobs.command("show")
@click.argument("job_id", metavar="ID", type=int)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def jobs_show(ctx: Context, job_id: int, as_json: bool) -> None:
    """One job: its progress while it runs, then its report."""
    from kb.jobs import JobTable
    job = JobTable(ctx.settings.jobs_path).current(job_id)
    if as_json:
        click.echo(json.dumps(job.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(_job_line(job))
    if job.active and job.current:
        click.echo(f"  now at: {job.current}")
    report = job.report or {}
    for row in report.get("failed", []):
        click.echo(f"  failed: {row['uri']}: {row['reason']}")
    for row in report.get("still_failing", []):
        click.echo(f"  still failing: {row['uri']}: {row['reason']}")


@jobs.command("start")
@click.argument("source")
@click.option("--prune", is_flag=True, help="Remove documents the source no longer has.")
@click.option("--wait", is_flag=True, help="Follow the job until it ends and exit 1 if anything failed.")
@click.pass_obj
def jobs_start(ctx: Context, source: str, prune: bool, wait: bool) -> None:
    """Run SOURCE (a name of kb.toml, or "uploads") in a background worker
    process, as the jobs page does; prints the job's number."""
    import time

    from kb import jobs as job_table
    table = job_table.JobTable(ctx.settings.jobs_path)
    job = job_table.start(ctx.settings, table, source, _os_user(), prune=prune, via="cli")
    click.echo(f"Job {job.id} started for {job.source}: `kb jobs show {job.id}`.")
    if not wait:
        return
    while job.active:
        time.sleep(1.0)
        job = table.current(job.id)
    click.echo(_job_line(job))
    failed = job.state != "done" or bool(job.report and (job.report["failed"] or job.report["still_failing"]))
    sys.exit(EXIT_FAILURES if failed else 0)


@jobs.command("cancel")
@click.argument("job_id", metavar="ID", type=int)
@click.pass_obj
def jobs_cancel(ctx: Context, job_id: int) -> None:
    """Stop job ID: a queued one at once, a running one as soon as its worker
    has stopped (what it indexed stays indexed)."""
    from kb import jobs as job_table
    job = job_table.cancel(job_table.JobTable(ctx.settings.jobs_path), job_id)
    click.echo(f"Job {job.id} cancelled." if job.state == "cancelled"
               else f"Job {job.id} is stopping: `kb jobs show {job.id}`.")


@jobs.command("worker")
@click.option("--job", "job_id", type=int, help="Run this queued job only, then stop.")
@click.option("--once", is_flag=True, help="Run the jobs queued now, then stop.")
@click.option("--poll", type=click.FloatRange(0.1), default=2.0, show_default=True,
              help="Seconds between looks at the queue.")
@click.pass_obj
def jobs_worker(ctx: Context, job_id: int | None, once: bool, poll: float) -> None:
    """Run queued jobs. The jobs page and `kb jobs start` start one of these
    for each job (`--job`); run one without options to serve a queue left by
    a stopped server. A job is taken by one worker only, whoever asks."""
    import time

    from indexes import open_index
    from ingest.jobs import run_claimed
    from kb.jobs import JobTable

    s = ctx.settings
    table = JobTable(s.jobs_path)
    ctx.close()

    def opener():
        return open_index(s.backend, s.index_dir, **s.index_options)

    while True:
        table.reap()
        job = table.claim(job_id)
        if job is not None:
            ended = run_claimed(table, job, s, opener)
            click.echo(_job_line(ended))
        if job_id is not None or (once and job is None):
            return
        if job is None:
            time.sleep(poll)


# ---------------------------------------------------------------- search

def _facet_option(name: str, flag: str, help: str):
    return click.option(flag, name, multiple=True, help=help + " (repeat for OR).")


# The facet filters the search-like commands (search, export, practices) share.
_FACETS = {
    "country": ("--country", "Country: ISO 3166 code or name, e.g. FJI or Fiji"),
    "region": ("--region", "UN M49 sub-region, e.g. Melanesia"),
    "sids": ("--sids", "SIDS group: Caribbean, Pacific or AIS"),
    "doc_type": ("--type", "Document type or its label, e.g. case-study or 'Case study'"),
    "year": ("--year", "Publication year"),
    "topic": ("--topic", "Topic, e.g. digital-identity"),
    "language": ("--language", "ISO 639-1 code or name, e.g. fr or French"),
    "source": ("--source", "Source name"),
}


def _facet_options(*names: str):
    """The options of these facets, in this order (as stacked decorators would be)."""
    def apply(command):
        for name in reversed(names):
            command = _facet_option(name, *_FACETS[name])(command)
        return command
    return apply


@cli.command()
@click.argument("text", required=False, default="")
@_facet_options("country", "region", "sids", "doc_type", "year", "topic", "language", "source")
@_facet_option("format", "--format", "pdf, pptx, docx, html or text")
@click.option("--from-year", "year_from", type=int, help="Earliest year.")
@click.option("--to-year", "year_to", type=int, help="Latest year.")
@click.option("--sort", type=click.Choice(list(SORTS)), default="relevance")
@click.option("--page", type=click.IntRange(1), default=1)
@click.option("--limit", type=click.IntRange(1, 50), default=10, help="Hits per page.")
@click.option("--json", "as_json", is_flag=True, help="Print hits and facets as JSON.")
@click.option("--mode", type=click.Choice(["auto", "hybrid", "keyword"]), default="auto",
              help="keyword: keyword matching only; auto/hybrid: fused with page vectors "
                   "when the index has them (hybrid says so when it has none).")
@click.option("--expand/--no-expand", default=True,
              help="Also search the thesaurus terms of the concepts named, in the other "
                   "languages, at a lower weight (the default), or only the words typed.")
@click.pass_obj
def search(ctx: Context, text: str, year_from, year_to, sort, page, limit, as_json, mode, expand,
           **facets) -> None:
    """Search the index: top hits with best page and snippet, and facet counts."""
    params = _search_params(facets, year_from, year_to, q=[text], sort=[sort], page=[str(page)],
                            size=[str(limit)], mode=[mode], expand=["1" if expand else "0"])
    query = service.query_from_params(params, ctx.settings)
    results = service.search(ctx.index, query)
    ctx.warn_if_unbuilt()
    if as_json:
        click.echo(json.dumps(results_to_dict(results), indent=2, ensure_ascii=False))
        return
    from kb.taxonomy import facet_label
    click.echo(f"{results.total} documents" + (f" — {results.notice}" if results.notice else ""))
    if results.suggestion:
        click.echo(f"Did you mean: {results.suggestion}")
    if results.expanded:
        click.echo(f"Also searched: {', '.join(results.expanded)}")
    start = (query.page - 1) * query.page_size
    for n, hit in enumerate(results.hits, start=start + 1):
        meta = " · ".join(filter(None, [
            facet_label("doc_type", hit.doc_type) if hit.doc_type else None,
            str(hit.year) if hit.year else None,
            ", ".join(facet_label("country", c) for c in hit.countries) or None,
            f"{'slide' if hit.format == 'pptx' else 'page'} {hit.page}" if hit.page else None,
        ]))
        click.echo(f"\n{n}. {click.style(hit.title, bold=True)}\n   {meta}\n   {hit.uri}\n   id {hit.id}")
        snippet = "".join(click.style(t, fg="yellow", bold=True) if m else t for t, m in hit.snippet.parts)
        if snippet.strip():
            click.echo(f"   {snippet}")
    _echo_facets(results.facets)


@cli.command("export")
@click.argument("text", required=False, default="")
@click.option("--format", "export_format", type=click.Choice(["csv", "ris", "bibtex", "csljson"]),
              required=True, help="csv, ris, bibtex or csljson (CSL-JSON, for Zotero and CSL processors).")
@_facet_options("country", "region", "sids", "doc_type", "year", "topic", "language", "source")
@_facet_option("format", "--file-format", "File format of the documents: pdf, pptx, docx, html or text")
@click.option("--from-year", "year_from", type=int, help="Earliest year.")
@click.option("--to-year", "year_to", type=int, help="Latest year.")
@click.option("--sort", type=click.Choice(list(SORTS)), default=None,
              help="Order of the records (default: relevance with TEXT, newest first without).")
@click.option("--limit", type=click.IntRange(1, None), default=None,
              help="Most documents in the export (default and ceiling: 10000).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.pass_obj
def export(ctx: Context, text: str, export_format: str, year_from, year_to, sort, limit, output,
           **facets) -> None:
    """Export the documents of a search as CSV, RIS, BibTeX or CSL-JSON.

    The records are written as they are read from the index, so a large
    export streams; at most 10000 documents are written, and a cut-short
    export says so on standard error. No server path is written: a local
    file is named by its path below its source's folder."""
    from kb import exports

    if limit is not None and limit > exports.MAX_EXPORT_ROWS:
        raise click.BadParameter(f"at most {exports.MAX_EXPORT_ROWS}", param_hint="--limit")
    params = _search_params(facets, year_from, year_to, q=[text],
                            sort=[sort or ("relevance" if text.strip() else "newest")])
    query = service.query_from_params(params, ctx.settings)
    selection = exports.select(ctx.index, query, limit or exports.MAX_EXPORT_ROWS)
    ctx.warn_if_unbuilt()
    chunks = exports.write(export_format, (exports.record(d) for d in selection.documents))
    # newline="": the CSV and RIS writers end their lines with CRLF themselves
    out = output.open("w", encoding="utf-8", newline="") if output else None
    try:
        for chunk in chunks:
            if out is not None:
                out.write(chunk)
            else:
                click.echo(chunk, nl=False)
    finally:
        if out is not None:
            out.close()
    note = f"{selection.rows} of {selection.total} documents exported"
    if selection.truncated:
        note += f" (the export stops at {selection.limit}; narrow the search or raise --limit)"
    click.echo(note, err=True)


@cli.command("bundle")
@click.argument("text", required=False, default="")
@_facet_options("country", "region", "sids", "doc_type", "year", "topic", "language", "source")
@_facet_option("format", "--file-format", "File format of the documents: pdf, pptx, docx, html or text")
@click.option("--from-year", "year_from", type=int, help="Earliest year.")
@click.option("--to-year", "year_to", type=int, help="Latest year.")
@click.option("--sort", type=click.Choice(list(SORTS)), default=None,
              help="Order of the documents (default: relevance with TEXT, newest first without).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The zip file to write (FILE.zip).")
@click.option("--lang", type=click.Choice(["en", "fr", "es", "pt"]), default="en", show_default=True,
              help="Language of the bundle's page.")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Where the documents can be read online (the server running `kb serve`), "
                   "for the links in metadata.csv.")
@click.pass_obj
def bundle_command(ctx: Context, text: str, year_from, year_to, sort, output: Path, lang: str,
                   base_url: str, **facets) -> None:
    """Write an offline bundle of a search (or of a country, a SIDS group):
    a zip with index.html (the documents, their metadata and practice cards,
    a filter that works without a network), the original files under files/
    and metadata.csv. Opened from the unzipped folder, it needs no server.
    At most KB_BUNDLE_MAX_DOCUMENTS documents and KB_BUNDLE_MAX_MB."""
    from kb import authz, bundle

    if output.suffix.lower() != ".zip":
        raise UsageError(f"{output.name}: a bundle is written as FILE.zip")
    params = _search_params(facets, year_from, year_to, q=[text],
                            sort=[sort or ("relevance" if text.strip() else "newest")])
    query = service.query_from_params(params, ctx.settings)
    limits = bundle.Limits.from_settings(ctx.settings)
    from flask import url_for

    from web import create_app
    from web.bundle import collection_title, make_spec, size_label
    app = create_app(ctx.settings, index=ctx.index)
    app.config["SERVER_NAME"] = base_url.split("://", 1)[-1].rstrip("/")
    app.config["PREFERRED_URL_SCHEME"] = base_url.split("://", 1)[0] if "://" in base_url else "http"
    with app.test_request_context(f"/?lang={lang}"):
        # a bundle is for sharing: what an anonymous reader may read, never a withdrawn document
        plan = bundle.plan(ctx.index, query, limits,
                           lambda d: authz.allowed("view_document", None, d), lang, size_label)
        ctx.warn_if_unbuilt()
        if not plan.items:
            raise UsageError("no document matches; `kb search` lists them")
        spec = make_spec(plan, collection_title(query),
                         lambda doc_id: url_for("documents.document", id=doc_id, _external=True),
                         url_for("search.search", _external=True))
        size = bundle.estimate(spec)
        if size > limits.max_bytes:
            raise bundle.too_large(bundle.TOO_BIG, size=size_label(size),
                                   limit=size_label(limits.max_bytes))
    written = bundle.write_zip(spec, output)
    files = sum(1 for i in plan.items if i.is_original)
    click.echo(f"{output}: {len(plan.items)} documents, {files} original files, {written:,} bytes")


@cli.command()
@click.argument("text", required=False, default="")
@_facet_options("country", "region", "sids", "doc_type", "topic", "language")
@_facet_option("outcome", "--outcome", "worked, partly or did-not")
@_facet_option("solution_type", "--solution-type", "Kind of solution (a topic), e.g. one-stop-shop")
@click.option("--from-year", "year_from", type=int, help="Earliest year.")
@click.option("--to-year", "year_to", type=int, help="Latest year.")
@click.option("--page", type=click.IntRange(1), default=1)
@click.option("--limit", type=click.IntRange(1, 50), default=10, help="Cards per page.")
@click.option("--full", is_flag=True, help="Every field of each card, with its page and origin.")
@click.option("--json", "as_json", is_flag=True, help="Print the cards and facets as JSON.")
@click.pass_obj
def practices(ctx: Context, text: str, year_from, year_to, page, limit, full, as_json, **facets) -> None:
    """Practice cards: what documents tell of initiatives (challenge, what was
    done, results, lessons...), filtered like `kb search`, plus outcome and
    solution type."""
    from kb import practices as cards
    from kb.models import PRACTICE_FIELDS
    from kb.serialize import practice_to_dict
    from kb.taxonomy import facet_label

    params = _search_params(facets, year_from, year_to, q=[text], page=[str(page)],
                            size=[str(limit)])
    pq, problems = cards.read_practice_params(params, ctx.settings)
    if problems:
        raise UsageError(" ".join(str(p) for p in problems))
    results = cards.search_practices(ctx.index, pq)
    ctx.warn_if_unbuilt()
    if as_json:
        click.echo(json.dumps({
            "total": results.total, "page": pq.query.page, "pages": results.pages,
            "cards": [{"document": r.doc_id, "title": r.document.title, "number": r.number,
                       "summary": r.card.summary, "card": practice_to_dict(r.card)} for r in results.rows],
            "facets": {k: {c.value: c.count for c in v} for k, v in results.facets.items()},
        }, indent=2, ensure_ascii=False))
        return
    click.echo(f"{results.total} practice cards")
    start = (pq.query.page - 1) * pq.query.page_size
    for n, row in enumerate(results.rows, start=start + 1):
        card = row.card
        meta = " · ".join(filter(None, [
            ", ".join(facet_label("country", c) for c in row.values("country")) or None,
            card.years.value if card.years else None,
            card.outcome.value if card.outcome else None,
            facet_label("topic", card.solution_type.value) if card.solution_type else None,
        ]))
        name = card.name.value if card.name else row.document.title
        click.echo(f"\n{n}. {click.style(name, bold=True)}\n   {meta}\n   in {row.document.title} "
                   f"(id {row.doc_id}, card {row.number})")
        if not full:
            if card.solution:
                click.echo(f"   {card.solution.value[:200]}")
            continue
        for field in PRACTICE_FIELDS[1:]:
            f = card.get(field)
            if f is None:
                click.echo(f"   {field:<14} — not stated in the document")
            else:
                where = f", page {f.page}" if f.page else ""
                click.echo(f"   {field:<14} {f.value}\n   {'':<14} ({f.origin.kind}{where}: {f.origin.reason})")
    def shown(facet: str, value: str) -> str:
        if facet == "outcome":
            return value
        return facet_label("topic" if facet == "solution_type" else facet, value)

    for name in cards.PRACTICE_FACETS:
        counts = results.facets.get(name)
        if counts:
            click.echo(f"\n{name}: " + ", ".join(f"{'*' if c.selected else ''}{shown(name, c.value)} ({c.count})"
                                                  for c in counts[:12]))


@cli.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("text", required=False, default="")
@_facet_option("country", "--country", "Country: ISO 3166 code or name")
@_facet_option("sids", "--sids", "SIDS group: Caribbean, Pacific or AIS")
@_facet_option("language", "--language", "ISO 639-1 code or name")
@_facet_option("topic", "--topic", "Topic of the document")
@_facet_option("outcome", "--outcome", "worked, partly or did-not")
@_facet_option("solution_type", "--solution-type", "Kind of solution (a topic)")
@click.option("--card", "cards_wanted", multiple=True, metavar="ID:N",
              help="A card by document id and number (repeat); instead of the filters.")
@click.option("--peers-of", metavar="COUNTRY", help="The practices of this country's peers.")
@click.option("--lang", type=click.Choice(["en", "fr", "es", "pt"]), default="en", show_default=True,
              help="Language of the book's fixed labels.")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Where the documents cited can be read (the server running `kb serve`).")
@click.pass_obj
def casebook(ctx: Context, out: Path, text: str, cards_wanted, peers_of, lang, base_url, **facets) -> None:
    """Write a case book (OUT.pdf or OUT.pptx): the chosen practice cards,
    one standard layout per practice, sources cited, labels in --lang."""
    from werkzeug.datastructures import MultiDict

    from web.casebook import casebook_pdf, casebook_pptx
    kind = out.suffix.lower().lstrip(".")
    if kind not in ("pdf", "pptx"):
        raise UsageError(f"{out.name}: a case book is written as .pdf or .pptx")
    args = MultiDict([("q", text), *((k, v) for k, vs in facets.items() for v in vs),
                      *(("card", c) for c in cards_wanted)])
    if peers_of:
        args["peers_of"] = peers_of
    from web import create_app
    from web.views.practices import casebook_entries, casebook_labels, chosen_rows
    app = create_app(ctx.settings, index=ctx.index)
    app.config["SERVER_NAME"] = base_url.split("://", 1)[-1].rstrip("/")
    app.config["PREFERRED_URL_SCHEME"] = base_url.split("://", 1)[0] if "://" in base_url else "http"
    with app.test_request_context(f"/?lang={lang}"):
        from web.context import kb_context
        rows = chosen_rows(kb_context(), args)
        if not rows:
            raise UsageError("no practice card matches; `kb practices` lists them")
        data = (casebook_pdf if kind == "pdf" else casebook_pptx)(casebook_entries(rows), casebook_labels())
    out.write_bytes(data)
    click.echo(f"{out}: {len(rows)} practices, {len(data):,} bytes")


def _echo_facets(facets) -> None:
    from kb.taxonomy import facet_label
    for name in FACETS:
        counts = facets.get(name)
        if not counts:
            continue
        shown = ", ".join(f"{'*' if c.selected else ''}{facet_label(name, c.value)} ({c.count})"
                          for c in counts[:12])
        more = f", … {len(counts) - 12} more" if len(counts) > 12 else ""
        click.echo(f"\n{name}: {shown}{more}")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def stats(ctx: Context, as_json: bool) -> None:
    """What the index holds, by format, type, country, source and more."""
    result = service.stats(ctx.index)
    ctx.warn_if_unbuilt()
    with_vectors = getattr(ctx.index, "vector_documents", lambda: 0)()
    if as_json:
        click.echo(json.dumps({"documents": result.documents, "vector_documents": with_vectors,
                               "facets": {k: {c.value: c.count for c in v}
                                          for k, v in result.facets.items()}}, indent=2))
        return
    click.echo(f"{result.documents} documents in {ctx.settings.index_dir}")
    if with_vectors:
        click.echo(f"{with_vectors} documents have page vectors: searches fuse keyword and "
                   "cross-lingual vector rankings")
    elif result.documents:
        click.echo("No page vectors: keyword search only (ingest with KB_VECTORS=on for "
                   "cross-lingual search)")
    _echo_facets(result.facets)


def reference_ids(ref: str) -> list[str]:
    """The ids `ref` may name: itself (an id), and the id of each URI it may
    stand for (as stored, a file path resolved the way ingest stores it)."""
    from urllib.parse import unquote, urlparse

    from kb.models import document_id

    ref = ref.strip()
    if not ref:
        raise UsageError("give a document id, a file path or a URI.")
    uris = [ref]
    if ref.startswith("file://"):
        uris.append(unquote(urlparse(ref).path))
    if "://" not in ref or ref.startswith("file://"):
        path = Path(uris[-1]).expanduser()
        try:
            uris += [str(path.absolute()), str(path.resolve())]
        except (OSError, RuntimeError):
            pass
    return list(dict.fromkeys([ref] + [document_id(uri) for uri in uris]))


def find_document(index, ref: str):
    """The document `ref` names: its id, its URI as stored, or a file path
    (relative to the current folder or absolute, a file:// URI too) that is
    resolved the way ingest stores it."""
    doc = None
    for doc_id in reference_ids(ref):
        if doc is None:
            doc = index.get(doc_id)
    if doc is None:
        raise UsageError(f"no document with id, path or URI {ref!r} in the index; "
                         f"`kb search` shows each document's id and URI.")
    return doc


@cli.command()
@click.argument("document")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def explain(ctx: Context, document: str, as_json: bool) -> None:
    """Each metadata field of DOCUMENT (an id, a file path or a URI): its value,
    where it came from and why."""
    try:
        doc = find_document(ctx.index, document)
    except UsageError:
        _explain_alternate(ctx, document)
        raise
    data = document_to_dict(doc, pages=False)
    rows = []
    for name in ("title", "doc_type", "year", "countries", "countries_mentioned", "regions", "sids",
                 "topics", "language", "organisation", "source"):
        origin = doc.origins.get(name)
        rows.append({"field": name, "value": data.get(name),
                     "origin": origin.kind if origin else None, "why": origin.reason if origin else None})
    if as_json:
        click.echo(json.dumps({"id": doc.id, "uri": doc.uri, "fields": rows}, indent=2, ensure_ascii=False))
        return
    click.echo(f"{doc.title}\n{doc.uri}  ({doc.format}, {len(doc.pages)} pages, id {doc.id})\n")
    for row in rows:
        value = row["value"]
        if isinstance(value, list):
            value = ", ".join(value) or "—"
        click.echo(f"{row['field']:<20} {value if value not in (None, '') else '—'}")
        if row["origin"]:
            click.echo(f"{'':<20} {row['origin']}" + (f": {row['why']}" if row["why"] else ""))


# ---------------------------------------------------------------- duplicates

@cli.group()
def duplicates() -> None:
    """Files that are one document (another format, the same bytes): shown once."""


def _catalog_document(catalog, ref: str):
    """The stored document `ref` names, shown or kept as an alternate."""
    for doc_id in reference_ids(ref):
        doc = catalog.document(doc_id)
        if doc is not None:
            return doc
    raise UsageError(f"no document with id, path or URI {ref!r} in the catalog; "
                     f"`kb duplicates list` shows the grouped ones.")


def _explain_alternate(ctx: Context, ref: str) -> None:
    """When `ref` is kept as another format or copy of a document, say which
    (a UsageError naming the document shown), rather than "not found"."""
    from ingest.catalog import Catalog

    if not ctx.settings.catalog_path.exists():
        return
    with Catalog(ctx.settings.catalog_path) as catalog:
        for doc_id in reference_ids(ref):
            primary = catalog.primary_of(doc_id)
            if primary and primary != doc_id:
                shown = catalog.document(primary)
                raise UsageError(f"{ref} is another format or copy of {shown.uri if shown else primary} "
                                 f"(id {primary}), which is the document shown: `kb explain {primary}`; "
                                 f"`kb duplicates split {primary} {doc_id}` shows them apart.")


@duplicates.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def duplicates_list(ctx: Context, as_json: bool) -> None:
    """Each document shown with its other formats and copies."""
    from ingest.catalog import Catalog

    rows = []
    with Catalog(ctx.settings.catalog_path) as catalog:
        for primary_id in catalog.groups():
            doc = catalog.document(primary_id)
            if doc is None:
                continue
            rows.append({"id": doc.id, "title": doc.title, "format": doc.format, "uri": doc.uri,
                         "alternates": [{"id": a.id, "format": a.format, "uri": a.uri,
                                         "similarity": a.similarity, "exact": a.exact}
                                        for a in doc.alternates]})
    if as_json:
        click.echo(json.dumps({"groups": rows}, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("No document has other formats or copies.")
    for row in rows:
        click.echo(f"{row['title']}\n  shown:  {row['uri']}  ({row['format']}, id {row['id']})")
        for alt in row["alternates"]:
            how = "same bytes" if alt["exact"] else f"similarity {alt['similarity']:.2f}"
            click.echo(f"  also:   {alt['uri']}  ({alt['format']}, id {alt['id']}, {how})")


@duplicates.command("split")
@click.argument("first")
@click.argument("second")
@click.pass_obj
def duplicates_split(ctx: Context, first: str, second: str) -> None:
    """FIRST and SECOND (ids, file paths or URIs) are different documents:
    show each on its own, now and after every later ingest or rebuild."""
    from ingest.catalog import Catalog
    from ingest.duplicates import split

    with Catalog(ctx.settings.catalog_path) as catalog:
        a, b = _catalog_document(catalog, first), _catalog_document(catalog, second)
        if a.id == b.id:
            raise UsageError("give two different documents.")
        group = catalog.primary_of(a.id)
        if group is None or group != catalog.primary_of(b.id):
            raise UsageError(f"{a.uri} and {b.uri} are not grouped as one document; "
                             f"`kb duplicates list` shows the groups.")
        split(catalog, ctx.index, a.id, b.id)
    click.echo(f"Split: {a.uri} and {b.uri} are shown as two documents from now on.")


# ---------------------------------------------------------------- serve

def check_can_listen(host: str, port: int) -> None:
    """Fail before saying "serving" when the server could not listen: a port
    out of range (from KB_PORT), a port already taken, a host not of this machine.

    Binds and closes at once with SO_REUSEADDR, as the servers themselves bind,
    so a port left in TIME_WAIT by a stopped server still counts as free."""
    import errno
    import socket

    if not 1 <= port <= 65535:
        raise UsageError(f"port {port} is out of range; give one from 1 to 65535 (--port or KB_PORT).")
    # the family the servers pick: IPv6 for an address with a colon, else IPv4
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        infos = socket.getaddrinfo(host, port, family, socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UsageError(f"cannot listen on host {host!r}: {exc.strerror}.") from None
    _, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise KbError(f"port {port} on {host} is already in use; stop what listens there "
                              f"or choose another port with --port.") from None
            if exc.errno == errno.EACCES:
                raise KbError(f"not allowed to listen on port {port} of {host}; ports below 1024 "
                              f"need privileges, choose another with --port.") from None
            raise KbError(f"cannot listen on {host}:{port}: {exc.strerror}.") from None

THREADS = 4        # threads per gunicorn worker of `kb serve --workers N`


@cli.command()
@click.option("--host", help="Default KB_HOST (127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), help="Default KB_PORT (5000).")
@click.option("--workers", type=click.IntRange(1, 64), default=1,
              help="More than one runs gunicorn with that many worker processes.")
@click.pass_obj
def serve(ctx: Context, host: str | None, port: int | None, workers: int) -> None:
    """Serve the web UI and JSON API."""
    s = ctx.settings.with_(**{k: v for k, v in {"host": host, "port": port}.items() if v})
    check_can_listen(s.host, s.port)
    if s.catalog_path.exists():
        # Opening the catalog registers, once, the documents of a catalog
        # from before the OAI-PMH record register, so /oai lists them.
        from ingest.catalog import Catalog
        Catalog(s.catalog_path).close()
    if workers > 1:
        try:
            from gunicorn.app.wsgiapp import WSGIApplication  # noqa: F401
        except ImportError:
            raise UsageError("--workers > 1 needs gunicorn: pip install gunicorn") from None
        import os
        os.environ["KB_DATA_DIR"] = str(s.data_dir)
        # --no-control-socket: gunicorn 27 otherwise binds ~/.gunicorn/gunicorn.ctl and
        # takes it over from (and later deletes it under) any other gunicorn of the user.
        # Threaded workers: a slow reader's connection holds a thread, not a whole
        # worker, and a long request (an upload of many files, a big export) is not
        # taken for a hung worker and killed after gunicorn's 30 s, as a sync worker is.
        os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", "--workers", str(workers),
                                   "--worker-class", "gthread", "--threads", str(THREADS),
                                   "--bind", f"{s.host}:{s.port}", "--no-control-socket",
                                   "web:create_app()"])
    from web import create_app
    click.echo(f"KB serving {s.index_dir} on http://{s.host}:{s.port}/", err=True)
    create_app(s).run(host=s.host, port=s.port, debug=False)


# ---------------------------------------------------------------- reindex

def remove_stale_builds(target: Path) -> list[Path]:
    """Remove what a killed `kb reindex` left beside `target`: its
    `NAME.building-PID` and `NAME.old-PID` folders whose PID is no longer a
    running process. Those of a reindex still running are left alone.

    A reindex killed between its two renames leaves no index at all but the
    previous one as `NAME.old-PID`: that one is put back rather than removed."""
    import os
    import shutil

    import psutil

    log = logging.getLogger(__name__)
    removed = []
    for kind in ("old", "building"):
        for path in sorted(target.parent.glob(f"{target.name}.{kind}-*")):
            pid = path.name.rsplit("-", 1)[1]
            if not pid.isdigit() or psutil.pid_exists(int(pid)):
                continue
            if kind == "old" and not target.exists():
                log.warning("putting back %s as %s: a reindex stopped while swapping it", path, target)
                os.replace(path, target)
                continue
            log.info("removing %s, left by a reindex that stopped", path)
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def rebuild_index(settings: Settings, backend: str) -> dict:
    """Build a fresh index of `backend` from the catalog's stored documents and
    swap it in at that backend's index directory.

    Built in a sibling directory and renamed into place, so a failure part-way
    leaves the old index untouched and readers never see a half-built one."""
    import os
    import shutil
    import time

    from indexes import BACKENDS, open_index
    from ingest.catalog import Catalog
    from ingest.reindex import copy_documents

    name = backend.strip().lower()
    # Checked here as well as in open_index: before any directory is made.
    if name not in BACKENDS:
        raise UsageError(f"unknown index backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    if name == "solr":
        return _rebuild_solr(settings)
    target = settings.index_dir_for(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(target)
    building = target.with_name(f"{target.name}.building-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    started = time.perf_counter()
    index = open_index(name, building, **settings.index_options)
    try:
        with Catalog(settings.catalog_path) as catalog:
            count = copy_documents(catalog, index)
    except BaseException:
        index.close()
        shutil.rmtree(building, ignore_errors=True)
        raise
    index.close()
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    os.replace(building, target)
    shutil.rmtree(old, ignore_errors=True)
    return {"backend": name, "documents": count, "seconds": round(time.perf_counter() - started, 3),
            "index_dir": str(target)}


def _rebuild_solr(settings: Settings) -> dict:
    """The Solr form of a rebuild: a new collection filled from the catalog,
    then the alias KB_SOLR_COLLECTION moved onto it (indexes.solr.rebuild_collection)."""
    import time

    from indexes.solr import rebuild_collection
    from ingest.catalog import Catalog
    from ingest.reindex import copy_documents

    if not settings.solr_url:
        raise UsageError("the solr backend needs KB_SOLR_URL: the URL of one or more "
                         "SolrCloud nodes, comma-separated")
    started = time.perf_counter()
    with Catalog(settings.catalog_path) as catalog:
        collection, count = rebuild_collection(
            settings.solr_options, lambda index: copy_documents(catalog, index),
            max_chars=settings.max_query_chars, max_terms=settings.max_query_terms)
    return {"backend": "solr", "documents": count, "seconds": round(time.perf_counter() - started, 3),
            "index_dir": f"SolrCloud alias {settings.solr_collection} -> {collection}",
            "collection": collection}


@cli.command()
@click.option("--backend", "backend", help="whoosh, tantivy or solr (default: KB_BACKEND).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def reindex(ctx: Context, backend: str | None, as_json: bool) -> None:
    """Rebuild the index from the catalog's stored documents, without fetching
    or extracting again: to recover a damaged index or to move the repository
    to another backend (then run with KB_BACKEND set to it)."""
    ctx.close()
    name = (backend or ctx.settings.backend).strip().lower()
    result = rebuild_index(ctx.settings, name)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"Rebuilt {result['index_dir']} with {result['documents']} documents "
               f"({result['backend']}, {result['seconds']:g} s).")
    if name != ctx.settings.backend:
        click.echo(f"Serve and search it with KB_BACKEND={name}.")


# ---------------------------------------------------------------- curation

def _curation(ctx: Context):
    from ingest.curation import CatalogCuration
    return CatalogCuration(ctx.settings, index_opener=lambda: ctx.index, workers=ctx.settings.workers)


def _acting_user(as_name: str | None) -> str:
    """Who the audit log names: --as NAME, else the user running `kb`."""
    if as_name:
        from kb.accounts import check_name
        return check_name(as_name)
    import getpass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


_as_option = click.option("--as", "as_name", metavar="NAME",
                          help="Whom the audit log names (default: the OS user running kb).")


def _resolve_id(ctx: Context, ref: str) -> str:
    """A document id from an id, a file path or a URI (the index or the catalog knows it)."""
    from ingest.catalog import Catalog
    ids = reference_ids(ref)
    for doc_id in ids:
        if ctx.index.get(doc_id) is not None:
            return doc_id
    if ctx.settings.catalog_path.exists():
        with Catalog(ctx.settings.catalog_path) as catalog:
            for doc_id in ids:
                if catalog.has_document(doc_id):
                    return doc_id
    raise UsageError(f"no document with id, path or URI {ref!r}; `kb search` shows each document's id.")


@cli.command()
@click.argument("document")
@click.option("--title")
@click.option("--country", "countries", multiple=True, help="ISO 3166 code or name (repeat; the list replaces the old one).")
@click.option("--type", "doc_type", help="Document type, e.g. case-study.")
@click.option("--year")
@click.option("--topic", "topics", multiple=True, help="Topic slug or name (repeat).")
@click.option("--language", help="ISO 639-1 code or name.")
@click.option("--organisation")
@click.option("--practice", "practice", multiple=True, metavar="N.FIELD=VALUE",
              help="A practice-card field, e.g. 1.outcome=worked (repeat).")
@click.option("--clear", "cleared", multiple=True, metavar="FIELD",
              help="Empty a field (countries, topics, doc_type, year, language, organisation).")
@_as_option
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def edit(ctx: Context, document: str, title, countries, doc_type, year, topics, language, organisation,
         practice, cleared, as_name, as_json) -> None:
    """Correct fields of DOCUMENT (an id, a file path or a URI): kept as curated
    values that win over inferred ones on every later ingest and `kb reindex`."""
    changes: dict = {name: value for name, value in (
        ("title", title), ("doc_type", doc_type), ("year", year), ("language", language),
        ("organisation", organisation)) if value is not None}
    if countries:
        changes["countries"] = list(countries)
    if topics:
        changes["topics"] = list(topics)
    for name in cleared:
        changes[name] = [] if name in ("countries", "topics") else None
    for item in practice:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"--practice {item!r}: write N.FIELD=VALUE, e.g. 1.outcome=worked")
        changes[f"practice.{key.strip()}"] = value
    doc = service.edit(_curation(ctx), _acting_user(as_name), _resolve_id(ctx, document), changes)
    if as_json:
        click.echo(json.dumps(document_to_dict(doc, pages=False), indent=2, ensure_ascii=False))
        return
    click.echo(f"Corrected {doc.title} (id {doc.id}); `kb explain {doc.id}` shows every field.")


@cli.command()
@click.argument("document")
@click.option("--reason", required=True, help="Why readers should no longer see it (kept in the catalog).")
@_as_option
@click.pass_obj
def withdraw(ctx: Context, document: str, reason: str, as_name: str | None) -> None:
    """Hide DOCUMENT from readers (search, facets, its page, feeds, the API);
    it stays in the catalog and `kb restore` brings it back."""
    doc_id = _resolve_id(ctx, document)
    service.withdraw(_curation(ctx), _acting_user(as_name), doc_id, reason)
    click.echo(f"Withdrawn: {doc_id}. `kb restore {doc_id}` brings it back.")


@cli.command()
@click.argument("document")
@_as_option
@click.pass_obj
def restore(ctx: Context, document: str, as_name: str | None) -> None:
    """Show a withdrawn DOCUMENT to readers again."""
    doc = service.restore(_curation(ctx), _acting_user(as_name), _resolve_id(ctx, document))
    click.echo(f"Restored: {doc.title} (id {doc.id}).")


@cli.command()
@click.argument("document")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@_as_option
@click.pass_obj
def delete(ctx: Context, document: str, yes: bool, as_name: str | None) -> None:
    """Remove DOCUMENT from the index and the catalog, with its corrections (an
    uploaded file is removed too). A file still in a source comes back at its
    next ingest: withdraw it instead to keep it hidden."""
    doc_id = _resolve_id(ctx, document)
    if not yes:
        click.confirm(f"Delete {doc_id} for good?", abort=True)
    doc = service.delete(_curation(ctx), _acting_user(as_name), doc_id)
    click.echo(f"Deleted: {doc.title} (id {doc.id}).")


@cli.command()
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True)
@click.option("--page", type=click.IntRange(1), default=1)
@click.option("--target", help="Only the changes of this document id or account name.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def audit(ctx: Context, limit: int, page: int, target: str | None, as_json: bool) -> None:
    """The audit log: who changed what and when, with the values before and
    after, newest first."""
    from kb.audit import AuditLog, entry_to_dict
    entries = AuditLog(ctx.settings.audit_path).entries(offset=(page - 1) * limit, limit=limit, target=target)
    if as_json:
        click.echo(json.dumps([entry_to_dict(e) for e in entries], indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo("Nothing recorded.")
    for e in entries:
        click.echo(f"{e.at:%Y-%m-%d %H:%M:%S} UTC  {e.user}  {e.action}  {e.target}")
        if e.before is not None:
            click.echo(f"    before: {json.dumps(e.before, ensure_ascii=False, sort_keys=True)}")
        if e.after is not None:
            click.echo(f"    after:  {json.dumps(e.after, ensure_ascii=False, sort_keys=True)}")


# ---------------------------------------------------------------- users

@cli.group()
def users() -> None:
    """Accounts for the web UI: readers (of a private repository), curators, admins.

    There is no default account and no default password: the first admin is
    made here, with `kb users add NAME --role admin`."""


def _new_password(password_stdin: bool) -> str:
    """A password typed twice at a hidden prompt, or the first line of
    standard input (for scripts: `printf '%s\\n' "$PW" | kb users add ...`)."""
    if password_stdin:
        line = sys.stdin.readline()
        if not line:
            raise UsageError("--password-stdin: standard input is empty")
        return line.rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _accounts(ctx: Context):
    from kb.accounts import Accounts
    return Accounts(ctx.settings.accounts_path)


_password_stdin = click.option("--password-stdin", is_flag=True,
                               help="Read the password from the first line of standard input.")


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["reader", "curator", "admin"]), default="curator",
              show_default=True)
@_password_stdin
@click.pass_obj
def users_add(ctx: Context, name: str, role: str, password_stdin: bool) -> None:
    """Make an account NAME with a role and a password (at least 10 characters)."""
    from kb.accounts import check_name
    check_name(name)
    if _accounts(ctx).find(name) is not None:
        raise UsageError(f"an account named {name!r} exists already")
    user = _accounts(ctx).add(name, role, _new_password(password_stdin))
    _audit_user(ctx, "user-add", user.name, None, {"role": user.role})
    click.echo(f"Added {user.name} ({user.role}).")


@users.command("passwd")
@click.argument("name")
@_password_stdin
@click.pass_obj
def users_passwd(ctx: Context, name: str, password_stdin: bool) -> None:
    """Give NAME a new password; its open sessions end."""
    accounts = _accounts(ctx)
    accounts.get(name)                       # an unknown name fails before the prompt
    user = accounts.set_password(name, _new_password(password_stdin))
    _audit_user(ctx, "user-passwd", user.name, None, None)
    click.echo(f"Changed the password of {user.name}; its sessions have ended.")


@users.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["reader", "curator", "admin"]))
@click.pass_obj
def users_role(ctx: Context, name: str, role: str) -> None:
    """Give NAME another role; its open sessions end."""
    before = _accounts(ctx).get(name)
    user = _accounts(ctx).set_role(name, role)
    _audit_user(ctx, "user-role", user.name, {"role": before.role}, {"role": user.role})
    click.echo(f"{user.name} is now {user.role}.")


@users.command("remove")
@click.argument("name")
@click.pass_obj
def users_remove(ctx: Context, name: str) -> None:
    """Remove the account NAME; its open sessions end."""
    before = _accounts(ctx).get(name)
    _accounts(ctx).remove(name)
    _audit_user(ctx, "user-remove", before.name, {"role": before.role}, None)
    click.echo(f"Removed {name}.")


@users.command("token")
@click.argument("name")
@click.option("--revoke", is_flag=True, help="Only revoke the account's token.")
@click.pass_obj
def users_token(ctx: Context, name: str, revoke: bool) -> None:
    """Issue an API token for NAME (printed once; only its hash is kept), for
    scripts: `Authorization: Bearer TOKEN` on the JSON API's write routes.
    The account's earlier token stops working."""
    accounts = _accounts(ctx)
    user = accounts.get(name)
    if revoke:
        count = accounts.revoke_tokens(user.name)
        _audit_user(ctx, "user-token", user.name, None, {"revoked": count})
        click.echo(f"Revoked {count} token(s) of {user.name}.")
        return
    token = accounts.issue_token(user.name)
    _audit_user(ctx, "user-token", user.name, None, {"issued": True})
    click.echo(token)


def _audit_user(ctx: Context, action: str, name: str, before, after) -> None:
    from kb.audit import AuditLog
    AuditLog(ctx.settings.audit_path).record(_acting_user(None), action, name, before, after)


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def users_list(ctx: Context, as_json: bool) -> None:
    """Every account with its role and when it was made and last changed."""
    rows = _accounts(ctx).list()
    if as_json:
        click.echo(json.dumps([{"name": u.name, "role": u.role, "created": u.created.isoformat(),
                                "changed": u.changed.isoformat()} for u in rows], indent=2))
        return
    if not rows:
        click.echo("No accounts. Make the first admin with `kb users add NAME --role admin`.")
        return
    width = max(len(u.name) for u in rows)
    for u in rows:
        click.echo(f"{u.name:<{width}}  {u.role:<7}  created {u.created:%Y-%m-%d %H:%M} UTC  "
                   f"changed {u.changed:%Y-%m-%d %H:%M} UTC")


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except KbError as exc:
        click.echo(f"kb: {exc}", err=True)
        sys.exit(EXIT_USAGE if isinstance(exc, (UsageError, InvalidQuery)) else EXIT_FAILURES)
    except SystemExit:
        raise


if __name__ == "__main__":
    main()
