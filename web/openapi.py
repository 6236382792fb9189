"""The OpenAPI 3.1 description of the JSON API, written by hand.

Hand-written because the API is small and a generator would be a dependency
for five paths; `tests/web/test_api.py` checks it lists every /api route.
Summaries and descriptions are in the request's language (`?lang=`,
`Accept-Language`); names, types and enums are the API's and stay as they are."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from kb.models import FACETS, OUTCOMES, PRACTICE_FIELDS, SORTS
from kb.service import MAX_PAGE_SIZE, MAX_YEAR, MIN_YEAR

_ERROR = {"$ref": "#/components/responses/Error"}
_STR_LIST = {"type": "array", "items": {"type": "string"}}


def _facet_params() -> list[dict[str, Any]]:
    return [{
        "name": facet, "in": "query", "required": False, "explode": True,
        "description": _("Filter on %(facet)s; repeat for several values (OR). "
                         "Different facets combine with AND.", facet=facet),
        "schema": _STR_LIST,
    } for facet in FACETS]


def _oai_paths() -> dict[str, Any]:
    """The OAI-PMH provider: it answers XML, not JSON, and is described here
    so that a reader of the API finds it."""
    names = ("verb", "identifier", "metadataPrefix", "from", "until", "set", "resumptionToken")
    verbs = ["Identify", "ListMetadataFormats", "ListSets", "GetRecord", "ListIdentifiers", "ListRecords"]
    schemas = {n: {"type": "string", "enum": verbs} if n == "verb" else {"type": "string"} for n in names}
    operation = {
        "summary": _("OAI-PMH 2.0: harvest the repository's records"),
        "description": _("Simple Dublin Core (oai_dc) and KB's own format (kb); sets by country, "
                         "SIDS group, document type and source; deleted records are kept. "
                         "Protocol errors are OAI-PMH responses with status 200."),
        "responses": {"200": {"description": _("An OAI-PMH response"),
                              "content": {"text/xml": {"schema": {"type": "string"}}}},
                      "401": _ERROR, "503": _ERROR},
    }
    return {"/oai": {
        "get": {**operation, "operationId": "oaiPmh", "parameters": [
            {"name": n, "in": "query", "required": n == "verb", "schema": schemas[n]} for n in names]},
        "post": {**operation, "operationId": "oaiPmhForm", "requestBody": {"required": True, "content": {
            "application/x-www-form-urlencoded": {"schema": {
                "type": "object", "properties": schemas, "required": ["verb"]}}}}},
    }}


def _export_paths(search_params: list[dict[str, Any]], lang: dict[str, Any]) -> dict[str, Any]:
    """The export routes: a search's parameters (less paging) plus `limit`."""
    from kb.exports import BY_SUFFIX, MAX_EXPORT_ROWS

    fmt = {"name": "format", "in": "path", "required": True,
           "schema": {"type": "string", "enum": sorted(BY_SUFFIX)},
           "description": _("csv, ris (RIS), bib (BibTeX) or json (CSL-JSON)")}
    content = {f.media_type.split(";")[0]: {"schema": {"type": "string"}} for f in BY_SUFFIX.values()}
    count = {"schema": {"type": "integer"}}
    return {
        "/api/export.{format}": {"get": {
            "summary": _("Export the documents of a search as CSV, RIS, BibTeX or CSL-JSON"),
            "description": _("Takes the search's parameters; the file is streamed in the search's "
                             "order and holds at most %(num)s documents (or `limit`). The headers "
                             "say how many matched and how many are in the file.", num=MAX_EXPORT_ROWS),
            "operationId": "exportSearch",
            "parameters": [fmt, *(p for p in search_params if p["name"] not in ("page", "size", "mine")),
                           {"name": "limit", "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_EXPORT_ROWS}}],
            "responses": {
                "200": {"description": _("The export file"), "content": content, "headers": {
                    "X-KB-Export-Total": dict(count, description=_("documents that match")),
                    "X-KB-Export-Rows": dict(count, description=_("documents in the file")),
                    "X-KB-Export-Limit": dict(count, description=_("most documents in one export")),
                    "X-KB-Export-Truncated": {"schema": {"type": "string", "enum": ["0", "1"]}}}},
                "400": _ERROR, "404": _ERROR, "503": _ERROR,
            },
        }},
        "/api/documents/{id}/export.{format}": {"get": {
            "summary": _("Export one document's reference as CSV, RIS, BibTeX or CSL-JSON"),
            "operationId": "exportDocument",
            "parameters": [fmt, {"name": "id", "in": "path", "required": True,
                                 "schema": {"type": "string"}}, lang],
            "responses": {"200": {"description": _("The export file"), "content": content},
                          "404": _ERROR, "503": _ERROR},
        }},
    }


def _bundle_paths(search_params: list[dict[str, Any]]) -> dict[str, Any]:
    """The offline bundle routes: a search's parameters, less paging."""
    params = [p for p in search_params if p["name"] not in ("page", "size", "mine")]
    status = {"type": "object", "properties": {
        "title": {"type": "string"},
        "status": {"type": "string", "enum": ["ready", "preparing", "not-built", "failed", "too-large"]},
        "documents": {"type": "integer"}, "matched": {"type": "integer"},
        "original_files": {"type": "integer"}, "text_files": {"type": "integer"},
        "bytes": {"type": "integer"}, "size_exact": {"type": "boolean"},
        "background": {"type": "boolean"}, "key": {"type": "string"},
        "download_url": {"type": ["string", "null"]}, "page_url": {"type": "string"},
        "message": {"type": "string"},
        "limits": {"type": "object", "properties": {
            "documents": {"type": "integer"}, "bytes": {"type": "integer"},
            "background_bytes": {"type": "integer"}}},
    }}
    json_status = {"application/json": {"schema": status}}
    return {
        "/api/bundle": {"get": {
            "summary": _("The size and state of an offline bundle of a search"),
            "description": _("Takes the search's parameters (a country page's bundle is "
                             "`country=FJI`, a SIDS group's `sids=Pacific`). Says how many "
                             "documents and bytes the zip holds (estimated until it is built), "
                             "whether it is built in the background, whether it is ready, and "
                             "where to download it. Starts nothing."),
            "operationId": "bundleStatus",
            "parameters": params,
            "responses": {"200": {"description": _("The bundle's size and state"),
                                  "content": json_status},
                          "400": _ERROR, "503": _ERROR},
        }},
        "/api/bundle.zip": {"get": {
            "summary": _("Download an offline bundle of a search"),
            "description": _("A zip with index.html (works from file:// with no network), the "
                             "original files under files/ and metadata.csv. A small bundle is "
                             "built when asked for; a big one is built in the background: the "
                             "answer is then 202 with the bundle's state, and asking again "
                             "after Retry-After seconds downloads it."),
            "operationId": "bundleDownload",
            "parameters": params,
            "responses": {
                "200": {"description": _("The bundle"),
                        "content": {"application/zip": {"schema": {"type": "string",
                                                                   "format": "binary"}}}},
                "202": {"description": _("Being prepared; ask again later"), "content": json_status,
                        "headers": {"Retry-After": {"schema": {"type": "integer"}}}},
                "400": _ERROR, "413": _ERROR, "503": _ERROR,
            },
        }},
    }


def _job_paths() -> dict[str, Any]:
    """The ingest jobs: start one, list them, follow one. Curators only; a
    start is a write, so it carries the session's CSRF token."""
    job = {"$ref": "#/components/schemas/Job"}
    job_id = {"name": "job", "in": "path", "required": True, "schema": {"type": "integer"}}
    page = {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}
    signed_in = _("Needs a signed-in curator (the session cookie of /signin).")
    return {
        "/api/jobs": {
            "get": {
                "summary": _("The ingest jobs, newest first"),
                "description": signed_in,
                "operationId": "listJobs",
                "parameters": [page],
                "responses": {"200": {"description": _("A page of the job history"), "content": {
                    "application/json": {"schema": {"type": "object", "properties": {
                        "total": {"type": "integer"}, "page": {"type": "integer"},
                        "page_size": {"type": "integer"},
                        "sources": dict(_STR_LIST, description=_("what a job may be started for")),
                        "jobs": {"type": "array", "items": job}}}}}},
                    "400": _ERROR, "401": _ERROR, "403": _ERROR},
            },
            "post": {
                "summary": _("Start a job: a sync of a named source of kb.toml, or a re-ingest of the uploads"),
                "description": signed_in + " " + _("Send the CSRF token of a page of the session in "
                                                   "the X-CSRFToken header. The job runs in a worker "
                                                   "process; follow it at the URL of the Location header."),
                "operationId": "startJob",
                "parameters": [{"name": "X-CSRFToken", "in": "header", "required": True,
                                "schema": {"type": "string"}}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["source"], "properties": {
                        "source": {"type": "string"},
                        "prune": {"type": "boolean", "default": False,
                                  "description": _("also remove the documents the source no longer has")}}}}}},
                "responses": {
                    "202": {"description": _("The job, queued"), "content": {
                        "application/json": {"schema": job}},
                        "headers": {"Location": {"schema": {"type": "string"}}}},
                    "400": _ERROR, "401": _ERROR, "403": _ERROR,
                    "409": {"description": _("The source already has a job queued or running"),
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}}}},
                },
            },
        },
        "/api/jobs/{job}/cancel": {"post": {
            "summary": _("Stop a job"),
            "description": signed_in + " " + _("A queued job is cancelled at once (200); a running "
                                               "one is asked to stop and ends cancelled (202)."),
            "operationId": "cancelJob",
            "parameters": [job_id, {"name": "X-CSRFToken", "in": "header", "required": True,
                                    "schema": {"type": "string"}}],
            "responses": {"200": {"description": _("The job"), "content": {"application/json": {"schema": job}}},
                          "202": {"description": _("The job, stopping"),
                                  "content": {"application/json": {"schema": job}}},
                          "401": _ERROR, "403": _ERROR, "404": _ERROR,
                          "409": {"description": _("The job has already ended"), "content": {
                              "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}},
        }},
        "/api/jobs/{job}": {"get": {
            "summary": _("A job's state, progress and report"),
            "description": signed_in,
            "operationId": "jobStatus",
            "parameters": [job_id],
            "responses": {"200": {"description": _("The job"), "content": {"application/json": {"schema": job}}},
                          "401": _ERROR, "403": _ERROR, "404": _ERROR},
        }},
    }


def _job_schema() -> dict[str, Any]:
    from kb.jobs import STATES

    counts = {"type": "object", "additionalProperties": {"type": "integer"}}
    when = {"type": ["string", "null"], "format": "date-time"}
    listed = {"type": "array", "items": {"type": "string"}}
    failures = {"type": "array", "items": {"type": "object", "properties": {
        "uri": {"type": "string"}, "reason": {"type": "string"}}}}
    return {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "kind": {"type": "string", "description": _("sync (a named source), uploads, or what "
                                                         "a command-line run ingested")},
            "source": {"type": "string"}, "started_by": {"type": "string"},
            "via": {"type": "string", "enum": ["web", "cli"]},
            "state": {"type": "string", "enum": list(STATES)},
            "created": when, "started": when, "finished": when,
            "progress": {"type": "object", "properties": {
                "done": {"type": "integer"}, "total": {"type": ["integer", "null"]},
                "current": {"type": "string"}, "counts": counts}},
            "report": {"type": ["object", "null"], "description": _("once the job is done"),
                       "properties": {"counts": counts, "added": listed, "updated": listed,
                                      "unchanged": listed, "removed": listed, "failed": failures,
                                      "still_failing": failures}},
            "error": {"type": ["string", "null"]},
            "prune": {"type": "boolean"},
            "url": {"type": "string"}, "status_url": {"type": "string"},
        },
    }


def openapi_document(server: str = "") -> dict[str, Any]:
    from web.i18n import LANGUAGES

    _LANG = {"name": "lang", "in": "query", "schema": {"type": "string", "enum": list(LANGUAGES)},
             "description": _("Language of labels, names and messages (default: Accept-Language, "
                              "then English); values stay as stored.")}
    _MINE = {"name": "mine", "in": "query", "schema": {"type": "string", "enum": ["1"]},
             "description": _("1: documents in the request's language first; every result is kept.")}
    _ALTERNATES = {
        "type": "array",
        "description": _("the same document in other formats, or the same file under another "
                         "name: each downloadable, none counted as a document of its own"),
        "items": {"type": "object", "properties": {
            "id": {"type": "string"}, "format": {"type": "string"}, "uri": {"type": "string"},
            "size": {"type": "integer"}, "similarity": {"type": "number"},
            "exact": {"type": "boolean"}, "url": {"type": "string"}}},
    }
    hit = {
        "type": "object",
        "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "uri": {"type": "string"},
            "format": {"type": "string"}, "doc_type": {"type": ["string", "null"]},
            "year": {"type": ["integer", "null"]}, "countries": _STR_LIST,
            "regions": _STR_LIST, "sids": _STR_LIST, "topics": _STR_LIST,
            "language": {"type": ["string", "null"]}, "source": {"type": "string"},
            "score": {"type": "number"},
            "page": {"type": ["integer", "null"], "description": _("page or slide that matched best")},
            "page_count": {"type": "integer"},
            "snippet": {"type": "string"},
            "snippet_html": {"type": "string", "description": _("escaped text, matches in <mark>")},
            "url": {"type": "string"}, "page_url": {"type": ["string", "null"]},
            "alternates": _ALTERNATES,
        },
    }
    facet_count = {
        "type": "object",
        "properties": {"value": {"type": "string"}, "label": {"type": "string"},
                       "count": {"type": "integer"}, "selected": {"type": "boolean"}},
    }
    spec = {
        "openapi": "3.1.0",
        "info": {
            "title": "KB search API",
            "version": "1.0.0",
            "description": _("Full-text and faceted search over the KB e-governance "
                             "knowledge base. Facet counts are disjunctive: each facet's "
                             "counts apply every other selection but not its own."),
        },
        "servers": [{"url": server or "/"}],
        "paths": {
            "/api/search": {"get": {
                "summary": _("Search documents"),
                "operationId": "search",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"},
                     "description": _("Query text; empty lists everything, newest first.")},
                    *_facet_params(),
                    {"name": "year_from", "in": "query",
                     "schema": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}},
                    {"name": "year_to", "in": "query",
                     "schema": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}},
                    {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {"name": "size", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}},
                    _MINE, _LANG,
                    {"name": "mode", "in": "query",
                     "schema": {"type": "string", "enum": ["auto", "hybrid", "keyword"]}},
                    {"name": "expand", "in": "query",
                     "schema": {"type": "string", "enum": ["1", "0"], "default": "1"}},
                ],
                "responses": {
                    "200": {"description": _("Results"), "content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/Results"}}}},
                    "400": _ERROR, "503": _ERROR,
                },
            }},
            "/api/documents/{id}": {"get": {
                "summary": _("One document with its pages, metadata origins and related documents"),
                "operationId": "getDocument",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string"}}, _LANG],
                "responses": {
                    "200": {"description": _("The document"), "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Document"}}}},
                    "404": _ERROR, "503": _ERROR,
                },
            }},
            "/api/countries": {"get": {
                "summary": _("Countries that have documents, with counts and UN M49 placement"),
                "operationId": "listCountries",
                "parameters": [_LANG],
                "responses": {
                    "200": {"description": _("Countries"), "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Countries"}}}},
                    "503": _ERROR,
                },
            }},
            "/api/practices": {"get": {
                "summary": _("Practice cards that match a search, with the search's facets plus "
                             "outcome and solution type"),
                "operationId": "listPractices",
                "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "string"}},
                    *_facet_params(),
                    {"name": "outcome", "in": "query", "explode": True,
                     "schema": {"type": "array", "items": {"type": "string", "enum": list(OUTCOMES)}}},
                    {"name": "solution_type", "in": "query", "explode": True, "schema": _STR_LIST,
                     "description": _("Topic slugs, as the topic facet has them")},
                    {"name": "year_from", "in": "query",
                     "schema": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}},
                    {"name": "year_to", "in": "query",
                     "schema": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {"name": "size", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}},
                    _LANG,
                ],
                "responses": {
                    "200": {"description": _("Practice cards"), "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Practices"}}}},
                    "400": _ERROR, "503": _ERROR,
                },
            }},
            "/api/countries/{code}/peers": {"get": {
                "summary": _("The countries most like this one, with why, and their practices"),
                "operationId": "countryPeers",
                "parameters": [{"name": "code", "in": "path", "required": True,
                                "schema": {"type": "string"}}, _LANG],
                "responses": {
                    "200": {"description": _("Peers and their practices"), "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Peers"}}}},
                    "404": _ERROR, "503": _ERROR,
                },
            }},
            "/api/suggest": {"get": {
                "summary": _("Words starting with the last word of q, for autocomplete"),
                "operationId": "suggest",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"description": _("Suggestions"), "content": {
                    "application/json": {"schema": {"type": "object", "properties": {
                        "q": {"type": "string"}, "suggestions": _STR_LIST}}}}}},
            }},
            "/api/openapi.json": {"get": {
                "summary": _("This document"),
                "operationId": "openapi",
                "responses": {"200": {"description": _("OpenAPI 3.1 document")}},
            }},
        },
        "components": {
            "schemas": {
                "Hit": hit,
                "FacetCount": facet_count,
                "Results": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "object"},
                        "total": {"type": "integer"}, "page": {"type": "integer"},
                        "page_size": {"type": "integer"}, "pages": {"type": "integer"},
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "facets": {"type": "object", "additionalProperties": {
                            "type": "array", "items": {"$ref": "#/components/schemas/FacetCount"}}},
                        "suggestion": {"type": ["string", "null"]},
                        "notice": {"type": ["string", "null"]},
                        "mode": {"type": "string", "enum": ["keyword", "hybrid"]},
                        "expanded": {"type": "array", "items": {"type": "string"}},
                    },
                },
                "Document": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"}, "uri": {"type": "string"},
                        "title": {"type": "string"}, "format": {"type": "string"},
                        "pages": {"type": "array", "items": {"type": "object", "properties": {
                            "number": {"type": "integer"}, "text": {"type": "string"},
                            "title": {"type": "string"}}}},
                        "page_count": {"type": "integer"},
                        "origins": {"type": "object", "additionalProperties": {
                            "type": "object", "properties": {
                                "kind": {"type": "string", "enum": ["curated", "extracted", "inferred"]},
                                "reason": {"type": "string"}}}},
                        "related": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "practices": {"type": "array", "items": {"$ref": "#/components/schemas/Practice"}},
                        "alternates": _ALTERNATES,
                    },
                    "additionalProperties": True,
                },
                "CardField": {
                    "type": ["object", "null"],
                    "description": _("null: the document does not state it"),
                    "properties": {
                        "value": {"type": "string"}, "page": {"type": ["integer", "null"]},
                        "origin": {"type": "object", "properties": {
                            "kind": {"type": "string", "enum": ["curated", "extracted"]},
                            "reason": {"type": "string"}}}},
                },
                "Practice": {
                    "type": "object",
                    "properties": {name: {"$ref": "#/components/schemas/CardField"}
                                   for name in PRACTICE_FIELDS},
                },
                "Practices": {
                    "type": "object",
                    "properties": {
                        "total": {"type": "integer"}, "page": {"type": "integer"},
                        "page_size": {"type": "integer"}, "pages": {"type": "integer"},
                        "documents_read": {"type": "integer"},
                        "cards": {"type": "array", "items": {"type": "object", "properties": {
                            "document": {"type": "string"}, "title": {"type": "string"},
                            "number": {"type": "integer"}, "url": {"type": "string"},
                            "summary": {"type": "string"},
                            "card": {"$ref": "#/components/schemas/Practice"}}}},
                        "facets": {"type": "object", "additionalProperties": {
                            "type": "array", "items": {"$ref": "#/components/schemas/FacetCount"}}},
                    },
                },
                "Peers": {
                    "type": "object",
                    "properties": {
                        "country": {"type": "string"},
                        "peers": {"type": "array", "items": {"type": "object", "properties": {
                            "code": {"type": "string"}, "name": {"type": "string"},
                            "score": {"type": "number"}, "reasons": _STR_LIST}}},
                        "practices": {"type": "array", "items": {"type": "object", "properties": {
                            "doc_id": {"type": "string"}, "number": {"type": "integer"},
                            "country": {"type": "string"}, "name": {"type": "string"},
                            "contact": {"type": ["string", "null"]}, "why": {"type": "string"},
                            "score": {"type": "number"}, "url": {"type": "string"}}}},
                    },
                },
                "Countries": {
                    "type": "object",
                    "properties": {
                        "total": {"type": "integer"},
                        "countries": {"type": "array", "items": {"type": "object", "properties": {
                            "code": {"type": "string"}, "name": {"type": "string"},
                            "count": {"type": "integer"}, "region": {"type": ["string", "null"]},
                            "subregion": {"type": ["string", "null"]},
                            "sids_group": {"type": ["string", "null"]},
                            "url": {"type": "string"}}}},
                    },
                },
                "Job": _job_schema(),
                "Error": {
                    "type": "object",
                    "properties": {"error": {"type": "object", "properties": {
                        "status": {"type": "integer"}, "kind": {"type": "string"},
                        "message": {"type": "string"}}}},
                },
            },
            "responses": {
                "Error": {"description": _("An error"), "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Error"}}}},
            },
        },
    }
    spec["paths"].update(_export_paths(spec["paths"]["/api/search"]["get"]["parameters"], _LANG))
    spec["paths"].update(_oai_paths())
    spec["paths"].update(_bundle_paths(spec["paths"]["/api/search"]["get"]["parameters"]))
    spec["paths"].update(_job_paths())
    _add_curation(spec)
    return spec


def _add_curation(spec: dict[str, Any]) -> None:
    """The write routes for curators' scripts, the audit log, and how they authenticate."""
    from kb.curation import EDITABLE

    auth = [{"bearerToken": []}, {"sessionCookie": []}]
    doc_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    document = {"200": {"description": _("The document as it now is"), "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Document"}}}}}
    errors = {"400": _ERROR, "401": _ERROR, "403": _ERROR, "404": _ERROR}
    fields = {name: ({"oneOf": [_STR_LIST, {"type": "string"}]} if name in ("countries", "topics")
                     else {"type": ["integer", "string", "null"]} if name == "year"
                     else {"type": ["string", "null"]}) for name in EDITABLE}
    spec["components"]["securitySchemes"] = {
        "bearerToken": {"type": "http", "scheme": "bearer",
                        "description": _("An API token from `kb users token NAME`; no CSRF token is needed.")},
        "sessionCookie": {"type": "apiKey", "in": "cookie", "name": "kb_session",
                          "description": _("A browser's sign-in; write requests must then carry the "
                                           "page's CSRF token in an X-CSRFToken header.")},
    }
    spec["components"]["schemas"]["Corrections"] = {
        "type": "object", "properties": fields,
        "patternProperties": {r"^practice\.[0-9]+\.[a-z_]+$": {"type": ["string", "null"]}},
        "additionalProperties": False,
        "description": _("Fields to correct; `practice.N.FIELD` corrects field FIELD of practice card N."),
    }
    spec["components"]["schemas"]["UploadReport"] = {
        "type": "object", "properties": {
            "added": {"type": "array", "items": {"type": "object"}},
            "unchanged": {"type": "array", "items": {"type": "object"}},
            "failed": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string"}, "reason": {"type": "string"}}}},
            "counts": {"type": "object"}}}
    spec["paths"]["/api/documents/{id}"]["patch"] = {
        "summary": _("Correct a document's fields (curators)"),
        "description": _("Each value given is kept as a curated value that wins over inferred ones "
                         "on every later ingest and rebuild; the index is updated at once."),
        "operationId": "editDocument", "security": auth, "parameters": [doc_id],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Corrections"}}}},
        "responses": {**document, **errors},
    }
    spec["paths"]["/api/documents/{id}"]["delete"] = {
        "summary": _("Delete a document from the index and the catalog (curators)"),
        "operationId": "deleteDocument", "security": auth,
        "parameters": [doc_id, {"name": "confirm", "in": "query", "required": True,
                                "schema": {"type": "string", "enum": ["yes"]}}],
        "responses": {"200": {"description": _("Deleted")}, **errors},
    }
    spec["paths"]["/api/documents/{id}/withdraw"] = {"post": {
        "summary": _("Withdraw a document: hidden from readers, kept in the catalog (curators)"),
        "operationId": "withdrawDocument", "security": auth, "parameters": [doc_id],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["reason"], "properties": {"reason": {"type": "string"}}}}}},
        "responses": {**document, **errors, "409": _ERROR},
    }}
    spec["paths"]["/api/documents/{id}/restore"] = {"post": {
        "summary": _("Restore a withdrawn document (curators)"),
        "operationId": "restoreDocument", "security": auth, "parameters": [doc_id],
        "responses": {**document, **errors, "409": _ERROR},
    }}
    spec["paths"]["/api/uploads"] = {"post": {
        "summary": _("Upload files with curated metadata (curators)"),
        "description": _("Ingested like any source, as the source \"uploads\"; the report says what "
                         "was added and why anything failed."),
        "operationId": "upload", "security": auth,
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "properties": {
                "files": {"type": "array", "items": {"type": "string", "format": "binary"}}, **fields}}}}},
        "responses": {
            "201": {"description": _("At least one document added"), "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/UploadReport"}}}},
            "200": {"description": _("Every file was already there"), "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/UploadReport"}}}},
            "422": {"description": _("No file could be added"), "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/UploadReport"}}}},
            **errors, "413": _ERROR},
    }}
    spec["paths"]["/api/audit"] = {"get": {
        "summary": _("The audit log, newest first (admins)"),
        "operationId": "auditLog", "security": auth,
        "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}],
        "responses": {"200": {"description": _("Entries: who, when, what, before and after")},
                      "401": _ERROR, "403": _ERROR},
    }}
