"""Curators' corrections, withdrawals and uploads: the domain side.

A correction is a curated value for one field of one document (its title,
countries, type, year, topics, language, organisation, or one field of one of
its practice cards), with who set it and when. Corrections are kept apart
from the extracted document and laid over it by `apply_corrections` whenever
a document is built or rebuilt (every ingest, every `kb reindex`), so a new
version of a file never loses a curator's word.

What stores corrections (the catalog, in `ingest.curation`) is behind the
`Curation` protocol, so the web and the command line ask the same service and
`kb` imports no ingest code.

Values are checked here, once, for every front end: countries, types, topics
and languages through the taxonomy (`Fiji`, `fji` and `FJ` all mean `FJI`)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Iterable, Mapping, Protocol

from kb.errors import KbError, UsageError
from kb.models import OUTCOMES, PRACTICE_FIELDS, CardField, Document, Origin, Practice
from kb.taxonomy import countries as country_table
from kb.taxonomy import values as taxonomy_values


def N_(msgid: str) -> str:
    """Marks a message id for the catalogs; the web layer translates it."""
    return msgid


# The document fields a curator may correct, in the order a form shows them.
EDITABLE: tuple[str, ...] = ("title", "countries", "doc_type", "year", "topics", "language",
                             "organisation")
MULTI: frozenset[str] = frozenset({"countries", "topics"})
# Which taxonomy checks each field's values.
VOCABULARY = {"countries": "country", "doc_type": "doc_type", "topics": "topic", "language": "language"}
MAX_TITLE, MAX_TEXT, MAX_CARD_TEXT, MAX_REASON = 500, 300, 5000, 500
MIN_YEAR, MAX_YEAR = 1000, 2999
MAX_CARDS = 50


class InvalidChange(UsageError):
    """A value a curator gave that cannot be stored; `template` and `params`
    let a front end say why in its reader's language."""

    def __init__(self, template: str, **params: object):
        super().__init__(template % params)
        self.template, self.params = template, dict(params)


class Conflict(KbError):
    """The document is not in a state that allows the change (restoring one
    that is not withdrawn)."""

    status = 409
    kind = "conflict"

    def __init__(self, template: str, **params: object):
        super().__init__(template % params)
        self.template, self.params = template, dict(params)


NO_CHANGE = N_("Nothing to change: give at least one field.")
EMPTY_TITLE = N_("A title cannot be empty.")
TOO_LONG = N_("%(field)s is longer than %(max)s characters.")
BAD_YEAR = N_("The year must be a whole number from %(low)s to %(high)s, not %(value)s.")
UNKNOWN_FIELD = N_("%(field)s is not a field a curator can correct.")
BAD_CARD = N_("There is no practice card %(num)s to correct.")
BAD_OUTCOME = N_("The outcome must be one of %(choices)s.")
NEED_REASON = N_("Say why the document is withdrawn.")
NOT_WITHDRAWN = N_("This document is not withdrawn.")
ALREADY_WITHDRAWN = N_("This document is withdrawn already.")
NEED_CONFIRM = N_("Confirm that the document is to be deleted for good.")


@dataclass(frozen=True)
class Correction:
    """A curated value of one field: `field` is a document field of EDITABLE or
    `practice.N.NAME` (card N, from 1). `value` is None for a field the curator
    emptied."""

    field: str
    value: Any
    user: str
    at: datetime


@dataclass(frozen=True)
class Withdrawal:
    """Why, by whom and when a document was hidden from readers."""

    reason: str
    user: str
    at: datetime
    withdrawn: bool = True            # what kb.authz asks of a target


@dataclass(frozen=True)
class Status:
    """What curators are told about a document: its corrections and whether
    (why, by whom) it is withdrawn."""

    corrections: tuple[Correction, ...] = ()
    withdrawal: Withdrawal | None = None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawal is not None

    @property
    def last_correction(self) -> Correction | None:
        return max(self.corrections, key=lambda c: c.at, default=None)


@dataclass(frozen=True)
class UploadedFile:
    """One file a curator sent: the name the browser gave (shown, never used
    as a path) and its bytes."""

    name: str
    data: bytes
    size: int = -1          # the whole file's size, when `data` was cut short at the limit

    @property
    def length(self) -> int:
        return self.size if self.size >= 0 else len(self.data)


@dataclass
class UploadReport:
    """What an upload did, file by file: each added (or already present)
    document's id and title, and each failure with its reason."""

    added: list[dict] = field(default_factory=list)       # {"name", "id", "title"}
    unchanged: list[dict] = field(default_factory=list)   # the same bytes were uploaded before
    failed: list[dict] = field(default_factory=list)      # {"name", "reason"}

    def to_dict(self) -> dict:
        return {"added": self.added, "unchanged": self.unchanged, "failed": self.failed,
                "counts": {"added": len(self.added), "unchanged": len(self.unchanged),
                           "failed": len(self.failed)}}


class Curation(Protocol):
    """What curators do to the repository; `user` is the account name (or the
    OS user on the command line) the audit log records."""

    def document(self, doc_id: str) -> Document | None: ...
    def status(self, doc_id: str) -> Status: ...
    def edit(self, user: str, doc_id: str, changes: Mapping[str, Any]) -> Document: ...
    def withdraw(self, user: str, doc_id: str, reason: str) -> Withdrawal: ...
    def restore(self, user: str, doc_id: str) -> Document: ...
    def delete(self, user: str, doc_id: str) -> Document: ...
    def upload(self, user: str, files: list[UploadedFile], metadata: Mapping[str, Any]) -> UploadReport: ...
    def withdrawn(self) -> list[tuple[Document, Withdrawal]]: ...


# ------------------------------------------------------------------ checking values

def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _values(value: Any) -> list[str]:
    """A multi-valued field from a list, or from text separated by commas or semicolons."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,;]", str(value))
    return [v for v in (_text(i) for i in items) if v]


def _canonical(facet: str, raw: str) -> str:
    value = taxonomy_values.canonical(facet, raw)
    if value is None:
        template, params = taxonomy_values.unknown_parts(facet, raw, True)
        raise InvalidChange(template, **params)
    return value


def check_field(name: str, value: Any) -> Any:
    """The stored form of a curated value, or InvalidChange saying why not."""
    if name.startswith("practice."):
        return _check_card_field(name, value)
    if name not in EDITABLE:
        raise InvalidChange(UNKNOWN_FIELD, field=name)
    if name in MULTI:
        facet = VOCABULARY[name]
        return tuple(dict.fromkeys(_canonical(facet, v) for v in _values(value)))
    text = _text(value)
    if name == "title":
        if not text:
            raise InvalidChange(EMPTY_TITLE)
        if len(text) > MAX_TITLE:
            raise InvalidChange(TOO_LONG, field=name, max=MAX_TITLE)
        return text
    if not text:
        return None
    if name == "year":
        try:
            year = int(text)
        except ValueError:
            year = None
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidChange(BAD_YEAR, low=MIN_YEAR, high=MAX_YEAR, value=repr(text[:20]))
        return year
    if name in VOCABULARY:
        return _canonical(VOCABULARY[name], text)
    if len(text) > MAX_TEXT:
        raise InvalidChange(TOO_LONG, field=name, max=MAX_TEXT)
    return text


def card_key(number: int, name: str) -> str:
    return f"practice.{number}.{name}"


def _check_card_field(key: str, value: Any) -> Any:
    parts = key.split(".")
    if len(parts) != 3 or not parts[1].isdigit() or parts[2] not in PRACTICE_FIELDS:
        raise InvalidChange(UNKNOWN_FIELD, field=key)
    if not 1 <= int(parts[1]) <= MAX_CARDS:
        raise InvalidChange(BAD_CARD, num=parts[1])
    name = parts[2]
    text = " ".join(line.strip() for line in str(value or "").splitlines()).strip()
    if not text:
        return None
    if len(text) > MAX_CARD_TEXT:
        raise InvalidChange(TOO_LONG, field=key, max=MAX_CARD_TEXT)
    if name == "country":
        return _canonical("country", text)
    if name == "solution_type":
        return _canonical("topic", text)
    if name == "outcome" and text not in OUTCOMES:
        raise InvalidChange(BAD_OUTCOME, choices=", ".join(OUTCOMES))
    return text


def check_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Every change checked; at least one is needed."""
    checked = {name: check_field(name, value) for name, value in changes.items()}
    if not checked:
        raise InvalidChange(NO_CHANGE)
    return checked


def check_reason(reason: Any) -> str:
    text = _text(reason)
    if not text:
        raise InvalidChange(NEED_REASON)
    if len(text) > MAX_REASON:
        raise InvalidChange(TOO_LONG, field="reason", max=MAX_REASON)
    return text


def changed_fields(doc: Document, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes that differ from what the document says now."""
    current = field_values(doc)
    return {k: v for k, v in changes.items() if current.get(k) != v}


def field_values(doc: Document) -> dict[str, Any]:
    """Each correctable field's current value, cards included (for forms,
    for the audit log's "before")."""
    values: dict[str, Any] = {name: getattr(doc, name) for name in EDITABLE}
    for number, card in enumerate(doc.practices, 1):
        for name in PRACTICE_FIELDS:
            f = card.get(name)
            values[card_key(number, name)] = f.value if f else None
    return values


def plain(value: Any) -> Any:
    """A value as JSON holds it (tuples as lists)."""
    return list(value) if isinstance(value, tuple) else value


# ------------------------------------------------------------------ applying them

def curated_origin(c: Correction) -> Origin:
    return Origin("curated", f"corrected by {c.user} on {c.at:%Y-%m-%d}")


def apply_corrections(doc: Document, corrections: Iterable[Correction]) -> Document:
    """`doc` with each curated value laid over what extraction and enrichment
    found, its origin saying who corrected it and when. Regions and SIDS
    groups follow curated countries. Applying the same corrections twice
    gives the same document."""
    corrections = list(corrections)
    if not corrections:
        return doc
    values: dict[str, Any] = {}
    origins = dict(doc.origins)
    cards: dict[int, dict[str, Correction]] = {}
    for c in sorted(corrections, key=lambda c: c.at):
        if c.field.startswith("practice."):
            _, number, name = c.field.split(".")
            cards.setdefault(int(number), {})[name] = c
            continue
        if c.field not in EDITABLE:
            continue
        value = tuple(c.value or ()) if c.field in MULTI else c.value
        values[c.field] = value
        origins[c.field] = curated_origin(c)
    if "countries" in values:
        infos = [country_table.get(code) for code in values["countries"]]
        for name, attr in (("regions", "subregion"), ("sids", "sids_group")):
            values[name] = tuple(dict.fromkeys(getattr(i, attr) for i in infos if i and getattr(i, attr)))
            origins[name] = Origin("inferred", "from the curated countries")
    practices = list(doc.practices)
    for number in sorted(cards):
        while len(practices) < number:
            practices.append(Practice())
        fields = {name: (CardField(str(c.value), None, curated_origin(c)) if c.value is not None else None)
                  for name, c in cards[number].items()}
        practices[number - 1] = replace(practices[number - 1], **fields)
    practices = [p for p in practices if any(p.get(n) for n in PRACTICE_FIELDS)]
    return replace(doc, origins=origins, practices=tuple(practices), **values)


# ------------------------------------------------------------------ upload names

SAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")
MAX_NAME = 80


def safe_name(client_name: str, digest: str) -> str:
    """The name an upload is stored under: the first 16 hex digits of its
    SHA-256, then the client's name reduced to letters, digits, '.', '_' and
    '-' (no folder, no leading dot, at most 80 characters). The same bytes get
    the same name, so uploading a file twice stores it once."""
    base = unicodedata.normalize("NFKD", client_name or "").encode("ascii", "ignore").decode("ascii")
    base = base.replace("\\", "/").rsplit("/", 1)[-1]
    base = SAFE_CHARS.sub("-", base).strip(".-_") or "upload"
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        ext = ext[:10] if dot else ""
        base = (stem or base)[:MAX_NAME - len(ext) - 1].rstrip(".-_") + (f".{ext}" if ext else "")
    return f"{digest[:16]}-{base}"


def shown_name(client_name: str) -> str:
    """The client's file name as a report shows it: its last part, bounded."""
    name = (client_name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:200] or "upload"
