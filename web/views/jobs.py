"""Ingest jobs in the browser: the history, a form to start one, and a job's
page (its progress while it runs, then its report), with the same as JSON.

The views are thin: the job table and starting a job's worker process are
`kb.jobs`; the worker itself (`kb jobs worker`) runs the pipeline. A job's
page refreshes itself with a <meta> refresh while the job runs, so progress
shows without JavaScript; kb.js only makes it update sooner."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField

from kb import jobs as job_table
from kb.errors import UsageError
from web.authz import allowed, current_account, guard
from web.context import kb_context

bp = Blueprint("jobs", __name__)
api_bp = Blueprint("jobs_api", __name__, url_prefix="/api")

REFRESH_SECONDS = 3          # the page of a running job reloads this often without JavaScript
MAX_HISTORY_PAGE = 10_000
KINDS = {
    "sync": _l("named source"), "uploads": _l("uploads"), "folder": _l("folder"),
    "manifest": _l("manifest"), "crawl": _l("crawl"), "oai": _l("OAI-PMH"), "urls": _l("URL list"),
    "feed": _l("feed"),
}
STATES = {"queued": _l("queued"), "running": _l("running"), "done": _l("done"),
          "failed": _l("failed"), "cancelled": _l("cancelled")}


class CancelJobForm(FlaskForm):
    """No fields: the CSRF token is the form."""


class StartJobForm(FlaskForm):
    source = SelectField(_l("Source"), validate_choice=False)
    prune = BooleanField(_l("Also remove the documents the source no longer has"))


def _history_page() -> int:
    page = request.args.get("page", "1")
    if not page.isdigit() or not 1 <= int(page) <= MAX_HISTORY_PAGE:
        raise UsageError(_("The page number must be a whole number from 1 to %(max)s.", max=MAX_HISTORY_PAGE))
    return int(page)


def _start_form() -> StartJobForm:
    form = StartJobForm()
    form.source.choices = [(name, name) for name in job_table.job_sources(kb_context().settings)]
    return form


@bp.get("/jobs")
@guard("view_jobs")
def jobs():
    page = _history_page()
    rows, total = kb_context().jobs.history(page)
    pages = max(1, -(-total // job_table.PAGE_SIZE))
    form = _start_form() if allowed("run_job") else None
    return render_template("jobs.html", rows=rows, total=total, page=page, pages=pages, form=form,
                           kinds=KINDS, states=STATES)


def _start(source: str | None, prune: bool) -> job_table.Job:
    ctx = kb_context()
    return job_table.start(ctx.settings, ctx.jobs, source or "", current_account().name, prune=prune)


@bp.post("/jobs")
@guard("run_job")
def start():
    form = _start_form()
    form.validate()             # the CSRF token was checked before the view; the source by kb.jobs
    job = _start(form.source.data, bool(form.prune.data))
    return redirect(url_for("jobs.job", job=job.id), code=303)


@bp.get("/jobs/<int:job>")
@guard("view_jobs")
def job(job: int):
    row = kb_context().jobs.current(job)
    cancel_form = CancelJobForm() if row.active and allowed("run_job") else None
    return render_template("job.html", job=row, kinds=KINDS, states=STATES, cancel_form=cancel_form,
                           refresh=REFRESH_SECONDS if row.active else None)


@bp.post("/jobs/<int:job>/cancel")
@guard("run_job")
def cancel(job: int):
    job_table.cancel(kb_context().jobs, job)
    return redirect(url_for("jobs.job", job=job), code=303)


def _job_json(row: job_table.Job) -> dict:
    data = row.to_dict()
    data["url"] = url_for("jobs.job", job=row.id, _external=True)
    data["status_url"] = url_for("jobs_api.job_status", job=row.id, _external=True)
    return data


@api_bp.get("/jobs")
@guard("view_jobs")
def job_list():
    page = _history_page()
    rows, total = kb_context().jobs.history(page)
    return jsonify({"total": total, "page": page, "page_size": job_table.PAGE_SIZE,
                    "sources": job_table.job_sources(kb_context().settings),
                    "jobs": [_job_json(r) for r in rows]})


@api_bp.post("/jobs")
@guard("run_job")
def start_job():
    """Body: JSON {"source": NAME, "prune": false} or the same as form fields;
    the CSRF token in the X-CSRFToken header (or a csrf_token field)."""
    body = request.get_json(silent=True) if request.is_json else None
    if isinstance(body, dict):
        source, prune = body.get("source"), body.get("prune", False)
    else:
        source, prune = request.form.get("source"), request.form.get("prune") in ("1", "true", "y", "on")
    if not isinstance(source, str) or not isinstance(prune, bool):
        raise UsageError(_("Give the source as a string and prune as true or false."))
    row = _start(source, prune)
    response = jsonify(_job_json(row))
    response.status_code = 202
    response.headers["Location"] = url_for("jobs_api.job_status", job=row.id)
    return response


@api_bp.get("/jobs/<int:job>")
@guard("view_jobs")
def job_status(job: int):
    return jsonify(_job_json(kb_context().jobs.current(job)))


@api_bp.post("/jobs/<int:job>/cancel")
@guard("run_job")
def cancel_job(job: int):
    """A queued job ends at once; a running one is asked to stop (202: poll its status)."""
    row = job_table.cancel(kb_context().jobs, job)
    response = jsonify(_job_json(row))
    response.status_code = 200 if not row.active else 202
    return response


@bp.app_context_processor
def _jobs_in_templates() -> dict:
    """`may(action)`: whether to show a link or button to the current account."""
    return {"may": allowed}
