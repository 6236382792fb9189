"""What the web UI, the JSON API and the command line ask of the repository.

Each function takes the `Index` it works on; none opens one. Request parameters
become a bounded `Query` here, so every front end applies the same limits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from kb.curation import Curation, Status, UploadedFile, UploadReport, Withdrawal
from kb.errors import InvalidQuery, NotFound, UsageError
from kb.models import FACETS, MODES, SORTS, Document, FacetCount, Hit, Query, Results
from kb.protocols import Index
from kb.settings import Settings
from kb.taxonomy import values as taxonomy_values

MAX_PAGE_SIZE = 50
# Years a search may name: wide enough for any document (curated years are
# free), narrow enough for every backend's integer fields.
MIN_YEAR, MAX_YEAR = -9999, 9999
SUGGESTED = 5           # unknown values that get a "did you mean" (difflib is not free)


def N_(msgid: str) -> str:
    """Marks a message id for the translation catalogs (pybabel extracts `N_`)
    without translating it: kb knows no locale, the web layer translates the
    id at render time (`web.i18n.translate_error`)."""
    return msgid


class BadParameter(InvalidQuery):
    """One parameter (or one value of it) that cannot be used. A lenient front
    end (the search page) leaves it out and says so; a strict one (the API, the
    CLI) answers with the message.

    `template` is the English message id with `%(name)s` placeholders and
    `params` its values, so a front end can show the message in its user's
    language; `str(exc)` is the English text the CLI prints."""

    def __init__(self, key: str, message: str, value: str | None = None,
                 template: str | None = None, params: Mapping[str, object] | None = None):
        super().__init__(message)
        self.key = key
        self.value = value
        self.template = template
        self.params = dict(params or {})


def _problem(param: str, template: str, raw: str | None = None, **params: object) -> BadParameter:
    return BadParameter(param, template % params, raw, template, params)


NUMBER_MESSAGES = {
    "a whole number": N_("%(key)s must be a whole number from %(low)s to %(high)s, not %(value)s."),
    "a year": N_("%(key)s must be a year from %(low)s to %(high)s, not %(value)s."),
}
SORT_MESSAGE = N_("sort must be one of %(sorts)s.")
EXPAND_MESSAGE = N_("expand must be 1 (also search related terms) or 0 (only the words typed).")
NO_DOCUMENT = N_("no document with id %(id)s")


def _one(params: Mapping[str, Sequence[str]], key: str) -> str:
    values = params.get(key) or ()
    if isinstance(values, str):
        return values
    return values[0] if values else ""


def _many(params: Mapping[str, Sequence[str]], key: str) -> tuple[str, ...]:
    values = params.get(key) or ()
    if isinstance(values, str):
        values = (values,)
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _shown(raw: str) -> str:
    return repr(raw if len(raw) <= 40 else raw[:37] + "...")


def _number(key: str, raw: str, low: int, high: int, what: str = "a whole number") -> int:
    """`raw` as an int from `low` to `high`, or a problem saying what is wanted."""
    try:
        number = int(raw)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise _problem(key, NUMBER_MESSAGES[what], raw, key=key, low=low, high=high, value=_shown(raw))
    return number


EXPAND_OFF = ("0", "false", "off", "no")
EXPAND_ON = ("1", "true", "on", "yes")


def read_params(params: Mapping[str, Sequence[str]], settings: Settings) -> tuple[Query, list[BadParameter]]:
    """Turn URL/CLI parameters into a `Query`: `q`, one key per facet (repeatable),
    `year_from`, `year_to`, `sort`, `page`, `size`, leaving out each parameter
    that cannot be used and returning why.

    Facet values are matched to the stored ones through the taxonomy (`Fiji`,
    `fji` and `FJ` all mean `FJI`); a value the vocabulary does not know is a
    problem with a suggestion. Numbers out of range are problems too, so that no
    backend is handed a year or page it cannot hold."""
    problems: list[BadParameter] = []

    def number(key: str, default: int | None, low: int, high: int, what: str = "a whole number"):
        raw = _one(params, key).strip()
        if not raw:
            return default
        try:
            return _number(key, raw, low, high, what)
        except BadParameter as exc:
            problems.append(exc)
            return default

    text = " ".join(_one(params, "q").split())
    filters: dict[str, tuple[str, ...]] = {}
    for facet in FACETS:
        kept: list[str] = []
        for raw in _many(params, facet)[:50]:
            if facet == "year":
                try:
                    value = str(_number("year", raw, MIN_YEAR, MAX_YEAR, "a year"))
                except BadParameter as exc:
                    problems.append(exc)
                    continue
            else:
                value = taxonomy_values.canonical(facet, raw)
                if value is None:
                    template, values = taxonomy_values.unknown_parts(facet, raw, len(problems) < SUGGESTED)
                    problems.append(BadParameter(facet, template % values, raw, template, values))
                    continue
            kept.append(value)
        if kept:
            filters[facet] = tuple(dict.fromkeys(kept))
    sort = _one(params, "sort") or "relevance"
    if sort not in SORTS:
        problems.append(_problem("sort", SORT_MESSAGE, sorts=", ".join(SORTS)))
        sort = "relevance"
    mode = _one(params, "mode").strip().lower() or "auto"
    if mode not in MODES:
        problems.append(BadParameter("mode", f"mode must be one of {', '.join(MODES)}."))
        mode = "auto"
    expand_raw = _one(params, "expand").strip().lower()
    expand = expand_raw not in EXPAND_OFF
    if expand_raw and expand_raw not in EXPAND_OFF + EXPAND_ON:
        problems.append(_problem("expand", EXPAND_MESSAGE, expand_raw))
    page = number("page", 1, 1, settings.max_page)
    size = number("size", 10, 1, MAX_PAGE_SIZE)
    year_from = number("year_from", None, MIN_YEAR, MAX_YEAR, "a year")
    year_to = number("year_to", None, MIN_YEAR, MAX_YEAR, "a year")
    query = Query(text=text, filters=filters, year_from=year_from, year_to=year_to,
                  sort=sort, page=page, page_size=size, mode=mode, expand=expand)
    return query, problems


def query_from_params(params: Mapping[str, Sequence[str]], settings: Settings) -> Query:
    """`read_params` for front ends that refuse a request they cannot answer as
    asked (the API, the CLI): the first problem is raised, its message saying
    every problem, one sentence each."""
    query, problems = read_params(params, settings)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            first.args = (" ".join(str(p) for p in problems),)
        first.parts = list(problems)       # each with its message id, for translation
        raise first
    return query


def search(index: Index, query: Query) -> Results:
    return index.search(query)


def get_document(index: Index, doc_id: str) -> Document:
    doc = index.get(doc_id)
    if doc is None:
        error = NotFound(NO_DOCUMENT % {"id": repr(doc_id)})
        error.template, error.params = NO_DOCUMENT, {"id": repr(doc_id)}
        raise error
    return doc


def related(index: Index, doc_id: str, limit: int = 5) -> list[Hit]:
    return index.more_like(doc_id, limit=limit)


def facet_totals(index: Index, facets: Iterable[str] = FACETS, limit: int = 500) -> dict[str, tuple[FacetCount, ...]]:
    """Counts of every facet value over the whole repository (`kb stats`, the
    country pages)."""
    results = index.search(Query(facets=tuple(facets), page_size=1, facet_limit=limit))
    return dict(results.facets)


@dataclass(frozen=True)
class Stats:
    documents: int
    facets: dict[str, tuple[FacetCount, ...]]


def stats(index: Index) -> Stats:
    return Stats(documents=index.count(), facets=facet_totals(index))


# ---------------------------------------------------------------- curation
# What curators do, for the web and the CLI alike: `curation` is the
# repository's `kb.curation.Curation` (the composition root chooses it), `user`
# the account name the audit log records.

def _curation_needed(curation: Curation | None) -> Curation:
    if curation is None:
        raise UsageError("curation is not available in this app")
    return curation


def edit(curation: Curation | None, user: str, doc_id: str, changes: Mapping[str, object]) -> Document:
    return _curation_needed(curation).edit(user, doc_id, changes)


def withdraw(curation: Curation | None, user: str, doc_id: str, reason: object) -> Withdrawal:
    return _curation_needed(curation).withdraw(user, doc_id, str(reason or ""))


def restore(curation: Curation | None, user: str, doc_id: str) -> Document:
    return _curation_needed(curation).restore(user, doc_id)


def delete(curation: Curation | None, user: str, doc_id: str) -> Document:
    return _curation_needed(curation).delete(user, doc_id)


def upload(curation: Curation | None, user: str, files: list[UploadedFile],
           metadata: Mapping[str, object]) -> UploadReport:
    return _curation_needed(curation).upload(user, files, metadata)


def document_for_curators(index: Index, curation: Curation | None, doc_id: str) -> tuple[Document, Status]:
    """A document and its curation status: from the index, or, when it is
    withdrawn (kept in the catalog, not indexed), from the catalog. Whoever
    asks must still be allowed to see it (`kb.authz`, `view_document` with the
    withdrawal as target)."""
    status = curation.status(doc_id) if curation is not None else Status()
    doc = index.get(doc_id)
    if doc is None and status.withdrawn:
        doc = curation.document(doc_id)
    if doc is None:
        return get_document(index, doc_id), status      # raises the NotFound
    return doc, status
