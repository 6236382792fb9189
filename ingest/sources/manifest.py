"""A manifest: a CSV or JSON list of files (or URLs) with curated metadata.

Columns / keys: path (or url), title, countries, doc_type (or type), year,
topics, language, source, organisation. Lists are separated by `;` (or `,`).
Curated values are checked here, so a typo is reported against its row rather
than indexed as a facet value nobody can find.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any, Iterator

import pycountry

from kb.errors import UsageError
from kb.protocols import Hints, Item
from kb.models import OUTCOMES, PRACTICE_FIELDS
from kb.taxonomy import doctypes, topics
from ingest.fetch import fetch_url
from ingest.sources import failing_item
from ingest.sources.folder import file_item, inside, source_name_origin

FIELDS = ("title", "countries", "doc_type", "year", "topics", "language", "source", "organisation")
# A curator's override of near-duplicate detection: the files (`;`-separated
# paths or URLs of other rows) this row's file is not another format or copy of.
APART = "not_duplicate_of"
ALIASES = {"type": "doc_type", "document_type": "doc_type", "country": "countries",
           "topic": "topics", "organization": "organisation", "lang": "language", "url": "path",
           "uri": "path", "file": "path", "not_duplicate": APART}


class ManifestError(UsageError):
    pass


def _split(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    sep = ";" if ";" in str(value) else ","
    return [v.strip() for v in str(value).split(sep) if v.strip()]


def country_code(value: str) -> str:
    """ISO alpha-3 from an alpha-2/alpha-3 code or a name pycountry knows."""
    try:
        country = pycountry.countries.lookup(value.strip())
    except LookupError:
        raise ManifestError(f"unknown country {value!r}") from None
    return country.alpha_3


def curated_fields(row: dict[str, Any]) -> dict[str, Any]:
    """The curated values of one row, checked and normalised."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        key = ALIASES.get(key.strip().lower(), key.strip().lower()) if key else key
        if key and key.startswith("practice_") and key[len("practice_"):] in PRACTICE_FIELDS:
            if value not in (None, ""):
                if key == "practice_outcome" and str(value).strip() not in OUTCOMES:
                    raise ManifestError(f"practice_outcome {value!r} is not one of {', '.join(OUTCOMES)}")
                out.setdefault("practice", {})[key[len("practice_"):]] = str(value).strip()
            continue
        if key not in FIELDS or value in (None, "", []):
            continue
        if key == "countries":
            out[key] = tuple(dict.fromkeys(country_code(v) for v in _split(value)))
        elif key == "topics":
            slugs = tuple(_split(value))
            unknown = [s for s in slugs if s not in topics.TOPICS]
            if unknown:
                raise ManifestError(f"unknown topic {unknown[0]!r}")
            out[key] = slugs
        elif key == "doc_type":
            slug = str(value).strip()
            if slug not in doctypes.DOC_TYPES:
                raise ManifestError(f"unknown document type {slug!r}; one of {', '.join(doctypes.DOC_TYPES)}")
            out[key] = slug
        elif key == "year":
            try:
                out[key] = int(str(value).strip())
            except ValueError:
                raise ManifestError(f"year {value!r} is not a year") from None
        elif key == "language":
            lang = str(value).strip().lower()
            if pycountry.languages.get(alpha_2=lang) is None:
                raise ManifestError(f"language {value!r} is not an ISO 639-1 code")
            out[key] = lang
        else:
            out[key] = str(value).strip()
    return out


def read_rows(path: Path) -> list[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read manifest {path}: {exc}") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"manifest {path} is not valid JSON: {exc}") from None
        rows = data.get("documents", data) if isinstance(data, dict) else data
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise UsageError(f"manifest {path}: expected a list of objects")
        return rows
    return list(csv.DictReader(io.StringIO(text)))


class ManifestSource:
    def __init__(self, path: Path, name: str | None = None, max_bytes: int = 100 * 1024 * 1024,
                 name_origin: str | None = None):
        self.path = Path(path).resolve()
        if not self.path.is_file():
            raise UsageError(f"manifest {path} not found")
        self.rows = read_rows(self.path)
        self.root = self.path.parent        # listed files must be in it or below it
        self.name = name or self.path.parent.name
        self.name_origin = source_name_origin(name, name_origin, "the manifest's folder name")
        self.max_bytes = max_bytes

    def __len__(self) -> int:
        return len(self.rows)

    def _apart(self, value: Any) -> tuple[str, ...]:
        """`not_duplicate_of`: the other rows (paths as in `path`, or URLs)
        this row's file must never be grouped with, as the URIs ingest stores."""
        uris = []
        for ref in _split(value):
            if ref.startswith(("http://", "https://")):
                uris.append(ref)
            elif "://" not in ref:
                uris.append(str((self.root / ref).resolve()))
        return tuple(dict.fromkeys(uris))

    def items(self) -> Iterator[Item]:
        for number, row in enumerate(self.rows, start=2 if self.path.suffix.lower() != ".json" else 1):
            row = {ALIASES.get(k.strip().lower(), k.strip().lower()): v for k, v in row.items() if k}
            target = str(row.get("path") or "").strip()
            where = f"{self.path.name} row {number}"
            if not target:
                yield failing_item(f"{self.path}#row{number}", ManifestError(f"{where}: no path or url"))
                continue
            try:
                curated = curated_fields(row)
            except ManifestError as exc:
                yield failing_item(target, ManifestError(f"manifest: {where}: {exc}"))
                continue
            apart = self._apart(row.get(APART))
            if apart:
                curated[APART] = apart
            # No "source" column: the job's source name labels the document
            # (the pipeline says where that name came from, not "the manifest").
            if target.startswith(("http://", "https://")):
                yield Item(uri=target, fetch=lambda t=target: fetch_url(t, self.max_bytes),
                           hints=Hints(name=target.rsplit("/", 1)[-1]), curated=curated)
                continue
            if "://" in target:
                yield failing_item(target, ManifestError(f"manifest: {where}: only http and https URLs are fetched"))
                continue
            given = self.root / target
            if not inside(given, self.root):
                yield failing_item(target, ManifestError(
                    f"outside the manifest's folder: {where}: a manifest lists files in its own folder "
                    f"or below it (symbolic links followed), or http/https URLs"))
                continue
            file = given.resolve()
            if not file.is_file():
                problem = "not a regular file" if file.exists() else "no such file"
                yield failing_item(str(file), ManifestError(f"missing: {where}: {problem}"))
                continue
            yield file_item(file, curated)
