"""Reading what a person sees out of the server's HTML, for the tests, and
the harvested document more than one test module shows."""
from __future__ import annotations

import gzip
import re

from kb.models import Document
from tests.conftest import make_document

RECORD = ("http://repo.example.org/oai?verb=GetRecord&metadataPrefix=oai_dc"
          "&identifier=oai%3Arepo%3A42")
FILE = "http://files.example.org/papers/42.pdf"


def oai_document() -> Document:
    """A harvested OAI-PMH record that names its PDF (`FILE`), with country
    mentions besides the country it is about."""
    # the keys ingest/sources/oai.py and ingest/pipeline.py store
    return make_document(
        uri=RECORD, title="Pacific connectivity review", format="pdf",
        pages=("Fiji and Australia share a cable.", "Australia funds the portal.",
               "New Zealand is named once."),
        countries=("FJI",),
        extra={
            "provenance": {
                "source": "Pacific repository", "uri": RECORD,
                "fetched_at": "2024-06-02T08:30:00+00:00",
                "validators": {
                    "oai-identifier": "oai:repo:42", "oai-datestamp": "2024-05-30",
                    "url": FILE, "fetched": "2024-06-02T08:30:00+00:00",
                    "etag": '"abc123"', "last-modified": "Thu, 30 May 2024 10:00:00 GMT",
                    "content-type": "application/pdf", "full-text": FILE,
                },
            },
            "country_mentions": {
                "FJI": {"count": 3, "pages": [1], "in_title": False},
                "AUS": {"count": 4, "pages": [1, 2], "in_title": False},
                "NZL": {"count": 1, "pages": [3], "in_title": False},
                "TON": {"count": 0, "pages": [], "in_title": True},
            },
        })


_FACET_ROW = re.compile(
    r'name="(?P<facet>[^"]+)" value="(?P<value>[^"]*)"(?P<checked> checked)?>'
    r'<label[^>]*>.*?<span class="n">(?P<count>\d+)</span>')
_TOTAL = re.compile(r'<h1 id="rh"[^>]*>(?P<n>[\d,]+) document')
_HIT_TITLE = re.compile(r'<li class="hit">\s*<h2><a href="[^"]+"[^>]*>(?P<title>.*?)</a></h2>', re.S)


def facet_counts(html: str, facet: str) -> dict[str, int]:
    """value -> count shown beside the checkbox of that value."""
    return {m["value"]: int(m["count"]) for m in _FACET_ROW.finditer(html) if m["facet"] == facet}


def checked_values(html: str, facet: str) -> set[str]:
    return {m["value"] for m in _FACET_ROW.finditer(html) if m["facet"] == facet and m["checked"]}


def total(html: str) -> int:
    m = _TOTAL.search(html)
    assert m, "no result count heading on the page"
    return int(m["n"].replace(",", ""))


def hit_titles(html: str) -> list[str]:
    return [m["title"] for m in _HIT_TITLE.finditer(html)]


def wire_size(client, path: str) -> int:
    """Bytes a gzip-accepting client receives for `path`; checks it was gzipped."""
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, path
    assert response.headers.get("Content-Encoding") == "gzip", path
    body = response.get_data()
    gzip.decompress(body)            # really gzip
    return len(body)
