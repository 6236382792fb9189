"""An OAI-PMH repository: ListRecords in Dublin Core, with resumption tokens.

Digital libraries of public-administration institutes speak OAI-PMH. Their
records carry what a curator would otherwise type into a manifest (title,
date, type, language, and coverage, which in this field is usually a
country), so the record's values become curated metadata. The full text comes
from the file the record's identifiers name; a record without one is indexed
as its own metadata, so it can still be found.

Each record is indexed under its GetRecord URL: stable, resolvable, and known
from the header alone, which is all a deleted record has left. A deleted
record (header status="deleted") is offered as gone, so `--prune` removes its
document even in a selective (`--from`) harvest, where records that are simply
absent must not be pruned.
"""
from __future__ import annotations

import functools
import html
import logging
import re
from typing import Any, Iterator, Mapping
from urllib.parse import urlencode, urlsplit

import lxml.etree
import pycountry

from kb.errors import FetchError, KbError
from kb.protocols import Hints, Item
from kb.taxonomy import doctypes, topics
from ingest.http import BudgetSpent, Deleted, Gone, HttpClient, Response, leads_inward, url_name
from ingest.sources import failing_item
from ingest.sources.manifest import ManifestError, country_code, curated_fields
from ingest.sources.safexml import parse_untrusted

log = logging.getLogger(__name__)

NS = {"oai": "http://www.openarchives.org/OAI/2.0/",
      "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
      "dc": "http://purl.org/dc/elements/1.1/"}
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".pptx")
DOCUMENT_FORMATS = ("pdf", "wordprocessingml", "presentationml")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$")
# Words repositories use in dc:type, mapped to KB's document types.
DC_TYPES = {
    "law": "legislation", "act": "legislation", "legislation": "legislation", "regulation": "legislation",
    "decree": "legislation", "bill": "legislation", "report": "report", "working paper": "report",
    "technical report": "report", "presentation": "presentation", "slides": "presentation",
    "case study": "case-study", "policy": "strategy", "strategy": "strategy", "action plan": "strategy",
    "guideline": "guideline", "guidelines": "guideline", "toolkit": "guideline", "handbook": "guideline",
    "manual": "guideline", "dataset": "statistics", "statistics": "statistics", "survey": "statistics",
    "meeting": "meeting", "minutes": "meeting", "proceedings": "meeting",
}


class OaiError(FetchError):
    """The repository answered with an OAI-PMH error or unreadable XML."""


def parse_xml(body: bytes) -> lxml.etree._Element:
    """Untrusted XML: no entities, no network, no huge trees."""
    try:
        return parse_untrusted(body)
    except lxml.etree.XMLSyntaxError as exc:
        raise OaiError(f"the OAI-PMH response is not XML: {exc}") from None


def dc_values(record: lxml.etree._Element) -> dict[str, list[str]]:
    """Every Dublin Core element of a record: name -> values, in order."""
    out: dict[str, list[str]] = {}
    for element in record.iterfind(".//oai_dc:dc/*", NS):
        name = lxml.etree.QName(element).localname
        text = " ".join((element.text or "").split())
        if text:
            out.setdefault(name, []).append(text)
    return out


def _doc_type(values: list[str]) -> str | None:
    for value in values:
        key = value.strip().lower()
        if key in doctypes.DOC_TYPES:
            return key
        for word, slug in DC_TYPES.items():
            if key == word or key.startswith(word + " ") or key.endswith(" " + word):
                return slug
    return None


@functools.cache
def _topic_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """(lowercased label -> slug, term -> slug) over the topic taxonomy."""
    by_label = {t.label.lower(): t.slug for t in topics.TOPICS.values()}
    by_term = {term: t.slug for t in topics.TOPICS.values() for term in t.all_terms}
    return by_label, by_term


def _topics(values: list[str]) -> tuple[str, ...]:
    by_label, by_term = _topic_lookup()
    found = []
    for value in values:
        key = value.strip().lower()
        slug = key if key in topics.TOPICS else by_label.get(key) or by_term.get(key)
        if slug and slug not in found:
            found.append(slug)
    return tuple(found)


def _language(values: list[str]) -> str | None:
    for value in values:
        try:
            language = pycountry.languages.lookup(value.strip().split("-")[0])
        except LookupError:
            continue
        if getattr(language, "alpha_2", None):
            return language.alpha_2
    return None


def _countries(values: list[str]) -> tuple[str, ...]:
    """Coverage values that are countries; periods and places are left out."""
    found = []
    for value in values:
        for part in re.split(r"[;,]", value):
            try:
                code = country_code(part)
            except ManifestError:
                continue
            if code not in found:
                found.append(code)
    return tuple(found)


def curated_from_dc(dc: Mapping[str, list[str]], defaults: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """KB's curated fields from a Dublin Core record; the source's default
    metadata fills what the record does not say."""
    row: dict[str, Any] = {}
    if dc.get("title"):
        row["title"] = dc["title"][0]
    for value in dc.get("date", []):
        match = _YEAR.search(value)
        if match:
            row["year"] = match.group(1)
            break
    organisation = (dc.get("publisher") or dc.get("creator") or [None])[0]
    if organisation:
        row["organisation"] = organisation
    values = {"doc_type": _doc_type(dc.get("type", [])), "topics": _topics(dc.get("subject", [])),
              "language": _language(dc.get("language", [])), "countries": _countries(dc.get("coverage", []))}
    row.update({k: list(v) if isinstance(v, tuple) else v for k, v in values.items() if v})
    curated = curated_fields(row)
    for key, value in (defaults or {}).items():
        curated.setdefault(key, value)
    return curated


def full_text_url(dc: Mapping[str, list[str]]) -> str | None:
    """The record's file: an identifier (or relation) URL ending in a document
    suffix, else the first http identifier when dc:format says it is a document."""
    urls = [v for v in dc.get("identifier", []) + dc.get("relation", [])
            if urlsplit(v).scheme in ("http", "https")]
    for url in urls:
        if urlsplit(url).path.lower().endswith(DOCUMENT_SUFFIXES):
            return url
    formats = " ".join(dc.get("format", [])).lower()
    if urls and any(f in formats for f in DOCUMENT_FORMATS):
        return urls[0]
    return None


def metadata_page(dc: Mapping[str, list[str]]) -> bytes:
    """A record without a file, as a small HTML page of its metadata, so its
    title, abstract and subjects are searchable."""
    def esc(values: list[str]) -> str:
        return "; ".join(html.escape(v) for v in values)
    title = esc(dc.get("title", ["Untitled record"])[:1])
    parts = [f"<!doctype html><html><head><title>{title}</title></head><body><main><h1>{title}</h1>"]
    for name, label in (("creator", "Creator"), ("date", "Date"), ("subject", "Subjects"),
                        ("coverage", "Coverage"), ("publisher", "Publisher")):
        if dc.get(name):
            parts.append(f"<p>{label}: {esc(dc[name])}</p>")
    parts += [f"<p>{html.escape(d)}</p>" for d in dc.get("description", [])]
    parts.append("</main></body></html>")
    return "\n".join(parts).encode("utf-8")


class OaiSource:
    """ListRecords (oai_dc) from `endpoint`, optionally one set and from a date."""

    def __init__(self, endpoint: str, client: HttpClient, *, name: str | None = None,
                 set_spec: str | None = None, from_date: str | None = None,
                 curated: Mapping[str, Any] | None = None, max_requests: int = 10_000):
        if urlsplit(endpoint).scheme not in ("http", "https"):
            raise FetchError(f"only http and https endpoints are harvested: {endpoint}")
        if from_date and not _DATE.match(from_date):
            raise ManifestError(f"--from {from_date!r}: use YYYY-MM-DD")
        self.endpoint, self.client = endpoint, client
        self.name = name or urlsplit(endpoint).hostname or endpoint
        self.set_spec, self.from_date = set_spec, from_date
        self.curated = dict(curated or {})
        self.max_requests = max_requests
        # A selective harvest lists only what changed: absence is not deletion.
        self.partial = bool(from_date)
        self.incomplete: str | None = None
        self.deleted: list[str] = []     # identifiers of deleted records seen

    def record_uri(self, identifier: str) -> str:
        return f"{self.endpoint}?" + urlencode(
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": identifier})

    def pages(self) -> Iterator[lxml.etree._Element]:
        """Each ListRecords response, following resumption tokens."""
        params = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
        if self.set_spec:
            params["set"] = self.set_spec
        if self.from_date:
            params["from"] = self.from_date
        seen_tokens: set[str] = set()
        for _ in range(self.max_requests):
            url = f"{self.endpoint}?{urlencode(params)}"
            root = parse_xml(self.client.get(url, accept="text/xml").body)
            error = root.find("oai:error", NS)
            if error is not None:
                if error.get("code") == "noRecordsMatch":
                    return
                raise OaiError(f"OAI-PMH error {error.get('code')}: {(error.text or '').strip()}")
            yield root
            token = root.find(".//oai:resumptionToken", NS)
            value = (token.text or "").strip() if token is not None else ""
            if not value:
                return
            if value in seen_tokens:
                raise OaiError(f"the repository repeated resumption token {value!r}")
            seen_tokens.add(value)
            params = {"verb": "ListRecords", "resumptionToken": value}
        raise OaiError(f"more than {self.max_requests} ListRecords pages")

    def items(self) -> Iterator[Item]:
        self.incomplete = None
        try:
            for root in self.pages():
                for record in root.iterfind(".//oai:ListRecords/oai:record", NS):
                    item = self._item(record)
                    if item is not None:
                        yield item
        except (KbError, BudgetSpent) as exc:
            # The repository is down or broke off: report it, prune nothing.
            self.incomplete = str(exc)
            yield failing_item(self.endpoint, exc)

    def _item(self, record: lxml.etree._Element) -> Item | None:
        header = record.find("oai:header", NS)
        identifier = (header.findtext("oai:identifier", "", NS) if header is not None else "").strip()
        if not identifier:
            return None
        uri = self.record_uri(identifier)
        if header.get("status") == "deleted":
            self.deleted.append(identifier)
            return failing_item(uri, Deleted(f"deleted from the repository: {identifier}"))
        dc = dc_values(record)
        try:
            curated = curated_from_dc(dc, self.curated)
        except ManifestError as exc:
            return failing_item(uri, ManifestError(f"record {identifier}: {exc}"))
        validators: dict[str, str] = {"oai-identifier": identifier}
        datestamp = header.findtext("oai:datestamp", "", NS).strip()
        if datestamp:
            validators["oai-datestamp"] = datestamp
        target = full_text_url(dc)
        if target and leads_inward(self.endpoint, target):   # a public repository must not send KB inward
            return failing_item(uri, FetchError(f"record {identifier}: its file is at an internal address "
                                                f"and the repository is public, not fetched: {target}"))
        return Item(uri=uri, fetch=_RecordFetch(self.client, target, dc, validators),
                    hints=Hints(name=url_name(target) if target else "record.html",
                                content_type=None if target else "text/html"),
                    curated=curated, validators=validators)


class _RecordFetch:
    """The record's file, conditionally (304 when unchanged), or its metadata
    page when it names no file or the file turns out to be a web page."""

    conditional = True

    def __init__(self, client: HttpClient, target: str | None, dc: Mapping[str, list[str]],
                 validators: dict[str, str]):
        self.client, self.target, self.dc, self.validators = client, target, dc, validators

    def __call__(self, previous: Mapping[str, str] | None = None) -> bytes:
        if self.target is None:
            return metadata_page(self.dc)
        same_file = previous and previous.get("full-text") == self.target
        try:
            response: Response = self.client.get(self.target, previous=previous if same_file else None)
        except Gone as exc:   # the record is still there: a failure, not a deletion
            raise FetchError(f"the record's file is missing: {exc}") from None
        keep = {k: v for k, v in self.validators.items() if k.startswith("oai-")}
        self.validators.clear()
        self.validators.update(keep | response.validators | {"full-text": self.target})
        if response.content_type in ("text/html", "application/xhtml+xml"):
            log.info("%s is a landing page, indexing the record's metadata", self.target)
            self.validators.pop("etag", None)
            self.validators.pop("last-modified", None)
            return metadata_page(self.dc)
        return response.body
