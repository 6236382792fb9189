"""Documents as reference-manager records: CSV, RIS, BibTeX and CSL-JSON.

One `Record` per document holds what every format says (no server path: a
local file is named as `kb.serialize.public_uri` names it), and each writer
turns records into text chunks, so a front end can stream a large export
without holding it. `select` pages through a search lazily and stops at a cap,
and says how many documents matched and how many are in the export, so the
front end can tell the user when an export was cut short.

kb knows no web server: the link to a document's page is handed in by the
caller (`url`), the CLI leaves it to the document's own URL when it has one."""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from kb.models import Document, Query
from kb.protocols import Index
from kb.serialize import is_local, public_uri
from kb.taxonomy import doctypes

# Most documents one export holds; a larger result set is cut here and the
# front end says so (a header on the web, a message on stderr in the CLI).
MAX_EXPORT_ROWS = 10_000
BATCH = 50                       # documents per search page while exporting


@dataclass(frozen=True)
class Format:
    name: str                    # as `kb export --format` and the API name it
    suffix: str                  # the file name's ending, as the routes name it
    media_type: str
    label: str                   # the format's own name, as links show it (not translated)


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("csv", "csv", "text/csv; charset=utf-8", "CSV"),
    Format("ris", "ris", "application/x-research-info-systems; charset=utf-8", "RIS"),
    Format("bibtex", "bib", "application/x-bibtex; charset=utf-8", "BibTeX"),
    Format("csljson", "json", "application/vnd.citationstyles.csl+json; charset=utf-8", "CSL-JSON"),
)}
BY_SUFFIX: dict[str, Format] = {f.suffix: f for f in FORMATS.values()}


@dataclass(frozen=True)
class Record:
    id: str
    title: str
    authors: tuple[str, ...]
    organisation: str
    year: int | None
    doc_type: str
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    sids: tuple[str, ...]
    topics: tuple[str, ...]
    language: str
    source: str
    format: str
    url: str                     # the document's page in KB, or its own URL
    uri: str                     # where it came from, as readers may see it
    description: str
    fetched_at: str              # ISO 8601, or ""


def _line(text: str | None) -> str:
    """One line of text: reference formats are line-based."""
    return " ".join((text or "").split())


def record(doc: Document, url: str = "") -> Record:
    """The record of a document. `url`: its page in KB; without one, its
    own URL when it came from the web (a local file has none to give)."""
    provenance = doc.extra.get("provenance") if isinstance(doc.extra, Mapping) else None
    shown = public_uri(doc.uri, provenance if isinstance(provenance, Mapping) else None)
    authors = tuple(a for a in (_line(p) for p in (doc.author or "").split(";")) if a)
    return Record(
        id=doc.id, title=_line(doc.title), authors=authors, organisation=_line(doc.organisation),
        year=doc.year, doc_type=doc.doc_type or "", countries=tuple(doc.countries),
        regions=tuple(doc.regions), sids=tuple(doc.sids), topics=tuple(doc.topics),
        language=doc.language or "", source=_line(doc.source), format=doc.format,
        url=url or ("" if is_local(doc.uri) else doc.uri), uri=shown,
        description=_line(doc.description),
        fetched_at=doc.fetched_at.isoformat() if doc.fetched_at else "",
    )


@dataclass
class Selection:
    """The documents of a search an export holds: `total` matched, `rows`
    (at most the cap) are in `documents`, read lazily page by page."""

    total: int
    rows: int
    limit: int
    documents: Iterator[Document]

    @property
    def truncated(self) -> bool:
        return self.rows < self.total


def select(index: Index, query: Query, limit: int = MAX_EXPORT_ROWS) -> Selection:
    """The first `limit` documents of `query` in its own order. The first
    page is searched now (for the totals), the rest as the export is read."""
    base = replace(query, page=1, page_size=BATCH, facets=())
    first = index.search(base)
    rows = min(first.total, limit)

    def documents() -> Iterator[Document]:
        results, page, given = first, 1, 0
        while given < rows:
            for hit in results.hits:
                if given >= rows:
                    return
                doc = index.get(hit.id)
                if doc is None:          # deleted since the search
                    continue
                given += 1
                yield doc
            if not results.hits or page >= results.pages:
                return
            page += 1
            results = index.search(replace(base, page=page))

    return Selection(total=first.total, rows=rows, limit=limit, documents=documents())


# ------------------------------------------------------------------ CSV

CSV_COLUMNS: tuple[str, ...] = (
    "id", "title", "authors", "organisation", "year", "doc_type", "countries", "regions",
    "sids", "topics", "language", "source", "format", "url", "uri", "description", "fetched_at",
)


def _cell(value: object) -> str:
    """A CSV cell; lists joined with "; ". A text that a spreadsheet would run
    as a formula (=, +, -, @ first) gets a leading apostrophe (the OWASP
    advice for CSV injection)."""
    if isinstance(value, tuple):
        text = "; ".join(value)
    elif value is None:
        text = ""
    else:
        text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def _csv_line(values: Iterable[object]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([_cell(v) for v in values])
    return out.getvalue()


def write_csv(records: Iterable[Record], extra: Sequence[str] = (),
              extra_values: Callable[[Record], Sequence[object]] | None = None) -> Iterator[str]:
    """The CSV export; `extra` columns after the standard ones, their values
    from `extra_values(record)` (an offline bundle adds the file each row's
    document has in the zip)."""
    yield _csv_line((*CSV_COLUMNS, *extra))
    for r in records:
        more = tuple(extra_values(r)) if extra_values and extra else ()
        yield _csv_line((*(getattr(r, c) for c in CSV_COLUMNS), *more))


# ------------------------------------------------------------------ RIS

RIS_TYPES = {"report": "RPRT", "case-study": "RPRT", "strategy": "RPRT", "statistics": "DATA",
             "guideline": "RPRT", "legislation": "STAT", "presentation": "SLIDE", "meeting": "CONF"}


def write_ris(records: Iterable[Record]) -> Iterator[str]:
    """RIS: one `TAG  - value` line per field, each record closed by ER."""
    for r in records:
        lines = [("TY", RIS_TYPES.get(r.doc_type, "GEN")), ("ID", r.id), ("TI", r.title)]
        lines += [("AU", a) for a in r.authors]
        lines += [("PY", str(r.year) if r.year is not None else ""), ("PB", r.organisation),
                  ("UR", r.url), ("LA", r.language), ("AB", r.description),
                  ("M3", doctypes.label(r.doc_type) if r.doc_type else ""), ("DB", r.source)]
        lines += [("KW", t) for t in r.topics]
        lines += [("CY", c) for c in r.countries]
        body = "".join(f"{tag}  - {value}\r\n" for tag, value in lines if value)
        yield body + "ER  - \r\n\r\n"


# ------------------------------------------------------------------ BibTeX

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def bibtex_escape(text: str) -> str:
    """Text for a braced BibTeX value: TeX's special characters escaped, so
    neither a brace nor a percent sign in a title can end or break the entry."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def _bibtex_url(url: str) -> str:
    # The url field is read verbatim by url/hyperref; only braces and
    # backslashes could break the entry, and they are percent-encoded.
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bibtex_key(r: Record) -> str:
    return f"kb{r.id}"


def write_bibtex(records: Iterable[Record]) -> Iterator[str]:
    for r in records:
        kind = "techreport" if r.organisation and r.doc_type != "legislation" else "misc"
        fields = [("title", bibtex_escape(r.title)),
                  ("author", " and ".join("{" + bibtex_escape(a) + "}" for a in r.authors)),
                  ("institution" if kind == "techreport" else "publisher", bibtex_escape(r.organisation)),
                  ("year", str(r.year) if r.year is not None else ""),
                  ("type", bibtex_escape(doctypes.label(r.doc_type)) if r.doc_type else ""),
                  ("language", bibtex_escape(r.language)),
                  ("keywords", bibtex_escape(", ".join(r.topics))),
                  ("abstract", bibtex_escape(r.description)),
                  ("url", _bibtex_url(r.url))]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        yield f"@{kind}{{{bibtex_key(r)},\n{body}\n}}\n\n"


# ------------------------------------------------------------------ CSL-JSON

CSL_TYPES = {"report": "report", "case-study": "report", "strategy": "report",
             "guideline": "report", "statistics": "dataset", "legislation": "legislation",
             "presentation": "speech", "meeting": "paper-conference"}


def csl_item(r: Record) -> dict:
    """A CSL-JSON item (the input of citeproc processors and Zotero). Names are
    literal: KB does not know which part of "Ana María Pérez" is the family
    name, and a wrong split would cite the author wrongly. Without an author,
    the organisation is the author, as citation styles expect."""
    item: dict = {"id": r.id, "type": CSL_TYPES.get(r.doc_type, "document"), "title": r.title}
    names = r.authors or ((r.organisation,) if r.organisation else ())
    if names:
        item["author"] = [{"literal": n} for n in names]
    if r.organisation:
        item["publisher"] = r.organisation
    if r.year is not None:
        item["issued"] = {"date-parts": [[r.year]]}
    if r.url:
        item["URL"] = r.url
    if r.language:
        item["language"] = r.language
    if r.description:
        item["abstract"] = r.description
    if r.doc_type:
        item["genre"] = doctypes.label(r.doc_type)
    if r.topics:
        item["keyword"] = ", ".join(r.topics)
    if r.fetched_at:
        item["accessed"] = {"date-parts": [[int(p) for p in r.fetched_at[:10].split("-")]]}
    return item


def write_csljson(records: Iterable[Record]) -> Iterator[str]:
    """A JSON array, one item per chunk."""
    yield "["
    for n, r in enumerate(records):
        yield ("," if n else "") + "\n" + json.dumps(csl_item(r), ensure_ascii=False)
    yield "\n]\n"


WRITERS: dict[str, Callable[[Iterable[Record]], Iterator[str]]] = {
    "csv": write_csv, "ris": write_ris, "bibtex": write_bibtex, "csljson": write_csljson,
}


def write(fmt: str, records: Iterable[Record]) -> Iterator[str]:
    return WRITERS[fmt](records)
