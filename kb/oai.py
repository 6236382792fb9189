"""An OAI-PMH 2.0 provider: the six verbs, resumption tokens, selective
harvesting by set and by date, deleted records and the protocol's errors.

This is the protocol alone: a request's arguments in, a response document
out (always a complete OAI-PMH response, errors included, which the
specification sends with HTTP 200). The web view supplies what depends on
the server: the base URL, how a document's public URLs are made, the index
to read documents from (`Repository`).

Records are listed in (datestamp, id) order, and a resumption token carries
the last (datestamp, id) a page ended with, not an offset: a record that
changes during a harvest gets a later datestamp and is met again at the end,
and no record is skipped when others are added or deleted meanwhile. A token
also carries the selection it continues, the cursor and its expiry.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable, Sequence

import lxml.etree as ET

from kb.models import Document
from kb.oai_formats import KB, OAI_DC, XSI, Links, MetadataFormat, clean, kb_document, oai_dc
from kb.oai_register import Header, Register, Selection, is_hidden, stamp

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
TOKEN_LIFETIME = timedelta(hours=24)

# verb -> (required, optional, exclusive) arguments
VERBS: dict[str, tuple[frozenset, frozenset, str | None]] = {
    "Identify": (frozenset(), frozenset(), None),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"}), None),
    "ListSets": (frozenset(), frozenset(), "resumptionToken"),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset(), None),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken"),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"}), "resumptionToken"),
}
_PREFIX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+$")
_SET = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class ProtocolError(Exception):
    """One of the error conditions of OAI-PMH 2.0 (section 3.6)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class Repository:
    """What the provider serves and how it names things."""

    name: str
    base_url: str
    admin_email: str
    repository_id: str               # the namespace of identifiers: oai:<repository_id>:<doc id>
    register: Register
    document: Callable[[str], Document | None]
    links: Callable[[Document], Links]
    kb_schema_url: str
    page_size: int = 100
    now: Callable[[], datetime] = field(default=lambda: datetime.now(timezone.utc))

    def formats(self) -> dict[str, MetadataFormat]:
        return {
            "oai_dc": MetadataFormat("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC,
                                     oai_dc),
            "kb": MetadataFormat("kb", self.kb_schema_url, KB,
                                 lambda doc, links: kb_document(doc, links, self.kb_schema_url)),
        }

    def identifier(self, doc_id: str) -> str:
        return f"oai:{self.repository_id}:{doc_id}"

    def doc_id(self, identifier: str) -> str:
        prefix = f"oai:{self.repository_id}:"
        doc_id = identifier[len(prefix):] if identifier.startswith(prefix) else ""
        if not re.fullmatch(r"[0-9a-f]{16}", doc_id):
            raise ProtocolError("idDoesNotExist", f"{identifier!r} is not an identifier of this repository")
        return doc_id


# ------------------------------------------------------------ arguments

def _arguments(pairs: Sequence[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """The verb and the other arguments, or the badVerb / badArgument error."""
    verbs = [v for k, v in pairs if k == "verb"]
    if not verbs:
        raise ProtocolError("badVerb", "the request has no verb argument")
    if len(verbs) > 1:
        raise ProtocolError("badVerb", "the verb argument is repeated")
    verb = verbs[0]
    if verb not in VERBS:
        raise ProtocolError("badVerb", f"{clean(verb)[:60]!r} is not an OAI-PMH verb; the verbs are "
                                       + ", ".join(VERBS))
    args: dict[str, str] = {}
    for key, value in pairs:
        if key == "verb":
            continue
        if key in args:
            raise ProtocolError("badArgument", f"the argument {clean(key)[:40]!r} is repeated")
        args[key] = value
    required, optional, exclusive = VERBS[verb]
    allowed = required | optional | ({exclusive} if exclusive else set())
    for key in args:
        if key not in allowed:
            raise ProtocolError("badArgument", f"{verb} takes no argument {clean(key)[:40]!r}"
                                + (f"; it takes {', '.join(sorted(allowed))}" if allowed else ""))
    if exclusive and exclusive in args:
        if len(args) > 1:
            raise ProtocolError("badArgument", f"{exclusive} is an exclusive argument: "
                                               "nothing but the verb may go with it")
        return verb, args
    missing = sorted(required - set(args))
    if missing:
        raise ProtocolError("badArgument", f"{verb} needs the argument {', '.join(missing)}")
    if "metadataPrefix" in args and not _PREFIX.match(args["metadataPrefix"]):
        raise ProtocolError("badArgument", "metadataPrefix has characters a prefix cannot have")
    if "set" in args and not _SET.match(args["set"]):
        raise ProtocolError("badArgument", "set is not a setSpec (parts of unreserved characters "
                                           "separated by colons)")
    return verb, args


def _date(name: str, value: str, end: bool) -> str:
    """A from/until value at the repository's granularity: a day is its
    first second (from) or its last (until)."""
    if _SECOND.match(value):
        fmt = "%Y-%m-%dT%H:%M:%SZ"
    elif _DAY.match(value):
        fmt = "%Y-%m-%d"
    else:
        raise ProtocolError("badArgument", f"{name} must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, "
                                           f"not {clean(value)[:40]!r}")
    try:
        datetime.strptime(value, fmt)
    except ValueError:
        raise ProtocolError("badArgument", f"{name} is not a date: {clean(value)[:40]!r}") from None
    if fmt == "%Y-%m-%d":
        return value + ("T23:59:59Z" if end else "T00:00:00Z")
    return value


def selection(args: dict[str, str]) -> Selection:
    start, end = args.get("from"), args.get("until")
    if start and end and len(start) != len(end):
        raise ProtocolError("badArgument", "from and until must have the same granularity")
    chosen = Selection(set_spec=args.get("set") or None,
                       from_=_date("from", start, False) if start is not None else None,
                       until=_date("until", end, True) if end is not None else None)
    if chosen.from_ and chosen.until and chosen.from_ > chosen.until:
        raise ProtocolError("badArgument", "from is later than until")
    return chosen


# ------------------------------------------------------------ tokens

@dataclass(frozen=True)
class Token:
    verb: str
    prefix: str
    selection: Selection
    after: tuple[str, str]           # the (datestamp, id) the last page ended with
    cursor: int                      # records sent before the next page
    expires: str

    def encode(self) -> str:
        data = {"v": self.verb, "m": self.prefix, "s": self.selection.set_spec,
                "f": self.selection.from_, "u": self.selection.until,
                "a": list(self.after), "c": self.cursor, "e": self.expires}
        raw = json.dumps(data, separators=(",", ":")).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, value: str, verb: str, now: str) -> "Token":
        bad = ProtocolError("badResumptionToken", "the resumption token is not one this repository "
                                                  "issued; start the list again without it")
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            data = json.loads(raw)
        except (binascii.Error, ValueError):
            raise bad from None
        if not isinstance(data, dict) or data.get("v") != verb:
            raise bad
        strings = [data.get(k) for k in ("s", "f", "u")]
        after, cursor, expires, prefix = data.get("a"), data.get("c"), data.get("e"), data.get("m")
        if (not all(s is None or isinstance(s, str) for s in strings)
                or not (isinstance(after, list) and len(after) == 2 and all(isinstance(a, str) for a in after))
                or not isinstance(cursor, int) or isinstance(cursor, bool) or cursor < 0
                or not isinstance(expires, str) or not _SECOND.match(expires)
                or not isinstance(prefix, str) or not _PREFIX.match(prefix)
                or not all(d is None or _SECOND.match(d) for d in strings[1:])
                or (strings[0] is not None and not _SET.match(strings[0]))):
            raise bad
        if expires < now:
            raise ProtocolError("badResumptionToken", f"the resumption token expired at {expires}; "
                                                      "start the list again without it")
        return cls(verb, prefix, Selection(*strings), (after[0], after[1]), cursor, expires)


# ------------------------------------------------------------ responses

def _el(parent: ET._Element, tag: str, text: object = None, **attrib: str) -> ET._Element:
    element = ET.SubElement(parent, f"{{{OAI}}}{tag}", {k: clean(v) for k, v in attrib.items()})
    if text is not None:
        element.text = clean(text)
    return element


class Provider:
    def __init__(self, repo: Repository):
        self.repo = repo
        self.formats = repo.formats()

    def respond(self, pairs: Sequence[tuple[str, str]]) -> bytes:
        """The response to one request, as UTF-8 XML."""
        now = self.repo.now()
        root = ET.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", f"{OAI} {OAI_SCHEMA}")
        _el(root, "responseDate", stamp(now))
        request = _el(root, "request", self.repo.base_url)
        try:
            verb, args = _arguments(pairs)
            body = getattr(self, verb)(args, stamp(now), now)
        except ProtocolError as error:
            body = ET.Element(f"{{{OAI}}}error", code=error.code)
            body.text = clean(error.message)
            if error.code in ("badVerb", "badArgument"):
                # the request was not understood: it is echoed without arguments
                root.append(body)
                return self._bytes(root)
        request.set("verb", verb)
        for key, value in args.items():
            request.set(key, clean(value))
        root.append(body)
        return self._bytes(root)

    @staticmethod
    def _bytes(root: ET._Element) -> bytes:
        return ET.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    # -- the verbs

    def Identify(self, args, now: str, _when) -> ET._Element:
        repo = self.repo
        body = ET.Element(f"{{{OAI}}}Identify")
        _el(body, "repositoryName", repo.name)
        _el(body, "baseURL", repo.base_url)
        _el(body, "protocolVersion", "2.0")
        _el(body, "adminEmail", repo.admin_email)
        _el(body, "earliestDatestamp", repo.register.earliest() or now)
        _el(body, "deletedRecord", "persistent")
        _el(body, "granularity", GRANULARITY)
        return body

    def ListMetadataFormats(self, args, now: str, _when) -> ET._Element:
        if "identifier" in args:
            self._header(args["identifier"])       # idDoesNotExist when unknown
        body = ET.Element(f"{{{OAI}}}ListMetadataFormats")
        for fmt in self.formats.values():
            entry = _el(body, "metadataFormat")
            _el(entry, "metadataPrefix", fmt.prefix)
            _el(entry, "schema", fmt.schema)
            _el(entry, "metadataNamespace", fmt.namespace)
        return body

    def ListSets(self, args, now: str, _when) -> ET._Element:
        if "resumptionToken" in args:
            raise ProtocolError("badResumptionToken", "the list of sets is sent whole; "
                                                      "it has no resumption tokens")
        sets = self.repo.register.sets()
        if not sets:
            raise ProtocolError("noSetHierarchy", "the repository holds no records yet, so it has no sets")
        body = ET.Element(f"{{{OAI}}}ListSets")
        for spec, name in sets:
            entry = _el(body, "set")
            _el(entry, "setSpec", spec)
            _el(entry, "setName", name)
        return body

    def GetRecord(self, args, now: str, _when) -> ET._Element:
        fmt = self._format(args["metadataPrefix"])
        header = self._header(args["identifier"])
        body = ET.Element(f"{{{OAI}}}GetRecord")
        record = self._record(header, fmt)
        if record is None:
            raise ProtocolError("idDoesNotExist", f"{args['identifier']!r} is not in the index just now")
        body.append(record)
        return body

    def ListIdentifiers(self, args, now: str, when) -> ET._Element:
        return self._list("ListIdentifiers", args, now, when)

    def ListRecords(self, args, now: str, when) -> ET._Element:
        return self._list("ListRecords", args, now, when)

    # -- the parts

    def _format(self, prefix: str) -> MetadataFormat:
        fmt = self.formats.get(prefix)
        if fmt is None:
            raise ProtocolError("cannotDisseminateFormat", f"{clean(prefix)[:40]!r} is not a format of this "
                                f"repository; the formats are {', '.join(self.formats)}")
        return fmt

    def _header(self, identifier: str) -> Header:
        header = self.repo.register.header(self.repo.doc_id(identifier))
        if header is None:
            raise ProtocolError("idDoesNotExist", f"{clean(identifier)[:80]!r} is not an identifier "
                                                  "of this repository")
        return header

    def _header_element(self, header: Header, deleted: bool) -> ET._Element:
        element = ET.Element(f"{{{OAI}}}header")
        if deleted:
            element.set("status", "deleted")
        _el(element, "identifier", self.repo.identifier(header.id))
        _el(element, "datestamp", header.datestamp)
        for spec in header.sets:
            _el(element, "setSpec", spec)
        return element

    def _record(self, header: Header, fmt: MetadataFormat | None) -> ET._Element | None:
        """A record (`fmt`) or a header (None); None when a live record's
        document is not in the index (it is being replaced)."""
        doc = None if header.deleted else self.repo.document(header.id)
        deleted = header.deleted or (doc is not None and is_hidden(doc))
        if not deleted and doc is None:
            return None
        head = self._header_element(header, deleted)
        if fmt is None:
            return head
        record = ET.Element(f"{{{OAI}}}record")
        record.append(head)
        if not deleted:
            metadata = _el(record, "metadata")
            metadata.append(fmt.write(doc, self.repo.links(doc)))
        return record

    def _list(self, verb: str, args: dict[str, str], now: str, when: datetime) -> ET._Element:
        if "resumptionToken" in args:
            token = Token.decode(args["resumptionToken"], verb, now)
            fmt = self._format(token.prefix)
            chosen, after, cursor = token.selection, token.after, token.cursor
        else:
            fmt = self._format(args["metadataPrefix"])
            chosen, after, cursor = selection(args), None, 0
        register, size = self.repo.register, self.repo.page_size
        headers = register.headers(chosen, after, size + 1)
        if not headers and after is None:
            raise ProtocolError("noRecordsMatch", "no records match the request's set and dates")
        more = len(headers) > size
        headers = headers[:size]
        body = ET.Element(f"{{{OAI}}}{verb}")
        items = [self._record(header, fmt if verb == "ListRecords" else None) for header in headers]
        items = [item for item in items if item is not None]
        if not items:
            # every record of the page left the index a moment ago: a list
            # needs one record at least, and there is none to send
            raise ProtocolError("noRecordsMatch", "no records match the request's set and dates")
        for item in items:
            body.append(item)
        if after is not None or more:
            # the list's size now (a record that changed during the harvest
            # is met twice, so the cursor may pass it)
            total = max(register.count(chosen), cursor + len(headers))
            attrs = {"completeListSize": str(total), "cursor": str(cursor)}
            if more:
                last = headers[-1]
                expires = stamp(when + TOKEN_LIFETIME)
                token = Token(verb, fmt.prefix, chosen, (last.datestamp, last.id),
                              cursor + len(headers), expires)
                _el(body, "resumptionToken", token.encode(), expirationDate=expires, **attrs)
            else:                # the last page: an empty token says the list is complete
                _el(body, "resumptionToken", None, **attrs)
        return body
