"""The OAI-PMH 2.0 provider at /oai (GET and POST, as the protocol allows),
and the schema of its `kb` metadata format.

The protocol is `kb.oai`; this view only hands it the request's arguments
and what depends on the server: the base URL, each document's public URLs
(its page, and its file when KB serves one; never a path on the server),
the index and the record register. Protocol errors are OAI-PMH responses
with HTTP 200, as the specification says. Harvesting is reading, so the
provider follows the "search" rule (a private repository answers 401 to a
harvester that has not signed in). A POST here reads and changes nothing,
which is why it is exempt from the CSRF token forms need."""
from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, request, url_for

from kb import oai
from kb.models import Document
from kb.oai_formats import KB_SCHEMA_FILE, Links
from kb.oai_register import Register
from web.authz import guard
from web.context import kb_context
from web.views.documents import has_original, is_remote

bp = Blueprint("oai", __name__)

MEDIA_TYPE = "text/xml; charset=utf-8"


def _links(doc: Document) -> Links:
    page = url_for("documents.document", id=doc.id, _external=True)
    served = is_remote(doc.uri) or has_original(doc)
    return Links(page=page, file=url_for("documents.original", id=doc.id, _external=True) if served else None)


def repository() -> oai.Repository:
    ctx = kb_context()
    s = ctx.settings
    index = ctx.index
    return oai.Repository(
        name="KB: e-governance practice",
        base_url=url_for("oai.endpoint", _external=True),
        admin_email=s.oai_admin_email or f"kb@{s.oai_repository_id}",
        repository_id=s.oai_repository_id,
        register=Register(s.catalog_path),
        document=index.get,
        links=_links,
        kb_schema_url=url_for("oai.kb_schema", _external=True),
        page_size=s.oai_page_size,
    )


@bp.route("/oai", methods=["GET", "POST"])
@guard("search")
def endpoint():
    pairs = list((request.form if request.method == "POST" else request.args).items(multi=True))
    body = oai.Provider(repository()).respond(pairs)
    response = Response(body, mimetype="text/xml")
    response.content_type = MEDIA_TYPE
    response.cache_control.no_cache = True
    return response


def _exempt(state) -> None:
    """A harvester's POST carries no CSRF token and needs none (`web.authz.READING_POSTS`)."""
    state.app.extensions["csrf"].exempt(endpoint)


bp.record_once(_exempt)


@bp.get(f"/oai/{KB_SCHEMA_FILE}")
@guard("view_api_description")
def kb_schema():
    """How the kb format is written: no data, so anyone may read it."""
    body = resources.files("kb").joinpath("schemas", KB_SCHEMA_FILE).read_bytes()
    response = Response(body, mimetype="text/xml")
    response.content_type = MEDIA_TYPE
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response
