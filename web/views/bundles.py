"""Offline bundles on the site and in the API: `/bundle?` + a search's
parameters (a country page sends `country=FJI`, a SIDS group `sids=Pacific`)
says what the bundle holds and how big it is before anything is downloaded;
`/bundle.zip?` + the same parameters downloads it.

A bundle estimated at most `KB_BUNDLE_BACKGROUND_MB` is built when asked for;
a bigger one is built in a background thread into `<data_dir>/bundles/`
(a temporary file, then a rename) while the page says it is being prepared
and refreshes itself (a meta refresh: no JavaScript needed). Either way the
zip is cached under a key made of the query and of each document's id,
change stamps and file, so the next request for an unchanged collection is
served from the cache and a changed collection gets a new bundle.

Parameters are read strictly, as exports and feeds read them (a bad one is
a 400). Documents a reader may not see (withdrawn ones) never go in."""
from __future__ import annotations

from urllib.parse import urlencode

from flask import (Blueprint, Response, jsonify, redirect, render_template, request, send_file,
                   url_for)
from flask_babel import gettext as _

from kb import bundle, service
from kb.errors import BundleTooLarge, NotFound
from kb.models import FACETS
from web.authz import allowed, guard
from web.bundle import collection_title, make_spec, size_label
from web.context import kb_context
from web.i18n import current_language, translate_error
from web.labels import stored_params

bp = Blueprint("bundles", __name__)

# Parameters a bundle ignores: it holds every page of the search, in one language.
IGNORED = frozenset({"page", "size", "lang", "mine"})
REFRESH_SECONDS = 5


def _items() -> list[tuple[str, str]]:
    return [(k, v) for k, v in request.args.items(multi=True) if v.strip() and k not in IGNORED]


def _with_args(endpoint: str, external: bool = False) -> str:
    items = _items()
    lang = request.args.get("lang")
    if lang:
        items.append(("lang", lang))
    base = url_for(endpoint, _external=external)
    return f"{base}?{urlencode(items)}" if items else base


def _query():
    params: dict[str, list[str]] = {}
    for k, v in _items():
        params.setdefault(k, []).append(v)
    return service.query_from_params(stored_params(params, FACETS), kb_context().settings)


def _doc_url(doc_id: str) -> str:
    return url_for("documents.document", id=doc_id, _external=True)


class State:
    """One bundle as a request sees it: its plan (or why there is none), its
    size (exact once built, else the estimate) and where its build stands."""

    def __init__(self):
        ctx = kb_context()
        self.ctx = ctx
        self.limits = bundle.Limits.from_settings(ctx.settings)
        self.cache = ctx.bundles.cache
        self.query = _query()
        self.title = collection_title(self.query)
        self.problem: BundleTooLarge | None = None
        self.plan: bundle.Plan | None = None
        self._spec: bundle.Spec | None = None
        try:
            self.plan = bundle.plan(ctx.index, self.query, self.limits,
                                    lambda d: allowed("view_document", d), current_language(),
                                    size_label)
        except BundleTooLarge as exc:
            self.problem = exc
            return
        self.built = self.cache.ready(self.plan.key)
        self.size = self.built if self.built is not None else self._estimate()
        if self.problem is None and self.size > self.limits.max_bytes:
            self.problem = bundle.too_large(bundle.TOO_BIG, size=size_label(self.size),
                                            limit=size_label(self.limits.max_bytes))

    def spec(self) -> bundle.Spec:
        if self._spec is None:
            self._spec = make_spec(self.plan, self.title, _doc_url,
                                   url_for("search.search", _external=True))
        return self._spec

    def _estimate(self) -> int:
        known = self.cache.remembered(self.plan.key)
        if known is not None:
            return known
        size = bundle.estimate(self.spec())
        self.cache.remember(self.plan.key, len(self.plan.items), size)
        return size

    @property
    def background(self) -> bool:
        return self.size > self.limits.background_bytes

    @property
    def status(self) -> str:
        if self.problem is not None:
            return "too-large"
        if self.built is not None:
            return "ready"
        if self.cache.building(self.plan.key):
            return "preparing"
        if self.cache.failure(self.plan.key):
            return "failed"
        return "not-built"

    def start(self) -> None:
        """Start the background build of a big bundle that is not built yet."""
        if self.problem is None and self.built is None and self.background:
            self.ctx.bundles.builds.start(self.spec())

    def file_name(self) -> str:
        return f"kb-{bundle.slug(self.title, 40)}.zip"

    def as_dict(self) -> dict:
        plan = self.plan
        data = {"title": self.title, "status": self.status,
                "page_url": _with_args("bundles.page", external=True),
                "limits": {"documents": self.limits.max_documents, "bytes": self.limits.max_bytes,
                           "background_bytes": self.limits.background_bytes}}
        if self.problem is not None:
            data["message"] = translate_error(self.problem)
        if plan is None:
            return data
        data.update({
            "documents": len(plan.items), "matched": plan.matched,
            "original_files": sum(1 for i in plan.items if i.is_original),
            "text_files": sum(1 for i in plan.items if i.text is not None),
            "bytes": self.size, "size_exact": self.built is not None,
            "background": self.background, "key": plan.key,
            "download_url": (_with_args("bundles.download", external=True)
                             if self.problem is None else None),
        })
        if self.status == "failed":
            data["message"] = _("Preparing this bundle failed; it is tried again when asked for.")
        return data


def _send(state: State) -> Response:
    path = state.cache.zip_path(state.plan.key)
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=state.file_name(), conditional=True, max_age=0)
    response.headers["X-KB-Bundle-Documents"] = str(len(state.plan.items))
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _download(api: bool):
    state = State()
    if state.problem is not None:
        raise state.problem
    if not state.plan.items:
        raise NotFound(_("This collection has no documents, so there is nothing to bundle."))
    if state.built is None:
        if state.background:
            state.start()
            if api:
                response = jsonify(state.as_dict())
                response.status_code = 202
                response.headers["Retry-After"] = str(REFRESH_SECONDS)
                response.headers["Location"] = _with_args("bundles.api_status", external=True)
                return response
            return redirect(_with_args("bundles.page"), code=303)
        state.cache.build(state.spec())       # small: built now, cached for the next request
    return _send(state)


@bp.get("/bundle")
@guard("search")
def page():
    state = State()
    if state.status == "not-built":
        state.start()                         # a big bundle: prepared while the page refreshes
    status = state.status
    return render_template("bundle.html", state=state, status=status,
                           refresh=REFRESH_SECONDS if status == "preparing" else None,
                           size=size_label(state.size) if state.plan else "",
                           problem=translate_error(state.problem) if state.problem else "",
                           download_url=_with_args("bundles.download"),
                           search_url=_with_args("search.search"))


@bp.get("/bundle.zip")
@guard("search")
def download():
    return _download(api=False)


@bp.get("/api/bundle")
@guard("search")
def api_status():
    return jsonify(State().as_dict())


@bp.get("/api/bundle.zip")
@guard("search")
def api_download():
    return _download(api=True)
